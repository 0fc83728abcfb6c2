"""Pydantic row models derived from Table Schemas, so that the models cannot drift from
the descriptor: one source of truth."""

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from ._types import TYPES


class Record(BaseModel):
    """Base of every row model: immutable, no unknown fields."""

    # defer_build: a validator is built only if one is used (see _records).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def class_name(table: str, schema: dict) -> str:
    """'event_id' -> 'Event': the singular is read off the primary key."""
    key = schema.get("primaryKey", [table])[0]
    return key.removesuffix("_id").title().replace("_", "")


def model_for(table: str, schema: dict, description: str | None = None) -> type[Record]:
    """A pydantic model with one field per Table Schema field."""
    fields = {}
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        kind = TYPES[field["type"]].python
        if "enum" in constraints:
            kind = Literal[tuple(constraints["enum"])]
        options = {"description": field.get("description")}
        if "pattern" in constraints:
            options["pattern"] = constraints["pattern"]
        if "minimum" in constraints:
            options["ge"] = constraints["minimum"]
        if "minLength" in constraints:
            options["min_length"] = constraints["minLength"]
        if constraints.get("required"):
            fields[field["name"]] = (kind, Field(**options))
        else:
            fields[field["name"]] = (Optional[kind], Field(None, **options))
    return create_model(class_name(table, schema), __base__=Record, __doc__=description, **fields)
