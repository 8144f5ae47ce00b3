"""No bad input answers 500. Every URL of tests/test_permissions.py's table, as its
first insider, gets each of its GET parameters (the filters of a list, the row's own
query) and each of its form fields (the row's data, the fields of the forms its page
shows) replaced in turn by values an attacker or a slip of the keyboard sends: zero, a
negative number, dates at the ends of the calendar, a NUL byte, 100,000 characters, a
number too large for any column, letters where a number is expected, full-width digits.
Each must answer with a page, a message, a redirect, 400, 403 or 404: never 5xx."""

import re
from urllib.parse import urlencode

import pytest
from _pytest.fixtures import FixtureFunctionDefinition
from django import forms
from django.forms.formsets import BaseFormSet
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

import tests.test_permissions as table
from tests.test_permissions import INSIDERS, ROWS, Context

pytestmark = pytest.mark.django_db

# The records the table's rows are about are its module's fixtures: borrowed here.
globals().update(
    {
        name: value
        for name, value in vars(table).items()
        if isinstance(value, FixtureFunctionDefinition)
    }
)

BAD = [
    "0",
    "-1",
    "9999-12-31",
    "9999-12",
    "0001-01-01T00:00",
    "2024-02-30",
    "a\x00b",
    "x" * 100_000,
    "1" + "0" * 20,
    "abc",
    "２０２６",
]


def _forms(response):
    """(GET fields, POST fields, the POST fields' values as the page fills them) of the
    forms the page shows."""
    get, post, initial = set(), set(), {}
    if response.status_code != 200 or response.context is None:
        return get, post, initial
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [v for context in contexts for v in context.flatten().values()]

    def take(form):
        for name in form.fields:
            key = form.add_prefix(name)
            post.add(key)
            value = form[name].value()
            if value not in (None, [], ""):
                initial[key] = [str(v) for v in value] if isinstance(value, list) else str(value)

    for value in values:
        if isinstance(value, forms.BaseForm) and not hasattr(value, "qs"):
            take(value)
        elif isinstance(value, BaseFormSet):
            take(value.management_form)
            for form in value.forms:
                take(form)
        elif isinstance(getattr(value, "form", None), forms.BaseForm) and hasattr(value, "qs"):
            get.update(value.form.add_prefix(name) for name in value.form.fields)
    return get, post, initial


POSTS_HERE = re.compile(r"<form\b(?=[^>]*method=\"post\")(?![^>]*action=\"(?!\"))[^>]*>", re.I)


def _posts_to_itself(response, url):
    """Whether the page has a form that posts back to its own URL."""
    if response.streaming:
        return False
    html = response.content.decode(errors="replace")
    return bool(POSTS_HERE.search(html)) or f'action="{url}"' in html


class Asked:
    """The names a view reads from ``request.GET`` or ``request.POST``, however it reads
    them (``get``, ``[]``, ``getlist``, ``in``): the parameters no form declares."""

    def __init__(self, monkeypatch):
        self.names = set()
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._recording(original))

    def _recording(self, original):
        def read(querydict, key, *args, **kwargs):
            if isinstance(key, str):
                self.names.add(key)
            return original(querydict, key, *args, **kwargs)

        return read


@pytest.mark.parametrize("name", sorted(ROWS))
def test_no_bad_value_of_any_parameter_or_field_answers_500(request, monkeypatch, name):
    row = ROWS[name]
    role = row.roles[0]
    insider = request.getfixturevalue(INSIDERS[role])
    ctx = Context(request.getfixturevalue, role, insider, insider)
    for fixture in row.uses:
        ctx(fixture)
    if row.setup:
        ctx.made = row.setup(ctx)
    url = reverse(name, kwargs=row.kwargs(ctx) if row.kwargs else None)
    query = dict(row.query(ctx)) if row.query else {}
    data = dict(row.data(ctx)) if row.data else {}
    client = Client()
    client.force_login(insider)
    asked = Asked(monkeypatch)
    page = client.get(f"{url}?{urlencode(query)}" if query else url)
    get_fields, post_fields, initial = _forms(page)
    get_fields |= {n for n in asked.names if n not in ("csrfmiddlewaretoken", "next")}
    posts = row.method == "post" or (page.status_code == 200 and _posts_to_itself(page, url))
    if posts:
        data = {**initial, **data}
        asked.names.clear()
        client.post(url, data)
        post_fields |= {n for n in asked.names if n != "csrfmiddlewaretoken"}
    for field in sorted(get_fields | set(query)):
        for value in BAD:
            response = client.get(f"{url}?{urlencode({**query, field: value})}")
            assert response.status_code < 500, (field, value[:20])
    if posts:
        for field in sorted(post_fields | set(data)):
            for value in BAD:
                response = client.post(url, {**data, field: value})
                assert response.status_code < 500, (field, value[:20])


# Values the generic walk cannot reach: a bad one among otherwise valid fields, where a
# save (not the form) would have failed.


def test_a_designation_starting_at_the_end_of_the_calendar_is_refused(login, officer, person_a):
    from residents.models import CareCategory

    client = login(officer)
    url = reverse("residents:designate", kwargs={"pk": person_a.pk, "kind": "care"})
    data = {
        "category": CareCategory.objects.first().pk,
        "reason": "独居",
        "start_date": "9999-12-31",
        "interval_days": "30",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["start_date"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_visit_at_the_end_of_the_calendar_is_refused(login, officer, person_a, moment):
    client = login(officer)
    data = {"kind": "routine", "visited_at": moment, "persons": [person_a.pk], "findings": "正常"}
    response = client.post(reverse("incidents:visit_create"), data)
    assert response.status_code == 200 and response.context["form"].errors["visited_at"]


def test_a_week_of_a_thousand_days_is_refused(login, officer):
    client = login(officer)
    response = client.post(
        reverse("assignments:duty_week"),
        {"form-TOTAL_FORMS": "1000", "form-INITIAL_FORMS": "0", "form-MAX_NUM_FORMS": "7"},
    )
    assert response.status_code < 500
