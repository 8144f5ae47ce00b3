"""Pages of a list that stay fast at district size.

A list's page counts its records, and an exact ``COUNT(*)`` of a station's 170,000
people on every page costs more than the page itself. ``CappedPaginator`` counts up to
``CAP`` records: past that the list says "more than 1,000" and asks for a narrower
search, and its pages stop there. A page number past the end shows the last page.

A page is read in two steps: the ids of its records in the list's order, without the
joins its rows show (the database finds and sorts the matches on the register's own
table and indexes), then those records with their joins by id.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 1_000


def capped_count(queryset, cap=None):
    """The number of records, or ``cap + 1`` (default ``CAP + 1``) when there are more
    than ``cap``: the database stops counting there."""
    cap = CAP if cap is None else cap
    return queryset.order_by().values("pk")[: cap + 1].count()


def records_in_order(queryset, start, stop):
    """``queryset[start:stop]``, read in two steps: the ids in the queryset's order
    without its joins, then those records with their joins."""
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    records = queryset.order_by().in_bulk(ids)
    return [records[pk] for pk in ids if pk in records]


class CappedPaginator(Paginator):
    cap = CAP

    @cached_property
    def count(self):
        """The number of records, or ``cap + 1`` when there are more than ``cap``."""
        if hasattr(self.object_list, "values"):
            return capped_count(self.object_list, self.cap)
        return min(len(self.object_list), self.cap + 1)

    def page(self, number):
        number = self.validate_number(number)
        if not hasattr(self.object_list, "values_list"):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        records = records_in_order(self.object_list, bottom, bottom + self.per_page)
        return self._get_page(records, number, self)

    @property
    def capped(self):
        """Whether there are more records than were counted."""
        return self.count > self.cap


def page_of(object_list, request, per_page):
    """The page of ``object_list`` that ``?page=`` asks for (the last one when past the
    end, the first when not a number)."""
    return CappedPaginator(object_list, per_page).get_page(request.GET.get("page"))
