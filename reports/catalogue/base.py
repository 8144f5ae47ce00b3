"""What a report is: parameters, columns, one aggregate query per figure group, and the
table every format (screen, XLSX, CSV, PDF) is drawn from.

A report is one small class in ``reports/catalogue/<name>.py``::

    @register
    class PopulationReport(Report):
        code = "population"
        title = _("Resident population")
        description = _("…")
        definition = _("…")  # 口径: exactly what each number counts
        columns = [Column("living", _("Total")), Column("male", _("People"), _("Male")), …]

        def figures(self, params, beat_ids):
            return by_beat(Person.objects.all(), beat_ids, living=Count("pk", filter=…))

``figures`` answers ``{beat_id: {column key: number}}`` from one aggregate query per
figure group (``values("beat").annotate(...)``), never a query per beat. ``Report.build``
adds every beat of the unit (zeros where nothing was counted: 零报告), per-station
subtotals when the unit is above a station, the totals row, and derived columns (rates).
"""

import itertools
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communitypolice.core.periods import Period

# --- Parameters ---------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """What a run was asked for: the unit (a station, or a bureau and every station below
    it) and the period."""

    unit: object  # accounts.Unit
    period: Period

    def to_json(self):
        return {"unit": self.unit.pk, "period": self.period.to_json()}

    @classmethod
    def from_json(cls, data):
        from communitypolice.accounts.models import Unit

        return cls(Unit.objects.get(pk=data["unit"]), Period.from_json(data["period"]))

    def previous(self):
        return Params(self.unit, self.period.previous())


# --- Columns ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A figure column. ``headers`` are its header labels from the top level down:
    ``Column("floating_m", _("Floating population"), _("Male"))`` sits under a merged
    "Floating population" cell. Adjacent columns with the same upper labels share it.

    ``total``: "sum" (subtotals and totals add up), or None (left empty there, unless
    the report fills it in ``summaries``). ``derive``: a function of the row's other
    values (a rate), computed on every row after the sums. ``format``: "int",
    "decimal" (one place), "percent" (one place and a % sign) or "text".
    """

    key: str
    headers: tuple
    total: str | None = "sum"
    derive: object = None
    format: str = "int"
    width: int = 10

    def __init__(self, key, *headers, total="sum", derive=None, format="int", width=None):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "headers", tuple(headers))
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "derive", derive)
        object.__setattr__(self, "format", format)
        default_width = 14 if format == "text" else 10
        object.__setattr__(self, "width", width or default_width)

    @property
    def label(self):
        return " · ".join(str(h) for h in self.headers)


def rate(numerator, denominator):
    """A derived percentage (one decimal place), empty when the denominator is zero."""

    def derive(values):
        top, bottom = values.get(numerator) or 0, values.get(denominator) or 0
        return round(100 * top / bottom, 1) if bottom else None

    return derive


def change(current, previous):
    """Change from ``previous`` to ``current`` as a percentage, None when undefined."""
    if not isinstance(current, int | float) or not isinstance(previous, int | float):
        return None
    if previous == 0:
        return None
    return round(100 * (current - previous) / previous, 1)


@dataclass
class HeaderCell:
    label: str
    row: int
    col: int  # 0-based, lead columns included
    rowspan: int = 1
    colspan: int = 1


def header_cells(lead, columns):
    """The header as merged cells: lead columns span every level; a label shared by
    adjacent columns under the same parents spans them; a column with fewer levels
    than the deepest spans down to the bottom. Returns (depth, [HeaderCell])."""
    depth = max([len(c.headers) for c in columns] + [1])
    cells = [HeaderCell(str(label), 0, i, rowspan=depth) for i, label in enumerate(lead)]
    offset = len(lead)
    for level in range(depth):
        i = 0
        while i < len(columns):
            headers = columns[i].headers
            if level >= len(headers):
                i += 1
                continue
            j = i + 1
            last = level == len(headers) - 1
            if not last:
                while (
                    j < len(columns)
                    and len(columns[j].headers) > level + 1
                    and columns[j].headers[: level + 1] == headers[: level + 1]
                ):
                    j += 1
            rowspan = depth - level if last else 1
            cells.append(HeaderCell(str(headers[level]), level, offset + i, rowspan, j - i))
            i = j
    return depth, cells


# --- The table ----------------------------------------------------------------


