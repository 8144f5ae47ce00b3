"""What a record's page shows of its verification history (核实记录)."""

from .models import Verification

SHOWN = 10


def verification_history(record, user):
    """The newest checks of a record the user is looking at (the page has checked the
    user may see the record; its checks come with it), and how many there are."""
    checks = Verification.objects.of(record)
    newest = list(
        checks.select_related("checked_by", "beat")
        .prefetch_related("source")
        .order_by("-checked_at", "-pk")[:SHOWN]
    )
    count = checks.count() if len(newest) == SHOWN else len(newest)
    return {"checks": newest, "count": count, "shown": len(newest)}
