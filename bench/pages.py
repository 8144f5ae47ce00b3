"""Benchmark of the pages (issue 14, item 1), on the district of ``load_district.py``.

The app is served by gunicorn (2 sync workers on 127.0.0.1, started here with the
benchmark database and ``bench_settings``, which adds a query count to every response)
and asked for every page and search shape as a station chief, an officer (one beat) and
an analyst (the branch bureau): the registers, the resident list's searches, the
freshness queue, the dashboards and the allocation page, next to the login page.

For each: the median and 95th percentile of N requests one after another, requests per
second with C concurrent clients (each its own logged-in session), the SQL queries per
request (counted by the server), and the median as a multiple of the login page's in the
same run. Every response must be 200. The users (``bench_pages_chief``, ``…_officer``,
``…_analyst``) are created or updated here; the search terms come from the register:
the officer's beat's lowest-numbered people, so that both roles find them.

    .venv/bin/python bench/pages.py [--requests 30] [--clients 4] [--concurrent 40]
                                    [--only PATTERN]
"""

import argparse
import datetime
import http.cookiejar
import json
import math
import os
import platform
import queue
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import common

HOST = "127.0.0.1"
PASSWORD = "bench-pages-2026"
USERNAMES = {
    "chief": "bench_pages_chief",
    "officer": "bench_pages_officer",
    "analyst": "bench_pages_analyst",
}
# The count line under a paginated list (includes/_pagination.html), in Chinese or
# English: the number of records, or "more than" the paginator's cap.
FOUND = re.compile(r"共 (\d+) 条记录|>(\d+) records?</p>")
CAPPED = re.compile(r"超过 ([\d,]+) 条记录|More than ([\d,]+) records")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="sequential requests a page")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--concurrent", type=int, default=40, help="requests a page, shared by the clients"
    )
    parser.add_argument(
        "--only", metavar="PATTERN", help="pages whose 'role page query' matches (a regex)"
    )
    args = parser.parse_args()

    name = common.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    plan = prepare()
    pages = [page for page in plan.pages if page.role is None or matches(page, args.only)]
    print(
        f"Database {name} (PostgreSQL {server}), Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_average()} at the start."
    )
    print(
        f"Chief: {plan.station} ({plan.people_in_station:,} people living there); "
        f"officer: {plan.beat} ({plan.people_in_beat:,}); analyst: {plan.branch}."
    )
    print(
        f"{len(pages)} pages; each: a warm-up request from every client, {args.requests} "
        f"sequential requests, then {args.concurrent} shared by {args.clients} concurrent "
        "clients.",
        flush=True,
    )
    connection.close()  # the server has the database to itself from here

    with Server() as server:
        sessions = Sessions(server, args.clients)
        results = []
        for page in pages:
            print(f"  {page.label} …", end="", flush=True, file=sys.stderr)
            result = measure(sessions, page, args)
            print(f" {result.median * 1000:.0f} ms", file=sys.stderr)
            results.append(result)
        print(f"Load average {load_average()} at the end.", flush=True)
    print()
    print_table(results, args.clients)
    print()
    print_slowest_queries(results, server.query_log_lines)


# --- what to ask for -------------------------------------------------------------------


@dataclass
class Page:
    role: str | None  # None: anonymous
    name: str  # the URL name
    query: dict = field(default_factory=dict)
    shape: str = ""

    @property
    def path(self):
        from django.urls import reverse

        path = reverse(self.name)
        return f"{path}?{urllib.parse.urlencode(self.query)}" if self.query else path

    @property
    def label(self):
        query = " ".join(f"{k}={v}" for k, v in self.query.items())
        return " ".join(part for part in (self.role or "anonymous", self.name, query) if part)


@dataclass
class Plan:
    station: object
    beat: object
    branch: object
    people_in_station: int
    people_in_beat: int
    pages: list


def matches(page, pattern):
    return pattern is None or re.search(pattern, page.label, re.IGNORECASE)


# The registers' lists besides the people's, whose searches come with the search terms.
REGISTERS = [
    "places:house_list",
    "places:organization_list",
    "places:item_list",
    "incidents:incident_list",
    "incidents:dispute_list",
    "incidents:tip_list",
    "incidents:visit_list",
]


