"""Ledger import of the resident population: the template round trip, the dry run's
verdicts row by row (the page form's own messages), duplicates, bad files, the rejected
rows' workbook, undo and scope."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledgers import services
from ledgers.columns import PEOPLE
from ledgers.models import Batch, Row
from residents.models import Person
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.django_db

HOUSE_A = "樱花社区樱花园小区1号楼1单元101室"


def person_row(name="李四", *, sequence="201", birth="19900101", **cells):
    return {
        "姓名": name,
        "证件号码": resident_id(birth=birth, sequence=sequence),
        "人口类别": "户籍人口",
        "现住址": HOUSE_A,
        "联系电话": "13900001111",
        "登记日期": "2019-06-01",
        **cells,
    }


def workbook(rows, *, headers=None, from_template=True, name="台账.xlsx"):
    """A filled ledger: the template downloaded (its notes and example rows kept) with
    ``rows`` below, or a plain sheet with ``headers``."""
    if from_template:
        from ledgers.workbooks import template

        book = openpyxl.load_workbook(io.BytesIO(template(PEOPLE)))
        sheet = book.worksheets[0]
        headers = [cell.value for cell in sheet[1]]
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture(autouse=True)
def _tasks_at_once(eager_tasks, monkeypatch):
    """The check and the import run as tasks once the request's transaction commits: here
    at once, in the test."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda work, using=None, robust=False: work())


def upload(client, file, ledger="people"):
    return client.post(reverse("ledgers:index"), {"ledger": ledger, "file": file})


def checked(client, file):
    response = upload(client, file)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Batch.objects.latest("pk")


def verdicts(batch):
    return {
        row.number: (row.action, [e["message"] for e in row.errors]) for row in batch.rows.all()
    }


def test_the_template_round_trip_keeps_the_sheets_dates(login, officer, house_a):
    client = login(officer)
    template = client.get(reverse("ledgers:template", args=["people"]))
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert sheet.title == "实有人口台账"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["姓名", "曾用名", "证件类型", "证件号码"]
    assert any(v.sqref and "C4" in str(v.sqref) for v in sheet.data_validations.dataValidation)

    rows = [
        person_row("李四", 核实日期="2024-03-15", 民族="汉族", 性别="男"),
        person_row(
            "王五", sequence="202", birth="19920202", 人口类别="流动人口", 来本地日期="2021-04-01"
        ),
    ]
    batch = checked(client, workbook(rows))
    assert batch.rows_total == 2  # the template's notes and example rows are not records
    assert batch.rows_created == 2, verdicts(batch)
    assert not Person.objects.filter(name__in=["李四", "王五"]).exists()  # a dry run saves nothing

    response = client.post(reverse("ledgers:commit", args=[batch.pk]))
    assert response.status_code == 302
    li = Person.objects.get(name="李四")
    assert li.house == house_a and li.beat == house_a.beat
    assert li.registered_on == datetime.date(2019, 6, 1)
    assert li.gender == "M" and li.birth_date == datetime.date(1990, 1, 1)
    assert li.ethnicity.name == "汉族"
    assert li.verified_at.date() == datetime.date(2024, 3, 15)
    assert li.states.get().valid_from == datetime.date(2019, 6, 1)  # the dated history
    wang = Person.objects.get(name="王五")
    assert wang.category == Person.Category.FLOATING
    assert wang.arrival_date == datetime.date(2021, 4, 1)
    assert wang.verified_at is None  # no 核实日期: not checked
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMMITTED and batch.rows_created == 2


