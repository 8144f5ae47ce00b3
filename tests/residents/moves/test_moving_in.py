"""A person of station A moves to station B: found by ID number, requested by the
receiving officer, decided by the sending chief."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assignments.history import EndReason
from communitypolice.core.models import Notification
from communitypolice.core.templatetags.masking import mask_id
from residents import services
from residents.models import MoveRequest, Person, Stay

from .conftest import LAST_MONTH_DAY, MOVE_DAY, TODAY, request_data

pytestmark = pytest.mark.django_db


def request_url(person, user, house=None):
    url = f"{reverse('residents:move_create')}?person={MoveRequest.reference(person, user)}"
    return url + (f"&house={house.pk}" if house else "")


def file_request(login, requester, person, house, **changes):
    response = login(requester).post(request_url(person, requester), request_data(house, **changes))
    return response


# --- Finding ------------------------------------------------------------------------


def test_registering_a_number_of_another_station_shows_name_masked_number_and_a_link(
    login, other_station_officer, mover, house_c
):
    response = login(other_station_officer).post(
        reverse("residents:person_create"),
        {
            "name": "赵小流",
            "id_type": "ric",
            "id_number": mover.id_number,
            "category": "floating",
            "house": house_c.pk,
            "relationship": "head",
            "registered_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert not Person.objects.filter(beat=house_c.beat).exists()
    error = " ".join(response.context["form"].errors["id_number"])
    assert mover.name in error and mask_id(mover.id_number) in error
    assert reverse("residents:move_create") in error and f"house={house_c.pk}" in error
    content = response.content.decode()
    assert mover.id_number not in content.replace(f'value="{mover.id_number}"', "")
    for secret in ("樱花园", "和平街第一警务区", "和平街派出所", "原住址备注", "410102199507"):
        assert secret not in error, secret


def test_the_find_page_tells_the_three_places_apart(
    login, officer, colleague, other_station_officer, mover
):
    url = reverse("residents:move_find")
    own = login(officer).post(url, {"id_number": mover.id_number.lower()})
    assert own.context["found"]["place"] == "visible"
    assert mover.get_absolute_url() in own.content.decode()

    same_station = login(colleague).post(url, {"id_number": mover.id_number})
    assert same_station.context["found"]["place"] == "station"
    assert mover.get_absolute_url() not in same_station.content.decode()

    elsewhere = login(other_station_officer).post(url, {"id_number": mover.id_number})
    found = elsewhere.context["found"]
    assert found["place"] == "elsewhere"
    content = elsewhere.content.decode()
    assert mask_id(mover.id_number) in content and mover.name in content
    assert found["request_url"] in content.replace("&amp;", "&")
    for secret in ("樱花园", "和平街第一警务区", "和平街派出所", mover.get_absolute_url()):
        assert secret not in content, secret

    looked = LogEntry.objects.get_for_object(mover).filter(action=LogEntry.Action.ACCESS)
    assert looked.filter(actor=other_station_officer).count() == 1

    nobody = login(other_station_officer).post(url, {"id_number": "110105198001010011"})
    assert nobody.context["found"]["place"] is None


# --- Requesting ---------------------------------------------------------------------


def test_the_request_goes_to_the_sending_chief(
    login, other_station_officer, chief, other_chief, mover, house_c
):
    response = file_request(login, other_station_officer, mover, house_c)
    move = MoveRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == move.get_absolute_url()
    assert move.status == MoveRequest.Status.PENDING
    assert move.from_station == mover.beat.station and move.requested_by == other_station_officer
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["chief"]
    assert Notification.objects.get().url == move.get_absolute_url()
    # Nothing has moved yet.
    mover.refresh_from_db()
    assert mover.house_id != house_c.pk


def test_without_a_chief_the_unit_above_both_stations_is_told(
    login, other_station_officer, analyst, mover, house_c
):
    file_request(login, other_station_officer, mover, house_c)
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["analyst"]


def test_the_form_is_prefilled_with_the_house_chosen(login, other_station_officer, mover, house_c):
    response = login(other_station_officer).get(request_url(mover, other_station_officer, house_c))
    assert response.status_code == 200
    assert response.context["form"].initial["to_house"] == str(house_c.pk)
    assert mask_id(mover.id_number) in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"move_date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "move_date", ""),
        # on or before the day the present stay began: that stay would be replaced
        ({"move_date": "2025-06-01"}, "move_date", "2025-06-01"),
        ({"move_date": "2025-05-01"}, "move_date", "2025-06-01"),
        ({"note": ""}, "note", ""),
    ],
)
def test_a_request_with_a_wrong_date_or_no_reason_is_refused(
    login, other_station_officer, mover, house_c, changes, field, text
):
    response = file_request(login, other_station_officer, mover, house_c, **changes)
    assert response.status_code == 200
    assert text in " ".join(response.context["form"].errors[field])
    assert not MoveRequest.objects.exists()


def test_a_dead_or_closed_person_cannot_be_requested(
    login, other_station_officer, chief, mover, house_c
):
    services.change_status(person=mover, status=Person.ResidenceStatus.DECEASED, on=TODAY)
    response = file_request(login, other_station_officer, mover, house_c)
    assert response.context["form"].non_field_errors()
    mover.residence_status = Person.ResidenceStatus.PRESENT
    mover.save(update_fields=["residence_status"])
    mover.close(by=chief, reason="重复登记")
    response = file_request(login, other_station_officer, mover, house_c)
    assert response.context["form"].non_field_errors()
    assert not MoveRequest.objects.exists()


def test_one_pending_request_per_person_and_station(login, other_station_officer, mover, house_c):
    assert file_request(login, other_station_officer, mover, house_c).status_code == 302
    again = file_request(login, other_station_officer, mover, house_c)
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert MoveRequest.objects.count() == 1


def test_a_house_outside_the_requesters_scope_is_not_offered(
    login, other_station_officer, mover, house_a, house_c
):
    response = file_request(login, other_station_officer, mover, house_a)
    assert "to_house" in response.context["form"].errors


# --- Deciding -----------------------------------------------------------------------


@pytest.fixture
def move(other_station_officer, mover, house_c):
    return services.request_move(
        person=mover,
        to_house=house_c,
        move_date=MOVE_DAY,
        relationship=Person.Relationship.OTHER,
        note="已在东湖花园租住",
        by=other_station_officer,
    )


def decide(login, user, move, decision, reason=""):
    return login(user).post(
        reverse("residents:move_decide", args=[move.pk]), {"decision": decision, "reason": reason}
    )


def test_the_sending_chief_sees_the_person_and_approves(
    login, chief, officer, other_station_officer, mover, mover_key, mover_care, move, house_c
):
    page = login(chief).get(move.get_absolute_url())
    assert page.context["may_decide"] and page.context["knows_person"]
    assert mover.get_absolute_url() in page.content.decode()

    response = decide(login, chief, move, "approve")
    assert response.status_code == 302
    move.refresh_from_db()
    mover.refresh_from_db()
    assert move.status == MoveRequest.Status.APPROVED and move.decided_by == chief
    assert (mover.house, mover.beat) == (house_c, house_c.beat)
    assert mover.relationship == Person.Relationship.OTHER

    old, new = mover.states.order_by("valid_from")
    assert (old.valid_from, old.valid_to, old.end_reason) == (
        datetime.date(2025, 6, 1),
        MOVE_DAY - datetime.timedelta(days=1),
        EndReason.TRANSFERRED,
    )
    assert old.beat_id != house_c.beat_id
    assert (new.valid_from, new.valid_to, new.beat_id, new.house_id) == (
        MOVE_DAY,
        None,
        house_c.beat_id,
        house_c.pk,
    )
    # The designations follow; the key person's officer is now one of the new beat.
    mover_key.refresh_from_db()
    assert mover_key.responsible_officer == other_station_officer and mover_key.is_current
    mover_care.refresh_from_db()
    assert mover_care.is_current
    # The change is in the audit trail, by the chief; the requester is told.
    change = LogEntry.objects.get_for_object(mover).filter(action=LogEntry.Action.UPDATE)
    assert change.filter(actor=chief).exists()
    assert LogEntry.objects.get_for_object(move).filter(actor=chief).exists()
    assert Notification.objects.filter(user=other_station_officer, url=move.get_absolute_url())

    # The person is on the receiving officer's list, no longer on the sending officer's.
    theirs = login(other_station_officer).get(reverse("residents:person_list"))
    assert mover in theirs.context["object_list"]
    ours = login(officer).get(reverse("residents:person_list"))
    assert mover not in ours.context["object_list"]
    assert login(officer).get(mover.get_absolute_url()).status_code == 404
    detail = login(other_station_officer).get(mover.get_absolute_url()).content.decode()
    assert "和平街第一警务区" in detail and "樱花路第一警务区" in detail  # both stays


def test_past_days_count_in_the_station_they_were_in(
    login, chief, mover, move, beat_a, beat_c, house_a
):
    def per_beat(day):
        stays = Stay.objects.on(day)
        return {beat.pk: stays.filter(beat=beat).count() for beat in (beat_a, beat_c)}

    last_month_before = per_beat(LAST_MONTH_DAY)
    eve_before = per_beat(MOVE_DAY - datetime.timedelta(days=1))
    assert last_month_before == {beat_a.pk: 1, beat_c.pk: 0}

    decide(login, chief, move, "approve")

    assert per_beat(LAST_MONTH_DAY) == last_month_before
    assert per_beat(MOVE_DAY - datetime.timedelta(days=1)) == eve_before
    assert per_beat(MOVE_DAY) == {beat_a.pk: 0, beat_c.pk: 1}
    assert per_beat(TODAY) == {beat_a.pk: 0, beat_c.pk: 1}
    assert Stay.objects.on(LAST_MONTH_DAY).get(person=mover).house == house_a


def test_refusing_needs_a_reason_and_tells_the_requester(
    login, chief, other_station_officer, mover, move
):
    assert decide(login, chief, move, "refuse").status_code == 302
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.PENDING
    decide(login, chief, move, "refuse", "此人仍在本辖区居住")
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.REFUSED and move.refusal_reason == "此人仍在本辖区居住"
    note = Notification.objects.get(user=other_station_officer)
    assert "此人仍在本辖区居住" in note.message
    mover.refresh_from_db()
    assert mover.beat.station == chief.unit and mover.states.get().valid_to is None
    page = login(other_station_officer).get(move.get_absolute_url()).content.decode()
    assert "此人仍在本辖区居住" in page


def test_a_person_moved_out_of_the_station_can_be_moved_in(
    login, chief, other_station_officer, mover, house_c
):
    services.change_status(
        person=mover, status=Person.ResidenceStatus.MOVED_OUT, on=datetime.date(2026, 3, 1)
    )
    early = file_request(login, other_station_officer, mover, house_c, move_date="2026-02-27")
    assert "move_date" in early.context["form"].errors
    assert file_request(login, other_station_officer, mover, house_c).status_code == 302
    decide(login, chief, MoveRequest.objects.get(), "approve")
    mover.refresh_from_db()
    assert mover.residence_status == Person.ResidenceStatus.PRESENT and mover.beat == house_c.beat
    old, new = mover.states.order_by("valid_from")
    assert (old.valid_to, old.end_reason) == (datetime.date(2026, 2, 28), EndReason.MOVED_OUT)
    assert (new.valid_from, new.beat_id) == (MOVE_DAY, house_c.beat_id)


def test_a_move_that_can_no_longer_be_carried_out_is_refused_on_approval(
    login, chief, mover, move, house_c
):
    # Meanwhile the person was moved to station B another way (an administrator's move).
    services.move_person(person=mover, house=house_c, relationship="head")
    client = login(chief)
    response = client.post(
        reverse("residents:move_decide", args=[move.pk]), {"decision": "approve"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    move.refresh_from_db()
    mover.refresh_from_db()
    assert move.status == MoveRequest.Status.PENDING
    assert mover.states.get(valid_to__isnull=True).end_reason == ""


def test_a_closed_person_is_refused_on_approval(login, chief, mover, move):
    mover.close(by=chief, reason="重复登记")
    decide(login, chief, move, "approve")
    move.refresh_from_db()
    mover.refresh_from_db()
    assert move.status == MoveRequest.Status.PENDING and mover.beat.station == chief.unit


def test_a_chief_requester_hands_key_persons_to_the_new_beats_lead(
    other_chief, other_station_officer, chief, mover, mover_key, house_c
):
    move = services.request_move(
        person=mover,
        to_house=house_c,
        move_date=MOVE_DAY,
        relationship="other",
        note="x",
        by=other_chief,
    )
    services.approve_move(move=move, by=chief)
    mover_key.refresh_from_db()
    assert mover_key.responsible_officer == other_station_officer


def test_the_unit_above_both_stations_may_decide(login, analyst, mover, move, house_c):
    listing = login(analyst).get(reverse("residents:move_list"))
    assert [m.pk for m in listing.context["awaiting"]] == [move.pk]
    decide(login, analyst, move, "approve")
    mover.refresh_from_db()
    assert mover.house == house_c


def test_the_requester_may_withdraw(login, other_station_officer, move):
    url = reverse("residents:move_withdraw", args=[move.pk])
    assert login(other_station_officer).post(url).status_code == 302
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.WITHDRAWN
    assert not MoveRequest.objects.awaiting(move.requested_by).exists()


def test_the_list_shows_each_side_its_requests(
    login, chief, other_chief, officer, other_station_officer, move
):
    for user in (chief, other_chief, other_station_officer):
        response = login(user).get(reverse("residents:move_list"))
        assert [m.pk for m, _ in response.context["rows"]] == [move.pk], user
    assert not login(officer).get(reverse("residents:move_list")).context["rows"]
    receiving = login(other_station_officer).get(reverse("residents:move_list")).content.decode()
    assert "和平街派出所" not in receiving
    sending = login(chief).get(reverse("residents:move_list"))
    assert [m.pk for m in sending.context["awaiting"]] == [move.pk]
    assert not login(other_chief).get(reverse("residents:move_list")).context["awaiting"]


def test_the_station_overview_counts_requests_awaiting_the_chief(login, chief, move):
    response = login(chief).get(reverse("reports:station_overview"))
    assert response.context["approvals"]["moves"] == 1


def test_the_list_query_count_does_not_grow(
    login, chief, other_station_officer, house_c, beat_a, house_a, django_assert_max_num_queries
):
    from tests.residents.fixtures import resident_id

    for n in range(30):
        person = Person.objects.create(
            name=f"流动{n}",
            gender="M",
            birth_date=datetime.date(1990, 1, 1),
            id_number=resident_id(birth="19900101", sequence=f"{n + 100:03d}"),
            category=Person.Category.FLOATING,
            house=house_a,
            beat=beat_a,
            arrival_date=datetime.date(2025, 1, 1),
            registered_on=datetime.date(2025, 1, 1),
        )
        services.request_move(
            person=person,
            to_house=house_c,
            move_date=MOVE_DAY,
            relationship="other",
            note="x",
            by=other_station_officer,
        )
    client = login(chief)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("residents:move_list"))
    assert len(response.context["rows"]) == 25
