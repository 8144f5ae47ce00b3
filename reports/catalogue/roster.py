"""实有人口名册: every person living in the station on the period's last day, one row
each, by beat and house. A long list (a station has tens of thousands of people), so it
streams: its files are written from a server-side cursor, row by row."""

from django.utils.translation import gettext_lazy as _

from communitypolice.core.templatetags.masking import mask_id, mask_phone
from residents.models import Person, Stay

from . import register
from .base import Column, ListReport

COLUMNS = [
    Column("beat", _("Beat"), format="text"),
    Column("name", _("Full name"), format="text", width=10),
    Column("gender", _("Gender"), format="text", width=6),
    Column("birth_date", _("Date of birth"), format="text", width=12),
    Column("ethnicity", _("Ethnic group"), format="text", width=8),
    Column("id_number", _("ID number"), format="text", width=20),
    Column("phone", _("Phone"), format="text", width=14),
    Column("category", _("Population category"), format="text", width=16),
    Column("address", _("Current house"), format="text", width=40),
    Column("household_address", _("Household registration address"), format="text", width=30),
    Column("arrival_date", _("Arrival date"), format="text", width=12),
    Column("occupation", _("Occupation"), format="text"),
]
FIELDS = [
    "beat__station__name",
    "beat__name",
    "person__name",
    "person__gender",
    "person__birth_date",
    "person__ethnicity__name",
    "person__id_number",
    "person__phone",
    "category",
    "house__address__full_name",
    "person__household_address",
    "person__arrival_date",
    "person__occupation",
]


@register
class ResidentRoster(ListReport):
    code = "resident_roster"
    order = 11
    title = _("Resident roster")
    description = _(
        "Every person living in the station on the last day of the period, one row each, "
        "by beat and house: name, gender, date of birth, masked ID number and phone, "
        "population category, house and household registration address. Only for the "
        "station's chief."
    )
    definition = _(
        "The people counted in the resident population statistics for the same period: "
        "living in the register on the period's last day by the residence history, in "
        "the beat and house, and with the population category, of their stay on that "
        "day. Names, ID numbers, phones and the other particulars are as they are in the "
        "register now. ID numbers and phones are masked."
    )
    streamed = True

    def get_columns(self, params):
        if params.unit.is_station:
            return COLUMNS
        return [Column("station", _("Police station"), format="text"), *COLUMNS]

    def stays(self, params, beats):
        return Stay.objects.living_on(params.period.end).filter(beat__in=list(beats))

    def count(self, params, beats):
        return self.stays(params, beats).count()

    def items(self, params, beats):
        genders = dict(Person.Gender.choices)
        categories = dict(Person.Category.choices)
        rows = (
            self.stays(params, beats)
            .order_by("beat__code", "house__address__full_name", "person__name_pinyin", "pk")
            .values_list(*FIELDS)
        )
        for (
            station,
            beat,
            name,
            gender,
            birth_date,
            ethnicity,
            id_number,
            phone,
            category,
            address,
            household_address,
            arrival_date,
            occupation,
        ) in rows.iterator(chunk_size=5000):
            yield {
                "station": station,
                "beat": beat,
                "name": name,
                "gender": str(genders.get(gender, "")),
                "birth_date": birth_date.isoformat() if birth_date else "",
                "ethnicity": ethnicity or "",
                "id_number": mask_id(id_number),
                "phone": mask_phone(phone),
                "category": str(categories.get(category, "")),
                "address": address,
                "household_address": household_address,
                "arrival_date": arrival_date.isoformat() if arrival_date else "",
                "occupation": occupation,
            }
