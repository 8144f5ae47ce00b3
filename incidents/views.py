from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.models import Beat
from communitypolice.core.access import EDITORS, MANAGERS, has_role, role_required
from communitypolice.core.views import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterListView,
    RegisterUpdateView,
    editable_record,
    form_error_text,
)
from places.models import Item

from . import services
from .filters import DisputeFilter, IncidentFilter, TipFilter, VisitFilter
from .forms import (
    AcknowledgeForm,
    AdvanceForm,
    DisputeForm,
    IncidentForm,
    MediationForm,
    PartyForm,
    TipForm,
    TipStatusForm,
    VisitForm,
)
from .models import Dispute, Incident, Tip, Visit

# --- incidents ------------------------------------------------------------------------


class IncidentList(RegisterListView):
    model = Incident
    filterset_class = IncidentFilter
    ordering = ("-reported_at", "-pk")
    list_select_related = ("type", "address", "beat", "handling_officer")


class IncidentDetail(RegisterDetailView):
    model = Incident
    list_select_related = ("type", "address", "beat", "handling_officer")

    def get_context_data(self, **kwargs):
        incident = self.object
        # Cameras at the same compound: the address's compound subtree.
        compound_path = incident.address.path[: 3 * incident.address.steplen]
        cameras = (
            Item.objects.visible_to(self.request.user)
            .active()
            .filter(kind__code="camera", address__path__startswith=compound_path)
            .select_related("address")
        )
        return super().get_context_data(
            steps=incident.steps.select_related("by"),
            parties=incident.parties.select_related("person"),
            cameras=cameras,
            advance_choices=incident.allowed_steps(self.request.user),
            party_form=PartyForm(user=self.request.user),
            **kwargs,
        )


class IncidentCreate(RegisterCreateView):
    model = Incident
    form_class = IncidentForm

    def save(self, form):
        incident = form.save(commit=False)
        services.register_incident(incident=incident, by=self.request.user)
        form.save_m2m()
        return incident


class IncidentUpdate(RegisterUpdateView):
    model = Incident
    form_class = IncidentForm


