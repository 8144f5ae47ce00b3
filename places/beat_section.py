"""The addresses a beat covers, on the beat's page (a section, see core/sections.py)."""

from .models import Address


def covered_addresses(beat, user):
    """Where the beat is set: each such address and everything below it is the beat's."""
    covered = Address.objects.visible_to(user).filter(beat_override=beat).order_by("path")
    return {
        "addresses": covered.values("pk", "full_name")[:50],
        "more": max(covered.count() - 50, 0),
        "total": Address.objects.visible_to(user).filter(beat=beat).count(),
    }
