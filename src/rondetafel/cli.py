"""The ``rondetafel`` command: product verbs plus every manage.py command.

rondetafel demo      migrate, load both demo trajectories, serve on http://127.0.0.1:8000
                     with the background worker beside it
rondetafel serve     serve (uvicorn, one process: pages and WebSockets)
rondetafel worker    background work: mail with retries, reminders, reviews, weekly digests
rondetafel analyse-polis DIR   opinion groups and common ground of a Pol.is export folder
rondetafel <cmd>     any manage.py command, e.g. ``rondetafel migrate``
"""

from __future__ import annotations

import argparse
import os
import sys


def _setup(settings: str = "rondetafel.settings.dev") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def serve(host: str, port: int) -> None:
    import uvicorn

    # No per-message compression: live messages are small and many, and deflating each one cost
    # more CPU than it saved (bench/live_load.py).
    uvicorn.run(
        "rondetafel.asgi:application",
        host=host,
        port=port,
        log_level="info",
        ws_per_message_deflate=False,
    )


def demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="rondetafel demo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="load the demo, do not serve")
    args = parser.parse_args(argv)
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
    return subprocess.Popen(
        [sys.executable, "-m", "rondetafel", "worker", "--with-parent"], env=os.environ.copy()
    )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command == "analyse-polis":  # a product verb spelled as people type it
        argv[0] = command = "analyse_polis"
    if command == "demo":
        demo(argv[1:])
    elif command == "serve":
        parser = argparse.ArgumentParser(prog="rondetafel serve")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        args = parser.parse_args(argv[1:])
        _setup()
        serve(args.host, args.port)
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rondetafel.settings.dev")
        from django.core.management import execute_from_command_line

        if command in ("help", "-h", "--help"):
            print(__doc__)
        execute_from_command_line(["rondetafel", *argv])


if __name__ == "__main__":
    main()
