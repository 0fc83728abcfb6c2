"""Ready-made figures of the tables, drawn with matplotlib (an optional dependency).

    >>> from mechelen_data import figures
    >>> figures.events_over_time()               # a matplotlib Figure
    >>> figures.foreign_fighters_by_source()     # a matplotlib Figure
    >>> figures.figure_files()                   # {"events-over-time.png": b"...", ...}
    >>> figures.alt_texts()                      # {"events-over-time.png": "Events per half-year...", ...}

The figures are built on `matplotlib.figure.Figure` with the Agg canvas, never pyplot, so
they touch no global state and need no display. They draw only what the tables say.
"""

from __future__ import annotations

import io

try:
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
except ImportError as error:  # matplotlib is an extra, not a dependency of the tables
    raise ImportError("mechelen_data.figures needs matplotlib: pip install 'mechelen-data[figures]'") from error

from . import events, sources, statistics

__all__ = ["events_over_time", "foreign_fighters_by_source", "figure_files", "alt_texts"]

# The timelines of the sources run from 2016; the few earlier rows (Somers elected in 2001,
# Vilvoorde's plan of 2014) are background and would stretch the axis over fifteen empty years.
TIMELINE_START = 2016

# One fixed colour per event type (all 13 values of the schema), so that a type keeps its
# colour whatever the data. The frequent types get the most distinct hues.
EVENT_COLOURS = {
    "media_coverage": "#1f77b4",
    "interview": "#ff7f0e",
    "speech": "#2ca02c",
    "visit": "#d62728",
    "social_media_post": "#17becf",
    "meeting": "#9467bd",
    "policy": "#8c564b",
    "award": "#e6c700",
    "publication": "#e377c2",
    "election": "#7f7f7f",
    "appointment": "#1a1a5e",
    "outcome": "#98df8a",
    "security_incident": "#000000",
}
SOURCE_COLOURS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"]
QUALIFIER_WORDS = {"exact": "", "approximately": "about ", "nearly": "nearly ", "more_than": "more than ",
                   "less_than": "less than ", "at_least": "at least "}
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def colours(keys: list[str], fixed: dict[str, str] | list[str]) -> dict[str, str]:
    """A distinct colour per key: `fixed` colours first (by key, or in order), then, for
    keys beyond them, hues spread by the golden angle, so that no two keys share a colour
    however many sources or event types the data gains."""
    import colorsys

    chosen, extra = {}, 0
    palette = list(fixed) if isinstance(fixed, list) else []
    for i, key in enumerate(keys):
        if isinstance(fixed, dict) and key in fixed:
            chosen[key] = fixed[key]
        elif i < len(palette):
            chosen[key] = palette[i]
        else:
            hue = (0.13 + 0.618033988749895 * extra) % 1.0
            extra += 1
            red, green, blue = colorsys.hls_to_rgb(hue, 0.45 + 0.15 * (extra % 2), 0.65)
            chosen[key] = "#" + "".join(f"{round(part * 255):02x}" for part in (red, green, blue))
    return chosen


def _label(key: str) -> str:
    return key.replace("_", " ")


def _bins(first_year: int, last_year: int, months: int) -> list[tuple]:
    """(first day, last day, tick label) of each bin of `months` months."""
    import pandas as pd

    bins = []
    for year in range(first_year, last_year + 1):
        for month in range(1, 13, months):
            start = pd.Timestamp(year, month, 1)
            end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
            span = MONTHS[month - 1] if months == 1 else f"{MONTHS[month - 1]}–{MONTHS[month + months - 2]}"
            bins.append((start, end, str(year) if months == 12 else f"{span}\n{year}"))
    return bins


