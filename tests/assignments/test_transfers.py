"""调离审批: filing, the station chief's and the unit above's approvals, rejection,
and the transfer carried out in one transaction with its handover (交接)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assignments import services
from assignments.models import Assignment, TransferRequest
from communitypolice.core.models import Notification
from incidents.models import Dispute, Tip
from residents.models import CareCategory, CareDesignation, KeyPersonDesignation
from tests.assignments.helpers import days, file_transfer, message_levels
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = TransferRequest.Status


def decide(client, transfer, decision="approve", comment=""):
    return client.post(
        reverse("assignments:transfer_decide", args=[transfer.pk]),
        {"decision": decision, "comment": comment},
    )


def reload(record):
    record.refresh_from_db()
    return record


# --- Filing ---------------------------------------------------------------------


def test_the_minimum_tenure_decides_whether_the_unit_above_must_approve(
    lead_post, newcomer, chief, today
):
    effective = today + days(7)
    # served exactly the minimum tenure on the day before the move: the chief decides alone
    lead_post.start_date = effective - days(settings.MIN_TENURE_DAYS)
    lead_post.save()
    transfer = file_transfer(lead_post, by=chief, successor=newcomer)
    assert not transfer.needs_higher_approval
    transfer.delete()
    # one day short of it: the unit above must approve too
    lead_post.start_date += days(1)
    lead_post.save()
    assert file_transfer(lead_post, by=chief, successor=newcomer).needs_higher_approval


def test_an_officer_files_a_request_through_the_page_and_the_chief_is_told(
    login, early_post, newcomer, chief, today
):
    response = login(early_post.officer).post(
        reverse("assignments:transfer_create", args=[early_post.pk]),
        {
            "kind": "remove",
            "successor": newcomer.pk,
            "effective_date": (today + days(10)).isoformat(),
            "reason": "调往刑侦大队",
        },
    )
    transfer = TransferRequest.objects.get()
    assert response.status_code == 302 and response.url == transfer.get_absolute_url()
    assert (transfer.status, transfer.requested_by, transfer.needs_higher_approval) == (
        Status.PENDING,
        early_post.officer,
        True,
    )
    assert Notification.objects.filter(user=chief, url=transfer.get_absolute_url()).exists()


def test_a_lead_leaving_must_name_who_leads_the_beat_next(login, early_post, newcomer, today):
    response = login(early_post.officer).post(
        reverse("assignments:transfer_create", args=[early_post.pk]),
        {"kind": "remove", "effective_date": (today + days(10)).isoformat(), "reason": "调离"},
    )
    assert response.status_code == 200
    assert "successor" in response.context["form"].errors
    assert not TransferRequest.objects.exists()


def test_an_assistant_names_no_successor(login, newcomer, today):
    post = newcomer.assignments.get()
    client = login(newcomer)
    url = reverse("assignments:transfer_create", args=[post.pk])
    assert "successor" not in client.get(url).context["form"].fields
    client.post(
        url, {"kind": "remove", "effective_date": (today + days(10)).isoformat(), "reason": "x"}
    )
    assert TransferRequest.objects.get().successor is None


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "reassign"}, "to_beat"),  # a reassignment names the new beat …
        ({"kind": "reassign", "to_beat": "B"}, "to_role"),  # … and the new post
        ({"kind": "remove", "effective": -1}, "effective_date"),  # not in the past
    ],
)
def test_the_request_form_refuses_incomplete_requests(
    login, seasoned_post, newcomer, beat_b, today, data, field
):
    post = {
        "kind": data["kind"],
        "successor": newcomer.pk,
        "effective_date": (today + days(data.get("effective", 7))).isoformat(),
        "reason": "x",
    }
    if data.get("to_beat"):
        post["to_beat"] = beat_b.pk
    response = login(seasoned_post.officer).post(
        reverse("assignments:transfer_create", args=[seasoned_post.pk]), post
    )
    assert field in response.context["form"].errors
    assert not TransferRequest.objects.exists()


def test_one_pending_request_per_post(login, seasoned_post, newcomer, chief, today):
    file_transfer(seasoned_post, by=chief, successor=newcomer)
    response = login(seasoned_post.officer).post(
        reverse("assignments:transfer_create", args=[seasoned_post.pk]),
        {
            "kind": "remove",
            "successor": newcomer.pk,
            "effective_date": (today + days(9)).isoformat(),
            "reason": "x",
        },
    )
    assert response.context["form"].non_field_errors()
    assert TransferRequest.objects.count() == 1


# --- Approval paths -----------------------------------------------------------------


def test_after_the_minimum_tenure_the_chiefs_approval_carries_it_out(
    login, seasoned_post, newcomer, chief, beat_b, today
):
    transfer = file_transfer(
        seasoned_post,
        by=chief,
        kind="reassign",
        to_beat=beat_b,
        to_role="assistant",
        successor=newcomer,
    )
    response = decide(login(chief), transfer, comment="同意")
    transfer = reload(transfer)
    assert response.status_code == 302 and "success" in message_levels(response)
    assert transfer.status == Status.APPROVED and transfer.chief_decision_by == chief
    effective = transfer.effective_date
    # the old post ends the day before, the new one starts on the day
    assert reload(seasoned_post).end_date == effective - days(1)
    new = transfer.new_assignment
    assert (new.officer, new.beat, new.role, new.start_date, new.end_date) == (
        seasoned_post.officer,
        beat_b,
        "assistant",
        effective,
        None,
    )
    # the successor leads beat A from the same day, their assistant post ended
    leads_then = Assignment.objects.active_on(effective).filter(beat=seasoned_post.beat)
    assert [(a.officer, a.role) for a in leads_then] == [(newcomer, "lead")]
    assert Notification.objects.filter(user=seasoned_post.officer).exists()


def test_before_the_minimum_tenure_the_unit_above_must_approve_too(
    login, early_post, newcomer, chief, analyst, today
):
    """officer2 asks to leave after three months: chief1's approval is not enough."""
    transfer = file_transfer(early_post, by=early_post.officer, successor=newcomer)
    response = decide(login(chief), transfer)
    transfer = reload(transfer)
    assert "info" in message_levels(response)
    assert transfer.status == Status.PENDING_HIGHER and transfer.chief_decision_by == chief
    assert reload(early_post).end_date is None
    # the chief has had their say; the branch analyst is asked
    assert not transfer.may_decide(chief)
    assert decide(login(chief), transfer).status_code == 403
    assert Notification.objects.filter(user=analyst, url=transfer.get_absolute_url()).exists()
    awaiting = login(analyst).get(reverse("assignments:transfer_list")).context["awaiting"]
    assert awaiting == [transfer]
    decide(login(analyst), transfer, comment="同意提前调离")
    transfer = reload(transfer)
    assert transfer.status == Status.APPROVED and transfer.higher_decision_by == analyst
    assert reload(early_post).end_date == transfer.effective_date - days(1)


