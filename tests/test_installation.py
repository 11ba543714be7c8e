"""An installation that knows where it lives, and a backup that brings it back (issue 19).

Every command here is the real `rondetafel` command in its own process, run from a directory
that is not the installation's, with a home directory of its own: what a new user or an
operator would type.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from rondetafel.core import installation

RONDETAFEL = Path(sys.executable).with_name("rondetafel")
# The commands run without DATABASE_URL, on an installation of their own (SQLite): the same run on
# every database, so once; the PostgreSQL drill below says so itself.
pytestmark = pytest.mark.own_sqlite


def _env(home: Path, **extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RONDETAFEL_", "DJANGO_", "XDG_"))
        and k not in {"DATABASE_URL", "SECRET_KEY"}
    }
    env.update(HOME=str(home), **extra)
    return env


def _run(*args, cwd: Path, env: dict, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603
        [str(RONDETAFEL), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True
    )
    if ok and done.returncode != 0:
        raise AssertionError(
            f"rondetafel {args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done


@pytest.fixture
def places(tmp_path):
    home, elsewhere = tmp_path / "home", tmp_path / "somewhere-else"
    home.mkdir()
    elsewhere.mkdir()
    return home, elsewhere


def test_the_data_directory_comes_from_the_environment_a_file_or_the_user_never_the_cwd(
    tmp_path, monkeypatch
):
    for name in ("RONDETAFEL_DATA_DIR", "RONDETAFEL_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert installation.locate().data_dir == tmp_path / ".local/share/rondetafel"

    config = tmp_path / "conf" / "rondetafel.toml"
    config.parent.mkdir()
    config.write_text('data_dir = "../data"\n')  # relative to the file, not to the cwd
    monkeypatch.setenv("RONDETAFEL_CONFIG", str(config))
    assert installation.locate().data_dir == tmp_path / "data"

    monkeypatch.setenv("RONDETAFEL_DATA_DIR", str(tmp_path / "from-env"))
    assert installation.locate().data_dir == tmp_path / "from-env"

    monkeypatch.delenv("RONDETAFEL_DATA_DIR")
    for broken in ("data_dir = 3\n", "data_dir = [unclosed\n", ""):
        config.write_text(broken)
        with pytest.raises(installation.BadConfiguration, match=str(config)):
            installation.locate()


def test_a_command_without_an_installation_says_where_it_looked_and_creates_nothing(places):
    home, elsewhere = places
    for command in (["migrate"], ["serve", "--dev"], ["worker", "--once"], ["backup"]):
        done = _run(*command, cwd=elsewhere, env=_env(home), ok=False)
        assert done.returncode != 0
        assert "No rondetafel installation found" in done.stderr, done.stderr
        assert str(home / ".local/share/rondetafel") in done.stderr
        assert "rondetafel init" in done.stderr
        assert "Traceback" not in done.stderr
    assert list(elsewhere.iterdir()) == [], "a file appeared in the current directory"
    assert not (home / ".local").exists(), "a data directory was created"


def test_serve_refuses_development_settings_unless_asked(places):
    home, elsewhere = places
    done = _run("serve", cwd=elsewhere, env=_env(home), ok=False)
    assert done.returncode != 0
    assert "DJANGO_SETTINGS_MODULE=rondetafel.settings.production" in done.stderr
    assert "--dev" in done.stderr


def test_init_records_the_place_so_every_command_finds_it_from_anywhere(places, tmp_path):
    home, elsewhere = places
    data = tmp_path / "installation"
    printed = _run("init", "--data-dir", data, cwd=elsewhere, env=_env(home)).stdout
    assert f"rondetafel installation ready in {data}" in printed
    assert list(elsewhere.iterdir()) == []

    # A second directory, no environment: the configuration file written by init leads there.
    other = tmp_path / "other"
    other.mkdir()
    assert "0 entries" in _run("audit_verify", cwd=other, env=_env(home)).stdout
    for path in (
        data,
        data / "rondetafel.sqlite3",
        data / "secret_key",
        data / "audit_key",
        data / "signing-ca",
        data / ".signing-ca.passphrase",
        data / "signing-ca" / "root.key.pem",
    ):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name} is readable by others: {oct(mode)}"

    key = (data / "secret_key").read_text()
    root = (data / "signing-ca" / "root.pem").read_bytes()
    _run("init", cwd=other, env=_env(home))  # again: nothing replaced
    assert (data / "secret_key").read_text() == key
    assert (data / "signing-ca" / "root.pem").read_bytes() == root


@pytest.fixture(scope="module")
def demo_installation(tmp_path_factory):
    """The demo, loaded once by its own command, with its signed agreement written out."""
    base = tmp_path_factory.mktemp("drill")
    home, data = base / "home", base / "data"
    home.mkdir()
    env = _env(home, RONDETAFEL_DATA_DIR=str(data))
    _run("demo", "--no-serve", cwd=base, env=env)
    signed = base / "signed.pdf"
    _run(
        "shell",
        "-c",
        "from rondetafel.signing.models import Ceremony; "
        "c = Ceremony.objects.get(status='complete'); "
        f"open({str(signed)!r}, 'wb').write(bytes(c.document))",
        cwd=base,
        env=env,
    )
    return base, home, data, signed


@pytest.mark.timeout_sensitive
def test_restore_drill_backup_wipe_restore_and_everything_verifies(demo_installation, tmp_path):
    base, home, data, signed = demo_installation
    env = _env(home, RONDETAFEL_DATA_DIR=str(data))
    before = _run("audit_verify", cwd=tmp_path, env=env).stdout
    archive = tmp_path / "backup.tar.gz"
    printed = _run("backup", archive, cwd=tmp_path, env=env).stdout
    assert "Back-up geschreven naar" in printed and "wachtwoord van de CA: in de back-up" in printed
    assert stat.S_IMODE(archive.stat().st_mode) & 0o077 == 0
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json"
    assert {
        "database.sqlite3",
        "secret_key",
        "audit_key",
        "signing-ca/root.pem",
        "signing-ca.passphrase",
    } <= set(names)
    root = tmp_path / "root.pem"
    root.write_bytes((data / "signing-ca" / "root.pem").read_bytes())

    # The machine is lost.
    subprocess.run(["rm", "-rf", str(data)], check=True)  # noqa: S603, S607

    # Away from any installation, the signatures still check out against the published root;
    # the command says it could not look at the records.
    offline = _run("verify", signed, cwd=tmp_path, env=env, ok=False)
    assert offline.returncode == 1 and "--root" in offline.stderr
    offline = _run("verify", "--root", root, signed, cwd=tmp_path, env=env)
    assert "dus het bestand is niet vergeleken met onze administratie" in offline.stdout
    assert "ONGELDIG" not in offline.stdout and "GELDIG" in offline.stdout
    assert not data.exists(), "verify created an installation"

    restored = _run("restore", archive, cwd=tmp_path, env=env).stdout
    assert "De back-up van" in restored and "is teruggezet" in restored
    assert _run("audit_verify", cwd=tmp_path, env=env).stdout == before
    checked = _run("verify", signed, cwd=tmp_path, env=env).stdout
    assert "dit is het voltooide, ondertekende document" in checked
    assert "OK: elke handtekening is geldig" in checked

    again = _run("restore", archive, cwd=tmp_path, env=env, ok=False)
    assert again.returncode != 0 and "bevat al een installatie" in again.stderr
    assert "--force" in again.stderr


def test_a_damaged_or_newer_backup_is_refused_before_anything_changes(places, tmp_path):
    home, elsewhere = places
    env = _env(home, RONDETAFEL_DATA_DIR=str(tmp_path / "data"))
    _run("init", cwd=elsewhere, env=env)
    archive = tmp_path / "backup.tar.gz"
    _run("backup", archive, cwd=elsewhere, env=env)

    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(archive, damaged, "secret_key", lambda data: b"not the key")
    newer = tmp_path / "newer.tar.gz"
    _rewrite(
        archive,
        newer,
        "manifest.json",
        lambda data: data.replace(b'"core": [', b'"core": ["9999_from_the_future", '),
    )
    target = _env(home, RONDETAFEL_DATA_DIR=str(tmp_path / "target"))
    refused = _run("restore", damaged, cwd=elsewhere, env=target, ok=False)
    assert refused.returncode != 0 and "beschadigd: secret_key klopt niet" in refused.stderr
    refused = _run("restore", newer, cwd=elsewhere, env=target, ok=False)
    assert refused.returncode != 0 and "van een nieuwere rondetafel" in refused.stderr
    assert "core.9999_from_the_future" in refused.stderr
    refused = _run("restore", tmp_path / "missing.tar.gz", cwd=elsewhere, env=target, ok=False)
    assert refused.returncode != 0 and "geen leesbare back-up" in refused.stderr
    # Nothing restored: no CA, no tables.
    assert not (tmp_path / "target" / "signing-ca").exists()


def test_a_backup_of_an_older_schema_is_migrated_on_restore(places, tmp_path):
    home, elsewhere = places
    env = _env(home, RONDETAFEL_DATA_DIR=str(tmp_path / "old"))
    _run("init", cwd=elsewhere, env=env)
    _run("migrate", "review", "zero", cwd=elsewhere, env=env)  # as an older version left it
    archive = tmp_path / "old.tar.gz"
    _run("backup", archive, cwd=elsewhere, env=env)

    new = tmp_path / "new"
    env = _env(home, RONDETAFEL_DATA_DIR=str(new))
    _run("restore", archive, cwd=elsewhere, env=env)
    with sqlite3.connect(new / "rondetafel.sqlite3") as db:
        applied = {row[0] for row in db.execute("SELECT app FROM django_migrations")}
    assert "review" in applied
    plan = _run("showmigrations", "--plan", cwd=elsewhere, env=env).stdout
    assert "[ ]" not in plan


def _rewrite(source: Path, target: Path, member: str, change) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if info.name == member:
                data = change(data)
                info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.mark.postgres  # runs in the PostgreSQL phase despite the module's own_sqlite
@pytest.mark.django_db
def test_postgresql_restore_drill(places, tmp_path):
    """pg_dump and pg_restore, for real, in a database of the drill's own on the same server."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL run of the suite (DATABASE_URL=postgres://…)")
    import psycopg

    s = connection.settings_dict
    server = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    name = f"rondetafel_drill_{os.getpid()}"

    def admin(sql: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
            db.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    try:
        home, elsewhere = places
        env = _env(
            home, RONDETAFEL_DATA_DIR=str(tmp_path / "data"), DATABASE_URL=f"{server}/{name}"
        )
        _run("init", cwd=elsewhere, env=env)
        _run(
            "shell",
            "-c",
            "from django.db import transaction\n"
            "from rondetafel.core.audit import audit_record\n"
            "with transaction.atomic():\n"
            "    [audit_record(action='drill', data={'n': n}) for n in range(5)]\n",
            cwd=elsewhere,
            env=env,
        )
        before = _run("audit_verify", cwd=elsewhere, env=env).stdout
        assert "5 entries" in before
        archive = tmp_path / "pg.tar.gz"
        assert "database (postgresql)" in _run("backup", archive, cwd=elsewhere, env=env).stdout

        admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{name}"')
        subprocess.run(["rm", "-rf", str(tmp_path / "data")], check=True)  # noqa: S603, S607

        _run("restore", archive, cwd=elsewhere, env=env)
        assert _run("audit_verify", cwd=elsewhere, env=env).stdout == before
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_ca_passphrase_can_live_apart_from_the_data_and_its_backups(places, tmp_path):
    home, elsewhere = places
    secret = tmp_path / "etc" / "ca-passphrase"
    env = _env(
        home,
        RONDETAFEL_DATA_DIR=str(tmp_path / "data"),
        RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE=str(secret),
    )
    _run("init", cwd=elsewhere, env=env)
    assert stat.S_IMODE(secret.stat().st_mode) & 0o077 == 0
    assert not (tmp_path / "data" / ".signing-ca.passphrase").exists()
    archive = tmp_path / "backup.tar.gz"
    printed = _run("backup", archive, cwd=elsewhere, env=env).stdout
    assert "niet in de back-up" in printed and str(secret) in printed
    with tarfile.open(archive) as tar:
        assert "signing-ca.passphrase" not in tar.getnames()

    # Restored elsewhere with the passphrase file at hand, the CA opens (init-free).
    env_new = {**env, "RONDETAFEL_DATA_DIR": str(tmp_path / "new")}
    _run("restore", archive, cwd=elsewhere, env=env_new)
    assert (
        "rondetafel root CA"
        in _run(
            "shell",
            "-c",
            "from rondetafel.signing import authority; "
            "print(authority.get().root.certificate.subject.rfc4514_string())",
            cwd=elsewhere,
            env=env_new,
        ).stdout
    )

    # check --deploy warns while the passphrase sits in the data directory, and not otherwise.
    production = {
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "rondetafel.example",
    }
    beside = {k: v for k, v in env_new.items() if k != "RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE"}
    warned = _run("check", "--deploy", cwd=elsewhere, env={**beside, **production}, ok=False)
    assert "signing.W001" in warned.stdout + warned.stderr
    clean = _run("check", "--deploy", cwd=elsewhere, env={**env_new, **production}, ok=False)
    assert "signing.W001" not in clean.stdout + clean.stderr


def test_serve_refuses_a_database_behind_this_version(places, tmp_path):
    """An upgrade without `rondetafel migrate`: refused at start, not 500s on every new table."""
    home, elsewhere = places
    env = _env(home, RONDETAFEL_DATA_DIR=str(tmp_path / "data"))
    _run("init", cwd=elsewhere, env=env)
    _run("migrate", "review", "zero", cwd=elsewhere, env=env)
    refused = _run("serve", "--dev", "--port", "1", cwd=elsewhere, env=env, ok=False)
    assert refused.returncode != 0
    assert "migrations not applied" in refused.stderr and "rondetafel migrate" in refused.stderr
    assert "Traceback" not in refused.stderr
