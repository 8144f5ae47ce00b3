"""下社区时间: the duty log in half days, visits counting as community time, the
dispatcher named and confirming, the monthly share and the weekly targets.

The clock stands still on Saturday 28 November 2026, 10:00 in Beijing: the week
being logged runs from Monday 23 to Sunday 29, so Sunday is still to come.
"""

import datetime
from fractions import Fraction

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from assignments import duty, services
from assignments.models import DutyBlock
from communitypolice.core import periods
from incidents.models import Visit
from incidents.services import record_visit
from places.models import House, HouseUse
from tests.assignments.helpers import message_levels
from tests.factories import DutyBlockFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2026, 11, 23)
NOW = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
Kind, Dispatch = DutyBlock.Kind, DutyBlock.Dispatch


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day, hour, minute=0):
    """A moment in Beijing time."""
    return periods.at(day, datetime.time(hour, minute))


def log(officer, day, am=None, pm=None, by=None):
    """Log one day directly: ``am``/``pm`` kinds; non-community duty needs ``by``."""
    for half, kind in (("am", am), ("pm", pm)):
        if kind:
            community = kind in DutyBlock.COMMUNITY
            DutyBlockFactory(
                officer=officer,
                date=day,
                half=half,
                kind=kind,
                dispatched_by=None if community else by,
                dispatch_status="" if community else Dispatch.PENDING,
            )


def visit(officer, moment, **related):
    beat = officer.assignments.get().beat
    return record_visit(
        visit=Visit(kind=Visit.Kind.ROUTINE, findings="情况正常", beat=beat, visited_at=moment),
        by=officer,
        **related,
    )


def week_data(stamp, days):
    """The week form's POST: ``days`` maps a weekday (0 = Monday) to (am, pm, dispatcher)."""
    data = {
        "stamp": stamp,
        "form-TOTAL_FORMS": "7",
        "form-INITIAL_FORMS": "7",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "7",
    }
    for i in range(7):
        am, pm, dispatcher = days.get(i, ("", "", None))
        data |= {
            f"form-{i}-am": am,
            f"form-{i}-pm": pm,
            f"form-{i}-dispatched_by": dispatcher.pk if dispatcher else "",
            f"form-{i}-note": "",
        }
    return data


def open_week(client, monday=MONDAY):
    return client.get(reverse("assignments:duty_week"), {"week": monday.isoformat()})


def save_week(client, days, monday=MONDAY, stamp=None):
    if stamp is None:
        stamp = open_week(client, monday).context["stamp"]
    return client.post(
        f"{reverse('assignments:duty_week')}?week={monday.isoformat()}", week_data(stamp, days)
    )


def blocks_of(officer):
    return {
        (b.date, b.half): (b.kind, b.dispatched_by_id, b.dispatch_status)
        for b in DutyBlock.objects.filter(officer=officer)
    }


# --- The share of community time ------------------------------------------------------


def test_the_share_counts_half_days_in_and_out_of_the_community(officer, colleague, chief):
    log(officer, D(2026, 11, 2), "visit", "office")
    log(officer, D(2026, 11, 3), "event", "visit")
    log(officer, D(2026, 11, 4), "operation", "standby", by=chief)
    log(officer, D(2026, 11, 5), "visit", "non_police", by=chief)
    log(officer, D(2026, 10, 30), "operation", "operation", by=chief)  # another month
    november = periods.month_of(D(2026, 11, 28))
    shares = duty.community_shares([officer.pk, colleague.pk], november.start, november.end)
    share = shares[officer.pk]
    assert (share.community, share.total, share.non_community_days) == (5, 8, 2)
    assert share.pending_dispatches == 3
    assert share.share == Fraction(5, 8) and share.percent == 62.5 and share.below
    assert share.days == 4
    # nothing logged: no share at all, and not flagged
    assert shares[colleague.pk].total == 0 and shares[colleague.pk].share is None
    assert not shares[colleague.pk].below


