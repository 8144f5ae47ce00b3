import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.accounts.models import Unit
from communitypolice.accounts.scope import Role
from communitypolice.core import periods, snapshots
from communitypolice.core.access import DISPATCHERS, MANAGERS, has_role, role_required
from communitypolice.core.figures import beat_figure_list, beat_figures_for
from communitypolice.core.pagination import page_of
from communitypolice.core.sections import sections_for
from communitypolice.core.views import form_error_text

from . import duty, services
from .forms import (
    AllocationRuleForm,
    AssignmentForm,
    BeatForm,
    DecisionForm,
    TrainingForm,
    TransferForm,
    WeekFormSet,
)
from .models import (
    AllocationRule,
    Assignment,
    Beat,
    DutyBlock,
    TrainingRecord,
    TransferRequest,
    officers_visible_to,
)
from .workload import allocations

# Who sets the allocation advisor's weights for the units below them.
RULE_SETTERS = (Role.ANALYST, Role.ADMIN)


def _current_assignments():
    today = periods.today()
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.active_on(today).select_related("officer").order_by("role"),
        to_attr="current_assignments",
    )


def _may_manage(user):
    """Whether the user manages the beats they see (a chief's are their station's)."""
    return has_role(user, *MANAGERS)


def _month(request):
    """The month asked for (?month=2026-11), the current one by default."""
    month = periods.asked_month(request.GET.get("month", "")) or periods.month_of(periods.today())
    return month.start, month.end


# --- Beats -----------------------------------------------------------------------


@login_required
def beat_list(request):
    """An officer's own beats today; a chief's station; an analyst's units; all for admins,
    with each beat's mode, officers and size figures, read live."""
    beats = (
        Beat.objects.visible_to(request.user)
        .select_related("station")
        .prefetch_related(_current_assignments())
        .order_by("station__code", "code")
    )
    figures = beat_figures_for(beats)
    figure_list = beat_figure_list()
    rows = [(beat, [(f, figures[beat.pk][f.key]) for f in figure_list]) for beat in beats]
    return render(
        request,
        "assignments/beat_list.html",
        {
            "rows": rows,
            "may_manage": _may_manage(request.user),
        },
    )


@login_required
def beat_detail(request, pk):
    found = allocations(
        Beat.objects.visible_to(request.user).filter(pk=pk).prefetch_related(_current_assignments())
    )
    if not found:
        raise Http404
    allocation = found[0]
    beat = allocation.beat
    history = beat.assignments.select_related("officer").order_by("-start_date")
    return render(
        request,
        "assignments/beat_detail.html",
        {
            "beat": beat,
            "allocation": allocation,
            "history": history,
            "may_manage": _may_manage(request.user),
            "sections": sections_for(beat, request.user),
            "min_tenure_days": settings.MIN_TENURE_DAYS,
        },
    )


@role_required(*MANAGERS)
def beat_edit(request, pk=None):
    beat = None
    if pk is not None:
        beat = get_object_or_404(Beat.objects.visible_to(request.user), pk=pk)
    form = BeatForm(request.POST or None, instance=beat, user=request.user)
    if request.method == "POST" and form.is_valid():
        beat = form.save()
        messages.success(request, _("The beat was saved."))
        return redirect("assignments:beat_detail", beat.pk)
    title = _("Edit beat") if beat else _("New beat")
    return render(request, "assignments/form.html", {"form": form, "title": title})


@role_required(*MANAGERS)
def assignment_create(request, pk):
    """Post an officer of the station to a beat, as lead or assistant."""
    beat = get_object_or_404(Beat.objects.visible_to(request.user), pk=pk)
    form = AssignmentForm(request.POST or None, beat=beat)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The officer was posted to the beat."))
        return redirect("assignments:beat_detail", beat.pk)
    title = _("Post an officer to %(beat)s") % {"beat": beat}
    return render(request, "assignments/form.html", {"form": form, "title": title})


# --- Allocation -------------------------------------------------------------------


