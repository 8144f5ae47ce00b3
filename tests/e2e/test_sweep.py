"""Every page of every role, at phone and desktop size, through every check.

The pages are not listed here: the sweep signs in, starts at the role's home page and
follows the links of the main navigation bar (``<ul data-nav="main">``) as rendered,
so a page added to the navigation is swept without touching this file. With
``SCREENSHOT_DIR`` set (``make screenshots``) it also saves a PNG of every page.
"""

import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e import browser as b

pytestmark = pytest.mark.e2e


def screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


def report(who, viewport, problems, swept):
    """One line per problem, naming every page that has it."""
    lines = [f"{who} at {viewport} ({b.VIEWPORTS[viewport]['width']}px):"]
    for problem, paths in problems.items():
        where = "every page" if len(swept) > 1 and paths == swept else ", ".join(paths)
        lines.append(f"  {problem}\n      on {where}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", b.VIEWPORTS)
@pytest.mark.parametrize("role", b.ROLE_USERS)
def test_every_page_in_the_navigation_passes_the_checks(site, new_page, role, viewport):
    page = new_page(b.VIEWPORTS[viewport])
    watcher = b.PageWatcher(page)
    username = b.ROLE_USERS[role]
    b.log_in(page, site, username)

    problems = defaultdict(list)
    queue, swept, linked = ["/"], [], set()
    while queue:
        watcher.reset()
        response = b.visit(page, site + queue.pop(0))
        path = urlsplit(page.url).path
        if path in swept:
            continue
        swept.append(path)
        screenshot(page, f"{role}-{viewport}-{b.slug(path)}")
        found = b.page_problems(page, watcher, phone=viewport == "phone")
        if response.status >= 400:
            found.insert(0, f"page answered {response.status}")
        if path.startswith("/accounts/login/"):
            found.insert(0, "signed out: landed on the login page")
        for problem in found:
            problems[problem].append(path)
        links = b.nav_links(page)
        linked.update(links)
        queue += [link for link in links if link not in swept + queue]

    assert linked, f"{username}: no links in the main navigation of {', '.join(swept)}"
    assert not problems, report(f"{username} ({role})", viewport, problems, swept)


@pytest.mark.parametrize("viewport", b.VIEWPORTS)
def test_login_page_passes_the_checks(chromium, live_db, live_server, new_page, viewport):
    page = new_page(b.VIEWPORTS[viewport])
    watcher = b.PageWatcher(page)
    b.visit(page, f"{live_server.url}/accounts/login/")
    screenshot(page, f"anonymous-{viewport}-accounts-login")

    problems = b.page_problems(page, watcher, phone=viewport == "phone")

    paths = ["/accounts/login/"]
    assert not problems, report("anonymous", viewport, dict.fromkeys(problems, paths), paths)
