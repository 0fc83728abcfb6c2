"""Per corroboration group (m.corroboration_summary()): how many rows and sources tell it, how many of those sources are
independent of Somers, and whether their dates (events) or values (statistics) agree.

A statistic's qualifier makes its value an interval, as the qualifier definitions in the
descriptor say: exact = the point v; more_than = (v, inf); less_than and nearly = (-inf, v);
at_least = [v, inf); approximately = [v - 10%, v + 10%] (APPROXIMATELY, the documented
tolerance). A group's values agree when all its intervals share a point; events agree when
all their date spans (date_start..date_end, inclusive) share a day.

Figures for different times do not contradict each other: when the times a group's figures
can refer to (their periods, as m.between reads them: an unknown start open, an unknown end
no later than the claim date) cannot all share a day, the group is "different_periods" and
its values are not held against each other."""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from ._between import interval as possible_days
from ._frames import load_frame

APPROXIMATELY = 0.10  # relative tolerance of "about", "around", "some"
COLUMNS = ["corroboration", "label", "kind", "rows", "sources", "independent_sources", "agreement", "lowest",
           "highest", "row_ids"]


class Bound(NamedTuple):
    value: float
    closed: bool


def interval(value: float, qualifier: str) -> tuple[Bound, Bound]:
    """The values a figure stated with `qualifier` can have, as (lower, upper) bounds."""
    if qualifier == "exact":
        return Bound(value, True), Bound(value, True)
    if qualifier == "more_than":
        return Bound(value, False), Bound(math.inf, False)
    if qualifier in ("less_than", "nearly"):
        return Bound(-math.inf, False), Bound(value, False)
    if qualifier == "at_least":
        return Bound(value, True), Bound(math.inf, False)
    if qualifier == "approximately":
        spread = abs(value) * APPROXIMATELY
        return Bound(value - spread, True), Bound(value + spread, True)
    raise ValueError(f"no interval rule for qualifier {qualifier!r}")


def intervals_meet(intervals: list[tuple[Bound, Bound]]) -> bool:
    """True when every interval shares at least one point with all the others."""
    lower = max((low for low, _ in intervals), key=lambda bound: (bound.value, not bound.closed))
    upper = min((high for _, high in intervals), key=lambda bound: (bound.value, bound.closed))
    return lower.value < upper.value or (lower.value == upper.value and lower.closed and upper.closed)


def spans_meet(spans: list[tuple[pd.Timestamp, pd.Timestamp]]) -> bool:
    """True when all date spans (inclusive) share a day."""
    return max(start for start, _ in spans) <= min(end for _, end in spans)


def figures_agree(found: pd.DataFrame) -> str:
    """"different_periods" when the statistics rows' periods cannot all share a day, else
    "agree" or "conflict" by their values read as intervals."""
    first, last = possible_days(found, "period")
    if first.max() > last.min():
        return "different_periods"
    meet = intervals_meet([interval(float(value), str(qualifier))
                           for value, qualifier in zip(found["value"], found["qualifier"])])
    return "agree" if meet else "conflict"


def corroboration_summary() -> pd.DataFrame:
    groups = load_frame("corroborations")
    independence = load_frame("sources").set_index("source_id")["independence"].astype("string")
    members = {"event": load_frame("events"), "statistic": load_frame("statistics")}
    keys = {"event": "event_id", "statistic": "statistic_id"}
    rows = []
    for group in groups.itertuples(index=False):
        kind = str(group.kind)
        table = members[kind]
        found = table[table["corroboration"] == group.corroboration]
        sources = sorted(set(found["source_id"]))
        independent = sum(independence[source] == "independent" for source in sources)
        if kind == "event":
            agree = spans_meet(list(zip(found["date_start"], found["date_end"])))
            lowest, highest = found["date_start"].min(), found["date_end"].max()
            low, high = str(lowest.date()), str(highest.date())
            agreement = "agree" if agree else "conflict"
        else:
            agreement = figures_agree(found)
            low, high = f"{found['value'].min():g}", f"{found['value'].max():g}"
        rows.append({"corroboration": group.corroboration, "label": group.label, "kind": kind,
                     "rows": len(found), "sources": len(sources), "independent_sources": int(independent),
                     "agreement": agreement, "lowest": low, "highest": high,
                     "row_ids": "; ".join(sorted(found[keys[kind]]))})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    types = {column: "string" for column in COLUMNS} | {"rows": "Int64", "sources": "Int64",
                                                         "independent_sources": "Int64"}
    frame = frame.astype(types)
    frame["kind"] = frame["kind"].astype(pd.CategoricalDtype(["event", "statistic"]))
    frame["agreement"] = frame["agreement"].astype(pd.CategoricalDtype(["agree", "conflict", "different_periods"]))
    return frame.reset_index(drop=True)
