"""核实无误 with how it was checked, and a record's verification history on its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Verification
from communitypolice.core.verification import CheckMethod

pytestmark = pytest.mark.django_db


def test_the_button_records_how_the_record_was_checked(login, officer, house_a):
    url = reverse("places:house_verify", args=[house_a.pk])
    response = login(officer).post(url, {"method": "phone"})
    assert response.status_code == 302
    check = Verification.objects.of(house_a).get()
    assert (check.method, check.checked_by, check.source) == ("phone", officer, None)
    house_a.refresh_from_db()
    assert house_a.verified_at == check.checked_at


def test_a_method_the_button_does_not_offer_is_refused(login, officer, house_a):
    url = reverse("places:house_verify", args=[house_a.pk])
    response = login(officer).post(url, {"method": "imported"}, follow=True)
    assert not Verification.objects.exists()
    assert response.status_code == 200 and "imported" in response.content.decode()


def test_a_new_record_starts_with_a_check_at_registration(login, officer, rooms_a):
    from places.models import House, HouseUse

    response = login(officer).post(
        reverse("places:house_create"),
        {
            "address": rooms_a[1].pk,
            "use": HouseUse.objects.get(code="owner").pk,
            "room_count": 1,
            "declared_tenants": 0,
            "registered_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    house = House.objects.get(address=rooms_a[1])
    check = Verification.objects.of(house).get()
    assert (check.method, check.checked_by, house.verified_by) == ("registration", officer, officer)


def test_the_page_shows_the_newest_checks_first_and_how_many_there_are(
    login, officer, colleague, house_a, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(14):
        house_a.verify(
            by=officer if n % 2 else colleague,
            at=now - datetime.timedelta(days=n + 1),
            method=CheckMethod.PHONE,
            changes={"租住人数": [str(n), str(n + 1)]} if n == 0 else None,
        )
    client = login(officer)
    with django_assert_max_num_queries(25):
        response = client.get(house_a.get_absolute_url())
    (section,) = [
        values for template, values in response.context["sections"] if "verifications" in template
    ]
    assert section["count"] == 14 and section["shown"] == 10
    assert [c.checked_at for c in section["checks"]] == [
        now - datetime.timedelta(days=n + 1) for n in range(10)
    ]
    page = response.content.decode()
    assert "租住人数: 0 → 1" in page
    assert 'name="method"' in page  # the button's choice of how


def test_the_history_costs_the_same_queries_however_long(
    login, officer, house_a, django_assert_max_num_queries
):
    client = login(officer)
    house_a.verify(by=officer, method=CheckMethod.VISIT)
    with django_assert_max_num_queries(25) as few:
        client.get(house_a.get_absolute_url())
    for n in range(30):
        house_a.verify(by=officer, at=timezone.now() - datetime.timedelta(days=n + 1))
    with django_assert_max_num_queries(len(few) + 1):  # the count, once there are more
        client.get(house_a.get_absolute_url())
