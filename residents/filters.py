import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods
from communitypolice.core.filters import RegisterFilter

from .models import CareDesignation, KeyPersonDesignation, Person, search_hint

AGE_BANDS = {
    # band: (youngest, oldest) in whole years
    "child": (0, 17),
    "adult": (18, 59),
    "senior": (60, 200),
}


class PersonFilter(RegisterFilter):
    """The resident list. The search box is ``PersonQuerySet.search``: a name (汉字),
    pinyin or its initials, an ID number or a phone number, or a part of either."""

    category = django_filters.ChoiceFilter(
        label=_("Population category"), choices=Person.Category.choices
    )
    residence_status = django_filters.ChoiceFilter(
        label=_("Residence status"),
        choices=Person.ResidenceStatus.choices,
        method="filter_status",
        empty_label=_("Living here or away"),
    )
    designation = django_filters.ChoiceFilter(
        label=_("Designation"),
        method="filter_designation",
        choices=[
            ("key", _("key person")),
            ("care", _("care person")),
            ("overdue", _("follow-up overdue")),
            ("key_overdue", _("key person, follow-up overdue")),
            ("care_overdue", _("care person, follow-up overdue")),
            ("due_soon", _("follow-up due within 7 days")),
        ],
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        method="filter_age",
        choices=[("child", _("under 18")), ("adult", _("18–59")), ("senior", _("60 and over"))],
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Person.Gender.choices)
    permits_expiring = django_filters.BooleanFilter(
        label=_("Residence permit expires within 30 days"),
        method="filter_permits",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Person
        fields = [
            "q",
            "beat",
            "category",
            "residence_status",
            "designation",
            "age_band",
            "gender",
            "permits_expiring",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["closed"]

    @property
    def qs(self):
        # Closed records are left out (RegisterFilter); people also leave by moving out
        # or dying, so without a status asked for the list shows the living only.
        queryset = super().qs
        if not self.form.cleaned_data.get("residence_status"):
            queryset = queryset.living()
        if hint := search_hint(self.form.cleaned_data.get("q") or ""):
            self.form.add_error("q", hint)
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(residence_status=value)

    def filter_designation(self, queryset, name, value):
        key = KeyPersonDesignation.objects.current().filter(person=OuterRef("pk"))
        care = CareDesignation.objects.current().filter(person=OuterRef("pk"))
        if value == "key":
            return queryset.filter(Exists(key))
        if value == "care":
            return queryset.filter(Exists(care))
        key_overdue = KeyPersonDesignation.objects.overdue().filter(person=OuterRef("pk"))
        care_overdue = CareDesignation.objects.overdue().filter(person=OuterRef("pk"))
        if value == "overdue":
            return queryset.filter(Exists(key_overdue) | Exists(care_overdue))
        if value == "key_overdue":
            return queryset.filter(Exists(key_overdue))
        if value == "care_overdue":
            return queryset.filter(Exists(care_overdue))
        if value == "due_soon":
            key_due = KeyPersonDesignation.objects.due_soon().filter(person=OuterRef("pk"))
            care_due = CareDesignation.objects.due_soon().filter(person=OuterRef("pk"))
            return queryset.filter(Exists(key_due) | Exists(care_due))
        return queryset

    def filter_age(self, queryset, name, value):
        return queryset.filter(birth_date__range=periods.birth_dates_for_ages(*AGE_BANDS[value]))

    def filter_permits(self, queryset, name, value):
        return queryset & Person.objects.permits_expiring(30) if value else queryset
