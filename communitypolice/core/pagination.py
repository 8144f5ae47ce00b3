"""Pages of a list that stay fast at district size.

A list's page counts its records, and an exact ``COUNT(*)`` of a station's 170,000
people on every page costs more than the page itself. ``CappedPaginator`` counts up to
``CAP`` records: past that the list says "more than 10,000" and asks for a narrower
search, and its pages stop there. A page number past the end shows the last page.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    cap = CAP

    @cached_property
    def count(self):
        """The number of records, or ``cap + 1`` when there are more than ``cap``."""
        if hasattr(self.object_list, "values"):
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return min(len(self.object_list), self.cap + 1)

    @property
    def capped(self):
        """Whether there are more records than were counted."""
        return self.count > self.cap


def page_of(object_list, request, per_page):
    """The page of ``object_list`` that ``?page=`` asks for (the last one when past the
    end, the first when not a number)."""
    return CappedPaginator(object_list, per_page).get_page(request.GET.get("page"))
