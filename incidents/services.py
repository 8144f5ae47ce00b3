"""Writes of the incidents app that span several records or queue work."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.services import note_visit
from communitypolice.accounts.models import User
from communitypolice.core import periods
from communitypolice.core.models import Notification
from communitypolice.core.verification import CheckMethod
from residents.models import CareDesignation, KeyPersonDesignation

from .models import IncidentCounter, Tip


@transaction.atomic
def register_incident(*, incident, by):
    """Save a new incident with the next number of its station and year.

    The number is issued in the same transaction, under a row lock on the
    station's counter: two officers saving at once get consecutive numbers, and a
    save that fails gives its number back, so the sequence has no gaps.
    """
    station = incident.beat.station
    year = periods.local(incident.reported_at).year
    incident.number = IncidentCounter.next_number(station, year)
    incident.save()
    incident.verify(by=by, method=CheckMethod.REGISTRATION)
    incident.steps.create(from_status="", to_status=incident.status, by=by)
    return incident


@transaction.atomic
def raise_tip(*, tip, by, persons=(), addresses=(), organizations=()):
    """Save a new tip. A 预警性 tip tells the station's chiefs at once, in the
    application; an email follows through Celery when email is configured."""
    tip.reported_by = by
    tip.save()
    tip.verify(by=by, method=CheckMethod.REGISTRATION)
    tip.persons.set(persons)
    tip.addresses.set(addresses)
    tip.organizations.set(organizations)
    if tip.level == Tip.Level.WARNING:
        chiefs = User.objects.filter(role=User.Role.CHIEF, unit=tip.beat.station, is_active=True)
        message = _("Early warning in %(beat)s: %(category)s") % {
            "beat": tip.beat,
            "category": tip.category,
        }
        Notification.objects.bulk_create(
            Notification(user=chief, message=message[:300], url=tip.get_absolute_url())
            for chief in chiefs
        )
        from .tasks import email_warning_tip

        transaction.on_commit(lambda: email_warning_tip.delay(tip.pk))
    return tip


@transaction.atomic
def record_visit(*, visit, by, persons=(), houses=(), organizations=(), tip=None):
    """Save a field visit and what follows from it.

    Every visited person, house and organisation gets a check by the officer at
    the time of the visit in its verification history, and the visit counts as the follow-up of
    any current key-person or care designation of a visited person. A tip raised
    in the same form is saved with it. An abnormal finding on a key-person visit
    is put before the station's chiefs to acknowledge.
    """
    visit.officer = by
    if tip is not None:
        tip.source = Tip.Source.VISIT
        tip.beat = visit.beat
        visit.tip = raise_tip(tip=tip, by=by, persons=persons, organizations=organizations)
    visit.save()
    visit.verify(by=by, method=CheckMethod.REGISTRATION)
    note_visit(by, visit.visited_at)
    visit.persons.set(persons)
    visit.houses.set(houses)
    visit.organizations.set(organizations)
    # A check at the time of the visit: a visit entered late (补录) goes into the
    # history on its own date and leaves a later check as the latest.
    for record in [*persons, *houses, *organizations]:
        record.verify(by=by, at=visit.visited_at, method=CheckMethod.VISIT, visit=visit)
    day = periods.local_date(visit.visited_at)
    for model in (KeyPersonDesignation, CareDesignation):
        for designation in model.objects.current().filter(person__in=persons):
            if designation.last_followup is None or designation.last_followup < day:
                designation.last_followup = day
                designation.save(update_fields=["last_followup"])
    if visit.needs_acknowledgement:
        chiefs = User.objects.filter(role=User.Role.CHIEF, unit=visit.beat.station, is_active=True)
        message = _("Abnormal finding on a key-person visit by %(officer)s") % {"officer": by}
        Notification.objects.bulk_create(
            Notification(user=chief, message=message[:300], url=visit.get_absolute_url())
            for chief in chiefs
        )
    return visit


def acknowledge_visit(*, visit, by, reply):
    """签收: a chief has read an abnormal finding and answers it."""
    visit.acknowledged_by, visit.acknowledged_at = by, timezone.now()
    visit.chief_reply = reply
    visit.save(
        update_fields=["acknowledged_by", "acknowledged_at", "chief_reply", "version", "updated_at"]
    )
    return visit
