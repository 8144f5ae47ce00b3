"""数据鲜活度报告: per beat and kind of record, the share checked within the age allowed for
its kind; and per community officer, the share of their beats' records whose latest check
in time was theirs. Both read the dated history and the verification history through
``incidents.freshness`` (``freshness_at``, ``officer_freshness``), the queue's rules."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.freshness import KINDS, freshness_at, officer_freshness

from . import register
from .base import Column, Report, Row, Table, _complete, _sum, rate

LABELS = {
    "key_persons": _("Key persons"),
    "floating": _("Floating population"),
    "people": _("Other residents"),
    "rentals": _("Rental houses"),
    "houses": _("Other houses"),
    "organizations": _("Organisations"),
}

DEFINITION = _(
    "Records in the register of each beat at the reference moment: the end of the "
    "period's last day (24:00 Beijing time), or the time the data was read while the "
    "period is running. The register of that day is read from the dated history: the "
    "records registered by then and not closed, and the people not moved out or "
    "deceased, each in the beat it had on that day. Each record counts once, in the "
    "first kind that fits on that day: key persons (under a key-person designation), "
    "floating population, other residents, rental houses, other houses, organisations. "
    "Verified in time: the verification history holds a check of the record (a visit, "
    "a phone call, documents, another register, its registration) no longer before the "
    "reference moment than its kind allows, and not after it: %(key_person)d days for "
    "key persons, %(floating)d for floating population, %(rental)d for rental houses, "
    "%(other)d for the others, as in the freshness queue. A check entered late counts "
    "on the day it was made. So a past period's figures stay as they were when records "
    "are verified again, moved or closed later. Freshness rate: verified in time ÷ "
    "records."
)

OFFICERS_DEFINITION = _(
    "Officers: everyone who held a post (lead or assistant) in a beat of the unit on "
    "the reference day, the end of the period's last day (24:00 Beijing time) or the "
    "time the data was read while the period is running. Records of their beats: the "
    "records in the register of the beats they held a post in on that day, as the data "
    "freshness report counts them. Checked by the officer: those of them verified in "
    "time (%(key_person)d days for key persons, %(floating)d for floating population, "
    "%(rental)d for rental houses, %(other)d for the others, before the reference "
    "moment) whose latest check in that time was the officer's own. A beat's records "
    "verified in time are thus shared out between its officers (一区多警): each goes to "
    "the officer who checked it last, and the officers' records add up to the beat's "
    "records verified in time, less those last checked by someone not posted in the "
    "beat (a chief, an officer since moved, an import). Officer's share: checked by the "
    "officer ÷ records of their beats. In subtotals and the total, a beat served by "
    "several officers counts once for each of them."
)


def reference_moment(period):
    """The end of the period, or now while it runs."""
    return min(period.end_at, timezone.now())


@register
class FreshnessReport(Report):
    code = "freshness"
    order = 100
    title = _("Data freshness report")
    description = _(
        "For each beat and kind of record (key persons, floating population, other "
        "residents, rental houses, other houses, organisations), how many records the "
        "register holds and the share verified within the age allowed for their kind."
    )

    @property
    def definition(self):
        return DEFINITION % settings.FRESHNESS_DAYS

    def get_columns(self, params):
        columns = []
        for key, label in [("all", _("All records")), *[(k, LABELS[k]) for k, _a in KINDS]]:
            columns += [
                Column(key, label, _("Records")),
                Column(f"{key}_fresh", label, _("Verified in time")),
                Column(
                    f"{key}_share",
                    label,
                    _("Freshness rate"),
                    derive=rate(f"{key}_fresh", key),
                    format="percent",
                ),
            ]
        return columns

    def figures(self, params, beat_ids):
        figures = {}
        for beat_id, beat in freshness_at(beat_ids, reference_moment(params.period)).items():
            values = figures[beat_id] = {"all": beat.total, "all_fresh": beat.total_fresh}
            for key, _age in KINDS:
                values[key], values[f"{key}_fresh"] = beat.records[key], beat.fresh[key]
        return figures


@register
class FreshnessOfficersReport(Report):
    code = "freshness_officers"
    order = 101
    title = _("Data freshness per officer")
    description = _(
        "For each community officer: the records of the beats they served and the share "
        "of them the officer verified in time, the beat's freshness shared out between "
        "its officers."
    )

    @property
    def definition(self):
        return OFFICERS_DEFINITION % settings.FRESHNESS_DAYS

    def get_columns(self, params):
        return [
            Column("records", _("Records of their beats")),
            Column("checked", _("Verified in time by the officer")),
            Column(
                "share",
                _("Officer's share"),
                derive=rate("checked", "records"),
                format="percent",
            ),
        ]

    def officers(self, params):
        """The officers of the report's lines, with their figures (``OfficerFreshness``)."""
        beat_ids = [beat.pk for beat in self.beats(params)]
        if not beat_ids:
            return []
        return officer_freshness(beat_ids, reference_moment(params.period))

    def build(self, params):
        """One line per officer, grouped by station (subtotals above a station)."""
        columns = self.get_columns(params)
        by_station = not params.unit.is_station
        lead = (
            [_("Police station"), _("Officer"), _("Beat")]
            if by_station
            else [_("Officer"), _("Beat")]
        )
        table = Table(lead, columns)
        grand, station_rows, station = [], [], None
        for row in [*self.officers(params), None]:
            row_station = row.beats[0].station if row is not None else None
            if station_rows and (row is None or row_station.pk != station.pk):
                if by_station:
                    values = _sum(columns, station_rows, {})
                    label = [station.name, gettext("Subtotal"), ""]
                    table.rows.append(Row("subtotal", f"station:{station.code}", label, values))
                station_rows = []
            if row is None:
                break
            station = row_station
            officer = row.officer
            values = _complete(columns, {"records": row.records, "checked": row.checked})
            name = f"{officer} ({officer.badge_number})" if officer.badge_number else str(officer)
            beats = "、".join(beat.name for beat in row.beats)
            label = [station.name, name, beats] if by_station else [name, beats]
            line = Row("beat", f"officer:{officer.username}", label, values)
            table.rows.append(line)
            station_rows.append(line)
            grand.append(line)
        values = _sum(columns, grand, {})
        label = [gettext("Total"), "", ""] if by_station else [gettext("Total"), ""]
        table.rows.append(Row("total", "total", label, values))
        return table
