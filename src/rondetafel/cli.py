"""The ``rondetafel`` command: product verbs plus every manage.py command.

rondetafel init      create the installation: data directory, database, secret key, signing CA
rondetafel demo      migrate, load both demo trajectories, serve on http://127.0.0.1:8000
                     with the background worker beside it
rondetafel serve     serve (uvicorn, one process: pages and WebSockets)
rondetafel worker    background work: mail with retries, reminders, reviews, weekly digests
rondetafel verify FILE.pdf     check a signed agreement (works without an installation too)
rondetafel backup [FILE] / restore FILE   the whole installation, keys included
rondetafel analyse-polis DIR   opinion groups and common ground of a Pol.is export folder
rondetafel <cmd>     any manage.py command, e.g. ``rondetafel migrate``

The installation is found through RONDETAFEL_DATA_DIR, a configuration file or the user's data
directory, never the current directory; only init, demo and restore create one.
"""

from __future__ import annotations

import argparse
import os
import sys

from rondetafel.core import installation

PRODUCTION_SETTINGS = "rondetafel.settings.production"


def _setup(settings: str = "rondetafel.settings.dev") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def serve(host: str, port: int) -> None:
    import uvicorn
    from django.conf import settings

    # No per-message compression: live messages are small and many, and deflating each one cost
    # more CPU than it saved (bench/live_load.py). With JSON logs, uvicorn's loggers go through
    # the settings' handler instead of its own text format.
    json_logs = {"log_config": None} if settings.LOG_FORMAT == "json" else {}
    uvicorn.run(
        "rondetafel.asgi:application",
        host=host,
        port=port,
        log_level="info",
        ws_per_message_deflate=False,
        proxy_headers=True,  # the client's address from nginx's X-Forwarded-For
        forwarded_allow_ips="127.0.0.1",
        **json_logs,
    )


def demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="rondetafel demo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="load the demo, do not serve")
    args = parser.parse_args(argv)
    os.environ[installation.CREATE_VARIABLE] = "1"  # the demo makes its own installation
    _setup()
    from django.core.management import call_command

    from rondetafel.demo.builder import DEMO_PASSWORD, demo_logins, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    created = load_demo()
    url = f"http://{args.host}:{args.port}/"
    print("\nrondetafel demo " + ("loaded" if created else "already loaded"))
    print(f"  Open {url}")
    print(f"  Every demo account has the password: {DEMO_PASSWORD}")
    for role, email in demo_logins():
        print(f"    {role:<28} {email}")
    from django.conf import settings

    from rondetafel.demo.agreements import dordrecht_docx

    example = settings.DATA_DIR / "demo" / "intentieovereenkomst-2019.docx"
    example.parent.mkdir(parents=True, exist_ok=True)
    example.write_bytes(dordrecht_docx())
    print(f"  A Word agreement to try the import with: {example}")
    print()
    if not args.no_serve:
        worker = start_worker()
        try:
            serve(args.host, args.port)
        finally:
            worker.terminate()
            worker.wait(timeout=10)


def start_worker():
    """The background worker as a process of its own beside the server (as in production,
    where it is a systemd unit of its own): reminders and mail go out while the demo runs."""
    import subprocess

    print("  Background worker started (reminders, mail): rondetafel worker")
    return subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "rondetafel", "worker", "--with-parent"], env=os.environ.copy()
    )


def init(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="rondetafel init",
        description="Create the installation: its data directory (private), the database, the "
        "secret key and the signing CA. Safe to run again: it creates only what is missing.",
    )
    parser.add_argument(
        "--data-dir",
        type=os.path.abspath,
        help="where the installation lives; recorded in the user's configuration file so every "
        "later command finds it from any directory",
    )
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ[installation.DATA_DIR_VARIABLE] = args.data_dir
    os.environ[installation.CREATE_VARIABLE] = "1"
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from rondetafel.signing import authority

    call_command("migrate", interactive=False, verbosity=0)
    ca = authority.get()
    print(f"rondetafel installation ready in {settings.DATA_DIR}")
    print(f"  database: {settings.DATABASES['default']['NAME']}")
    print(
        f"  signing CA: {settings.SIGNING_CA_DIR} (root {ca.root.certificate.subject.rfc4514_string()})"
    )
    if args.data_dir:
        print(f"  recorded in {installation.write_user_config(settings.DATA_DIR)}")
    print("  Back it up with `rondetafel backup`; it holds the keys of every signed document.")