def test_exactly_the_required_share_is_not_below_it(officer, chief, settings):
    log(officer, D(2026, 11, 2), "visit", "visit")
    log(officer, D(2026, 11, 3), "visit", "operation", by=chief)
    share = duty.community_shares([officer.pk], D(2026, 11, 1), D(2026, 11, 30))[officer.pk]
    assert share.share == Fraction(3, 4) and not share.below
    settings.COMMUNITY_SHARE_REQUIRED = Fraction(4, 5)  # the requirement is configurable
    share = duty.community_shares([officer.pk], D(2026, 11, 1), D(2026, 11, 30))[officer.pk]
    assert share.below and share.required_percent == 80.0
    settings.COMMUNITY_SHARE_REQUIRED = Fraction(2, 3)
    log(officer, D(2026, 11, 4), "operation", "visit", by=chief)  # now 4 of 6: exactly 2/3
    share = duty.community_shares([officer.pk], D(2026, 11, 1), D(2026, 11, 30))[officer.pk]
    assert share.share == Fraction(2, 3) and not share.below


def test_a_recorded_visit_fills_an_unlogged_half_day_as_community_time(officer, house_a):
    visit(officer, at(D(2026, 11, 24), 9, 30), houses=[house_a])
    visit(officer, at(D(2026, 11, 24), 10, 45))  # the same morning: still one half day
    visit(officer, at(D(2026, 11, 24), 15, 0))
    assert blocks_of(officer) == {
        (D(2026, 11, 24), "am"): ("visit", None, ""),
        (D(2026, 11, 24), "pm"): ("visit", None, ""),
    }
    assert all(b.from_visit for b in DutyBlock.objects.all())
    share = duty.community_shares([officer.pk], D(2026, 11, 1), D(2026, 11, 30))[officer.pk]
    assert (share.community, share.total) == (2, 2)


def test_a_visit_does_not_override_a_logged_half_day(officer, chief):
    log(officer, D(2026, 11, 24), "operation", by=chief)
    visit(officer, at(D(2026, 11, 24), 11, 0))  # on the way back from the operation
    assert blocks_of(officer) == {(D(2026, 11, 24), "am"): ("operation", chief.pk, "pending")}


def test_a_visit_just_after_noon_counts_for_the_afternoon(officer):
    visit(officer, at(D(2026, 11, 24), 12, 0))
    assert list(DutyBlock.objects.values_list("half", flat=True)) == ["pm"]


