from django import forms
from django.utils.translation import gettext_lazy as _

from communitypolice.accounts.scope import scope_of
from communitypolice.core import periods
from communitypolice.core.forms import DATE
from communitypolice.core.periods import Period

from . import catalogue
from .catalogue.base import Params, requestable_units
from .models import Subscription


def reports_for(user):
    """The catalogue as a user may use it: reports naming persons only in a scope that
    holds personal data (a chief's station), never for an analyst."""
    personal = scope_of(user).personal
    return [report for report in catalogue.all_reports() if personal or not report.personal]


MONTHS = [(m, str(m)) for m in range(1, 13)]
QUARTERS = [(q, str(q)) for q in range(1, 5)]


class RequestForm(forms.Form):
    """The unit and period of a report. Units: the user's own and those below it
    (analysts), the own station (chiefs); a personal report only the chief's station."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    period_kind = forms.ChoiceField(label=_("Period"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, report, user, **kwargs):
        self.report = report
        last_month = Period.last_month()
        initial = {
            "year": last_month.start.year,
            "month": last_month.start.month,
            "quarter": Period.last_quarter().quarter_number,
            "start": last_month.start,
            "end": last_month.end,
            "period_kind": Period.MONTH,
            "unit": user.unit_id,
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = requestable_units(user, personal=report.personal)
        labels = dict(Period.KINDS)
        kinds = [kind for kind in report.period_kinds if kind != Period.WEEK]
        self.fields["period_kind"].choices = [(kind, labels[kind]) for kind in kinds]
        self.fields["start"].help_text = _("For a date range: first and last day, both included.")

    def clean(self):
        data = super().clean()
        kind, today = data.get("period_kind"), periods.today()
        period = None
        if kind in (Period.MONTH, Period.QUARTER) and not data.get("year"):
            self.add_error("year", _("Choose the year."))
        elif kind == Period.MONTH:
            if not data.get("month"):
                self.add_error("month", _("Choose the month."))
            else:
                period = Period.month(data["year"], data["month"])
        elif kind == Period.QUARTER:
            if not data.get("quarter"):
                self.add_error("quarter", _("Choose the quarter."))
            else:
                period = Period.quarter(data["year"], data["quarter"])
        elif kind == Period.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error("start", _("Give the first and the last day."))
            elif end < start:
                self.add_error("end", _("The last day cannot be before the first."))
            elif (end - start).days > 366 * 3:
                self.add_error("end", _("A date range can be three years at most."))
            else:
                period = Period.custom(start, end)
        if period and period.start > today:
            self.add_error(None, _("The period has not started yet."))
            period = None
        data["period"] = period
        return data

    @property
    def params(self):
        return Params(self.cleaned_data["unit"], self.cleaned_data["period"])


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for re-issuing"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was wrong with the filed report, for the record."),
    )


class SubscriptionForm(forms.ModelForm):
    report_code = forms.ChoiceField(label=_("Report"))

    class Meta:
        model = Subscription
        fields = ["unit", "report_code", "frequency"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A unit subscribes for itself (``models.acts_for``); an administrator for any.
        units = requestable_units(user)
        if not scope_of(user).is_all:
            units = units.filter(pk=user.unit_id)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["report_code"].choices = [
            (report.code, report.title) for report in reports_for(user)
        ]

    def clean(self):
        data = super().clean()
        unit, code = data.get("unit"), data.get("report_code")
        if unit and code and not catalogue.get(code).available_to(self.user, unit):
            self.add_error("unit", _("This report is not available for this unit."))
        return data
