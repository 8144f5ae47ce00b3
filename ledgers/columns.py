"""What a ledger's columns are: for each register, the columns of its template (Chinese
header, the synonyms other ledgers use for it, whether it is required, how a cell is read)
and the form that validates a row, the same form as the register's own page."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEXT, DATE, CODE, ADDRESS = "text", "date", "code", "address"


@dataclass(frozen=True)
class LedgerColumn:
    """A column of a ledger. ``field``: the form field it fills (or a name the import
    reads itself: ``verified_on``); ``header``: the template's header; ``synonyms``:
    other headers meaning the same; ``kind``: how a cell is read (text, a date, a code
    value of ``choices``, an address); ``note``: the template's notes row."""

    field: str
    header: str
    synonyms: tuple = ()
    required: bool = False
    kind: str = TEXT
    choices: object = None  # a callable: [(value, label)], read when the column is used
    note: object = ""

    def names(self):
        """Every header that means this column, normalised (see ``header_key``)."""
        return {header_key(name) for name in (self.header, *self.synonyms)}


def header_key(text):
    """A header as compared: no spaces, no asterisk or brackets, half-width."""
    text = half_width(str(text or ""))
    return re.sub(r"[\s*＊()（）:：]", "", text)


def half_width(text):
    """Full-width digits, letters and punctuation (０１２, Ａ, －) as their ASCII forms."""
    return "".join(
        chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else " " if ch == "\u3000" else ch
        for ch in text
    )


BRACKETED = re.compile(r"\s*[（(]([^）)]+)[）)]")


def ledger_label(label):
    """A code value as a ledger writes it: the Chinese of "registered resident (户籍人口)",
    or the label itself."""
    text = str(label)
    inner = BRACKETED.findall(text)
    return inner[0] if inner else text


def code_values(choices):
    """{text as typed: value} for a list of (value, label): the value itself, its label
    in Chinese and in English, and the Chinese in the label's brackets (户籍人口 of
    "registered resident (户籍人口)")."""
    found = {}
    for value, label in choices:
        names = {str(value)}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                text = str(label)
            names.add(text)
            names.update(BRACKETED.findall(text))
            names.add(BRACKETED.sub("", text).strip())
        for name in names:
            if name.strip():
                found[header_key(name).lower()] = value
    return found


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def read_date(value):
    """A date cell: a date or datetime from the workbook, or text in one of the
    ``DATE_FORMATS``. None for an empty cell; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = half_width(str(value)).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day)
        except ValueError:
            continue
    raise ValueError(text)


def cell_text(value):
    """A cell as text: a whole number without ".0" (an ID or phone typed as a number),
    a date as YYYY-MM-DD, spaces around removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class Ledger:
    """A register's ledger: its code, its name, the columns of its template, and the
    sheet name its template carries (a sheet of another register's template is
    recognised by it)."""

    code: str
    title: object
    columns: tuple = field(default_factory=tuple)

    @property
    def sheet_name(self):
        """The template's sheet, in Chinese whatever the user's language: a ledger is an
        official form."""
        from django.conf import settings

        with translation.override(settings.LANGUAGE_CODE):
            return str(self.title)

    def column(self, name):
        """The column filling ``name``, or None."""
        return next((column for column in self.columns if column.field == name), None)


def _person_choices(name):
    def choices():
        from residents.models import Person

        return getattr(Person, name).choices

    return choices


def _ethnicities():
    from residents.models import Ethnicity

    return [(e.pk, e.name) for e in Ethnicity.objects.filter(is_active=True).order_by("code")]


PEOPLE = Ledger(
    code="people",
    title=_("Resident population ledger"),
    columns=(
        LedgerColumn("name", "姓名", ("人员姓名", "名字"), required=True),
        LedgerColumn("former_names", "曾用名"),
        LedgerColumn(
            "id_type",
            "证件类型",
            ("证件种类",),
            kind=CODE,
            choices=_person_choices("IdType"),
            note=_("Resident ID card if left empty."),
        ),
        LedgerColumn(
            "id_number",
            "证件号码",
            ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号", "身份号码"),
            required=True,
            note=_("18 digits with the check digit for a resident ID card."),
        ),
        LedgerColumn(
            "gender",
            "性别",
            kind=CODE,
            choices=_person_choices("Gender"),
            note=_("Read from a resident ID number if left empty."),
        ),
        LedgerColumn(
            "birth_date",
            "出生日期",
            ("出生年月日", "出生年月"),
            kind=DATE,
            note=_("Read from a resident ID number if left empty."),
        ),
        LedgerColumn("ethnicity", "民族", kind=CODE, choices=_ethnicities),
        LedgerColumn("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式")),
        LedgerColumn(
            "category",
            "人口类别",
            ("人员类别", "人口类型"),
            required=True,
            kind=CODE,
            choices=_person_choices("Category"),
        ),
        LedgerColumn("household_address", "户籍地址", ("户籍地", "户籍地详址", "户籍所在地")),
        LedgerColumn(
            "house",
            "现住址",
            ("居住地址", "现居住地址", "住址", "实际居住地址", "居住地详址", "现住地址"),
            required=True,
            kind=ADDRESS,
            note=_(
                "The standard address of a registered house, down to the room: "
                "街道、社区、小区、楼栋、单元、户室."
            ),
        ),
        LedgerColumn(
            "relationship",
            "与户主关系",
            ("与户主关系", "家庭关系"),
            kind=CODE,
            choices=_person_choices("Relationship"),
            note=_("Head of household if left empty."),
        ),
        LedgerColumn("occupation", "职业"),
        LedgerColumn("arrival_date", "来本地日期", ("来本地时间", "到达日期"), kind=DATE),
        LedgerColumn(
            "arrival_reason",
            "来本地事由",
            ("来本地原因",),
            kind=CODE,
            choices=_person_choices("ArrivalReason"),
        ),
        LedgerColumn("permit_expiry", "证件有效期至", ("居住证有效期至", "有效期至"), kind=DATE),
        LedgerColumn(
            "registered_on",
            "登记日期",
            ("登记时间",),
            kind=DATE,
            note=_("The date in the ledger; today if left empty."),
        ),
        LedgerColumn(
            "verified_on",
            "核实日期",
            ("核实时间", "最近核实日期"),
            kind=DATE,
            note=_("When the record was last checked; left unchecked if empty."),
        ),
        LedgerColumn("notes", "备注"),
    ),
)

LEDGERS = {ledger.code: ledger for ledger in (PEOPLE,)}
