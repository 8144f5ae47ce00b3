import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.models import Unit, User
from communitypolice.accounts.scope import Reach, scope_of
from communitypolice.core import periods
from communitypolice.core.figures import beat_figure_list
from communitypolice.core.forms import DATE

from . import services
from .models import (
    AllocationRule,
    Assignment,
    Beat,
    DutyBlock,
    TrainingRecord,
    TransferRequest,
    higher_unit_users,
    officers_visible_to,
)


class BeatForm(forms.ModelForm):
    class Meta:
        model = Beat
        fields = ["station", "name", "code", "office"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        if scope.reach is Reach.STATION:
            # A chief manages the beats of their own station only.
            del self.fields["station"]
            self.instance.station_id = scope.unit_id
        else:
            self.fields["station"].queryset = Unit.objects.reached_by(scope).stations()
        self.fields["code"].help_text = _("12 digits: the station's code with the beat number.")

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not (code.isdigit() and len(code) == 12):
            raise forms.ValidationError(_("A beat code is 12 digits."))
        return code


def station_officers(station):
    return User.objects.filter(role=User.Role.OFFICER, unit=station, is_active=True).order_by(
        "username"
    )


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["officer", "role", "start_date"]
        widgets = {"start_date": DATE}

    def __init__(self, *args, beat, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.beat = beat
        self.fields["officer"].queryset = station_officers(beat.station)
        self.fields["start_date"].initial = periods.today()

    def _update_errors(self, errors):
        # The beat is the page's, not a field of the form: its errors concern the whole form.
        if "beat" in getattr(errors, "error_dict", {}):
            errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop("beat"))
        super()._update_errors(errors)


class TransferForm(forms.ModelForm):
    class Meta:
        model = TransferRequest
        fields = ["kind", "to_beat", "to_role", "successor", "effective_date", "reason"]
        widgets = {"effective_date": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.assignment = assignment
        station = assignment.beat.station
        self.fields["to_beat"].queryset = Beat.objects.filter(station=station).exclude(
            pk=assignment.beat_id
        )
        self.fields["to_role"].choices = [("", "---------"), *Assignment.Role.choices]
        self.fields["successor"].queryset = station_officers(station).exclude(
            pk=assignment.officer_id
        )
        self.fields["effective_date"].initial = periods.today() + datetime.timedelta(days=7)
        if assignment.role != Assignment.Role.LEAD:
            del self.fields["successor"]

    def clean(self):
        data = super().clean()
        assignment = self.instance.assignment
        if data.get("kind") == TransferRequest.Kind.REASSIGN:
            if not data.get("to_beat"):
                self.add_error("to_beat", _("Choose the beat the officer moves to."))
            if not data.get("to_role"):
                self.add_error("to_role", _("Choose the post in the new beat."))
        else:
            data["to_beat"], data["to_role"] = None, ""
            self.instance.to_beat, self.instance.to_role = None, ""
        day = data.get("effective_date")
        if day and day <= assignment.start_date:
            self.add_error(
                "effective_date", _("The transfer must take effect after the post began.")
            )
        if day and day < periods.today():
            self.add_error("effective_date", _("The transfer cannot take effect in the past."))
        if "successor" in self.fields and not data.get("successor"):
            self.add_error("successor", _("Name who leads the beat after this officer leaves it."))
        if day:
            self._check_leads(data, day)
        if assignment.transfer_requests.filter(status__in=TransferRequest.PENDING).exists():
            raise forms.ValidationError(_("A transfer request for this post is pending already."))
        return data

    def _check_leads(self, data, day):
        """What approval would refuse, said now: one lead per beat, one lead post each."""
        leaving = self.instance.assignment
        leads = Assignment.objects.filter(role=Assignment.Role.LEAD).overlapping(day)
        to_beat = data.get("to_beat")
        if (
            to_beat
            and data.get("to_role") == Assignment.Role.LEAD
            and leads.filter(beat=to_beat).exclude(officer=leaving.officer).exists()
        ):
            self.add_error("to_beat", _("This beat has a lead officer on that day already."))
        successor = data.get("successor")
        if successor is None:
            return
        if leads.filter(officer=successor).exclude(beat=leaving.beat).exists():
            self.add_error("successor", _("This officer leads another beat on that day."))
        if Assignment.objects.filter(
            officer=successor, beat=leaving.beat, start_date__gte=day
        ).exists():
            self.add_error("successor", _("This officer's post in the beat begins on that day."))


class DecisionForm(forms.Form):
    """An approver's decision: the button pressed, and a comment, required to reject."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.HiddenInput,  # the value of the button pressed
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment"):
            self.add_error("comment", _("Say why the request is rejected."))
        return data


DUTY_CHOICES = [
    ("", _("not worked")),
    (_("In the community"), [(k, DutyBlock.Kind(k).label) for k in DutyBlock.COMMUNITY]),
    (
        _("Non-community duty"),
        [(k.value, k.label) for k in DutyBlock.Kind if k not in DutyBlock.COMMUNITY],
    ),
]


def dispatchers_for(officer):
    """Who may send an officer away from the community: the station's chiefs, and the
    analysts and administrators of the units above it."""
    station = officer.unit
    chiefs = Q(role=User.Role.CHIEF, unit=station)
    return User.objects.filter(
        chiefs | Q(pk__in=higher_unit_users(station).values("pk")), is_active=True
    ).order_by("role", "username")


class DayForm(forms.Form):
    """One day of the week's log: the morning and the afternoon."""

    am = forms.ChoiceField(label=_("Morning"), choices=DUTY_CHOICES, required=False)
    pm = forms.ChoiceField(label=_("Afternoon"), choices=DUTY_CHOICES, required=False)
    dispatched_by = forms.ModelChoiceField(
        label=_("Dispatched by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Required for non-community duty."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, day, dispatchers, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["dispatched_by"].queryset = dispatchers
        self.future = day > periods.today()
        if self.future:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        data = super().clean()
        if self.future:
            return data
        away = [
            data.get(h)
            for h in ("am", "pm")
            if data.get(h) and data.get(h) not in DutyBlock.COMMUNITY
        ]
        if away and not data.get("dispatched_by"):
            self.add_error("dispatched_by", _("Name who dispatched you to non-community duty."))
        return data


class BaseWeekFormSet(forms.BaseFormSet):
    def __init__(self, *args, days, officer, **kwargs):
        self.days, self.officer = days, officer
        self.dispatchers = dispatchers_for(officer)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"day": self.days[index], "dispatchers": self.dispatchers}

    def save(self):
        """Replace the log of each day the officer changed (days to come are not logged)."""
        for form in self.forms:
            if form.future or not form.has_changed():
                continue
            data = form.cleaned_data
            entries = {
                half: (data.get(half), data.get("dispatched_by"), data.get("note", ""))
                for half in ("am", "pm")
            }
            services.save_day(self.officer, form.day, entries)


WeekFormSet = forms.formset_factory(DayForm, formset=BaseWeekFormSet, extra=0, max_num=7)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["officer", "course", "date", "hours", "result"]
        widgets = {"date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if scope_of(user).reach is Reach.BEATS:
            # An officer records their own training.
            del self.fields["officer"]
            self.instance.officer = user
        else:
            officers = officers_visible_to(user).filter(is_active=True)
            self.fields["officer"].queryset = officers.order_by("username")
        self.instance.recorded_by = user


class AllocationRuleForm(forms.Form):
    index_per_officer = forms.IntegerField(
        label=_("Workload one officer carries"), min_value=1, max_value=10_000_000
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["index_per_officer"].initial = rule.index_per_officer
        self.fields["note"].initial = rule.note
        for figure in beat_figure_list():
            self.fields[f"weight_{figure.key}"] = forms.DecimalField(
                label=figure.label,
                min_value=0,
                max_value=100_000,
                decimal_places=2,
                initial=rule.weight(figure.key),
            )

    def save(self, unit):
        data = self.cleaned_data
        weights = {figure.key: float(data[f"weight_{figure.key}"]) for figure in beat_figure_list()}
        rule, _created = AllocationRule.objects.update_or_create(
            unit=unit,
            defaults={
                "weights": weights,
                "index_per_officer": data["index_per_officer"],
                "note": data["note"],
            },
        )
        return rule
