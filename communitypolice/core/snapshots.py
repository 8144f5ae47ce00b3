"""Dashboard figures that take long to count, kept for a while with their age shown.

A station's overview counts every person, house and check of 170,000 residents; at a
district's size that takes seconds, on the demo station milliseconds. ``snapshot`` runs
the counting and remembers how long it took. Figures quick to count are counted again on
every view (the page is always "now"). Figures that took longer than
``settings.DASHBOARD_SNAPSHOT_SECONDS`` are kept for ``MAX_AGE`` and shown "as of" the
time they were counted, with a button to count them again; ``refresh_snapshots`` (a
periodic task) counts them again before they age, so that nobody waits for them.

The figures are kept in Django's cache: Redis where there is one, shared by every web
process; otherwise each process's memory.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

# Seconds a kept snapshot is shown before it is counted again on the next view.
MAX_AGE = 10 * 60
# The keys of the slow snapshots, for refresh_snapshots: {key: (kind, arguments)}.
SLOW_KEYS = "snapshots:slow"


@dataclass
class Snapshot:
    value: object
    as_of: object  # an aware datetime
    seconds: float

    @property
    def kept(self):
        """Whether the figures are kept (and the page offers to count them again)."""
        slow = settings.DASHBOARD_SNAPSHOT_SECONDS
        return slow is not None and self.seconds >= slow


_kinds = {}


def register(kind):
    """Name a function that computes figures, so that refresh_snapshots can call it again
    with the same arguments (ids and other plain values)."""

    def decorator(compute):
        _kinds[kind] = compute
        return compute

    return decorator


def snapshot(kind, *args, refresh=False, **loaded):
    """The figures of ``kind`` for ``args``: kept ones while they are fresh enough, else
    counted now (and kept when that was slow). ``loaded``: objects the caller has already
    read that the counting would otherwise read again from ``args`` (the user)."""
    key = f"snapshot:{kind}:{':'.join(map(str, args))}"
    kept = None if refresh else cache.get(key)
    age = (timezone.now() - kept.as_of).total_seconds() if kept else None
    if kept and kept.kept and age < MAX_AGE:
        return kept
    return _count(key, kind, args, loaded)


def _count(key, kind, args, loaded=None):
    as_of, start = timezone.now(), time.monotonic()
    fresh = Snapshot(_kinds[kind](*args, **(loaded or {})), as_of, time.monotonic() - start)
    if settings.DASHBOARD_SNAPSHOT_SECONDS is None:
        return fresh  # nothing is ever kept
    slow = cache.get(SLOW_KEYS, {})
    if fresh.kept:
        cache.set(key, fresh, MAX_AGE * 2)
        slow[key] = (kind, args)
    else:
        cache.delete(key)
        slow.pop(key, None)
    cache.set(SLOW_KEYS, slow, None)
    return fresh


def refresh_snapshots(older_than=MAX_AGE / 2):
    """Count again the slow snapshots older than ``older_than`` seconds."""
    counted = 0
    for key, (kind, args) in dict(cache.get(SLOW_KEYS, {})).items():
        kept = cache.get(key)
        if kept is None or (timezone.now() - kept.as_of).total_seconds() >= older_than:
            _count(key, kind, args)
            counted += 1
    return counted
