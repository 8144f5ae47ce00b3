"""The dashboards' figures: each dashboard is a handful of aggregate queries.

Every count here is one ``values(...).annotate(...)`` query over the beats a user may
see (``Beat.objects.visible_to(user)``, read once by the view), grouped by beat and
rolled up in Python to stations, levels or types: the number of queries does not grow
with the number of beats or records. Analysts reach the registers through these
aggregates only, never row by row.

Each figure counts exactly what the list it links to shows (the same conditions as
that list's filter), so whoever clicks "follow-ups overdue: 7" finds 7 rows there.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assignments import duty
from assignments.models import DutyBlock, TransferRequest
from communitypolice.accounts.models import User
from communitypolice.core import pagination, periods
from communitypolice.core.figures import beat_figure_list, beat_figures_for
from incidents.freshness import (
    BEAT_FIELDS,
    BeatFreshness,
    freshness_at,
    freshness_queue,
    freshness_sections,
    officer_freshness,
)
from incidents.models import Dispute, Incident, IncidentType, Tip
from places.models import HouseUse
from residents.models import CareDesignation, KeyPersonDesignation, MoveRequest, Person

ON = "on"  # what a ticked checkbox sends, as the list filters expect it


def list_url(url_name, **params):
    """A list page filtered by ``params`` (``None`` left out)."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    url = reverse(url_name)
    return f"{url}?{query}" if query else url


def chart(kind, labels, datasets, *, stacked=False, horizontal=False, title="", line=None):
    """What ``static/js/charts.js`` draws: plain data, no code (the page has no inline script).
    ``line`` is ``(label, value)``: a threshold drawn across the bars (a requirement)."""
    spec = {
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": [{"label": str(label), "data": list(data)} for label, data in datasets],
        "stacked": stacked,
        "horizontal": horizontal,
        "title": str(title),
    }
    if line is not None:
        label, value = line
        spec["datasets"].append(
            {"label": str(label), "data": [value] * len(spec["labels"]), "line": True}
        )
    return spec


# --- periods ----------------------------------------------------------------------------


def comparison_months(today):
    """This month so far, last month, and the same month last year: ``(key, label, period)``;
    the periods' dates are what the incident list's "reported from / until" filter takes."""
    month = periods.month_of(today)
    return [
        ("this_month", _("This month (to date)"), month.so_far(today)),
        ("last_month", _("Last month"), month.previous()),
        ("year_ago", _("Same month last year"), month.same_last_year()),
    ]


# --- counts, grouped by beat ---------------------------------------------------------------


def people_by_beat(beats):
    """{(beat_id, category): n}: people living in the beat (the resident list's default)."""
    rows = (
        Person.objects.filter(beat__in=beats)
        .living()
        .order_by()
        .values("beat", "category")
        .annotate(n=Count("pk"))
    )
    return {(row["beat"], row["category"]): row["n"] for row in rows}


def followups_by_beat(beats):
    """{beat_id: {"key", "care", "total"}}: living people with a key-person or care
    follow-up overdue (the resident list's "follow-up overdue" filters). A person with
    both counts once in the total."""
    key = Exists(KeyPersonDesignation.objects.overdue().filter(person=OuterRef("pk")))
    care = Exists(CareDesignation.objects.overdue().filter(person=OuterRef("pk")))
    rows = (
        Person.objects.filter(beat__in=beats)
        .living()
        .filter(key | care)
        .order_by()
        .values("beat")
        .annotate(
            key=Count("pk", filter=Q(key)), care=Count("pk", filter=Q(care)), total=Count("pk")
        )
    )
    return {row.pop("beat"): row for row in rows}


def followups_due_soon(beats, today):
    """Living people with a follow-up due within 7 days (the list's "due within 7 days"
    filter)."""
    key = KeyPersonDesignation.objects.due_soon(today).filter(person=OuterRef("pk"))
    care = CareDesignation.objects.due_soon(today).filter(person=OuterRef("pk"))
    return Person.objects.filter(beat__in=beats).living().filter(Exists(key) | Exists(care)).count()


