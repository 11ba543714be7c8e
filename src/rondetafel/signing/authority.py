"""The installation's signing authority, loaded from the settings; created only by
`rondetafel init`, the demo or the tests (core/installation.py)."""

import os
import secrets
import threading
from pathlib import Path

from django.conf import settings

from rondetafel.core import installation

from . import pki

_lock = threading.Lock()
_cache: dict[tuple, pki.Authority] = {}


def passphrase_file(directory: Path) -> Path:
    """Where the CA's passphrase is kept when it does not come from the environment."""
    if settings.SIGNING_CA_PASSPHRASE_FILE:
        return Path(settings.SIGNING_CA_PASSPHRASE_FILE)
    # Beside the CA directory, not inside it: copying the CA alone does not copy the key.
    return directory.parent / f".{directory.name}.passphrase"


def _passphrase(directory: Path) -> bytes:
    if settings.SIGNING_CA_PASSPHRASE:
        return settings.SIGNING_CA_PASSPHRASE.encode()
    path = passphrase_file(directory)
    if not path.exists():
        if not settings.MAY_CREATE_INSTALLATION:
            raise installation.missing(settings.INSTALLATION, f"the CA's passphrase file {path}")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


def get() -> pki.Authority:
    directory = Path(settings.SIGNING_CA_DIR)
    key = (str(directory), settings.SIGNING_CA_NAME)
    with _lock:
        if key not in _cache:
            if not (directory / "root.pem").exists() and not settings.MAY_CREATE_INSTALLATION:
                # A new CA would sign documents that no longer verify against "our records".
                raise installation.missing(settings.INSTALLATION, f"the signing CA {directory}")
            _cache[key] = pki.load_or_create(
                directory, _passphrase(directory), name=settings.SIGNING_CA_NAME
            )
        return _cache[key]
