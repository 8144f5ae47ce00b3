import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from places.models import Organization, OrganizationType
from tests.places.fixtures import VALID_USCC

pytestmark = pytest.mark.django_db


def form_data(building, **changes):
    data = {
        "name": "樱花园物业服务有限公司",
        "credit_code": VALID_USCC,
        "type": OrganizationType.objects.get(code="enterprise").pk,
        "address": building.pk,
        "security_contact": "李强",
        "security_phone": "13812345678",
    }
    return {**data, **changes}


def test_a_wrong_credit_code_is_refused_next_to_the_field(login, officer, building_a):
    response = login(officer).post(
        reverse("places:organization_create"),
        form_data(building_a, credit_code="91110000600037341X"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["credit_code"]
    assert "校验" in errors["credit_code"][0]
    assert not Organization.objects.exists()


def test_a_right_credit_code_registers_the_organisation_in_the_address_beat(
    login, officer, building_a, beat_a
):
    response = login(officer).post(reverse("places:organization_create"), form_data(building_a))
    org = Organization.objects.get()
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert (org.beat, org.verified_by) == (beat_a, officer)
    assert LogEntry.objects.get_for_object(org).get().action == LogEntry.Action.CREATE


def test_a_credit_code_is_registered_once(login, officer, building_a):
    client = login(officer)
    client.post(reverse("places:organization_create"), form_data(building_a))
    response = client.post(
        reverse("places:organization_create"), form_data(building_a, name="另一家")
    )
    assert (
        "credit_code" in response.context["form"].errors
        or response.context["form"].non_field_errors()
    )
    assert Organization.objects.count() == 1


def test_unregistered_organisations_need_no_code(login, officer, building_a):
    for name in ["无照摊点甲", "无照摊点乙"]:
        login(officer).post(
            reverse("places:organization_create"), form_data(building_a, name=name, credit_code="")
        )
    assert Organization.objects.count() == 2


def test_a_key_unit_needs_a_reason(login, officer, building_a):
    response = login(officer).post(
        reverse("places:organization_create"), form_data(building_a, is_key_unit="on")
    )
    assert "key_reason" in response.context["form"].errors


def test_oversize_text_is_refused(login, officer, building_a):
    response = login(officer).post(
        reverse("places:organization_create"), form_data(building_a, name="长" * 101)
    )
    assert "name" in response.context["form"].errors
    assert not Organization.objects.exists()


def test_key_unit_filter(login, officer, organization_a, building_a):
    Organization.objects.create(
        name="樱花加油站",
        type=OrganizationType.objects.get(code="petrol"),
        is_key_unit=True,
        key_reason="易燃易爆",
        address=building_a,
        beat=building_a.beat,
    )
    response = login(officer).get(reverse("places:organization_list"), {"is_key_unit": "on"})
    assert [o.name for o in response.context["object_list"]] == ["樱花加油站"]
