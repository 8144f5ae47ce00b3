import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from communitypolice.accounts.middleware import SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_cookie_expires_after_thirty_idle_minutes(client, officer):
    client.post(reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"})
    assert client.session.get_expiry_age() == 30 * 60


def test_the_idle_limit_is_renewed_by_use_at_most_once_a_minute(client, officer, monkeypatch):
    client.post(reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"})
    client.get(reverse("assignments:beat_list"))
    renewed = expiry(client)

    client.get(reverse("assignments:beat_list"))
    assert expiry(client) == renewed  # within the minute: no write

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    client.get(reverse("assignments:beat_list"))
    assert expiry(client) > renewed  # measured from this request, not from the login


def test_idle_session_is_refused(client, officer):
    client.post(reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"})
    session = client.session
    session.set_expiry(-1)  # as the database sees a session idle for too long
    session.save()
    response = client.get(reverse("assignments:beat_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_ends_twelve_hours_after_login_however_active(client, officer, monkeypatch):
    client.post(reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"})
    started = client.session[SESSION_STARTED_KEY]
    assert client.get(reverse("assignments:beat_list")).status_code == 200

    monkeypatch.setattr(time, "time", lambda: started + 12 * 3600 + 1)
    response = client.get(reverse("assignments:beat_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_session_still_valid_just_before_twelve_hours(client, officer, monkeypatch):
    client.post(reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"})
    started = client.session[SESSION_STARTED_KEY]
    monkeypatch.setattr(time, "time", lambda: started + 12 * 3600 - 60)
    assert client.get(reverse("assignments:beat_list")).status_code == 200
