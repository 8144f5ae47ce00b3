from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, Beat
from communitypolice.accounts.models import User
from communitypolice.accounts.scope import Role
from communitypolice.core import periods
from communitypolice.core.access import has_role
from communitypolice.core.forms import DATE, DATETIME, RegisterForm
from places.forms import AddressChoiceMixin
from places.pickers import HOUSES, ITEMS, ORGANIZATIONS, SITES
from residents.pickers import PEOPLE

from .models import Dispute, Incident, IncidentParty, Mediation, Tip, Visit


def beat_officers(user):
    """Officers serving today in the beats the user can see, for 'handling officer'."""
    posts = Assignment.objects.visible_to(user).active_on(periods.today())
    return User.objects.filter(pk__in=posts.values("officer")).order_by("username")


class IncidentForm(AddressChoiceMixin, RegisterForm):
    class Meta:
        model = Incident
        fields = [
            "type",
            "reported_at",
            "occurred_at",
            "address",
            "summary",
            "handling_officer",
            "organizations",
            "items",
        ]
        widgets = {
            "reported_at": DATETIME,
            "occurred_at": DATETIME,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_addresses()
        self.fields["type"].queryset = self.fields["type"].queryset.filter(is_active=True)
        self.fields["handling_officer"].queryset = beat_officers(self.user)
        ORGANIZATIONS.bind(self.fields["organizations"], self.user)
        ITEMS.bind(self.fields["items"], self.user)
        if not self.instance.pk:
            self.fields["reported_at"].initial = periods.local().replace(second=0, microsecond=0)
            if has_role(self.user, Role.OFFICER):
                self.fields["handling_officer"].initial = self.user.pk


class PartyForm(forms.ModelForm):
    class Meta:
        model = IncidentParty
        fields = ["role", "person", "name", "id_number", "phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False
        PEOPLE.bind(self.fields["person"], user)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("name"):
            raise ValidationError(_("Choose a registered person or give a name."))
        return cleaned


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(label=_("Next step"), choices=Incident.Status.choices)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class DisputeForm(AddressChoiceMixin, RegisterForm):
    class Meta:
        model = Dispute
        fields = [
            "type",
            "parties",
            "persons",
            "address",
            "description",
            "risk",
            "found_on",
            "responsible_officer",
        ]
        widgets = {
            "found_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_addresses()
        PEOPLE.bind(self.fields["persons"], self.user)
        self.fields["responsible_officer"].queryset = beat_officers(self.user)
        if not self.instance.pk and has_role(self.user, Role.OFFICER):
            self.fields["responsible_officer"].initial = self.user.pk

    def clean_found_on(self):
        day = self.cleaned_data["found_on"]
        if day > periods.today():
            raise ValidationError(_("The date cannot be in the future."))
        return day


class MediationForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Dispute now"), choices=Dispute.Status.choices)

    class Meta:
        model = Mediation
        fields = ["date", "by", "result"]
        widgets = {"date": DATE, "result": forms.Textarea(attrs={"rows": 3})}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > periods.today():
            raise ValidationError(_("The date cannot be in the future."))
        return day


class TipForm(RegisterForm):
    class Meta:
        model = Tip
        fields = ["level", "category", "content", "source", "persons", "addresses", "organizations"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    beat = forms.ModelChoiceField(label=_("Beat"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beat"].queryset = Beat.objects.visible_to(self.user)
        if self.instance.pk:
            self.fields["beat"].initial = self.instance.beat_id
        PEOPLE.bind(self.fields["persons"], self.user)
        SITES.bind(self.fields["addresses"], self.user)
        ORGANIZATIONS.bind(self.fields["organizations"], self.user)

    def clean_beat(self):
        beat = self.cleaned_data["beat"]
        self.instance.beat = beat
        return beat


class TipStatusForm(RegisterForm):
    """A tip's status and handling notes, with the registers' optimistic locking: a
    change saved by someone else since the page was opened is never overwritten."""

    handling_notes = forms.CharField(
        label=_("Handling notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Tip
        fields = ["status", "handling_notes"]


class VisitForm(RegisterForm):
    """The form officers use most: what was visited is picked by searching; a tip can be
    raised in the same form."""

    raise_tip = forms.BooleanField(label=_("Raise a tip from this visit"), required=False)
    tip_level = forms.ChoiceField(label=_("Tip level"), choices=Tip.Level.choices, required=False)
    tip_category = forms.CharField(label=_("Tip category"), max_length=50, required=False)
    tip_content = forms.CharField(
        label=_("Tip content"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Visit
        fields = [
            "kind",
            "visited_at",
            "persons",
            "houses",
            "organizations",
            "findings",
            "abnormal",
            "abnormal_details",
        ]
        widgets = {
            "visited_at": DATETIME,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "abnormal_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PEOPLE.bind(self.fields["persons"], self.user)
        HOUSES.bind(self.fields["houses"], self.user)
        ORGANIZATIONS.bind(self.fields["organizations"], self.user)
        if not self.instance.pk:
            self.fields["visited_at"].initial = periods.local().replace(second=0, microsecond=0)
            self.fields["kind"].initial = Visit.Kind.ROUTINE

    def clean_visited_at(self):
        when = self.cleaned_data["visited_at"]
        if when > timezone.now():
            raise ValidationError(_("A visit cannot be in the future."))
        return when

    def clean(self):
        cleaned = super().clean()
        visited = [
            *cleaned.get("persons", []),
            *cleaned.get("houses", []),
            *cleaned.get("organizations", []),
        ]
        if not visited:
            raise ValidationError(_("Add at least one person, house or organisation visited."))
        beats = {record.beat_id for record in visited}
        if len(beats) > 1:
            raise ValidationError(
                _("Record one visit per beat: these records are in different beats.")
            )
        self.instance.beat = visited[0].beat
        if cleaned.get("abnormal") and not cleaned.get("abnormal_details"):
            self.add_error("abnormal_details", _("Say what was abnormal."))
        if cleaned.get("raise_tip"):
            for name in ("tip_level", "tip_category", "tip_content"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed to raise a tip."))
        return cleaned

    def tip(self):
        if not self.cleaned_data.get("raise_tip"):
            return None
        return Tip(
            level=self.cleaned_data["tip_level"],
            category=self.cleaned_data["tip_category"],
            content=self.cleaned_data["tip_content"],
        )


class AcknowledgeForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the officer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
