"""The ledgers of the other registers: houses, rented houses, organisations, items, and
the key-person and care designations. For each, the template downloaded, filled in,
uploaded, imported, and the records read back; then what a second upload of the same
rows does, an update, scope and undo."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledgers.models import Batch, Row
from places.models import House, Item, Organization
from residents.models import CareDesignation, KeyPersonDesignation
from tests.ledgers.test_import import verdicts
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db

BUILDING_A = "樱花社区樱花园小区1号楼"
CREDIT_CODE = "91330900MA2A0B1C2K"


@pytest.fixture(autouse=True)
def _tasks_at_once(eager_tasks, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda work, using=None, robust=False: work())


def filled_template(client, code, rows):
    """The ledger's template as the user downloads it, ``rows`` typed in below the
    example row; (the file, the sheet's headers)."""
    response = client.get(reverse("ledgers:template", args=[code]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        sheet.append([row.get(header) for header in headers])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(f"{code}.xlsx", out.getvalue()), sheet


def import_rows(client, code, rows, *, confirm=()):
    file, _sheet = filled_template(client, code, rows)
    response = client.post(reverse("ledgers:index"), {"ledger": code, "file": file})
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = Batch.objects.latest("pk")
    checked = verdicts(batch)
    client.post(reverse("ledgers:commit", args=[batch.pk]), {"confirm": list(confirm)})
    batch.refresh_from_db()
    return batch, checked


def test_the_houses_ledger_round_trip(login, officer, rooms_a, frozen_now):
    client = login(officer)
    _file, sheet = filled_template(client, "houses", [])
    assert sheet.title == "实有房屋台账"
    assert any("B4" in str(rule.sqref) for rule in sheet.data_validations.dataValidation)
    rows = [
        {
            "房屋地址": "樱花社区樱花园小区1栋1单元１０２",  # the usual variants of 号楼 and 室
            "房屋用途": "自住",
            "房主姓名": "刘洋",
            "房主证件号码": resident_id(birth="19700101", sequence="301"),
            "房主电话": "13900002222",
            "建筑面积": "89.5",
            "房间数": "3",
            "登记日期": "2018-09-01",
            "核实日期": "2024-03-15",
        }
    ]
    batch, checked = import_rows(client, "houses", rows)
    assert checked == {4: (Row.Action.CREATE, [])}
    house = House.objects.get(address=rooms_a[1])
    assert house.use.code == "owner" and house.owner_name == "刘洋"
    assert str(house.area) == "89.50" and house.room_count == 3
    assert house.registered_on == datetime.date(2018, 9, 1)
    assert house.verified_at.date() == datetime.date(2024, 3, 15)
    assert house.states.get().valid_from == datetime.date(2018, 9, 1)

    # The same rows again change nothing; a new owner's phone is offered as an update.
    again, checked = import_rows(client, "houses", rows)
    assert checked == {4: (Row.Action.SKIP, [])}
    rows[0]["房主电话"] = "13900003333"
    update, checked = import_rows(client, "houses", rows)
    assert checked[4][0] == Row.Action.UPDATE
    assert update.rows.get().changes == {"产权人电话": ["13900002222", "13900003333"]}
    house.refresh_from_db()
    assert house.owner_phone == "13900002222"  # not ticked: left as it was


def test_the_rentals_ledger_registers_rented_houses_with_their_tenants(
    login, officer, rooms_a, frozen_now
):
    client = login(officer)
    rows = [
        {
            "出租房屋地址": BUILDING_A + "1单元201室",
            "房主姓名": "李强",
            "出租人联系方式": "13900139000",
            "承租人数": "2",
            "租赁合同到期日": "2027-06-30",
            "登记日期": "2023-01-10",
        },
        {"出租房屋地址": BUILDING_A + "1单元101室", "房主姓名": "赵六"},  # no tenants given
    ]
    batch, checked = import_rows(client, "rentals", rows)
    assert checked[4] == (Row.Action.CREATE, [])
    assert checked[5] == (Row.Action.REJECT, ["出租房屋须填写承租人数。"])
    house = House.objects.get(address=rooms_a[2])
    assert house.use.code == "rented" and house.declared_tenants == 2
    assert house.tenant_count == 2 and house.contract_end == datetime.date(2027, 6, 30)
    assert not House.objects.filter(address=rooms_a[0]).exists()


def test_the_organisations_ledger_round_trip(login, officer, building_a, frozen_now):
    client = login(officer)
    rows = [
        {
            "单位名称": "樱花 超市",
            "统一社会信用代码": CREDIT_CODE.lower(),
            "单位类别": "个体工商户",
            "是否重点单位": "是",
            "重点原因": "人员密集",
            "单位地址": "樱花社区樱花园小区1号楼",
            "治安负责人": "周敏",
            "治安负责人电话": "13700137000",
            "从业人数": "6",
            "最近检查日期": "2024-02-01",
            "检查结果": "合格",
            "登记日期": "2021-04-01",
        },
        {
            "单位名称": "无照小店",
            "单位类别": "个体工商户",
            "单位地址": "樱花社区",
            "是否重点单位": "是",
        },
        {
            "单位名称": "错码公司",
            "统一社会信用代码": "91330900MA2A0B1C2D",
            "单位类别": "企业",
            "单位地址": "樱花社区",
        },
    ]
    batch, checked = import_rows(client, "organizations", rows)
    assert checked[4] == (Row.Action.CREATE, [])
    assert checked[5] == (Row.Action.REJECT, ["请填写列为重点单位的原因。"])
    assert checked[6][0] == Row.Action.REJECT
    assert batch.rows.get(number=6).errors[0]["column"] == "统一社会信用代码"
    shop = Organization.objects.get(credit_code=CREDIT_CODE)
    assert shop.name == "樱花 超市" and shop.is_key_unit and shop.key_reason == "人员密集"
    assert shop.address == building_a and shop.beat == building_a.beat
    assert shop.employee_count == 6 and shop.inspection_result == "passed"
    assert shop.registered_on == datetime.date(2021, 4, 1)
    again, checked = import_rows(client, "organizations", rows[:1])
    assert checked == {4: (Row.Action.SKIP, [])}


def test_an_organisation_of_another_station_is_refused_without_showing_it(
    login, officer, building_a, organization_c, frozen_now
):
    organization_c.credit_code = CREDIT_CODE
    organization_c.save()
    client = login(officer)
    rows = [
        {
            "单位名称": "樱花超市",
            "统一社会信用代码": CREDIT_CODE,
            "单位类别": "企业",
            "单位地址": "樱花社区樱花园小区",
        }
    ]
    batch, checked = import_rows(client, "organizations", rows)
    assert checked[4][0] == Row.Action.REJECT
    assert "东湖" not in str(checked[4][1])
    assert Organization.objects.filter(credit_code=CREDIT_CODE).count() == 1


def test_the_items_ledger_round_trip(login, officer, building_a, rooms_a, frozen_now):
    client = login(officer)
    rows = [
        {
            "物品类别": "机动车",
            "号牌或编号": "浙f 12345",
            "描述": "白色轿车",
            "所在位置": BUILDING_A,
            "登记日期": "2022-07-01",
            "核实日期": "2024-03-15",
        },
        {
            "物品类别": "视频监控",
            "号牌或编号": "SXT-0012",
            "所在位置": "樱花社区樱花园小区",
            "监控覆盖范围": "小区北门",
        },
        {
            "物品类别": "电动自行车",
            "号牌或编号": "0571-123",
            "所在位置": BUILDING_A + "1单元101室",
            "状态": "丢失",
        },
        {"物品类别": "视频监控", "所在位置": "樱花社区樱花园小区"},  # what does it cover?
        {"物品类别": "机动车", "号牌或编号": "12345", "所在位置": BUILDING_A},
    ]
    batch, checked = import_rows(client, "items", rows)
    assert [checked[n][0] for n in (4, 5, 6)] == [Row.Action.CREATE] * 3
    assert checked[7] == (Row.Action.REJECT, ["请填写监控覆盖的范围。"])
    assert checked[8][0] == Row.Action.REJECT and "号牌号码" in checked[8][1][0]
    car = Item.objects.get(kind__code="vehicle")
    assert car.identifier == "浙F12345" and car.address == building_a
    assert car.registered_on == datetime.date(2022, 7, 1)
    assert car.verified_at.date() == datetime.date(2024, 3, 15)
    assert Item.objects.get(kind__code="ebike").status == Item.Status.LOST
    again, checked = import_rows(client, "items", rows[:3])
    assert {action for action, _errors in checked.values()} == {Row.Action.SKIP}


def test_the_key_people_ledger_designates_registered_people(
    login, officer, person_a, house_c, frozen_now
):
    from residents.models import Person

    stranger = Person.objects.create(
        name="外所人",
        gender="M",
        birth_date=datetime.date(1980, 1, 1),
        id_number=resident_id(birth="19800101", sequence="555"),
        category="registered",
        house=house_c,
        beat=house_c.beat,
    )
    client = login(officer)
    rows = [
        {
            "证件号码": person_a.id_number,
            "姓名": person_a.name,
            "重点人员类别": "刑满释放人员",
            "管控级别": "二级",
            "列管原因": "2023年刑满释放",
            "列管日期": "2023-06-01",
            "走访周期（天）": "15",
            "责任民警": officer.full_name,
        },
        {
            "证件号码": stranger.id_number,
            "重点人员类别": "吸毒人员",
            "管控级别": "三级",
            "列管原因": "社区戒毒",
            "责任民警": officer.full_name,
        },
        {
            "证件号码": person_a.id_number,
            "姓名": "别人",
            "重点人员类别": "吸毒人员",
            "管控级别": "三级",
            "列管原因": "社区戒毒",
            "责任民警": officer.full_name,
        },
        {
            "证件号码": person_a.id_number,
            "重点人员类别": "吸毒人员",
            "管控级别": "三级",
            "列管原因": "社区戒毒",
            "责任民警": "不认识的人",
        },
    ]
    batch, checked = import_rows(client, "key_people", rows)
    assert checked[4] == (Row.Action.CREATE, [])
    assert checked[5][0] == Row.Action.REJECT and "外所人" not in str(checked[5][1])
    assert checked[6] == (Row.Action.REJECT, [f"该证件号码登记的人员是{person_a.name}。"])
    assert (
        checked[7][0] == Row.Action.REJECT
        and batch.rows.get(number=7).errors[0]["column"] == "责任民警"
    )
    designation = KeyPersonDesignation.objects.get()
    assert designation.person == person_a and designation.category.code == "released"
    assert designation.control_level == 2 and designation.interval_days == 15
    assert designation.start_date == datetime.date(2023, 6, 1)
    assert designation.responsible_officer == officer

    again, checked = import_rows(client, "key_people", rows[:1])
    assert checked == {4: (Row.Action.SKIP, [])}


def test_the_care_ledger_import_is_undone(login, officer, chief, person_a, frozen_now):
    client = login(officer)
    rows = [
        {
            "证件号码": person_a.id_number,
            "关爱类别": "独居老人",
            "关爱原因": "独居",
            "开始日期": "2024-01-01",
        }
    ]
    batch, checked = import_rows(client, "care", rows)
    assert checked == {4: (Row.Action.CREATE, [])}
    care = CareDesignation.objects.get()
    assert care.interval_days == 30 and care.start_date == datetime.date(2024, 1, 1)

    # A follow-up recorded since is a later change: undo names it and refuses.
    care.last_followup = datetime.date(2024, 2, 1)
    care.save()
    chief_client = login(chief)
    response = chief_client.post(reverse("ledgers:undo", args=[batch.pk]), follow=True)
    assert CareDesignation.objects.exists()
    assert person_a.get_absolute_url() in response.content.decode()
    care.last_followup = None
    care.save()
    chief_client.post(reverse("ledgers:undo", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Batch.Status.UNDONE and not CareDesignation.objects.exists()


def test_rows_of_places_outside_the_users_beats_are_refused(
    login, officer, rooms_a, room_c, frozen_now
):
    client = login(officer)
    rows = [
        {"房屋地址": "东湖社区东湖花园1号楼1单元101室", "房屋用途": "自住"},
        {"物品类别": "视频监控", "所在位置": "东湖社区东湖花园", "监控覆盖范围": "大门"},
    ]
    batch, checked = import_rows(client, "houses", rows[:1])
    assert checked[4][0] == Row.Action.REJECT and "辖区内没有" in checked[4][1][0]
    batch, checked = import_rows(client, "items", rows[1:])
    assert checked[4][0] == Row.Action.REJECT and "辖区内没有" in checked[4][1][0]
    assert not House.objects.filter(address=room_c).exists() and not Item.objects.exists()


def test_missing_rooms_and_buildings_are_added_under_the_users_beats_only_when_allowed(
    login, officer, rooms_a, room_c, frozen_now
):
    from places.models import Address

    client = login(officer)
    rows = [
        {"房屋地址": BUILDING_A + "1单元301室", "房屋用途": "自住"},
        {"房屋地址": "樱花社区樱花园小区2栋1单元101", "房屋用途": "出租", "承租人数": "3"},
        {"房屋地址": "东湖社区东湖花园3号楼1单元101室", "房屋用途": "自住"},  # another station
        {"房屋地址": BUILDING_A + "2单元101室", "房屋用途": "不知道"},  # refused for its use
    ]
    counted = Address.objects.count()

    # Not allowed: every address the tree lacks is reported.
    file, _sheet = filled_template(client, "houses", rows)
    client.post(reverse("ledgers:index"), {"ledger": "houses", "file": file})
    refused = verdicts(Batch.objects.latest("pk"))
    assert {action for action, _errors in refused.values()} == {Row.Action.REJECT}

    file, _sheet = filled_template(client, "houses", rows)
    client.post(
        reverse("ledgers:index"), {"ledger": "houses", "file": file, "make_addresses": "on"}
    )
    batch = Batch.objects.latest("pk")
    checked = verdicts(batch)
    assert checked[4] == (Row.Action.CREATE, [])
    full = "示范市和平区和平街道" + BUILDING_A
    assert batch.rows.get(number=4).notes == [f"将在标准地址库中新增{full}1单元301室。"]
    assert checked[5] == (Row.Action.CREATE, [])
    assert checked[6][0] == Row.Action.REJECT and "辖区内没有" in checked[6][1][0]
    assert checked[7][0] == Row.Action.REJECT
    assert Address.objects.count() == counted  # the dry run adds nothing

    page = client.get(batch.get_absolute_url()).content.decode()
    assert f"将在标准地址库中新增{full}1单元301室。" in page
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    room = Address.objects.get(full_name__endswith="樱花园小区1号楼1单元301室")
    assert room.level == Address.Level.ROOM and room.beat == rooms_a[0].beat
    assert House.objects.get(address=room).use.code == "owner"
    added = Address.objects.get(full_name__endswith="樱花园小区2号楼1单元101室")
    assert added.parent_address().parent_address().name == "2号楼"
    assert House.objects.get(address=added).declared_tenants == 3
    # Only the imported rows' addresses were added: not those of the refused rows.
    assert Address.objects.count() == counted + 4