@role_required(Role.CHIEF, Role.ANALYST, Role.ADMIN)
def allocation(request):
    """警力配置: workload index and recommended officers per beat, against those posted."""
    beats = Beat.objects.visible_to(request.user).order_by("station__code", "code")
    figures = snapshots.snapshot(
        "scope_figures", request.user.pk, refresh="refresh" in request.GET, user=request.user
    )
    rows = allocations(beats, figures.value)
    rule_unit = _rule_unit(request.user)
    return render(
        request,
        "assignments/allocation.html",
        {
            "rows": rows,
            "short": [row for row in rows if row.is_short],
            "figure_list": beat_figure_list(),
            # Distinct by unit; the defaults (no unit, unsaved) count once and cannot be hashed.
            "rules": list({row.rule.unit_id: row.rule for row in rows}.values())
            or [AllocationRule.default()],
            "rule_unit": rule_unit,
            "as_of": figures.as_of,
            "kept": figures.kept,
        },
    )


def _rule_unit(user):
    """The unit whose allocation rule this user may set: the top of what they reach (an
    analyst's own unit; for an administrator, the city bureau at the top)."""
    if not has_role(user, *RULE_SETTERS):
        return None
    units = Unit.objects.visible_to(user)
    return units.exclude(parent__in=units).order_by("code").first()


@role_required(*RULE_SETTERS)
def allocation_rule(request):
    unit = _rule_unit(request.user)
    if unit is None:
        raise Http404
    rule = AllocationRule.objects.filter(unit=unit).first() or AllocationRule.default()
    form = AllocationRuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        form.save(unit)
        messages.success(request, _("The allocation rule was saved."))
        return redirect("assignments:allocation")
    title = _("Allocation rule of %(unit)s") % {"unit": unit}
    return render(request, "assignments/form.html", {"form": form, "title": title})


# --- Officers and tenure ----------------------------------------------------------


@role_required(*MANAGERS)
def officer_list(request):
    """The station's officers: current post, tenure, community share, training."""
    today = periods.today()
    officers = list(
        officers_visible_to(request.user)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.active_on(today).select_related("beat"),
                to_attr="current_posts",
            )
        )
        .order_by("unit__code", "username")
    )
    ids = [officer.pk for officer in officers]
    month = periods.month_of(today)
    shares = duty.community_shares(ids, month.start, month.end)
    hours = duty.training_hours(ids, today.year)
    rows = [(officer, shares[officer.pk], hours[officer.pk]) for officer in officers]
    return render(
        request,
        "assignments/officer_list.html",
        {
            "rows": rows,
            "min_tenure_days": settings.MIN_TENURE_DAYS,
            "training_required": settings.TRAINING_HOURS_PER_YEAR,
        },
    )


@login_required
def officer_detail(request, pk):
    officer = get_object_or_404(officers_visible_to(request.user).select_related("unit"), pk=pk)
    posts = officer.assignments.select_related("beat").order_by("-start_date")
    transfers = (
        TransferRequest.objects.visible_to(request.user)
        .filter(assignment__officer=officer)
        .select_related("assignment__beat", "to_beat")
    )
    today = periods.today()
    training = TrainingRecord.objects.visible_to(request.user).filter(officer=officer)
    return render(
        request,
        "assignments/officer_detail.html",
        {
            "officer": officer,
            "posts": posts,
            "transfers": transfers,
            "training": training[:20],
            "training_hours": duty.training_hours([officer.pk], today.year)[officer.pk],
            "training_required": settings.TRAINING_HOURS_PER_YEAR,
            "min_tenure_days": settings.MIN_TENURE_DAYS,
            "may_manage": _may_manage(request.user),
        },
    )


# --- Transfers --------------------------------------------------------------------


@login_required
def transfer_list(request):
    user = request.user
    transfers = (
        TransferRequest.objects.visible_to(user)
        .select_related("assignment__officer", "assignment__beat", "to_beat", "requested_by")
        .order_by("-requested_at")
    )
    awaiting = list(transfers.awaiting(user))
    page = page_of(transfers, request, 25)
    # An officer asks from their own posts; chiefs start from a beat or officer page.
    mine = _transferable(user).select_related("beat") if has_role(user, Role.OFFICER) else []
    return render(
        request,
        "assignments/transfer_list.html",
        {"page_obj": page, "awaiting": awaiting, "my_posts": mine},
    )


def _transferable(user):
    """Posts in force today that a user may ask to move."""
    return Assignment.objects.active_on(periods.today()).movable_by(user)


