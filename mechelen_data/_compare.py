"""Every source's claim for one indicator, side by side."""

from ._frames import load_frame
from ._package import UnknownNameError

COLUMNS = ["indicator", "place", "subject", "source_id", "publisher", "independence", "published",
           "claimant", "qualifier", "value", "unit", "value_verbatim", "period_start", "period_end",
           "period_verbatim", "statistic_id", "quote"]


def compare(indicator: str, place: str | None = None):
    statistics = load_frame("statistics")
    if indicator not in statistics["indicator"].cat.categories:
        raise UnknownNameError("indicator", indicator, list(statistics["indicator"].cat.categories))
    claims = statistics[statistics["indicator"] == indicator]
    if place is not None:
        places = sorted(claims["place"].dropna().unique())
        if place not in places:
            raise UnknownNameError("place", place, places, f"for indicator {indicator!r}")
        claims = claims[claims["place"] == place]
    sources = load_frame("sources")[["source_id", "publisher", "independence", "published"]]
    table = claims.merge(sources, on="source_id", how="left", validate="many_to_one")
    return table[COLUMNS].sort_values(["place", "published", "source_id", "statistic_id"]).reset_index(drop=True)