def test_non_community_duty_without_a_dispatcher_is_refused_by_the_database(officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyBlock.objects.create(officer=officer, date=D(2026, 11, 24), half="am", kind="standby")
    DutyBlock.objects.create(officer=officer, date=D(2026, 11, 24), half="am", kind="office")


def test_one_entry_per_half_day(officer):
    DutyBlockFactory(officer=officer, date=D(2026, 11, 24), half="am")
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyBlockFactory(officer=officer, date=D(2026, 11, 24), half="am", kind="office")


# --- The week form --------------------------------------------------------------------


def test_officer_logs_a_week_with_two_days_of_special_operation(login, officer, chief):
    """officer1 was sent to a 专项行动 for two days: their month drops below two thirds,
    and the chief sees who sent them and is asked to confirm."""
    client = login(officer)
    response = save_week(
        client,
        {
            0: ("operation", "operation", chief),
            1: ("operation", "operation", chief),
            2: ("visit", "office", None),
            3: ("visit", "visit", None),
            4: ("event", "visit", None),
        },
    )
    assert response.status_code == 302
    saved = blocks_of(officer)
    assert len(saved) == 10
    assert saved[(MONDAY, "am")] == ("operation", chief.pk, "pending")
    assert saved[(MONDAY + datetime.timedelta(days=2), "am")] == ("visit", None, "")

    page = client.get(reverse("assignments:duty_month"))
    share = page.context["share"]
    assert (share.community, share.total, share.below) == (6, 10, True)
    assert [(b.date, b.half) for b in page.context["away"]] == [
        (MONDAY, "am"),
        (MONDAY, "pm"),
        (D(2026, 11, 24), "am"),
        (D(2026, 11, 24), "pm"),
    ]

    station = login(chief).get(reverse("assignments:duty_month")).context
    assert officer in station["below"]
    assert [(row["dispatched_by"], row["blocks"]) for row in station["dispatchers"]] == [
        (chief.pk, 4)
    ]
    assert len(station["awaiting"]) == 4


def test_non_community_duty_must_name_its_dispatcher(login, officer):
    response = save_week(login(officer), {0: ("visit", "standby", None), 1: ("visit", "", None)})
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert "dispatched_by" in forms[0].errors
    assert not forms[1].errors
    # the message stands under the field it is about
    assert 'id="error_1_id_form-0-dispatched_by"' in response.content.decode()
    assert not DutyBlock.objects.exists()  # not even the valid day


@pytest.mark.parametrize(
    "who, allowed",
    [("other_chief", False), ("colleague", False), ("analyst", True), ("chief", True)],
)
def test_only_a_chief_or_the_unit_above_can_dispatch(request, login, officer, who, allowed):
    dispatcher = request.getfixturevalue(who)
    response = save_week(login(officer), {0: ("operation", "", dispatcher)})
    if allowed:
        assert blocks_of(officer) == {(MONDAY, "am"): ("operation", dispatcher.pk, "pending")}
    else:
        assert "dispatched_by" in response.context["formset"].forms[0].errors
        assert not DutyBlock.objects.exists()


def test_a_future_day_cannot_be_logged(login, officer, chief):
    client = login(officer)
    response = save_week(
        client,
        dict.fromkeys(range(7), ("visit", "visit", None)),  # Sunday 29 is tomorrow
    )
    assert response.status_code == 302
    assert max(day for day, _half in blocks_of(officer)) == D(2026, 11, 28)
    assert len(blocks_of(officer)) == 12
    # a week wholly ahead saves nothing at all
    next_monday = MONDAY + datetime.timedelta(days=7)
    save_week(client, {0: ("visit", "visit", None)}, monday=next_monday)
    assert not DutyBlock.objects.filter(date__gte=next_monday).exists()


def test_a_stale_week_form_saves_nothing(login, officer, house_a):
    client = login(officer)
    stamp = open_week(client).context["stamp"]
    # meanwhile a visit recorded on the phone fills Monday morning
    visit(officer, at(MONDAY, 9, 0), houses=[house_a])
    response = save_week(client, {0: ("", "standby", None), 1: ("office", "", None)}, stamp=stamp)
    assert response.status_code == 200 and "error" in message_levels(response)
    assert blocks_of(officer) == {(MONDAY, "am"): ("visit", None, "")}
    # reopened, the form shows the visit and saves
    response = save_week(client, {0: ("visit", "", None), 1: ("office", "", None)})
    assert response.status_code == 302
    assert blocks_of(officer)[(D(2026, 11, 24), "am")] == ("office", None, "")
    assert DutyBlock.objects.get(date=MONDAY).from_visit  # left as it was


def test_a_changed_duty_asks_the_dispatcher_again(officer, chief):
    log(officer, MONDAY, "operation", by=chief)
    block = DutyBlock.objects.get()
    services.decide_dispatch(block, by=chief, confirmed=True)
    # the same entry saved again keeps the confirmation
    services.save_day(officer, MONDAY, {"am": ("operation", chief, ""), "pm": (None, None, "")})
    assert DutyBlock.objects.get().dispatch_status == Dispatch.CONFIRMED
    services.save_day(officer, MONDAY, {"am": ("standby", chief, ""), "pm": (None, None, "")})
    assert DutyBlock.objects.get().dispatch_status == Dispatch.PENDING
    # back to community work: no dispatcher, nothing to confirm
    services.save_day(officer, MONDAY, {"am": ("visit", chief, ""), "pm": (None, None, "")})
    assert blocks_of(officer) == {(MONDAY, "am"): ("visit", None, "")}
    services.save_day(officer, MONDAY, {"am": (None, None, ""), "pm": (None, None, "")})
    assert not DutyBlock.objects.exists()


# --- The dispatcher confirms ----------------------------------------------------------


@pytest.fixture
def dispatched(officer, chief, analyst):
    """Monday: the chief sent officer to a special operation in the morning, the branch
    analyst to a non-police assignment in the afternoon."""
    log(officer, MONDAY, "operation", by=chief)
    DutyBlockFactory(
        officer=officer,
        date=MONDAY,
        half="pm",
        kind="non_police",
        dispatched_by=analyst,
        dispatch_status=Dispatch.PENDING,
    )
    return DutyBlock.objects.get(half="am"), DutyBlock.objects.get(half="pm")


def decide(client, block, decision):
    return client.post(
        reverse("assignments:dispatch_decide", args=[block.pk]), {"decision": decision}
    )


def test_the_dispatcher_confirms_or_declines_their_own_dispatches(
    login, dispatched, chief, analyst
):
    by_chief, by_analyst = dispatched
    url = reverse("assignments:dispatch_list")
    assert list(login(chief).get(url).context["awaiting"]) == [by_chief]
    decide(login(chief), by_chief, "confirm")
    decide(login(analyst), by_analyst, "decline")
    by_chief.refresh_from_db()
    by_analyst.refresh_from_db()
    assert by_chief.dispatch_status == Dispatch.CONFIRMED and by_chief.dispatch_decided_at
    assert by_analyst.dispatch_status == Dispatch.DECLINED
    context = login(chief).get(url).context
    assert list(context["awaiting"]) == [] and list(context["page_obj"]) == [by_chief]


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 403), ("colleague", 403), ("other_chief", 404), ("chief", 404)]
)
def test_nobody_else_decides_a_dispatch(request, login, dispatched, who, status):
    """Not the officer (no dispatcher at all), not another station, not even their own
    chief when the unit above sent them (the block is not theirs to find)."""
    _by_chief, by_analyst = dispatched
    user = request.getfixturevalue(who)
    assert decide(login(user), by_analyst, "confirm").status_code == status
    with pytest.raises(PermissionDenied):
        services.decide_dispatch(by_analyst, by=user, confirmed=True)
    by_analyst.refresh_from_db()
    assert by_analyst.dispatch_status == Dispatch.PENDING


