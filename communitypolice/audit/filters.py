import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import AuthEvent, users_visible_to

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class _DateRangeMixin(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label=_("From"), widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label=_("To"), widget=DATE_WIDGET
    )


class LogEntryFilter(_DateRangeMixin):
    actor = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=get_user_model().objects.none()
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Record type"), queryset=ContentType.objects.none()
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=LogEntry.Action.choices)

    class Meta:
        model = LogEntry
        fields = ["actor", "content_type", "action"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["actor"].queryset = users_visible_to(user)
        self.filters["content_type"].queryset = ContentType.objects.filter(
            pk__in=LogEntry.objects.values("content_type")
        ).order_by("app_label", "model")
        # "residents | person" → the model's own (translated) name.
        self.form.fields["content_type"].label_from_instance = lambda ct: ct.name


class AuthEventFilter(_DateRangeMixin):
    user = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=get_user_model().objects.none()
    )
    username = django_filters.CharFilter(
        label=_("Username entered"), lookup_expr="iexact", max_length=150
    )
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=AuthEvent.Kind.choices)

    class Meta:
        model = AuthEvent
        fields = ["user", "username", "kind"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = users_visible_to(user)
