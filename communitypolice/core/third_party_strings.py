"""Strings shown by third-party apps that ship no Simplified Chinese catalogue.

django-auditlog has no zh_Hans translation, and django-filter only zh_CN, which
the zh-hans locale never loads. Marking their visible strings here keeps them in
our own catalogue (locale/zh_Hans), where makemessages finds them.
"""

from django.utils.translation import gettext_noop

AUDITLOG = [
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
]

# django-filter's BooleanFilter offers "Unknown" beside Yes and No.
DJANGO_FILTER = [
    gettext_noop("Unknown"),
]
