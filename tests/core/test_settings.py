"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7$kq!2v9-production-like-secret-key-for-the-check-deploy-test-0a1b2c3d4e",
    "ALLOWED_HOSTS": "police.example.internal",
    "CSRF_TRUSTED_ORIGINS": "https://police.example.internal",
    "DATABASE_URL": "sqlite:////tmp/communitypolice-deploy-check.sqlite3",
}


def run_python(code, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "REDIS_URL", "DATABASE_URL"}
    }
    base.update(env, DJANGO_SETTINGS_MODULE="communitypolice.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def read_settings(names, **env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr([getattr(settings, n) for n in {names!r}]))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # our own repr of plain values


def test_production_refuses_to_start_without_secret_key():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_defaults_sqlite_and_eager_tasks():
    engine, name, eager, broker = read_settings(
        ["DATABASES", "DATABASES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL"], DEBUG="1"
    )
    assert engine["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(name["default"]["NAME"]).endswith("db.sqlite3")
    assert eager is True and broker == "memory://"


def test_database_and_redis_urls_are_honoured():
    databases, eager, broker, backend = read_settings(
        ["DATABASES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"],
        DEBUG="1",
        DATABASE_URL="postgres://cp:pw@db.internal:5433/cpdb",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    db = databases["default"]
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "cpdb",
    )
    assert eager is False
    assert broker == backend == "redis://cache.internal:6379/2"


def test_hosts_and_time_zone():
    hosts, origins, tz, use_tz, lang = read_settings(
        ["ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "TIME_ZONE", "USE_TZ", "LANGUAGE_CODE"],
        **PRODUCTION,
    )
    assert hosts == ["police.example.internal"]
    assert origins == ["https://police.example.internal"]
    assert (tz, use_tz, lang) == ("Asia/Shanghai", True, "zh-hans")


@pytest.mark.slow
def test_check_deploy_has_no_warnings_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_database_reads_while_it_writes_and_waits_for_a_lock(tmp_path):
    """WAL (readers never wait for the writer) and a busy timeout, on the SQLite file a
    laptop or a small station runs on."""
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = run_python(code, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'station.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]
