"""Every source's claim for one indicator, side by side."""

from __future__ import annotations

import pandas as pd

from ._frames import load_frame
from ._package import UnknownNameError

COLUMNS = ["indicator", "place", "subject", "source_id", "publisher", "independence", "published",
           "published_precision", "claimant", "qualifier", "value", "unit", "value_verbatim", "period_start",
           "period_end", "period_precision", "period_verbatim", "corroboration", "statistic_id", "quote"]


def compare(indicator: str, place: str | None = None, wide: bool = False) -> pd.DataFrame:
    statistics = load_frame("statistics")
    if indicator not in statistics["indicator"].cat.categories:
        raise UnknownNameError("indicator", indicator, list(statistics["indicator"].cat.categories))
    claims = statistics[statistics["indicator"] == indicator]
    if place is not None:
        places = sorted(claims["place"].dropna().unique())
        if place not in places:
            raise UnknownNameError("place", place, places, f"for indicator {indicator!r}")
        claims = claims[claims["place"] == place]
    sources = load_frame("sources")[["source_id", "publisher", "independence", "published", "published_precision"]]
    table = claims.merge(sources, on="source_id", how="left", validate="many_to_one")
    table = table[COLUMNS].sort_values(["place", "published", "source_id", "statistic_id"]).reset_index(drop=True)
    return _wide(table) if wide else table


# A qualifier in words before the value; the others read as they are named (more_than: "more than ").
QUALIFIERS = {"exact": "", "approximately": "about "}


def _wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per figure (a corroboration group's claims share one; others have one per
    place and subject), one column per source in publication order."""
    table = table.assign(claim=table.apply(_claim, axis=1),
                         subject=table["subject"].where(table["corroboration"].isna()),
                         corroboration=table["corroboration"].astype("string"))
    keys = ["place", "corroboration", "subject"]
    order = list(dict.fromkeys(table.sort_values(["published", "source_id"])["source_id"]))
    wide = table.fillna({key: "" for key in keys}).pivot_table(
        index=keys, columns="source_id", values="claim", aggfunc="; ".join, observed=True)
    wide = wide[[source for source in order if source in wide.columns]]
    wide.columns = pd.Index(list(wide.columns), name="source_id", dtype="string")
    return wide.reset_index().astype("string").replace("", pd.NA)


def _claim(row: pd.Series) -> str:
    """A claim as words: "more than 130 nationalities", "0 people ("not one"; So far)"."""
    if pd.isna(row["value"]):
        value = str(row["value_verbatim"])
    else:
        number = float(row["value"])
        qualifier = "" if pd.isna(row["qualifier"]) else str(row["qualifier"])
        words = QUALIFIERS.get(qualifier, qualifier.replace("_", " ") + " ")
        value = words + (str(int(number)) if number.is_integer() else str(number))
    unit = f" {row['unit']}" if pd.notna(row["unit"]) else ""
    words = [f'"{row["value_verbatim"]}"'] if pd.notna(row["value_verbatim"]) and \
        str(row["value_verbatim"]).lower() not in (value.lower(), f"{value}{unit}".lower()) else []
    words += [str(row["period_verbatim"])] if pd.notna(row["period_verbatim"]) else []
    return f"{value}{unit}" + (f" ({'; '.join(words)})" if words else "")
