"""Writes that span several rows of the address tree and the records attached to it."""

from django.db import transaction
from django.db.models import F

from assignments.history import EndReason

from .models import Address, House, Item, Organization

# Records that carry a beat derived from an address, and the path from the record to
# its address. Apps above places add theirs (residents: a person's house) in ready().
ATTACHED_RECORDS = [(House, "address"), (Organization, "address"), (Item, "address")]


def register_attached(model, address_path):
    """Have records of ``model`` follow their address when its beat changes."""
    if (model, address_path) not in ATTACHED_RECORDS:
        ATTACHED_RECORDS.append((model, address_path))


@transaction.atomic
def add_address(*, parent=None, level, name, code, district="", beat=None):
    """Create an address under ``parent`` (a root street when None), with its full name
    and the beat it inherits unless ``beat`` overrides it here."""
    node = Address(
        level=level,
        name=name,
        code=code,
        district=district if parent is None else "",
        beat_override=beat,
    )
    node.full_name = node.name_under(parent)
    node.beat = node.beat_under(parent)
    if parent is None:
        return Address.objects.add_root(instance=node)
    return Address.objects.add_child(parent, instance=node)


@transaction.atomic
def update_address(*, address, name, code, district="", beat_override=None):
    """Change an address and carry the change down its subtree.

    A new name changes every full name below it; a new beat moves every address
    below it that has no beat of its own, and every house, organisation, item and
    person attached to those addresses, each move leaving an audit row.
    Returns the number of attached records moved.
    """
    parent = address.parent_address()
    address.name, address.code, address.beat_override = name, code, beat_override
    address.district = district if parent is None else ""
    address.full_name = address.name_under(parent)
    address.beat = address.beat_under(parent)
    address.save()
    return _propagate(address)


def _propagate(root):
    """Recompute full names and inherited beats below ``root``; move attached records."""
    known = {root.path: root}
    changed, moved_to = [], {}
    for node in root.below().order_by("path"):
        parent = known[node.path[: -Address.steplen]]
        full_name, beat = node.name_under(parent), node.beat_under(parent)
        if (full_name, beat) != (node.full_name, node.beat):
            if beat != node.beat:
                moved_to[node.pk] = beat
            node.full_name, node.beat = full_name, beat
            changed.append(node)
        known[node.path] = node
    if root.beat_id is not None or root.pk in moved_to:
        moved_to[root.pk] = root.beat
    Address.objects.bulk_update(changed, ["full_name", "beat"], batch_size=500)
    return _move_attached_records(moved_to)


def _move_attached_records(beat_by_address):
    """Give attached records the beat of their address. Each is saved on its own so
    that the audit trail shows every record that changed beat, and by whom."""
    moved = 0
    for model, address_path in ATTACHED_RECORDS:
        records = model.objects.filter(**{f"{address_path}__in": list(beat_by_address)})
        for record in records.annotate(address_pk=F(address_path)):
            new_beat = beat_by_address[record.address_pk]
            if new_beat is not None and record.beat_id != new_beat.pk:
                record.beat = new_beat
                record.save(
                    update_fields=["beat", "version", "updated_at"],
                    history={"reason": EndReason.BEAT_CHANGED},
                )
                moved += 1
    return moved
