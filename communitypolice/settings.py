"""Settings for the community policing platform.

Every environment variable the project reads is read here, in one place. The
defaults are for development on a laptop only: SQLite in the project folder and
Celery tasks run eagerly in process. Production switches behaviour through the
same variables (see the table in README.md), never through another file.
"""

import os
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For development, run with DEBUG=1 (the Makefile does)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "auditlog",
    "axes",
    "csp",
    "treebeard",
    "concurrency",
    "communitypolice.core",
    "communitypolice.accounts",
    "communitypolice.audit",
    "assignments",
    "places",
    "residents",
    "incidents",
    "ledgers",
    "reports",
]

MIDDLEWARE = [
    # First: the forwarded headers of a client that is not our proxy never reach the rest.
    "communitypolice.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "communitypolice.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "communitypolice.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last: it turns a lockout raised anywhere above into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "communitypolice.urls"
WSGI_APPLICATION = "communitypolice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communitypolice.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default holds a small station: readers never wait for a writer (WAL),
    # a writer waits up to 20 s for another instead of failing with "database is
    # locked", and a transaction takes its write lock when it begins, so that two never
    # deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so that a locked-out username never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 minutes without a request and 12 hours after login,
# whichever comes first (SessionLifetimeMiddleware enforces the second).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_TOUCH_SECONDS = 60  # SessionLifetimeMiddleware renews the idle limit at most this often
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: five failures for one username lock it until an admin releases it;
# one address gets a larger allowance across usernames, so that nobody can lock
# the whole station out from a single machine.
AXES_HANDLER = "communitypolice.accounts.lockout.StationLockoutHandler"
AXES_FAILURE_LIMIT = 5
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", 20))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
_cooloff = os.environ.get("AXES_COOLOFF_MINUTES")
AXES_COOLOFF_TIME = timedelta(minutes=int(_cooloff)) if _cooloff else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Security headers -------------------------------------------------------
# The reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed
# (addresses or networks, comma-separated); anyone else's are dropped.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: every page must satisfy this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Audit ------------------------------------------------------------------
# Foreign keys appear in the trail by name (和平街第一警务区), not by database id.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "accounts.Unit",
    {"model": "accounts.User", "exclude_fields": ["password", "last_login"]},
    "assignments.Beat",
    "assignments.Assignment",
    "places.Address",
    {"model": "places.House", "mask_fields": ["owner_id_number", "owner_phone"]},
    "places.Organization",
    "places.Item",
    "places.HouseUse",
    "places.OrganizationType",
    "places.ItemKind",
    {
        "model": "residents.Person",
        "mask_fields": ["id_number", "phone"],
        "m2m_fields": ["items", "owned_houses"],
    },
    "residents.KeyPersonDesignation",
    "residents.CareDesignation",
    "residents.MoveRequest",
    "residents.Ethnicity",
    "residents.KeyPersonCategory",
    "residents.CareCategory",
    "incidents.IncidentType",
    "incidents.Incident",
    {"model": "incidents.IncidentParty", "mask_fields": ["id_number", "phone"]},
    "incidents.Dispute",
    "incidents.Mediation",
    "incidents.Tip",
    "incidents.Visit",
    {"model": "ledgers.Batch", "exclude_fields": ["headers"]},
    {"model": "reports.ReportRun", "exclude_fields": ["result"]},
    "reports.Subscription",
    "assignments.TransferRequest",
    "assignments.DutyBlock",
    "assignments.TrainingRecord",
)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Inputs and selects drawn in Python, everything else as Django draws it.
FORM_RENDERER = "communitypolice.core.renderers.WidgetRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -----------------------------------------------------------------
# Without REDIS_URL (a laptop, `make run`) tasks run eagerly in the web process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Static schedule (celery beat): the reports' subscriptions are looked at every hour, so
# the run for last month appears early on the 1st and a missed tick is made up by the next;
# the sweeper fails report runs that a dead worker left generating.
CELERY_BEAT_SCHEDULE = {
    "reports-subscriptions": {
        "task": "reports.tasks.create_subscribed_runs",
        "schedule": crontab(minute=5),
    },
    "reports-sweeper": {"task": "reports.tasks.fail_stuck_runs", "schedule": 5 * 60},
    # Dashboard figures slow to count are counted again before they age (core/snapshots).
    "dashboard-snapshots": {"task": "reports.tasks.refresh_snapshots", "schedule": 4 * 60},
}
# Figures that take longer than this many seconds to count are kept for some minutes and
# shown with their time (core/snapshots.py); None counts them on every view.
DASHBOARD_SNAPSHOT_SECONDS = float(os.environ.get("DASHBOARD_SNAPSHOT_SECONDS", 0.5))
# One cache for every web process where there is Redis, each process's memory elsewhere.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# --- Reports -----------------------------------------------------------------
# A TrueType Chinese font for PDF files (ReportLab cannot read Noto CJK's CFF outlines).
# Without it PDF is reported unavailable and the other formats are still written.
REPORT_PDF_FONT = os.environ.get(
    "REPORT_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
)
# Report files, outside MEDIA_ROOT: they are only served by the audited download view.
REPORT_FILES_ROOT = Path(os.environ.get("REPORT_FILES_ROOT", BASE_DIR / "report-files"))
# A run still generating after this many minutes is marked failed by the sweeper.
REPORT_RUN_TIMEOUT_MINUTES = int(os.environ.get("REPORT_RUN_TIMEOUT_MINUTES", 30))

