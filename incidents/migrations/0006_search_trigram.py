"""Trigram indexes for the search boxes of incidents and disputes (see places 0007): part
of an incident number, a summary, the parties or the description."""

from django.db import migrations

from communitypolice.core.indexes import trigram_indexes

COLUMNS = {
    "incidents_incident": ("number", "summary"),
    "incidents_dispute": ("parties", "description"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0005_verification_history_from_last_check"),
        ("places", "0007_search_trigram"),
    ]

    operations = [trigram_indexes(COLUMNS)]
