"""What a ledger's columns are: for each register, the columns of its template (Chinese
header, the synonyms other ledgers use for it, whether it is required, how a cell is read)
and the form that validates a row, the same form as the register's own page."""

import datetime
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from communitypolice.core import periods

TEXT, DATE, CODE, ADDRESS = "text", "date", "code", "address"
# A registered person by ID number; a cell only compared with the record (a person's
# name beside their ID number); an officer by name.
PERSON, CHECK, OFFICER = "person", "check", "officer"


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


HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def half_width(text):
    """Full-width digits, letters and punctuation (０１２, Ａ, －) as their ASCII forms."""
    return text.translate(HALF_WIDTH)


BRACKETED = re.compile(r"\s*[（(]([^）)]+)[）)]")


CJK = re.compile(r"[\u4e00-\u9fff]")


def ledger_label(label):
    """A code value as a ledger writes it: the Chinese of "registered resident (户籍人口)",
    or the label itself (一级（严管） stays as it is)."""
    text = str(label)
    inner = BRACKETED.findall(text)
    return inner[0] if inner and not CJK.search(BRACKETED.sub("", text)) else text


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


class Ledger:
    """A register's ledger: its code, its name, the columns of its template, the form
    that validates a row (the register's own page form), what a row fills in when the
    sheet leaves it empty (``defaults``), and its template's example row. The sheet name
    its template carries tells a sheet of another register's template.

    A subclass says how a row finds the registered record it is about (``existing``),
    if any; a row that finds none is a new record."""

    # Rows of new records are checked by one form for the whole batch and inserted
    # together (``batched``, ``services``): the resident population's ledgers are large.
    batched = False
    # The fields of the form's data that tell a record (its ID number, its address);
    # rows with the same key in one file are refused after the first.
    key = ()
    # What an address cell names: a house (``"house"``), a room, or any standard address.
    places = "address"

    def __init__(self, code, title, columns, *, form, defaults=None, example=None):
        self.code, self.title, self.columns = code, title, tuple(columns)
        self.form, self.defaults, self.example = form, defaults or {}, example or {}

    def __repr__(self):
        return f"<Ledger {self.code}>"

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

    def form_class(self):
        return import_string(self.form)

    @property
    def model(self):
        return self.form_class()._meta.model

    @property
    def checked(self):
        """Its records keep when they were last checked (核实): the 核实日期 column."""
        return self.column("verified_on") is not None

    def make_form(self, data, *, user, instance=None):
        return self.form_class()(data, instance=instance, user=user)

    def existing(self, data, user):
        """The registered record, among those the user may see, that a row with the
        form's ``data`` is about: it is updated rather than registered twice."""
        return None

    def unchecked(self, data):
        """(column, reason) when a row lacks what the form is built with, else None."""
        return None

    def key_of(self, data):
        """The row's key as text, or None where a part of it is empty."""
        parts = []
        for name in self.key:
            value = data.get(name)
            text = str(getattr(value, "pk", value) if value is not None else "").strip().upper()
            if not text:
                return None
            parts.append(text)
        return ":".join(parts) or None


class PeopleLedger(Ledger):
    batched = True
    key = ("id_number",)
    places = "house"

    def existing(self, data, user):
        from residents.models import Person, where_registered

        number = self.key_of(data)
        found, place = where_registered(number, user) if number else (None, None)
        return Person.objects.get(pk=found.pk) if place == "visible" else None


class HousesLedger(Ledger):
    key = ("address",)
    places = "room"

    def existing(self, data, user):
        from places.models import House

        address = data.get("address")
        return House.objects.visible_to(user).filter(address=address).first() if address else None


class OrganizationsLedger(Ledger):
    key = ("credit_code",)

    def existing(self, data, user):
        """The organisation with the row's credit code, else of the same name at the same
        address. One of another station with the code is the form's to refuse."""
        from places.models import Organization

        organizations = Organization.objects.visible_to(user)
        code = self.key_of(data)
        if code:
            return organizations.filter(credit_code=code).first()
        if data.get("name") and data.get("address"):
            return organizations.filter(
                name=" ".join(str(data["name"]).split()), address=data["address"], credit_code=""
            ).first()
        return None

    def key_of(self, data):
        """The credit code, else the name and the address."""
        code = super().key_of(data)
        if code or not (data.get("name") and data.get("address")):
            return code
        return f"{' '.join(str(data['name']).split())}@{data['address']}"


class ItemsLedger(Ledger):
    key = ("kind", "identifier")

    def existing(self, data, user):
        """The item of the same kind with the same plate or serial number."""
        from communitypolice.core.identifiers import normalize_plate
        from places.models import Item

        if not self.key_of(data):
            return None
        identifier = str(data["identifier"]).strip().upper()
        items = Item.objects.visible_to(user).filter(kind=data["kind"])
        return items.filter(identifier__in={identifier, normalize_plate(identifier)}).first()


