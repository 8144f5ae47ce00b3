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
import json
import re
import zlib
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField, model_to_dict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from communitypolice.core import periods
from communitypolice.core.bulk import update_each
from communitypolice.core.templatetags.masking import mask_id
from communitypolice.core.verification import CheckMethod

from .addresses import AddressMaker, PlaceFinder
from .batched import RowForm, answer_from
from .columns import (
    ADDRESS,
    CHECK,
    CODE,
    DATE,
    LEDGERS,
    OFFICER,
    PERSON,
    cell_text,
    code_values,
    header_key,
    read_date,
)
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


def start(*, upload, ledger, user, make_addresses=False):
    """A new batch from an uploaded file: the file read, its rows kept as they are, the
    columns matched to the ledger's; ``make_addresses``: the user allows the addresses
    the tree lacks to be added under their beats. Raises ``LedgerFileError`` for a file that is not
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
            make_addresses=make_addresses,
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


# Rows are judged, and new records written, this many at a time; the page hears how far
# the check or the import has got after each.
CHUNK = 1000

ROW_VERDICT = ["action", "errors", "changes", "warnings", "notes", "record_id"]


def _chunks(rows):
    chunk = []
    for row in rows.order_by("number").iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def queue(batch, task, **kwargs):
    """Hand the batch to a worker once the transaction that changed it has committed
    (on a laptop the task runs at once, in the request)."""
    from . import tasks

    transaction.on_commit(lambda: getattr(tasks, task).delay(batch.pk, **kwargs))


def check(batch, *, user):
    """The dry run: every row validated as the page would, its verdict kept on the row
    (new, update offered, nothing to change, or rejected with the reasons). Saves no
    record. Returns the batch with its counts."""
    context = RowContext(batch.register, batch.mapping, user, make_addresses=batch.make_addresses)
    counts, done = dict.fromkeys(Row.Action.values, 0), 0
    for chunk in _chunks(batch.rows):
        # The addresses a row would add are added for the rows to be checked against,
        # then taken away again with the chunk's savepoint.
        with transaction.atomic():
            verdicts = context.judge_rows([(row.number, row.values) for row in chunk])
            transaction.set_rollback(context.maker is not None)
        if context.maker is not None:
            context.maker.forget()
        for row, verdict in zip(chunk, verdicts, strict=True):
            _take(row, verdict)
            counts[row.action] += 1
        update_each(chunk, ROW_VERDICT)
        done += len(chunk)
        # Outside a transaction: the page sees it at once.
        Batch.objects.filter(pk=batch.pk).update(done_rows=done)
    batch.status, batch.done_rows = Batch.Status.CHECKED, done
    _count(batch, counts)
    return batch


def _take(row, verdict):
    row.action, row.errors, row.changes = verdict.action, verdict.errors, verdict.changes
    row.warnings, row.notes = verdict.warnings, verdict.notes
    row.record_id = verdict.record.pk if verdict.record else None


def _count(batch, counts):
    batch.rows_total = sum(counts.values())
    batch.rows_created = counts[Row.Action.CREATE]
    batch.rows_updated = counts[Row.Action.UPDATE]
    batch.rows_skipped = counts[Row.Action.SKIP]
    batch.rows_rejected = counts[Row.Action.REJECT]
    batch.save()


class Verdict:
    """What becomes of a row: its action, the reasons it is rejected, the changes an
    update makes, the record it is about; the form that saves it, or the new record
    (``new``) that is inserted with the batch's others."""

    def __init__(self, action, errors=(), changes=None, record=None, form=None, verified=None):
        self.action, self.errors, self.changes = action, list(errors), changes or {}
        self.record, self.form, self.verified = record, form, verified
        self.warnings, self.notes = [], []
        self.new = None

        # A new person's name, date of birth and phone: what a look-alike shares.
        self.identity = None

    @property
    def needs_confirming(self):
        """An update, or a new record that may be someone registered already: imported
        only when the user ticks it."""
        return self.action == Row.Action.UPDATE or bool(self.warnings)


