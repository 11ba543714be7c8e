"""Local development and the demo: one process, SQLite, console e-mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
# The demo's published password opens it; production requires a second factor (ADR 0028).
TWO_FACTOR_FOR_FACILITATORS = env_bool("TWO_FACTOR_FOR_FACILITATORS", False)
