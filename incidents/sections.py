"""What the incidents app shows on the pages of people, houses, organisations and
addresses: their incidents, disputes, tips and visits, within the user's scope."""

from places.models import Address, House, Organization
from residents.models import Person

from .models import Dispute, Incident, Tip, Visit

LIMIT = 10


def events_of(record, user):
    incidents = Incident.objects.visible_to(user).select_related("type")
    disputes = Dispute.objects.visible_to(user)
    tips = Tip.objects.visible_to(user)
    visits = Visit.objects.visible_to(user).select_related("officer")
    if isinstance(record, Person):
        incidents = incidents.filter(parties__person=record)
        disputes, tips = disputes.filter(persons=record), tips.filter(persons=record)
        visits = visits.filter(persons=record)
    elif isinstance(record, House):
        incidents = incidents.filter(address=record.address)
        disputes, tips = (
            disputes.filter(address=record.address),
            tips.filter(addresses=record.address),
        )
        visits = visits.filter(houses=record)
    elif isinstance(record, Organization):
        incidents = incidents.filter(organizations=record)
        disputes, tips = disputes.none(), tips.filter(organizations=record)
        visits = visits.filter(organizations=record)
    elif isinstance(record, Address):
        below = Address.objects.filter(path__startswith=record.path)
        incidents = incidents.filter(address__in=below)
        disputes, tips = disputes.filter(address__in=below), tips.filter(addresses__in=below)
        visits = visits.filter(houses__address__in=below)
    return {
        "incidents": list(incidents.distinct().order_by("-reported_at")[:LIMIT]),
        "disputes": list(disputes.distinct().order_by("-found_on")[:LIMIT]),
        "tips": list(tips.distinct().order_by("-created_at")[:LIMIT]),
        "visits": list(visits.distinct().order_by("-visited_at")[:LIMIT]),
    }
