import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterFilter(django_filters.FilterSet):
    """Filters every register shares: its beat, a text search and closed records.

    The search box is the model's own search (``RegisterQuerySet.search``); the beat
    choices are the user's own beats. Closed records are left out unless asked for.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=50)
    beat = django_filters.ModelChoiceFilter(label=_("Beat"), queryset=None)
    closed = django_filters.BooleanFilter(
        label=_("Show closed records"),
        method="filter_closed",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from assignments.models import Beat

        self.filters["beat"].queryset = Beat.objects.visible_to(request.user).order_by("code")

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("closed"):
            queryset = queryset.filter(closed_at__isnull=True)
        return queryset

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_closed(self, queryset, name, value):
        return queryset  # applied in qs, after every other filter
