"""Browser tests: one Chromium per session, the demo data behind a live server, and
fresh pages (one browser context each) to drive.

Without a Chromium (``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH, or
``CHROMIUM_PATH``) every browser test is skipped with one reason; with
``E2E_REQUIRED=1`` (CI) a missing Chromium is a failure instead.
"""

import io
import os
import sqlite3

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from tests.e2e import browser as b


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: they are the slowest, and once Playwright has started,
    its event loop stays in the main thread until the session ends."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report a missing Chromium once, not once per browser test.

    pytest files a skip from a fixture under each test's own line, so ``-ra`` would list
    every test function; filed under the fixture instead, they fold into a single line.
    """
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and b.NOT_FOUND in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])
    return report


@pytest.fixture(scope="session")
def chromium():
    """A running Chromium, shared by every browser test of the session."""
    executable = b.find_chromium()
    if executable is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(b.REQUIRED_NOT_FOUND, pytrace=False)
        pytest.skip(b.NOT_FOUND)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the main thread, so Django
    # would take every database call of the tests (set-up, flush) for async code and
    # refuse it. Allowed only while the browser runs, not for the rest of the suite.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, Django hands out other connection objects than before (they
    # become context-local), so what the test database set-up stored on the connections
    # would be lost; carry the serialized migrated content over (see migrated_database).
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = b.launch(playwright, executable)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, django_db_blocker):
    """The test database as the migrations left it, once before the first browser test.

    A live server reads committed rows, so every browser test commits and is followed by
    a flush, which empties what the migrations wrote too (code tables, content types).
    The browser tests therefore use serialized rollback: Django saves that content when it
    creates the test database and puts it back before each of them. An earlier
    transactional test without it may have flushed and let content types be recreated
    under new ids, which the restore would collide with, so start from a clean copy.
    """
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents is not None:
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def live_db(migrated_database, transactional_db, django_db_serialized_rollback):
    """A database the live server sees, restored to its migrated content before each test."""


@pytest.fixture(scope="session")
def demo_snapshot():
    """A copy of the SQLite test database right after the first ``seed_demo``."""
    holder = {}
    yield holder
    if "copy" in holder:
        holder["copy"].close()


@pytest.fixture
def demo_data(live_db, demo_snapshot):
    """The demo station of ``manage.py seed_demo``, in the database the live server reads.

    Seeding takes seconds and every browser test needs it afresh (the database is
    flushed after each), so on SQLite it is seeded once and later copied back with
    SQLite's backup API, which takes milliseconds. Other databases seed every time.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite" and "copy" in demo_snapshot:
        connection.ensure_connection()
        demo_snapshot["copy"].backup(connection.connection)
        return
    call_command("seed_demo", stdout=io.StringIO())
    if connection.vendor == "sqlite":
        demo_snapshot["copy"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(demo_snapshot["copy"])


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
