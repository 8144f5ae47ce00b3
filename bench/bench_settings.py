"""Settings of the page benchmark's gunicorn (``bench/pages.py``): the project's settings
with a query count in every response (``querycount``). Nothing else loads this module.

As ``common.setup()`` does, the project's settings are read with ``DEBUG=1``, which
spares the server a ``SECRET_KEY`` and the HTTPS-only settings (secure cookies, the
redirect to HTTPS: it is served over plain HTTP on 127.0.0.1), and then ``DEBUG`` is
switched off as in production: no query log kept, no debug pages, cached templates.
"""

import os

os.environ.setdefault("DEBUG", "1")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from communitypolice.settings import *  # noqa: E402, F403
from communitypolice.settings import DATABASES, MIDDLEWARE  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or (
    "bench" not in DATABASES["default"]["NAME"]
):
    raise ImproperlyConfigured("The page benchmark serves a PostgreSQL database named *bench*.")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
MIDDLEWARE = ["querycount.QueryCountMiddleware", *MIDDLEWARE]
