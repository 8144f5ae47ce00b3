""" "Tip overdue" means one thing wherever it is counted: open (new or being checked), in
the register, and past its deadline. A handled tip or a closed record past its deadline
is not overdue on the inbox, its filter, the dashboards or the freshness queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Tip
from incidents.services import raise_tip

pytestmark = pytest.mark.django_db


def tip(address, officer, name, *, status=Tip.Status.NEW, hours_late=None, closed=False):
    made = raise_tip(
        tip=Tip(
            level=Tip.Level.WARNING,
            category=name,
            content="内容",
            source=Tip.Source.PUBLIC,
            beat=address.beat,
            status=status,
        ),
        by=officer,
        addresses=[address],
    )
    if hours_late is not None:
        Tip.objects.filter(pk=made.pk).update(
            due_at=timezone.now() - datetime.timedelta(hours=hours_late)
        )
    if closed:
        made.refresh_from_db()
        made.close(by=officer, reason="重复登记")
    made.refresh_from_db()
    return made


@pytest.fixture
def tips(building_a, officer):
    """Four tips in beat A: only ``late`` is overdue, ``late`` and ``on_time`` are open."""
    return {
        "late": tip(building_a, officer, "逾期未处置", hours_late=2),
        "on_time": tip(building_a, officer, "期限未到"),
        "handled_late": tip(
            building_a, officer, "已处置", status=Tip.Status.HANDLED, hours_late=30
        ),
        "closed_late": tip(building_a, officer, "重复登记", hours_late=30, closed=True),
    }


def listed(client, **params):
    response = client.get(reverse("incidents:tip_list"), params)
    assert response.status_code == 200
    return {t.category for t in response.context["object_list"]}


def test_only_the_open_tip_past_its_deadline_is_overdue(tips):
    assert {name for name, t in tips.items() if t.is_overdue} == {"late"}
    assert set(Tip.objects.overdue()) == {tips["late"]}
    assert set(Tip.objects.open()) == {tips["late"], tips["on_time"]}


def test_the_inbox_and_its_overdue_filter_agree(login, chief, tips):
    client = login(chief)
    assert listed(client) == {"逾期未处置", "期限未到"}
    assert listed(client, overdue="on") == {"逾期未处置"}
    # Asking for handled tips shows the handled one, but never as overdue.
    assert listed(client, status=Tip.Status.HANDLED, overdue="on") == set()


def test_the_inbox_puts_the_overdue_tip_first(login, chief, tips):
    response = login(chief).get(reverse("incidents:tip_list"))
    assert [t.category for t in response.context["object_list"]][0] == "逾期未处置"


def test_the_dashboards_count_one_overdue_tip(login, chief, officer, tips):
    for user, url in [
        (chief, reverse("reports:station_overview")),
        (officer, reverse("reports:officer_home")),
    ]:
        card = login(user).get(url).context["tips"]
        assert (card["open"], card["overdue"]) == (2, 1), url


def test_the_freshness_queue_lists_only_the_overdue_tip(login, officer, tips):
    response = login(officer).get(reverse("incidents:freshness"))
    sections = {name: rows for name, _count, rows in response.context["sections"]}
    assert sections["tips"] == [tips["late"]]
