"""The sweep's checks do fail: each is run against a page broken on purpose.

A passing sweep means something only if its checks can fail. These tests serve
deliberately broken HTML at a live-server URL (through ``page.route``, so the project's
own pages stay untouched) and assert that the very functions the sweep uses report
the breakage, and report nothing for the same page done right.
"""

import pytest

from tests.e2e import browser as b

pytestmark = pytest.mark.e2e

CSP = "default-src 'self'; img-src 'self' data:"

GOOD = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>正常页面</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{head}</head>
<body><main><h1>正常页面</h1>{body}</main></body></html>"""


@pytest.fixture
def serve(chromium, live_db, live_server, new_page):
    """``serve(body, viewport=..., head=..., csp=...)`` opens a live-server URL answered
    with that HTML and returns the loaded page and its watcher."""

    def open_page(body="", *, viewport=b.DESKTOP, head="", csp=CSP, html=None):
        page = new_page(viewport)
        watcher = b.PageWatcher(page)
        headers = {"Content-Security-Policy": csp} if csp else {}
        content = html if html is not None else GOOD.format(head=head, body=body)
        page.route(
            f"{live_server.url}/broken/",
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", headers=headers, body=content
            ),
        )
        page.goto(f"{live_server.url}/broken/")  # waits for the load event
        return page, watcher

    return open_page


def test_an_inline_script_is_reported_as_a_csp_violation(serve):
    page, watcher = serve("<script>document.title = 'inline';</script>")

    violations = b.csp_problems(page)
    assert len(violations) == 1
    assert "script-src" in violations[0]
    assert any("Content Security Policy" in error for error in b.console_problems(watcher))
    assert page.title() == "正常页面"  # and the browser did block it


def test_an_inline_style_is_reported_as_a_csp_violation(serve):
    page, _ = serve('<p style="color: red">红色</p>')

    assert any("style-src" in violation for violation in b.csp_problems(page))


def test_a_page_without_inline_code_has_no_csp_violation(serve):
    page, watcher = serve("<p>内容</p>")

    assert b.csp_problems(page) == []
    assert b.console_problems(watcher) == []


def test_a_script_error_is_reported(serve):
    page, watcher = serve("<p>内容</p>", csp=None, head="<script>undefinedFunction();</script>")

    assert any("undefinedFunction" in error for error in b.console_problems(watcher))


def test_a_missing_static_asset_is_reported(serve):
    page, watcher = serve(head='<link rel="stylesheet" href="/static/css/missing.css">')

    assert any(
        "static asset 404" in problem and "missing.css" in problem
        for problem in b.network_problems(watcher)
    )


def test_a_missing_icon_is_reported(serve):
    page, _ = serve(head='<link rel="icon" href="/static/img/missing.svg">')

    assert b.icon_problems(page) == [
        f"icon 404: {page.url.split('/broken/')[0]}/static/img/missing.svg"
    ]


def test_an_icon_that_exists_passes(serve):
    page, _ = serve(head='<link rel="icon" href="/static/css/app.css">')  # any existing file

    assert b.icon_problems(page) == []


def test_a_failed_request_is_reported(serve):
    page, watcher = serve(csp=None, head='<script src="http://127.0.0.1:9/app.js"></script>')

    assert any("request failed" in problem for problem in b.network_problems(watcher))


WIDE = '<div id="wide-table" class="grid">宽表</div>'
WIDE_STYLE = "<style>.grid { width: 1000px; }</style>"


def test_a_page_wider_than_a_phone_is_reported(serve):
    page, _ = serve(WIDE, viewport=b.PHONE, head=WIDE_STYLE, csp=None)

    problems = b.overflow_problems(page)
    assert len(problems) == 1
    assert "px wide in a 390px window" in problems[0]
    assert "div#wide-table.grid" in problems[0]


def test_the_same_page_fits_a_desktop(serve):
    page, _ = serve(WIDE, viewport=b.DESKTOP, head=WIDE_STYLE, csp=None)

    assert b.overflow_problems(page) == []


def test_a_page_without_h1_is_reported(serve):
    page, _ = serve(html='<!DOCTYPE html><html lang="zh-Hans"><title>无标题</title><h2>小标题</h2>')

    assert b.heading_problems(page) == ["no <h1> on the page"]


def test_an_english_navigation_label_is_reported(serve):
    page, _ = serve(
        '<ul data-nav="main"><li><a href="/a/">报表</a></li><li><a href="/b/">'
        '<i class="bi bi-gear"></i> Administration</a></li></ul>'
    )

    assert b.untranslated_nav_problems(page) == ["untranslated navigation label: 'Administration'"]


def test_serious_accessibility_violations_are_reported(serve):
    page, _ = serve('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>')

    problems = b.axe_problems(page)
    assert any(p.startswith("axe critical image-alt") and "img" in p for p in problems)
    assert any(p.startswith("axe critical button-name") for p in problems)


def test_an_accessible_page_has_no_axe_violation(serve):
    page, _ = serve('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="图标">')

    assert b.axe_problems(page) == []
