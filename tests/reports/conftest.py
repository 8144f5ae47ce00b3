import pytest

from communitypolice.core.periods import Period
from reports.catalogue.base import Params


@pytest.fixture(autouse=True)
def report_files(settings, tmp_path):
    """Report files of a test go to its own folder."""
    settings.REPORT_FILES_ROOT = tmp_path / "report-files"
    return settings.REPORT_FILES_ROOT


@pytest.fixture
def october():
    return Period.month(2026, 10)


@pytest.fixture
def make_run(eager_tasks, django_capture_on_commit_callbacks):
    """``make_run(unit, period=..., by=user, code="population")``: a run, generated."""
    from reports import catalogue, services

    def make(unit, period=None, by=None, code="population"):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.request_run(
                report=catalogue.get(code),
                params=Params(unit, period or Period.month(2026, 10)),
                by=by,
            )
        run.refresh_from_db()
        return run

    return make
