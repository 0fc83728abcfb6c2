"""Tables as pandas DataFrames, typed from their Table Schemas."""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._package import damaged_cell, open_table, pick_columns, resource
from ._types import TYPES, enum, stored


@functools.cache
def _frame(name: str) -> pd.DataFrame:
    fields = resource(name)["schema"]["fields"]  # read only: no copy needed
    # Read with the csv module (quicker than pandas' parser for tables this size); every
    # cell is text, and only an empty cell is missing: "NA" or "null" in a quote stays text.
    with open_table(name) as handle:
        try:
            header, *rows = list(csv.reader(handle)) or [[]]
        except (UnicodeDecodeError, csv.Error) as error:
            raise damaged_cell(name, 0, "-", "the file", f"cannot be read as UTF-8 CSV ({error})") from None
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise damaged_cell(name, number, "-", "the row", f"has {len(row)} cells, the header {len(header)}")
    missing = [field["name"] for field in fields if field["name"] not in header]
    if missing:
        raise damaged_cell(name, 0, missing[0], "the header", "lacks this column of the Table Schema")
    columns = dict(zip(header, zip(*rows))) if rows else {column: () for column in header}
    return pd.DataFrame({field["name"]: _typed(name, field, [cell or None for cell in columns[field["name"]]])
                         for field in fields})


def _typed(name: str, field: dict[str, Any], cells: list[str | None]) -> Any:
    """One column's cells (None when empty) as an array of its schema type; a cell that
    does not convert raises IntegrityError naming the table, row and column."""
    dtype = stored(field).pandas
    try:
        if dtype == "category":
            typed = pd.Categorical(cells, categories=enum(field))
            if (typed.codes == -1).sum() == cells.count(None):  # no value outside the enumeration
                return typed
        elif dtype.startswith("datetime64"):  # parsed by numpy, which reads ISO dates
            return np.array([cell or "NaT" for cell in cells], dtype=dtype)
        else:
            convert = TYPES[field["type"]].cell
            return pd.array([None if cell is None else convert(cell) for cell in cells], dtype=dtype)
    except (ValueError, TypeError, KeyError):
        pass
    for position, value in enumerate(cells):
        if value is not None and not _converts(field, value):
            raise damaged_cell(name, position + 1, field["name"], value, f"is not a valid {_kind(field)}")
    raise damaged_cell(name, 0, field["name"], "a cell", f"is not a valid {_kind(field)}")


def _kind(field: dict[str, Any]) -> str:
    return f"value (one of {', '.join(enum(field))})" if enum(field) else field["type"]


def _converts(field: dict[str, Any], value: str) -> bool:
    """Whether one cell's text converts to the field's type (to find the cell at fault)."""
    if enum(field):
        return value in enum(field)
    try:
        TYPES[field["type"]].cell(value)
    except (ValueError, KeyError):
        return False
    return True


def load_frame(name: str, columns: str | Sequence[str] | None = None) -> pd.DataFrame:
    frame = _frame(name)
    if columns is not None:
        frame = frame[pick_columns(name, columns)]
    return frame.copy(deep=True)
