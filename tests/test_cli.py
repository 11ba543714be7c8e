"""The README's first command, for real: `rondetafel demo` migrates a fresh database, loads both
trajectories, prints the logins and serves them over HTTP."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

RONDETAFEL = Path(sys.executable).with_name("rondetafel")
# The demo process gets no DATABASE_URL: it is the same run on every database (once).
pytestmark = pytest.mark.own_sqlite


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"rondetafel demo exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _wait_for_reminder(database: Path, process, seconds: float = 60) -> int:
    import sqlite3

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "rondetafel demo exited"
        with sqlite3.connect(database, timeout=10) as db:
            (sent,) = db.execute(
                "SELECT count(*) FROM governance_outgoingmail WHERE kind='reminder' AND status='sent'"
            ).fetchone()
        if sent:
            return sent
        time.sleep(0.5)
    raise AssertionError(f"no reminder was sent within {seconds} s: is the worker running?")


@pytest.mark.timeout_sensitive
def test_demo_command_serves_both_trajectories(tmp_path):
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["RONDETAFEL_DATA_DIR"] = str(tmp_path)
    log = tmp_path / "demo.log"
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S603
            [str(RONDETAFEL), "demo", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/account/login/", process)
        printed = log.read_text()
        assert f"Open {base}/" in printed
        email = re.search(r"facilitator \(both\)\s+(\S+)", printed).group(1)
        password = re.search(r"password: (\S+)", printed).group(1)

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        login_page = opener.open(base + "/account/login/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        body = urlencode({"username": email, "password": password, "csrfmiddlewaretoken": csrf})
        request = urllib.request.Request(
            base + "/account/login/",
            data=body.encode(),
            headers={"Referer": base + "/account/login/"},
        )
        listing = opener.open(request).read().decode()
        assert "Herijking intentieovereenkomst GWW" in listing
        assert "Bouwen op vertrouwen: Boomgaardshoek" in listing
        css = opener.open(base + "/static/vendor/nl-design-system/utrecht-component-library.css")
        assert css.status == 200
        # The worker runs beside the server: Dordrecht's overdue commitment is reminded.
        assert _wait_for_reminder(tmp_path / "rondetafel.sqlite3", process) >= 1
    finally:
        process.terminate()
        process.wait(timeout=20)
    # ... and stops with it: no worker left behind.
    deadline = time.monotonic() + 15
    while _workers_of(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _workers_of(tmp_path)


def _workers_of(data_dir: Path) -> list[str]:
    """Worker processes started for this data directory (read from /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            env = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"worker" in cmd and f"RONDETAFEL_DATA_DIR={data_dir}".encode() in env:
            found.append(proc.name)
    return found
