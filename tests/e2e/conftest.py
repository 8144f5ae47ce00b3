"""Browser tests: one Chromium per session, the demo data, and a signed-in page.

Without a Chromium (``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH, or
``CHROMIUM_PATH``) every browser test is skipped with one reason; with
``E2E_REQUIRED=1`` (CI) a missing Chromium is a failure instead.
"""

import os

import pytest
from django.core.management import call_command

from tests.e2e import browser as b

# Playwright's sync API runs an event loop in the main thread; Django's guard against
# calling the ORM from async code would otherwise refuse the database set-up and flush.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def chromium():
    """A running Chromium, shared by every browser test of the session."""
    executable = b.find_chromium()
    if executable is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"{b.NOT_FOUND} — but E2E_REQUIRED=1", pytrace=False)
        pytest.skip(b.NOT_FOUND)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = b.launch(playwright, executable)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    """The demo station of ``manage.py seed_demo``, in the database the live server reads."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def site(chromium, demo_data, live_server):
    """The live server's base URL, with the demo data loaded and a browser ready."""
    return live_server.url


@pytest.fixture
def new_page(chromium):
    """``new_page(viewport=...)`` opens a page in a fresh context, closed after the test."""
    contexts = []

    def open_page(viewport=b.DESKTOP):
        context = b.new_context(chromium, viewport)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