def prepare():
    """The users, the officer's post, the search terms: the pages to ask for."""
    from django.db import transaction
    from django.db.models import Exists, OuterRef

    from assignments.models import Beat
    from residents.models import Person

    # The first beat (by code) with people living in it, and its station: in the
    # district of load_district.py the first station's first beat.
    beat = (
        Beat.objects.filter(Exists(Person.objects.living().filter(beat=OuterRef("pk"))))
        .select_related("station__parent")
        .order_by("station__code", "code")
        .first()
    )
    if beat is None:
        sys.exit("No people in the register: load a district first (bench/load_district.py).")
    station, branch = beat.station, beat.station.parent
    with transaction.atomic():
        users(station, branch, beat)
    terms = search_terms(beat)
    register_terms = register_search_terms(beat)
    people = Person.objects.living()
    pages = [Page(None, "accounts:login", shape="login page")]
    for role in ("chief", "officer"):
        pages += [Page(role, "residents:person_list", query, shape) for shape, query in terms]
        pages += [Page(role, name) for name in REGISTERS]
        pages += [Page(role, name, query, shape) for name, shape, query in register_terms]
        if role == "chief":
            pages.append(Page(role, "audit:log"))  # chiefs and administrators only
        pages.append(Page(role, "incidents:freshness"))
        pages.append(
            Page(role, "reports:station_overview" if role == "chief" else "reports:officer_home")
        )
    pages.append(Page("chief", "assignments:allocation"))
    pages += [Page("analyst", "reports:index"), Page("analyst", "assignments:allocation")]
    return Plan(
        station=station,
        beat=beat,
        branch=branch,
        people_in_station=people.filter(beat__station=station).count(),
        people_in_beat=people.filter(beat=beat).count(),
        pages=pages,
    )


def users(station, branch, beat):
    """The benchmark's own users, created or brought up to date: a chief of the station,
    an officer posted to the beat today (and nowhere else), an analyst at the branch
    bureau."""
    from assignments.models import Assignment
    from communitypolice.accounts.models import User
    from communitypolice.core import periods

    wanted = {
        "chief": (User.Role.CHIEF, station, "基准所长"),
        "officer": (User.Role.OFFICER, station, "基准民警"),
        "analyst": (User.Role.ANALYST, branch, "基准分析员"),
    }
    accounts = {}
    for key, (role, unit, full_name) in wanted.items():
        user, _created = User.objects.update_or_create(
            username=USERNAMES[key],
            defaults={"role": role, "unit": unit, "full_name": full_name, "is_active": True},
        )
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        accounts[key] = user
    officer, today = accounts["officer"], periods.today()
    posts = Assignment.objects.filter(officer=officer)
    posts.exclude(beat=beat).delete()
    if not posts.active_on(today).filter(beat=beat).exists():
        posts.delete()
        has_lead = Assignment.objects.active_on(today).filter(beat=beat, role=Assignment.Role.LEAD)
        Assignment.objects.create(
            officer=officer,
            beat=beat,
            role=Assignment.Role.ASSISTANT if has_lead.exists() else Assignment.Role.LEAD,
            start_date=today - datetime.timedelta(days=30),
        )


def search_terms(beat):
    """The resident list's search shapes, each with a real value from the beat: the
    lowest-numbered living person that has what the shape needs."""
    from django.db.models.functions import Length

    from residents.models import Person

    people = Person.objects.living().filter(beat=beat).order_by("pk")
    named = people.annotate(name_length=Length("name"))

    def first(queryset, what):
        person = queryset.first()
        if person is None:
            sys.exit(f"No living person in {beat} with {what}: the searches need one.")
        return person

    two = first(named.filter(name_length=2), "a two-character name")
    three = first(named.filter(name_length=3), "a three-character name")
    ric = first(
        people.filter(id_type=Person.IdType.RESIDENT_ID, id_number__regex=r"^\d{17}[\dX]$"),
        "an 18-digit ID number",
    )
    phone = first(people.filter(phone__regex=r"^1\d{10}$"), "a mobile phone number")
    floating = first(
        named.filter(name_length=2, category=Person.Category.FLOATING), "a floating person"
    )
    return [
        ("no filter", {}),
        ("name, 1 character", {"q": two.name[0]}),
        ("name, 2 characters", {"q": two.name}),
        ("name, 3 characters", {"q": three.name}),
        ("given name alone", {"q": three.name[1:]}),
        ("pinyin initials", {"q": two.name_initials}),
        ("full pinyin", {"q": two.name_pinyin}),
        ("ID number, last 4 digits", {"q": ric.id_number[-4:]}),
        ("ID number, first 6 digits", {"q": ric.id_number[:6]}),
        ("ID number, all 18", {"q": ric.id_number}),
        ("ID number, 8 middle digits", {"q": ric.id_number[6:14]}),
        ("phone, last 4 digits", {"q": phone.phone[-4:]}),
        ("phone, 6 middle digits", {"q": phone.phone[3:9]}),
        ("floating + 2-character name", {"q": floating.name, "category": "floating"}),
    ]