class DesignationsLedger(Ledger):
    """重点人员 and 关爱对象: a designation of a registered person (found by their ID
    number among the people the user may see), of a category."""

    key = ("person", "category")

    def make_form(self, data, *, user, instance=None):
        data = dict(data)
        person = data.pop("person", None) or instance.person
        return self.form_class()(data, instance=instance, user=user, person=person)

    def unchecked(self, data):
        """No form can check a row without the person it designates."""
        if data.get("person") is None:
            return self.column("person"), _("This field is required.")
        return None

    def existing(self, data, user):
        """The person's designation of that category in force today."""
        person, category = data.get("person"), data.get("category")
        if person is None or not category:
            return None
        model = self.model
        return model.objects.filter(person=person, category=category).current().first()


def _choices(model_path, name):
    def choices():
        return getattr(import_string(model_path), name).choices

    return choices


def _person_choices(name):
    return _choices("residents.models.Person", name)


def _codes(model_path):
    """The code values of a code table in use: "English (中文)", the Chinese as the
    ledger writes it."""

    def choices():
        model = import_string(model_path)
        return [
            (row.pk, f"{row.name_en} ({row.name})" if row.name_en else row.name)
            for row in model.objects.filter(is_active=True)
        ]

    return choices


def _yes_no():
    return [(True, _("yes (是)")), (False, _("no (否)"))]


def _ethnicities():
    from residents.models import Ethnicity

    return [(e.pk, e.name) for e in Ethnicity.objects.filter(is_active=True).order_by("code")]


REGISTERED_ON = LedgerColumn(
    "registered_on",
    "登记日期",
    ("登记时间",),
    kind=DATE,
    note=_("The date in the ledger; today if left empty."),
)
VERIFIED_ON = LedgerColumn(
    "verified_on",
    "核实日期",
    ("核实时间", "最近核实日期"),
    kind=DATE,
    note=_("When the record was last checked; left unchecked if empty."),
)
ROOM_NOTE = _(
    "The standard address of a registered house, down to the room: "
    "街道、社区、小区、楼栋、单元、户室."
)
ADDRESS_NOTE = _("A standard address of your beats: 街道、社区、小区 or a building, a room.")
PERSON_ID = LedgerColumn(
    "person",
    "证件号码",
    ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号", "身份号码"),
    required=True,
    kind=PERSON,
    note=_("The ID number of a person registered in your beats."),
)
PERSON_NAME = LedgerColumn(
    "person_name",
    "姓名",
    ("人员姓名",),
    kind=CHECK,
    note=_("Checked against the person with that ID number."),
)
OWNER_COLUMNS = (
    LedgerColumn("owner_name", "房主姓名", ("产权人", "房主", "业主姓名", "产权人姓名")),
    LedgerColumn(
        "owner_id_number", "房主证件号码", ("产权人证件号码", "房主身份证号", "业主身份证号")
    ),
    LedgerColumn("owner_phone", "房主电话", ("产权人电话", "房主联系电话", "业主电话")),
)

AREA = LedgerColumn("area", "建筑面积", ("面积", "建筑面积平方米"), note=_("In m², e.g. 89.5."))
SECURITY_NOTES = LedgerColumn("security_notes", "安全情况", ("安全隐患", "备注"))
LAST_INSPECTION = LedgerColumn("last_inspection", "最近检查日期", ("检查日期",), kind=DATE)
INTERVAL = LedgerColumn(
    "interval_days", "走访周期（天）", ("走访周期", "周期"), note=_("30 if left empty.")
)

PEOPLE = PeopleLedger(
    "people",
    _("Resident population ledger"),
    form="residents.forms.PersonForm",
    defaults={"id_type": "ric", "relationship": "head"},
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
            note=ROOM_NOTE,
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
        REGISTERED_ON,
        VERIFIED_ON,
        LedgerColumn("notes", "备注"),
    ),
    example={
        "姓名": "张三",
        "证件类型": "居民身份证",
        "证件号码": "110105199001011232",
        "性别": "男",
        "出生日期": "1990-01-01",
        "民族": "汉族",
        "联系电话": "13800138000",
        "人口类别": "户籍人口",
        "现住址": "和平街道樱花社区樱花园小区1号楼1单元101室",
        "与户主关系": "户主",
        "登记日期": "2020-05-01",
        "核实日期": "2024-03-15",
    },
)