@role_required(Role.OFFICER, *MANAGERS)
def transfer_create(request, assignment_pk):
    assignment = get_object_or_404(
        _transferable(request.user).select_related("officer", "beat__station"), pk=assignment_pk
    )
    form = TransferForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        transfer = services.request_transfer(form.save(commit=False), by=request.user)
        messages.success(request, _("The transfer request was filed."))
        return redirect(transfer)
    return render(
        request,
        "assignments/transfer_form.html",
        {
            "form": form,
            "assignment": assignment,
            "min_tenure_days": settings.MIN_TENURE_DAYS,
        },
    )


@login_required
def transfer_detail(request, pk):
    transfer = get_object_or_404(
        TransferRequest.objects.visible_to(request.user).select_related(
            "assignment__officer",
            "assignment__beat__station__parent",
            "to_beat",
            "successor",
            "requested_by",
            "chief_decision_by",
            "higher_decision_by",
            "new_assignment",
        ),
        pk=pk,
    )
    return render(
        request,
        "assignments/transfer_detail.html",
        {
            "transfer": transfer,
            "may_decide": transfer.may_decide(request.user),
            "form": DecisionForm(),
            "served": transfer.assignment.days_served,
            "min_tenure_days": settings.MIN_TENURE_DAYS,
        },
    )


