"""Tongxin settings: one file, driven by environment variables.

DATABASE_URL unset → embedded SQLite in WAL mode (data/tongxin.sqlite3);
set → that database (PostgreSQL in production).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tongxin.core import keys as install_keys

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TONGXIN_DATA_DIR", BASE_DIR / "var"))
# Reference data shipped beside the repository (never copied into it); optional.
SHARED_DATA_DIR = Path(os.environ.get("TONGXIN_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_networks(name: str) -> list[str]:
    """Comma-separated CIDRs (or bare addresses); a typo stops the start, rather than
    quietly allowing nothing."""
    values = [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {exc}") from exc
    return values


DEBUG = env_bool("TONGXIN_DEBUG", False)
# No key is written in the source (tongxin.core.keys): each install has its own, from the
# environment or from files under DATA_DIR. The demo, the tests and DEBUG write random ones on
# their first run; a production start without them stops here with the message saying how.
_CREATE_KEYS = DEBUG or env_bool("TONGXIN_CREATE_KEYS") or "PYTEST_VERSION" in os.environ
try:
    _KEYS = install_keys.load(DATA_DIR, os.environ, create=_CREATE_KEYS)
except install_keys.MissingKeys as _missing:
    raise ImproperlyConfigured(str(_missing)) from None
SECRET_KEY = _KEYS.secret_key
ALLOWED_HOSTS = os.environ.get("TONGXIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "tongxin.core",
    "tongxin.accounts",
    "tongxin.regions",
    "tongxin.org",
    "tongxin.sla",
    "tongxin.cases",
    "tongxin.live",
    "tongxin.notifications",
    "tongxin.supervision",
    "tongxin.feedback",
    "tongxin.scoring",
    "tongxin.participation",
    "tongxin.basedata",
    "tongxin.sensing",
    "tongxin.areas",
    "tongxin.mediation",
    "tongxin.emergency",
    "tongxin.whistle",
    "tongxin.councils",
    "tongxin.party",
    "tongxin.intake",
    "tongxin.triage",
    "tongxin.open311",
    "tongxin.outbound",
    "tongxin.api",
    "tongxin.workbench",
    "tongxin.portal",
    "tongxin.hotline",
    "tongxin.fieldapp",
    "tongxin.demo",
    "tongxin.analytics",
    "tongxin.security",
    "tongxin.records",
    "tongxin.worker",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tongxin.security.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongxin.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongxin.security.middleware.SessionControlMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tongxin.workbench.context.navigation",
            ],
        },
    },
]


def _database() -> dj_database_url.DBConfig:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Connections are kept for a minute, and checked at the start of each request that
        # reuses one: a backend killed meanwhile (restart, failover, pg_terminate_backend) is
        # replaced before the first query instead of answering 500 (issue 28 finding 9).
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        # One test database per test process, so parallel runs on one server don't collide.
        db["TEST"] = {"NAME": os.environ.get("TONGXIN_TEST_DB", f"test_tongxin_{os.getpid()}")}
        return db
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("TONGXIN_SQLITE_PATH", str(DATA_DIR / "tongxin.sqlite3")),
        "OPTIONS": {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing half-way with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(os.environ.get("TONGXIN_PASSWORD_MIN_LENGTH", "10"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "tongxin.security.passwords.ComplexityValidator",
     "OPTIONS": {"classes": int(os.environ.get("TONGXIN_PASSWORD_CLASSES", "3"))}},
    {"NAME": "tongxin.security.passwords.HistoryValidator",
     "OPTIONS": {"remember": int(os.environ.get("TONGXIN_PASSWORD_HISTORY", "5"))}},
]
# Lockout (django-axes), see AXES_LOCKOUT_PARAMETERS.
AUTHENTICATION_BACKENDS = [
    "tongxin.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TONGXIN_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("TONGXIN_LOCKOUT_HOURS", "0.5"))
# An account is locked only for the address its failures came from (a stranger elsewhere
# cannot lock the real user out: issue 28 finding 9), and an address that fails against many
# accounts is locked as a whole (password spraying). Counters in the database, shared by all.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TONGXIN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# Assets are served from the app folders (WHITENOISE_USE_FINDERS); the folder only needs to
# exist for `collectstatic` deployments, and WhiteNoise warns when it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("TONGXIN_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("TONGXIN_SESSION_SECONDS", 8 * 3600))
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
# Behind TLS (production) cookies are Secure and HSTS is on; the embedded demo is plain HTTP.
_TLS = env_bool("TONGXIN_TLS", not DEBUG and env_bool("TONGXIN_SECURE_COOKIES", False))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _TLS
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(os.environ.get("TONGXIN_HSTS_SECONDS", 31536000 if _TLS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _TLS else None

# Security and data protection (tongxin.security; docs/security.md).
# The data keys, none derived from SECRET_KEY (environment, else DATA_DIR/data-keys.json).
TONGXIN_SM4_KEYS = _KEYS.data["TONGXIN_SM4_KEYS"]  # "id1:32hex,id2:32hex"
TONGXIN_SM4_ACTIVE = _KEYS.data["TONGXIN_SM4_ACTIVE"]
TONGXIN_SM3_HASH_KEY = _KEYS.data["TONGXIN_SM3_HASH_KEY"]  # 32+ hex digits
TONGXIN_AUDIT_KEY = _KEYS.data["TONGXIN_AUDIT_KEY"]  # 32+ hex digits: the audit chains' key
TONGXIN_BACKUP_KEY = _KEYS.data["TONGXIN_BACKUP_KEY"]  # 32 hex digits: backup archives (SM4)
# Upgrading an install whose data was encrypted under keys derived from its old SECRET_KEY:
# set this to that old key, run `tongxin security rotate-keys`, then remove it.
TONGXIN_LEGACY_SECRET_KEY = os.environ.get("TONGXIN_LEGACY_SECRET_KEY", "")
# Where the worker appends each seal of the case trails, outside the database.
TONGXIN_AUDIT_CHECKPOINTS = os.environ.get("TONGXIN_AUDIT_CHECKPOINTS",
                                           str(BASE_DIR / "var" / "audit-checkpoints.log"))
# Second-factor codes: this many wrong ones per account, or per address, lock both out for
# this long (tongxin.security.attempts).
TONGXIN_TOTP_FAILURES = int(os.environ.get("TONGXIN_TOTP_FAILURES", "5"))
TONGXIN_TOTP_LOCK_SECONDS = int(os.environ.get("TONGXIN_TOTP_LOCK_SECONDS", "900"))
# Idle timeout: a session unused this long ends (等保: 登录超时退出).
TONGXIN_IDLE_SECONDS = int(os.environ.get("TONGXIN_IDLE_SECONDS", 30 * 60))

# Live screens (tongxin.live): a server-sent-event stream lasts this long, then the browser
# reconnects; a heartbeat comment this often; at most this many streams per web process
# (each holds one of `tongxin serve`'s threads); without PostgreSQL's NOTIFY, the event table
# is polled this often.
TONGXIN_LIVE_STREAM_SECONDS = float(os.environ.get("TONGXIN_LIVE_STREAM_SECONDS", 30))
TONGXIN_LIVE_HEARTBEAT_SECONDS = float(os.environ.get("TONGXIN_LIVE_HEARTBEAT_SECONDS", 15))
TONGXIN_LIVE_STREAMS = int(os.environ.get("TONGXIN_LIVE_STREAMS", 5))
TONGXIN_LIVE_POLL_SECONDS = float(os.environ.get("TONGXIN_LIVE_POLL_SECONDS", 0.5))
# One active session per account: a new login ends the older ones.
TONGXIN_SINGLE_SESSION = env_bool("TONGXIN_SINGLE_SESSION", True)
TONGXIN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("TONGXIN_PASSWORD_MAX_AGE_DAYS", "90"))
# Roles that must log in with a second factor (TOTP).
TONGXIN_TOTP_ROLES = os.environ.get(
    "TONGXIN_TOTP_ROLES", "admin,sysadmin,secadmin,auditadmin"
).split(",")
# Reporters' personal data is anonymised this long after a case closes (0 = never).
TONGXIN_PERSONAL_RETENTION_DAYS = int(os.environ.get("TONGXIN_PERSONAL_RETENTION_DAYS", "1095"))
# Knowledge-base articles not reviewed for this many days are marked for review (hotline).
TONGXIN_KB_STALE_DAYS = int(os.environ.get("TONGXIN_KB_STALE_DAYS", "180"))

# Counters every process must share (rate limits, second-factor lockout): the database cache
# by default, Redis with TONGXIN_CACHE_URL=redis://host:6379/0 (tongxin.core.sharedcache).
# The default cache stays in process memory: it only holds what may differ per process.
TONGXIN_CACHE_URL = os.environ.get("TONGXIN_CACHE_URL", "")


def _shared_cache(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "KEY_PREFIX": "tongxin"}
    if url == "locmem://":  # one process only: throwaway runs and the comparison test
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "tongxin-shared"}
    if url:
        raise ImproperlyConfigured(f"TONGXIN_CACHE_URL: {url!r} is neither redis://… nor empty")
    # Rows enough for every address counted in a window; past that Django culls expired rows.
    return {"BACKEND": "tongxin.core.sharedcache.SharedDatabaseCache",
            "LOCATION": "tongxin_shared_cache", "OPTIONS": {"MAX_ENTRIES": 200_000}}


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": _shared_cache(TONGXIN_CACHE_URL),
}
RATELIMIT_USE_CACHE = "shared"

TONGXIN_RATE_LIMITS = {
    "login": os.environ.get("TONGXIN_RATE_LOGIN", "20/m"),
    "intake": os.environ.get("TONGXIN_RATE_INTAKE", "60/m"),
    "search": os.environ.get("TONGXIN_RATE_SEARCH", "120/m"),
    # Reports without signing in (portal), per client address.
    "anonymous": os.environ.get("TONGXIN_RATE_ANONYMOUS", "10/h"),
    "token": os.environ.get("TONGXIN_RATE_TOKEN", "30/m"),
    "analytics": os.environ.get("TONGXIN_RATE_ANALYTICS", "120/m"),
}
# Outbound guard (tongxin.core.netguard, docs/security.md): webhooks and media feeds never
# connect to loopback, link-local, private, multicast, unspecified, reserved or other
# non-public addresses, except those in these networks: OUTBOUND for both, WEBHOOK for
# webhooks only. Empty by default.
TONGXIN_OUTBOUND_ALLOW = env_networks("TONGXIN_OUTBOUND_ALLOW")
TONGXIN_WEBHOOK_ALLOW = env_networks("TONGXIN_WEBHOOK_ALLOW")
# Called with each uploaded file before it is stored; raise ValidationFailed to refuse it.
TONGXIN_UPLOAD_SCANNERS = [
    s for s in os.environ.get("TONGXIN_UPLOAD_SCANNERS", "").split(",") if s
]

EMAIL_BACKEND = os.environ.get(
    "TONGXIN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# SMS gateway for messages back to reporters; the console backend only logs them.
TONGXIN_SMS_BACKEND = os.environ.get(
    "TONGXIN_SMS_BACKEND", "tongxin.outbound.sms.ConsoleSmsBackend"
)

# Return visits (回访): the address the SMS rating link points to, and the days a citizen has
# to answer before the visit counts as unreached. Score weights and participation points can
# be overridden here as dicts (TONGXIN_SCORE_WEIGHTS, TONGXIN_POINTS; see docs/metrics.md).
TONGXIN_PUBLIC_URL = os.environ.get("TONGXIN_PUBLIC_URL", "http://127.0.0.1:8000")
# The MQTT broker sensors publish to (tongxin.sensing); `make demo` starts the ingest when
# one answers there.
TONGXIN_MQTT_URL = os.environ.get("TONGXIN_MQTT_URL", "mqtt://127.0.0.1:1883")
TONGXIN_VISIT_ANSWER_DAYS = int(os.environ.get("TONGXIN_VISIT_ANSWER_DAYS", "3"))
# 一日双巡: finished patrols a grid worker owes per working day (patrol coverage, metrics.md).
# 吹哨报到: minutes a called department has to acknowledge; points a miss costs its score.
TONGXIN_WHISTLE_MINUTES = int(os.environ.get("TONGXIN_WHISTLE_MINUTES", "30"))
TONGXIN_WHISTLE_MISS_POINTS = float(os.environ.get("TONGXIN_WHISTLE_MISS_POINTS", "5"))
# 预案研判: reports within this distance count towards a plan level's number of similar cases.
TONGXIN_PLAN_TRIGGER_RADIUS_M = int(os.environ.get("TONGXIN_PLAN_TRIGGER_RADIUS_M", "1000"))
# 网格议事会: the share of representatives a vote needs present; days of public comment.
TONGXIN_COUNCIL_QUORUM = float(os.environ.get("TONGXIN_COUNCIL_QUORUM", str(2 / 3)))
# Council points (有奖参与) a person may earn per day, after review.
TONGXIN_COUNCIL_POINTS_DAILY_CAP = int(os.environ.get("TONGXIN_COUNCIL_POINTS_DAILY_CAP", "6"))
TONGXIN_COUNCIL_COMMENT_DAYS = int(os.environ.get("TONGXIN_COUNCIL_COMMENT_DAYS", "7"))
TONGXIN_PATROLS_PER_DAY = int(os.environ.get("TONGXIN_PATROLS_PER_DAY", "2"))

# Share of the finish time after which a case gets a yellow warning (DESIGN.md: 80 %).
# Base map tiles for the command-center map ({z}/{x}/{y} URL of an internal or 天地图 server);
# empty: polygons on a plain background, which works with no network at all.
TONGXIN_MAP_TILE_URL = os.environ.get("TONGXIN_MAP_TILE_URL", "")
TONGXIN_MAP_TILE_ATTRIBUTION = os.environ.get("TONGXIN_MAP_TILE_ATTRIBUTION", "")
# Early warnings, hot issues and trending words are computed by the worker for every district
# and street; a result older than this many seconds is not shown (live figures instead).
TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE = int(
    os.environ.get("TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE", "1800"))
TONGXIN_YELLOW_SHARE = float(os.environ.get("TONGXIN_YELLOW_SHARE", "0.8"))
# A 110 transfer must be signed for (registered, answered or returned) within this many
# minutes of its arrival (tongxin.areas).
TONGXIN_POLICE_SIGN_MINUTES = int(os.environ.get("TONGXIN_POLICE_SIGN_MINUTES", "10"))
# Days before the 30-day window for judicial confirmation closes that the mediator is warned.
TONGXIN_JUDICIAL_WARN_DAYS = int(os.environ.get("TONGXIN_JUDICIAL_WARN_DAYS", "5"))
# Office hours used when a limit is counted in working hours.
TONGXIN_OFFICE_HOURS = os.environ.get("TONGXIN_OFFICE_HOURS", "09:00-12:00,13:30-17:30")

# Smart triage: the routing model directory, whether confident cases are dispatched without a
# person, and how old a report may be and still be triaged by the worker.
TONGXIN_TRIAGE_ROUTING_MODEL = Path(
    os.environ.get("TONGXIN_TRIAGE_ROUTING_MODEL", DATA_DIR / "triage" / "routing")
)
TONGXIN_TRIAGE_AUTO_DISPATCH = env_bool("TONGXIN_TRIAGE_AUTO_DISPATCH", True)
TONGXIN_TRIAGE_MAX_AGE_HOURS = float(os.environ.get("TONGXIN_TRIAGE_MAX_AGE_HOURS", "24"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TONGXIN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