def verify_offline(argv: list[str], located: installation.Located) -> None:
    """`rondetafel verify` where no installation is: every signature is checked against the root
    certificate given with --root; what our records know of the file cannot be said."""
    parser = argparse.ArgumentParser(prog="rondetafel verify")
    parser.add_argument("file")
    parser.add_argument("--root", help="the installation's root certificate (PEM)")
    args = parser.parse_args(argv)
    from django.conf import settings

    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="nl",
        LOCALE_PATHS=[os.path.join(os.path.dirname(__file__), "locale")],
        INSTALLED_APPS=[],
    )
    import django

    django.setup()
    from django.utils.translation import gettext as _

    from rondetafel.signing import verifier
    from rondetafel.signing.verify_text import load_root, write_problems, write_report

    roots = []
    try:
        with open(args.file, "rb") as pdf:
            data = pdf.read()
        if args.root:
            with open(args.root, "rb") as root:
                roots.append(load_root(root.read()))
    except (OSError, ValueError) as exc:
        sys.exit(
            _("Cannot read %(file)s: %(error)s") % {"file": args.root or args.file, "error": exc}
        )
    problems = write_report(sys.stdout, args.file, verifier.verify(data, roots))
    print(
        _(
            "  Records: no installation here (%(dir)s), so the file was not compared with our "
            "records."
        )
        % {"dir": located.data_dir}
    )
    if not roots:
        problems.append(
            _(
                "no root certificate to trust: pass --root with the installation's root "
                "certificate (on its verify page), or run this where the installation is"
            )
        )
    if problems:
        write_problems(sys.stderr, problems)
        raise SystemExit(1)
    print(_("  OK: every signature is valid."))


def serve_command(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="rondetafel serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--dev", action="store_true", help="serve with the development settings on purpose"
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DJANGO_SETTINGS_MODULE") and not args.dev:
        sys.exit(
            "rondetafel serve: no DJANGO_SETTINGS_MODULE. In production set "
            f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS} (see docs/deployment.md); to serve "
            "the development settings on purpose, add --dev."
        )
    _setup()
    pending = _pending_migrations()
    if pending:
        # Serving an older schema answers every page that touches a new table with a 500.
        sys.exit(
            f"rondetafel serve: the database is behind this version of rondetafel ({pending} "
            "migrations not applied). Run `rondetafel migrate` first (docs/deployment.md)."
        )
    serve(args.host, args.port)


def _pending_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def main(argv: list[str] | None = None) -> None:
    try:
        _main(list(sys.argv[1:] if argv is None else argv))
    except (installation.NoInstallation, installation.BadConfiguration) as exc:
        sys.exit(f"rondetafel: {exc}")


def _main(argv: list[str]) -> None:
    command = argv[0] if argv else "help"
    if command == "analyse-polis":  # a product verb spelled as people type it
        argv[0] = command = "analyse_polis"
    if command == "restore":  # an explicit creation, like init
        os.environ[installation.CREATE_VARIABLE] = "1"
    if command == "demo":
        demo(argv[1:])
    elif command == "init":
        init(argv[1:])
    elif command == "serve":
        serve_command(argv[1:])
    elif command == "verify" and not _installed():
        verify_offline(argv[1:], installation.locate())
    elif command in ("help", "-h", "--help"):
        print(__doc__)
        if _installed():
            _manage(argv)
    else:
        _manage(argv)


def _installed() -> bool:
    """Whether an installation (or a configured database and key) is where the settings look."""
    located = installation.locate()
    has_key = bool(os.environ.get("SECRET_KEY")) or (located.data_dir / "secret_key").exists()
    has_database = (
        bool(os.environ.get("DATABASE_URL")) or (located.data_dir / "rondetafel.sqlite3").exists()
    )
    return has_key and has_database


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rondetafel.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rondetafel", *argv])


if __name__ == "__main__":
    main()
