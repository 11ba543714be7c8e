"""What the installation writes to disk is its owner's only: the data directory, the SQLite
database and the generated secret key are never readable by other users of the machine."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_fresh_installation_keeps_its_data_to_its_owner(tmp_path):
    data = tmp_path / "var"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "RONDETAFEL_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "rondetafel.settings.dev",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("SECRET_KEY", None)
    script = (
        "import django; django.setup(); from django.db import connection; "
        "connection.cursor().execute('create table t (x int)')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=tmp_path)
    for path in (data, data / "rondetafel.sqlite3", data / "secret_key"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name}: {oct(mode)}"
