import pytest
from django.urls import reverse

from communitypolice.core.figures import figure_counters
from tests.factories import AssignmentFactory, BeatFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_officer_sees_their_beat_and_colleagues(login, officer, colleague):
    response = login(officer).get(reverse("assignments:beat_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "和平街第一警务区" in content
    assert "和平街第二警务区" not in content


def test_chief_sees_all_station_beats(login, chief, beat_a, beat_b, beat_c):
    content = login(chief).get(reverse("assignments:beat_list")).content.decode()
    assert "和平街第一警务区" in content and "和平街第二警务区" in content
    assert "樱花路第一警务区" not in content


@pytest.mark.parametrize("who", ["colleague", "other_station_officer", "other_chief"])
def test_a_beat_outside_scope_answers_404(request, login, beat_a, beat_c, who):
    user = request.getfixturevalue(who)
    url = reverse("assignments:beat_detail", args=[beat_a.pk])
    assert login(user).get(url).status_code == 404


def test_beat_detail_shows_history(login, chief, officer, beat_a):
    content = login(chief).get(reverse("assignments:beat_detail", args=[beat_a.pk])).content
    assert officer.full_name in content.decode()


def test_beat_list_query_count_does_not_grow(
    login, chief, station_a, django_assert_max_num_queries
):
    client = login(chief)
    for _ in range(15):
        beat = BeatFactory(station=station_a)
        AssignmentFactory(officer=UserFactory(unit=station_a), beat=beat)
    # Besides the page's own queries, one per figure counter (people, houses, …).
    with django_assert_max_num_queries(9 + len(figure_counters())):
        response = client.get(reverse("assignments:beat_list"))
    assert response.content.decode().count("card-title") == 15


def test_analyst_of_another_branch_gets_404(login, beat_a, city):
    from communitypolice.accounts.models import Unit, User
    from tests.factories import UnitFactory

    other_branch = UnitFactory(code="330103000000", kind=Unit.Kind.BRANCH, parent=city)
    outsider = UserFactory(username="outsider", unit=other_branch, role=User.Role.ANALYST)
    assert (
        login(outsider).get(reverse("assignments:beat_detail", args=[beat_a.pk])).status_code == 404
    )
