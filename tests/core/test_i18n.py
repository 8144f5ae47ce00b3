from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_pages_are_chinese_by_default(login, officer):
    content = login(officer).get(reverse("assignments:beat_list")).content.decode()
    assert '<html lang="zh-Hans">' in content
    assert "我的警务区" in content and "退出登录" in content


def test_switching_to_english_and_back(login, officer):
    client = login(officer)
    page = reverse("assignments:beat_list")

    response = client.post(reverse("set_language"), {"language": "en", "next": page}, follow=True)
    content = response.content.decode()
    assert '<html lang="en">' in content and "My beats" in content and "我的警务区" not in content

    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": page}, follow=True
    )
    assert "我的警务区" in response.content.decode()


def test_every_string_of_the_catalogue_is_translated():
    """An empty or fuzzy entry would show English in the Chinese UI."""
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [
        entry
        for entry in entries
        if not entry.startswith("#~")
        and ("#, fuzzy" in entry or entry.rstrip().endswith('msgstr ""'))
        and 'msgstr ""\n"' not in entry
    ]
    assert untranslated == []


def test_compiled_catalogue_is_committed():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists(), "compile with msgfmt: make messages"
    assert mo.stat().st_size > 1000


def test_third_party_strings_come_out_in_chinese(login, admin_user):
    from auditlog.context import set_actor

    from tests.factories import BeatFactory

    with set_actor(admin_user):
        BeatFactory(station=admin_user.unit)  # a beat of the city unit: enough for a row
    content = login(admin_user).get(reverse("audit:log")).content.decode()
    assert "新增" in content  # auditlog's "create", from our catalogue
