import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from communitypolice.audit.models import AuthEvent
from communitypolice.core import periods
from tests.factories import BeatFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(chief, other_chief, station_a, station_b):
    with set_actor(chief):
        BeatFactory(station=station_a, name="甲所新区", code="N1")
    with set_actor(other_chief):
        BeatFactory(station=station_b, name="乙所新区", code="N2")
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="chief", user=chief)
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="other_chief", user=other_chief)
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN_FAILED, username="ghost")


def test_chief_sees_only_their_stations_rows(login, chief, trail):
    content = login(chief).get(reverse("audit:log")).content.decode()
    assert "甲所新区" in content
    assert "乙所新区" not in content


def test_admin_sees_all_rows(login, admin_user, trail):
    content = login(admin_user).get(reverse("audit:log")).content.decode()
    assert "甲所新区" in content and "乙所新区" in content


def test_filter_by_user_action_type_and_date(login, admin_user, chief, other_chief, trail):
    client = login(admin_user)
    beat_type = ContentType.objects.get(app_label="assignments", model="beat")
    today = periods.today()
    params = {
        "actor": other_chief.pk,
        "action": LogEntry.Action.CREATE,
        "content_type": beat_type.pk,
        "date_from": today.isoformat(),
        "date_to": today.isoformat(),
    }
    content = client.get(reverse("audit:log"), params).content.decode()
    assert "乙所新区" in content and "甲所新区" not in content

    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    content = client.get(reverse("audit:log"), {"date_to": yesterday}).content.decode()
    assert "乙所新区" not in content and "甲所新区" not in content


def test_a_chief_cannot_filter_by_another_stations_user(login, chief, other_chief, trail):
    response = login(chief).get(reverse("audit:log"), {"actor": other_chief.pk})
    assert "乙所新区" not in response.content.decode()
    assert "actor" in response.context["filter"].form.errors


def test_login_records_are_scoped_and_filterable(login, chief, admin_user, trail):
    content = login(chief).get(reverse("audit:logins")).content.decode()
    assert ">chief<" in content and ">other_chief<" not in content and "ghost" not in content

    content = login(admin_user).get(reverse("audit:logins"), {"kind": "login_failed"}).content
    assert "ghost" in content.decode() and ">other_chief<" not in content.decode()


@pytest.mark.parametrize("who", ["officer", "analyst"])
def test_officers_and_analysts_cannot_open_the_audit_pages(request, login, who):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("audit:log")).status_code == 403
    assert client.get(reverse("audit:logins")).status_code == 403


def test_audit_page_query_count_does_not_grow(
    login, chief, station_a, django_assert_max_num_queries
):
    client = login(chief)
    for _ in range(30):
        with set_actor(UserFactory(unit=station_a)):
            BeatFactory(station=station_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:log"))
    assert len(response.context["page"]) == 30
