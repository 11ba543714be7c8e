"""Activity types of a live session, as plugins: one module per type in this package,
discovered when the package is first imported (at start-up, by `WorkshopsConfig.ready`).
See `base.ActivityType` for what a type provides; `docs/architecture.md` for how to add one."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from .base import ActivityType, activity_types, register

__all__ = ["ActivityType", "activity_types", "discover", "register"]


def discover() -> None:
    """Import every module of this package, each of which registers its types."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base" and not module.name.startswith("_"):
            import_module(f"{__name__}.{module.name}")


discover()
