"""The picker of people (see core/pickers.py)."""

import re

from django.utils.translation import gettext_lazy as _

from communitypolice.core.pickers import Choice, Picker
from communitypolice.core.templatetags.masking import mask_id
from places.models import Address

from .models import Person


class PersonPicker(Picker):
    """People living in the user's beats, found by the register's search or by the
    address of the house they live in."""

    url_name = "residents:person_pick"
    placeholder = _("Name, pinyin or initials, ID or phone number, or address")
    ordering = ("name_pinyin", "pk")

    def records(self, user):
        return Person.objects.visible_to(user).living().select_related("house__address")

    def search(self, records, text):
        found = records.search(text)
        # Pinyin, initials, ID and phone numbers are the person's own shapes; text with
        # 汉字 may also be where they live (樱花园1号楼, 101室).
        if re.search(r"[^\x00-\x7f]", text):
            found = found | records.filter(house__address__in=Address.objects.search(text))
        return found

    def choice(self, person):
        born = _("%(gender)s, born %(year)s") % {
            "gender": person.get_gender_display(),
            "year": person.birth_date.year,
        }
        details = (born, mask_id(person.id_number), person.house.address.full_name)
        return Choice(person.pk, person.name, details)


PEOPLE = PersonPicker()
