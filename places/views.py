from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.core import pickers
from communitypolice.core.access import EDITORS, MANAGERS, has_role, role_required
from communitypolice.core.sections import sections_for
from communitypolice.core.views import (
    RegisterCreateView,
    RegisterDetailView,
    RegisterListView,
    RegisterUpdateView,
    can_edit,
    close_record,
    verify_record,
)

from . import services
from .filters import HouseFilter, ItemFilter, OrganizationFilter
from .forms import AddressForm, HouseForm, ItemForm, OrganizationForm
from .models import HOUSE_ANNOTATIONS, Address, House, HouseUse, Item, Organization
from .pickers import HOUSES, ITEMS, ORGANIZATIONS, AddressPicker

# --- addresses ----------------------------------------------------------------------


@role_required(*EDITORS)
def address_browse(request):
    """The top of the tree the user can see: the sub-districts above their beats."""
    visible = Address.objects.visible_to(request.user)
    top = visible.filter(depth=visible.order_by("depth").values("depth")[:1]).select_related("beat")
    may_add_street = has_role(request.user, *MANAGERS)
    return render(
        request,
        "places/address_browse.html",
        {"addresses": top, "may_add_street": may_add_street},
    )


@login_required
def address_detail(request, pk):
    """One level of the tree: its children, what is attached to it, and for a building
    the room grid (楼栋图)."""
    visible = Address.objects.visible_to(request.user)
    address = get_object_or_404(visible.select_related("beat", "beat_override"), pk=pk)
    ancestors = visible.filter(
        path__in=[
            address.path[:end] for end in range(Address.steplen, len(address.path), Address.steplen)
        ]
    )
    children = visible.filter(
        path__startswith=address.path, depth=address.depth + 1
    ).select_related("beat")
    context = {
        "address": address,
        "ancestors": ancestors,
        "children": children,
        "can_edit": can_edit(request.user),
        "sections": sections_for(address, request.user),
        "organizations": Organization.objects.visible_to(request.user)
        .active()
        .filter(address=address)
        .select_related("type"),
        "items": Item.objects.visible_to(request.user)
        .active()
        .filter(address=address)
        .select_related("kind"),
        "house": House.objects.visible_to(request.user)
        .select_related("use")
        .filter(address=address)
        .first(),
    }
    if address.level == Address.Level.BUILDING:
        context["grid"] = building_grid(request.user, address, visible)
        context["house_uses"] = HouseUse.objects.filter(is_active=True)
    return render(request, "places/address_detail.html", context)


def building_grid(user, building, visible):
    """The building's floors, top floor first, with each entrance's rooms on that floor
    and their houses: the 楼栋图. A fixed number of queries whatever its size.
    ``visible`` is the user's Address.objects.visible_to(user)."""
    entrances = list(
        visible.filter(path__startswith=building.path, level=Address.Level.ENTRANCE).order_by(
            "path"
        )
    )
    rooms = (
        visible.filter(path__startswith=building.path, level=Address.Level.ROOM)
        .prefetch_related(
            Prefetch(
                "house",
                queryset=House.objects.visible_to(user)
                .select_related("use")
                .annotate(**HOUSE_ANNOTATIONS),
            )
        )
        .order_by("path")
    )
    column = {entrance.path: index for index, entrance in enumerate(entrances)}
    floors = {}
    for room in rooms:
        index = column.get(room.path[: -Address.steplen])
        if index is not None:
            cells = floors.setdefault(room.floor, [[] for _ in entrances])
            cells[index].append(room)
    return {"entrances": entrances, "floors": sorted(floors.items(), reverse=True)}


