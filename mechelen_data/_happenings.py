"""One row per happening: the events rows that tell the same happening share a key (the
events table's `happening` column), so counts of happenings count each once.

A happening is dated and typed by its principal row: the row whose event_id is the key,
else (a happening several sources tell, keyed by its corroboration group) the row with the
narrowest date span, a stated date before one worked out, the earliest first. `dates` says whether all its rows' date spans
share a day (agree) or not (conflict: the rows date the happening differently)."""

from __future__ import annotations

import pandas as pd

from ._frames import load_frame

# How directly a date is known, most direct first: the tie-break between equally precise rows.
BASIS_ORDER = ["stated", "year_inferred", "relative", "inferred"]
COLUMNS = ["happening", "title", "event_type", "date_start", "date_end", "date_precision", "dates", "rows",
           "sources", "independent_sources", "corroboration", "principal", "row_ids", "source_ids"]


def principal(rows: pd.DataFrame) -> pd.Series:
    """The row that dates and names a happening (see the module's docstring)."""
    own = rows[rows["event_id"] == rows["happening"]]
    if len(own):
        return own.iloc[0]
    ranked = rows.assign(_span=rows["date_end"] - rows["date_start"],
                         _basis=rows["date_basis"].map(BASIS_ORDER.index).astype(int))
    return ranked.sort_values(["_span", "_basis", "date_start"], kind="stable").iloc[0]


def happenings() -> pd.DataFrame:
    events = load_frame("events")
    independence = load_frame("sources").set_index("source_id")["independence"].astype("string")
    records = []
    for key, rows in events.groupby("happening", sort=False, observed=True):
        lead = principal(rows)
        sources = sorted(set(rows["source_id"]))
        records.append({
            "happening": key, "title": lead["title"], "event_type": lead["event_type"],
            "date_start": lead["date_start"], "date_end": lead["date_end"], "date_precision": lead["date_precision"],
            "dates": "agree" if rows["date_start"].max() <= rows["date_end"].min() else "conflict",
            "rows": len(rows), "sources": len(sources),
            "independent_sources": sum(independence[source] == "independent" for source in sources),
            "corroboration": lead["corroboration"], "principal": lead["event_id"],
            "row_ids": "; ".join(rows["event_id"]), "source_ids": "; ".join(sources),
        })
    frame = pd.DataFrame(records, columns=COLUMNS)
    for column in ("rows", "sources", "independent_sources"):
        frame[column] = frame[column].astype("Int64")
    for column in ("happening", "title", "corroboration", "principal", "row_ids", "source_ids"):
        frame[column] = frame[column].astype("string")
    frame["event_type"] = frame["event_type"].astype(events["event_type"].dtype)
    frame["date_precision"] = frame["date_precision"].astype(events["date_precision"].dtype)
    frame["dates"] = frame["dates"].astype(pd.CategoricalDtype(["agree", "conflict"]))
    return frame.sort_values(["date_start", "date_end", "happening"], kind="stable").reset_index(drop=True)
