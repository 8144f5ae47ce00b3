"""A register record's marks, drawn once per row of a list."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturalday
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from communitypolice.core import pagination

register = template.Library()


@register.filter
def capped(count, more=False):
    """A count that stopped at ``CAP`` (``core/pagination.py``): "1000+" past it, or
    whenever ``more`` says that some of what it adds up stopped there."""
    cap = pagination.CAP
    return f"{min(count, cap)}+" if count > cap or more else count


@register.filter
def verified_badge(record):
    """When the record was last checked (its date on hover), or that it never was."""
    if not record.verified_at:
        return format_html('<span class="badge text-bg-warning">{}</span>', _("never verified"))
    when = localtime(record.verified_at)
    return format_html(
        '<span class="badge text-bg-light border" title="{}"><i class="bi bi-patch-check '
        'text-success" aria-hidden="true"></i> {}</span>',
        date_format(when, "Y-m-d H:i"),
        _("verified %(when)s") % {"when": naturalday(when)},
    )
