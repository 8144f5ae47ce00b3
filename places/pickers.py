"""The pickers of addresses, houses, organisations and items (see core/pickers.py)."""

from django.utils.translation import gettext_lazy as _

from communitypolice.core.pickers import Choice, Picker

from .models import Address, House, Item, Organization


class AddressPicker(Picker):
    """Standard addresses that belong to a beat, from ``top`` (a level) down to the rooms."""

    url_name = "places:address_pick"
    placeholder = _("Part of the address, e.g. 1号楼1单元101")
    ordering = ("path",)

    def __init__(self, top=Address.Level.STREET):
        self.top = Address.Level(top)

    @classmethod
    def from_query(cls, value):
        """The picker a widget's ``top`` parameter names; every level for anything else."""
        levels = {str(level.value): level for level in Address.Level}
        return cls(levels.get(value, Address.Level.STREET))

    def url_params(self):
        return {"top": self.top.value}

    def records(self, user):
        return Address.objects.visible_to(user).filter(beat__isnull=False, level__gte=self.top)

    def choice(self, address):
        # The level tells a building from its compound; where only rooms are offered,
        # it would say nothing.
        details = (address.get_level_display(),) if self.top < Address.Level.ROOM else ()
        return Choice(address.pk, address.full_name, details)


class HousePicker(Picker):
    url_name = "places:house_pick"
    placeholder = _("Address or owner, e.g. 1号楼1单元101")
    ordering = ("address__path",)

    def records(self, user):
        return House.objects.visible_to(user).active().select_related("address", "use")

    def choice(self, house):
        details = [str(house.use)]
        if house.owner_name:
            details.append(_("owner %(name)s") % {"name": house.owner_name})
        return Choice(house.pk, house.address.full_name, tuple(details))


class OrganizationPicker(Picker):
    url_name = "places:organization_pick"
    placeholder = _("Name, credit code or address")
    ordering = ("name", "pk")

    def records(self, user):
        return Organization.objects.visible_to(user).active().select_related("address", "type")

    def choice(self, organization):
        return Choice(
            organization.pk,
            organization.name,
            (str(organization.type), organization.address.full_name),
        )


class ItemPicker(Picker):
    url_name = "places:item_pick"
    placeholder = _("Plate or serial number, description or address")
    ordering = ("kind__sort_order", "identifier", "pk")

    def records(self, user):
        return Item.objects.visible_to(user).active().select_related("kind", "address")

    def choice(self, item):
        details = [item.description] if item.description else []
        details.append(item.address.full_name)
        return Choice(item.pk, str(item), tuple(details))


ADDRESSES = AddressPicker()
ROOMS = AddressPicker(Address.Level.ROOM)  # a house is a room
SITES = AddressPicker(Address.Level.COMPOUND)  # what a tip is about: a compound or below
HOUSES = HousePicker()
ORGANIZATIONS = OrganizationPicker()
ITEMS = ItemPicker()
