"""The form renderer: Django's, with its plainest widgets drawn in Python.

Django draws every widget through templates: a ``<select>`` of 12 choices is 26
template renders (the select, each option, each option's attributes). The filter bar of
a list has up to ten fields and is drawn on every page view, so the inputs and selects
whose templates Django ships are written here instead, with the same markup; any other
template (the pickers', a project override, radio lists) is rendered as Django would.
"""

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "date",
        "datetime",
        "email",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}
SELECTS = {"django/forms/widgets/select.html"}


def draw_input(widget):
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', value) if value is not None else "",
        flatatt(widget["attrs"]),
    )


def draw_option(option):
    return format_html(
        '\n  <option value="{}"{}>{}</option>',
        option["value"],
        flatatt(option["attrs"]),
        option["label"],
    )


def draw_select(widget):
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        # Each option was escaped by format_html (draw_option).
        options = mark_safe("".join(draw_option(o) for o in group_choices))  # nosec B308 B703
        if group_name:
            parts.append(
                format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, options)
            )
        else:
            parts.append(options)
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        flatatt(widget["attrs"]),
        # Each part was escaped by format_html.
        mark_safe("".join(parts)),  # nosec B308 B703
    )


class WidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return draw_input(context["widget"])
        if template_name in SELECTS:
            return draw_select(context["widget"])
        return super().render(template_name, context, request)
