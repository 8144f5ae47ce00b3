"""Settings for the test run: the project's one settings module, with the environment a
test run needs filled in first.

pytest-django loads settings before any conftest is imported, so the defaults are set
here. Like ``manage.py``, a test run defaults to development (``DEBUG=1``, which spares
it a ``SECRET_KEY``); production settings keep refusing to start without one.
"""

import os

os.environ.setdefault("DEBUG", "1")

from communitypolice.settings import *  # noqa: E402, F403

# Dashboards count on every view, however loaded the machine; the tests of kept figures
# set a threshold of their own.
DASHBOARD_SNAPSHOT_SECONDS = None
