"""The report catalogue: every report a higher unit asks for, one class per file.

Adding a report is adding one module in this package with a ``Report`` subclass
decorated with ``@register`` (see ``base.py``); every module here is imported when
the package is, so nothing else needs to know about it.
"""

import importlib
import pkgutil

from django.http import Http404

_reports = {}


def register(cls):
    """Class decorator: put a report into the catalogue under its ``code``."""
    if not cls.code:
        raise ValueError(f"{cls.__name__} has no code")
    if cls.code in _reports and type(_reports[cls.code]) is not cls:
        raise ValueError(f"Two reports share the code {cls.code!r}")
    _reports[cls.code] = cls()
    return cls


def get(code):
    """The report with this code; KeyError if there is none."""
    return _reports[code]


def get_or_404(code):
    try:
        return _reports[code]
    except KeyError:
        raise Http404 from None


def all_reports():
    """Every report, in catalogue order."""
    return sorted(_reports.values(), key=lambda report: (report.order, report.code))


def _import_all():
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_import_all()