def tips_by_beat(beats, now):
    """{(beat_id, level): {"open", "overdue"}}: open tips and those past their deadline
    (``Tip.objects.open()`` and ``overdue()``)."""
    rows = (
        Tip.objects.open()
        .filter(beat__in=beats)
        .order_by()
        .values("beat", "level")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Tip.overdue_q(now)))
    )
    return {(row.pop("beat"), row.pop("level")): row for row in rows}


def incidents_by_beat(beats, months):
    """{(beat_id, type_id): {month key: n}} for the ``comparison_months``."""
    counts, any_month = {}, Q(pk__in=[])
    for key, _label, period in months:
        condition = period.datetime_q("reported_at")
        counts[key] = Count("pk", filter=condition)
        any_month |= condition
    rows = (
        Incident.objects.active()
        .filter(beat__in=beats)
        .filter(any_month)
        .order_by()
        .values("beat", "type")
        .annotate(**counts)
    )
    return {(row.pop("beat"), row.pop("type")): row for row in rows}


def disputes_by_beat(beats, today):
    """{beat_id: {"open", "overdue", "resolved"}} (resolved: ever, as the list's status
    filter shows them)."""
    rows = (
        Dispute.objects.active()
        .filter(beat__in=beats)
        .order_by()
        .values("beat")
        .annotate(
            open=Count("pk", filter=Dispute.open_q()),
            overdue=Count("pk", filter=Dispute.overdue_q(today)),
            resolved=Count("pk", filter=Q(status=Dispute.Status.RESOLVED)),
        )
    )
    return {row.pop("beat"): row for row in rows}


# The freshness queue's sections, grouped as the chart shows them.
FRESHNESS_GROUPS = [
    ("followups", _("Follow-ups overdue"), ["followups_key", "followups_care"]),
    ("tips", _("Tips past their deadline"), ["tips"]),
    ("people", _("Residents not verified"), ["key_people", "floating", "people"]),
    ("houses", _("Houses not verified"), ["rentals", "houses"]),
    ("tenants", _("Tenants declared, not registered"), ["tenants"]),
    ("organizations", _("Organisations not verified"), ["organizations"]),
]


def freshness_by_beat(user, now):
    """{beat_id: {section: n}}: the user's freshness queue (待核实), counted per beat, one
    query per section."""
    counts = defaultdict(dict)
    for name, queryset in freshness_sections(user, now):
        field = BEAT_FIELDS.get(name, "beat")
        for row in queryset.order_by().values(field).annotate(n=Count("pk")):
            counts[row[field]][name] = row["n"]
    return counts


# --- the cards ----------------------------------------------------------------------------


def population_card(beats):
    counts = people_by_beat(beats)
    categories = Person.Category.choices
    rows = []
    for beat in beats:
        cells = [
            {
                "n": counts.get((beat.pk, value), 0),
                "url": list_url("residents:person_list", beat=beat.pk, category=value),
            }
            for value, _label in categories
        ]
        rows.append(
            {
                "beat": beat,
                "cells": cells,
                "total": sum(cell["n"] for cell in cells),
                "url": list_url("residents:person_list", beat=beat.pk),
            }
        )
    totals = [
        {
            "n": sum(row["cells"][i]["n"] for row in rows),
            "url": list_url("residents:person_list", category=value),
        }
        for i, (value, _label) in enumerate(categories)
    ]
    return {
        "categories": [label for _value, label in categories],
        "rows": rows,
        "totals": totals,
        "total": {"n": sum(row["total"] for row in rows), "url": list_url("residents:person_list")},
        "chart": chart(
            "bar",
            [beat.name for beat in beats],
            [
                (label, [row["cells"][i]["n"] for row in rows])
                for i, (_value, label) in enumerate(categories)
            ],
            stacked=True,
            horizontal=True,
        ),
    }


