"""Types for the API's input schemas that accept exactly what the OpenAPI says (ADR 0030):
pydantic's lax mode would take 0 for false, "3" for 3, a number of seconds for a date, and
django-ninja reads a JSON array as an object with every field missing; the schema allows none of
these, and a client should hear about them."""

from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, StrictBool, model_validator


def _iso_date_only(value):
    if not isinstance(value, str | date):
        raise ValueError("Input should be a date as YYYY-MM-DD")
    return value


def json_integer(value):
    # JSON Schema's integer is a number without a fraction (1.0 counts); not a string or a boolean.
    if isinstance(value, bool | str):
        raise ValueError("Input should be a valid integer")
    return value


JsonDate = Annotated[date, BeforeValidator(_iso_date_only)]
# Constraints go before the validator (Annotated[int, Field(ge=1), BeforeValidator(json_integer)]),
# or pydantic cannot put them in the OpenAPI as minimum and maximum.
JsonInt = Annotated[int, BeforeValidator(json_integer)]


class InputSchema(Schema):
    """A request body: a JSON object. django-ninja's own root validator (replaced here, by its
    name) reads any value through attribute access, so a list would pass as an empty object."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info):
        if not isinstance(values, dict | cls):
            raise ValueError("Input should be a JSON object")
        return handler(values)


__all__ = ["InputSchema", "JsonDate", "JsonInt", "StrictBool", "json_integer"]