@login_required
@require_POST
def incident_advance(request, pk):
    incident = editable_record(request, Incident.objects, pk)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            incident.advance(
                to=form.cleaned_data["to"], by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(
                request,
                _("%(number)s: %(status)s")
                % {"number": incident.number, "status": incident.get_status_display()},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(incident)


@login_required
@require_POST
def incident_add_party(request, pk):
    incident = editable_record(request, Incident.objects, pk)
    form = PartyForm(request.POST, user=request.user)
    if form.is_valid():
        party = form.save(commit=False)
        party.incident = incident
        party.save()
        messages.success(request, _("Party added: %(party)s") % {"party": party})
    else:
        messages.error(request, form_error_text(form))
    return redirect(incident)


# --- disputes -----------------------------------------------------------------------


class DisputeList(RegisterListView):
    model = Dispute
    filterset_class = DisputeFilter
    ordering = ("-found_on", "-pk")
    list_select_related = ("address", "beat", "responsible_officer")


class DisputeDetail(RegisterDetailView):
    model = Dispute
    list_select_related = ("address", "beat", "responsible_officer")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mediations=self.object.mediations.all(),
            mediation_form=MediationForm(initial={"status": self.object.status}),
            **kwargs,
        )


class DisputeCreate(RegisterCreateView):
    model = Dispute
    form_class = DisputeForm


class DisputeUpdate(RegisterUpdateView):
    model = Dispute
    form_class = DisputeForm


@login_required
@require_POST
def dispute_mediate(request, pk):
    """Record a mediation and where the dispute stands after it."""
    dispute = editable_record(request, Dispute.objects, pk)
    form = MediationForm(request.POST)
    if form.is_valid():
        mediation = form.save(commit=False)
        mediation.dispute = dispute
        mediation.save()
        dispute.status = form.cleaned_data["status"]
        dispute.resolved_on = None if dispute.is_open else mediation.date
        dispute.save(update_fields=["status", "resolved_on", "version", "updated_at"])
        messages.success(request, _("Mediation recorded."))
    else:
        messages.error(request, form_error_text(form))
    return redirect(dispute)


# --- tips ---------------------------------------------------------------------------


def _overdue_first(queryset):
    return queryset.annotate(
        overdue_rank=Case(
            When(Tip.overdue_q(), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


class TipList(RegisterListView):
    """The chiefs' inbox: open tips by level, 预警性 first, and within a level the
    overdue ones first, then the newest, as in any inbox."""

    model = Tip
    filterset_class = TipFilter
    list_select_related = ("beat", "reported_by")

    def get_queryset(self):
        level_rank = Case(
            When(level=Tip.Level.WARNING, then=Value(0)),
            When(level=Tip.Level.SIGN, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return _overdue_first(super().get_queryset()).order_by(
            level_rank, "overdue_rank", "-created_at"
        )


class TipDetail(RegisterDetailView):
    model = Tip
    list_select_related = ("beat", "reported_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "status_form", TipStatusForm(instance=self.object, user=self.request.user)
        )
        return super().get_context_data(**kwargs)


class TipCreate(RegisterCreateView):
    model = Tip
    form_class = TipForm

    def save(self, form):
        tip = form.save(commit=False)
        return services.raise_tip(
            tip=tip,
            by=self.request.user,
            persons=form.cleaned_data["persons"],
            addresses=form.cleaned_data["addresses"],
            organizations=form.cleaned_data["organizations"],
        )


class TipUpdate(RegisterUpdateView):
    model = Tip
    form_class = TipForm


class TipStatus(TipDetail):
    """The status form of a tip's page, posted: saved, or the page again with the
    entries kept and, after someone else's save, what they changed."""

    http_method_names = ["post"]

    def post(self, request, pk):
        tip = editable_record(request, Tip.objects, pk)
        form = TipStatusForm(request.POST, instance=tip, user=request.user)
        if form.is_valid():
            tip = form.save(commit=False)
            tip.handled_at = None if tip.is_open else timezone.now()
            tip.save(
                update_fields=["status", "handling_notes", "handled_at", "version", "updated_at"]
            )
            messages.success(request, _("Tip updated."))
            return redirect(tip)
        self.object = tip
        return self.render_to_response(self.get_context_data(object=tip, status_form=form))


# --- visits -------------------------------------------------------------------------


class VisitList(RegisterListView):
    model = Visit
    filterset_class = VisitFilter
    ordering = ("-visited_at", "-pk")
    list_select_related = ("officer", "beat")


class VisitDetail(RegisterDetailView):
    model = Visit
    list_select_related = ("officer", "beat", "tip", "acknowledged_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            acknowledge_form=AcknowledgeForm(),
            may_acknowledge=has_role(self.request.user, *MANAGERS),
            **kwargs,
        )


class VisitCreate(RegisterCreateView):
    model = Visit
    form_class = VisitForm
    template_name = "incidents/visit_form.html"

    def get_initial(self):
        return {
            name: self.request.GET.getlist(key)
            for name, key in [
                ("persons", "person"),
                ("houses", "house"),
                ("organizations", "organization"),
            ]
        }

    def save(self, form):
        visit = form.save(commit=False)
        return services.record_visit(
            visit=visit,
            by=self.request.user,
            persons=form.cleaned_data["persons"],
            houses=form.cleaned_data["houses"],
            organizations=form.cleaned_data["organizations"],
            tip=form.tip(),
        )


@login_required
def visit_acknowledge(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    if not has_role(request.user, *MANAGERS):
        raise PermissionDenied  # 签收 is the chief's
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.acknowledge_visit(visit=visit, by=request.user, reply=form.cleaned_data["reply"])
        messages.success(request, _("Acknowledged."))
        return redirect(visit)
    return render(request, "incidents/visit_acknowledge.html", {"visit": visit, "form": form})


# --- the freshness queue and notifications ---------------------------------------------


@role_required(*EDITORS)
def freshness(request):
    """待核实: what in the user's beats is due, most urgent first; ``?beat=`` narrows it to
    one of them (the dashboards link each beat's figure here)."""
    from .freshness import freshness_queue

    beat = None
    if request.GET.get("beat", "").isdigit():
        beat = get_object_or_404(Beat.objects.visible_to(request.user), pk=request.GET["beat"])
    return render(
        request,
        "incidents/freshness.html",
        {"sections": freshness_queue(request.user, beat=beat), "beat": beat},
    )


@login_required
def notifications(request):
    from communitypolice.core.models import Notification

    items = Notification.objects.filter(user=request.user)[:100]
    return render(request, "incidents/notifications.html", {"items": items})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go where it points."""
    from django.utils.http import url_has_allowed_host_and_scheme

    from communitypolice.core.models import Notification

    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("incidents:notifications")