@dataclass
class Row:
    """One line of a report. ``kind``: "beat", "subtotal", "total" or "item" (a named
    record in a list report). ``key`` identifies the line across runs ("beat:A01",
    "station:330102510000", "total"), so a run can be compared with the previous one."""

    kind: str
    key: str
    lead: list
    values: dict

    def to_json(self):
        return {"kind": self.kind, "key": self.key, "lead": self.lead, "values": self.values}


@dataclass
class Table:
    lead: list  # labels of the leading (row title) columns
    columns: list  # [Column]
    rows: list = field(default_factory=list)

    def header(self):
        return header_cells(self.lead, self.columns)

    def row_count(self):
        if not isinstance(self.rows, list):  # a streamed list (ListRows) knows its length
            return len(self.rows)
        return sum(1 for row in self.rows if row.kind in ("beat", "item"))

    def total(self):
        return next((row for row in self.rows if row.kind == "total"), None)

    def to_json(self, limit=None):
        """The table for the run's record; ``limit``: keep only the first rows (a long
        list is read in full from its files, not from the database field)."""
        rows = iter(self.rows)
        try:
            kept = list(itertools.islice(rows, limit))
        finally:
            if hasattr(rows, "close"):  # rows read from a cursor: let it go at once
                rows.close()
        return {
            "lead": [str(label) for label in self.lead],
            "columns": [
                {
                    "key": c.key,
                    "headers": [str(h) for h in c.headers],
                    "format": c.format,
                    "width": c.width,
                }
                for c in self.columns
            ],
            "rows": [row.to_json() for row in kept],
        }

    @classmethod
    def from_json(cls, data):
        columns = [
            Column(c["key"], *c["headers"], format=c["format"], width=c["width"])
            for c in data["columns"]
        ]
        rows = [Row(r["kind"], r["key"], r["lead"], r["values"]) for r in data["rows"]]
        return cls(data["lead"], columns, rows)


def format_value(value, column_format):
    """A cell as text for CSV, PDF and the screen."""
    if value is None or value == "":
        return ""
    if column_format == "percent":
        return f"{value:.1f}%"
    if column_format == "decimal":
        return f"{value:.1f}"
    return str(value)


# --- Queries ------------------------------------------------------------------


def by_beat(queryset, beat_ids, beat_field="beat", **annotations):
    """One aggregate query: ``{beat_id: {name: value}}`` for the annotations, grouped by
    ``beat_field`` over the given beats. The way a report counts."""
    rows = (
        queryset.filter(**{f"{beat_field}__in": beat_ids})
        .order_by()
        .values(beat_field)
        .annotate(**annotations)
    )
    return {row.pop(beat_field): row for row in rows}


def merge(*groups):
    """Merge several ``{beat_id: {key: n}}`` results of ``by_beat``."""
    merged = {}
    for group in groups:
        for beat_id, values in group.items():
            merged.setdefault(beat_id, {}).update(values)
    return merged


# --- Reports ------------------------------------------------------------------


class Report:
    """A report of the catalogue. Subclasses set the attributes and write ``figures``."""

    code = ""  # stable identifier, in URLs and runs
    title = ""  # lazy translation; English msgid, Chinese form title in the catalogue
    description = ""
    definition = ""  # 口径: what each number counts, shown on screen and in every file
    order = 100  # position in the catalogue
    # A report that lists named persons is only for the chief of that station.
    personal = False
    # Period kinds the request form offers (Period.MONTH, QUARTER, WEEK, CUSTOM).
    period_kinds = (Period.MONTH, Period.QUARTER, Period.CUSTOM)
    columns = []

    def __str__(self):
        return str(self.title)

    def get_columns(self, params):
        """The figure columns; override when they depend on code tables or the period."""
        return list(self.columns)

    def figures(self, params, beat_ids):
        """``{beat_id: {column key: value}}``, one aggregate query per figure group."""
        raise NotImplementedError

    def summaries(self, params, beat_ids, station_ids):
        """Figures that do not add up (a median): ``{station_id: {key: v}, None: {key: v}}``
        (None: the whole unit), one aggregate query each. Only for ``total=None`` columns."""
        return {}

    # --- who may use it

    def available_to(self, user, unit):
        """Whether ``user`` may request and read this report for ``unit``."""
        if unit is None:
            return False
        return requestable_units(user, personal=self.personal).filter(pk=unit.pk).exists()

    # --- building

    def beats(self, params):
        from assignments.models import Beat

        return list(
            Beat.objects.filter(station__in=params.unit.stations())
            .select_related("station")
            .order_by("station__code", "code")
        )

    def build(self, params):
        """The whole table for a unit and period (see the module docstring)."""
        columns = self.get_columns(params)
        beats = self.beats(params)
        beat_ids = [beat.pk for beat in beats]
        counted = self.figures(params, beat_ids) if beat_ids else {}
        by_station = not params.unit.is_station
        stations = []
        for beat in beats:
            if not stations or stations[-1][0].pk != beat.station_id:
                stations.append((beat.station, []))
            stations[-1][1].append(beat)
        summaries = (
            self.summaries(params, beat_ids, [s.pk for s, _b in stations]) if beat_ids else {}
        )

        lead = [_("Police station"), _("Beat")] if by_station else [_("Beat")]
        table = Table(lead, columns)
        grand = []
        for station, station_beats in stations:
            station_rows = []
            for beat in station_beats:
                values = _complete(columns, counted.get(beat.pk, {}))
                label = [station.name, beat.name] if by_station else [beat.name]
                station_rows.append(Row("beat", f"beat:{beat.code}", label, values))
            table.rows += station_rows
            grand += station_rows
            if by_station:
                values = _sum(columns, station_rows, summaries.get(station.pk, {}))
                label = [station.name, gettext("Subtotal")]
                table.rows.append(Row("subtotal", f"station:{station.code}", label, values))
        values = _sum(columns, grand, summaries.get(None, {}))
        label = [gettext("Total"), ""] if by_station else [gettext("Total")]
        table.rows.append(Row("total", "total", label, values))
        return table


