"""A ledger comes in as an officer brings it, on a phone: officer1 downloads the resident
population template, fills two people in (one with an impossible 登记日期), uploads it,
imports the row that passed, downloads the rejected row with its 错误原因, corrects it
and uploads it again, imports it, finds both people with the ledger's own dates, and
undoes the second import."""

import datetime
import io

import openpyxl
import pytest

from communitypolice.accounts.models import User
from places.models import House
from residents.models import Person
from tests.e2e import browser as b
from tests.residents.fixtures import resident_id

pytestmark = pytest.mark.e2e


def upload(page, site, path):
    b.visit(page, f"{site}/ledgers/")
    page.select_option("#id_ledger", value="people")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并检查").click()
    page.wait_for_function("() => !document.querySelector('#batch-progress')")


def import_checked(page):
    with page.expect_navigation():
        page.locator("#commit-form button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('#batch-progress')")


def test_an_officer_imports_corrects_and_undoes_a_ledger(site, new_page, eager_tasks, tmp_path):
    officer = User.objects.get(username="officer1")
    house = (
        House.objects.visible_to(officer).active().select_related("address").order_by("pk").first()
    )
    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    b.visit(page, f"{site}/ledgers/")
    assert b.overflow_problems(page) == [] and b.axe_problems(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="实有人口台账").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    people = [
        {
            "姓名": "台账甲",
            "证件号码": resident_id(birth="19900101", sequence="901"),
            "人口类别": "户籍人口",
            "现住址": house.address.full_name,
            "登记日期": "2018-05-06",
        },
        {
            "姓名": "台账乙",
            "证件号码": resident_id(birth="19910202", sequence="902"),
            "人口类别": "户籍人口",
            "现住址": house.address.full_name,
            "登记日期": "2019-02-30",
        },
    ]
    for person in people:
        sheet.append([person.get(header) for header in headers])
    ledger = tmp_path / "和平街台账.xlsx"
    book.save(ledger)

    upload(page, site, ledger)
    main = page.locator("main").inner_text()
    assert "日期格式不对" in main and "2019-02-30" in main
    assert b.overflow_problems(page) == [] and b.axe_problems(page) == []
    import_checked(page)
    assert Person.objects.get(name="台账甲").registered_on == datetime.date(2018, 5, 6)
    assert not Person.objects.filter(name="台账乙").exists()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载不通过的行，修改后重新上传").click()
    rejected = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = rejected.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-1] == "错误原因" and "登记日期" in sheet.cell(2, len(headers)).value
    sheet.cell(2, headers.index("登记日期") + 1, "2019-02-28")
    corrected = tmp_path / "和平街台账_修改.xlsx"
    rejected.save(corrected)

    upload(page, site, corrected)
    import_checked(page)
    second = Person.objects.get(name="台账乙")
    assert second.registered_on == datetime.date(2019, 2, 28)
    batch_url = page.url

    b.visit(page, f"{site}{second.get_absolute_url()}")
    assert "2019-02-28" in page.locator("main").inner_text()

    b.visit(page, batch_url)
    with page.expect_navigation():
        page.get_by_role("button", name="撤销本次导入").click()
    assert "本次导入已撤销" in page.locator("main").inner_text()
    assert not Person.objects.filter(name="台账乙").exists()
    assert Person.objects.filter(name="台账甲").exists()
