"""Matching a ledger's addresses to the standard address tree: 1栋, 1幢, 1#楼 and 1号楼 are
one building, ２单元 is 2单元, 101, 101号 and 101室 one room, spaces and full-width digits
do not count, and the address may start at the sub-district, the community or the
compound instead of the city."""

import re

from django.utils.translation import gettext_lazy as _

from .columns import half_width

BUILDING = re.compile(r"(\d+)(?:号楼|号栋|号幢|栋|幢|#楼|#|号(?=\d+单元))")
ENTRANCE = re.compile(r"(\d+)(?:单元|号单元)")
ROOM = re.compile(r"(\d+)(?:室|号房|号|户)?$")
SPACES = re.compile(r"\s+")


def address_key(text):
    """An address as compared: what differs only in the usual ways compares equal."""
    text = SPACES.sub("", half_width(str(text or "")))
    text = BUILDING.sub(r"\1号楼", text)
    text = ENTRANCE.sub(r"\1单元", text)
    return ROOM.sub(r"\1室", text)


class PlaceFinder:
    """The places a user may register records at, by address: ``find(text)`` answers the
    place's primary key, or a reason (``NOT_FOUND``, ``AMBIGUOUS``). Built once per
    import from two queries (the places, then the names of the addresses above them).

    ``of(kind, user)`` gives the finder a ledger's addresses need: the houses people
    live in, the rooms houses are registered at, or any standard address (an
    organisation's, an item's) among those the register's own form offers the user."""

    NOT_FOUND, AMBIGUOUS = "not_found", "ambiguous"

    def __init__(self, places, *, through="", not_found=""):
        from places.models import Address

        self.not_found = not_found
        rows = list(places.values_list("pk", f"{through}path", f"{through}full_name"))
        step = Address.steplen
        above = {path[:end] for _pk, path, _name in rows for end in range(step, len(path), step)}
        names = {
            path: (full_name, district)
            for path, full_name, district in Address.objects.filter(path__in=above).values_list(
                "path", "full_name", "district"
            )
        }
        self.keys, self.variants, self.added = {}, {}, []
        for pk, path, full_name in rows:
            self._add(full_name, pk)
            # The same address from each level down: from the sub-district (without the
            # city and district), from the community, from the compound, …
            for end in range(step, len(path), step):
                prefix, district = names.get(path[:end], ("", ""))
                if not prefix or not full_name.startswith(prefix):
                    continue
                if end == step and district and full_name.startswith(district):
                    self._add(full_name[len(district) :], pk)
                self._add(full_name[len(prefix) :], pk)

    @classmethod
    def of(cls, kind, user):
        from places.pickers import ADDRESSES, HOUSES, ROOMS

        if kind == "house":
            return cls(
                HOUSES.records(user),
                through="address__",
                not_found=_(
                    "No registered house at this address in your beats: register the house "
                    "first, or correct the address."
                ),
            )
        picker = ROOMS if kind == "room" else ADDRESSES
        return cls(
            picker.records(user),
            not_found=_(
                "No standard address like this in your beats: correct the address, or ask for "
                "it to be added to the address tree."
            ),
        )

    def _add(self, text, pk):
        key = address_key(text)
        if not key:
            return
        known = self.keys.get(key)
        self.keys[key] = pk if known in (None, pk) else self.AMBIGUOUS
        self.variants.setdefault(pk, []).append(key)

    def remember(self, pk, keys):
        """A place added during the import, under each of ``keys``."""
        for key in keys:
            if key not in self.keys:
                self.keys[key] = pk
                self.added.append(key)
        self.variants[pk] = list(keys)

    def forget(self, since=0):
        """The places added since the ``since``-th addition: their rows roll them back
        (the dry run, a row refused)."""
        for key in self.added[since:]:
            pk = self.keys.pop(key, None)
            self.variants.pop(pk, None)
        del self.added[since:]

    def find(self, text):
        key = address_key(text)
        return self.keys.get(key, self.NOT_FOUND) if key else self.NOT_FOUND


# The levels an import may add below a compound, a building or a unit, by the name's end.
PART = re.compile(r"\d+[A-Z]?(?:号楼|单元|室)")
MADE = {4: "号楼", 5: "单元", 6: "室"}  # Address.Level.BUILDING, ENTRANCE, ROOM


class AddressMaker:
    """Where the uploader allows it: the buildings, units and rooms an address names that
    the address tree lacks, added below one of the compounds, buildings or units of the
    user's own beats (the only ones it looks among), with that address's beat. An
    address that does not continue one of them level by level is never guessed at."""

    def __init__(self, user, finder, *, level=None):
        from places.models import Address
        from places.pickers import ADDRESSES

        above = ADDRESSES.records(user).filter(
            level__in=[Address.Level.COMPOUND, Address.Level.BUILDING, Address.Level.ENTRANCE]
        )
        self.parents = PlaceFinder(above)
        self.levels = dict(above.values_list("pk", "level"))
        self.finder, self.level = finder, level

    def plan(self, text):
        """(the address to add below, [the names to add, level by level]) or None."""
        key = address_key(text)
        for cut in range(len(key) - 1, 0, -1):
            parent = self.parents.keys.get(key[:cut])
            if parent is not None and parent != PlaceFinder.AMBIGUOUS:
                break
        else:
            return None
        rest = key[cut:]
        names = PART.findall(rest)
        if not names or "".join(names) != rest:
            return None
        level = self.levels[parent]
        for name in names:
            level += 1
            if not name.endswith(MADE.get(level, "\0")):
                return None
        if self.level is not None and level != self.level:
            return None
        return parent, names

    def make(self, parent_pk, names):
        """Add the addresses; the last one (the row's) is returned. Each is known to the
        finders from then on, under every way the row's ancestors are written."""
        from places import services
        from places.models import Address

        parent = Address.objects.get(pk=parent_pk)
        keys = self.parents.variants.get(parent_pk, [])
        for name in names:
            parent = services.add_address(
                parent=parent, level=parent.level + 1, name=name, code=_free_code(parent, name)
            )
            keys = [key + address_key(name) for key in keys]
            self.levels[parent.pk] = parent.level
            self.parents.remember(parent.pk, keys)
        self.finder.remember(parent.pk, keys)
        return parent

    def mark(self):
        return len(self.parents.added), len(self.finder.added)

    def forget(self, since=(0, 0)):
        self.parents.forget(since[0])
        self.finder.forget(since[1])


def _free_code(parent, name):
    """A standard address code for an address added by an import: its parent's code and
    its name, numbered where that is taken."""
    from places.models import Address

    base = f"{parent.code}-{name}"[:36]
    code, number = base, 1
    while Address.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code
