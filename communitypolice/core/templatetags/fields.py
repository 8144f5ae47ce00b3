"""A form field as Bootstrap draws it, for the filter bar of every list.

crispy-forms renders a field through several templates; a list's filter bar has up to
ten fields on every page view, so it takes this one call per field instead.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

WIDGET_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


@register.filter
def bootstrap_field(field):
    """The label, the widget and its errors of a bound field, with Bootstrap's classes."""
    widget = field.field.widget
    css = next(
        (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-control"
    )
    if field.errors:
        css += " is-invalid"
    rendered = field.as_widget(attrs={"class": css})
    errors = ""
    if field.errors:  # the id that Django's aria-describedby names
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
            field.auto_id,
            format_html_join(" ", "{}", ((error,) for error in field.errors)),
        )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div id="div_{}" class="form-check mb-3">{} <label class="form-check-label" '
            'for="{}">{}</label>{}</div>',
            field.auto_id,
            rendered,
            field.id_for_label,
            field.label,
            errors,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label class="form-label" for="{}">{}</label>{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        rendered,
        errors,
    )
