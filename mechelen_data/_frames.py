"""Tables as pandas DataFrames, typed from their Table Schemas."""

import functools

import numpy as np
import pandas as pd

from ._package import UnknownNameError, csv_path, schema


def dtype(field: dict):
    """The pandas dtype for a Table Schema field (dates are parsed separately)."""
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.CategoricalDtype(enum)
    return {"integer": "Int64", "number": "Float64", "boolean": "boolean"}.get(field["type"], "string")


@functools.cache
def _frame(name: str) -> pd.DataFrame:
    fields = schema(name)["fields"]
    # Read every cell as text, and only an empty cell as missing: "NA" or "null" in a
    # quote stays text.
    frame = pd.read_csv(csv_path(name), dtype="string", keep_default_na=False, na_values=[""], encoding="utf-8")
    for field in fields:
        column = field["name"]
        if field["type"] == "date":
            # Second resolution, parsed by numpy: pandas 2 parses to nanoseconds, which
            # cannot hold dates before 1677 ("since 1520" is in the data).
            days = [day if isinstance(day, str) else "NaT" for day in frame[column]]
            frame[column] = pd.Series(np.array(days, dtype="datetime64[s]"), index=frame.index)
        elif field["type"] == "boolean":
            frame[column] = frame[column].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[column] = frame[column].astype(dtype(field))
    return frame


def load_frame(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    frame = _frame(name)
    if columns is not None:
        for column in columns:
            if column not in frame.columns:
                raise UnknownNameError("column", column, list(frame.columns), f"in table {name!r}")
        frame = frame[list(columns)]
    return frame.copy(deep=True)
