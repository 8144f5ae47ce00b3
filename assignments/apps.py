from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Beats and assignments")

    def ready(self):
        from django.apps import apps

        from communitypolice.core import sections

        from .models import BeatRecord
        from .verification import verification_history

        # Every register record has a verification history; the registers live in
        # the apps above this one, so find them rather than name them.
        for model in apps.get_models():
            if issubclass(model, BeatRecord):
                sections.register(
                    model, "registers/_verifications.html", verification_history, order=100
                )