def test_every_bad_row_is_rejected_with_the_forms_reason_and_nothing_is_saved(
    login, officer, house_a, house_c
):
    good = person_row("合格")
    bad_digit = person_row("校验位", sequence="203")
    bad_digit["证件号码"] = bad_digit["证件号码"][:-1] + (
        "0" if bad_digit["证件号码"][-1] != "0" else "1"
    )
    rows = [
        good,
        bad_digit,
        person_row("日期", sequence="204", 登记日期="2019-02-30"),
        person_row("代码", sequence="205", 人口类别="常住人口"),
        person_row("别处", sequence="206", 现住址="东湖社区东湖花园1号楼1单元101室"),
        person_row("重复", sequence="201"),  # the same ID number as the first row
        person_row("", sequence="207"),
    ]
    batch = checked(login(officer), workbook(rows))
    found = verdicts(batch)
    assert found[4] == ("create", [])
    assert found[5][0] == "reject" and "校验" in " ".join(found[5][1])
    assert found[6] == ("reject", ["日期格式不对：请写成 2024-03-15。"])
    assert found[7] == ("reject", ["不是可选的代码值。"])
    assert found[8][0] == "reject" and "辖区内没有" in found[8][1][0]
    assert found[9] == ("reject", ["文件第 4 行已有相同的证件号码。"])
    assert found[10][0] == "reject" and "这个字段是必填项" in " ".join(found[10][1])
    assert Person.objects.count() == 0

    errors = login(officer).get(reverse("ledgers:rejected", args=[batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(errors.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-1] == "错误原因"
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["校验位", "日期", "代码", "别处", "重复", None]
    date_row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "日期")
    date_cell = date_row[headers.index("登记日期")]
    assert date_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "登记日期" in date_row[-1].value


def test_a_registered_id_number_is_offered_as_an_update_and_never_overwritten_silently(
    login, officer, house_a, person_a
):
    row = person_row(person_a.name, 联系电话="13700002222")
    row["证件号码"] = person_a.id_number
    client = login(officer)
    batch = checked(client, workbook([row]))
    offered = batch.rows.get()
    assert offered.action == Row.Action.UPDATE
    assert offered.changes["电话"] == ["13812345678", "13700002222"]

    client.post(reverse("ledgers:commit", args=[batch.pk]))  # not ticked: left as it is
    person_a.refresh_from_db()
    assert person_a.phone == "13812345678"

    batch = checked(client, workbook([row]))
    client.post(reverse("ledgers:commit", args=[batch.pk]), {"confirm": [batch.rows.get().pk]})
    person_a.refresh_from_db()
    assert person_a.phone == "13700002222"

    again = checked(client, workbook([row]))  # the same file once more: nothing to change
    assert again.rows.get().action == Row.Action.SKIP


def test_someone_registered_in_another_station_is_reported_without_the_record(
    login, officer, house_a, person_c
):
    row = person_row("外所")
    row["证件号码"] = person_c.id_number
    batch = checked(login(officer), workbook([row]))
    verdict = batch.rows.get()
    assert verdict.action == Row.Action.REJECT
    text = " ".join(e["message"] for e in verdict.errors)
    assert "已在" in text or "登记" in text
    assert person_c.id_number not in text  # masked, as the register's own page says it
    assert "110105********" in text and "已在其他派出所登记。" in text
    # The page offers to ask for the move in, as the register's own form does.
    link = verdict.errors[0]["link"]
    assert link.startswith(reverse("residents:move_create"))
    page = login(officer).get(verdict.batch.get_absolute_url()).content.decode()
    assert "申请迁入" in page


def test_undo_removes_what_the_import_created_until_a_record_is_changed(login, officer, house_a):
    client = login(officer)
    batch = checked(client, workbook([person_row("甲"), person_row("乙", sequence="208")]))
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    changed = Person.objects.get(name="乙")
    changed.occupation = "教师"
    changed.save()
    response = client.post(reverse("ledgers:undo", args=[batch.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(name__in=["甲", "乙"]).count() == 2  # blocked by row 5
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "第 5 行" in page

    other = checked(client, workbook([person_row("丙", sequence="209")]))
    client.post(reverse("ledgers:commit", args=[other.pk]))
    client.post(reverse("ledgers:undo", args=[other.pk]))
    assert not Person.objects.filter(name="丙").exists()
    other.refresh_from_db()
    assert other.status == Batch.Status.UNDONE


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text", "notes.txt", "不是电子表格"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "locked.xlsx", "加密"),
        (b"PK\x03\x04broken", "broken.xlsx", "无法读取"),
        (b"", "empty.csv", "所提交的是空文件"),
    ],
)
def test_a_file_that_is_not_a_ledger_gets_a_clear_message(login, officer, content, name, message):
    response = upload(login(officer), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Batch.objects.exists()


def test_an_empty_sheet_merged_headers_and_too_many_rows_are_refused(
    login, officer, house_a, settings
):
    client = login(officer)
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    assert (
        "表格是空的"
        in upload(client, SimpleUploadedFile("e.xlsx", out.getvalue())).content.decode()
    )

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "证件号码", "人口类别", "现住址"])
    sheet.merge_cells("C1:D1")
    out = io.BytesIO()
    book.save(out)
    assert "合并" in upload(client, SimpleUploadedFile("m.xlsx", out.getvalue())).content.decode()

    settings.LEDGER_MAX_ROWS = 1
    rows = [person_row("一"), person_row("二", sequence="210")]
    assert "行数超过" in upload(client, workbook(rows)).content.decode()
    assert not Batch.objects.exists()


def test_a_missing_required_column_is_named_and_nothing_can_be_imported(login, officer, house_a):
    client = login(officer)
    file = workbook(
        [{"姓名": "甲", "人口类别": "户籍人口"}], headers=["姓名", "人口类别"], from_template=False
    )
    batch = checked(client, file)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "证件号码" in page and "现住址" in page
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    assert not Person.objects.exists()


def test_other_ledgers_headers_and_a_gbk_csv_are_read(login, officer, house_a):
    headers = ["人员姓名", "公民身份号码", "人员类别", "居住地址", "登记时间"]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerow(
        [
            "赵六",
            resident_id(birth="19800808", sequence="211"),
            "户籍人口",
            "樱花园小区1栋1单元101",
            "2018/3/9",
        ]
    )
    file = SimpleUploadedFile("ledger.csv", text.getvalue().encode("gbk"))
    client = login(officer)
    batch = checked(client, file)
    assert batch.mapping == {
        "人员姓名": "name",
        "公民身份号码": "id_number",
        "人员类别": "category",
        "居住地址": "house",
        "登记时间": "registered_on",
    }
    assert verdicts(batch) == {2: ("create", [])}
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    assert Person.objects.get(name="赵六").registered_on == datetime.date(2018, 3, 9)


def test_an_import_is_its_uploaders_and_their_chiefs_only(
    login, officer, colleague, chief, other_chief, house_a
):
    batch = checked(login(officer), workbook([person_row()]))
    assert login(colleague).get(batch.get_absolute_url()).status_code == 404
    assert login(other_chief).get(batch.get_absolute_url()).status_code == 404
    assert login(chief).get(batch.get_absolute_url()).status_code == 200


def test_an_import_leaves_audit_rows_for_the_batch_and_every_record(login, officer, chief, house_a):
    from auditlog.models import LogEntry

    client = login(officer)
    batch = checked(client, workbook([person_row("审计甲"), person_row("审计乙", sequence="212")]))
    client.post(reverse("ledgers:commit", args=[batch.pk]))
    entries = LogEntry.objects.get_for_object(batch)
    assert {entry.actor for entry in entries} == {officer}
    created = next(e for e in entries if e.action == LogEntry.Action.CREATE)
    assert created.changes_dict["sha256"][1] == batch.sha256
    assert created.changes_dict["file_name"][1] == "台账.xlsx"
    committed = next(e for e in entries if "status" in e.changes_dict)
    assert committed.changes_dict["status"][1] == "committed"
    people = Person.objects.filter(name__in=["审计甲", "审计乙"])
    for person in people:
        assert (
            LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE).actor
            == officer
        )
    trail = login(chief).get(reverse("audit:log")).content.decode()
    assert "导入批次" in trail and "审计甲" in trail


def test_a_long_check_shows_how_far_it_has_got_and_a_failure_says_why(
    login, officer, house_a, monkeypatch
):
    client = login(officer)
    monkeypatch.setattr(services, "check", lambda batch, user: batch)  # a worker still busy
    batch = checked(client, workbook([person_row("甲"), person_row("乙", sequence="213")]))
    assert batch.status == Batch.Status.CHECKING and batch.rows_total == 2
    Batch.objects.filter(pk=batch.pk).update(done_rows=1)
    fragment = client.get(reverse("ledgers:batch_status", args=[batch.pk])).content.decode()
    assert 'aria-valuenow="50"' in fragment and "第 1 行，共 2 行" in fragment

    def broken(batch, user):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(services, "check", broken)
    from ledgers.tasks import check_batch

    assert check_batch(batch.pk) == "failed"
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "导入中止" in page and "数据库连接中断" in page
    done = client.get(reverse("ledgers:batch_status", args=[batch.pk]))
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_the_administrators_command_checks_and_imports_with_the_same_report(
    officer, house_a, tmp_path
):
    from django.core.management import call_command

    good = tmp_path / "station_a.xlsx"
    good.write_bytes(
        workbook(
            [person_row("命令甲"), person_row("命令乙", sequence="214", 人口类别="常住")]
        ).read()
    )
    not_a_ledger = tmp_path / "notes.txt"
    not_a_ledger.write_text("hello")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception, match="could not be read"):
        call_command(
            "import_ledger",
            "people",
            officer.username,
            str(good),
            str(not_a_ledger),
            "--commit",
            stdout=out,
            stderr=err,
        )
    report = out.getvalue()
    assert "共 2 行，新增 1" in report and "不通过 1" in report
    assert "第 5 行 人口类别“常住”：不是可选的代码值。" in report
    assert "不是电子表格" in err.getvalue()
    assert Person.objects.filter(name="命令甲").exists()
    assert not Person.objects.filter(name="命令乙").exists()


