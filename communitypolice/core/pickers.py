"""Pickers: the form fields that pick a register record by searching for it.

A district's register holds 170,000 people, so no form lists a register in a
``<select>``. A picked field keeps its scoped queryset, so that a record outside the
user's scope fails validation with a message next to the field, but its widget renders
only the records chosen so far and a search box. As the user types, htmx asks the
register's picker endpoint for at most ``SHOWN`` matches, found by the register's own
``search(text)``; a match ticked joins the records chosen.

A register app defines its pickers (``places/pickers.py``, ``residents/pickers.py``) and
one endpoint for each: a view that checks the role and calls ``respond``.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# Matches shown at a time; one more is read to know whether to ask for a narrower search.
SHOWN = 20

NOT_OFFERED = _(
    "Choose a record the search offers: this one is not in your beats or cannot be chosen here."
)
MANY_NOT_OFFERED = _(
    "A record chosen is not in your beats or cannot be chosen here, and has been left "
    "out: check the list and save again."
)


@dataclass(frozen=True)
class Choice:
    """A record as a picker shows it: what names it, and what tells it from a namesake."""

    pk: int
    title: str
    details: tuple = ()


# The largest primary key a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def record_id(value):
    """``value`` as a primary key, or None for what cannot be one (letters, 0, a number
    beyond any column): a forged or mistyped id is no record, not an error."""
    text = str(getattr(value, "pk", value)).strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class Picker:
    """How the fields of one register pick its records.

    ``records(user)`` is what the user may choose, for the field's validation and the
    endpoint's search alike; ``choice(record)`` is how a record reads in the list, from
    the rows ``records`` selects with it.
    """

    url_name = None
    placeholder = _("Search")
    ordering = ("pk",)

    def records(self, user):
        raise NotImplementedError

    def search(self, records, text):
        return records.search(text)

    def choice(self, record):
        raise NotImplementedError

    def url_params(self):
        """What the endpoint needs to know of this picker beyond its register."""
        return {}

    def url(self, **params):
        return f"{reverse(self.url_name)}?{urlencode({**self.url_params(), **params})}"

    def chosen(self, records, ids):
        """The records of ``ids`` that ``records`` holds, in the order they were chosen."""
        ids = [str(pk) for pk in ids if record_id(pk) is not None]
        found = {str(record.pk): record for record in records.filter(pk__in=ids)}
        return [self.choice(found[pk]) for pk in dict.fromkeys(ids) if pk in found]

    def matches(self, records, text, chosen_ids=()):
        """Up to ``SHOWN + 1`` records that match ``text`` and are not chosen yet, and
        whether any record matches at all (a match just chosen is listed apart)."""
        matching = self.search(records, text)
        found = list(matching.exclude(pk__in=chosen_ids).order_by(*self.ordering)[: SHOWN + 1])
        if found or not chosen_ids:
            return found, bool(found)
        return found, matching.filter(pk__in=chosen_ids).exists()

    def bind(self, field, user, queryset=None):
        """Make ``field`` (a ModelChoiceField or ModelMultipleChoiceField, its
        ``required`` set already) pick from this register: from what ``user`` may choose,
        or from ``queryset`` where the form narrows that further."""
        many = isinstance(field, forms.ModelMultipleChoiceField)
        field.widget = PickerWidget(self, many=many, blank=not field.required)
        field.widget.is_required = field.required
        field.queryset = self.records(user) if queryset is None else queryset
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": MANY_NOT_OFFERED if many else NOT_OFFERED,
        }
        refuse_impossible_ids(field)
        return field


def refuse_impossible_ids(field):
    """A ModelChoiceField (or ModelMultipleChoiceField) answers its own "not one of the
    choices" to a value that cannot be a record's id (``record_id``), before the
    database is asked: a number beyond any column fails there, not as a form error."""
    many = isinstance(field, forms.ModelMultipleChoiceField)
    original = field._check_values if many else field.to_python

    def check(value):
        for item in value if many else [value]:
            if item not in field.empty_values and record_id(item) is None:
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return original(value)

    if many:
        field._check_values = check
    else:
        field.to_python = check


class PickerWidget(forms.Widget):
    """The records chosen (radio buttons, or check boxes where several may be chosen), a
    search box and the list of matches that htmx fills in. The search box carries the
    field's id, so that the field's label names it."""

    template_name = "core/_picker.html"

    def __init__(self, picker, *, many=False, blank=False, attrs=None):
        super().__init__(attrs)
        self.picker = picker
        self.allow_multiple_selected = many
        self.blank = blank

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # As with a <select multiple>: no box ticked sends nothing, which means none.
        return not self.allow_multiple_selected and name not in data

    def format_value(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        return [str(pk) for pk in values if str(pk).isdigit()]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        search_attrs = dict(context["widget"]["attrs"])
        search_attrs.pop("required", None)  # the search box need not be filled in
        element_id = search_attrs.setdefault("id", f"id_{name}")
        ids = context["widget"]["value"]
        many, blank = self.allow_multiple_selected, self.blank
        return {
            **picker_context(name, element_id, many, blank),
            # The field's queryset, which ModelChoiceField hands every widget as choices.
            "chosen": self.picker.chosen(self.choices.queryset, ids) if ids else [],
            "url": self.picker.url(field=name, id=element_id, many=int(many), blank=int(blank)),
            "placeholder": self.picker.placeholder,
            "invalid": "is-invalid" in search_attrs.get("class", ""),
            "search_attrs": flatatt(search_attrs),
        }

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine, not the form renderer's: our templates live in
        # the top-level templates/ folder, which the form renderer does not search.
        context = self.get_context(name, value, attrs)
        # The template escapes what it shows.
        return mark_safe(loader.render_to_string(self.template_name, context))  # nosec B308 B703


def picker_context(field, element_id, many, blank):
    """What the picker's templates name the field by, and how it picks."""
    return {"field": field, "id": element_id, "many": many, "blank": blank}


class PickerQuery(forms.Form):
    """What a picker's widget sends besides the search text and the records chosen: the
    field's input name and element id, so that the partial fits into the form, and how
    the field picks."""

    field = forms.RegexField(regex=r"^[\w-]+\Z", max_length=100)
    id = forms.RegexField(regex=r"^[\w-]+\Z", max_length=100)
    # Sent as 1 or 0, which a check box's widget would read as true both.
    many = forms.BooleanField(required=False, widget=forms.HiddenInput)
    blank = forms.BooleanField(required=False, widget=forms.HiddenInput)


def respond(request, picker):
    """A picker endpoint's htmx partial: up to ``SHOWN`` records that match what was
    typed, and the records chosen so far (swapped in out of band, so that a match ticked
    joins them), all within the records the user may choose."""
    query = PickerQuery(request.GET)
    if not query.is_valid():
        return HttpResponseBadRequest()
    field = query.cleaned_data["field"]
    records = picker.records(request.user)
    ids = [pk for pk in request.GET.getlist(field) if pk.isdigit()]
    text = request.GET.get(f"{field}-q", "").strip()[:100]
    found, matched = picker.matches(records, text, ids) if text else ([], False)
    context = {
        **picker_context(
            field, query.cleaned_data["id"], query.cleaned_data["many"], query.cleaned_data["blank"]
        ),
        "chosen": picker.chosen(records, ids) if ids else [],
        "results": [picker.choice(record) for record in found[:SHOWN]],
        "more": len(found) > SHOWN,
        "shown": SHOWN,
        "nothing_found": text and not matched,
    }
    return render(request, "core/_picker_results.html", context)
