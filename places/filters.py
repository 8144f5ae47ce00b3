import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from communitypolice.core.filters import RegisterFilter

from .models import House, HouseUse, Item, ItemKind, Organization, OrganizationType


class HouseFilter(RegisterFilter):
    use = django_filters.ModelChoiceFilter(label=_("Use"), queryset=HouseUse.objects.all())
    group_rental = django_filters.BooleanFilter(
        label=_("Group rentals only"), method="filter_group_rental", widget=forms.CheckboxInput
    )
    contract_ending = django_filters.BooleanFilter(
        label=_("Contract ends within 30 days"),
        method="filter_contract_ending",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = House
        fields = ["q", "beat", "use", "group_rental", "contract_ending", "closed"]

    def filter_group_rental(self, queryset, name, value):
        return queryset.group_rentals() if value else queryset

    def filter_contract_ending(self, queryset, name, value):
        return queryset.contracts_ending(days=30) if value else queryset


class OrganizationFilter(RegisterFilter):
    type = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=OrganizationType.objects.all()
    )
    is_key_unit = django_filters.BooleanFilter(
        label=_("Key units only"), method="filter_key", widget=forms.CheckboxInput
    )

    class Meta:
        model = Organization
        fields = ["q", "beat", "type", "is_key_unit", "closed"]

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key_unit=True) if value else queryset


class ItemFilter(RegisterFilter):
    kind = django_filters.ModelChoiceFilter(label=_("Kind"), queryset=ItemKind.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Item.Status.choices)

    class Meta:
        model = Item
        fields = ["q", "beat", "kind", "status", "closed"]