@login_required
def address_create(request, pk=None):
    parent = None
    if pk is not None:
        parent = get_object_or_404(Address.objects.visible_to(request.user), pk=pk)
        if parent.level == Address.Level.ROOM or not can_edit(request.user):
            raise PermissionDenied
    elif not has_role(request.user, *MANAGERS):
        raise PermissionDenied  # a new sub-district is for chiefs and administrators
    form = AddressForm(request.POST or None, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        address = services.add_address(
            parent=parent,
            level=parent.level + 1 if parent else Address.Level.STREET,
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
            district=form.cleaned_data.get("district", ""),
            beat=form.cleaned_data.get("beat_override"),
        )
        messages.success(request, _("Address added: %(address)s") % {"address": address})
        return redirect("places:address_detail", pk=address.pk)
    return render(request, "places/address_form.html", {"form": form, "parent": parent})


@login_required
def address_edit(request, pk):
    address = get_object_or_404(Address.objects.visible_to(request.user), pk=pk)
    if not can_edit(request.user):
        raise PermissionDenied
    form = AddressForm(request.POST or None, instance=address, user=request.user)
    if request.method == "POST" and form.is_valid():
        moved = services.update_address(
            address=address,
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
            district=form.cleaned_data.get("district", ""),
            beat_override=form.cleaned_data.get("beat_override", address.beat_override),
        )
        messages.success(
            request,
            _("Address saved; %(count)s attached records moved to its beat.") % {"count": moved},
        )
        return redirect("places:address_detail", pk=address.pk)
    return render(request, "places/address_form.html", {"form": form, "address": address})


# --- houses, organisations, items: the shared register views --------------------------


class HouseList(RegisterListView):
    model = House
    filterset_class = HouseFilter
    ordering = ("address__path",)
    list_select_related = ("address", "use", "beat")


class HouseDetail(RegisterDetailView):
    model = House
    list_select_related = ("address", "use", "beat", "verified_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registered_tenants=self.object.registered_tenants(), **kwargs
        )


class HouseCreate(RegisterCreateView):
    model = House
    form_class = HouseForm

    def get_initial(self):
        return {"address": self.request.GET.get("address")}


class HouseUpdate(RegisterUpdateView):
    model = House
    form_class = HouseForm


class OrganizationList(RegisterListView):
    model = Organization
    filterset_class = OrganizationFilter
    ordering = ("-is_key_unit", "name", "pk")
    list_select_related = ("address", "type", "beat")


class OrganizationDetail(RegisterDetailView):
    model = Organization
    list_select_related = ("address", "type", "beat", "verified_by")


class OrganizationCreate(RegisterCreateView):
    model = Organization
    form_class = OrganizationForm

    def get_initial(self):
        return {"address": self.request.GET.get("address")}


class OrganizationUpdate(RegisterUpdateView):
    model = Organization
    form_class = OrganizationForm


class ItemList(RegisterListView):
    model = Item
    filterset_class = ItemFilter
    ordering = ("kind__sort_order", "identifier", "pk")
    list_select_related = ("address", "kind", "beat", "owner_organization")


class ItemDetail(RegisterDetailView):
    model = Item
    list_select_related = ("address", "kind", "beat", "owner_organization", "verified_by")


class ItemCreate(RegisterCreateView):
    model = Item
    form_class = ItemForm

    def get_initial(self):
        return {
            "address": self.request.GET.get("address"),
            "owner_organization": self.request.GET.get("organization"),
        }


class ItemUpdate(RegisterUpdateView):
    model = Item
    form_class = ItemForm


@login_required
@require_POST
def verify(request, model, pk):
    return verify_record(request, model, pk)


@login_required
@require_POST
def close(request, model, pk):
    return close_record(request, model, pk)


# --- pickers: the search-as-you-type of the forms' fields (htmx partials) ----------------


@role_required(*EDITORS)
def address_pick(request):
    return pickers.respond(request, AddressPicker.from_query(request.GET.get("top")))


@role_required(*EDITORS)
def house_pick(request):
    return pickers.respond(request, HOUSES)


@role_required(*EDITORS)
def organization_pick(request):
    return pickers.respond(request, ORGANIZATIONS)


@role_required(*EDITORS)
def item_pick(request):
    return pickers.respond(request, ITEMS)
