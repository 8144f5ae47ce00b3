"""Editing registers: optimistic locking, verification, closing instead of deleting."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from places.models import Organization

pytestmark = pytest.mark.django_db


def edit_data(org, **changes):
    data = {
        "name": org.name,
        "credit_code": org.credit_code,
        "type": org.type_id,
        "address": org.address_id,
        "version": org.version,
    }
    return {**data, **changes}


def test_a_stale_edit_shows_a_conflict_and_loses_nothing(login, officer, chief, organization_a):
    url = reverse("places:organization_edit", args=[organization_a.pk])
    opened_at = edit_data(organization_a)  # officer opens the form
    login(chief).post(url, edit_data(organization_a, security_contact="李所长"))  # chief saves

    response = login(officer).post(url, {**opened_at, "security_contact": "张队"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.conflict is not None
    assert "张队" in response.content.decode()  # the officer's entry is still in the form
    assert ("治安负责人", "张队", "李所长") in [
        (str(label), yours, saved) for label, yours, saved in form.conflicting_fields()
    ]
    organization_a.refresh_from_db()
    assert organization_a.security_contact == "李所长"

    # Saving again, having seen the conflict, overwrites knowingly.
    again = {**opened_at, "security_contact": "张队", "version": form.data["version"]}
    assert login(officer).post(url, again).status_code == 302
    organization_a.refresh_from_db()
    assert organization_a.security_contact == "张队"


def test_verify_refreshes_verified_at_and_by(login, chief, house_a):
    before = house_a.verified_at
    response = login(chief).post(reverse("places:house_verify", args=[house_a.pk]))
    house_a.refresh_from_db()
    assert response.status_code == 302
    assert house_a.verified_by == chief and house_a.verified_at > before


def test_verify_needs_post(login, chief, house_a):
    assert login(chief).get(reverse("places:house_verify", args=[house_a.pk])).status_code == 405


def test_closing_needs_a_reason_and_keeps_the_record(login, officer, organization_a):
    client = login(officer)
    url = reverse("places:organization_close", args=[organization_a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    organization_a.refresh_from_db()
    assert organization_a.closed_at is None

    client.post(url, {"reason": "单位已注销"})
    organization_a.refresh_from_db()
    assert organization_a.is_closed and organization_a.close_reason == "单位已注销"
    assert LogEntry.objects.get_for_object(organization_a).latest("pk").changes_dict[
        "close_reason"
    ] == ["", "单位已注销"]


def test_closed_records_leave_the_list_but_can_be_shown(login, officer, organization_a):
    organization_a.close(by=officer, reason="单位已注销")
    client = login(officer)
    assert not client.get(reverse("places:organization_list")).context["object_list"]
    shown = client.get(reverse("places:organization_list"), {"closed": "on"})
    assert list(shown.context["object_list"]) == [organization_a]
    detail = client.get(organization_a.get_absolute_url()).content.decode()
    assert "单位已注销" in detail


def test_a_closed_record_cannot_be_edited(login, officer, organization_a):
    organization_a.close(by=officer, reason="单位已注销")
    url = reverse("places:organization_edit", args=[organization_a.pk])
    assert login(officer).get(url).status_code == 404


def test_opening_a_record_leaves_an_access_row(login, chief, house_a):
    login(chief).get(house_a.get_absolute_url())
    entry = LogEntry.objects.get_for_object(house_a).filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == chief


def test_no_record_can_be_deleted_through_the_site(login, admin_user, organization_a):
    assert Organization.objects.filter(pk=organization_a.pk).exists()
    response = login(admin_user).post(f"/places/organizations/{organization_a.pk}/delete/")
    assert response.status_code == 404
