"""Tables as pandas DataFrames, typed from their Table Schemas."""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._cells import CONVERTERS
from ._package import UnknownNameError, damaged_cell, open_table, resource


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
    kind, enum = field["type"], field.get("constraints", {}).get("enum")
    try:
        if enum:
            typed = pd.Categorical(cells, categories=enum)
            if (typed.codes == -1).sum() == cells.count(None):  # no value outside the enumeration
                return typed
        elif kind == "date":
            # Second resolution, parsed by numpy: pandas 2 parses to nanoseconds, which
            # cannot hold dates before 1677.
            return np.array([cell or "NaT" for cell in cells], dtype="datetime64[s]")
        elif kind in NULLABLE:
            convert = CONVERTERS[kind]
            return pd.array([None if cell is None else convert(cell) for cell in cells], dtype=NULLABLE[kind])
        else:
            return pd.array(cells, dtype="string")
    except (ValueError, TypeError, KeyError):
        pass
    for position, value in enumerate(cells):
        if value is not None and not _converts(kind, field, value):
            raise damaged_cell(name, position + 1, field["name"], value, f"is not a valid {_kind(field)}")
    raise damaged_cell(name, 0, field["name"], "a cell", f"is not a valid {_kind(field)}")


NULLABLE = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}  # pandas' types with a missing value


def _kind(field: dict[str, Any]) -> str:
    enum = field.get("constraints", {}).get("enum")
    return f"value (one of {', '.join(enum)})" if enum else field["type"]


def _converts(kind: str, field: dict[str, Any], value: str) -> bool:
    """Whether one cell's text converts to the field's type (to find the cell at fault)."""
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return value in enum
    try:
        CONVERTERS[kind](value)
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
