import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communitypolice.core import periods
from communitypolice.core.models import Notification
from incidents.models import Dispute, Incident, Tip, Visit
from incidents.services import record_visit
from residents.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispute_a(building_a, officer):
    return Dispute.objects.create(
        type="neighbour",
        parties="301室与401室",
        description="漏水纠纷",
        address=building_a,
        beat=building_a.beat,
        responsible_officer=officer,
        found_on=periods.today() - datetime.timedelta(days=40),
    )


@pytest.fixture
def visit_a(person_a, officer):
    return record_visit(
        visit=Visit(
            kind=Visit.Kind.KEY_PERSON,
            findings="不在家",
            abnormal=True,
            abnormal_details="多日未归",
            beat=person_a.beat,
        ),
        by=officer,
        persons=[person_a],
    )


RECORD_URLS = [
    ("incidents:incident_detail", "incident_a", "get"),
    ("incidents:incident_edit", "incident_a", "get"),
    ("incidents:incident_advance", "incident_a", "post"),
    ("incidents:incident_add_party", "incident_a", "post"),
    ("incidents:dispute_detail", "dispute_a", "get"),
    ("incidents:dispute_edit", "dispute_a", "get"),
    ("incidents:dispute_mediate", "dispute_a", "post"),
    ("incidents:tip_detail", "warning_tip_a", "get"),
    ("incidents:tip_edit", "warning_tip_a", "get"),
    ("incidents:tip_status", "warning_tip_a", "post"),
    ("incidents:visit_detail", "visit_a", "get"),
    ("incidents:visit_acknowledge", "visit_a", "get"),
]


@pytest.mark.parametrize(("url_name", "record", "method"), RECORD_URLS)
@pytest.mark.parametrize("who", ["colleague", "other_station_officer", "other_chief", "analyst"])
def test_records_outside_scope_answer_404(request, login, url_name, record, method, who):
    obj = request.getfixturevalue(record)
    client = login(request.getfixturevalue(who))
    assert getattr(client, method)(reverse(url_name, args=[obj.pk])).status_code == 404