def followups_card(beats):
    counts = followups_by_beat(beats)
    empty = {"key": 0, "care": 0, "total": 0}
    rows = []
    for beat in beats:
        figures = counts.get(beat.pk, empty)
        rows.append(
            {
                "beat": beat,
                "key": figures["key"],
                "care": figures["care"],
                "total": figures["total"],
                "key_url": list_url(
                    "residents:person_list", beat=beat.pk, designation="key_overdue"
                ),
                "care_url": list_url(
                    "residents:person_list", beat=beat.pk, designation="care_overdue"
                ),
                "url": list_url("residents:person_list", beat=beat.pk, designation="overdue"),
            }
        )
    return {
        "rows": rows,
        "key": sum(row["key"] for row in rows),
        "care": sum(row["care"] for row in rows),
        "total": sum(row["total"] for row in rows),
        "key_url": list_url("residents:person_list", designation="key_overdue"),
        "care_url": list_url("residents:person_list", designation="care_overdue"),
        "url": list_url("residents:person_list", designation="overdue"),
    }


def tips_card(beats, now):
    counts = tips_by_beat(beats, now)
    levels = []
    for value, label in reversed(Tip.Level.choices):  # 预警性 first, as in the inbox
        open_ = sum(c["open"] for (_beat, level), c in counts.items() if level == value)
        overdue = sum(c["overdue"] for (_beat, level), c in counts.items() if level == value)
        levels.append(
            {
                "value": value,
                "label": label,
                "open": open_,
                "overdue": overdue,
                "url": list_url("incidents:tip_list", level=value),
                "overdue_url": list_url("incidents:tip_list", level=value, overdue=ON),
            }
        )
    return {
        "levels": levels,
        "open": sum(level["open"] for level in levels),
        "overdue": sum(level["overdue"] for level in levels),
        "url": list_url("incidents:tip_list"),
        "overdue_url": list_url("incidents:tip_list", overdue=ON),
    }


def incidents_card(beats, today):
    months = comparison_months(today)
    counts = incidents_by_beat(beats, months)
    by_type = defaultdict(lambda: dict.fromkeys((key for key, *_ in months), 0))
    for (_beat, type_id), figures in counts.items():
        for key, n in figures.items():
            by_type[type_id][key] += n
    types = IncidentType.objects.filter(pk__in=by_type)  # in the code table's order
    columns = [
        {"key": key, "label": label, "first": period.start, "last": period.end}
        for key, label, period in months
    ]

    def url(period, type_id=None):
        return list_url(
            "incidents:incident_list",
            type=type_id,
            reported_from=period["first"].isoformat(),
            reported_to=period["last"].isoformat(),
        )

    rows = [
        {
            "type": kind,
            "cells": [{"n": by_type[kind.pk][p["key"]], "url": url(p, kind.pk)} for p in columns],
        }
        for kind in types
    ]
    totals = [
        {"n": sum(row["cells"][i]["n"] for row in rows), "url": url(p)}
        for i, p in enumerate(columns)
    ]
    return {
        "periods": columns,
        "rows": rows,
        "totals": totals,
        "chart": chart(
            "bar",
            [row["type"].name for row in rows],
            [(p["label"], [row["cells"][i]["n"] for row in rows]) for i, p in enumerate(columns)],
        ),
    }


