"""Helpers for the browser tests: finding Chromium, signing in, and the page checks.

Every check is a plain function that takes a Playwright page (and, for the network
and console checks, the ``PageWatcher`` listening to it) and returns a list of
problems as readable strings; an empty list means the page passed. The sweep and
the tests that prove the checks can fail call the very same functions.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

HERE = Path(__file__).resolve().parent
AXE_PATH = HERE / "axe.min.js"

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed when the tests run as root (containers, CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOT_FOUND = "Chromium not found: browser tests skipped (apt install chromium)"
REQUIRED_NOT_FOUND = (
    "Chromium not found, and E2E_REQUIRED=1 forbids skipping the browser tests "
    "(apt install chromium, or set CHROMIUM_PATH)"
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# The demo users of ``manage.py seed_demo`` whose pages the sweep walks, one per role.
ROLE_USERS = {"officer": "officer1", "chief": "chief1", "analyst": "analyst", "admin": "admin"}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
AXE_FAILING_IMPACTS = ("serious", "critical")

# Installed in every page before its own scripts run (an init script is not subject to
# the page's CSP), so each violation is recorded with its directive and blocked URI.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


def find_chromium():
    """The Chromium executable to drive, or None.

    ``CHROMIUM_PATH`` wins when set; a path that does not exist counts as not found
    (it never falls back to PATH, so the skip path can be tried on any machine).
    """
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        path = Path(explicit)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, executable_path):
    return playwright.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)


def new_context(browser, viewport):
    """A context as a user in China has it: Chinese browser, Beijing time, CSP enforced."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_init_script(CSP_LISTENER)
    return context


def log_in(page, base_url, username, password=None):
    """Sign in through the real login form and wait until the site has left it."""
    page.goto(f"{base_url}/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password or settings.DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    if urlsplit(page.url).path.startswith("/accounts/login/"):
        raise AssertionError(f"login as {username} failed: still on {page.url}")


def visit(page, url):
    """Open a page and wait for its load event and for any htmx request it started (htmx
    marks the element waiting for an answer with ``htmx-request``). Cheaper than waiting
    for network idle, which always costs half a second more."""
    response = page.goto(url)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    return response


def pick(page, field, text, value):
    """Choose a record in a form's picker (core/pickers.py) as a user does: type into its
    search box, tick the match, and wait until it has joined the records chosen."""
    page.fill(f"#id_{field}", text)
    page.locator(f"#id_{field}-results input[value='{value}']").check()
    page.locator(f"#id_{field}-chosen input[value='{value}']:checked").wait_for()


def nav_links(page):
    """The same-site paths linked from the main navigation bar, in order."""
    hrefs = page.eval_on_selector_all(
        "ul[data-nav=main] a[href]", "links => links.map(a => a.href)"
    )
    origin = urlsplit(page.url)[:2]
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts[:2] == origin and parts.path not in paths:
            paths.append(parts.path)
    return paths


def slug(path):
    """A file-name-safe form of a URL path: ``/reports/station/`` → ``reports-station``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


class PageWatcher:
    """Records what a page reports while it loads: console errors, uncaught
    exceptions, failed requests and static assets answered with an error."""

    def __init__(self, page):
        self.page = page
        self.console_errors = []
        self.network_errors = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)
        page.on("requestfailed", self._on_requestfailed)
        page.on("response", self._on_response)

    def reset(self):
        self.console_errors.clear()
        self.network_errors.clear()

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _on_pageerror(self, error):
        self.console_errors.append(f"uncaught exception: {error}")

    def _on_requestfailed(self, request):
        # ERR_ABORTED is the browser cancelling a request itself, when the sweep moves
        # on to the next page while a late one (the favicon) is still on its way: not a
        # failure of the site. A missing asset shows as a 4xx response instead.
        if request.failure and "ERR_ABORTED" in request.failure:
            return
        self.network_errors.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response):
        path = urlsplit(response.url).path
        if response.status >= 400 and path.startswith(f"/{settings.STATIC_URL.strip('/')}/"):
            self.network_errors.append(f"static asset {response.status}: {response.url}")


# --- the checks -----------------------------------------------------------------------


def console_problems(watcher):
    return [f"console error: {text}" for text in watcher.console_errors]


def network_problems(watcher):
    return list(watcher.network_errors)


def csp_problems(page):
    violations = page.evaluate("window.__cspViolations || []")
    return [
        f"CSP violation: {v['directive']} blocked {v['blocked'] or '?'}"
        f" at {v['source'] or '?'}:{v['line']}" + (f" ({v['sample']!r})" if v["sample"] else "")
        for v in violations
    ]


def overflow_problems(page):
    """Horizontal scrolling: the document is wider than the window."""
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if widths["scroll"] > widths["inner"]:
        widest = page.evaluate(WIDEST_ELEMENTS, widths["inner"])
        return [
            f"horizontal scrolling: page is {widths['scroll']}px wide in a "
            f"{widths['inner']}px window; overflowing: {', '.join(widest) or '?'}"
        ]
    return []


# The outermost elements whose right edge passes the window's, to name the culprit.
WIDEST_ELEMENTS = """
(inner) => {
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.right > inner + 1 && !found.some((outer) => outer.contains(el))) found.push(el);
  }
  return found.slice(0, 5).map((el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
    const right = Math.round(el.getBoundingClientRect().right);
    return `${el.tagName.toLowerCase()}${id}${cls} (${right}px)`;
  });
}
"""


def icon_problems(page):
    """The icon every browser asks for (``<link rel=icon>``, else ``/favicon.ico``) exists.

    Chromium fetches it once per session and logs a console error when it is missing,
    so the console check alone would catch a missing icon only on the first page.
    """
    href = page.evaluate(
        "document.querySelector('link[rel~=icon]')?.href"
        " || new URL('/favicon.ico', location.href).href"
    )
    if href.startswith("data:"):
        return []
    status = page.request.get(href).status
    return [f"icon {status}: {href}"] if status >= 400 else []


def heading_problems(page):
    return [] if page.locator("h1").count() else ["no <h1> on the page"]


def untranslated_nav_problems(page):
    """In the Chinese UI every navigation label must be Chinese, not English left over."""
    labels = page.eval_on_selector_all(
        "ul[data-nav=main] a", "links => links.map(a => a.textContent.trim())"
    )
    return [
        f"untranslated navigation label: {label!r}" for label in labels if not CJK.search(label)
    ]


def axe_problems(page):
    """Accessibility: axe-core violations of impact serious or critical."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    problems = []
    for violation in violations:
        if violation["impact"] not in AXE_FAILING_IMPACTS:
            continue
        targets = "; ".join(
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"][:5]
        )
        more = len(violation["nodes"]) - 5
        checks = violation["nodes"][0]["any"] + violation["nodes"][0]["all"]
        detail = f" [{checks[0]['message']}]" if checks and checks[0].get("message") else ""
        problems.append(
            f"axe {violation['impact']} {violation['id']}: {violation['help']}"
            f" — {targets}" + (f" (+{more} more)" if more > 0 else "") + detail
        )
    return problems


def page_problems(page, watcher, *, phone, chinese=True):
    """Every check of the sweep, in one list."""
    problems = console_problems(watcher) + network_problems(watcher) + csp_problems(page)
    problems += icon_problems(page)
    if phone:
        problems += overflow_problems(page)
    problems += heading_problems(page)
    if chinese:
        problems += untranslated_nav_problems(page)
    problems += axe_problems(page)
    return problems
