"""The default code tables: house uses, organisation types and item kinds.

Administrators edit them afterwards; rules in code refer to the stable codes
(``rented``, ``camera``, ``vehicle``)."""

from django.db import migrations

HOUSE_USES = [
    # code, name, English, colour on the building grid
    ("owner", "自住", "Owner-occupied", "primary"),
    ("rented", "出租", "Rented", "warning"),
    ("vacant", "空置", "Vacant", "secondary"),
    ("business", "经营", "Business", "success"),
    ("other", "其他", "Other", "info"),
]

ORGANIZATION_TYPES = [
    ("enterprise", "企业", "Enterprise"),
    ("individual", "个体工商户", "Individual business"),
    ("school", "学校", "School"),
    ("hospital", "医院", "Hospital"),
    ("hotel", "宾馆旅馆", "Hotel"),
    ("internet_cafe", "网吧", "Internet café"),
    ("entertainment", "娱乐场所", "Entertainment venue"),
    ("finance", "金融机构", "Financial institution"),
    ("petrol", "加油站", "Petrol station"),
    ("logistics", "物流寄递", "Logistics and delivery"),
    ("government", "机关团体", "Government or association"),
    ("other", "其他", "Other"),
]

ITEM_KINDS = [
    # code, name, English, identifier rule
    ("vehicle", "机动车", "Motor vehicle", "plate"),
    ("ebike", "电动自行车", "E-bike", ""),
    ("camera", "视频监控", "Surveillance camera", ""),
    ("hazmat", "危险物品", "Dangerous goods", ""),
    ("dog", "犬只", "Dog", ""),
    ("other", "其他", "Other", ""),
]


def seed(apps, schema_editor):
    HouseUse = apps.get_model("places", "HouseUse")
    OrganizationType = apps.get_model("places", "OrganizationType")
    ItemKind = apps.get_model("places", "ItemKind")
    for order, (code, name, name_en, colour) in enumerate(HOUSE_USES):
        HouseUse.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "colour": colour, "sort_order": order},
        )
    for order, (code, name, name_en) in enumerate(ORGANIZATION_TYPES):
        OrganizationType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
    for order, (code, name, name_en, rule) in enumerate(ITEM_KINDS):
        ItemKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "identifier_rule": rule, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
