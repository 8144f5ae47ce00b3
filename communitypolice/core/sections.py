"""Sections that apps above a model add to its page.

A person's page shows their incidents and visits, but residents cannot import
incidents (dependencies point one way). So incidents registers a section for the
Person page here in its AppConfig.ready(): a template, and a function giving that
template what it shows for one record and one user (scoped with visible_to, as
every query behind a page is). The page includes whatever is registered for its model.
"""

from collections import defaultdict

_sections = defaultdict(list)


def register(model, template, context=None):
    """``context(record, user)`` returns the template's ``section`` values."""
    entry = (template, context)
    if entry not in _sections[model]:
        _sections[model].append(entry)


def sections_for(record, user):
    """[(template, values)] for the record's page."""
    return [
        (template, context(record, user) if context else {})
        for template, context in _sections[type(record)]
    ]
