"""The page benchmark (``bench/pages.py``) still runs: against a tiny district (1 station
× 2 beats, 200 people) in a PostgreSQL database of its own, loaded once by
``bench/load_district.py`` and kept for the next run. Skipped on SQLite."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "communitypolice_bench_pages_test"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark needs PostgreSQL"),
]


@pytest.fixture(scope="module")
def tiny_district():
    """The environment for the benchmark's scripts, with the tiny district loaded (the
    loader migrates the database and does nothing more when the district is there)."""
    import psycopg2

    database = settings.DATABASES["default"]
    server = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"] or "postgres",
        "password": database["PASSWORD"] or "",
    }
    try:
        maintenance = psycopg2.connect(dbname="postgres", connect_timeout=5, **server)
    except psycopg2.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable: {error}")
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    maintenance.close()

    credentials = urllib.parse.quote(server["user"])
    if server["password"]:
        credentials += ":" + urllib.parse.quote(server["password"])
    environment = {
        name: value
        for name, value in os.environ.items()
        # The scripts set up Django themselves, on the benchmark database only.
        if name not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
    }
    environment |= {
        "BENCH_DATABASE_URL": (
            f"postgres://{credentials}@{server['host']}:{server['port']}/{DATABASE}"
        ),
        "BENCH_STATIONS": "1",
        "BENCH_BEATS_PER_STATION": "2",
    }
    loader = subprocess.run(
        [sys.executable, "bench/load_district.py", "--people", "200", "--incidents", "50"]
        + ["--organizations", "10"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert loader.returncode == 0, loader.stdout + loader.stderr
    return environment


def table_rows(output):
    """The benchmark's table as dicts, one per page."""
    lines = [line for line in output.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in lines[2:]
    ]


def test_every_page_gets_its_row_of_figures_from_answers_that_are_all_200(tiny_district):
    result = subprocess.run(
        [sys.executable, "bench/pages.py", "--requests", "1", "--clients", "1"]
        + ["--concurrent", "1"],
        cwd=ROOT,
        env=tiny_district,
        capture_output=True,
        text=True,
        timeout=600,
    )

    # Any answer but 200 (a login redirect, a 403, a 500) ends the run with an error.
    assert result.returncode == 0, result.stdout + result.stderr
    rows = table_rows(result.stdout)
    pages = {(row["role"], row["page"]) for row in rows}
    assert ("anonymous", "accounts:login") in pages
    for role in ("chief", "officer"):
        for name in (
            "residents:person_list",
            "places:house_list",
            "places:organization_list",
            "places:item_list",
            "incidents:incident_list",
            "incidents:dispute_list",
            "incidents:tip_list",
            "incidents:visit_list",
            "incidents:freshness",
            "assignments:allocation" if role == "chief" else "reports:officer_home",
        ):
            assert (role, name) in pages
    assert {("chief", "audit:log"), ("chief", "reports:station_overview")} <= pages
    assert {("analyst", "reports:index"), ("analyst", "assignments:allocation")} <= pages
    for row in rows:
        assert row["median"].endswith(" ms") and row["p95"].endswith(" ms"), row
        assert float(row["req/s (1 client)"]) > 0, row
        assert row["× login"].endswith("×"), row
        if row["role"] != "anonymous":
            assert int(row["queries"].split("–")[-1]) > 0, row  # counted by the server
    login = next(row for row in rows if row["role"] == "anonymous")
    assert login["× login"] == "1.0×"
    searches = [row for row in rows if row["page"] == "residents:person_list"]
    assert len(searches) == 2 * 14  # every search shape, as chief and as officer
    for row in searches:  # each term is a real person's: every search finds someone
        assert row["found"] not in ("", "0"), row
    assert "Slowest query of the 10 slowest pages:" in result.stdout
