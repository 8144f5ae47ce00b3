"""Importing a ledger: upload and dry run (``start``, ``check``), the import itself
(``commit``), undoing it (``undo``), and the workbooks around it (the template, the
rejected rows to correct).

Every row is validated by the register's own form (``PersonForm``), as if typed into the
page by the user who uploads it: the same checks, the same messages, the same scope. An
ID number registered already is never overwritten silently: the dry run shows what
would change and the user ticks the rows to update; a person registered in another
station is reported without revealing that record."""

import datetime
import hashlib
import html
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from communitypolice.core import periods
from communitypolice.core.templatetags.masking import mask_id
from communitypolice.core.verification import CheckMethod

from .addresses import HouseFinder
from .columns import ADDRESS, CODE, DATE, LEDGERS, cell_text, code_values, header_key, read_date
from .models import Batch, HeaderChoice, Row
from .reading import LedgerFileError, open_sheet

ERROR_HEADER = "错误原因"


# --- the columns -------------------------------------------------------------------------


def guess_mapping(ledger, headers, unit):
    """{header: field} for a file's headers: what the unit chose for that header last
    time, else the column whose header or synonym it is, else "" (left out)."""
    remembered = dict(
        HeaderChoice.objects.filter(unit=unit, ledger=ledger.code).values_list("header", "field")
    )
    mapping, taken = {}, set()
    for header in headers:
        if not header:
            continue
        field = remembered.get(header)
        if field is None:
            key = header_key(header)
            field = next((c.field for c in ledger.columns if key in c.names()), "")
        if field in taken:
            field = ""
        mapping[header] = field
        taken.add(field)
    return mapping


def missing_columns(ledger, mapping):
    """The required columns no header is mapped to."""
    mapped = set(mapping.values())
    return [column for column in ledger.columns if column.required and column.field not in mapped]


def remember_mapping(batch):
    for header, field in batch.mapping.items():
        HeaderChoice.objects.update_or_create(
            unit=batch.unit, ledger=batch.ledger, header=header, defaults={"field": field}
        )


# --- upload and dry run ------------------------------------------------------------------


