"""Chinese identifiers: resident ID numbers (GB 11643), unified social credit codes
(GB 32100) and vehicle plates, checked with python-stdnum where it covers them."""

import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from communitypolice.core import periods


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F", from the 17th digit
    area_warning: str = ""


def parse_resident_id(value, *, today=None):
    """Check a resident ID number and read its birth date and gender.

    The check digit, the birth date and the area code are checked. python-stdnum's
    own validate() also rejects an area code that did not exist in the birth year,
    which real people hold (a district created in 1983 appears on the cards of
    people born before it), so an area code known in any period is accepted and a
    year mismatch comes back as a warning, not an error.
    """
    number = ric.compact(value or "")
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="length")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."), code="format"
        )
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The check digit (the last character) does not match: check the number."),
            code="checksum",
        )
    try:
        birth_date = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(
            _("Characters 7–14 are not a real date of birth."), code="birth_date"
        ) from None
    if birth_date > (today or periods.today()) or birth_date.year < 1900:
        raise ValidationError(
            _("Characters 7–14 are not a possible date of birth."), code="birth_date"
        )
    if not _known_area(number[:6]):
        raise ValidationError(_("The first six digits are not a known area code."), code="area")
    if _area_existed(number, birth_date.year):
        warning = ""
    else:
        warning = _(
            "Area code %(code)s did not exist in %(year)s, the year of birth. Such numbers "
            "are real when a district was created later; check the card."
        ) % {"code": number[:6], "year": birth_date.year}
    gender = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number, birth_date, gender, warning)


@functools.lru_cache(maxsize=8192)
def _known_area(code):
    """An area code of a county or prefecture in any period (stdnum's table, read once
    per code: an import checks thousands of numbers of a few areas)."""
    area = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return bool({"county", "prefecture"} & area.keys())


_EXISTED = {}


def _area_existed(number, year):
    """The number's area code existed in its year of birth: stdnum's answer, which
    depends on nothing else, kept by area and year."""
    key = (number[:6], year)
    if key not in _EXISTED:
        if len(_EXISTED) > 100_000:
            _EXISTED.clear()
        try:
            ric.get_birth_place(number)
            _EXISTED[key] = True
        except InvalidComponent:
            _EXISTED[key] = False
    return _EXISTED[key]


def validate_resident_id(value):
    """Model/form field validator: raises ValidationError for a wrong number."""
    parse_resident_id(value)


def validate_uscc(value):
    """Unified social credit code (统一社会信用代码), 18 characters, with check character."""
    try:
        uscc.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("A unified social credit code has 18 characters."), code="length"
        ) from None
    except InvalidFormat:
        raise ValidationError(
            _("This is not the format of a unified social credit code."), code="format"
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The check character (the last one) does not match: check the code."),
            code="checksum",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("The registration authority or type in this code does not exist."),
            code="component",
        ) from None


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # plates use no I and no O
PLATE_PATTERNS = [
    # ordinary 7-character plates, including trailer, learner, police, HK and Macau ones
    rf"[{PROVINCES}][{_LETTER}][{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警港澳]",
    # new-energy small vehicles: D (electric) or F (hybrid) first, 8 characters
    rf"[{PROVINCES}][{_LETTER}][DF][{_LETTER}0-9][0-9]{{4}}",
    # new-energy large vehicles: D or F last
    rf"[{PROVINCES}][{_LETTER}][0-9]{{5}}[DF]",
]


def normalize_plate(value):
    return re.sub(r"[\s·.\-]", "", value or "").upper()


def validate_plate(value):
    """Mainland motor-vehicle plate: 京A12345, 粤B8K3Q2, new-energy 沪AD12345 or 沪A12345D."""
    plate = normalize_plate(value)
    if not any(re.fullmatch(pattern, plate) for pattern in PLATE_PATTERNS):
        raise ValidationError(
            _(
                "Not a mainland plate number: a province character, a letter and 5 characters "
                "(6 for new-energy vehicles), e.g. 京A12345 or 京AD12345."
            ),
            code="plate",
        )


validate_phone = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    _("Enter a mainland mobile number (11 digits) or a landline with its area code."),
    code="phone",
)
