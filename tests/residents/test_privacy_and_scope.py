import pytest
from auditlog.models import LogEntry
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSON_URLS = [
    ("residents:person_detail", "get"),
    ("residents:person_edit", "get"),
    ("residents:person_verify", "post"),
    ("residents:person_move", "get"),
    ("residents:person_status", "get"),
]


def test_list_masks_id_and_phone(login, officer, person_a):
    content = login(officer).get(reverse("residents:person_list")).content.decode()
    assert "110105********" in content and person_a.id_number not in content
    assert "138****5678" in content and "13812345678" not in content


def test_detail_shows_them_in_full_and_leaves_an_access_row(login, officer, chief, person_a):
    content = login(officer).get(person_a.get_absolute_url()).content.decode()
    assert person_a.id_number in content and "13812345678" in content
    entry = LogEntry.objects.get_for_object(person_a).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == officer
    # … and the chief sees that view on the audit page
    audit = login(chief).get(reverse("audit:log"), {"action": LogEntry.Action.ACCESS}).content
    assert "张三" in audit.decode()


def test_the_audit_trail_masks_the_id_number(chief, person_a):
    from auditlog.context import set_actor

    with set_actor(chief):
        person_a.id_number = person_a.id_number[:-4] + "0000"
        person_a.save(update_fields=["id_number"])
    change = LogEntry.objects.get_for_object(person_a).latest("pk").changes_dict["id_number"]
    assert person_a.id_number not in change[1]


@pytest.mark.parametrize(("url_name", "method"), PERSON_URLS)
@pytest.mark.parametrize("who", ["colleague", "other_station_officer", "other_chief", "analyst"])
def test_a_person_outside_scope_answers_404(request, login, person_a, url_name, method, who):
    client = login(request.getfixturevalue(who))
    response = getattr(client, method)(reverse(url_name, args=[person_a.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["colleague", "other_station_officer", "analyst"])
def test_designations_and_households_outside_scope_answer_404(
    request, login, person_a, key_designation_a, who
):
    client = login(request.getfixturevalue(who))
    urls = [
        reverse("residents:designate", args=[person_a.pk, "key"]),
        reverse("residents:designate", args=[person_a.pk, "care"]),
        reverse("residents:end_designation", args=["key", key_designation_a.pk]),
        reverse("residents:household", args=[person_a.house_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_analyst_sees_nobody(login, analyst, person_a, person_c):
    assert login(analyst).get(reverse("residents:person_list")).status_code == 403
    assert login(analyst).get(reverse("residents:person_create")).status_code == 403


def test_person_list_query_count_does_not_grow(
    login, officer, house_a, django_assert_max_num_queries
):
    import datetime

    from residents.models import Person
    from tests.residents.fixtures import resident_id

    for n in range(40):
        Person.objects.create(
            name=f"测试{n}",
            gender="F",
            birth_date=datetime.date(1990, 1, 1),
            id_number=resident_id(birth="19900101", sequence=f"{n:03d}"),
            category="registered",
            house=house_a,
            beat=house_a.beat,
        )
    client = login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("residents:person_list"))
    assert len(response.context["object_list"]) == 25
