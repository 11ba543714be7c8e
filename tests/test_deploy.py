"""deploy/ as documented, on loopback: Debian's nginx with the shipped site (TLS), three app
processes and the worker started by the systemd units' own command lines with the shipped
environment file, the real Redis and the suite's database. Phones join and vote through nginx;
then one process is killed with SIGKILL and its phones reconnect through nginx to the others.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import os
import re
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from rondetafel.workshops import services
from rondetafel.workshops.constants import PARTICIPANT_COOKIE
from rondetafel.workshops.models import Response

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout_sensitive]
ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")  # `python3 dev.py test` installs Debian's nginx
RONDETAFEL = Path(sys.executable).with_name("rondetafel")
PHONES = 45


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment_file() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "rondetafel.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def _exec_start(unit: str, instance: str = "") -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text()
    line = re.search(r"^ExecStart=(.+)$", text, re.M).group(1).replace("%i", instance)
    command = shlex.split(line)
    assert command[0] == "/opt/rondetafel/.venv/bin/rondetafel"
    return [str(RONDETAFEL), *command[1:]]


def _certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rondetafel.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    chain, private = directory / "fullchain.pem", directory / "privkey.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, private


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _ready(url: str) -> bool:
    """Ready through nginx. A probe that times out counts as not yet: each process's first
    request loads the whole URL configuration, which takes seconds on a busy machine."""
    try:
        return _get(url, 5)[0] == 200
    except (TimeoutError, urllib.error.URLError, ConnectionError):
        return False


def _get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def site(tmp_path):
    assert NGINX.exists(), "nginx is missing: run `python3 dev.py test`, which installs it"
    app_ports = [_free_port() for _ in range(3)]
    http, https = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RONDETAFEL_", "DJANGO_"))}
    env.update(_environment_file())
    env.update(
        RONDETAFEL_DATA_DIR=str(tmp_path / "data"),
        RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE=str(tmp_path / "etc" / "ca-passphrase"),
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY="deploy-test-" + "k" * 50,
        DATABASE_URL=_database_url(),
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        REALTIME_COALESCE_SECONDS="0.1",
    )
    for step in (["init"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([str(RONDETAFEL), *step], env=env, check=True, capture_output=True)  # noqa: S603

    site = (DEPLOY / "nginx" / "rondetafel.conf").read_text()
    for default, port in zip(("8001", "8002", "8003"), app_ports, strict=True):
        site = site.replace(f"127.0.0.1:{default}", f"127.0.0.1:{port}")
    chain, private = _certificate(tmp_path)
    site = (
        site.replace("listen 80;", f"listen 127.0.0.1:{http};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
        .replace("/etc/ssl/rondetafel/fullchain.pem", str(chain))
        .replace("/etc/ssl/rondetafel/privkey.pem", str(private))
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp_path}/nginx-access.log;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    logs = {port: tmp_path / f"app-{port}.log" for port in app_ports}
    apps = {
        port: subprocess.Popen(  # noqa: S603
            _exec_start("rondetafel@.service", str(port)),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs[port], "w"),  # noqa: SIM115
        )
        for port in app_ports
    }
    worker = subprocess.Popen(_exec_start("rondetafel-worker.service"), env=env)  # noqa: S603
    nginx = None
    try:
        # The processes first (as systemd orders them before nginx): a request nginx sends to a
        # process still starting marks that process down for fail_timeout.
        deadline = time.monotonic() + 120
        for port in app_ports:
            while not _up(port):
                assert time.monotonic() < deadline, f"app process on {port} did not start"
                assert apps[port].poll() is None, logs[port].read_text()
                time.sleep(0.3)
        nginx = subprocess.Popen(  # noqa: S603
            [
                str(NGINX),
                "-p",
                str(tmp_path),
                "-c",
                str(tmp_path / "nginx.conf"),
                "-g",
                "daemon off;",
            ]
        )
        while not (_up(https) and _ready(f"https://127.0.0.1:{https}/health/ready")):
            assert time.monotonic() < deadline, "the site did not become ready within 120 s"
            assert nginx.poll() is None, (tmp_path / "nginx-error.log").read_text()
            time.sleep(0.5)
        yield {"http": http, "https": https, "apps": apps, "logs": logs}
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=15)
        for process in [*apps.values(), worker]:
            if process.poll() is None:
                process.terminate()
        for process in [*apps.values(), worker]:
            process.wait(timeout=15)


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _sockets_on(port: int) -> int:
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return int(float(re.search(r"^rondetafel_sockets_connected (\S+)$", body, re.M).group(1)))


def test_the_shipped_deployment_serves_votes_through_nginx_and_survives_a_killed_process(
    world, site
):
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    https = site["https"]
    # Plain HTTP goes to HTTPS; metrics are not reachable through nginx, only per process.
    status, _ = _get(f"http://127.0.0.1:{site['http']}/j/")
    assert status == 301
    assert _get(f"https://127.0.0.1:{https}/metrics")[0] == 404
    assert _get(f"https://127.0.0.1:{https}/j/")[0] == 200

    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Achter nginx"
    )
    poll = services.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="poll_single",
        title="Kiezen",
        options_text="Ja\nNee\nWeet niet",
    )
    services.activity_set_status(activity=poll, actor=facilitator, status="open")
    keys = [
        services.participant_join(workshop=workshop, display_name=f"P{n}", side="residents")[1]
        for n in range(PHONES)
    ]
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE

    def phone(key):
        return connect(
            f"wss://127.0.0.1:{https}/ws/sessions/{workshop.join_code}/",
            ssl=tls,
            additional_headers=[
                ("Cookie", f"{PARTICIPANT_COOKIE}={key}"),
                ("Origin", f"https://127.0.0.1:{https}"),
            ],
        )

    async def vote(socket_, n: int, value: int) -> dict:
        await socket_.send(
            json.dumps(
                {"type": "respond", "activity": str(poll.pk), "value": value, "client_id": f"c{n}"}
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(socket_.recv(), 20))
            if message["type"] in ("ack", "error"):
                return message

    async def scenario():
        sockets = [await phone(key).__aenter__() for key in keys]
        for s in sockets:
            assert json.loads(await asyncio.wait_for(s.recv(), 20))["type"] == "workshop.snapshot"
        spread = {port: _sockets_on(port) for port in site["apps"]}
        acks = await asyncio.gather(*(vote(s, n, n % 3) for n, s in enumerate(sockets)))

        # SIGKILL one process: its phones lose their socket, reconnect through nginx to the
        # others, and resend their last vote with the same client id (counted once).
        victim = max(spread, key=spread.get)
        site["apps"][victim].send_signal(signal.SIGKILL)
        site["apps"][victim].wait(timeout=10)
        lost = []
        for n, s in enumerate(sockets):
            try:
                pong = (
                    await s.ping()
                )  # sending it succeeds on a dead socket nginx has not closed yet
                await asyncio.wait_for(pong, 3)  # the answer never comes from a killed process
            except (ConnectionClosed, TimeoutError, OSError):
                lost.append(n)
        started = time.monotonic()
        for n in lost:
            sockets[n] = await phone(keys[n]).__aenter__()
            assert json.loads(await asyncio.wait_for(sockets[n].recv(), 20))["type"] == (
                "workshop.snapshot"
            )
        resynced = time.monotonic() - started
        retried = await asyncio.gather(*(vote(sockets[n], n, n % 3) for n in lost))
        for s in sockets:
            await s.close()
        return spread, acks, lost, retried, resynced

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        spread, acks, lost, retried, resynced = pool.submit(asyncio.run, scenario()).result()

    assert sum(spread.values()) == PHONES and all(spread.values()), spread  # all three serve
    assert all(a["type"] == "ack" for a in acks), acks
    assert len(lost) == max(spread.values()), (lost, spread)
    assert resynced < 5, f"reconnect and snapshot took {resynced:.1f} s"
    assert all(r["type"] == "ack" for r in retried), retried
    answers = dict(Response.objects.filter(activity=poll).values_list("client_id", "value"))
    assert len(answers) == PHONES, "a vote was lost or counted twice"
    assert all(answers[f"c{n}"] == [n % 3] for n in range(PHONES)), answers

    # The surviving processes log one JSON object per line (LOG_FORMAT=json in the env file).
    survivor = next(port for port, p in site["apps"].items() if p.poll() is None)
    lines = [line for line in site["logs"][survivor].read_text().splitlines() if line.strip()]
    assert lines, "the app process logged nothing"
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(record), record
