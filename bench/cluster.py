"""The production shape for benchmarks: PostgreSQL and Redis of their own (started on free ports
in a temporary directory, so they may be killed and restarted without touching the machine's
shared ones), app processes started as `rondetafel serve`, and Debian's nginx in front with the
shipped site (deploy/nginx/rondetafel.conf, without TLS: the load generator shares the cores).

Used by bench/faults.py and bench/scaling.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RONDETAFEL = Path(sys.executable).with_name("rondetafel")
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {seconds} s")
        time.sleep(0.2)


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class Postgres:
    """A PostgreSQL cluster of its own, run as the `postgres` user (it refuses root)."""

    def __init__(self, base: Path):
        self.dir = base / "pg"
        self.dir.mkdir()
        shutil.chown(base, "postgres")
        shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self._as_postgres(
            PG_BIN / "initdb", "-D", self.dir / "data", "-A", "trust", "-U", "postgres"
        )
        self.start()
        self._as_postgres(
            PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "bench"
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/bench"

    def _as_postgres(self, *command) -> None:
        subprocess.run(  # noqa: S603
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=300"
        )
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.dir / "data",
            "-o",
            options,
            "-l",
            self.dir / "log",
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")


class Redis:
    def __init__(self, base: Path):
        self.dir = base
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _answers(self.port), 20, "redis")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def nginx_site(app_ports: list[int], port: int) -> str:
    """The shipped site, its HTTPS server made plain HTTP on `port` and pointed at `app_ports`."""
    text = (ROOT / "deploy" / "nginx" / "rondetafel.conf").read_text()
    text = text.split("server {", 1)[0] + "server {" + text.split("server {", 2)[2]  # no redirect
    lines = []
    for line in text.splitlines():
        if line.strip().startswith("ssl_"):
            continue
        lines.append(line.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"))
    text = "\n".join(lines)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in app_ports)
    head, rest = text.split("    server 127.0.0.1:8001", 1)
    rest = rest.split("    keepalive", 1)[1]
    return head + servers + "    keepalive" + rest


class Cluster:
    """PostgreSQL, Redis, `processes` app processes and nginx, all on loopback."""

    def __init__(self, processes: int, *, extra_env: dict | None = None):
        self.base = Path(tempfile.mkdtemp(prefix="rt-cluster-"))
        self.postgres = Postgres(self.base)
        self.redis = Redis(self.base)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RONDETAFEL_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
            "RONDETAFEL_DATA_DIR": str(self.base / "data"),
            "RONDETAFEL_CREATE": "1",
            "SECRET_KEY": "bench-" + "c" * 50,
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **(extra_env or {}),
        }
        subprocess.run([str(RONDETAFEL), "migrate", "-v", "0"], env=self.env, check=True)  # noqa: S603
        self.ports = [free_port() for _ in range(processes)]
        self.apps: dict[int, subprocess.Popen] = {}
        for port in self.ports:
            self.start_app(port)
        self.port = free_port()
        (self.base / "site.conf").write_text(nginx_site(self.ports, self.port))
        (self.base / "nginx.conf").write_text(
            f"user root;\nworker_processes 1;\npid {self.base}/nginx.pid;\n"
            f"error_log {self.base}/nginx-error.log;\n"
            "events { worker_connections 8192; }\n"
            f"http {{ access_log off; client_body_temp_path {self.base}/body; "
            f"proxy_temp_path {self.base}/proxy; include {self.base}/site.conf; }}\n"
        )
        self.nginx = subprocess.Popen(  # noqa: S603
            [
                "/usr/sbin/nginx",
                "-p",
                str(self.base),
                "-c",
                str(self.base / "nginx.conf"),
                "-g",
                "daemon off;",
            ]
        )
        _wait(lambda: _answers(self.port), 20, "nginx")

    def start_app(self, port: int) -> None:
        self.apps[port] = subprocess.Popen(  # noqa: S603
            [str(RONDETAFEL), "serve", "--dev", "--port", str(port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def live():
            try:
                return (
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1).status
                    == 200
                )
            except OSError:
                return False

        _wait(live, 60, f"app process {port}")

    def memory(self) -> dict[int, int]:
        """Resident memory (KiB) per app process."""
        out = {}
        for port, process in self.apps.items():
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[port] = int(line.split()[1])
        return out

    def cpu_seconds(self) -> float:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for process in self.apps.values():
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def close(self) -> None:
        self.nginx.send_signal(signal.SIGQUIT)
        self.nginx.wait(timeout=15)
        for process in self.apps.values():
            if process.poll() is None:
                process.terminate()
        for process in self.apps.values():
            process.wait(timeout=20)
        self.redis.stop()
        try:
            self.postgres.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.base, ignore_errors=True)


def new_session(env: dict, phones: int, votes: int):
    """A fresh session in the cluster's database: one open statements activity with `votes`
    statements and `phones` participants. Returns (join code, activity id, statement ids, keys)."""
    os.environ.update(env)
    import django

    django.setup()
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.workshops import services as ws

    facilitator = user_create(
        email=f"f{time.time_ns()}@bench.example", full_name="Begeleider", password="x-Bench-2026"
    )
    trajectory = ts.trajectory_create(created_by=facilitator, title="Bench", question="?")
    workshop = ws.workshop_create(trajectory=trajectory, actor=facilitator, title="Bench")
    activity = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen",
        options_text="\n".join(f"Stelling {i}" for i in range(votes)),
    )
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    sides = ["municipality", "market", "residents"]
    keys = [
        ws.participant_join(workshop=workshop, display_name="", side=sides[i % 3])[1]
        for i in range(phones)
    ]
    return (
        workshop.join_code,
        str(activity.pk),
        [str(s.pk) for s in activity.statements.all()],
        keys,
    )
