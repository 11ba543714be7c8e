"""Settings shared by every environment. Everything that differs per machine comes from the
environment (12-factor); the defaults are safe for a local demo."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from rondetafel.core import installation

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Never the current directory: see core/installation.py (ADR 0022).
INSTALLATION = installation.locate()
DATA_DIR = INSTALLATION.data_dir
# Only `rondetafel init`, the demo and `restore` may create the key, database and CA.
MAY_CREATE_INSTALLATION = installation.may_create()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _private_file(path: Path) -> bool:
    """Create `path` empty, readable and writable by its owner only (never world-readable,
    not even for a moment). False when it exists already. The data directory is the owner's
    only as well."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    return True


def _local_key(name: str, *, may_create: bool = MAY_CREATE_INSTALLATION) -> str:
    """A per-installation key kept in the data directory (owner-only), so a demo never runs on
    a published key and sessions survive a restart."""
    path = DATA_DIR / name
    if not path.exists() and not may_create:
        raise installation.missing(INSTALLATION, str(path))
    if _private_file(path):
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_key("secret_key")
# The audit chain's HMAC key: outside the database, so whoever can write the database cannot
# recompute the chain after changing an entry (ADR 0004). In the backups, like the secret key.
# An installation from before the key gets one on its next start (the migration then keys its
# chain); a data directory that does not exist yet still needs `rondetafel init`.
AUDIT_KEY = os.environ.get("AUDIT_KEY") or _local_key(
    "audit_key", may_create=MAY_CREATE_INSTALLATION or DATA_DIR.is_dir()
)
# How often the worker has the chain's head timestamped by the installation's TSA.
AUDIT_SEAL_MINUTES = int(os.environ.get("AUDIT_SEAL_MINUTES", "60"))
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "rondetafel.core",
    "rondetafel.accounts",
    "rondetafel.trajectories",
    "rondetafel.stakeholders",
    "rondetafel.agreements",
    "rondetafel.signing",
    "rondetafel.workshops",
    "rondetafel.trust",
    "rondetafel.scenarios",
    "rondetafel.regulations",
    "rondetafel.governance",
    "rondetafel.reports",
    "rondetafel.review",
    "rondetafel.demo",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

# Background work: kept in the database, run by ``rondetafel worker`` (ADR 0019).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DIGEST_WEEKDAY = int(os.environ.get("DIGEST_WEEKDAY", "0"))  # Monday

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rondetafel.core.middleware.StaticFilesMiddleware",  # WhiteNoise, async-capable
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rondetafel.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "rondetafel.accounts.middleware.TwoFactorSetupMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "rondetafel.urls"
WSGI_APPLICATION = "rondetafel.wsgi.application"
ASGI_APPLICATION = "rondetafel.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default. WAL, IMMEDIATE transactions and a busy timeout keep a burst
# of concurrent writes from failing with "database is locked" (stack-findings.md section 4.4).
SQLITE_PATH = DATA_DIR / "rondetafel.sqlite3"
# NORMAL in WAL mode: a killed process loses no committed vote (bench/faults.py, ADR 0024); only
# a power cut can lose the last commits, which FULL would keep at the cost it measures.
SQLITE_SYNCHRONOUS = "FULL" if os.environ.get("SQLITE_SYNCHRONOUS") == "FULL" else "NORMAL"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if Path(str(DATABASES["default"]["NAME"])) == SQLITE_PATH:
        if not SQLITE_PATH.exists() and not MAY_CREATE_INSTALLATION:
            raise installation.missing(INSTALLATION, str(SQLITE_PATH))
        _private_file(SQLITE_PATH)  # SQLite's WAL and shared-memory files follow its mode
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            f"PRAGMA journal_mode=WAL;PRAGMA synchronous={SQLITE_SYNCHRONOUS};"
            "PRAGMA busy_timeout=20000"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logs: one JSON object per line in production (LOG_FORMAT=json) for the log collector, plain
# lines otherwise. `rondetafel serve` routes uvicorn's own logs through the same handler.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# /metrics for this bearer token; without one, only for a scraper on this machine (core.views).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# How old the worker's heartbeat may be before readiness reports it (it beats every 2 s).
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "60"))

