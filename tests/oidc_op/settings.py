"""A real OpenID provider (django-oidc-provider) for the log-in tests, started in its own process
on loopback by `tests/oidc_op/serve.py`: what a municipality's identity provider does, nothing
of rondetafel in it."""

import os
import secrets
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = secrets.token_urlsafe(40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.oidc_op.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_OP_DATABASE"]}
}
USE_TZ = True
LOGIN_URL = "/login/"
SITE_URL = os.environ["OIDC_OP_URL"]
OIDC_USERINFO = "tests.oidc_op.claims.userinfo"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
