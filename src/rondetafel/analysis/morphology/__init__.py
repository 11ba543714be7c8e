"""General morphological analysis: a field of parameters and values, the group's pair
judgements, and the space of consistent configurations (compile, count, explore, diagnose,
pick diverse scenarios, find the nearest consistent one). No Django."""

from .engine import (
    Compiled,
    Count,
    DeadValue,
    Exploration,
    Model,
    Nearest,
    Space,
    compile_space,
    count,
    dead_values,
    explore,
    induced_width,
    nearest,
    satisfiable,
)
from .field import Field, FieldError, Judgement, Value, Verdict

__all__ = [
    "Compiled",
    "Count",
    "DeadValue",
    "Exploration",
    "Field",
    "FieldError",
    "Judgement",
    "Model",
    "Nearest",
    "Space",
    "Value",
    "Verdict",
    "compile_space",
    "count",
    "dead_values",
    "explore",
    "induced_width",
    "nearest",
    "satisfiable",
]