# One process: in-memory fan-out. Several processes: Redis pub/sub (ARCHITECTURE.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    # Shared by every process, so limits such as join attempts per address hold across them.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "rondetafel.core.layers.InProcessChannelLayer"}}
# Live sessions send a complete snapshot at most this often per session and process.
REALTIME_COALESCE_SECONDS = float(os.environ.get("REALTIME_COALESCE_SECONDS", "0.3"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out log-in before any other
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Log-in throttle (django-axes, issue 20 finding 10): five wrong passwords for one account from
# one address, and that pair waits 15 minutes; the right password does not help meanwhile.
# Counted per account and address together, so one venue's typos lock out nobody else there.
# The address is the client's: uvicorn takes it from nginx's X-Forwarded-For.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Password-reset mail: at most this many per address and per client address an hour; more
# requests get the same answer and send nothing (accounts.views.PasswordResetView).
PASSWORD_RESET_MAILS_PER_HOUR = 3
# Trust questionnaires sent per wave from one network address in an hour (trust.views.respond).
TRUST_SUBMISSIONS_PER_ADDRESS_HOUR = int(
    os.environ.get("TRUST_SUBMISSIONS_PER_ADDRESS_HOUR", "150")
)
LOGIN_URL = "accounts:login"
# Two-factor authentication (TOTP, django-otp; ADR 0028): required for facilitators and staff,
# offered to everyone. The demo (dev settings) does not require it, so its published password
# opens it.
TWO_FACTOR_FOR_FACILITATORS = env_bool("TWO_FACTOR_FOR_FACILITATORS", True)
OTP_TOTP_ISSUER = "rondetafel"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try (1, 2, 4 s…)
TWO_FACTOR_CODE_ATTEMPTS = 5  # wrong codes before the password must be given again
TWO_FACTOR_PENDING_SECONDS = 300  # between the password and the code

# Log-in through the organisation's identity provider (OpenID Connect, mozilla-django-oidc;
# ADR 0029), when OIDC_RP_CLIENT_ID is set. Only existing accounts, found by verified e-mail.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/account/login/?oidc=failed"
OIDC_PROVIDER_NAME = os.environ.get(
    "OIDC_PROVIDER_NAME", ""
)  # on the button, e.g. "Gemeente Rotterdam"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "rondetafel.accounts.oidc.MunicipalOIDCBackend",
    ]
LOGIN_REDIRECT_URL = "trajectories:list"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The app serves its own static files (one process, no separate web server needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A hung mail server must not hang the worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# Where the file-based backend keeps mail (the demo's worker: a file per mail, not a flood in
# the terminal).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rondetafel <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Signing: the installation's own CA is created here on first use. Its private keys are
# encrypted with RONDETAFEL_SIGNING_CA_PASSPHRASE or, when that is not set, with a passphrase
# kept in a separate file in the data directory. Neither belongs in the repository.
SIGNING_CA_DIR = Path(os.environ.get("RONDETAFEL_SIGNING_CA_DIR", DATA_DIR / "signing-ca"))
SIGNING_CA_PASSPHRASE = os.environ.get("RONDETAFEL_SIGNING_CA_PASSPHRASE", "")
# Or a file of its own outside the data directory (created by `rondetafel init`), so that a copy
# of the data directory or of a backup does not carry the key to the CA with it. Without either,
# the passphrase is kept in the data directory: fine for the demo, a deploy warning otherwise.
SIGNING_CA_PASSPHRASE_FILE = os.environ.get("RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE", "")
SIGNING_CA_NAME = os.environ.get("RONDETAFEL_SIGNING_CA_NAME", "rondetafel")

# Secure by default: no inline script or style, no framing, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # 'self' covers the WebSocket to this same host and port (CSP level 3); no other host.
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No request body above this reaches Django (core.body_limit): the largest upload is a 20 MB PDF.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", 21 * 1024 * 1024))

CSRF_FAILURE_VIEW = "rondetafel.core.views.csrf_failure"