def test_the_city_bureau_counts_as_a_unit_above(early_post, newcomer, chief, city_analyst):
    transfer = file_transfer(early_post, by=chief, successor=newcomer)
    services.approve_transfer(transfer, by=chief)
    services.approve_transfer(transfer, by=city_analyst)
    assert reload(transfer).status == Status.APPROVED


def test_an_administrator_approving_at_the_first_step_carries_it_out(
    early_post, newcomer, admin_user
):
    transfer = file_transfer(early_post, by=early_post.officer, successor=newcomer)
    services.approve_transfer(transfer, by=admin_user)
    assert reload(transfer).status == Status.APPROVED
    assert reload(early_post).end_date is not None


def test_an_analyst_of_another_branch_cannot_approve(
    login, early_post, newcomer, chief, foreign_analyst
):
    transfer = file_transfer(early_post, by=chief, successor=newcomer)
    services.approve_transfer(transfer, by=chief)
    assert not transfer.may_decide(foreign_analyst)
    with pytest.raises(PermissionDenied):
        services.approve_transfer(reload(transfer), by=foreign_analyst)
    assert decide(login(foreign_analyst), transfer).status_code == 404
    assert reload(transfer).status == Status.PENDING_HIGHER
    assert reload(early_post).end_date is None


def test_the_unit_above_does_not_decide_before_the_chief(login, early_post, newcomer, analyst):
    transfer = file_transfer(early_post, by=early_post.officer, successor=newcomer)
    assert decide(login(analyst), transfer).status_code == 403
    assert reload(transfer).status == Status.PENDING


