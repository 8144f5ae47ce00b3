from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.accounts.models import User
from communitypolice.audit.access import record_access
from communitypolice.core import pickers
from communitypolice.core.access import EDITORS, role_required
from communitypolice.core.pagination import page_of
from communitypolice.core.views import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterListView,
    RegisterUpdateView,
    can_edit,
    editable_record,
    form_error_text,
    verify_record,
)
from places.models import House

from . import services
from .filters import PersonFilter
from .forms import (
    CareDesignationForm,
    EndDesignationForm,
    FindByIdNumberForm,
    KeyPersonDesignationForm,
    MoveDecisionForm,
    MoveForm,
    MoveRequestForm,
    PersonForm,
    StatusForm,
    move_request_url,
    registered_elsewhere_text,
)
from .models import CareDesignation, KeyPersonDesignation, MoveRequest, Person, where_registered
from .pickers import PEOPLE

# Who asks for a person of another station to be moved in: the receiving station.
MOVE_REQUESTERS = (User.Role.OFFICER, User.Role.CHIEF)


class PersonList(RegisterListView):
    model = Person
    filterset_class = PersonFilter
    ordering = ("name_pinyin", "pk")
    list_select_related = ("house__address", "beat")

    def order_page(self, queryset, paginator):
        text = self.filterset.form.cleaned_data.get("q") or ""
        return queryset.in_pinyin_order(text, many=paginator.capped)


class PersonDetail(RegisterDetailView):
    model = Person
    list_select_related = (
        "house__address",
        "house__use",
        "beat",
        "ethnicity",
        "employer",
        "verified_by",
    )

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            housemates=person.house.residents.living().exclude(pk=person.pk),
            key_designations=person.key_designations.select_related(
                "category", "responsible_officer"
            ).order_by("-start_date"),
            care_designations=person.care_designations.select_related("category").order_by(
                "-start_date"
            ),
            items=person.items.select_related("kind"),
            stays=person.states.select_related("house__address", "beat").order_by(
                "-valid_from", "-pk"
            ),
            move_form=MoveForm(user=self.request.user, person=person),
            status_form=StatusForm(initial={"residence_status": person.residence_status}),
            **kwargs,
        )


class PersonFormMixin:
    model = Person
    form_class = PersonForm

    def save(self, form):
        person = super().save(form)
        for warning in form.warnings:
            messages.warning(self.request, warning)
        return person


class PersonCreate(PersonFormMixin, RegisterCreateView):
    def get_initial(self):
        return {"house": self.request.GET.get("house")}


class PersonUpdate(PersonFormMixin, RegisterUpdateView):
    pass


@role_required(*EDITORS)
def person_pick(request):
    """The people picker of the forms (htmx partial)."""
    return pickers.respond(request, PEOPLE)


def _editable_person(request, pk):
    return editable_record(request, Person.objects, pk)


@login_required
def verify(request, pk):
    return verify_record(request, Person, pk)


@login_required
def move(request, pk):
    """Move a person to another house, which may change their beat."""
    person = _editable_person(request, pk)
    form = MoveForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        services.move_person(
            person=person,
            house=form.cleaned_data["house"],
            relationship=form.cleaned_data["relationship"],
        )
        messages.success(
            request, _("%(name)s moved to %(house)s.") % {"name": person, "house": person.house}
        )
        # After a move to another beat the officer may no longer see the person.
        if Person.objects.visible_to(request.user).filter(pk=person.pk).exists():
            return redirect(person)
        return redirect("residents:person_list")
    return render(request, "residents/person_move.html", {"person": person, "form": form})


@login_required
def change_status(request, pk):
    person = _editable_person(request, pk)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_status(
            person=person,
            status=form.cleaned_data["residence_status"],
            on=form.cleaned_data["status_date"],
        )
        messages.success(
            request,
            _("Residence status of %(name)s: %(status)s.")
            % {"name": person, "status": person.get_residence_status_display()},
        )
        return redirect(person)
    return render(request, "residents/person_status.html", {"person": person, "form": form})


DESIGNATION_FORMS = {"key": KeyPersonDesignationForm, "care": CareDesignationForm}
DESIGNATION_MODELS = {"key": KeyPersonDesignation, "care": CareDesignation}


