"""Where this installation lives, decided without Django (the settings import this).

The data directory holds the SQLite database, the secret key and the signing CA. It comes from,
in this order: ``RONDETAFEL_DATA_DIR``; the ``data_dir`` of a configuration file
(``RONDETAFEL_CONFIG``, else ``~/.config/rondetafel/rondetafel.toml``, else
``/etc/rondetafel/rondetafel.toml``); else the user's data directory
(``~/.local/share/rondetafel``). Never the current directory: run from anywhere, a command
finds the same installation (ADR 0022).

Nothing in it is created except by ``rondetafel init`` or the demo (which set
``RONDETAFEL_CREATE``): a command that finds no installation stops and says where it looked,
instead of making a new key, CA and empty database wherever it was started.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR_VARIABLE = "RONDETAFEL_DATA_DIR"
CONFIG_VARIABLE = "RONDETAFEL_CONFIG"
CREATE_VARIABLE = "RONDETAFEL_CREATE"
SYSTEM_CONFIG = Path("/etc/rondetafel/rondetafel.toml")


class NoInstallation(RuntimeError):
    """No installation where the configuration points, and creating one was not asked for."""


class BadConfiguration(RuntimeError):
    """A configuration file that cannot be read or says nothing usable."""


@dataclass(frozen=True)
class Located:
    data_dir: Path
    source: str  # how it was found, for messages
    looked: list[str] = field(default_factory=list)


def user_config() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "rondetafel" / "rondetafel.toml"


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rondetafel"


def _config_candidates() -> list[Path]:
    named = os.environ.get(CONFIG_VARIABLE)
    if named:
        return [Path(named)]
    return [user_config(), SYSTEM_CONFIG]


def read_config(path: Path) -> Path:
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadConfiguration(f"{path}: {exc}") from exc
    value = data.get("data_dir")
    if not isinstance(value, str) or not value.strip():
        raise BadConfiguration(f'{path}: no data_dir = "..." in it')
    directory = Path(value).expanduser()
    # A relative path is relative to the file, never to wherever the command runs.
    return (directory if directory.is_absolute() else path.parent / directory).resolve()


def locate() -> Located:
    looked = []
    value = os.environ.get(DATA_DIR_VARIABLE)
    if value:
        return Located(Path(value).expanduser().resolve(), f"${DATA_DIR_VARIABLE}")
    looked.append(f"${DATA_DIR_VARIABLE} (not set)")
    for candidate in _config_candidates():
        if candidate.is_file():
            return Located(read_config(candidate), str(candidate), looked)
        looked.append(f"{candidate} (no such file)")
    return Located(user_data_dir().resolve(), "the default", looked)


def may_create() -> bool:
    return os.environ.get(CREATE_VARIABLE, "") == "1"


def missing(located: Located, what: str) -> NoInstallation:
    """The error for a command that found no installation: what is missing, where it looked,
    and the two ways on."""
    lines = [
        f"No rondetafel installation found: {what} does not exist.",
        f"Data directory: {located.data_dir} (from {located.source}).",
    ]
    if located.looked:
        lines.append("Looked at: " + "; ".join(located.looked) + ".")
    lines.append(
        f"Create one with `rondetafel init` (or `rondetafel init --data-dir DIR`), or point "
        f"{DATA_DIR_VARIABLE} or {CONFIG_VARIABLE} at an existing one."
    )
    return NoInstallation("\n".join(lines))


def write_user_config(data_dir: Path) -> Path:
    """Record where the installation lives, so every later command finds it from anywhere."""
    path = Path(os.environ.get(CONFIG_VARIABLE) or user_config())
    path.parent.mkdir(parents=True, exist_ok=True)
    escaped = str(data_dir).replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(f'# Written by `rondetafel init`.\ndata_dir = "{escaped}"\n')
    return path
