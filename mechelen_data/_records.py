"""Rows as pydantic models, read with the csv module (no pandas).

The models are built with `defer_build` and the rows made with `model_construct` from
cells converted by the one converter per Table Schema type (_types.py): building a validator per
table costs more than reading all the data, and the build and `verify()` already check
every cell against the schema. A cell that does not convert still raises, naming the
table, row and column."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from typing import Any

from ._models import Record, model_for
from ._package import damaged_cell, open_table, resource
from ._types import TYPES


@functools.cache
def model(name: str) -> type[Record]:
    """The pydantic model of one row of table `name`."""
    return model_for(name, resource(name)["schema"], resource(name).get("description"))


def _converter(name: str, field: dict[str, Any]) -> Callable[[int, str], Any]:
    """cell text -> Python value for one field; an empty cell is None."""
    convert = TYPES[field["type"]].cell
    constraints = field.get("constraints", {})
    enum, required = constraints.get("enum"), constraints.get("required", False)

    def cell(row: int, text: str) -> Any:
        if text == "":
            if required:
                raise damaged_cell(name, row, field["name"], text, "is empty but required")
            return None
        try:
            value = convert(text)
        except (ValueError, KeyError):
            raise damaged_cell(name, row, field["name"], text, f"is not a valid {field['type']}") from None
        if enum is not None and value not in enum:
            raise damaged_cell(name, row, field["name"], text, f"is not one of {', '.join(enum)}")
        return value

    return cell


@functools.cache
def _records(name: str) -> tuple[Record, ...]:
    row_model = model(name)
    fields = resource(name)["schema"]["fields"]  # read only: no copy needed
    names = [field["name"] for field in fields]
    converters = [_converter(name, field) for field in fields]
    rows = []
    with open_table(name) as handle:
        try:
            reader = csv.reader(handle)
            if next(reader, None) != names:
                raise damaged_cell(name, 0, "-", "the header", f"differs from the Table Schema's columns {names}")
            for number, cells in enumerate(reader, start=1):
                if len(cells) != len(names):
                    raise damaged_cell(name, number, "-", "the row", f"has {len(cells)} cells, the header {len(names)}")
                rows.append(row_model.model_construct(
                    **{column: convert(number, text) for column, convert, text in zip(names, converters, cells)}))
        except (UnicodeDecodeError, csv.Error) as error:
            raise damaged_cell(name, 0, "-", "the file", f"cannot be read as UTF-8 CSV ({error})") from None
    return tuple(rows)


def load_records(name: str) -> list[Record]:
    # Records are frozen, so a new list of the cached records is an independent copy.
    return list(_records(name))
