from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        from assignments.history import history_section
        from assignments.models import Beat
        from communitypolice.core import sections

        from . import figures
        from .beat_section import covered_addresses
        from .models import House, Organization

        figures.register()
        sections.register(Beat, "places/_beat_addresses.html", covered_addresses)
        for model in (House, Organization):
            sections.register(model, "registers/_history.html", history_section)
