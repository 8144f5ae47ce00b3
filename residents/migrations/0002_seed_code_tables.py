"""Default code tables: ethnic groups (GB/T 3304), key-person and care categories."""

from django.db import migrations

ETHNIC_GROUPS = (
    "汉族 Han|蒙古族 Mongol|回族 Hui|藏族 Tibetan|维吾尔族 Uyghur|苗族 Miao|彝族 Yi|壮族 Zhuang|"
    "布依族 Buyei|朝鲜族 Korean|满族 Manchu|侗族 Dong|瑶族 Yao|白族 Bai|土家族 Tujia|哈尼族 Hani|"
    "哈萨克族 Kazakh|傣族 Dai|黎族 Li|傈僳族 Lisu|佤族 Va|畲族 She|高山族 Gaoshan|拉祜族 Lahu|"
    "水族 Sui|东乡族 Dongxiang|纳西族 Nakhi|景颇族 Jingpo|柯尔克孜族 Kyrgyz|土族 Tu|达斡尔族 Daur|"
    "仫佬族 Mulao|羌族 Qiang|布朗族 Blang|撒拉族 Salar|毛南族 Maonan|仡佬族 Gelao|锡伯族 Xibe|"
    "阿昌族 Achang|普米族 Pumi|塔吉克族 Tajik|怒族 Nu|乌孜别克族 Uzbek|俄罗斯族 Russian|"
    "鄂温克族 Evenki|德昂族 De'ang|保安族 Bonan|裕固族 Yugur|京族 Gin|塔塔尔族 Tatar|独龙族 Derung|"
    "鄂伦春族 Oroqen|赫哲族 Hezhen|门巴族 Monba|珞巴族 Lhoba|基诺族 Jino"
).split("|")
OTHER_GROUPS = [("97", "其他", "Other"), ("98", "外国血统", "Of foreign origin")]

KEY_PERSON_CATEGORIES = [
    ("released", "刑满释放人员", "Released prisoner"),
    ("corrections", "社区矫正人员", "Under community correction"),
    ("drugs", "吸毒人员", "Drug user"),
    ("mental", "肇事肇祸严重精神障碍患者", "Severe mental disorder with risk of harm"),
    ("petition", "重点上访人员", "Persistent petitioner"),
    ("other", "其他", "Other"),
]

CARE_CATEGORIES = [
    ("elderly_alone", "独居老人", "Elderly living alone"),
    ("left_behind", "留守儿童", "Left-behind child"),
    ("disabled", "残疾人", "Person with disability"),
    ("hardship", "困境家庭", "Family in hardship"),
    ("other", "其他", "Other"),
]


def seed(apps, schema_editor):
    Ethnicity = apps.get_model("residents", "Ethnicity")
    for number, entry in enumerate(ETHNIC_GROUPS, start=1):
        name, name_en = entry.split(" ", 1)
        Ethnicity.objects.get_or_create(
            code=f"{number:02d}", defaults={"name": name, "name_en": name_en, "sort_order": number}
        )
    for code, name, name_en in OTHER_GROUPS:
        Ethnicity.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": int(code)}
        )
    for model_name, rows in [
        ("KeyPersonCategory", KEY_PERSON_CATEGORIES),
        ("CareCategory", CARE_CATEGORIES),
    ]:
        model = apps.get_model("residents", model_name)
        for order, (code, name, name_en) in enumerate(rows):
            model.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
