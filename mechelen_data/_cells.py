"""Cell text -> Python value, one converter per Table Schema type: the one rule that the
DataFrames and the records both read the CSV cells by (standard library only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

CONVERTERS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": {"true": True, "false": False}.__getitem__,
    "date": dt.date.fromisoformat,
}
