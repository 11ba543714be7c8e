"""A morphological field: parameters, their values, and the group's judgements of value pairs
(the cross-consistency assessment). Plain data, checked on construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

MAX_VALUES = 64  # a value is a bit of an integer mask in the search; a field has far fewer


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    CONDITIONAL = "conditional"  # consistent under a condition, which is kept with it
    INCONSISTENT = "inconsistent"  # the two values cannot occur together


class FieldError(ValueError):
    """A field that cannot be analysed; `code` says why (for a translated message) and
    `subject` what (a parameter's name, a pair)."""

    def __init__(self, code: str, subject: str = ""):
        super().__init__(f"{code}: {subject}" if subject else code)
        self.code = code
        self.subject = subject


@dataclass(frozen=True)
class Value:
    parameter: int
    value: int


@dataclass(frozen=True)
class Judgement:
    """A judgement of one pair of values of two different parameters."""

    first: Value
    second: Value
    verdict: Verdict
    reason: str = ""
    condition: str = ""

    def involves(self, value: Value) -> bool:
        return value in (self.first, self.second)

    def other(self, value: Value) -> Value:
        return self.second if value == self.first else self.first


@dataclass(frozen=True)
class Field:
    parameters: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    judgements: tuple[Judgement, ...] = field(default=())

    def __post_init__(self) -> None:
        if len(self.parameters) != len(self.values):
            raise FieldError("shape")
        if len(self.parameters) < 2:
            raise FieldError("too-few-parameters")
        names = [name.strip().casefold() for name in self.parameters]
        for i, name in enumerate(names):
            if not name:
                raise FieldError("unnamed-parameter", str(i + 1))
            if names.index(name) != i:
                raise FieldError("duplicate-parameter", self.parameters[i])
        for name, values in zip(self.parameters, self.values, strict=True):
            if len(values) < 2:
                raise FieldError("too-few-values", name)
            if len(values) > MAX_VALUES:
                raise FieldError("too-many-values", name)
            folded = [v.strip().casefold() for v in values]
            if any(not v for v in folded):
                raise FieldError("unnamed-value", name)
            if len(set(folded)) != len(folded):
                raise FieldError("duplicate-value", name)
        for j in self.judgements:
            for v in (j.first, j.second):
                if not (0 <= v.parameter < len(self.values)) or not (
                    0 <= v.value < len(self.values[v.parameter])
                ):
                    raise FieldError("unknown-value", f"{v.parameter}:{v.value}")
            if j.first.parameter == j.second.parameter:
                raise FieldError("same-parameter", self.parameters[j.first.parameter])

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def total(self) -> int:
        """Every configuration, consistent or not."""
        product = 1
        for m in self.sizes:
            product *= m
        return product

    def label(self, value: Value) -> str:
        return f"{self.parameters[value.parameter]}: {self.values[value.parameter][value.value]}"

    def inconsistent(self) -> list[Judgement]:
        return [j for j in self.judgements if j.verdict == Verdict.INCONSISTENT]

    def pairs(self) -> list[tuple[Value, Value]]:
        """Every pair of values of two different parameters: what the group judges."""
        out = []
        n = len(self.values)
        for i in range(n):
            for j in range(i + 1, n):
                for a in range(len(self.values[i])):
                    for b in range(len(self.values[j])):
                        out.append((Value(i, a), Value(j, b)))
        return out
