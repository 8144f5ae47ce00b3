"""The audit trail's hash chain: every audit row (auditlog's changes, the login events)
sealed in turn, each seal's digest the SHA-256 of the one before it and of the row's
values, so that a row edited or deleted afterwards, or a seal taken out, is found by
``verify`` (``manage.py verify_audit``).

A row is queued (``Unsealed``) in the transaction that writes it and sealed once that
transaction has committed (``seal_pending``, in a short transaction of its own that
takes the chain's lock), so that a long import never holds everyone else's writes."""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from .models import AuthEvent, Seal, Unsealed

GENESIS = "0" * 64
CHAIN_LOCK = 0x5EA1  # the advisory lock that orders the sealing on PostgreSQL


def sources():
    from auditlog.models import LogEntry

    return {Seal.Kind.CHANGE: LogEntry, Seal.Kind.LOGIN: AuthEvent}


def fingerprint(row):
    """The row's stored values, as text that does not depend on how they were read."""
    values = {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    return json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)


def link(previous, kind, row):
    text = f"{previous}|{kind}|{row.pk}|{fingerprint(row)}"
    return hashlib.sha256(text.encode()).hexdigest()


def queue(kind, row_ids):
    """Rows just written: sealed once their transaction commits."""
    Unsealed.objects.bulk_create(
        [Unsealed(kind=kind, row_id=pk) for pk in row_ids], batch_size=5000
    )
    if not any(func is seal_pending for _sids, func, _robust in _callbacks()):
        transaction.on_commit(seal_pending)


def _callbacks():
    return getattr(transaction.get_connection(), "run_on_commit", [])


def seal_pending():
    """Seal the committed rows still queued, in the order they were queued."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        queued = list(Unsealed.objects.order_by("pk"))
        if not queued:
            return 0
        last = Seal.objects.order_by("-pk").first()
        previous = last.digest if last else GENESIS
        done = set(
            Seal.objects.filter(row_id__in=[q.row_id for q in queued]).values_list("kind", "row_id")
        )
        rows = {
            kind: model._base_manager.in_bulk([q.row_id for q in queued if q.kind == kind])
            for kind, model in sources().items()
        }
        seals = []
        for item in queued:
            row = rows[item.kind].get(item.row_id)
            if row is None or (item.kind, item.row_id) in done:
                continue  # rolled back with a savepoint, or sealed already
            previous = link(previous, item.kind, row)
            seals.append(Seal(kind=item.kind, row_id=item.row_id, digest=previous))
            done.add((item.kind, item.row_id))
        Seal.objects.bulk_create(seals, batch_size=2000)
        Unsealed.objects.filter(pk__lte=queued[-1].pk).delete()
        return len(seals)


@dataclass
class Break:
    """The first place the chain does not hold."""

    seal: Seal | None
    reason: str


def verify(batch=2000):
    """Walk the chain from its first seal: the first broken link (a row changed or
    gone, a seal changed or taken out), else rows never sealed, else None. Returns
    ``(the seals that hold before it, Break or None)``."""
    previous, checked = GENESIS, 0
    models = sources()
    chunk = []
    for seal in Seal.objects.order_by("pk").iterator(chunk_size=batch):
        chunk.append(seal)
        if len(chunk) == batch:
            previous, held, broken = _check(chunk, previous, models)
            checked += held
            if broken:
                return checked, broken
            chunk = []
    previous, held, broken = _check(chunk, previous, models)
    checked += held
    if broken:
        return checked, broken
    for kind, model in models.items():
        sealed = Seal.objects.filter(kind=kind).values("row_id")
        queued = Unsealed.objects.filter(kind=kind).values("row_id")
        loose = model._base_manager.exclude(pk__in=sealed).exclude(pk__in=queued).first()
        if loose is not None:
            return checked, Break(None, f"{kind} {loose.pk} is in no seal")
    return checked, None


def _check(chunk, previous, models):
    """(the last digest that held, how many seals held, Break or None)."""
    rows = {
        kind: model._base_manager.in_bulk([s.row_id for s in chunk if s.kind == kind])
        for kind, model in models.items()
    }
    for held, seal in enumerate(chunk):
        row = rows[seal.kind].get(seal.row_id)
        if row is None:
            return previous, held, Break(seal, f"{seal.kind} {seal.row_id} was deleted")
        if link(previous, seal.kind, row) != seal.digest:
            return (
                previous,
                held,
                Break(
                    seal,
                    f"{seal.kind} {seal.row_id} was changed, or a seal before it was removed",
                ),
            )
        previous = seal.digest
    return previous, len(chunk), None