@pytest.mark.parametrize(("url_name", "record", "method"), RECORD_URLS)
def test_anonymous_visitors_are_sent_to_login(request, client, url_name, record, method):
    obj = request.getfixturevalue(record)
    response = getattr(client, method)(reverse(url_name, args=[obj.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_recording_a_visit_from_the_queue_takes_the_record_off_it(
    login, officer, person_a, key_designation_a
):
    client = login(officer)
    queue = {
        name: rows
        for name, _, rows in client.get(reverse("incidents:freshness")).context["sections"]
    }
    assert [d.person for d in queue["followups_key"]] == [person_a]

    form = client.get(reverse("incidents:visit_create"), {"person": person_a.pk})
    assert "张三" in form.content.decode()  # pre-filled from the queue
    response = client.post(
        reverse("incidents:visit_create"),
        {
            "kind": "key_person",
            "visited_at": periods.local().strftime("%Y-%m-%dT%H:%M"),
            "persons": [person_a.pk],
            "findings": "在家，正常",
        },
    )
    assert response.status_code == 302
    queue = {
        name: rows
        for name, _, rows in client.get(reverse("incidents:freshness")).context["sections"]
    }
    assert queue["followups_key"] == [] and queue["key_people"] == []
    person_a.refresh_from_db()
    assert periods.local_date(person_a.verified_at) == periods.today()


def test_a_visit_with_nothing_visited_is_refused(login, officer):
    response = login(officer).post(
        reverse("incidents:visit_create"),
        {
            "kind": "routine",
            "visited_at": periods.local().strftime("%Y-%m-%dT%H:%M"),
            "findings": "x",
        },
    )
    assert response.context["form"].non_field_errors()
    assert not Visit.objects.exists()


def test_a_warning_tip_from_the_visit_form_reaches_the_chief(login, officer, chief, person_a):
    login(officer).post(
        reverse("incidents:visit_create"),
        {
            "kind": "routine",
            "visited_at": periods.local().strftime("%Y-%m-%dT%H:%M"),
            "persons": [person_a.pk],
            "findings": "发现可疑情况",
            "raise_tip": "on",
            "tip_level": "warning",
            "tip_category": "可疑人员",
            "tip_content": "陌生人踩点",
        },
    )
    tip = Tip.objects.get()
    chief_client = login(chief)
    page = chief_client.get(reverse("incidents:tip_list"))
    assert list(page.context["object_list"])[0] == tip
    assert page.context["unread_notifications"] == 1
    note = Notification.objects.get(user=chief)
    response = chief_client.post(reverse("incidents:notification_open", args=[note.pk]))
    assert response["Location"] == tip.get_absolute_url()
    assert chief_client.get(reverse("incidents:tip_list")).context["unread_notifications"] == 0


def test_tips_inbox_lists_warnings_first_and_overdue_first_within_a_level(
    login, chief, building_a, officer
):
    from incidents.services import raise_tip

    def tip(level, category):
        return raise_tip(
            tip=Tip(
                level=level, category=category, content="x", source="public", beat=building_a.beat
            ),
            by=officer,
        )

    late_tendency = tip("tendency", "旧倾向")
    fresh_warning = tip("warning", "新预警")
    late_warning = tip("warning", "旧预警")
    past = timezone.now() - datetime.timedelta(hours=1)
    Tip.objects.filter(pk__in=[late_tendency.pk, late_warning.pk]).update(due_at=past)
    rows = list(login(chief).get(reverse("incidents:tip_list")).context["object_list"])
    assert rows == [late_warning, fresh_warning, late_tendency]


def test_an_incident_is_registered_with_a_number_through_the_form(login, officer, building_a):
    now = periods.local()
    response = login(officer).post(
        reverse("incidents:incident_create"),
        {
            "type": 4,
            "reported_at": now.strftime("%Y-%m-%dT%H:%M"),
            "occurred_at": (now - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "address": building_a.pk,
            "summary": "老人走失",
            "handling_officer": officer.pk,
        },
    )
    incident = Incident.objects.get()
    assert response["Location"] == incident.get_absolute_url()
    assert incident.number.startswith("JQ-330102510000-")


def test_the_incident_page_lists_cameras_at_the_compound(login, officer, incident_a, item_a):
    content = login(officer).get(incident_a.get_absolute_url()).content.decode()
    assert "CAM-1" in content and "小区北门" in content


def test_a_dispute_open_too_long_is_overdue(dispute_a):
    assert dispute_a.is_overdue  # low risk, 40 days > 30
    dispute_a.status = Dispute.Status.RESOLVED
    assert not dispute_a.is_overdue


def test_the_chief_acknowledges_an_abnormal_finding(login, chief, visit_a):
    login(chief).post(
        reverse("incidents:visit_acknowledge", args=[visit_a.pk]), {"reply": "已安排核查"}
    )
    visit_a.refresh_from_db()
    assert visit_a.acknowledged_by == chief and not visit_a.needs_acknowledgement


def test_officers_cannot_acknowledge(login, officer, visit_a):
    url = reverse("incidents:visit_acknowledge", args=[visit_a.pk])
    assert login(officer).get(url).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    [
        "incidents:incident_list",
        "incidents:dispute_list",
        "incidents:tip_list",
        "incidents:visit_list",
    ],
)
def test_list_query_counts_do_not_grow(
    login, officer, building_a, person_a, url_name, django_assert_max_num_queries
):
    from incidents.services import raise_tip, register_incident
    from tests.incidents.fixtures import new_incident

    for n in range(30):
        register_incident(incident=new_incident(building_a, officer), by=officer)
        raise_tip(
            tip=Tip(
                level="sign",
                category=f"线索{n}",
                content="x",
                source="public",
                beat=building_a.beat,
            ),
            by=officer,
        )
        Dispute.objects.create(
            type="other",
            parties=f"甲{n}",
            description="x",
            address=building_a,
            beat=building_a.beat,
            responsible_officer=officer,
        )
        record_visit(
            visit=Visit(kind="routine", findings="x", beat=building_a.beat),
            by=officer,
            persons=[person_a],
        )
    client = login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert len(response.context["object_list"]) == 25


def add_residents(house, n):
    """``n`` people in ``house``, never checked: all due for checking."""
    for i in range(n):
        Person.objects.create(
            name=f"住户{i}",
            gender="F",
            birth_date=datetime.date(1990, 1, 1),
            id_number=f"X{i:08d}",
            id_type="other",
            category="registered",
            house=house,
            beat=house.beat,
        )


def test_freshness_queue_costs_the_same_whatever_its_size(
    login, officer, person_a, key_designation_a, django_assert_max_num_queries
):
    add_residents(person_a.house, 20)
    client = login(officer)
    with django_assert_max_num_queries(27):
        response = client.get(reverse("incidents:freshness"))
    sections = {name: count for name, count, _ in response.context["sections"]}
    assert sections["people"] == 20  # person_a, a key person, is listed with those


def test_a_section_past_the_cap_says_how_many_it_counted_and_more(
    login, officer, person_a, monkeypatch
):
    """A district's chief has tens of thousands of records due: the queue stops counting
    at the cap, as the lists do, and says so rather than showing a wrong total."""
    from communitypolice.core import pagination

    add_residents(person_a.house, 4)
    monkeypatch.setattr(pagination, "CAP", 3)
    client = login(officer)
    response = client.get(reverse("incidents:freshness"))
    people = next(s for s in response.context["sections"] if s.name == "people")
    assert people.capped and len(people.rows) == 5  # person_a and the four
    assert '<span class="badge text-bg-danger">3+</span>' in response.content.decode()
    home = client.get(reverse("reports:officer_home")).content.decode()
    assert "全部待核实（3+）" in home


def test_person_house_and_address_pages_show_their_events(
    login, officer, person_a, house_a, incident_a, visit_a, building_a
):
    from incidents.models import IncidentParty

    IncidentParty.objects.create(incident=incident_a, role="caller", person=person_a)
    client = login(officer)
    person_page = client.get(person_a.get_absolute_url()).content.decode()
    assert incident_a.number in person_page and visit_a.get_absolute_url() in person_page
    address_page = client.get(building_a.get_absolute_url()).content.decode()
    assert incident_a.number in address_page


def test_events_of_another_beat_do_not_show_on_a_shared_person(
    login, chief, other_chief, person_a, room_c, other_station_officer
):
    """A person involved in the other station's incident: that incident stays hidden."""
    from incidents.models import IncidentParty
    from incidents.services import register_incident
    from tests.incidents.fixtures import new_incident

    elsewhere = register_incident(
        incident=new_incident(room_c, other_station_officer), by=other_station_officer
    )
    IncidentParty.objects.create(incident=elsewhere, role="witness", person=person_a)
    page = login(chief).get(person_a.get_absolute_url()).content.decode()
    assert elsewhere.number not in page


def test_a_stale_tip_status_edit_keeps_the_other_save_and_the_users_entries(
    login, officer, chief, warning_tip_a
):
    from incidents.models import Tip

    opened = warning_tip_a.version
    url = reverse("incidents:tip_status", args=[warning_tip_a.pk])
    login(chief).post(
        url, {"status": Tip.Status.HANDLED, "handling_notes": "所长：已劝散", "version": opened}
    )
    response = login(officer).post(
        url, {"status": Tip.Status.HANDLED, "handling_notes": "民警：已到场", "version": opened}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "民警：已到场" in page and "所长：已劝散" in page  # both, side by side
    warning_tip_a.refresh_from_db()
    assert warning_tip_a.handling_notes == "所长：已劝散"
