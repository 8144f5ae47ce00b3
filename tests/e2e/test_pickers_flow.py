"""Issue 14 as a user tries it: officer1, on a phone, adds a registered person to an
incident out of the beat's hundreds of residents by typing an initial, then the name;
the matches tell namesakes apart (masked ID, the whole address), ask for more letters
when there are too many, Enter does not send the form half filled in, and every choice
is a thumb's width high."""

from collections import Counter

import pytest

from communitypolice.core.templatetags.masking import mask_id
from incidents.models import Incident
from residents.models import Person
from tests.e2e import browser as b

pytestmark = pytest.mark.e2e

BEAT = "330102510001"  # officer1's beat

TOO_SMALL = """
els => els.filter(el => el.getBoundingClientRect().height < 44).map(el => el.outerHTML)
"""


def test_an_officer_picks_a_party_among_the_station_residents(site, new_page):
    incident = Incident.objects.filter(beat__code=BEAT).order_by("pk").first()
    people = Person.objects.living().filter(beat__code=BEAT).select_related("house__address")
    initial, count = Counter(person.name_initials[0] for person in people).most_common(1)[0]
    assert count > 20
    person = next(p for p in people.order_by("pk") if p.name_initials.startswith(initial))

    page = new_page(b.PHONE)
    b.log_in(page, site, "officer1")
    b.visit(page, site + incident.get_absolute_url())
    page.locator("summary", has_text="添加涉事人员").click()

    # One letter (of pinyin initials) matches too many: twenty, and a request for more.
    page.fill("#id_person", initial)
    page.get_by_text("请继续输入以缩小范围").wait_for()
    assert page.locator("#id_person-results input[type=radio]").count() == 20

    # Enter searches; it does not send the form.
    page.locator("#id_person").press("Enter")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert page.url == site + incident.get_absolute_url()
    assert not incident.parties.exists()

    b.pick(page, "person", person.name, person.pk)
    chosen = page.locator("#id_person-chosen").inner_text()
    assert mask_id(person.id_number) in chosen and person.house.address.full_name in chosen
    assert person.id_number not in page.content()
    assert b.overflow_problems(page) == [] and b.axe_problems(page) == []
    small = page.eval_on_selector_all(".picker-choice, .picker .form-control", TOO_SMALL)
    assert small == []

    page.select_option("#id_role", value="witness")
    with page.expect_navigation():
        page.get_by_role("button", name="添加", exact=True).click()
    assert [party.person for party in incident.parties.all()] == [person]