def test_a_look_alike_of_someone_registered_is_flagged_and_imported_only_when_confirmed(
    login, officer, house_a, person_a
):
    # 张三, born 1985-03-15 like person A, with another ID number; and a phone A has.
    twin = person_row(person_a.name, sequence="215", birth="19850315")
    same_phone = person_row("另一人", sequence="216", 联系电话=person_a.phone)
    plain = person_row("无关", sequence="217", 联系电话="13600000000")
    client = login(officer)
    batch = checked(client, workbook([twin, same_phone, plain]))
    warned = {row.number: row.warnings for row in batch.rows.all()}
    assert warned[4] == [
        f"张三，出生日期相同，已有登记（{person_a.id_number[:6]}********{person_a.id_number[-4:]}）。"
    ]
    assert "电话相同" in warned[5][0] and warned[6] == []
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "登记为新人员" in page
    row_4 = batch.rows.get(number=4)
    client.post(reverse("ledgers:commit", args=[batch.pk]), {"confirm": [row_4.pk]})
    assert Person.objects.filter(name=person_a.name).count() == 2  # confirmed
    assert not Person.objects.filter(name="另一人").exists()  # not ticked: left out
    assert Person.objects.filter(name="无关").exists()


def test_an_update_that_the_form_refuses_for_a_field_without_a_column_names_that_field(
    login, officer, house_a, person_a, organization_c
):
    """A person whose employer is outside the officer's beats (an organisation of station
    B, set by someone who could) cannot be saved by the officer's form: the row says so,
    by the field's label, and nothing breaks."""
    Person.objects.filter(pk=person_a.pk).update(employer=organization_c)
    row = person_row(person_a.name, 联系电话="13700002222")
    row["证件号码"] = person_a.id_number
    batch = checked(login(officer), workbook([row]))
    verdict = batch.rows.get()
    assert verdict.action == Row.Action.REJECT
    assert [error["column"] for error in verdict.errors] == ["服务处所"]


def test_the_rejected_rows_workbook_shows_a_formula_as_text(login, officer, house_a):
    client = login(officer)
    row = person_row("+SUM(1,2)", 联系电话="@SUM(A1)")
    row["证件号码"] = "123"
    batch = checked(client, workbook([row]))
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("ledgers:rejected", args=[batch.pk])).content)
    )
    values = [cell.value for cell in book.worksheets[0][2] if isinstance(cell.value, str)]
    assert "'+SUM(1,2)" in values and "'@SUM(A1)" in values
    assert not any(value.startswith(("=", "@", "+")) for value in values)