HOUSES = HousesLedger(
    "houses",
    _("Real houses ledger"),
    form="places.forms.HouseForm",
    defaults={"room_count": 1, "declared_tenants": 0},
    columns=(
        LedgerColumn(
            "address",
            "房屋地址",
            ("地址", "标准地址", "房屋坐落", "坐落"),
            required=True,
            kind=ADDRESS,
            note=_("The standard address of the room: 街道、社区、小区、楼栋、单元、户室."),
        ),
        LedgerColumn(
            "use",
            "房屋用途",
            ("用途", "房屋类别", "使用性质"),
            required=True,
            kind=CODE,
            choices=_codes("places.models.HouseUse"),
        ),
        *OWNER_COLUMNS,
        AREA,
        LedgerColumn("room_count", "房间数", ("居室数",), note=_("1 if left empty.")),
        LedgerColumn(
            "declared_tenants",
            "承租人数",
            ("租住人数", "申报承租人数"),
            note=_("For a rented house: as the landlord declares them."),
        ),
        SECURITY_NOTES,
        LAST_INSPECTION,
        REGISTERED_ON,
        VERIFIED_ON,
    ),
    example={
        "房屋地址": "和平街道樱花社区樱花园小区1号楼1单元101室",
        "房屋用途": "自住",
        "房主姓名": "王芳",
        "房主证件号码": "110105198001011238",
        "房主电话": "13800138000",
        "建筑面积": "89.5",
        "房间数": "3",
        "登记日期": "2018-09-01",
        "核实日期": "2024-03-15",
    },
)

RENTALS = HousesLedger(
    "rentals",
    _("Rented houses ledger"),
    form="places.forms.HouseForm",
    columns=(
        LedgerColumn(
            "address",
            "出租房屋地址",
            ("房屋地址", "地址", "标准地址", "房屋坐落", "坐落"),
            required=True,
            kind=ADDRESS,
            note=_("The standard address of the room: 街道、社区、小区、楼栋、单元、户室."),
        ),
        *OWNER_COLUMNS,
        LedgerColumn(
            "landlord_contact", "出租人联系方式", ("出租人", "出租人电话", "房东电话", "房东")
        ),
        LedgerColumn(
            "declared_tenants",
            "承租人数",
            ("租住人数", "申报承租人数", "居住人数"),
            note=_("As the landlord declares them."),
        ),
        LedgerColumn("room_count", "房间数", ("出租间数", "居室数"), note=_("1 if left empty.")),
        AREA,
        LedgerColumn("contract_end", "租赁合同到期日", ("合同到期日", "租期至"), kind=DATE),
        SECURITY_NOTES,
        LAST_INSPECTION,
        REGISTERED_ON,
        VERIFIED_ON,
    ),
    defaults={"use": lambda: _rented_use(), "room_count": 1, "declared_tenants": 0},
    example={
        "出租房屋地址": "和平街道樱花社区樱花园小区1号楼1单元102室",
        "房主姓名": "李强",
        "出租人联系方式": "13900139000",
        "承租人数": "2",
        "房间数": "2",
        "租赁合同到期日": "2026-12-31",
        "登记日期": "2023-01-10",
        "核实日期": "2024-03-15",
    },
)


def _rented_use():
    from places.models import HouseUse

    return HouseUse.objects.get(code=HouseUse.RENTED).pk


ORGANIZATIONS = OrganizationsLedger(
    "organizations",
    _("Real organisations ledger"),
    form="places.forms.OrganizationForm",
    columns=(
        LedgerColumn("name", "单位名称", ("名称", "单位", "企业名称"), required=True),
        LedgerColumn(
            "credit_code",
            "统一社会信用代码",
            ("信用代码", "社会信用代码", "营业执照号"),
            note=_("18 characters; empty for an unregistered organisation."),
        ),
        LedgerColumn(
            "type",
            "单位类别",
            ("单位类型", "行业类别", "类别"),
            required=True,
            kind=CODE,
            choices=_codes("places.models.OrganizationType"),
        ),
        LedgerColumn(
            "is_key_unit",
            "是否重点单位",
            ("重点单位",),
            kind=CODE,
            choices=_yes_no,
            note=_("是 or 否; 否 if left empty."),
        ),
        LedgerColumn("key_reason", "重点原因", ("列为重点原因",)),
        LedgerColumn(
            "address",
            "单位地址",
            ("地址", "经营地址", "标准地址"),
            required=True,
            kind=ADDRESS,
            note=ADDRESS_NOTE,
        ),
        LedgerColumn("legal_representative", "法定代表人", ("法人", "负责人")),
        LedgerColumn("security_contact", "治安负责人", ("保卫负责人", "安全负责人")),
        LedgerColumn("security_phone", "治安负责人电话", ("联系电话", "电话")),
        LedgerColumn("employee_count", "从业人数", ("员工人数", "职工人数")),
        LAST_INSPECTION,
        LedgerColumn(
            "inspection_result",
            "检查结果",
            kind=CODE,
            choices=_choices("places.models.Organization", "InspectionResult"),
        ),
        REGISTERED_ON,
        VERIFIED_ON,
    ),
    example={
        "单位名称": "樱花超市",
        "统一社会信用代码": "91330900MA2A0B1C2K",
        "单位类别": "个体工商户",
        "是否重点单位": "否",
        "单位地址": "和平街道樱花社区樱花园小区",
        "治安负责人": "周敏",
        "治安负责人电话": "13700137000",
        "从业人数": "6",
        "登记日期": "2021-04-01",
        "核实日期": "2024-03-15",
    },
)

