"""The one table of Table Schema types: for each type the library reads, what every
consumer makes of it. A new type, or a new consumer (a format, a metadata file), is one
edit here. Standard library only, so that `import mechelen_data` stays free."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple


class Type(NamedTuple):
    cell: Callable[[str], Any]  # CSV cell text -> Python value (records, DataFrames)
    python: type  # the value's type: the pydantic field of a row model
    stub: str  # the same type as mechelen_data/_rows.pyi writes it
    pandas: str  # DataFrame dtype
    sqlite: str  # declared column type
    stata: str  # storage type (or display format) of the variable
    parquet: str  # pyarrow type alias
    xlsx: str  # how the workbook stores the cell (text, a number, a real date)
    croissant: str  # Croissant dataType


TYPES: dict[str, Type] = {
    "string": Type(str, str, "str", "string", "TEXT", "str", "string", "text", "sc:Text"),
    "integer": Type(int, int, "int", "Int64", "INTEGER", "long", "int64", "integer", "sc:Integer"),
    "number": Type(float, float, "float", "Float64", "REAL", "double", "float64", "number", "sc:Float"),
    "boolean": Type({"true": True, "false": False}.__getitem__, bool, "bool", "boolean", "INTEGER", "byte", "bool",
                    "boolean", "sc:Boolean"),
    # Second resolution in pandas: nanoseconds (its default) cannot hold dates before 1677.
    "date": Type(dt.date.fromisoformat, dt.date, "datetime.date", "datetime64[s]", "TEXT", "%td", "date32", "date",
                 "sc:Date"),
}
# A field that lists its allowed values (constraints.enum), where a consumer stores an
# enumeration its own way: a categorical, a labelled integer, a dictionary-encoded column.
# Its Python value, pydantic and stub type (a Literal of the values) follow its own type.
ENUM = Type(str, str, "Literal", "category", "TEXT", "labelled integer", "dictionary", "text", "sc:Text")


def enum(field: dict[str, Any]) -> list[Any] | None:
    """The allowed values of a Table Schema field, or None."""
    return field.get("constraints", {}).get("enum")  # type: ignore[no-any-return]


def stored(field: dict[str, Any]) -> Type:
    """How the consumers that store enumerations their own way store `field`."""
    return ENUM if enum(field) else TYPES[field["type"]]
