from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from communitypolice.core.access import EDITORS, role_required
from communitypolice.core.views import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterListView,
    RegisterUpdateView,
    can_edit,
    editable_record,
    verify_record,
)
from places.models import House

from . import services
from .filters import PersonFilter
from .forms import (
    CareDesignationForm,
    EndDesignationForm,
    KeyPersonDesignationForm,
    MoveForm,
    PersonForm,
    StatusForm,
)
from .models import CareDesignation, KeyPersonDesignation, Person


class PersonList(RegisterListView):
    model = Person
    filterset_class = PersonFilter
    ordering = ("name_pinyin", "pk")
    list_select_related = ("house__address", "beat")


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
