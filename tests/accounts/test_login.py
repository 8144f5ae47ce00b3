"""Signing in: audit rows, lockout after five failures, release by an admin, CSRF."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from communitypolice.audit.models import AuthEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username, password="demo-pass-2026", ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_chinese_by_default(client):
    content = client.get(LOGIN).content.decode()
    assert '<html lang="zh-Hans">' in content
    assert "登录" in content


def test_successful_login_is_recorded_with_address(client, officer):
    response = sign_in(client, "officer", ip="10.2.3.4")
    assert response.status_code == 302
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN)
    assert (event.user, event.ip_address) == (officer, "10.2.3.4")


def test_failed_login_is_recorded_even_for_unknown_usernames(client, officer):
    sign_in(client, "officer", password="wrong-password")
    sign_in(client, "nobody", password="wrong-password")
    failed = AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN_FAILED).order_by("timestamp")
    assert [(e.username, e.user) for e in failed] == [("officer", officer), ("nobody", None)]


def test_logout_is_recorded_and_needs_post(client, officer):
    sign_in(client, "officer")
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGOUT, user=officer).exists()


def test_wrong_password_shows_a_clear_message(client, officer):
    response = sign_in(client, "officer", password="wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_five_failures_lock_the_username_even_with_the_right_password(client, officer):
    for _ in range(5):
        sign_in(client, "officer", password="wrong-password")
    response = sign_in(client, "officer")  # the right password, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # from another address, too: the username itself is locked
    assert sign_in(Client(), "officer", ip="10.9.9.9").status_code == 429


def test_four_failures_do_not_lock(client, officer):
    for _ in range(4):
        sign_in(client, "officer", password="wrong-password")
    assert sign_in(client, "officer").status_code == 302


def test_one_address_cannot_lock_everyone_out(client, officer, colleague, chief, settings):
    """An address gets its own, larger allowance: cycling through usernames locks the
    address before it locks more than a few accounts."""
    settings.AXES_IP_FAILURE_LIMIT = 8
    for username in ["a", "b", "c", "d", "e", "f", "g", "h"]:
        sign_in(client, username, password="wrong", ip="10.6.6.6")
    assert sign_in(client, "officer", ip="10.6.6.6").status_code == 429
    # the same users can still sign in from their own machines
    assert sign_in(Client(), "officer", ip="10.1.1.2").status_code == 302


def test_an_admin_releases_a_locked_address(client, officer, login, admin_user, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    for username in ["a", "b", "c", "d", "e", "f", "g", "h"]:
        sign_in(client, username, password="wrong", ip="10.6.6.6")
    admin = login(admin_user)
    assert "10.6.6.6" in admin.get(reverse("accounts:administration")).content.decode()

    admin.post(reverse("accounts:release_lockout"), {"ip_address": "10.6.6.6"})

    assert sign_in(Client(), "officer", ip="10.6.6.6").status_code == 302


def test_an_admin_releases_a_locked_username(client, officer, login, admin_user):
    for _ in range(5):
        sign_in(client, "officer", password="wrong-password")
    admin = login(admin_user)
    page = admin.get(reverse("accounts:administration")).content.decode()
    assert "officer" in page and "解除锁定" in page

    admin.post(reverse("accounts:release_lockout"), {"username": "officer"})

    assert not AccessAttempt.objects.filter(username="officer").exists()
    assert sign_in(Client(), "officer").status_code == 302


def test_only_an_admin_may_release(client, officer, login, chief):
    for _ in range(5):
        sign_in(client, "officer", password="wrong-password")
    response = login(chief).post(reverse("accounts:release_lockout"), {"username": "officer"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="officer").exists()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (LOGIN, {"username": "officer", "password": "demo-pass-2026"}),
        ("/accounts/logout/", {}),
        ("/i18n/setlang/", {"language": "en"}),
        ("/accounts/administration/release/", {"username": "officer"}),
    ],
)
def test_state_changes_need_a_csrf_token(officer, admin_user, url, data):
    client = Client(enforce_csrf_checks=True)
    if url != LOGIN:
        client.force_login(admin_user)
    assert client.post(url, data).status_code == 403
