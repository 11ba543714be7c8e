#!/usr/bin/env python3
"""Set-up and everyday commands, with nothing but Python 3.11 on the machine.

    python3 dev.py demo       install (once), load both demo trajectories, serve on 127.0.0.1:8000
    python3 dev.py test       install (once), run every check and the whole test suite:
                              on SQLite, then again on PostgreSQL when DATABASE_URL is set
    python3 dev.py messages   refresh the Dutch message catalogue and compile it
    python3 dev.py lock       re-pin requirements/*.lock from pyproject.toml (with hashes)

The environment lives in .venv; dependencies come from hashed lock files, so every install is
the same.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCKS = {"base": ROOT / "requirements" / "base.lock", "dev": ROOT / "requirements" / "dev.lock"}


def run(*cmd: str | Path, env: dict | None = None, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, check=check).returncode


def ensure_env(kind: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("rondetafel needs Python 3.11 or newer.")
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    lock = LOCKS[kind]
    stamp = VENV / f".installed-{kind}"
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock)
    run(PY, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    stamp.write_text(digest)


# What the product and its tests need from the system: (a file or command that shows it is
# there, the Debian package that brings it). WeasyPrint renders PDFs with Pango and a font with
# Dutch and Central European letters; HarfBuzz-subset makes its font embedding about 10x faster.
SYSTEM_FOR_DEMO = [
    ("lib:libpango-1.0", "libpango-1.0-0"),
    ("lib:libpangoft2-1.0", "libpangoft2-1.0-0"),
    ("lib:libharfbuzz-subset", "libharfbuzz-subset0"),
    ("font:DejaVu", "fonts-dejavu-core"),
    ("cmd:fc-list", "fontconfig"),
]
SYSTEM_FOR_TESTS = SYSTEM_FOR_DEMO + [
    ("/usr/bin/chromium", "chromium"),  # browser tests (Playwright drives Debian's Chromium)
    ("cmd:pdftotext", "poppler-utils"),  # the PDFs' text as a reader gets it
    ("cmd:xgettext", "gettext"),
    ("cmd:pg_isready", "postgresql-client"),  # and pg_dump/pg_restore for the backup drill
    ("/usr/sbin/nginx", "nginx"),  # deploy/ tested on loopback
]


def _present(probe: str) -> bool:
    import shutil

    kind, _, name = probe.partition(":")
    if kind == "cmd":
        return shutil.which(name) is not None
    if kind == "lib":
        ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
        out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
        return name in out
    if kind == "font":
        fc_list = shutil.which("fc-list")
        if fc_list is None:
            return False
        out = subprocess.run([fc_list], capture_output=True, text=True).stdout
        return name.lower() in out.lower()
    return Path(probe).exists()


def ensure_system(needs: list[tuple[str, str]]) -> None:
    """Install the missing system packages when we may (root on Debian); otherwise stop at once
    with the one line to run. Nothing is skipped later for want of them."""
    missing = sorted({package for probe, package in needs if not _present(probe)})
    if not missing:
        return
    line = "apt-get update && apt-get install -y " + " ".join(missing)
    if os.name == "posix" and os.geteuid() == 0 and Path("/usr/bin/apt-get").exists():
        print(f"Installing system packages: {' '.join(missing)}", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = "/usr/bin/apt-get"
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run([apt, "install", "-y", "-qq", *missing], check=True, env=env)
        return
    sys.exit(f"rondetafel needs these system packages first. Run, as root:\n\n    {line}\n")


def demo(args: list[str]) -> None:
    ensure_system(SYSTEM_FOR_DEMO)
    ensure_env("base")
    os.execv(BIN / "rondetafel", [str(BIN / "rondetafel"), "demo", *args])


def _env(**extra: str) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(extra)
    return env


def test(args: list[str]) -> None:
    ensure_system(SYSTEM_FOR_TESTS)
    ensure_env("dev")
    env = _env(DJANGO_SETTINGS_MODULE="rondetafel.settings.test", DJANGO_ALLOW_ASYNC_UNSAFE="true")
    failures = []

    def step(name: str, *cmd, env=env) -> None:
        print(f"\n=== {name}", flush=True)
        if run(*cmd, env=env, check=False) != 0:
            failures.append(name)

    step("ruff", BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    # Findings are fixed or recorded on their line with the reason (pyproject.toml [tool.bandit]).
    step("bandit (security lint)", BIN / "bandit", "-q", "-c", "pyproject.toml", "-r", "src")
    step("import contracts", BIN / "lint-imports")
    step("type checks (analysis and services)", BIN / "mypy")
    step("migrations are complete", BIN / "rondetafel", "makemigrations", "--check", "--dry-run")
    step(
        "deployment checks (production settings)",
        BIN / "rondetafel",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_env(
            DJANGO_SETTINGS_MODULE="rondetafel.settings.production",
            SECRET_KEY="ci-" + "x7Rq2Lm9Vt4Pz8Kw3Nb6Hd1Jf5Gs0Ya" * 2,
            ALLOWED_HOSTS="rondetafel.example",
            RONDETAFEL_DATA_DIR=str(ROOT / "var" / "deploy-check"),
            RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE=str(ROOT / "var" / "deploy-check-passphrase"),
            RONDETAFEL_CREATE="1",
        ),
    )
    step("tests on SQLite", BIN / "pytest", *args)
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        # The browser flows ran on SQLite already: what they check is the pages, not the
        # database, and they are half the suite's time (ADR 0001, second addendum).
        # The numerics in `analysis` never touch a database, and the permission matrix (a
        # thousand requests, decided by the rules and the views) asks nothing of it that the
        # apps' own tests do not: both ran once already (ADR 0001, third addendum). Nor do the
        # PDF signing layer's tests (pades, our verifier, the 200-signer file): no database. Nor
        # do the tests whose rondetafel processes run on their own SQLite (`own_sqlite`: the CLI,
        # the installation and its backups), except the PostgreSQL drill (`postgres`). Nor the
        # schemathesis runs: what the API answers to generated input is decided by the schema
        # and the rules, like the matrix (ADR 0030).
        step(
            "tests on PostgreSQL (all but the browser flows, the numerics, the matrix, the PDF layer)",
            BIN / "pytest",
            "-m",
            "not browser and (not own_sqlite or postgres)",
            "--ignore=src/rondetafel/analysis",
            "--ignore=tests/test_permission_matrix.py",
            "--ignore=tests/test_api_schema.py",
            "--ignore=src/rondetafel/signing/tests/test_pades.py",
            "--ignore=src/rondetafel/signing/tests/test_neighbourhood.py",
            *args,
            env={**env, "DATABASE_URL": database_url},
        )
    else:
        print(
            "\n=== tests on PostgreSQL: SKIPPED, DATABASE_URL is not set to a PostgreSQL server "
            "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)",
            flush=True,
        )
    if failures:
        sys.exit("\nFAILED: " + ", ".join(failures))
    print("\nAll checks passed.")


def messages(args: list[str]) -> None:
    ensure_env("dev")
    env = _env(DJANGO_SETTINGS_MODULE="rondetafel.settings.test")  # its own data directory
    subprocess.run(
        [
            str(BIN / "rondetafel"),
            "makemessages",
            "-l",
            "nl",
            "--no-location",
            "--no-obsolete",  # our makemessages adds msgmerge's --no-fuzzy-matching itself
        ],
        cwd=ROOT / "src" / "rondetafel",
        env=env,
        check=True,
    )
    run(PY, "-m", "rondetafel.core.i18n", "compile")


def lock(args: list[str]) -> None:
    ensure_env("dev")
    for kind, path in LOCKS.items():
        extra = ["--extra", "dev"] if kind == "dev" else []
        run(
            BIN / "pip-compile",
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",
            "--strip-extras",
            *extra,
            "-o",
            path,
            "pyproject.toml",
        )


COMMANDS = {"demo": demo, "test": test, "messages": messages, "lock": lock}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
