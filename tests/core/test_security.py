"""Security headers and a Content Security Policy that the pages really satisfy."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES_BY_ROLE = {
    "officer": ["assignments:beat_list"],
    "chief": ["reports:station_overview", "reports:index", "audit:log", "audit:logins"],
    "analyst": ["reports:index"],
    "admin_user": ["accounts:administration", "assignments:beat_list"],
}


def test_login_page_sends_csp_and_frame_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def inline_code(html):
    """Inline scripts, style elements, style attributes and on* handlers in a page."""
    # A JSON data block (json_script) is data the browser never runs: the CSP allows it.
    found = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html)
    found += re.findall(r"<style\b", html)
    found += re.findall(r"\sstyle=\"", html)
    found += re.findall(r"\son[a-z]+=\"", html)
    return found


@pytest.mark.parametrize("who", list(PAGES_BY_ROLE))
def test_pages_have_no_inline_script_or_style(request, login, who, beat_a, beat_c):
    client = login(request.getfixturevalue(who))
    for url_name in PAGES_BY_ROLE[who]:
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == [], url_name


def test_the_inline_check_catches_inline_code():
    assert len(inline_code('<script>alert(1)</script><p style="x" onclick="y">')) == 3


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": "officer", "password": "demo-pass-2026"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("remote", "believed"), [("203.0.113.7", False), ("127.0.0.1", True), ("10.1.2.3", True)]
)
def test_forwarded_headers_are_believed_from_the_trusted_proxies_only(
    rf, settings, remote, believed
):
    from communitypolice.core.middleware import TrustedProxyMiddleware

    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["for"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return None

    request = rf.get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    TrustedProxyMiddleware(view)(request)
    assert seen["secure"] is believed
    assert (seen["for"] == "1.2.3.4") is believed


def test_a_spoofed_forwarded_address_does_not_reach_the_audit_trail(client, officer):
    from communitypolice.audit.models import AuthEvent

    client.post(
        reverse("accounts:login"),
        {"username": "officer", "password": "wrong"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    assert AuthEvent.objects.latest("pk").ip_address == "203.0.113.7"