# --- Weekly targets ---------------------------------------------------------------------


@pytest.fixture
def rented_house(rooms_a):
    return House.objects.create(
        address=rooms_a[1], beat=rooms_a[1].beat, use=HouseUse.objects.get(code="rented")
    )


def test_weekly_figures_against_the_targets(
    officer, chief, house_a, rented_house, organization_a, settings
):
    week = D(2026, 11, 16)
    visit(officer, at(week, 9), houses=[house_a])
    visit(officer, at(D(2026, 11, 17), 15), houses=[house_a, rented_house])
    visit(officer, at(D(2026, 11, 18), 10), organizations=[organization_a])
    visit(officer, at(D(2026, 11, 15), 10), houses=[rented_house])  # Sunday before
    visit(officer, at(D(2026, 11, 23), 10), organizations=[organization_a])  # Monday after
    log(officer, D(2026, 11, 19), "office")
    log(officer, D(2026, 11, 20), "operation", "visit", by=chief)
    log(officer, D(2026, 11, 21), "operation", "operation", by=chief)  # Saturday, away
    assert duty.weekly_figures(officer.pk, week) == {
        "days_in_beat": (5, 4),  # Mon, Tue, Wed (visits), Thu, Fri
        "households_visited": (2, 10),
        "organizations_visited": (1, 5),
    }
    settings.WEEKLY_TARGETS = {"days_in_beat": 5, "households_visited": 2}
    assert duty.weekly_figures(officer.pk, week) == {
        "days_in_beat": (5, 5),
        "households_visited": (2, 2),
    }


def test_the_month_page_shows_each_week_against_the_targets(login, officer, house_a):
    visit(officer, at(D(2026, 11, 24), 9), houses=[house_a])
    weeks = dict(login(officer).get(reverse("assignments:duty_month")).context["weeks"])
    assert list(weeks) == [D(2026, 10, 26) + datetime.timedelta(days=7 * i) for i in range(6)]
    assert weeks[MONDAY]["days_in_beat"] == (1, 4)
    assert weeks[MONDAY]["households_visited"] == (1, 10)
    assert weeks[D(2026, 11, 16)]["days_in_beat"] == (0, 4)
