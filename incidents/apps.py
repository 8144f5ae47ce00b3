from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        from communitypolice.core import sections
        from places.models import Address, House, Organization
        from residents.models import Person

        from . import figures, handover
        from .sections import events_of

        for model in (Person, House, Organization, Address):
            sections.register(model, "incidents/_events_section.html", events_of)
        figures.register()
        handover.register()
