"""Backup and restore of a whole installation: the database, the secret key and the signing CA
with its passphrase (ADR 0023).

A backup is one private tar.gz: `manifest.json` first (format, time, database engine, the
migrations applied, a SHA-256 per member), then the members. SQLite is copied with its online
backup API and PostgreSQL with pg_dump, so a running installation backs up consistently. A
restore checks every digest and the schema before it writes anything, refuses a backup from a
newer rondetafel, and migrates one from an older.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_SQLITE = "database.sqlite3"
DATABASE_POSTGRES = "database.pgdump"
SECRET_KEY_MEMBER = "secret_key"  # noqa: S105  (a file name)  # nosec B105
AUDIT_KEY_MEMBER = "audit_key"  # the audit chain's HMAC key: without it the chain cannot be checked
CA_MEMBER = "signing-ca"
PASSPHRASE_MEMBER = "signing-ca.passphrase"  # noqa: S105  (a file name)  # nosec B105


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running it."""


def _passphrase_file() -> Path:
    """As signing.authority.passphrase_file (core may not import signing)."""
    if settings.SIGNING_CA_PASSPHRASE_FILE:
        return Path(settings.SIGNING_CA_PASSPHRASE_FILE)
    directory = Path(settings.SIGNING_CA_DIR)
    return directory.parent / f".{directory.name}.passphrase"


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationLoader(connection, ignore_no_migrations=True).applied_migrations:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _postgres_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return (
        f"postgresql://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _run(*command: str) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603  # nosec B603
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(tool)s is not installed (Debian: apt-get install postgresql-client).")
            % {"tool": command[0]}
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]}: {exc.stderr.strip()}") from exc


def _dump_database(into: Path) -> str:
    if connection.vendor == "sqlite":
        target = into / DATABASE_SQLITE
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)  # a consistent snapshot, even while the server writes
        finally:
            copy.close()
            source.close()
        return DATABASE_SQLITE
    if connection.vendor == "postgresql":
        _run(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--file",
            str(into / DATABASE_POSTGRES),
            "--dbname",
            _postgres_url(),
        )
        return DATABASE_POSTGRES
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
    )


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def create(archive: Path) -> dict:
    """Write a backup of this installation to `archive` (owner-only); return its manifest."""
    archive = archive.resolve()
    with tempfile.TemporaryDirectory(prefix=".rondetafel-backup-", dir=archive.parent) as tmp:
        staging = Path(tmp)
        members = [_dump_database(staging)]
        for member in (SECRET_KEY_MEMBER, AUDIT_KEY_MEMBER):
            key_file = settings.DATA_DIR / member
            if key_file.exists():
                shutil.copy2(key_file, staging / member)
                members.append(member)
        ca_dir = Path(settings.SIGNING_CA_DIR)
        if (ca_dir / "root.pem").exists():
            shutil.copytree(ca_dir, staging / CA_MEMBER)
            members += sorted(f"{CA_MEMBER}/{p.name}" for p in (staging / CA_MEMBER).iterdir())
        if settings.SIGNING_CA_PASSPHRASE:
            passphrase = _(
                "not in the backup: it comes from RONDETAFEL_SIGNING_CA_PASSPHRASE; keep it with "
                "your other secrets, the CA cannot be used without it"
            )
        elif settings.SIGNING_CA_PASSPHRASE_FILE:
            passphrase = _(
                "not in the backup: it is kept apart, in %(file)s; keep a copy of it with your "
                "other secrets, the CA cannot be used without it"
            ) % {"file": settings.SIGNING_CA_PASSPHRASE_FILE}
        elif _passphrase_file().exists():
            shutil.copy2(_passphrase_file(), staging / PASSPHRASE_MEMBER)
            members.append(PASSPHRASE_MEMBER)
            passphrase = _("in the backup")
        else:
            passphrase = _("there is no CA yet")
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "passphrase": passphrase,
            "files": {name: _digest(staging / name) for name in members},
        }
        fd, partial = tempfile.mkstemp(prefix=".backup-", dir=archive.parent)  # mode 0600
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(body), 0o600
            tar.addfile(info, io.BytesIO(body))
            for name in members:
                tar.add(staging / name, arcname=name, recursive=False)
        os.replace(partial, archive)
    return manifest


def _unpack(archive: Path, into: Path) -> dict:
    """Extract and check every member against the manifest before anything is restored."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(into, filter="data")  # no links out, no absolute paths
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(
            _("%(file)s is not a readable backup: %(error)s") % {"file": archive, "error": exc}
        ) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        files = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("%(file)s has no readable manifest.") % {"file": archive}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Unknown backup format %(format)s.") % {"format": manifest.get("format")}
        )
    for name, digest in files.items():
        path = (into / name).resolve()
        if into.resolve() not in path.parents or not path.is_file() or _digest(path) != digest:
            raise BackupError(
                _("The backup is damaged: %(name)s does not match its manifest.") % {"name": name}
            )
    return manifest


def _check_schema(manifest: dict) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "This backup comes from a newer rondetafel: its database has migrations this "
                "version does not know (%(names)s). Restore it with that version or a newer one."
            )
            % {"names": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )


def _has_data() -> bool:
    with connection.cursor() as cursor:
        return "django_migrations" in connection.introspection.table_names(cursor)


def restore(archive: Path, *, force: bool = False) -> dict:
    """Restore `archive` into this installation, then migrate it to this version's schema."""
    with tempfile.TemporaryDirectory(prefix=".rondetafel-restore-") as tmp:
        staging = Path(tmp)
        manifest = _unpack(archive, staging)
        _check_schema(manifest)
        if manifest["database"] != connection.vendor:
            raise BackupError(
                _("This backup holds a %(theirs)s database; this installation uses %(ours)s.")
                % {"theirs": manifest["database"], "ours": connection.vendor}
            )
        ca_dir = Path(settings.SIGNING_CA_DIR)
        if not force and (_has_data() or (ca_dir / "root.pem").exists()):
            raise BackupError(
                _(
                    "%(dir)s already holds an installation. Restore into an empty one, or add "
                    "--force to replace it."
                )
                % {"dir": settings.DATA_DIR}
            )
        connections.close_all()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(str(staging / DATABASE_SQLITE))
            target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            _run(
                "pg_restore",
                "--no-owner",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--dbname",
                _postgres_url(),
                str(staging / DATABASE_POSTGRES),
            )
        for member in (SECRET_KEY_MEMBER, AUDIT_KEY_MEMBER):
            if (staging / member).exists():
                _replace(staging / member, settings.DATA_DIR / member)
        if (staging / CA_MEMBER).exists():
            if ca_dir.exists():
                shutil.rmtree(ca_dir)
            ca_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copytree(staging / CA_MEMBER, ca_dir)
            os.chmod(ca_dir, 0o700)
        if (staging / PASSPHRASE_MEMBER).exists() and not settings.SIGNING_CA_PASSPHRASE:
            _replace(staging / PASSPHRASE_MEMBER, _passphrase_file())
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _replace(source: Path, target: Path) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=target.parent)  # 0600 from the start
    with os.fdopen(fd, "wb") as out:
        out.write(source.read_bytes())
    os.replace(partial, target)
