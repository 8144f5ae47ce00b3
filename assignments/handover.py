"""交接: what an officer leaving a beat was responsible for, handed to its new lead.

Key-person designations, care designations, open tips and disputes live in apps
above this one, so each registers a function here in its ``AppConfig.ready()``.
A function takes ``(leaving, beat, successor, on)``, moves what ``leaving`` holds in
``beat`` to ``successor`` (saving each record, so each change leaves an audit row)
and returns what it handed over as ``[(label, url)]``.
"""

from django.utils import translation

_handlers = []


def register(kind, handler):
    """``kind``: what the records are (a lazy translation: "key persons", "open tips")."""
    if (kind, handler) not in _handlers:
        _handlers.append((kind, handler))


def hand_over(leaving, beat, successor, on):
    """Run every handler; returns [{"kind", "label", "url"}] for the transfer's record."""
    items = []
    for kind, handler in _handlers:
        for label, url in handler(leaving, beat, successor, on):
            # The kind is kept as its message id and translated when shown.
            with translation.override("en"):
                kind_id = str(kind)
            items.append({"kind": kind_id, "label": str(label), "url": url})
    return items