@pytest.mark.parametrize("who", ["officer", "newcomer"])
def test_officers_cannot_decide(request, login, seasoned_post, newcomer, chief, who):
    user = request.getfixturevalue(who)
    transfer = file_transfer(seasoned_post, by=seasoned_post.officer, successor=newcomer)
    if user == seasoned_post.officer:  # their own request: visible, but not theirs to decide
        assert decide(login(user), transfer).status_code == 403
    else:  # someone else's request: not even visible
        assert decide(login(user), transfer).status_code == 404
    with pytest.raises(PermissionDenied):
        services.approve_transfer(transfer, by=user)
    assert reload(transfer).status == Status.PENDING
    assert reload(seasoned_post).end_date is None


def test_a_rejection_needs_a_reason(login, seasoned_post, newcomer, chief):
    transfer = file_transfer(seasoned_post, by=seasoned_post.officer, successor=newcomer)
    client = login(chief)
    response = decide(client, transfer, decision="reject")
    assert "error" in message_levels(response)
    assert reload(transfer).status == Status.PENDING
    decide(client, transfer, decision="reject", comment="警力紧张，暂缓")
    transfer = reload(transfer)
    assert (transfer.status, transfer.comment, transfer.chief_decision_by) == (
        Status.REJECTED,
        "警力紧张，暂缓",
        chief,
    )
    assert reload(seasoned_post).end_date is None
    assert Notification.objects.filter(
        user=seasoned_post.officer, message__contains="警力紧张"
    ).exists()
    # decided: nobody may decide it again
    assert decide(client, transfer).status_code == 403


def test_the_unit_above_may_reject_an_early_transfer(early_post, newcomer, chief, analyst):
    transfer = file_transfer(early_post, by=chief, successor=newcomer)
    services.approve_transfer(transfer, by=chief)
    services.reject_transfer(reload(transfer), by=analyst, comment="未满最短任期")
    transfer = reload(transfer)
    assert transfer.status == Status.REJECTED and transfer.higher_decision_by == analyst
    assert reload(early_post).end_date is None


def test_pending_requests_show_on_the_approvers_pages(
    login, seasoned_post, newcomer, chief, other_chief, analyst
):
    transfer = file_transfer(seasoned_post, by=seasoned_post.officer, successor=newcomer)
    url = reverse("assignments:transfer_list")
    assert login(chief).get(url).context["awaiting"] == [transfer]
    assert login(other_chief).get(url).context["awaiting"] == []
    assert login(analyst).get(url).context["awaiting"] == []  # the chief decides alone here
    assert login(seasoned_post.officer).get(url).context["awaiting"] == []


# --- Carried out in one transaction ---------------------------------------------------


@pytest.fixture
def responsibilities(seasoned_post, key_designation_a, warning_tip_a, building_a):
    """What the lead of beat A holds: a key person, an open tip, an open dispute."""
    officer = seasoned_post.officer
    dispute = Dispute.objects.create(
        type="neighbour",
        parties="301室与401室",
        description="漏水纠纷",
        address=building_a,
        beat=building_a.beat,
        responsible_officer=officer,
    )
    assert warning_tip_a.responsible_officer == officer
    return key_designation_a, warning_tip_a, dispute


def test_a_transfer_that_cannot_be_completed_changes_nothing(
    login, seasoned_post, newcomer, colleague, chief, beat_b, responsibilities
):
    """The new post is impossible (beat B has its lead already): the old post, the
    successor's post and every responsibility stay as they were."""
    designation, tip, dispute = responsibilities
    officer = seasoned_post.officer
    transfer = file_transfer(
        seasoned_post,
        by=chief,
        kind="reassign",
        to_beat=beat_b,
        to_role="lead",
        successor=newcomer,
    )
    posts_before = list(Assignment.objects.order_by("pk").values())
    log_before = LogEntry.objects.count()
    response = decide(login(chief), transfer)
    assert "error" in message_levels(response)
    transfer = reload(transfer)
    assert transfer.status == Status.PENDING and transfer.chief_decision_by is None
    assert transfer.handover == [] and transfer.new_assignment is None
    assert reload(seasoned_post).end_date is None
    assert list(Assignment.objects.order_by("pk").values()) == posts_before
    assert reload(designation).responsible_officer == officer
    assert reload(tip).responsible_officer == officer
    assert reload(dispute).responsible_officer == officer
    assert LogEntry.objects.count() == log_before
    with pytest.raises(ValidationError):
        services.approve_transfer(transfer, by=chief)
    assert reload(seasoned_post).end_date is None