class RowContext:
    """What judging the rows of one batch shares: the ledger, the mapping, the user, the
    places they may register records at (by address), the code values, and the keys
    (ID numbers, addresses …) seen so far in the file."""

    def __init__(self, ledger, mapping, user, *, make_addresses=False, saving=False):
        self.ledger, self.user, self.saving = ledger, user, saving
        self.fields = {field: header for header, field in mapping.items() if field}
        self.places = PlaceFinder.of(ledger.places, user)
        # People live in registered houses: an import of people adds no address.
        self.maker = None
        if make_addresses and ledger.places != "house":
            from places.models import Address

            level = Address.Level.ROOM if ledger.places == "room" else None
            self.maker = AddressMaker(user, self.places, level=level)
        self.notes = []
        self.codes = {
            column.field: code_values(column.choices())
            for column in ledger.columns
            if column.kind == CODE and column.field in self.fields
        }
        self.seen = {}
        self.imported = set()  # the records this import has saved so far
        self.houses_moved_into = set()  # of people inserted together: tenants to count

    def header(self, field):
        """The file's header for a field, else the template's; for a field the ledger
        has no column for (a person's owned items, kept as they are on an update), its
        label on the page."""
        if field in self.fields:
            return self.fields[field]
        column = self.ledger.column(field)
        if column is not None:
            return column.header
        form_field = self.ledger.form_class().base_fields.get(field)
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
            try:
                value = self.read_cell(column, text, data)
            except CellError as error:
                errors.append(_error(header, text, error.message))
            else:
                if value is not None:
                    data[column.field] = value
        return data, errors

    def read_cell(self, column, text, data):
        """A cell's value for the form (None: the cell is only compared), or
        ``CellError``; ``data`` holds the row's earlier columns."""
        if column.kind == DATE:
            try:
                return read_date(text)
            except ValueError:
                raise CellError(_("Not a date: write it as 2024-03-15.")) from None
        if column.kind == CODE:
            value = self.codes[column.field].get(header_key(text).lower())
            if value is None:
                raise CellError(_("Not one of the code values."))
            return value
        if column.kind == ADDRESS:
            found = self.places.find(text)
            if found == PlaceFinder.NOT_FOUND and self.maker is not None:
                plan = self.maker.plan(text)
                if plan is not None:
                    address = self.maker.make(*plan)
                    self.notes.append(
                        _("Adds %(address)s to the address tree.") % {"address": address}
                    )
                    return address.pk
            if found == PlaceFinder.NOT_FOUND:
                raise CellError(self.places.not_found)
            if found == PlaceFinder.AMBIGUOUS:
                raise CellError(_("More than one place has this address: give it in full."))
            return found
        if column.kind == PERSON:
            from residents.models import Person

            number = text.strip().upper()
            person = Person.objects.visible_to(self.user).filter(id_number=number).first()
            if person is None:
                raise CellError(
                    _(
                        "No one with this ID number is registered in your beats: "
                        "register the person first."
                    )
                )
            return person
        if column.kind == CHECK:
            person = data.get("person")
            if person is not None and " ".join(text.split()) != person.name:
                raise CellError(
                    _("The person with this ID number is %(name)s.") % {"name": person.name}
                )
            return None
        if column.kind == OFFICER:
            return self.officer(text, data.get("person"))
        return text

    def officer(self, text, person):
        """An officer of the person's beat, by name or user name."""
        from assignments.models import Assignment
        from communitypolice.accounts.models import User

        if person is None:
            return None
        officers = User.objects.filter(
            pk__in=Assignment.objects.active_on(periods.today())
            .filter(beat=person.beat_id)
            .values("officer")
        )
        found = officers.filter(Q(full_name=text) | Q(username=text)).first()
        if found is None:
            raise CellError(
                _("Not an officer of this person's beat: give the name the system knows.")
            )
        return found.pk

    @cached_property
    def quick(self):
        """The register's form for the rows whose ID number is registered nowhere: built
        once, its choices read once (see ``batched``)."""
        from residents.forms import PersonForm

        form = PersonForm(user=self.user)
        for field in form.fields.values():
            if isinstance(field, ModelChoiceField) and not isinstance(
                field, ModelMultipleChoiceField
            ):
                answer_from(field, field.queryset)
        # Only rows of numbers the batch found registered nowhere come to this form.
        form.where_registered = lambda number: (None, None)
        return RowForm(form)

    def judge_rows(self, rows):
        """The verdicts of rows [(number, values)], in their order. In a batched ledger
        (people), the batch's ID numbers and look-alikes are looked up together, and a
        row whose number is registered nowhere is checked by the one ``quick`` form;
        any other row by a form of its own."""
        if not self.ledger.batched:
            return [self.with_own_form(values, number) for number, values in rows]
        read = [self.read(values, number) for number, values in rows]
        model = self.ledger.model
        numbers = {cells.key for cells in read if cells.key}
        registered = set(
            model.objects.filter(id_number__in=numbers).values_list("id_number", flat=True)
        )
        verdicts = [
            self.with_form(cells) if cells.key in registered else self.with_quick_form(cells)
            for cells in read
        ]
        self.warn_of_look_alikes([v for v in verdicts if v.action == Row.Action.CREATE])
        return verdicts

    def with_own_form(self, values, number):
        """A row of a register that is not batched; the addresses it adds are taken away
        again when it is refused."""
        if self.maker is None:
            return self.with_form(self.read(values, number))
        mark, savepoint = self.maker.mark(), transaction.savepoint()
        cells = self.read(values, number)
        verdict = self.with_form(cells)
        if verdict.action == Row.Action.REJECT:
            transaction.savepoint_rollback(savepoint)
            self.maker.forget(mark)
        else:
            transaction.savepoint_commit(savepoint)
            verdict.notes = cells.notes
        return verdict

    def judge(self, values, number):
        """The verdict of one row."""
        return self.judge_rows([(number, values)])[0]

    def read(self, values, number):
        """A row's cells read for the form, with what is wrong with them already: a cell
        that is not a date or a code value, a check in the future, a record seen in an
        earlier row of the file."""
        self.notes = []
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
        for field, value in self.ledger.defaults.items():
            if field not in data:
                data[field] = value() if callable(value) else value
        key = self.ledger.key_of(data)
        if key:
            first = self.seen.setdefault(key, number)
            if first != number:
                header = self.header(self.ledger.key[0])
                errors.append(
                    _error(
                        header,
                        values.get(header, ""),
                        _("Row %(row)s of the file has the same %(column)s.")
                        % {"row": first, "column": "、".join(map(self.header, self.ledger.key))},
                    )
                )
        return Cells(values, data, errors, verified, key, self.notes)

    def with_form(self, cells):
        """A row through a form of its own: an update of the registered record it is
        about (the sheet's cells over the record's values), else a new record, or the
        form's message for one registered where the user may not see it."""
        ledger = self.ledger
        unchecked = ledger.unchecked(cells.data)
        if unchecked is not None:
            column, reason = unchecked
            header = self.header(column.field)
            unread = any(error["column"] == header for error in cells.errors)
            errors = cells.errors + ([] if unread else [_error(header, "", reason)])
            return Verdict(Row.Action.REJECT, errors)
        instance = ledger.existing(cells.data, self.user)
        if instance is not None:
            merged = _form_data(instance, ledger.form_class())
            merged.update(cells.data)
            form = ledger.make_form(merged, instance=instance, user=self.user)
        else:
            form = ledger.make_form(cells.data, user=self.user)
        valid = form.is_valid()
        errors = self.form_errors(cells, form.errors)
        if errors or not valid:
            return Verdict(Row.Action.REJECT, errors, record=instance)
        if instance is None:
            verdict = Verdict(Row.Action.CREATE, form=form, verified=cells.verified)
            verdict.identity = _identity(form.cleaned_data)
            return verdict
        changes = _changes(form)
        if not changes:
            return Verdict(Row.Action.SKIP, record=instance)
        return Verdict(Row.Action.UPDATE, changes=changes, record=instance, form=form)

    def with_quick_form(self, cells):
        quick = self.quick
        instance = quick.blank()
        errors = self.form_errors(cells, quick.errors(cells.data, instance))
        if errors:
            return Verdict(Row.Action.REJECT, errors)
        verdict = Verdict(Row.Action.CREATE, verified=cells.verified)
        verdict.identity = _identity(quick.form.cleaned_data)
        if self.saving:
            verdict.new = quick.instance(instance)
        return verdict

    def form_errors(self, cells, form_errors):
        """The row's reasons: its cells', then the form's. A cell that could not be read
        has its reason already; the form only adds that the field is then missing."""
        errors = list(cells.errors)
        unread = {error["column"] for error in errors}
        errors += [
            _error(self.header(field), cells.values.get(self.header(field), ""), message)
            for field, messages in form_errors.items()
            for message in messages
            if field != "__all__" and self.header(field) not in unread
        ] + [_error("", "", strip_tags(message)) for message in form_errors.get("__all__", [])]
        return errors

    def warn_of_look_alikes(self, verdicts):
        """Why a new person may be someone registered already, among the people the user
        may see (not those this import has just added): the same name and date of
        birth, or the same phone. Two queries for all of ``verdicts``."""
        from residents.models import Person

        if not verdicts:
            return
        news = [verdict.identity for verdict in verdicts]
        people = Person.objects.visible_to(self.user).filter(closed_at__isnull=True).order_by()
        columns = ("pk", "name", "id_number", "birth_date", "phone")
        by_name, by_phone = {}, {}
        names = {person.name for person in news}
        for pk, name, number, birth, _phone in people.filter(name__in=names).values_list(*columns):
            if pk not in self.imported:
                key = (name, birth)
                by_name[key] = min(by_name.get(key, (pk, name, number)), (pk, name, number))
        phones = {person.phone for person in news if person.phone}
        if phones:
            for pk, name, number, _birth, phone in people.filter(phone__in=phones).values_list(
                *columns
            ):
                if pk not in self.imported:
                    found = (pk, name, number)
                    by_phone[phone] = min(by_phone.get(phone, found), found)
        for verdict, person in zip(verdicts, news, strict=True):
            same = by_name.get((person.name, person.birth_date))
            if same:
                verdict.warnings.append(
                    _("%(name)s, born the same day, is registered already (%(id)s).")
                    % {"name": same[1], "id": mask_id(same[2])}
                )
            same = by_phone.get(person.phone) if person.phone else None
            if same:
                verdict.warnings.append(
                    _("%(name)s has the same phone (%(id)s).")
                    % {"name": same[1], "id": mask_id(same[2])}
                )