@require_POST
@login_required
def transfer_decide(request, pk):
    transfer = get_object_or_404(
        TransferRequest.objects.visible_to(request.user).select_related(
            "assignment__beat__station__parent"
        ),
        pk=pk,
    )
    if not transfer.may_decide(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(transfer)
    comment = form.cleaned_data["comment"]
    if form.cleaned_data["decision"] == "reject":
        services.reject_transfer(transfer, by=request.user, comment=comment)
        messages.success(request, _("The request was rejected."))
        return redirect(transfer)
    try:
        transfer = services.approve_transfer(transfer, by=request.user, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(transfer)
    if transfer.status == TransferRequest.Status.PENDING_HIGHER:
        messages.info(request, _("Approved; it now waits for the unit above."))
    else:
        messages.success(request, _("Approved and carried out."))
    return redirect(transfer)


# --- Duty log ---------------------------------------------------------------------


@login_required
def duty_month(request):
    """下社区时间: an officer's own month; a chief's station, officer by officer."""
    user = request.user
    if has_role(user, Role.OFFICER):
        return _officer_month(request, user)
    if not has_role(user, *MANAGERS):
        raise PermissionDenied
    start, end = _month(request)
    officers = list(
        officers_visible_to(user).select_related("unit").order_by("unit__code", "username")
    )
    ids = [officer.pk for officer in officers]
    shares = duty.community_shares(ids, start, end)
    rows = [(officer, shares[officer.pk]) for officer in officers]
    return render(
        request,
        "assignments/duty_station.html",
        {
            "rows": rows,
            "below": [officer for officer, share in rows if share.below],
            "dispatchers": duty.dispatchers(ids, start, end),
            "awaiting": DutyBlock.objects.awaiting_confirmation_by(user).select_related("officer"),
            **_month_context(start),
        },
    )


def _month_context(start):
    following = periods.add_months(start, 1)
    return {
        "month": start,
        "previous_month": periods.add_months(start, -1),
        "next_month": following if following <= periods.today() else None,
        "required_percent": round(float(settings.COMMUNITY_SHARE_REQUIRED) * 100, 1),
    }


@role_required(*MANAGERS)
def duty_officer(request, pk):
    officer = get_object_or_404(officers_visible_to(request.user), pk=pk)
    return _officer_month(request, officer)


def _officer_month(request, officer):
    start, end = _month(request)
    share = duty.community_shares([officer.pk], start, end)[officer.pk]
    blocks = (
        DutyBlock.objects.visible_to(request.user)
        .filter(officer=officer, date__range=(start, end))
        .select_related("dispatched_by")
    )
    by_kind = {}
    for block in blocks:
        by_kind.setdefault(block.get_kind_display(), [0, block.is_community])[0] += 1
    weeks = []
    monday = periods.week_start(start)
    while monday <= end:
        figures = duty.weekly_figures(officer.pk, monday)
        weeks.append((monday, figures))
        monday += periods.WEEK
    return render(
        request,
        "assignments/duty_officer.html",
        {
            "officer": officer,
            "share": share,
            "by_kind": sorted(by_kind.items(), key=lambda item: -item[1][0]),
            "away": [block for block in blocks if not block.is_community],
            "weeks": weeks,
            "target_labels": duty.target_labels(),
            "own": officer == request.user,
            **_month_context(start),
        },
    )


def _week_stamp(blocks):
    """A fingerprint of the week's log as it was when the form was opened."""
    text = "|".join(
        f"{b.pk}:{b.kind}:{b.dispatched_by_id}:{b.note}:{b.updated_at.isoformat()}" for b in blocks
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@role_required(Role.OFFICER)
def duty_week(request):
    """Log a week in half days; non-community duty names its dispatcher."""
    officer = request.user
    day = periods.asked_day(request.GET.get("week", "")) or periods.today()
    monday = periods.week_start(day)
    following = monday + periods.WEEK
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    blocks = list(
        DutyBlock.objects.visible_to(officer)
        .filter(officer=officer, date__range=(days[0], days[-1]))
        .order_by("pk")
    )
    stamp = _week_stamp(blocks)
    initial = []
    for d in days:
        entry = {"am": "", "pm": "", "dispatched_by": None, "note": ""}
        for block in blocks:
            if block.date == d:
                entry[block.half] = block.kind
                entry["dispatched_by"] = entry["dispatched_by"] or block.dispatched_by_id
                entry["note"] = entry["note"] or block.note
        initial.append(entry)
    kwargs = {"days": days, "officer": officer}
    if request.method == "POST":
        formset = WeekFormSet(request.POST, initial=initial, **kwargs)
        stale = request.POST.get("stamp") != stamp
        if stale:
            messages.error(
                request,
                _("This week's log was changed since you opened it. Check it and save again."),
            )
            formset = WeekFormSet(initial=initial, **kwargs)
        elif formset.is_valid():
            formset.save()
            messages.success(request, _("The week's log was saved."))
            return redirect(f"{request.path}?week={monday.isoformat()}")
    else:
        formset = WeekFormSet(initial=initial, **kwargs)
    return render(
        request,
        "assignments/duty_week.html",
        {
            "formset": formset,
            "stamp": stamp,
            "monday": monday,
            "previous_week": monday - periods.WEEK,
            "next_week": following if following <= periods.today() else None,
        },
    )


@role_required(*DISPATCHERS)
def dispatch_list(request):
    """Non-community duty that names this user as dispatcher, awaiting confirmation."""
    blocks = (
        DutyBlock.objects.visible_to(request.user)
        .filter(dispatched_by=request.user)
        .select_related("officer")
        .order_by("-date", "officer__username", "half")
    )
    awaiting = blocks.filter(dispatch_status=DutyBlock.Dispatch.PENDING)
    decided = blocks.exclude(dispatch_status=DutyBlock.Dispatch.PENDING)
    page = page_of(decided, request, 50)
    return render(
        request, "assignments/dispatch_list.html", {"awaiting": awaiting, "page_obj": page}
    )


@require_POST
@role_required(*DISPATCHERS)
def dispatch_decide(request, pk):
    block = get_object_or_404(
        DutyBlock.objects.visible_to(request.user).filter(dispatched_by=request.user), pk=pk
    )
    services.decide_dispatch(
        block, by=request.user, confirmed=request.POST.get("decision") != "decline"
    )
    return redirect("assignments:dispatch_list")


# --- Training ---------------------------------------------------------------------


@role_required(Role.OFFICER, *MANAGERS)
def training_list(request):
    today = periods.today()
    year = periods.asked_year(request.GET.get("year", "")) or today.year
    officers = list(officers_visible_to(request.user).order_by("unit__code", "username"))
    hours = duty.training_hours([o.pk for o in officers], year)
    required = settings.TRAINING_HOURS_PER_YEAR
    rows = [(officer, hours[officer.pk], hours[officer.pk] < required) for officer in officers]
    records = (
        TrainingRecord.objects.visible_to(request.user)
        .filter(date__year=year)
        .select_related("officer")
    )
    page = page_of(records, request, 50)
    return render(
        request,
        "assignments/training_list.html",
        {
            "rows": rows,
            "behind": [officer for officer, _hours, behind in rows if behind],
            "page_obj": page,
            "year": year,
            "required": required,
        },
    )


@role_required(Role.OFFICER, *MANAGERS)
def training_create(request):
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The training record was saved."))
        return redirect("assignments:training_list")
    return render(request, "assignments/form.html", {"form": form, "title": _("Record training")})
