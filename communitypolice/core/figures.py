"""Figures that apps above ``assignments`` count per beat or per officer.

A beat's size and complexity (people, rentals, key persons, incidents …) and an
officer's week (households visited …) are counted in the apps that own those
records, but read by ``assignments`` (the allocation advisor, weekly targets), by
``reports`` and by the dashboards. Dependencies point one way, so each owning app
registers its counters here in ``AppConfig.ready()``; readers ask for every
registered figure at once.

A counter is one aggregate query (``values(...).annotate(...)``) over all the beats
or officers asked for, returning ``{id: {key: n}}`` for the keys it registered: the
number of queries grows with the number of figures, never with beats or rows.
"""

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # lazy translation
    order: int


_beat = {}  # counter -> [Figure]
_officer = {}


def register_beat_figures(figures, counter):
    """``counter(beat_ids)`` (a queryset of beat ids) -> {beat_id: {key: n}}."""
    _beat[counter] = [Figure(*figure) for figure in figures]


def register_officer_figures(figures, counter):
    """``counter(officer_ids, start, end)`` (dates, inclusive) -> {officer_id: {key: n}}."""
    _officer[counter] = [Figure(*figure) for figure in figures]


def figure_counters():
    """The registered beat counters: each is one query when figures are read."""
    return list(_beat)


def beat_figure_list():
    """Every registered beat figure, in display order."""
    return sorted((f for figures in _beat.values() for f in figures), key=lambda f: f.order)


def officer_figure_list():
    return sorted((f for figures in _officer.values() for f in figures), key=lambda f: f.order)


def _collect(registry, ids, *args):
    values = defaultdict(dict)
    keys = [f.key for figures in registry.values() for f in figures]
    for counter in registry:
        for owner_id, counts in counter(ids, *args).items():
            values[owner_id].update(counts)
    return {
        owner_id: {key: counts.get(key, 0) for key in keys} for owner_id, counts in values.items()
    }, keys


def figures_for(ids, values, keys):
    """Fill in zeros for the ids a counter did not return."""
    return {i: values.get(i, dict.fromkeys(keys, 0)) for i in ids}


def beat_figures_for(beats):
    """{beat_id: {key: n}} for the given beats (a queryset or list), zeros included."""
    ids = [beat.pk for beat in beats]
    values, keys = _collect(_beat, ids)
    return figures_for(ids, values, keys)


def officer_figures_for(officer_ids, start, end):
    """{officer_id: {key: n}} from ``start`` to ``end`` (dates, inclusive), zeros included."""
    officer_ids = list(officer_ids)
    values, keys = _collect(_officer, officer_ids, start, end)
    return figures_for(officer_ids, values, keys)