def test_a_successor_who_leads_another_beat_makes_the_transfer_fail_whole(
    seasoned_post, colleague, chief, responsibilities
):
    designation, _tip, _dispute = responsibilities
    transfer = file_transfer(seasoned_post, by=chief, successor=colleague)
    with pytest.raises(ValidationError):
        services.approve_transfer(transfer, by=chief)
    assert reload(seasoned_post).end_date is None
    assert reload(designation).responsible_officer == seasoned_post.officer
    assert reload(transfer).status == Status.PENDING


def test_the_handover_moves_responsibilities_to_the_successor_and_lists_them(
    login, seasoned_post, newcomer, chief, responsibilities, building_a, person_a
):
    designation, tip, dispute = responsibilities
    officer = seasoned_post.officer
    # closed matters and care designations stay where they are
    handled = Tip.objects.create(
        level=Tip.Level.SIGN,
        category="旧线索",
        content="已处置",
        source=Tip.Source.PUBLIC,
        beat=building_a.beat,
        reported_by=officer,
        status=Tip.Status.HANDLED,
    )
    resolved = Dispute.objects.create(
        type="family",
        parties="甲乙",
        description="已化解",
        address=building_a,
        beat=building_a.beat,
        responsible_officer=officer,
        status=Dispute.Status.RESOLVED,
    )
    care = CareDesignation.objects.create(
        person=person_a,
        category=CareCategory.objects.get(code="hardship"),
        reason="困难",
        interval_days=30,
    )
    transfer = file_transfer(seasoned_post, by=officer, successor=newcomer)
    decide(login(chief), transfer)
    transfer = reload(transfer)
    assert transfer.status == Status.APPROVED

    for record in (designation, tip, dispute):
        assert reload(record).responsible_officer == newcomer
        entry = LogEntry.objects.get_for_object(record).latest("pk")
        assert entry.action == LogEntry.Action.UPDATE and entry.actor == chief
        assert entry.changes_dict["responsible_officer"] == [str(officer), str(newcomer)]
    assert reload(handled).responsible_officer == officer
    assert reload(resolved).responsible_officer == officer

    listed = {(item["kind"], item["url"]) for item in transfer.handover}
    assert listed == {
        ("Key persons", reverse("residents:person_detail", args=[designation.person_id])),
        ("Care persons", reverse("residents:person_detail", args=[care.person_id])),
        ("Open tips", tip.get_absolute_url()),
        ("Open disputes", dispute.get_absolute_url()),
    }
    # the transfer's page lists what was handed over, with links
    page = login(chief).get(transfer.get_absolute_url()).content.decode()
    for item in transfer.handover:
        assert f'href="{item["url"]}"' in page
    # the successor is told, and the change of posts is in the audit trail
    assert Notification.objects.filter(user=newcomer).exists()
    assert LogEntry.objects.get_for_object(seasoned_post).latest("pk").actor == chief


def test_the_successors_earlier_post_in_the_beat_ends_with_an_audit_row(
    seasoned_post, newcomer, chief
):
    assistant_post = newcomer.assignments.get()
    transfer = file_transfer(seasoned_post, by=chief, successor=newcomer)
    services.approve_transfer(transfer, by=chief)
    assert reload(assistant_post).end_date == transfer.effective_date - days(1)
    entry = LogEntry.objects.get_for_object(assistant_post).latest("pk")
    assert entry.action == LogEntry.Action.UPDATE and "end_date" in entry.changes_dict


def test_an_assistant_leaving_hands_over_to_the_beats_lead(
    seasoned_post, newcomer, chief, building_a
):
    post = newcomer.assignments.get()
    post.start_date = seasoned_post.start_date
    post.save()
    tip = Tip.objects.create(
        level=Tip.Level.SIGN,
        category="噪音",
        content="夜间施工",
        source=Tip.Source.PUBLIC,
        beat=building_a.beat,
        reported_by=newcomer,
    )
    transfer = file_transfer(post, by=newcomer)
    services.approve_transfer(transfer, by=chief)
    assert reload(tip).responsible_officer == seasoned_post.officer
    assert [item["kind"] for item in reload(transfer).handover] == ["Open tips"]


