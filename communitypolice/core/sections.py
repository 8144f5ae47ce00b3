"""Sections that apps above a model add to its page.

A person's page shows their incidents and visits, but residents cannot import
incidents (dependencies point one way). So incidents registers a section for the
Person page here in its AppConfig.ready(): a template, and a function giving that
template what it shows for one record and one user (scoped with visible_to, as
every query behind a page is). The page includes whatever is registered for its model.
"""

from collections import defaultdict

_sections = defaultdict(list)


def register(model, template, context=None, order=0):
    """``context(record, user)`` returns the template's ``section`` values. Sections
    show in ``order``, then in the order they were registered: a section of a lower
    app that belongs at the foot of the page (the verification history) says so."""
    entry = (order, template, context)
    if entry not in _sections[model]:
        _sections[model].append(entry)
        _sections[model].sort(key=lambda entry: entry[0])


def sections_for(record, user):
    """[(template, values)] for the record's page."""
    return [
        (template, context(record, user) if context else {})
        for _order, template, context in _sections[type(record)]
    ]