def _complete(columns, counted):
    values = {}
    for column in columns:
        if column.derive is None:
            value = counted.get(column.key)
            values[column.key] = 0 if value is None and column.format == "int" else value
    for column in columns:
        if column.derive is not None:
            values[column.key] = column.derive(values)
    return values


def _sum(columns, rows, summary):
    values = {}
    for column in columns:
        if column.derive is not None:
            continue
        if column.total == "sum":
            values[column.key] = sum(row.values.get(column.key) or 0 for row in rows)
        else:
            values[column.key] = summary.get(column.key)
    for column in columns:
        if column.derive is not None:
            values[column.key] = column.derive(values)
    return values


def requestable_units(user, *, personal=False):
    """Units a user may request reports for: the units their scope reaches (an analyst's
    unit and every unit below it, a chief's own station). A report naming persons
    (``personal``) only for a station, and only in a scope that holds personal data."""
    from communitypolice.accounts.models import Unit
    from communitypolice.accounts.scope import scope_of

    units = Unit.objects.visible_to(user).order_by("code")
    if personal:
        return units.stations() if scope_of(user).personal else units.none()
    return units


class ListReport(Report):
    """A report listing named records (an overdue follow-up list): one row per record.

    Subclasses set ``columns`` (``format="text"`` for names) and write ``items``, which
    returns dicts keyed by column key from one query (``select_related`` / ``values``).
    ``personal`` is on: only the chief of the station may run it.

    A list that may run to hundreds of thousands of rows (a roster) sets ``streamed``:
    its ``items`` is then a generator reading a server-side cursor, read again for each
    file, so that no file and no run ever holds the whole list in memory, and ``count``
    says up front how many rows it will give (for the run's progress). Its run keeps the
    first ``PREVIEW_ROWS`` rows for the screen; the files have them all.
    """

    personal = True
    streamed = False
    PREVIEW_ROWS = 500

    def items(self, params, beats):
        """The rows for ``beats`` (the unit's beats, by primary key)."""
        raise NotImplementedError

    def count(self, params, beats):
        """How many rows ``items`` gives; only a ``streamed`` list needs it."""
        raise NotImplementedError

    def build(self, params):
        columns = self.get_columns(params)
        beats = {beat.pk: beat for beat in self.beats(params)}
        table = Table([_("No.")], columns)
        if self.streamed:
            table.rows = ListRows(self, params, beats)
            return table
        for number, item in enumerate(self.items(params, beats) if beats else [], 1):
            table.rows.append(Row("item", f"item:{number}", [str(number)], dict(item)))
        return table


class ListRows:
    """The rows of a ``streamed`` list report: counted once, then read from the database
    each time they are iterated (each file reads them in turn, within the run's one
    snapshot, so every file has the same rows)."""

    def __init__(self, report, params, beats):
        self.report, self.params, self.beats = report, params, beats
        self.total = report.count(params, beats) if beats else 0

    def __len__(self):
        return self.total

    def __iter__(self):
        if not self.beats:
            return
        for number, item in enumerate(self.report.items(self.params, self.beats), 1):
            yield Row("item", f"item:{number}", [str(number)], item)