def test_key_persons_of_another_beat_are_not_handed_over(
    seasoned_post, newcomer, chief, person_c, key_designation_a
):
    elsewhere = KeyPersonDesignation.objects.create(
        person=person_c,
        category=key_designation_a.category,
        control_level=3,
        reason="x",
        interval_days=30,
        responsible_officer=seasoned_post.officer,
        start_date=datetime.date(2026, 1, 1),
    )
    services.approve_transfer(file_transfer(seasoned_post, by=chief, successor=newcomer), by=chief)
    assert reload(elsewhere).responsible_officer == seasoned_post.officer
    assert reload(key_designation_a).responsible_officer == newcomer


def test_the_officers_page_keeps_the_whole_history(login, seasoned_post, newcomer, chief, beat_b):
    transfer = file_transfer(
        seasoned_post,
        by=chief,
        kind="reassign",
        to_beat=beat_b,
        to_role="assistant",
        successor=newcomer,
    )
    services.approve_transfer(transfer, by=chief)
    response = login(chief).get(
        reverse("assignments:officer_detail", args=[seasoned_post.officer_id])
    )
    posts = list(response.context["posts"])
    assert [(p.beat.code, p.role, p.end_date) for p in posts] == [
        ("A02", "assistant", None),
        ("A01", "lead", transfer.effective_date - days(1)),
    ]
    assert list(response.context["transfers"]) == [transfer]


def test_an_administrator_approving_early_is_recorded_as_the_unit_above(
    early_post, newcomer, admin_user
):
    transfer = file_transfer(early_post, by=early_post.officer, successor=newcomer)
    services.approve_transfer(transfer, by=admin_user)
    transfer = reload(transfer)
    assert transfer.chief_decision_by == admin_user
    assert transfer.higher_decision_by == admin_user and transfer.higher_decision_at


def test_a_successor_posted_from_the_same_day_is_refused_with_a_message(
    login, seasoned_post, chief, station_a, today
):
    """The successor's assistant post begins on the day of the transfer: it cannot end
    the day before, so the approval is refused, not failed."""
    successor = UserFactory(username="successor", unit=station_a)
    effective = today + days(7)
    AssignmentFactory(
        officer=successor, beat=seasoned_post.beat, role="assistant", start_date=effective
    )
    transfer = file_transfer(seasoned_post, by=chief, successor=successor)
    response = decide(login(chief), transfer)
    assert response.status_code == 302 and "error" in message_levels(response)
    assert reload(transfer).status == Status.PENDING
    assert reload(seasoned_post).end_date is None


def test_both_approvers_comments_are_kept(login, early_post, newcomer, chief, analyst):
    transfer = file_transfer(early_post, by=early_post.officer, successor=newcomer)
    decide(login(chief), transfer, comment="所里同意")
    decide(login(analyst), transfer, comment="分局同意提前调离")
    transfer = reload(transfer)
    assert (transfer.comment, transfer.higher_comment) == ("所里同意", "分局同意提前调离")
    page = login(chief).get(reverse("assignments:transfer_detail", args=[transfer.pk]))
    assert "所里同意" in page.text and "分局同意提前调离" in page.text


def test_the_form_refuses_a_lead_post_in_a_beat_that_has_one(
    login, seasoned_post, newcomer, colleague, beat_b, today
):
    """``colleague`` leads beat B: officer cannot move there as lead, the form says so."""
    response = login(seasoned_post.officer).post(
        reverse("assignments:transfer_create", args=[seasoned_post.pk]),
        {
            "kind": "reassign",
            "to_beat": beat_b.pk,
            "to_role": "lead",
            "successor": newcomer.pk,
            "effective_date": (today + days(7)).isoformat(),
            "reason": "x",
        },
    )
    assert "to_beat" in response.context["form"].errors
    assert not TransferRequest.objects.exists()


def test_the_form_refuses_a_successor_who_leads_another_beat(
    login, seasoned_post, colleague, today
):
    response = login(seasoned_post.officer).post(
        reverse("assignments:transfer_create", args=[seasoned_post.pk]),
        {
            "kind": "remove",
            "successor": colleague.pk,
            "effective_date": (today + days(7)).isoformat(),
            "reason": "x",
        },
    )
    assert "successor" in response.context["form"].errors
    assert not TransferRequest.objects.exists()