def disputes_card(beats, today):
    counts = disputes_by_beat(beats, today)
    empty = {"open": 0, "overdue": 0, "resolved": 0}
    rows = []
    for beat in beats:
        figures = counts.get(beat.pk, empty)
        rows.append(
            {
                "beat": beat,
                **figures,
                "open_url": list_url("incidents:dispute_list", beat=beat.pk, open=ON),
                "overdue_url": list_url("incidents:dispute_list", beat=beat.pk, overdue=ON),
                "resolved_url": list_url(
                    "incidents:dispute_list", beat=beat.pk, status=Dispute.Status.RESOLVED
                ),
            }
        )
    return {
        "rows": rows,
        "open": sum(row["open"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "resolved": sum(row["resolved"] for row in rows),
        "open_url": list_url("incidents:dispute_list", open=ON),
        "overdue_url": list_url("incidents:dispute_list", overdue=ON),
        "resolved_url": list_url("incidents:dispute_list", status=Dispute.Status.RESOLVED),
    }


def freshness_card(user, beats, now):
    counts = freshness_by_beat(user, now)
    rows = []
    for beat in beats:
        sections = counts.get(beat.pk, {})
        groups = [
            sum(sections.get(name, 0) for name in names) for _k, _l, names in FRESHNESS_GROUPS
        ]
        rows.append(
            {
                "beat": beat,
                "groups": groups,
                "total": sum(groups),
                "url": f"{reverse('incidents:freshness')}?beat={beat.pk}",
            }
        )
    return {
        "groups": [label for _key, label, _names in FRESHNESS_GROUPS],
        "rows": rows,
        "totals": [sum(row["groups"][i] for row in rows) for i in range(len(FRESHNESS_GROUPS))],
        "total": sum(row["total"] for row in rows),
        "url": reverse("incidents:freshness"),
        "chart": chart(
            "bar",
            [beat.name for beat in beats],
            [
                (label, [row["groups"][i] for row in rows])
                for i, (_key, label, _names) in enumerate(FRESHNESS_GROUPS)
            ],
            stacked=True,
            horizontal=True,
        ),
    }


def freshness_shares(beats, now):
    """The register's freshness now (``incidents.freshness``), per beat and per officer:
    ``(beat rows, [OfficerFreshness])``. A beat row has its records, those verified in
    time, the rate, and how many of those were last checked by someone not posted in
    the beat, so that the beat's officers' figures plus that add up to the beat's."""
    beat_ids = [beat.pk for beat in beats]
    figures = freshness_at(beat_ids, now)
    officers = officer_freshness(beat_ids, now, figures)
    posted = defaultdict(set)
    for row in officers:
        for beat in row.beats:
            posted[beat.pk].add(row.officer.pk)
    rows = []
    for beat in beats:
        counts = figures.get(beat.pk, BeatFreshness())
        by_officers = sum(counts.credited[officer_id] for officer_id in posted[beat.pk])
        rows.append(
            {
                "beat": beat,
                "records": counts.total,
                "fresh": counts.total_fresh,
                "percent": counts.percent,
                "by_others": counts.total_fresh - by_officers,
                "by_officer": {
                    officer_id: counts.credited[officer_id] for officer_id in posted[beat.pk]
                },
            }
        )
    return rows, officers


def officer_freshness_card(beats, now):
    """The chief's card: each beat's freshness rate now, and each officer's share of it."""
    rows, officers = freshness_shares(beats, now)
    return {
        "beats": rows,
        "officers": officers,
        "url": reverse("reports:request", args=["freshness_officers"]),
    }


def my_freshness_card(user, beats, now):
    """The officer's card: their own share of their beats' records verified in time
    now, and each beat's rate with what the officer checked of it."""
    rows, officers = freshness_shares(beats, now)
    mine = next((row for row in officers if row.officer.pk == user.pk), None)
    for row in rows:
        row["mine"] = row["by_officer"].get(user.pk, 0)
    return {"beats": rows, "mine": mine, "url": reverse("incidents:freshness")}


# --- police force (the assignments app) ------------------------------------------------------


def community_time_card(user, today):
    """Each officer of the station: this month's share of community time against the
    requirement, as the station's duty page shows it."""
    month = periods.month_of(today)
    asked = f"{month.start:%Y-%m}"
    officers = list(
        User.objects.filter(role=User.Role.OFFICER, unit_id=user.unit_id).order_by("username")
    )
    shares = duty.community_shares([officer.pk for officer in officers], month.start, month.end)
    rows = [
        {
            "officer": officer,
            "share": shares[officer.pk],
            "url": f"{reverse('assignments:duty_officer', args=[officer.pk])}?month={asked}",
        }
        for officer in officers
    ]
    required = float(settings.COMMUNITY_SHARE_REQUIRED) * 100
    return {
        "rows": rows,
        "below": sum(1 for row in rows if row["share"].below),
        "required_percent": round(required, 1),
        "url": reverse("assignments:duty_month"),
        "chart": chart(
            "bar",
            [str(row["officer"]) for row in rows],
            [(_("Community share (%)"), [row["share"].percent or 0 for row in rows])],
            horizontal=True,
            line=(_("Required (%)"), round(required, 1)),
        ),
    }


def approvals_card(user):
    """What waits for this user's decision: transfer requests, dispatches to confirm and
    requests to move people of the station to another."""
    return {
        "transfers": TransferRequest.objects.awaiting(user).count(),
        "transfers_url": reverse("assignments:transfer_list"),
        "dispatches": DutyBlock.objects.visible_to(user).awaiting_confirmation_by(user).count(),
        "dispatches_url": reverse("assignments:dispatch_list"),
        "moves": MoveRequest.objects.awaiting(user).count(),
        "moves_url": reverse("residents:move_list"),
    }


def short_beats_card(rows):
    """The beats the allocation advisor (its ``allocations`` rows) finds short of
    officers, with what drives them."""
    return {
        "short": [row for row in rows if row.is_short],
        "beats": len(rows),
        "url": reverse("assignments:allocation"),
    }


def my_community_time(user, today):
    """The officer's own share this month and this week's figures against the targets."""
    month = periods.month_of(today)
    week = duty.weekly_figures(user.pk, periods.week_start(today))
    labels = dict(duty.target_labels())
    return {
        "share": duty.community_shares([user.pk], month.start, month.end)[user.pk],
        "week": [
            {"label": labels.get(key, key), "actual": actual, "target": target}
            for key, (actual, target) in week.items()
        ],
        "url": reverse("assignments:duty_month"),
    }


# --- the officer's day -----------------------------------------------------------------------


def figure_links():
    """{figure key: url of the list it counts, given a beat id} for the beat figures a list
    shows exactly. Not the 12-month incidents and disputes (no list counts 365 days back)."""
    rented = HouseUse.objects.filter(code=HouseUse.RENTED).values_list("pk", flat=True).first()
    return {
        "people": lambda beat: list_url("residents:person_list", beat=beat),
        "floating": lambda beat: list_url(
            "residents:person_list", beat=beat, category=Person.Category.FLOATING
        ),
        "houses": lambda beat: list_url("places:house_list", beat=beat),
        "rentals": lambda beat: list_url("places:house_list", beat=beat, use=rented),
        "organizations": lambda beat: list_url("places:organization_list", beat=beat),
        "key_persons": lambda beat: list_url("residents:person_list", beat=beat, designation="key"),
    }


def beat_figures_card(beats):
    """Each beat with its figures (``core/figures.py``), linked to their lists."""
    values = beat_figures_for(beats)
    figures = beat_figure_list()
    links = figure_links()
    return [
        {
            "beat": beat,
            "figures": [
                {
                    "key": figure.key,
                    "label": figure.label,
                    "n": values[beat.pk][figure.key],
                    "url": links[figure.key](beat.pk) if figure.key in links else None,
                }
                for figure in figures
            ],
        }
        for beat in beats
    ]


def queue_card(user, now, shown=5):
    """The most urgent items of the freshness queue, and how many are due in all."""
    sections = freshness_queue(user, now, limit=shown)
    top = [(section.name, row) for section in sections for row in section.rows][:shown]
    return {
        "top": top,
        # "1000+" when a section has more than the queue counts.
        "total": sum(min(section.count, pagination.CAP) for section in sections),
        "capped": any(section.capped for section in sections),
        "url": reverse("incidents:freshness"),
    }


def due_soon_card(user, beats, today, shown=10):
    """Follow-ups due this week (today and the 6 days after), the soonest first."""
    designations = []
    for model in (KeyPersonDesignation, CareDesignation):
        designations += list(
            model.objects.visible_to(user)
            .due_soon(today)
            .select_related("person", "category")
            .order_by("next_due")[:shown]
        )
    designations.sort(key=lambda d: (d.next_due, d.person.name_pinyin))
    return {
        "items": designations[:shown],
        "people": followups_due_soon(beats, today),
        "url": list_url("residents:person_list", designation="due_soon"),
    }


# --- the analysts' comparison of stations ---------------------------------------------------


def station_comparison(stations, beats, today, now):
    """The key figures of each station side by side: rows of figures, one column per
    station, from the beat figures registry and the counts above, summed per station."""
    station_of = {beat.pk: beat.station_id for beat in beats}
    values = defaultdict(lambda: defaultdict(int))  # figure key -> station id -> n

    def add(key, beat_id, n):
        values[key][station_of[beat_id]] += n

    for beat in beats:
        add("beats", beat.pk, 1)
    for beat_id, figures in beat_figures_for(beats).items():
        for key, n in figures.items():
            add(key, beat_id, n)
    this_month = comparison_months(today)[:1]
    for (beat_id, _type), figures in incidents_by_beat(beats, this_month).items():
        add("incidents_month", beat_id, figures["this_month"])
    for beat_id, figures in followups_by_beat(beats).items():
        add("followups_overdue", beat_id, figures["total"])
    for (beat_id, _level), figures in tips_by_beat(beats, now).items():
        add("tips_open", beat_id, figures["open"])
        add("tips_overdue", beat_id, figures["overdue"])
    for beat_id, figures in disputes_by_beat(beats, today).items():
        add("disputes_open", beat_id, figures["open"])
        add("disputes_overdue", beat_id, figures["overdue"])

    registers = [("beats", _("Beats"))] + [
        (figure.key, figure.label) for figure in beat_figure_list()
    ]
    work = [
        ("incidents_month", _("Incidents this month")),
        ("followups_overdue", _("People with follow-ups overdue")),
        ("tips_open", _("Open tips")),
        ("tips_overdue", _("Tips past their deadline")),
        ("disputes_open", _("Open disputes")),
        ("disputes_overdue", _("Disputes open too long")),
    ]

    def table(figures):
        return [
            {"key": key, "label": label, "values": [values[key][s.pk] for s in stations]}
            for key, label in figures
        ]

    def station_chart(rows):
        return chart(
            "bar",
            [row["label"] for row in rows],
            [(s.name, [row["values"][i] for row in rows]) for i, s in enumerate(stations)],
            horizontal=True,
        )

    register_rows, work_rows = table(registers), table(work)
    return {
        "stations": stations,
        "rows": {row["key"]: row["values"] for row in register_rows + work_rows},
        # (table, chart, chart element id, title) for each card
        "sections": [
            (register_rows, station_chart(register_rows), "chart-registers", _("Registers")),
            (work_rows, station_chart(work_rows), "chart-work", _("Work in hand")),
        ],
    }


# --- the latest reports ---------------------------------------------------------------------


def reports_card(user, shown=5):
    """The latest finished report runs the user may see, and their unit's subscriptions."""
    from .models import ReportRun, Subscription

    runs = (
        ReportRun.objects.visible_to(user)
        .filter(status=ReportRun.Status.DONE)
        .select_related("unit", "requested_by", "filed_by", "reissue_of")
        .prefetch_related("files")
        .defer("result", "parameters")
        .order_by("-finished_at", "-pk")[:shown]
    )
    subscriptions = (
        Subscription.objects.visible_to(user).filter(active=True).select_related("unit")[:10]
    )
    return {
        "runs": runs,
        "subscriptions": subscriptions,
        "runs_url": reverse("reports:run_list"),
        "subscriptions_url": reverse("reports:subscriptions"),
        "catalogue_url": reverse("reports:catalogue"),
    }
