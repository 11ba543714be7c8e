"""The test suite: SQLite unless DATABASE_URL names another database."""

import os
from pathlib import Path

# The suite's own data directory (the checkout's var/, wherever pytest runs), created as needed.
os.environ.setdefault("RONDETAFEL_DATA_DIR", str(Path(__file__).resolve().parents[3] / "var"))
os.environ.setdefault("RONDETAFEL_CREATE", "1")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
SIGNING_CA_DIR = DATA_DIR / "test-signing-ca"  # noqa: F405  (reused between runs; tests of creation use their own)

# A file, not SQLite's shared in-memory database: that one takes table locks that ignore the
# busy timeout, so tests of simultaneous writers would fail where production would wait.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
REALTIME_COALESCE_SECONDS = 0  # tests see every snapshot at once; coalescing has its own test
