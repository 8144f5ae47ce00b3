from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "communitypolice.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django import forms

        from . import periods

        # Every date a form takes lies in the calendar the system counts in
        # (``periods.in_calendar``): one rule for the registers, the designations, the
        # visits, the duty logs and the admin alike.
        for field in (forms.DateField, forms.DateTimeField):
            field.default_validators = [*field.default_validators, periods.in_calendar]