@dataclass(frozen=True)
class Identity:
    name: str
    birth_date: object
    phone: str


def _identity(cleaned):
    return Identity(cleaned.get("name"), cleaned.get("birth_date"), cleaned.get("phone"))


@dataclass
class Cells:
    """A row as read for the form: its cells as typed, the form's data, the reasons
    found already, the 核实日期, and the key of the record (its ID number …)."""

    values: dict
    data: dict
    errors: list
    verified: object
    key: str
    notes: list


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


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
    if hasattr(instance, "version"):
        data["version"] = instance.version
    return data


def _changes(form):
    """{field label: [old, new]} of what the form would change, as the page shows them:
    the new value as the record would keep it (a plate number the model writes in its
    standard form is no change)."""
    changes = {}
    for name in form.changed_data:
        if name == "version" or name not in form.cleaned_data:
            continue
        field = form.instance._meta.get_field(name)
        if field.many_to_many:
            continue
        old = _display(field, form.initial.get(name))
        new = _display(field, getattr(form.instance, field.name))
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
    from places.models import House

    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (Batch.Status.CHECKED, Batch.Status.COMMITTING):
        return batch
    context = RowContext(
        batch.register, batch.mapping, user, make_addresses=batch.make_addresses, saving=True
    )
    wanted = {int(pk) for pk in confirmed}
    progress = progress_key(batch.pk)
    counts, done = dict.fromkeys(Row.Action.values, 0), 0
    for chunk in _chunks(batch.rows):
        verdicts = context.judge_rows([(row.number, row.values) for row in chunk])
        new = []
        for row, verdict in zip(chunk, verdicts, strict=True):
            _take(row, verdict)
            if verdict.needs_confirming and row.pk not in wanted:
                row.action = Row.Action.SKIP
            counts[row.action] += 1
            if row.action == Row.Action.CREATE and verdict.new is not None:
                new.append((row, verdict))
            elif row.action in (Row.Action.CREATE, Row.Action.UPDATE):
                if row.action == Row.Action.UPDATE:
                    row.before = _form_data(verdict.record, type(verdict.form))
                record = verdict.form.save()
                if verdict.verified and context.ledger.checked:
                    at = periods.at(verdict.verified, datetime.time(12))
                    record.verify(by=user, at=at, method=CheckMethod.IMPORTED)
                _imported(context, row, record)
        _insert(context, new)
        update_each(chunk, [*ROW_VERDICT, "before", "done", "version"])
        done += len(chunk)
        cache.set(progress, done, 3600)
    House.objects.filter(pk__in=context.houses_moved_into).refresh_tenants()
    batch.status, batch.committed_at = Batch.Status.COMMITTED, timezone.now()
    batch.done_rows = done
    remember_mapping(batch)
    _count(batch, counts)
    transaction.on_commit(lambda: cache.delete(progress))
    return batch


