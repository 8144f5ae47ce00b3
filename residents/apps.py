from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("Residents")

    def ready(self):
        from django.db.models import Count, Func, OuterRef, Subquery

        from communitypolice.core import sections
        from places import services as places
        from places.models import HOUSE_ANNOTATIONS, House

        from . import figures, handover
        from .models import Person

        # A person's beat is their house's: they follow it when an address moves.
        places.register_attached(Person, "house__address")
        # The building map shows how many people live in each room.
        HOUSE_ANNOTATIONS["resident_count"] = Count(
            "residents", filter=Person.living_q("residents__")
        )
        # The same count as a subquery per house, for a filter on a few houses out of many
        # (no join of every house's people, no GROUP BY): the house_id index finds them.
        HOUSE_ANNOTATIONS["resident_count_each"] = Subquery(
            Person.objects.living()
            .filter(house=OuterRef("pk"))
            .order_by()
            .annotate(n=Func("pk", function="COUNT"))
            .values("n")
        )
        sections.register(House, "residents/_house_residents.html")
        figures.register()
        handover.register()
