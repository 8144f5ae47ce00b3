import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communitypolice.core.filters import RegisterFilter

from .models import Dispute, Incident, IncidentType, Tip, Visit

DATE = forms.DateInput(attrs={"type": "date"})


class IncidentFilter(RegisterFilter):
    type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=IncidentType.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Incident.Status.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    reported_from = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__gte", label=_("Reported from"), widget=DATE
    )
    reported_to = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__lte", label=_("Reported until"), widget=DATE
    )

    class Meta:
        model = Incident
        fields = ["q", "beat", "type", "status", "overdue", "reported_from", "reported_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["closed"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class DisputeFilter(RegisterFilter):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Dispute.Type.choices)
    risk = django_filters.ChoiceFilter(label=_("Risk"), choices=Dispute.Risk.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Dispute.Status.choices)
    open = django_filters.BooleanFilter(
        label=_("Open only"), method="filter_open", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Dispute
        fields = ["q", "beat", "type", "risk", "status", "open", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["closed"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class TipFilter(RegisterFilter):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Tip.Level.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Tip.Status.choices, empty_label=_("Open"), method="filter_status"
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Tip
        fields = ["q", "beat", "level", "status", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["closed"]

    @property
    def qs(self):
        # Closed records are left out (RegisterFilter); without a status, open tips only.
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.open()
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class VisitFilter(RegisterFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Visit.Kind.choices)
    abnormal = django_filters.BooleanFilter(
        label=_("Abnormal findings only"), method="filter_abnormal", widget=forms.CheckboxInput
    )

    class Meta:
        model = Visit
        fields = ["q", "beat", "kind", "abnormal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["closed"]

    def filter_abnormal(self, queryset, name, value):
        return queryset.filter(abnormal=True) if value else queryset
