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

    def find(self, text):
        key = address_key(text)
        return self.keys.get(key, self.NOT_FOUND) if key else self.NOT_FOUND
