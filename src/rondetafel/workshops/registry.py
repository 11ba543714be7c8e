"""The registry of activity types. It sits at the bottom of `workshops` (models read it to give
an activity its type); the types in `workshops.activities` fill it at start-up."""

from __future__ import annotations

from typing import Any

from rondetafel.core.registry import Registry

activity_types: Registry[Any] = Registry("activity types")  # key -> activities.base.ActivityType
