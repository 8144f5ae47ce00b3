"""Matching a ledger's addresses to the standard address tree: 1栋, 1幢, 1#楼 and 1号楼 are
one building, ２单元 is 2单元, 101, 101号 and 101室 one room, spaces and full-width digits
do not count, and the address may start at the sub-district, the community or the
compound instead of the city."""

import re

from .columns import half_width

BUILDING = re.compile(r"(\d+)(?:号楼|号栋|号幢|栋|幢|#楼|#|号(?=\d+单元))")
ENTRANCE = re.compile(r"(\d+)(?:单元|号单元)")
ROOM = re.compile(r"(\d+)(?:室|号房|号|户)?$")


def address_key(text):
    """An address as compared: what differs only in the usual ways compares equal."""
    text = re.sub(r"\s+", "", half_width(str(text or "")))
    text = BUILDING.sub(r"\1号楼", text)
    text = ENTRANCE.sub(r"\1单元", text)
    return ROOM.sub(r"\1室", text)


class HouseFinder:
    """The houses a user may register people in, by address: ``find(text)`` answers the
    house's primary key, or a reason (``NOT_FOUND``, ``AMBIGUOUS``). Built once per
    import from two queries (the houses, then the names of the addresses above them)."""

    NOT_FOUND, AMBIGUOUS = "not_found", "ambiguous"

    def __init__(self, houses):
        from places.models import Address

        rows = list(houses.values_list("pk", "address__path", "address__full_name"))
        step = Address.steplen
        above = {path[:end] for _pk, path, _name in rows for end in range(step, len(path), step)}
        names = {
            path: (full_name, district)
            for path, full_name, district in Address.objects.filter(path__in=above).values_list(
                "path", "full_name", "district"
            )
        }
        self.keys = {}
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

    def _add(self, text, pk):
        key = address_key(text)
        if not key:
            return
        known = self.keys.get(key)
        self.keys[key] = pk if known in (None, pk) else self.AMBIGUOUS

    def find(self, text):
        key = address_key(text)
        return self.keys.get(key, self.NOT_FOUND) if key else self.NOT_FOUND
