"""Rows that definitely or possibly fall within a range of days, honest about precision.

Each row stands for an interval of possible days [lo, hi]:
- events (by="date"): date_start..date_end, the days the event can have been on;
- statistics by="period": the time the figure can refer to. A stated start gives lo, else
  lo is unbounded (-infinity); hi is the stated end, but never later than claimed_end,
  since a figure cannot refer to a time after it was claimed: a half-open period ("since
  2007") or an unknown one ends at the latest on claimed_end. A figure with no period is
  therefore possibly within any range that starts on or before claimed_end, and definitely
  within a range only when the range has no start (start=None) and ends on or after
  claimed_end;
- statistics by="claimed": claimed_start..claimed_end, when the claim was made;
- sources (by="published"): published to the last day of its month or year, by
  published_precision.

A row is definitely within [start, end] when every one of its days is (start <= lo and
hi <= end), and possibly within it when at least one is (the intervals meet). start and end
are inclusive; a coarse bound covers its whole unit ("2017" as start is 1 January, as end 31
December); None (or "..") leaves that side open."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ._package import MechelenDataError, UnknownNameError

CERTAINTIES = ("definitely", "possibly")
# The columns each way of dating a row needs; the first tells which tables have it.
COLUMNS = {
    "date": ("date_start", "date_end"),
    "period": ("period_start", "period_end", "claimed_end"),
    "claimed": ("claimed_start", "claimed_end"),
    "published": ("published", "published_precision"),
}


def ways(frame: pd.DataFrame) -> list[str]:
    """The values of `by` this frame has the columns for, the default first."""
    return [by for by, needed in COLUMNS.items() if all(column in frame.columns for column in needed)]


def between(frame: pd.DataFrame, start: object, end: object, certainty: str = "definitely",
            by: str | None = None) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise MechelenDataError(f"between() selects rows of a DataFrame of events, statistics or sources (such as "
                                f"m.events()), not a {type(frame).__name__}.")
    if certainty not in CERTAINTIES:
        raise UnknownNameError("certainty", certainty, list(CERTAINTIES))
    if by is not None and by not in COLUMNS:
        raise UnknownNameError("by", by, list(COLUMNS))
    first, last = bound(start, "start"), bound(end, "end")
    if first > last:
        raise MechelenDataError(f"The range ends ({end}) before it starts ({start}); give the earlier date first.")
    if by is None:
        found = [way for way, needed in COLUMNS.items() if needed[0] in frame.columns]
        if not found:
            wanted = "; ".join(f"by={way!r}: {', '.join(needed)}" for way, needed in COLUMNS.items())
            raise MechelenDataError(f"between() cannot tell when the rows of this frame happened: it needs the "
                                    f"date columns of events, statistics or sources ({wanted}).")
        by = found[0]
    missing = [column for column in COLUMNS[by] if column not in frame.columns]
    if missing:
        raise MechelenDataError(f"between(by={by!r}) needs the column(s) {', '.join(missing)}, which this frame "
                                "lacks; select rows first and columns after, or choose another `by`"
                                + (f" ({', '.join(map(repr, ways(frame)))})" if ways(frame) else "") + ".")
    lo, hi = interval(frame, by)
    if certainty == "definitely":
        keep = (first <= lo) & (hi <= last)
    else:
        keep = (lo <= last) & (first <= hi)
    return frame[keep]


def interval(frame: pd.DataFrame, by: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's first and last possible day, as day numbers (floats; unbounded = inf)."""
    if by == "published":
        days = _dates(frame, "published")
        units = {"year": "datetime64[Y]", "month": "datetime64[M]"}
        precision = frame["published_precision"].astype("string").to_numpy(dtype=object)
        last = days.copy()
        for name, unit in units.items():
            coarse = precision == name
            last[coarse] = (days[coarse].astype(unit) + 1).astype("datetime64[D]") - 1
        return _numbers(days, -np.inf), _numbers(last, np.inf)
    if by == "period":
        claimed = _numbers(_dates(frame, "claimed_end"), np.inf)
        return (_numbers(_dates(frame, "period_start"), -np.inf),
                np.fmin(_numbers(_dates(frame, "period_end"), np.nan), claimed))
    first, last = COLUMNS[by][:2]
    return _numbers(_dates(frame, first), -np.inf), _numbers(_dates(frame, last), np.inf)


def _dates(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = frame[column]
    try:
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            return values.to_numpy().astype("datetime64[D]")
        return np.array([None if pd.isna(value) else value for value in values], dtype="datetime64[D]")
    except (TypeError, ValueError) as error:
        raise MechelenDataError(f"Column {column!r} holds something that is not a date ({error}); load the "
                                "table with m.load() to get its dates typed.") from None


def _numbers(days: np.ndarray, missing: float) -> np.ndarray:
    numbers = days.astype("int64").astype(float)
    numbers[np.isnat(days)] = missing
    return numbers


DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def bound(value: object, side: str) -> float:
    """A range's start or end as a day number: its first (start) or last (end) day; None or
    '..' is unbounded."""
    if value is None or value == "..":
        return -np.inf if side == "start" else np.inf
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return float((value - dt.date(1970, 1, 1)).days)
    match = DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise MechelenDataError(f"The {side} {value!r} is not a date: write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', "
                                "give a datetime.date, or None for an open range.")
    year, month, day = (int(part or 0) for part in match.groups())  # 0: not given
    try:
        chosen = dt.date(year, month or 1, day or 1)
    except ValueError as error:
        raise MechelenDataError(f"The {side} {value!r} is not a real date ({error}).") from None
    if side == "end" and not day:  # the last day of the month or year
        chosen = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1) if month
                  else dt.date(year, 12, 31))
    return float((chosen - dt.date(1970, 1, 1)).days)