def events_over_time(bin_months: int = 6) -> Figure:
    """The events per half-year (or per `bin_months` months: 1, 2, 3, 4, 6 or 12), stacked
    by event type. An event is counted in a bin only when its whole span of possible days
    (date_start..date_end) lies inside that bin; events whose span crosses a bin edge, and
    events before the timeline starts, are left out and counted in the footnote."""
    table, bins, types, counts, before, crossing = _binned_events(bin_months)
    palette = colours(list(types.index), EVENT_COLOURS)
    drawn = {kind: sum(counts[kind, i] for i in range(len(bins))) for kind in types.index}

    figure = Figure(figsize=(10, 6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    positions = range(len(bins))
    bottom = [0] * len(bins)
    for kind in types.index:
        heights = [counts[kind, i] for i in positions]
        ax.bar(positions, heights, bottom=bottom, width=0.75, color=palette[kind],
               edgecolor="white", linewidth=0.6, label=kind)
        bottom = [b + h for b, h in zip(bottom, heights)]
    for i, total in enumerate(bottom):
        ax.annotate(str(total), (i, total), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.set_xticks(list(positions), [label for _, _, label in bins], fontsize=9.5)
    ax.set_xlim(-0.6, len(bins) - 0.4)
    ax.set_ylim(0, max(bottom) * 1.1 + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Events (rows of the events table)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    unit = _unit(bin_months)
    ax.set_title(f"Events about the Mechelen approach, {bins[0][0].year}–{bins[-1][0].year}, "
                 f"per {unit} and by type", fontsize=13, loc="left")

    # Legend to the right of the axes, top to bottom in the order of the stack; a type with
    # rows left out says how many of its rows are drawn.
    handles = ax.containers[::-1]
    labels = [_label(kind) + (f" ({drawn[kind]})" if drawn[kind] == types[kind] else
                              f" ({drawn[kind]} of {types[kind]})") for kind in types.index[::-1]]
    ax.legend(handles, labels, title="event type (rows drawn)", loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize=9.5, title_fontsize=9.5, alignment="left")

    notes = [f"An event is counted in a {unit} only if its whole date span (date_start to date_end) lies "
             f"inside it; dates are given to the day, month or year."]
    left_out = len(before) + len(crossing)
    if left_out:
        parts = []
        if crossing:
            precisions = sorted({str(row.date_precision) for row in crossing})
            parts.append(f"{len(crossing)} whose span crosses a {unit} edge (dated only to the "
                         f"{' or '.join(precisions)})")
        if before:
            years = ", ".join(str(year) for year in sorted({row.date_start.year for row in before}))
            parts.append(f"{len(before)} before {TIMELINE_START} ({years})")
        notes.append(f"Left out: {left_out} of {len(table)} events: " + " and ".join(parts) + ".")
    share = table["source_id"].value_counts()
    if share.iloc[0] > len(table) / 2:  # the shape is mostly one document's choice of what to list
        source = sources().set_index("source_id").loc[share.index[0]]
        notes.append(f"{share.iloc[0]} of {len(table)} rows come from one source, {share.index[0]} "
                     f"({source['publisher']}; {source['independence']}).")
    figure.text(0.01, 0.005, "\n".join(notes), ha="left", va="bottom", fontsize=8.5, color="#333333",
                gid="footnote")
    figure.get_layout_engine().set(rect=(0, 0.09, 1, 0.91))
    return figure


def _binned_events(bin_months: int) -> tuple:
    """(events, bins, event types most frequent first, {(type, bin): events}, events before
    the first bin, events whose span crosses a bin edge)."""
    if bin_months not in (1, 2, 3, 4, 6, 12):
        raise ValueError(f"bin_months must divide a year (1, 2, 3, 4, 6 or 12), not {bin_months!r}")
    table = events()
    bins = _bins(TIMELINE_START, table["date_end"].max().year, bin_months)
    types = table["event_type"].value_counts()  # most frequent first: they go at the bottom
    counts = {(kind, i): 0 for kind in types.index for i in range(len(bins))}
    before, crossing = [], []
    for row in table.itertuples():
        inside = [i for i, (start, end, _) in enumerate(bins) if start <= row.date_start and row.date_end <= end]
        if inside:
            counts[row.event_type, inside[0]] += 1
        elif row.date_end < bins[0][0]:
            before.append(row)
        else:  # the span runs over a bin edge: which side it belongs on is unknown
            crossing.append(row)
    return table, bins, types, counts, before, crossing


def _unit(bin_months: int) -> str:
    return {12: "year", 6: "half-year", 3: "quarter", 1: "month"}.get(bin_months, f"{bin_months} months")


def _claim_label(row) -> str:
    """The value with its qualifier ("nearly 100"), plus the source's own words when they differ."""
    number = f"{row.value:g}"
    stated = QUALIFIER_WORDS.get(str(row.qualifier), f"{row.qualifier} ") + number
    verbatim = str(row.value_verbatim)
    return stated if verbatim.casefold() == stated.casefold() else f"{stated}  (“{verbatim}”)"


def foreign_fighters_by_source() -> Figure:
    """Foreign fighters who left each municipality, one bar per claim (place and source), as
    each source states it: disagreements stand side by side. Mechelen's expected number (a
    counterfactual estimate, not a count) is drawn hatched and labelled as such."""
    claims, expected, documents, cited, places = _fighter_claims()
    colour = colours(cited, SOURCE_COLOURS)

    figure = Figure(figsize=(10, 6.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    y, group_centres = 0.0, []
    for place in places:  # top to bottom; y grows downwards and the axis is inverted below
        rows = [("claimed", row) for row in claims[claims["place"] == place]
                .sort_values("source_id", key=lambda s: s.map(cited.index)).itertuples()]
        rows += [("expected", row) for row in expected[expected["place"] == place].itertuples()]
        first = y
        for kind, row in rows:
            if kind == "expected":
                y += 0.25  # a small gap keeps the estimate apart from the claimed counts
            value = float(row.value)
            style = dict(facecolor=colour[row.source_id])
            if kind == "expected":
                style = dict(facecolor="white", edgecolor=colour[row.source_id], hatch="///", linewidth=1.2)
            bar = ax.barh(y, value, height=0.8, **style)[0]
            bar.set_gid(f"{kind}:{row.statistic_id}")
            if value == 0:  # a zero-length bar is invisible: mark it
                ax.plot([0], [y], marker="D", markersize=8, color=colour[row.source_id],
                        markeredgecolor="black", markeredgewidth=0.8, clip_on=False, zorder=3)
            text = _claim_label(row)
            if kind == "expected":
                text = f"expected: {text}, had {place} matched the regional average (an estimate, not a count)"
            ax.annotate(text, (value, y), xytext=(8 if value == 0 else 4, 0), textcoords="offset points",
                        va="center", fontsize=10, style="italic" if kind == "expected" else "normal")
            y += 1
        group_centres.append((first + y - 1) / 2)
        y += 0.7  # gap between places
    ax.set_yticks(group_centres, list(places), fontsize=12, fontweight="bold")
    ax.tick_params(axis="y", length=0, pad=10)
    ax.set_ylim(y - 0.7 - 0.5, -0.6)
    ax.set_xlim(0, claims["value"].max() * 1.3)
    ax.set_xlabel("Foreign terrorist fighters who left, as claimed (people)")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    figure.suptitle("Foreign fighters who left each municipality, as claimed by each source",
                    fontsize=13, x=0.01, ha="left")
    ax.set_title(f"Claims as stated by {len(cited)} sources, not verified counts; they also differ in date.",
                 fontsize=10, loc="left", color="#333333")

    def describe(source: str) -> str:
        document = documents.loc[source]
        who = f"{document['author']}, " if isinstance(document["author"], str) else ""
        return (f"{source}: {who}{document['publisher']}, {document['published']:%b %Y} "
                f"({document['independence']})")

    handles = [Patch(facecolor=colour[s], label=describe(s)) for s in cited]
    if len(expected):
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///",
                             label="hatched: expected number (counterfactual estimate), not a claimed count"))
    figure.legend(handles=handles, loc="outside lower left", frameon=False, fontsize=9,
                  title="Each bar is one source's claim, labelled with the source's own words where they "
                        "differ from the number:",
                  title_fontsize=9, alignment="left")
    return figure


def _fighter_claims() -> tuple:
    """(claims, expected numbers, the sources table, the sources cited oldest first, the
    places, highest claim first)."""
    table = statistics()
    claims = table[table["indicator"] == "foreign_fighters"]
    expected = table[table["indicator"] == "expected_foreign_fighters"]
    documents = sources().set_index("source_id")
    # Sources oldest first, so that a place's bars read in publication order.
    cited = sorted(set(claims["source_id"]) | set(expected["source_id"]),
                   key=lambda s: (documents.loc[s, "published"], s))
    places = claims.groupby("place")["value"].max().sort_values(ascending=False, kind="stable").index
    return claims, expected, documents, cited, places


def alt_texts() -> dict[str, str]:
    """What each file of figure_files() shows, in words, counted from the rows it draws:
    the alternative text of the figures in README.md."""
    table, bins, _, _, before, crossing = _binned_events(6)
    unit = _unit(6)
    reasons = ([f"their dates are too coarse for a {unit}"] if crossing else []) + (
        [f"they fall before {TIMELINE_START}"] if before else [])
    left_out = (f"; {len(before) + len(crossing)} of {len(table)} events are left out because "
                + " or ".join(reasons)) if reasons else f"; all {len(table)} events are drawn"
    claims, expected, _, cited, places = _fighter_claims()
    named = ", ".join(places[:-1]) + f" and {places[-1]}" if len(places) > 1 else "".join(places)
    return {
        "events-over-time.png": f"Events per {unit}, {bins[0][0].year}–{bins[-1][0].year}, stacked by type{left_out}",
        "foreign-fighters-by-source.png": (f"Foreign fighters who left {named}: {len(claims)} claims by {len(cited)} "
                                           "sources, one bar per source's claim"
                                           + ("; hatched: an expected number, not a claim" if len(expected) else "")),
    }


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # No "Software" entry: the matplotlib version would otherwise be written into the file.
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def figure_files() -> dict[str, bytes]:
    """The figures as PNG files, {file name: bytes}; the same bytes on every run, drawn with
    matplotlib's default style whatever the local matplotlibrc says."""
    with matplotlib.style.context("default"):
        return {
            "events-over-time.png": _png(events_over_time()),
            "foreign-fighters-by-source.png": _png(foreign_fighters_by_source()),
        }
