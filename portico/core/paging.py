"""Pages of a long list that cost the same however long the list is.

Django's Paginator counts every row to say "page 3 of 400", which for a firm with tens of
thousands of contacts or cases is most of the page's work. `CappedPaginator` counts only a
few pages past the one asked for: up to there the figures are exact, beyond it the page says
"more than" (`paginator.more`), and asking for a later page counts that much further.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

LOOK_AHEAD_PAGES = 10


def page_number(value) -> int:
    """The page asked for (`?page=`), 1 when it is not a number."""
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 1


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page: int, *, asked, look_ahead: int | None = None):
        super().__init__(object_list, per_page)
        # Count up to the end of `look_ahead` pages past the asked page.
        ahead = LOOK_AHEAD_PAGES if look_ahead is None else look_ahead
        self.cap = (min(page_number(asked), 10**6) + ahead) * per_page

    @cached_property
    def _counted(self) -> int:
        # One row past the cap tells whether there are more.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def more(self) -> bool:
        """Whether rows go on past `count` (which is then a lower bound)."""
        return self._counted > self.cap
