import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("officer", "reports:officer_home"),
        ("chief", "reports:station_overview"),
        ("analyst", "reports:index"),
        ("admin_user", "accounts:administration"),
    ],
)
def test_each_role_lands_on_its_home(request, login, who, home):
    user = request.getfixturevalue(who)
    response = login(user).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("reports:station_overview", {"chief"}),
        ("reports:officer_home", {"officer"}),
        ("reports:index", {"chief", "analyst"}),
        ("audit:log", {"chief", "admin_user"}),
        ("audit:logins", {"chief", "admin_user"}),
        ("accounts:administration", {"admin_user"}),
    ],
)
def test_pages_of_other_roles_answer_403(request, login, url_name, allowed):
    for who in ["officer", "chief", "analyst", "admin_user"]:
        user = request.getfixturevalue(who)
        status = login(user).get(reverse(url_name)).status_code
        assert status == (200 if who in allowed else 403), (who, url_name, status)


def test_navigation_shows_only_what_the_role_may_use(login, officer):
    content = login(officer).get(reverse("assignments:beat_list")).content.decode()
    assert reverse("assignments:beat_list") in content
    for forbidden in ["audit:log", "accounts:administration", "reports:station_overview"]:
        assert f'href="{reverse(forbidden)}"' not in content
