"""The import checks rows whose ID number is registered nowhere with one form for the
whole batch (``ledgers.batched.RowForm``): here its verdicts and messages are compared
with the page's own ``PersonForm``, built afresh for each row, on rows with every kind of
mistake a ledger holds."""

import datetime
import re

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from ledgers.columns import PEOPLE
from ledgers.services import RowContext
from residents.forms import PersonForm
from residents.models import Ethnicity, Person
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db


def rows(house, elsewhere):
    """(what the row is, the form's data as the import gives it)."""
    good = {
        "name": "李四",
        "id_type": "ric",
        "id_number": resident_id(birth="19900101", sequence="201"),
        "category": "registered",
        "house": house.pk,
        "relationship": "head",
        "phone": "13900001111",
        "registered_on": datetime.date(2019, 6, 1),
    }
    floating = {**good, "category": "floating", "arrival_date": datetime.date(2015, 3, 1)}
    han = Ethnicity.objects.order_by("pk").first()
    return [
        ("valid", good),
        (
            "valid, everything given",
            {
                **floating,
                "former_names": "李小四",
                "gender": "M",
                "birth_date": datetime.date(1990, 1, 1),
                "ethnicity": han.pk,
                "household_address": "河北省保定市",
                "occupation": "厨师",
                "arrival_reason": "work",
                "permit_expiry": datetime.date(2027, 1, 1),
                "notes": "租住",
            },
        ),
        ("spaces in the name", {**good, "name": " 李  四 "}),
        (
            "small x of the check digit",
            {**good, "id_number": resident_id(birth="19900101", sequence="204").lower()},
        ),
        ("no name", {**good, "name": ""}),
        ("name too long", {**good, "name": "李" * 51}),
        ("no ID number", {**good, "id_number": ""}),
        (
            "wrong check digit",
            {
                **good,
                "id_number": good["id_number"][:-1]
                + ("0" if good["id_number"][-1] != "0" else "1"),
            },
        ),
        (
            "impossible birth date in the number",
            {**good, "id_number": resident_id(birth="19900230", sequence="201")},
        ),
        ("gender against the number", {**good, "gender": "F"}),
        ("birth date against the number", {**good, "birth_date": datetime.date(1990, 1, 2)}),
        (
            "passport, no gender or birth date",
            {**good, "id_type": "passport", "id_number": "E12345678"},
        ),
        (
            "passport, born in the future",
            {
                **good,
                "id_type": "passport",
                "id_number": "E12345679",
                "gender": "F",
                "birth_date": datetime.date(2099, 1, 1),
            },
        ),
        ("floating without an arrival date", {**good, "category": "floating"}),
        ("arrival before birth", {**floating, "arrival_date": datetime.date(1980, 1, 1)}),
        ("arrival in the future", {**floating, "arrival_date": datetime.date(2099, 1, 1)}),
        ("bad phone", {**good, "phone": "12345"}),
        ("unknown category", {**good, "category": "tourist"}),
        ("no category", {**good, "category": ""}),
        ("no house", {**good, "house": ""}),
        ("a house of another station", {**good, "house": elsewhere.pk}),
        ("a house that does not exist", {**good, "house": 999999}),
        ("unknown ethnic group", {**good, "ethnicity": 999999}),
        ("registered in the future", {**good, "registered_on": datetime.date(2099, 1, 1)}),
        ("registered before 1984", {**good, "registered_on": datetime.date(1970, 1, 1)}),
        ("no registration date", {**good, "registered_on": None}),
        ("notes too long", {**good, "notes": "备" * 2001}),
        ("unknown relationship", {**good, "relationship": "cousin"}),
        (
            "many mistakes at once",
            {**good, "name": "", "phone": "1", "category": "", "gender": "F", "house": ""},
        ),
    ]


def test_the_batch_form_gives_the_page_forms_verdicts_and_messages(
    officer, house_a, house_c, frozen_now
):
    context = RowContext(PEOPLE, {}, officer)
    cases = rows(house_a, house_c)
    valid = 0
    for what, data in cases:
        page = PersonForm(data, user=officer)
        page_valid = page.is_valid()
        instance = context.quick.blank()  # as Person() makes it
        errors = context.quick.errors(data, instance)
        assert {field: list(messages) for field, messages in errors.items()} == {
            field: list(messages) for field, messages in page.errors.items()
        }, what
        assert context.quick.form.warnings == page.warnings, what
        assert (not errors) == page_valid, what
        if page_valid:
            valid += 1
            made = context.quick.instance(instance)
            saved = page.save(commit=False)
            assert model_to_dict(made) == model_to_dict(saved), what
            assert made.beat_id == saved.beat_id == house_a.beat_id, what
    assert valid == 5  # the cases above that are right: the comparison covered both kinds


def test_the_audit_rows_of_people_imported_together_are_those_a_save_leaves(
    login, officer, house_a, eager_tasks, monkeypatch
):
    import json

    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.db import transaction

    from tests.ledgers.test_import import checked, person_row, workbook

    def same(changes):
        # auditlog writes a generic relation as its manager's repr, memory address and all.
        return re.sub(r" at 0x[0-9a-f]+", "", json.dumps(changes, sort_keys=True))

    monkeypatch.setattr(transaction, "on_commit", lambda work, using=None, robust=False: work())
    client = login(officer)
    rows = [
        person_row("李四", sequence="201"),
        person_row("王五", sequence="202", 核实日期="2024-03-15", 联系电话=""),
        person_row("赵六", sequence="203", 人口类别="流动人口", 来本地日期="2015-03-01"),
    ]
    batch = checked(client, workbook(rows))
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    people = Person.objects.filter(pk__in=batch.rows.values("record_id")).order_by("pk")
    assert people.count() == 3
    for person in people:
        entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
        expected = model_instance_diff(None, person)
        assert same(entry.changes) == same(expected)
        assert entry.changes["id_number"][1].startswith("*********")  # masked, as on a save
        assert entry.actor == officer
