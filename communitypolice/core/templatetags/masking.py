"""Masking of ID and phone numbers: every list and export shows them masked."""

from django import template

register = template.Library()


@register.filter
def mask_id(value):
    """110105********123X: the area code and the last four characters remain."""
    value = str(value or "")
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


@register.filter
def mask_phone(value):
    """138****5678 for a mobile; a landline keeps its area code and last four digits."""
    value = str(value or "")
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
