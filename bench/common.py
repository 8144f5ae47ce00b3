"""Shared by the benchmark scripts: Django set up on the benchmark database only.

The scripts run against their own PostgreSQL database (``communitypolice_bench`` by
default), never the development or test databases: ``setup()`` refuses a database
whose name does not contain "bench".
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/communitypolice_bench"

# The district: one branch bureau, its stations and beats (codes are fixed so that the
# loader can tell whether the data is there already). BENCH_STATIONS and
# BENCH_BEATS_PER_STATION give a smaller one: the page benchmark's test loads 1 × 2, as
# every beat has the same 1,536 rooms whatever the number of people.
CITY_CODE = "330900000000"
BRANCH_CODE = "330902000000"
STATIONS = int(os.environ.get("BENCH_STATIONS", 6))
BEATS_PER_STATION = int(os.environ.get("BENCH_BEATS_PER_STATION", 10))
# The month the benchmark reports on; the loaded data runs up to its end.
YEAR, MONTH = 2026, 10


def station_code(n):
    return f"33090251{n:02d}00"


def beat_code(station, n):
    return f"{station}{n:02d}"


def setup():
    """Point Django at the benchmark database and set it up.

    ``BENCH_DATABASE_URL``, else ``DATABASE_URL``, may name another database, as long as
    its name says it is a benchmark database.
    """
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or BENCH_DATABASE_URL
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communitypolice.settings")
    # DEBUG=1 only spares the benchmark a SECRET_KEY; it is switched off again below.
    os.environ.setdefault("DEBUG", "1")
    os.environ.pop("REDIS_URL", None)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql" or "bench" not in database["NAME"]:
        sys.exit(
            f"Refusing to run against {database['NAME']!r}: the benchmark needs a PostgreSQL "
            "database whose name contains 'bench' (createdb communitypolice_bench)."
        )
    # As in production: no query log kept in memory, no debug cursor wrapper.
    settings.DEBUG = False
    return database["NAME"]