def register_search_terms(beat):
    """Searches of the other registers by what officers type there: part of an address
    (the building, entrance and room of a house, as on its door), an incident number."""
    from incidents.models import Incident
    from places.models import House

    house = House.objects.filter(beat=beat).select_related("address").order_by("pk").first()
    incident = Incident.objects.filter(beat=beat, address__isnull=False).order_by("pk")
    incident = incident.select_related("address").first()
    if house is None or incident is None:
        sys.exit(f"No house or no incident with an address in {beat}: the searches need them.")
    return [
        ("places:house_list", "address, building to room", {"q": house.address.full_name[-9:]}),
        ("incidents:incident_list", "address part", {"q": incident.address.full_name[-9:]}),
        ("incidents:incident_list", "incident number", {"q": incident.number}),
    ]


# --- the server ------------------------------------------------------------------------


class Server:
    """gunicorn with 2 sync workers on a free port of 127.0.0.1, for a ``with`` block."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.folder = tempfile.mkdtemp(prefix="bench-pages-")
        self.log = os.path.join(self.folder, "gunicorn.log")
        self.query_log = os.path.join(self.folder, "queries.jsonl")
        self.query_log_lines = []
        self.process = None

    def __enter__(self):
        environment = {
            **os.environ,  # DATABASE_URL and DEBUG as common.setup() left them
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "BENCH_QUERY_LOG": self.query_log,
            # A run at 1,000,000 people takes longer than the 30-minute idle limit: the
            # officer's session would end while the chief's pages are asked for.
            "SESSION_IDLE_SECONDS": str(24 * 3600),
        }
        command = [
            *(sys.executable, "-m", "gunicorn", "communitypolice.wsgi:application"),
            *("--workers", "2", "--worker-class", "sync", "--bind", f"{HOST}:{self.port}"),
            *("--pythonpath", str(common.ROOT / "bench"), "--chdir", str(common.ROOT)),
            *("--timeout", "900", "--log-level", "warning"),
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=common.ROOT
            )
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        if os.path.exists(self.query_log):
            with open(self.query_log, encoding="utf-8") as lines:
                self.query_log_lines = [json.loads(line) for line in lines]
        if exc[0] is None:
            for path in (self.log, self.query_log):
                if os.path.exists(path):
                    os.unlink(path)
            os.rmdir(self.folder)
        else:
            print(f"gunicorn's log: {self.log}\n{self.log_tail()}", file=sys.stderr)

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode})")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise BenchError(f"gunicorn did not listen on port {self.port} within {seconds} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines=40):
        with open(self.log, encoding="utf-8", errors="replace") as log:
            return "".join(log.readlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class BenchError(Exception):
    pass


# --- the clients -----------------------------------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check (the login's), not something to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    headers: object
    body: str
    seconds: float


class Client:
    """One browser: its own cookies, so its own session."""

    def __init__(self, server):
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, path, data=None, page=None):
        """GET ``path`` (POST ``data``); ``page`` names it in the server's query log."""
        headers = {"X-Bench-Page": urllib.parse.quote(page)} if page else {}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.server.url + path, data=body, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=900) as answer:
                status, content = answer.status, answer.read()
                answer_headers = answer.headers
        except urllib.error.HTTPError as error:
            status, content, answer_headers = error.code, error.read(), error.headers
        seconds = time.perf_counter() - started
        return Response(status, answer_headers, content.decode("utf-8", "replace"), seconds)

    def log_in(self, username):
        from django.urls import reverse

        login = reverse("accounts:login")
        form = self.request(login)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            raise BenchError(f"GET {login}: {form.status}, no login form")
        answer = self.request(
            login,
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        )
        if answer.status != 302 or login in answer.headers.get("Location", login):
            raise BenchError(f"{username} could not log in ({answer.status})")


class Sessions:
    """A logged-in client for each role, and ``clients`` more for the concurrent runs;
    logged in when first needed."""

    def __init__(self, server, clients):
        self.server = server
        self.clients = clients
        self.sequential = {}
        self.concurrent = {}

    def client(self, role):
        if role not in self.sequential:
            self.sequential[role] = self._logged_in(role)
        return self.sequential[role]

    def pool(self, role):
        if role not in self.concurrent:
            self.concurrent[role] = [self._logged_in(role) for _n in range(self.clients)]
        return self.concurrent[role]

    def _logged_in(self, role):
        client = Client(self.server)
        if role is not None:
            client.log_in(USERNAMES[role])
        return client


# --- measuring -------------------------------------------------------------------------


