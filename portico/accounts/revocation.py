"""End a person's Portico sessions and staff access tokens, for good.

`end_sessions_and_tokens(sub=..., firm_id=..., reason=...)` records a cutoff: every session
that signed in before it and every staff access token with `iat` before it is refused (by the
middleware and the staff API's bearer check), even if access is granted again later, and even
when the person keeps a grant at another firm (a cutoff names one firm, or None for every firm).

The cutoffs live in `tenancy` so that apps below this one (portal's revoke) can record them too.
"""

from __future__ import annotations

from portico.tenancy.revocation import cutoff_for, end_sessions_and_tokens, issued_before_cutoff

__all__ = ["cutoff_for", "end_sessions_and_tokens", "issued_before_cutoff"]