ITEMS = ItemsLedger(
    "items",
    _("Items ledger (vehicles, e-bikes, cameras)"),
    form="places.forms.ItemForm",
    columns=(
        LedgerColumn(
            "kind",
            "物品类别",
            ("类别", "种类"),
            required=True,
            kind=CODE,
            choices=_codes("places.models.ItemKind"),
        ),
        LedgerColumn(
            "identifier",
            "号牌或编号",
            ("号牌号码", "车牌号", "车牌号码", "编号", "设备编号"),
            note=_("The plate number of a motor vehicle (e.g. 浙F12345); a serial otherwise."),
        ),
        LedgerColumn("description", "描述", ("品牌型号", "说明")),
        LedgerColumn(
            "address",
            "所在位置",
            ("位置", "地址", "安装位置", "停放地址"),
            required=True,
            kind=ADDRESS,
            note=ADDRESS_NOTE,
        ),
        LedgerColumn(
            "status",
            "状态",
            kind=CODE,
            choices=_choices("places.models.Item", "Status"),
            note=_("In use if left empty."),
        ),
        LedgerColumn("camera_view", "监控覆盖范围", ("覆盖范围", "监控范围")),
        REGISTERED_ON,
        VERIFIED_ON,
    ),
    defaults={"status": "in_use"},
    example={
        "物品类别": "视频监控",
        "号牌或编号": "SXT-0012",
        "描述": "海康威视 半球",
        "所在位置": "和平街道樱花社区樱花园小区",
        "监控覆盖范围": "小区北门及停车场入口",
        "登记日期": "2022-07-01",
        "核实日期": "2024-03-15",
    },
)

KEY_PEOPLE = DesignationsLedger(
    "key_people",
    _("Key persons ledger"),
    form="residents.forms.KeyPersonDesignationForm",
    columns=(
        PERSON_ID,
        PERSON_NAME,
        LedgerColumn(
            "category",
            "重点人员类别",
            ("类别", "人员类别"),
            required=True,
            kind=CODE,
            choices=_codes("residents.models.KeyPersonCategory"),
        ),
        LedgerColumn(
            "control_level",
            "管控级别",
            ("级别",),
            required=True,
            kind=CODE,
            choices=_choices("residents.models.KeyPersonDesignation", "Level"),
        ),
        LedgerColumn("reason", "列管原因", ("原因", "列管事由"), required=True),
        LedgerColumn("start_date", "列管日期", ("列管时间", "开始日期"), kind=DATE),
        INTERVAL,
        LedgerColumn(
            "responsible_officer",
            "责任民警",
            ("责任人", "管控民警"),
            required=True,
            kind=OFFICER,
            note=_("The name of an officer of the person's beat."),
        ),
    ),
    defaults={"interval_days": 30, "start_date": periods.today},
    example={
        "证件号码": "110105199001011232",
        "姓名": "张三",
        "重点人员类别": "刑满释放人员",
        "管控级别": "二级",
        "列管原因": "2023年刑满释放",
        "列管日期": "2023-06-01",
        "走访周期（天）": "30",
        "责任民警": "李民警",
    },
)

CARE = DesignationsLedger(
    "care",
    _("Care ledger (关爱对象)"),
    form="residents.forms.CareDesignationForm",
    columns=(
        PERSON_ID,
        PERSON_NAME,
        LedgerColumn(
            "category",
            "关爱类别",
            ("类别", "对象类别"),
            required=True,
            kind=CODE,
            choices=_codes("residents.models.CareCategory"),
        ),
        LedgerColumn("reason", "关爱原因", ("原因", "情况说明"), required=True),
        LedgerColumn("start_date", "开始日期", ("登记日期", "开始时间"), kind=DATE),
        INTERVAL,
    ),
    defaults={"interval_days": 30, "start_date": periods.today},
    example={
        "证件号码": "11010519400101123X",
        "姓名": "赵奶奶",
        "关爱类别": "独居老人",
        "关爱原因": "独居，子女在外地",
        "开始日期": "2024-01-01",
        "走访周期（天）": "14",
    },
)

LEDGERS = {
    ledger.code: ledger
    for ledger in (PEOPLE, HOUSES, RENTALS, ORGANIZATIONS, ITEMS, KEY_PEOPLE, CARE)
}