@dataclass
class Result:
    page: Page
    times: list
    queries: list
    sql_ms: list
    found: str
    per_second: float

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def p95(self):
        """The 95th percentile, nearest rank: of 30 requests the 29th fastest."""
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def checked(response, page):
    if response.status != 200:
        raise BenchError(f"{page.label}: {page.path} answered {response.status}, not 200")
    return response


def measure(sessions, page, args):
    path, key = page.path, page.label
    client, pool = sessions.client(page.role), sessions.pool(page.role)
    # Warm-up, not counted: one request from every client at once, so that both workers
    # have most likely compiled the page's templates before the timed requests.
    first = at_once([client, *pool], page)[0]
    times, queries, sql_ms = [], [], []
    for _n in range(args.requests):
        response = checked(client.request(path, page=key), page)
        times.append(response.seconds)
        queries.append(int(response.headers["X-Queries"]))
        sql_ms.append(float(response.headers["X-Queries-Ms"]))
    return Result(
        page=page,
        times=times,
        queries=queries,
        sql_ms=sql_ms,
        found=found_in(first.body),
        per_second=concurrently(pool, page, args.concurrent),
    )


def found_in(body):
    """What the list says it found: a number, "> cap", or "" for a page without a count."""
    if capped := CAPPED.search(body):
        return f"> {int((capped[1] or capped[2]).replace(',', '')):,}"
    if found := FOUND.search(body):
        return f"{int(found[1] or found[2]):,}"
    return ""


def at_once(clients, page):
    """One request from each client, all at the same time; their responses."""
    path = page.path
    responses = [None] * len(clients)

    def ask(n):
        try:
            responses[n] = clients[n].request(path)
        except Exception as error:  # raised again below, in the main thread
            responses[n] = error

    threads = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for response in responses:
        if isinstance(response, Exception):
            raise response
    return [checked(response, page) for response in responses]


def concurrently(clients, page, total):
    """Requests per second with each client asking for the page again as soon as it has
    its answer, ``total`` requests in all."""
    work = queue.Queue()
    for _n in range(total):
        work.put(None)
    failures = []
    path = page.path

    def ask(client):
        while not failures:
            try:
                work.get_nowait()
            except queue.Empty:
                return
            try:
                checked(client.request(path), page)
            except Exception as error:  # raised again below, in the main thread
                failures.append(error)

    threads = [threading.Thread(target=ask, args=(client,), daemon=True) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return total / elapsed


# --- printing --------------------------------------------------------------------------


def load_average():
    return " / ".join(f"{n:.1f}" for n in os.getloadavg())


def milliseconds(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def print_table(results, clients):
    login = next(r for r in results if r.page.role is None).median
    print(
        f"| role | page | query | found | median | p95 "
        f"| req/s ({clients} client{'s' if clients > 1 else ''}) "
        "| queries | SQL (median) | × login |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results:
        page = result.page
        query = " ".join(f"{k}={v}" for k, v in page.query.items())
        if page.shape:
            query = f"{page.shape}: `{query}`" if query else page.shape
        low, high = min(result.queries), max(result.queries)
        print(
            f"| {page.role or 'anonymous'} | {page.name} | {query} "
            f"| {result.found} "
            f"| {milliseconds(result.median)} | {milliseconds(result.p95)} "
            f"| {result.per_second:.1f} | {low if low == high else f'{low}–{high}'} "
            f"| {milliseconds(statistics.median(result.sql_ms) / 1000)} "
            f"| {result.median / login:.1f}× |"
        )


def print_slowest_queries(results, lines, shown=10):
    """The pages slowest by median, each with its slowest query (the one that was the
    slowest of its request most often, and its median time)."""
    by_page = {}
    for line in lines:
        by_page.setdefault(line["page"], []).append(line)
    print(f"Slowest query of the {shown} slowest pages:")
    for result in sorted(results, key=lambda r: r.median, reverse=True)[:shown]:
        entries = [e for e in by_page.get(urllib.parse.quote(result.page.label), []) if e["sql"]]
        if not entries:
            continue
        sql = statistics.mode(entry["sql"] for entry in entries)
        ms = statistics.median(entry["ms"] for entry in entries if entry["sql"] == sql)
        shape = re.sub(r"\s+", " ", sql)
        # A plain list of columns says nothing: what follows FROM does.
        shape = re.sub(r'^SELECT (?:"\w+"\."\w+", )+"\w+"\."\w+" FROM', "SELECT … FROM", shape)
        print(f"- {result.page.label}: {milliseconds(result.median)}; {ms:,.0f} ms in")
        print(f"  {shape[:600]}{' …' if len(shape) > 600 else ''}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"Failed: {error}")
