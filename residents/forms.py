import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment
from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.forms import DATE, RegisterForm
from communitypolice.core.identifiers import parse_resident_id
from communitypolice.core.templatetags.masking import mask_id
from places.models import House
from places.pickers import HOUSES, ITEMS, ORGANIZATIONS

from .models import CareDesignation, KeyPersonDesignation, MoveRequest, Person, where_registered


class PersonForm(RegisterForm):
    """Registering or editing a person.

    A resident ID number is checked (check digit, date of birth, area code) and
    must agree with the gender and date of birth entered, or fills them in. An
    area code that did not exist in the year of birth is only a warning
    (``self.warnings``). An ID number registered already points to that person.
    """

    class Meta:
        model = Person
        fields = [
            "name",
            "former_names",
            "id_type",
            "id_number",
            "gender",
            "birth_date",
            "ethnicity",
            "phone",
            "category",
            "household_address",
            "house",
            "relationship",
            "employer",
            "occupation",
            "items",
            "owned_houses",
            "arrival_date",
            "arrival_reason",
            "permit_expiry",
            "registered_on",
            "notes",
        ]
        widgets = {
            "birth_date": DATE,
            "arrival_date": DATE,
            "permit_expiry": DATE,
            "registered_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.fields["gender"].required = False
        self.fields["birth_date"].required = False
        self.fields["gender"].help_text = _("Filled in from a resident ID number if left empty.")
        HOUSES.bind(self.fields["house"], self.user)
        ORGANIZATIONS.bind(self.fields["employer"], self.user)
        ITEMS.bind(self.fields["items"], self.user)
        HOUSES.bind(self.fields["owned_houses"], self.user)
        self.fields["id_number"].widget.attrs.update(autocomplete="off")
        self.fields["phone"].widget.attrs.update(inputmode="tel")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        existing, place = self.where_registered(number)
        if existing is None or existing.pk == self.instance.pk:
            return number
        if place == "visible":
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("This ID number is registered already:"),
                    reverse("residents:person_detail", args=[existing.pk]),
                    existing.name,
                ),
                code="duplicate",
            )
        if place == "station":
            raise ValidationError(
                _(
                    "This ID number is registered already, in another beat. Ask the station "
                    "chief to move that person here instead of registering them twice."
                ),
                code="duplicate",
            )
        url = move_request_url(existing, self.user, house=self.data.get(self.add_prefix("house")))
        raise ValidationError(
            format_html(
                '{} <a class="alert-link" href="{}">{}</a>',
                registered_elsewhere_text(existing),
                url,
                _("Request the move in"),
            ),
            code="registered_elsewhere",
        )

    def clean(self):
        cleaned = super().clean()
        today = periods.today()
        if cleaned.get("id_type") == Person.IdType.RESIDENT_ID and cleaned.get("id_number"):
            self._check_resident_id(cleaned, today)
        for name in ("gender", "birth_date"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        birth = cleaned.get("birth_date")
        if birth and birth > today:
            self.add_error("birth_date", _("A date of birth cannot be in the future."))
        if cleaned.get("category") == Person.Category.FLOATING and not cleaned.get("arrival_date"):
            self.add_error("arrival_date", _("Give the arrival date of a floating resident."))
        arrival = cleaned.get("arrival_date")
        if arrival and arrival > today:
            self.add_error("arrival_date", _("The arrival date cannot be in the future."))
        if arrival and birth and arrival < birth:
            self.add_error("arrival_date", _("The arrival date is before the date of birth."))
        house = cleaned.get("house")
        if house:
            self.instance.beat_id = house.beat_id
        return cleaned

    def where_registered(self, number):
        """Where the holder of an ID number is registered, as far as the user may know
        (``residents.models.where_registered``); an import answers it for many rows at
        once."""
        return where_registered(number, self.user)

    def _check_resident_id(self, cleaned, today):
        try:
            parsed = parse_resident_id(cleaned["id_number"], today=today)
        except ValidationError as error:
            self.add_error("id_number", error)
            return
        if parsed.area_warning:
            self.warnings.append(parsed.area_warning)
        if not cleaned.get("gender"):
            cleaned["gender"] = parsed.gender
        elif cleaned["gender"] != parsed.gender:
            self.add_error(
                "gender",
                _("The ID number is of a %(gender)s: check the gender or the number.")
                % {"gender": Person.Gender(parsed.gender).label},
            )
        if not cleaned.get("birth_date"):
            cleaned["birth_date"] = parsed.birth_date
        elif cleaned["birth_date"] != parsed.birth_date:
            self.add_error(
                "birth_date",
                _(
                    "The ID number gives %(date)s as the date of birth: "
                    "check the date or the number."
                )
                % {"date": parsed.birth_date.isoformat()},
            )


class MoveForm(forms.Form):
    house = forms.ModelChoiceField(label=_("New house"), queryset=House.objects.none())
    relationship = forms.ChoiceField(
        label=_("Relationship to the head of household"), choices=Person.Relationship.choices
    )

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        HOUSES.bind(self.fields["house"], user)

    def clean_house(self):
        house = self.cleaned_data["house"]
        if house.pk == self.person.house_id:
            raise ValidationError(_("The person lives in this house already."))
        return house


class StatusForm(forms.Form):
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=Person.ResidenceStatus.choices
    )
    status_date = forms.DateField(label=_("Since"), widget=DATE, initial=periods.today)

    def clean_status_date(self):
        day = self.cleaned_data["status_date"]
        if day > periods.today():
            raise ValidationError(_("The date cannot be in the future."))
        if day < periods.today() - datetime.timedelta(days=3650):
            raise ValidationError(_("The date is more than ten years ago: check it."))
        return day


