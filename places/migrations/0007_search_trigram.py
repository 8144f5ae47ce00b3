"""Trigram indexes (pg_trgm) for the registers' search boxes and the address pickers:
part of an address, a name, a number or a note, anywhere in the text.

A register's search matches any of its ``search_fields``; the address is looked up first
by its own index and joined as an array (``RegisterQuerySet.search``), so that with an
index for every field PostgreSQL combines them (a BitmapOr) instead of reading every
record of the station. Django's ``icontains`` compares ``UPPER(…)``, so the indexes are
on that expression. They are PostgreSQL's own; SQLite scans, as a laptop holds a station
at most. The incidents app adds its registers' (incidents 0006)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from communitypolice.core.indexes import trigram_indexes

COLUMNS = {
    "places_address": ("full_name",),
    "places_house": ("owner_name", "landlord_contact"),
    "places_organization": ("name", "credit_code", "security_contact"),
    "places_item": ("identifier", "description", "camera_view"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("places", "0006_verification_history_from_last_check"),
    ]

    operations = [TrigramExtension(), trigram_indexes(COLUMNS)]
