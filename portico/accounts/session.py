"""What a signed-in session holds: who the identity service says this is, nothing more.

Authorization is never read from here alone: the middleware looks the membership up again on
every request, so removing a member takes effect at their next click.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

SESSION_KEY = "portico_principal"


@dataclass(frozen=True)
class SessionPrincipal:
    kind: Literal["staff", "client"]
    sub: str
    firm_id: str
    sid: str
    id_token: str
    exp: int
    contact_id: str = ""
    # When Portico started this session (Unix seconds): a sign-in cutoff after it ends it
    # (portico/accounts/revocation.py). Sessions from before this field read as 0: cut off by any.
    signed_in_at: float = 0.0

    @classmethod
    def from_session(cls, session) -> SessionPrincipal | None:
        data = session.get(SESSION_KEY)
        if not data:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    def store(self, session) -> None:
        session[SESSION_KEY] = asdict(self)
