"""Tables as pandas DataFrames, typed from their Table Schemas."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._package import UnknownNameError, damaged_cell, open_table, resource


def dtype(field: dict[str, Any]) -> Any:
    """The pandas dtype for a Table Schema field (dates are parsed separately)."""
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.CategoricalDtype(enum)
    return {"integer": "Int64", "number": "Float64", "boolean": "boolean"}.get(field["type"], "string")


@functools.cache
def _frame(name: str) -> pd.DataFrame:
    fields = resource(name)["schema"]["fields"]  # read only: no copy needed
    # Read every cell as text, and only an empty cell as missing: "NA" or "null" in a
    # quote stays text.
    with open_table(name) as handle:
        try:
            frame = pd.read_csv(handle, dtype="string", keep_default_na=False, na_values=[""])
        except (UnicodeDecodeError, pd.errors.ParserError) as error:
            raise damaged_cell(name, 0, "-", "the file", f"cannot be read as UTF-8 CSV ({error})") from None
    missing = [field["name"] for field in fields if field["name"] not in frame.columns]
    if missing:
        raise damaged_cell(name, 0, missing[0], "the header", "lacks this column of the Table Schema")
    for field in fields:
        frame[field["name"]] = _typed(name, field, frame[field["name"]])
    return frame


def _typed(name: str, field: dict[str, Any], text: pd.Series) -> pd.Series:
    """One column converted from text to its schema type; a cell that does not convert
    raises IntegrityError naming the table, line and column."""
    kind = field["type"]
    try:
        if kind == "date":
            # Second resolution, parsed by numpy: pandas 2 parses to nanoseconds, which
            # cannot hold dates before 1677 (a period such as "since 1520" may start there).
            days = [day if isinstance(day, str) else "NaT" for day in text]
            return pd.Series(np.array(days, dtype="datetime64[s]"), index=text.index)
        target = dtype(field)
        if target == "string":
            return text  # read as text already
        if kind == "boolean":
            typed = text.map({"true": True, "false": False}).astype("boolean")
        else:
            typed = text.astype(target)
    except (ValueError, TypeError):
        typed = None
    # A value outside an enumeration (or not true/false) becomes missing rather than
    # failing: count the missing cells to catch that too.
    if typed is None or (kind != "integer" and kind != "number" and typed.isna().sum() != text.isna().sum()):
        for position, value in enumerate(text):
            if isinstance(value, str) and not _converts(kind, field, value):
                raise damaged_cell(name, position + 1, field["name"], value, f"is not a valid {_kind(field)}")
        raise damaged_cell(name, 0, field["name"], "a cell", f"is not a valid {_kind(field)}")
    return typed


def _kind(field: dict[str, Any]) -> str:
    enum = field.get("constraints", {}).get("enum")
    return f"value (one of {', '.join(enum)})" if enum else field["type"]


def _converts(kind: str, field: dict[str, Any], value: str) -> bool:
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return value in enum
    try:
        {"date": lambda v: np.datetime64(v, "D"), "integer": int, "number": float,
         "boolean": lambda v: {"true": True, "false": False}[v]}.get(kind, str)(value)
    except (ValueError, KeyError):
        return False
    return True


def load_frame(name: str, columns: str | Sequence[str] | None = None) -> pd.DataFrame:
    frame = _frame(name)
    if columns is not None:
        picked = [columns] if isinstance(columns, str) else list(columns)
        for column in picked:
            if column not in frame.columns:
                raise UnknownNameError("column", column, list(frame.columns), f"in table {name!r}")
        frame = frame[picked]
    return frame.copy(deep=True)