@login_required
def designate(request, pk, kind):
    person = _editable_person(request, pk)
    form = DESIGNATION_FORMS[kind](request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Designation added."))
        return redirect(person)
    return render(
        request, "residents/designation_form.html", {"person": person, "form": form, "kind": kind}
    )


@login_required
def end_designation(request, pk, kind):
    designation = get_object_or_404(
        DESIGNATION_MODELS[kind]
        .objects.visible_to(request.user)
        .current()
        .select_related("person"),
        pk=pk,
    )
    if not can_edit(request.user):
        raise PermissionDenied
    form = EndDesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        designation.end(reason=form.cleaned_data["reason"])
        messages.success(request, _("Designation ended."))
        return redirect(designation.person)
    return render(
        request, "residents/designation_end.html", {"designation": designation, "form": form}
    )


@login_required
def household(request, house_pk):
    """Everyone living in one house."""
    house = get_object_or_404(
        House.objects.visible_to(request.user)
        .select_related("address", "use")
        .prefetch_related(
            Prefetch(
                "residents",
                queryset=Person.objects.order_by("relationship", "name_pinyin"),
                to_attr="people",
            )
        ),
        pk=house_pk,
    )
    return render(
        request, "residents/household.html", {"house": house, "can_edit": can_edit(request.user)}
    )


@role_required(*EDITORS)
def permits_expiring(request):
    """流动人口 whose residence permit runs out within 30 days."""
    people = (
        Person.objects.visible_to(request.user)
        .permits_expiring(30)
        .select_related("house__address")
        .order_by("permit_expiry")
    )
    return render(request, "residents/permits_expiring.html", {"people": people[:500]})


# --- Moves between stations (迁入) --------------------------------------------------


@role_required(*MOVE_REQUESTERS)
def move_find(request):
    """按身份证号查找: whether an ID number is registered, and where as far as the user
    may know. POST keeps the number out of addresses and server logs."""
    form = FindByIdNumberForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        person, place = where_registered(form.cleaned_data["id_number"], request.user)
        found = {"person": person, "place": place}
        if place == "elsewhere":
            # Name and masked number of another station's person: who looked is recorded.
            record_access(person)
            found["text"] = registered_elsewhere_text(person)
            found["request_url"] = move_request_url(person, request.user)
    return render(request, "residents/move_find.html", {"form": form, "found": found})


@role_required(*MOVE_REQUESTERS)
def move_create(request):
    """迁入申请 for a person found in another station (``?person=`` a signed reference
    from the search or the registration form; ``&house=`` the house chosen there)."""
    person = MoveRequest.person_for(request.GET.get("person", ""), request.user)
    if person is None or where_registered(person.id_number, request.user)[1] != "elsewhere":
        raise Http404
    form = MoveRequestForm(
        request.POST or None,
        user=request.user,
        person=person,
        initial={"to_house": request.GET.get("house")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            move = services.request_move(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The move request was sent to the other station."))
            return redirect(move)
    return render(
        request,
        "residents/move_form.html",
        {"form": form, "person": person, "text": registered_elsewhere_text(person)},
    )


@login_required
def move_list(request):
    """Requests the user made, about their station's people, into their station."""
    user = request.user
    moves = (
        MoveRequest.objects.visible_to(user)
        .select_related("person", "from_station", "to_house__beat__station", "requested_by")
        .order_by("-requested_at", "-pk")
    )
    awaiting = list(moves.awaiting(user))
    page = page_of(moves, request, 25)
    return render(
        request,
        "residents/move_list.html",
        {
            "page_obj": page,
            "rows": [(move, move.shows_sending_station(user)) for move in page],
            "awaiting": awaiting,
            "may_request": user.role in MOVE_REQUESTERS,
        },
    )


def _visible_move(request, pk):
    return get_object_or_404(
        MoveRequest.objects.visible_to(request.user).select_related(
            "person__beat",
            "from_station",
            "to_house__address",
            "to_house__beat__station",
            "requested_by",
            "decided_by",
        ),
        pk=pk,
    )


@login_required
def move_detail(request, pk):
    move = _visible_move(request, pk)
    person = move.person
    # Who may open the person (the sending station while it holds them, the receiving
    # one after the move) sees them in full; anyone else the name and masked number.
    knows_person = Person.objects.visible_to(request.user).filter(pk=person.pk).exists()
    return render(
        request,
        "residents/move_detail.html",
        {
            "move": move,
            "knows_person": knows_person,
            "shows_station": move.shows_sending_station(request.user),
            "may_decide": move.may_decide(request.user),
            "may_withdraw": move.is_pending and move.requested_by_id == request.user.pk,
            "form": MoveDecisionForm(),
        },
    )


@require_POST
@login_required
def move_decide(request, pk):
    move = _visible_move(request, pk)
    if not move.may_decide(request.user):
        raise PermissionDenied
    form = MoveDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(move)
    try:
        if form.cleaned_data["decision"] == "refuse":
            services.refuse_move(move=move, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The request was refused; the requester is told."))
        else:
            services.approve_move(move=move, by=request.user)
            messages.success(request, _("Approved: the person has moved to the other station."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(move)


@require_POST
@login_required
def move_withdraw(request, pk):
    move = _visible_move(request, pk)
    if not (move.is_pending and move.requested_by_id == request.user.pk):
        raise PermissionDenied
    services.withdraw_move(move=move, by=request.user)
    messages.success(request, _("The request was withdrawn."))
    return redirect(move)