def start(*, upload, ledger, user):
    """A new batch from an uploaded file: the file read, its rows kept as they are, the
    columns matched to the ledger's. Raises ``LedgerFileError`` for a file that is not
    a ledger of this register. The dry run is ``check``."""
    name = getattr(upload, "name", "") or "ledger"
    sheet = open_sheet(upload, name=name)
    others = {str(other.sheet_name) for other in LEDGERS.values() if other is not ledger}
    if sheet.title in others:
        raise LedgerFileError(
            _("This is the template of another register (%(sheet)s), not of %(ledger)s.")
            % {"sheet": sheet.title, "ledger": ledger.title}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    headers = [header or "" for header in sheet.headers]
    skipped = template_rows(ledger)
    with transaction.atomic():
        batch = Batch.objects.create(
            ledger=ledger.code,
            unit=user.unit,
            file_name=name[:200],
            sha256=digest.hexdigest(),
            size=getattr(upload, "size", 0) or 0,
            uploaded_by=user,
            headers=headers,
            mapping=guess_mapping(ledger, headers, user.unit),
        )
        # Kept 2,000 rows at a time, so that a large sheet is never all in memory.
        rows, total = [], 0
        for number, cells in sheet.rows():
            values = {h: cell_text(v) for h, v in zip(headers, cells, strict=False) if h}
            if _is_template_row(values, skipped):
                continue
            rows.append(Row(batch=batch, number=number, values=values, action=Row.Action.REJECT))
            total += 1
            if total > settings.LEDGER_MAX_ROWS:
                raise LedgerFileError(
                    _("The file has more than %(most)s rows: split it into several files.")
                    % {"most": f"{settings.LEDGER_MAX_ROWS:,}"}
                )
            if len(rows) == 2000:
                Row.objects.bulk_create(rows)
                rows = []
        if not total:
            raise LedgerFileError(_("The sheet has a header row but no rows below it."))
        Row.objects.bulk_create(rows)
        batch.rows_total = total
        batch.save(update_fields=["rows_total"])
    return batch


PROGRESS_EVERY = 500


def queue(batch, task, **kwargs):
    """Hand the batch to a worker once the transaction that changed it has committed
    (on a laptop the task runs at once, in the request)."""
    from . import tasks

    transaction.on_commit(lambda: getattr(tasks, task).delay(batch.pk, **kwargs))


def _progress(batch, done):
    """Say how far the check or the import has got: on the batch's row, outside the
    import's transaction (another connection is not needed: the check has none, and the
    import says it through the cache, see ``commit``)."""
    if done % PROGRESS_EVERY == 0:
        Batch.objects.filter(pk=batch.pk).update(done_rows=done)


def check(batch, *, user):
    """The dry run: every row validated as the page would, its verdict kept on the row
    (new, update offered, nothing to change, or rejected with the reasons). Saves no
    record. Returns the batch with its counts."""
    ledger = batch.register
    context = RowContext(ledger, batch.mapping, user)
    rows = list(batch.rows.order_by("number"))
    for done, row in enumerate(rows, 1):
        verdict = context.judge(row.values, row.number)
        row.action, row.errors, row.changes = verdict.action, verdict.errors, verdict.changes
        row.warnings = verdict.warnings
        row.record_id = verdict.record.pk if verdict.record else None
        _progress(batch, done)
    Row.objects.bulk_update(
        rows, ["action", "errors", "changes", "warnings", "record_id"], batch_size=2000
    )
    batch.status, batch.done_rows = Batch.Status.CHECKED, len(rows)
    _count(batch, rows)
    return batch


def _count(batch, rows):
    counts = dict.fromkeys(Row.Action.values, 0)
    for row in rows:
        counts[row.action] += 1
    batch.rows_total = len(rows)
    batch.rows_created = counts[Row.Action.CREATE]
    batch.rows_updated = counts[Row.Action.UPDATE]
    batch.rows_skipped = counts[Row.Action.SKIP]
    batch.rows_rejected = counts[Row.Action.REJECT]
    batch.save()


class Verdict:
    def __init__(self, action, errors=(), changes=None, record=None, form=None, verified=None):
        self.action, self.errors, self.changes = action, list(errors), changes or {}
        self.record, self.form, self.verified = record, form, verified
        self.warnings = []

    @property
    def needs_confirming(self):
        """An update, or a new record that may be someone registered already: imported
        only when the user ticks it."""
        return self.action == Row.Action.UPDATE or bool(self.warnings)


class RowContext:
    """What judging the rows of one batch shares: the ledger, the mapping, the user, the
    houses they may register people in (by address), the code values, and the ID numbers
    seen so far in the file."""

    def __init__(self, ledger, mapping, user):
        from places.models import House

        self.ledger, self.user = ledger, user
        self.fields = {field: header for header, field in mapping.items() if field}
        self.houses = HouseFinder(House.objects.visible_to(user).active())
        self.codes = {
            column.field: code_values(column.choices())
            for column in ledger.columns
            if column.kind == CODE and column.field in self.fields
        }
        self.seen = {}
        self.imported = set()  # the records this import has saved so far

    def header(self, field):
        """The file's header for a field, else the template's; for a field the ledger
        has no column for (a person's owned items, kept as they are on an update), its
        label on the page."""
        if field in self.fields:
            return self.fields[field]
        column = self.ledger.column(field)
        if column is not None:
            return column.header
        from residents.forms import PersonForm

        form_field = PersonForm.base_fields.get(field)
        return str(form_field.label) if form_field and form_field.label else field

    def cells(self, values):
        """The form's data from a row's cells, and the cells that could not be read."""
        data, errors = {}, []
        for column in self.ledger.columns:
            header = self.fields.get(column.field)
            if header is None:
                continue
            text = values.get(header, "")
            if not text:
                continue
            if column.kind == DATE:
                try:
                    data[column.field] = read_date(text)
                except ValueError:
                    errors.append(_error(header, text, _("Not a date: write it as 2024-03-15.")))
            elif column.kind == CODE:
                value = self.codes[column.field].get(header_key(text).lower())
                if value is None:
                    errors.append(_error(header, text, _("Not one of the code values.")))
                else:
                    data[column.field] = value
            elif column.kind == ADDRESS:
                found = self.houses.find(text)
                if found == HouseFinder.NOT_FOUND:
                    errors.append(
                        _error(
                            header,
                            text,
                            _(
                                "No registered house at this address in your beats: register "
                                "the house first, or correct the address."
                            ),
                        )
                    )
                elif found == HouseFinder.AMBIGUOUS:
                    errors.append(
                        _error(
                            header,
                            text,
                            _("More than one house has this address: give it in full."),
                        )
                    )
                else:
                    data[column.field] = found
            else:
                data[column.field] = text
        return data, errors

    def look_alikes(self, cleaned):
        return _look_alikes(self.user, cleaned, self.imported)

    def judge(self, values, number):
        from residents.forms import PersonForm
        from residents.models import Person, where_registered

        data, errors = self.cells(values)
        verified = data.pop("verified_on", None)
        if verified and verified > periods.today():
            errors.append(
                _error(
                    self.header("verified_on"),
                    values.get(self.header("verified_on")),
                    _("The date of the check cannot be in the future."),
                )
            )
        data.setdefault("id_type", Person.IdType.RESIDENT_ID)
        data.setdefault("relationship", Person.Relationship.HEAD)
        number_text = str(data.get("id_number", "")).strip().upper()
        if number_text:
            first = self.seen.setdefault(number_text, number)
            if first != number:
                errors.append(
                    _error(
                        self.header("id_number"),
                        number_text,
                        _("The same ID number is in row %(row)s of the file.") % {"row": first},
                    )
                )
        existing, place = where_registered(number_text, self.user) if number_text else (None, None)
        if existing is not None and place == "visible":
            instance = Person.objects.get(pk=existing.pk)
            merged = _form_data(instance, PersonForm)
            merged.update(data)
            form = PersonForm(merged, instance=instance, user=self.user)
        else:
            instance = None
            form = PersonForm(data, user=self.user)
        valid = form.is_valid()
        # A cell that could not be read has its reason already; the form only adds that
        # the field is then missing.
        unread = {error["column"] for error in errors}
        errors += [
            _error(self.header(field), values.get(self.header(field), ""), message)
            for field, messages in form.errors.items()
            for message in messages
            if field != "__all__" and self.header(field) not in unread
        ] + [_error("", "", strip_tags(message)) for message in form.errors.get("__all__", [])]
        if errors or not valid:
            return Verdict(Row.Action.REJECT, errors, record=instance)
        if instance is None:
            verdict = Verdict(Row.Action.CREATE, form=form, verified=verified)
            verdict.warnings = self.look_alikes(form.cleaned_data)
            return verdict
        changes = _changes(form)
        if not changes:
            return Verdict(Row.Action.SKIP, record=instance)
        return Verdict(Row.Action.UPDATE, changes=changes, record=instance, form=form)


def _look_alikes(user, cleaned, imported=()):
    """Why a new person may be someone registered already, among the people the user
    may see (not those this import has just added): the same name and date of birth, or
    the same phone."""
    from residents.models import Person

    people = Person.objects.visible_to(user).filter(closed_at__isnull=True)
    people = people.exclude(pk__in=imported) if imported else people
    found = []
    same = people.filter(name=cleaned["name"], birth_date=cleaned["birth_date"]).first()
    if same:
        found.append(
            _("%(name)s, born the same day, is registered already (%(id)s).")
            % {"name": same.name, "id": mask_id(same.id_number)}
        )
    phone = cleaned.get("phone")
    same = people.filter(phone=phone).first() if phone else None
    if same:
        found.append(
            _("%(name)s has the same phone (%(id)s).")
            % {"name": same.name, "id": mask_id(same.id_number)}
        )
    return found


LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>')


def _error(header, value, message):
    """A reason a row is rejected, as text; a link the form's message offers (申请迁入 for
    someone registered in another station) kept beside it."""
    message = str(message)
    error = {"column": header, "value": cell_text(value)}
    link = LINK.search(message)
    if link:
        error["link"], error["link_text"] = html.unescape(link.group(1)), strip_tags(link.group(2))
        message = LINK.sub("", message)
    error["message"] = " ".join(strip_tags(message).split())
    return error


def _form_data(instance, form_class):
    """The form's data for a record as it is, so that an update changes only what the
    sheet gives."""
    fields = form_class._meta.fields
    data = model_to_dict(instance, fields=fields)
    for name, value in list(data.items()):
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is None:
            data[name] = ""
    data["version"] = instance.version
    return data


def _changes(form):
    """{field label: [old, new]} of what the form would change, as the page shows them."""
    changes = {}
    for name in form.changed_data:
        if name == "version" or name not in form.cleaned_data:
            continue
        field = form.instance._meta.get_field(name)
        if field.many_to_many:
            continue
        old, new = _display(field, form.initial.get(name)), _display(field, form.cleaned_data[name])
        if old != new:
            changes[str(field.verbose_name)] = [old, new]
    return changes


def _display(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and not hasattr(value, "pk"):
        value = field.related_model._base_manager.filter(pk=value).first() or value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- commit and undo ---------------------------------------------------------------------


@transaction.atomic
def commit(batch, *, user, confirmed=()):
    """Import the batch: every new row, and the rows that needed the user's word and got
    it (``confirmed``: row ids of updates and of look-alike new people they ticked).
    Each row is judged again first (the register may have moved since the dry run); the
    whole batch is one transaction. Records keep the sheet's 登记日期 and 核实日期.
    Returns the batch."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (Batch.Status.CHECKED, Batch.Status.COMMITTING):
        return batch
    context = RowContext(batch.register, batch.mapping, user)
    wanted = {int(pk) for pk in confirmed}
    rows = list(batch.rows.order_by("number"))
    progress = progress_key(batch.pk)
    for done, row in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            cache.set(progress, done, 3600)
        verdict = context.judge(row.values, row.number)
        row.action, row.errors, row.changes = verdict.action, verdict.errors, verdict.changes
        row.warnings = verdict.warnings
        if verdict.needs_confirming and row.pk not in wanted:
            row.action = Row.Action.SKIP
        if row.action == Row.Action.UPDATE:
            row.before = _form_data(verdict.record, type(verdict.form))
        if row.action in (Row.Action.CREATE, Row.Action.UPDATE):
            record = verdict.form.save()
            if verdict.verified:
                at = periods.at(verdict.verified, datetime.time(12))
                record.verify(by=user, at=at, method=CheckMethod.IMPORTED)
            row.record_id, row.done = record.pk, True
            context.imported.add(record.pk)
            row.version = (
                type(record)._base_manager.values_list("version", flat=True).get(pk=record.pk)
            )
        else:
            row.record_id = verdict.record.pk if verdict.record else None
    Row.objects.bulk_update(
        rows,
        ["action", "errors", "changes", "warnings", "record_id", "before", "done", "version"],
        batch_size=2000,
    )
    batch.status, batch.committed_at = Batch.Status.COMMITTED, timezone.now()
    batch.done_rows = len(rows)
    remember_mapping(batch)
    _count(batch, rows)
    transaction.on_commit(lambda: cache.delete(progress))
    return batch


def progress_key(batch_id):
    """Where an import says how many rows it has been through: its transaction keeps the
    batch's own row unchanged for everyone else until it ends."""
    return f"ledgers:import-progress:{batch_id}"


def fail(batch_id, reason):
    Batch.objects.filter(pk=batch_id).update(status=Batch.Status.FAILED, error=reason[:2000])


def undo_blockers(batch):
    """The rows whose record has been changed or checked since the import: undoing them
    would lose that change. [(row number, record)]. One query for the whole batch (the
    batch's page asks on every view), then the few records it finds."""
    from residents.models import Person

    now = Person._base_manager.filter(pk=OuterRef("record_id")).values("version")[:1]
    moved = dict(
        batch.rows.filter(done=True)
        .annotate(now=Subquery(now))
        .filter(now__isnull=False)
        .exclude(now=F("version"))
        .values_list("record_id", "number")
    )
    records = Person._base_manager.in_bulk(list(moved))
    return sorted((number, records[pk]) for pk, number in moved.items())


@transaction.atomic
def undo(batch, *, user):
    """Undo an import: the records it created deleted, the ones it updated given their
    values back. Refused (returns the blockers, changes nothing) while a later change
    depends on it."""
    from residents.forms import PersonForm
    from residents.models import Person

    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Batch.Status.COMMITTED:
        return []
    blockers = undo_blockers(batch)
    if blockers:
        return blockers
    for row in batch.rows.filter(done=True).order_by("-number"):
        record = Person._base_manager.filter(pk=row.record_id).first()
        if record is None:
            continue
        if row.action == Row.Action.CREATE:
            record.delete()
        else:
            data = {**row.before, "version": record.version}
            form = PersonForm(data, instance=record, user=user)
            if not form.is_valid():  # the register moved under it: leave the batch as it is
                transaction.set_rollback(True)
                return [(row.number, record)]
            form.save()
    batch.status, batch.undone_at = Batch.Status.UNDONE, timezone.now()
    batch.save()
    return []


# --- workbooks ---------------------------------------------------------------------------


def template_rows(ledger):
    """The notes row and the example row of the ledger's template, by header: a file
    filled in from the template still has them, and they are not records."""
    notes = {c.header: str(c.note) for c in ledger.columns if c.note}
    return [notes, EXAMPLES.get(ledger.code, {})]


def _is_template_row(values, template):
    filled = {h: v for h, v in values.items() if v}
    return any(
        filled and filled == {h: v for h, v in rows.items() if h in values} for rows in template
    )


EXAMPLES = {
    "people": {
        "姓名": "张三",
        "证件类型": "居民身份证",
        "证件号码": "110105199001011234",
        "性别": "男",
        "出生日期": "1990-01-01",
        "民族": "汉族",
        "联系电话": "13800138000",
        "人口类别": "户籍人口",
        "现住址": "和平街道樱花社区樱花园小区1号楼1单元101室",
        "与户主关系": "户主",
        "登记日期": "2020-05-01",
        "核实日期": "2024-03-15",
    }
}
