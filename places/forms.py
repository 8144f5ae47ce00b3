from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assignments.models import Beat
from communitypolice.core.access import MANAGERS, has_role
from communitypolice.core.forms import DATE, RegisterForm

from .models import Address, House, HouseUse, Item, ItemKind, Organization, OrganizationType
from .pickers import ADDRESSES, ORGANIZATIONS, ROOMS


class AddressChoiceMixin:
    """The address field picks an address in the user's scope (``address_picker``), and
    the record takes its beat from the address chosen."""

    address_picker = ADDRESSES

    def limit_addresses(self):
        self.address_picker.bind(self.fields["address"], self.user)

    def clean_address(self):
        address = self.cleaned_data["address"]
        self.instance.beat = address.beat
        return address


class HouseForm(AddressChoiceMixin, RegisterForm):
    address_picker = ROOMS

    class Meta:
        model = House
        fields = [
            "address",
            "registered_on",
            "use",
            "owner_name",
            "owner_id_number",
            "owner_phone",
            "area",
            "room_count",
            "landlord_contact",
            "declared_tenants",
            "contract_end",
            "security_notes",
            "last_inspection",
        ]
        widgets = {
            "registered_on": DATE,
            "contract_end": DATE,
            "last_inspection": DATE,
            "security_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_addresses()
        self.fields["use"].queryset = HouseUse.objects.filter(is_active=True)
        self.fields["owner_id_number"].widget.attrs.update(autocomplete="off", inputmode="text")
        self.fields["owner_phone"].widget.attrs.update(inputmode="tel")

    def clean_owner_id_number(self):
        return self.cleaned_data["owner_id_number"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        use = cleaned.get("use")
        if use and use.code == HouseUse.RENTED:
            if not cleaned.get("declared_tenants") and not self.instance.tenant_count:
                self.add_error("declared_tenants", _("A rented house needs its number of tenants."))
        elif cleaned.get("declared_tenants"):
            self.add_error(
                "declared_tenants",
                _("Tenants are recorded only for a rented house: set its use."),
            )
        return cleaned


class OrganizationForm(AddressChoiceMixin, RegisterForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "credit_code",
            "type",
            "is_key_unit",
            "key_reason",
            "address",
            "legal_representative",
            "security_contact",
            "security_phone",
            "employee_count",
            "last_inspection",
            "inspection_result",
            "registered_on",
        ]
        widgets = {"last_inspection": DATE, "registered_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_addresses()
        self.fields["type"].queryset = OrganizationType.objects.filter(is_active=True)
        self.fields["credit_code"].widget.attrs.update(autocomplete="off")

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_key_unit") and not cleaned.get("key_reason"):
            self.add_error("key_reason", _("Say why this is a key unit."))
        if cleaned.get("inspection_result") and not cleaned.get("last_inspection"):
            self.add_error("last_inspection", _("Give the date of the inspection."))
        return cleaned


class ItemForm(AddressChoiceMixin, RegisterForm):
    class Meta:
        model = Item
        fields = [
            "kind",
            "identifier",
            "description",
            "owner_organization",
            "address",
            "status",
            "camera_view",
            "registered_on",
        ]
        widgets = {"registered_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_addresses()
        self.fields["kind"].queryset = ItemKind.objects.filter(is_active=True)
        ORGANIZATIONS.bind(self.fields["owner_organization"], self.user)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind.code == ItemKind.CAMERA and not cleaned.get("camera_view"):
            self.add_error("camera_view", _("Say what the camera covers."))
        return cleaned


class AddressForm(forms.ModelForm):
    """Name, code and beat of an address. Only chiefs and administrators set a beat;
    the level follows from the parent."""

    class Meta:
        model = Address
        fields = ["name", "district", "code", "beat_override"]

    def __init__(self, *args, user, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parent = self.instance.parent_address()
        self.parent = parent
        self.fields["beat_override"].queryset = Beat.objects.visible_to(user)
        self.fields["beat_override"].required = False
        if not has_role(user, *MANAGERS):
            del self.fields["beat_override"]
        if parent is not None:
            del self.fields["district"]

    def clean(self):
        cleaned = super().clean()
        beat = cleaned.get("beat_override") or (self.parent.beat if self.parent else None)
        if "beat_override" not in self.fields and beat is None:
            raise ValidationError(
                _("This address would belong to no beat: ask a chief to set one above it.")
            )
        return cleaned