class KeyPersonDesignationForm(forms.ModelForm):
    class Meta:
        model = KeyPersonDesignation
        fields = [
            "category",
            "control_level",
            "reason",
            "start_date",
            "interval_days",
            "responsible_officer",
        ]
        widgets = {"start_date": DATE}

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        officers = Assignment.objects.active_on(periods.today()).filter(beat=person.beat)
        self.fields["responsible_officer"].queryset = User.objects.filter(
            pk__in=officers.values("officer")
        )
        self.fields["category"].queryset = self.fields["category"].queryset.filter(is_active=True)
        self.fields["interval_days"].initial = 30


class CareDesignationForm(forms.ModelForm):
    class Meta:
        model = CareDesignation
        fields = ["category", "reason", "start_date", "interval_days"]
        widgets = {"start_date": DATE}

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["category"].queryset = self.fields["category"].queryset.filter(is_active=True)
        self.fields["interval_days"].initial = 30


class EndDesignationForm(forms.Form):
    reason = forms.CharField(label=_("Why it ends"), max_length=200)


def registered_elsewhere_text(person):
    """All that a user of another station is told of a person: name and masked number."""
    return _("%(name)s (%(number)s) is registered in another station.") % {
        "name": person.name,
        "number": mask_id(person.id_number),
    }


def move_request_url(person, user, house=None):
    """The request form for moving ``person`` in, for ``user``, with the house chosen."""
    query = {"person": MoveRequest.reference(person, user)}
    if house and str(house).isdigit():
        query["house"] = house
    return f"{reverse('residents:move_create')}?{urlencode(query)}"


class FindByIdNumberForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
        help_text=_("The full number: a person of another station is found only by it."),
    )

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()


class MoveRequestForm(forms.ModelForm):
    """迁入申请: the house in the requester's beat the person lives in now, and since when.
    The rules of a move (``MoveRequest.clean``) are checked as the form validates."""

    class Meta:
        model = MoveRequest
        fields = ["to_house", "move_date", "relationship", "note"]
        widgets = {"move_date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.instance.from_station_id = person.beat.station_id
        self.instance.requested_by = user
        # A house of the sending station is that station's to move the person to.
        HOUSES.bind(
            self.fields["to_house"],
            user,
            queryset=HOUSES.records(user)
            .exclude(beat__station_id=person.beat.station_id)
            .select_related("beat__station"),
        )
        self.fields["move_date"].initial = periods.today
        self.fields["move_date"].widget.attrs["max"] = periods.today().isoformat()
        self.fields["note"].help_text = _(
            "What the sending station should know: since when and why the person lives here."
        )


class MoveDecisionForm(forms.Form):
    """The sending station's decision: the button pressed, and a reason to refuse."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.HiddenInput,  # the value of the button pressed
    )
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to refuse; the requesting officer reads it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the request is refused."))
        return data