def _imported(context, row, record):
    row.record_id, row.done = record.pk, True
    row.version = _state(record)
    context.imported.add(record.pk)


def _state(record):
    """What tells whether a record has been changed since the import: its version, or
    for a record without one (a designation) a checksum of its values."""
    if hasattr(record, "version"):
        return record.version
    values = json.dumps(model_to_dict(record), cls=DjangoJSONEncoder, sort_keys=True)
    return zlib.crc32(values.encode()) & 0x7FFFFFFF


def _insert(context, new):
    """The new people of a chunk, written together as saving each would write them: the
    person (with the sheet's 核实日期 as their check), the first span of their residence
    history, the check, the audit row, their houses' tenants counted again."""
    from assignments.history import start_history
    from assignments.models import Beat, Verification
    from communitypolice.audit.bulk import log_created
    from residents.models import Person
    from residents.pinyin import search_keys

    if not new:
        return
    user = context.user
    people = []
    for _row, verdict in new:
        person = verdict.new
        for field, value in search_keys(person.name).items():
            setattr(person, field, value)
        if verdict.verified:
            person.verified_at = periods.at(verdict.verified, datetime.time(12))
            person.verified_by = user
            person.version = 2  # saved, then checked: as ``verify`` moves it on
        people.append(person)
    # The audit row names each person's beat: read once for the chunk, not per person.
    beats = Beat.objects.in_bulk({person.beat_id for person in people})
    for person in people:
        person.beat = beats[person.beat_id]
    Person.objects.bulk_create(people)
    pks = [person.pk for person in people]
    start_history(Person._base_manager.filter(pk__in=pks))
    kind = ContentType.objects.get_for_model(Person)
    Verification.objects.bulk_create(
        Verification(
            content_type=kind,
            object_id=person.pk,
            checked_at=person.verified_at,
            checked_by=user,
            method=CheckMethod.IMPORTED,
            beat_id=person.beat_id,
        )
        for person in people
        if person.verified_at
    )
    context.houses_moved_into.update(person.house_id for person in people)
    log_created(people, actor=user)
    for (row, _verdict), person in zip(new, people, strict=True):
        _imported(context, row, person)


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
    model = batch.register.model
    done = batch.rows.filter(done=True)
    if hasattr(model, "version"):
        now = model._base_manager.filter(pk=OuterRef("record_id")).values("version")[:1]
        moved = dict(
            done.annotate(now=Subquery(now))
            .filter(now__isnull=False)
            .exclude(now=F("version"))
            .values_list("record_id", "number")
        )
        records = model._base_manager.in_bulk(list(moved))
        return sorted((number, records[pk]) for pk, number in moved.items())
    imported = {row.record_id: row for row in done}
    records = model._base_manager.in_bulk(list(imported))
    return sorted(
        (imported[pk].number, record)
        for pk, record in records.items()
        if _state(record) != imported[pk].version
    )


@transaction.atomic
def undo(batch, *, user):
    """Undo an import: the records it created deleted, the ones it updated given their
    values back. Refused (returns the blockers, changes nothing) while a later change
    depends on it."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Batch.Status.COMMITTED:
        return []
    blockers = undo_blockers(batch)
    if blockers:
        return blockers
    ledger = batch.register
    for row in batch.rows.filter(done=True).order_by("-number"):
        record = ledger.model._base_manager.filter(pk=row.record_id).first()
        if record is None:
            continue
        if row.action == Row.Action.CREATE:
            record.delete()
        else:
            data = dict(row.before)
            if hasattr(record, "version"):
                data["version"] = record.version
            form = ledger.make_form(data, instance=record, user=user)
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
    return [notes, ledger.example]


def _is_template_row(values, template):
    filled = {h: v for h, v in values.items() if v}
    return any(
        filled and filled == {h: v for h, v in rows.items() if h in values} for rows in template
    )