# --- Ledger import ------------------------------------------------------------
# The largest file and the most rows one import takes (台账导入).
LEDGER_MAX_BYTES = int(os.environ.get("LEDGER_MAX_BYTES", 50 * 1024 * 1024))
LEDGER_MAX_ROWS = int(os.environ.get("LEDGER_MAX_ROWS", 100_000))

# --- Email ------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Axes logs every successful login at INFO; the audit trail has them already.
    # Celery run eagerly (no REDIS_URL) would log every task it runs in the web process.
    "loggers": {"axes": {"level": "WARNING"}, "celery": {"level": "WARNING"}},
}

# --- Registers ---------------------------------------------------------------
# A rented house is a group rental (群租房) above this many tenants per bedroom.
GROUP_RENTAL_MAX_PER_ROOM = int(os.environ.get("GROUP_RENTAL_MAX_PER_ROOM", 2))

# Tips must be handled within these hours of being raised, by level.
TIP_DEADLINE_HOURS = {
    "warning": int(os.environ.get("TIP_DEADLINE_WARNING_HOURS", 24)),
    "sign": int(os.environ.get("TIP_DEADLINE_SIGN_HOURS", 72)),
    "tendency": int(os.environ.get("TIP_DEADLINE_TENDENCY_HOURS", 7 * 24)),
}
# A dispute open longer than this many days, by risk level, shows as overdue.
DISPUTE_OPEN_DAYS = {
    "high": int(os.environ.get("DISPUTE_OPEN_DAYS_HIGH", 7)),
    "medium": int(os.environ.get("DISPUTE_OPEN_DAYS_MEDIUM", 15)),
    "low": int(os.environ.get("DISPUTE_OPEN_DAYS_LOW", 30)),
}

# A key unit (重点单位) is due for a security inspection when it has had none for this long.
KEY_UNIT_INSPECTION_DAYS = int(os.environ.get("KEY_UNIT_INSPECTION_DAYS", 90))

# A record is due for verification when it was last verified longer ago than this.
FRESHNESS_DAYS = {
    "key_person": int(os.environ.get("FRESHNESS_DAYS_KEY_PERSON", 30)),
    "rental": int(os.environ.get("FRESHNESS_DAYS_RENTAL", 90)),
    "floating": int(os.environ.get("FRESHNESS_DAYS_FLOATING", 90)),
    "other": int(os.environ.get("FRESHNESS_DAYS_OTHER", 365)),
}


# --- Police-force allocation (assignments) ----------------------------------
def env_weights(name, default):
    """``"people=1,rentals=2"`` -> {"people": 1.0, "rentals": 2.0}, over the defaults."""
    weights = dict(default)
    for item in env_list(name):
        key, _, value = item.partition("=")
        if key.strip() not in weights:
            raise ImproperlyConfigured(f"{name}: unknown figure {key.strip()!r}")
        weights[key.strip()] = float(value)
    return weights


# An officer should stay in a beat at least this long; leaving earlier needs a
# second approval by the unit above the station.
MIN_TENURE_DAYS = int(os.environ.get("MIN_TENURE_DAYS", 2 * 365))
# The share of logged working time an officer should spend in the community.
COMMUNITY_SHARE_REQUIRED = Fraction(os.environ.get("COMMUNITY_SHARE_REQUIRED", "2/3"))
# Weekly targets: days working in the beat, households and organisations visited.
WEEKLY_TARGETS = {
    "days_in_beat": int(os.environ.get("WEEKLY_TARGET_DAYS_IN_BEAT", 4)),
    "households_visited": int(os.environ.get("WEEKLY_TARGET_HOUSEHOLDS", 10)),
    "organizations_visited": int(os.environ.get("WEEKLY_TARGET_ORGANIZATIONS", 5)),
}
# Training hours each officer should complete in a calendar year.
TRAINING_HOURS_PER_YEAR = int(os.environ.get("TRAINING_HOURS_PER_YEAR", 40))
# Workload index of a beat: the sum of each figure times its weight. Floating people
# are counted among the people too, so their weight is what they add on top.
ALLOCATION_WEIGHTS = env_weights(
    "ALLOCATION_WEIGHTS",
    {
        "people": 1,
        "floating": 0.5,
        "houses": 0,
        "rentals": 2,
        "organizations": 5,
        "key_persons": 50,
        "incidents": 10,
        "disputes": 20,
    },
)
# One officer can carry this much workload; a beat above it needs another (一区多警).
# The default follows the common rule of one community officer per 10,000 residents.
# A higher unit may set its own weights and figure on the allocation page.
ALLOCATION_INDEX_PER_OFFICER = int(os.environ.get("ALLOCATION_INDEX_PER_OFFICER", 10000))

# --- Demo data (manage.py seed_demo) ------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
