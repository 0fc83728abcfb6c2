"""Every source's claim for one indicator, side by side."""

from __future__ import annotations

import pandas as pd

from ._frames import load_frame
from ._package import UnknownNameError

COLUMNS = ["indicator", "place", "subject", "source_id", "publisher", "independence", "published",
           "published_precision", "claimant", "qualifier", "value", "unit", "value_verbatim", "period_start",
           "period_end", "period_precision", "period_verbatim", "statistic_id", "quote"]


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


def _wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per place and subject, one column per source (in publication order), each
    cell the source's claims in its own words with their periods."""
    def claim(row: pd.Series) -> str:
        period = f" ({row['period_verbatim']})" if pd.notna(row["period_verbatim"]) else ""
        return f"{row['value_verbatim']} {row['unit']}{period}"

    table = table.assign(claim=table.apply(claim, axis=1), subject=table["subject"].fillna(""),
                         place=table["place"].fillna(""))
    order = list(dict.fromkeys(table.sort_values(["published", "source_id"])["source_id"]))
    wide = table.pivot_table(index=["place", "subject"], columns="source_id", values="claim",
                             aggfunc="; ".join, observed=True)
    wide = wide[[source for source in order if source in wide.columns]]
    wide.columns = pd.Index(list(wide.columns), name="source_id", dtype="string")
    return wide.reset_index().astype("string").replace("", pd.NA)
