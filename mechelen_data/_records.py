"""Rows as pydantic models, read with the csv module (no pandas)."""

import csv
import functools

from ._models import Record, model_for
from ._package import csv_path, resource, schema


@functools.cache
def model(name: str) -> type[Record]:
    """The pydantic model of one row of table `name`."""
    return model_for(name, schema(name), resource(name).get("description"))


@functools.cache
def _records(name: str) -> tuple[Record, ...]:
    row_model = model(name)
    with open(csv_path(name), encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        # An empty cell is a missing value; the model turns text into dates and numbers.
        return tuple(row_model.model_validate({k: v or None for k, v in row.items()}) for row in rows)


def load_records(name: str) -> list[Record]:
    # Records are frozen, so a new list of the cached records is an independent copy.
    return list(_records(name))
