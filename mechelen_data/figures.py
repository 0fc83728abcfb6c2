"""Ready-made figures of the tables, drawn with matplotlib (an optional dependency).

    >>> from mechelen_data import figures
    >>> figures.events_over_time()               # a matplotlib Figure
    >>> figures.foreign_fighters_by_source()     # a matplotlib Figure
    >>> figures.claims_over_time("nationalities", "Mechelen")   # claimed values by claim date
    >>> figures.places_map()                     # a matplotlib Figure
    >>> figures.figure_files()                   # {"events-over-time.png": b"...", ...}
    >>> figures.alt_texts()                      # {"events-over-time.png": "Events per half-year...", ...}

The figures are built on `matplotlib.figure.Figure` with the Agg canvas, never pyplot, so
they touch no global state and need no display. They draw only what the tables say.
"""

from __future__ import annotations

import io
import math
import textwrap

try:
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.ticker import MaxNLocator
except ImportError as error:  # matplotlib is an extra, not a dependency of the tables
    raise ImportError("mechelen_data.figures needs matplotlib: pip install 'mechelen-data[figures]'") from error

from . import descriptor, events, happenings, indicators, initiatives, load, sources, statistics, tables

__all__ = ["events_over_time", "foreign_fighters_by_source", "claims_over_time", "places_map", "place_counts",
           "figure_files", "alt_texts"]

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
# Okabe-Ito colours, told apart with any colour vision, one per sources.independence value.
INDEPENDENCE_COLOURS = {"independent": "#0072B2", "affiliated": "#E69F00", "self-authored": "#CC79A7"}


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
    """The happenings per half-year (or per `bin_months` months: 1, 2, 3, 4, 6 or 12),
    stacked by event type: each happening once, however many rows tell it (m.happenings(),
    dated and typed by its principal row). A happening is counted in a bin only when its
    whole span of possible days (date_start..date_end) lies inside that bin; happenings
    whose span crosses a bin edge, and happenings before the timeline starts, are left out
    and counted in the footnote."""
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
    ax.set_ylabel("Happenings (each counted once)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    unit = _unit(bin_months)
    ax.set_title(f"Happenings about the Mechelen approach, {bins[0][0].year}–{bins[-1][0].year}, "
                 f"per {unit} and by type", fontsize=13, loc="left")

    # Legend to the right of the axes, top to bottom in the order of the stack; a type with
    # happenings left out says how many of them are drawn.
    handles = ax.containers[::-1]
    labels = [_label(kind) + (f" ({drawn[kind]})" if drawn[kind] == types[kind] else
                              f" ({drawn[kind]} of {types[kind]})") for kind in types.index[::-1]]
    ax.legend(handles, labels, title="event type (happenings drawn)", loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize=9.5, title_fontsize=9.5, alignment="left")

    rows = int(table["rows"].sum())
    notes = [f"{len(table)} happenings, told by {rows} rows of the events table (a post restating a visit, several "
             "sources telling one award: counted once).",
             f"A happening is counted in a {unit} only if its whole date span lies inside it; dates are given to the "
             "day, month or year."]
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
        notes.append(f"Left out: {left_out} of {len(table)} happenings: " + " and ".join(parts) + ".")
    share = table["source_ids"].value_counts()  # happenings told only by one source
    if share.iloc[0] > len(table) / 2:  # the shape is mostly one document's choice of what to list
        source = sources().set_index("source_id").loc[share.index[0]]
        notes.append(f"{share.iloc[0]} of {len(table)} happenings are told only by {share.index[0]} "
                     f"({source['publisher']}; {source['independence']}).")
    figure.text(0.01, 0.005, "\n".join(notes), ha="left", va="bottom", fontsize=8.5, color="#333333",
                gid="footnote")
    figure.get_layout_engine().set(rect=(0, 0.11, 1, 0.89))
    return figure


def _binned_events(bin_months: int) -> tuple:
    """(happenings, bins, event types most frequent first, {(type, bin): happenings},
    happenings before the first bin, happenings whose span crosses a bin edge)."""
    if bin_months not in (1, 2, 3, 4, 6, 12):
        raise ValueError(f"bin_months must divide a year (1, 2, 3, 4, 6 or 12), not {bin_months!r}")
    table = happenings()
    bins = _bins(TIMELINE_START, table["date_end"].max().year, bin_months)
    types = table["event_type"].value_counts()  # most frequent first: they go at the bottom
    types = types[types > 0]  # a type whose rows all restate other happenings has none of its own
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
    """Foreign fighters who left each place, one bar per claim (place and source), as
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
    figure.suptitle("Foreign fighters who left each place, as claimed by each source",
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


def claims_over_time(indicator: str, place: str | None = None) -> Figure:
    """Each source's claimed value for `indicator` (and `place`) against when it was claimed:
    one mark per claim, coloured by the source's independence from Somers. A claim dated to
    the day is a dot; one dated only to the month or year is a bar over that month or year.
    The qualifier is drawn as the values the words allow, as m.corroboration() reads them:
    an arrow up from the value for "more than" and "at least", down for "less than" and
    "nearly", a bar of plus or minus 10 percent for "approximately". An unknown indicator or
    place raises UnknownNameError naming the valid ones."""
    import datetime as dt

    import matplotlib.dates as mdates

    from ._compare import compare
    from ._corroboration import interval

    claims = compare(indicator, place).merge(
        statistics()[["statistic_id", "claimed_start", "claimed_end", "claimed_precision", "claimed_basis"]],
        on="statistic_id").sort_values(["claimed_start", "value", "statistic_id"]).reset_index(drop=True)
    labels = indicators().set_index("indicator")
    unit = str(labels.loc[indicator, "unit"])

    figure = Figure(figsize=(10, 6.4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    first_day, last_day = claims["claimed_start"].min(), claims["claimed_end"].max()
    values = claims["value"].astype(float)
    spread = (values.max() - values.min()) or abs(values.max()) or 1.0
    arrow = spread * 0.35  # the length of an open-ended interval's arrow
    for row in claims.itertuples():
        colour = INDEPENDENCE_COLOURS.get(str(row.independence), "#555555")
        first, last = row.claimed_start, row.claimed_end + dt.timedelta(days=1)  # the span's days, end exclusive
        middle = first + (last - first) / 2
        value = float(row.value)
        if row.claimed_precision == "day":
            mark = ax.plot([middle], [value], marker="o", markersize=9, color=colour, markeredgecolor="black",
                           markeredgewidth=0.6, linestyle="none", zorder=3)[0]
        else:  # the whole month or year, with a tick at each end: any day of it
            mark = ax.plot([first, last], [value, value], color=colour, linewidth=4, marker="|", markersize=13,
                           markeredgewidth=2, solid_capstyle="butt", zorder=3)[0]
        mark.set_gid(f"claim:{row.statistic_id}")
        low, high = interval(value, str(row.qualifier))
        if low.value == high.value:
            pass
        elif low.value > -math.inf and high.value < math.inf:  # approximately: a bar with caps
            bar = ax.errorbar([middle], [value], yerr=[[value - low.value], [high.value - value]], color=colour,
                              capsize=6, linewidth=1.8, linestyle="none", zorder=2)
            bar.lines[2][0].set_gid(f"interval:{row.statistic_id}")
        else:  # open above (more than, at least) or below (less than, nearly)
            end = value + arrow if high.value == math.inf else value - arrow
            note = ax.annotate("", (middle, end), (middle, value), zorder=2,
                               arrowprops=dict(arrowstyle="-|>", color=colour, linewidth=1.8, mutation_scale=16))
            note.set_gid(f"interval:{row.statistic_id}")
        # The value as stated, then the source; a claim the source reports from someone else names them.
        period = f", “{row.period_verbatim}”" if isinstance(row.period_verbatim, str) else ""
        reported = str(row.claimant).split(", as ")[0] if ", as " in str(row.claimant) else ""
        source = f"{reported}, via {row.source_id}" if reported else str(row.source_id)
        # Near the right edge of a long axis the label goes on the left of the mark.
        right = (last_day - first_day).days > 365 and row.claimed_start > first_day + (last_day - first_day) * 0.75
        ax.annotate(f"{_claim_label(row)}{period}\n{source}", (first if right else last, value),
                    xytext=(-9 if right else 9, 0), textcoords="offset points", fontsize=9, va="center",
                    ha="right" if right else "left", linespacing=1.3, zorder=4)

    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(first_day - dt.timedelta(days=150), last_day + dt.timedelta(days=60))
    ax.set_ylim(min(values.min() - arrow, values.min() - spread * 0.4), values.max() + arrow * 1.2)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"Claimed value ({unit})")
    ax.set_xlabel("When the claim was made (claimed_start to claimed_end)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    where = f" ({place})" if place else ""
    figure.suptitle(f"{labels.loc[indicator, 'label']}{where}, as claimed over time", fontsize=13, x=0.01, ha="left")
    notes = ["One mark per claim, at the date it was made (the latest time the figure can refer to); "
             "claims as stated, not verified counts."]
    subjects = claims.dropna(subset=["subject"])
    if len(subjects):
        notes.append("What is counted: " + "; ".join(f"{_claim_label(row)} counts {row.subject}"
                                                     for row in subjects.itertuples()) + ".")
    ax.set_title("\n".join(textwrap.fill(note, 150) for note in notes), fontsize=9.5, loc="left", color="#333333")

    from matplotlib.legend_handler import HandlerLine2D
    from matplotlib.lines import Line2D

    shown = [kind for kind in INDEPENDENCE_COLOURS if kind in set(claims["independence"].astype(str))]
    handles = [Patch(color=INDEPENDENCE_COLOURS[kind], label=f"{kind} source") for kind in shown]
    span = Line2D([], [], color="#777777", linewidth=4, marker="|", markersize=13, markeredgewidth=2,
                  label="claimed some day in that month or year")
    handles += [Line2D([], [], marker="o", color="#777777", markeredgecolor="black", linestyle="none",
                       label="claimed on a known day"), span]
    qualifiers = set(claims["qualifier"].astype(str))
    if qualifiers & {"more_than", "at_least"}:
        handles.append(Line2D([], [], color="#777777", marker="^", label="arrow up: more than (or at least) the value"))
    if qualifiers & {"less_than", "nearly"}:
        handles.append(Line2D([], [], color="#777777", marker="v", label="arrow down: less than (or nearly) the value"))
    if "approximately" in qualifiers:
        handles.append(Line2D([], [], color="#777777", marker="_", markersize=12, label="bar: about (± 10%)"))
    figure.legend(handles=handles, loc="outside lower left", ncols=3, fontsize=9, frameon=False,
                  handler_map={span: HandlerLine2D(numpoints=2)},
                  title="Colour: the source document's independence from Somers (for a report a page lists, the "
                        "page's).\nLabel: the value as stated, then the source_id (or who made the claim, via which "
                        "source).",
                  title_fontsize=9, alignment="left")
    return figure


# The windows of the map (longitude west, east, latitude south, north): Europe, and the
# area around Mechelen, where most places lie too close together to tell apart at that scale.
EUROPE = (-11.0, 31.0, 35.0, 66.0)
MECHELEN_AREA = (3.85, 4.85, 50.72, 51.32)


def place_counts() -> dict[str, int]:
    """Rows per place of the places table (zero included), each row counted once at the
    most specific place it names: its city (events, initiatives) or place (statistics),
    else the country of its country code."""
    from ._card import places as named
    from ._package import read_rows

    counts = {row["place"]: 0 for row in read_rows("places")}
    counts.update(named(descriptor(), {name: read_rows(name) for name in tables()}))
    return counts


def _inside(window: tuple[float, float, float, float], lon: float, lat: float) -> bool:
    west, east, south, north = window
    return west <= lon <= east and south <= lat <= north


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def places_map() -> Figure:
    """The places the tables name on a longitude/latitude plane (no outlines), each a dot
    sized by the rows that name it (place_counts): cities as circles, countries as squares
    at a representative point (for rows that give a country and no city). Europe on the
    left, the area around Mechelen enlarged on the right; places outside both windows,
    places without a point (regions, continents) and rows that name no place are listed
    in the note below."""
    import math

    places = load("places").astype({"latitude": float, "longitude": float}).set_index("place")
    counts = place_counts()
    shown = [name for name in places.index if counts[name]]
    figure = Figure(figsize=(10, 7.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 2, width_ratios=[1.45, 1], height_ratios=[1.15, 1])
    europe, area, key = figure.add_subplot(grid[:, 0]), figure.add_subplot(grid[0, 1]), figure.add_subplot(grid[1, 1])
    key.axis("off")
    colour = {"city": "#c44e52", "country": "#4c72b0"}
    marker = {"city": "o", "country": "s"}

    def size(n: int) -> float:
        return 12 + 14 * n  # marker area in points², proportional to the rows

    for ax, window, within in ((europe, EUROPE, False), (area, MECHELEN_AREA, True)):
        west, east, south, north = window
        for name in sorted(shown, key=lambda name: -counts[name]):  # small dots on top of large ones
            place = places.loc[name]
            if math.isnan(place["latitude"]) or not _inside(window, place["longitude"], place["latitude"]):
                continue
            if within != _inside(MECHELEN_AREA, place["longitude"], place["latitude"]):
                continue  # the places around Mechelen are drawn in the enlargement only
            ax.scatter([place["longitude"]], [place["latitude"]], s=size(counts[name]), marker=marker[place["kind"]],
                       color=colour[place["kind"]], alpha=0.75, edgecolors="white", linewidths=0.8,
                       gid=f"place:{name}", zorder=3)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        # A degree of longitude is shorter than one of latitude by cos(latitude).
        ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
        ax.grid(color="#e4e4e4", linewidth=0.7)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=8, colors="#555555")
        ax.set_xlabel("longitude (° east)", fontsize=8.5, color="#555555")
    europe.set_ylabel("latitude (° north)", fontsize=8.5, color="#555555")
    west, east, south, north = MECHELEN_AREA
    europe.add_patch(Rectangle((west, south), east - west, north - south, fill=False, edgecolor="#333333",
                               linewidth=1.2, zorder=4))
    europe.annotate("around Mechelen:\nsee right", (west, (south + north) / 2), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=8, color="#333333", gid="box")
    europe.set_title("Europe", fontsize=11, loc="left")
    area.set_title("Around Mechelen (the box on the left)", fontsize=11, loc="left")

    handles = [europe.scatter([], [], s=size(n), marker="o", color=colour["city"], alpha=0.75, label=_rows(n))
               for n in (1, 10, 50)]
    handles.append(europe.scatter([], [], s=size(1), marker="s", color=colour["country"], alpha=0.75,
                                  label="a country (its representative point),\nfor rows that give it and no city"))
    key.legend(handles=handles, loc="upper left", frameon=False, fontsize=8.5,
                title="Dot area: rows (events, initiatives, statistics)\nthat name the place; circles are cities",
                title_fontsize=9, alignment="left", labelspacing=1.3, borderpad=0)
    figure.suptitle("Where the rows are: the places the tables name", fontsize=13, x=0.01, ha="left")

    notes = []
    outside = [name for name in shown if not math.isnan(places.loc[name, "latitude"])
               and not _inside(EUROPE, places.loc[name, "longitude"], places.loc[name, "latitude"])]
    if outside:
        notes.append("Outside the map: " + "; ".join(f"{name} ({_rows(counts[name])})" for name in outside) + ".")
    pointless = [name for name in shown if math.isnan(places.loc[name, "latitude"])]
    if pointless:
        notes.append("Areas without a point, not drawn: " + "; ".join(
            f"{name}, a {places.loc[name, 'kind']} ({_rows(counts[name])})" for name in pointless) + ".")
    unnamed = {table: int(frame[[c for c in (column, "country") if c in frame.columns]].isna().all(axis=1).sum())
               for (table, column), frame in ((("events", "city"), events()), (("initiatives", "city"), initiatives()),
                                               (("statistics", "place"), statistics()))}
    notes.append("Rows that name no place, not drawn: " + ", ".join(f"{n} {table}" for table, n in unnamed.items())
                 + ". Each row is counted once, at the most specific place it names.")
    references = sorted({places.loc[name, "point_reference"] for name in shown if name not in pointless})
    notes.append(f"Points from {'; '.join(references)} (places.point_reference). No outlines are drawn.")
    figure.text(0.01, 0.005, "\n".join(notes), ha="left", va="bottom", fontsize=8.5, color="#333333",
                gid="footnote", wrap=True)
    figure.get_layout_engine().set(rect=(0, 0.085, 1, 0.915))
    figure.canvas.draw()  # the layout is final: the labels are placed by their drawn sizes
    _label_places(europe, places, counts)
    _label_places(area, places, counts)
    return figure


def _label_places(ax, places, counts: dict[str, int]) -> None:
    """Label each drawn place "Name (rows)" beside its dot, trying positions around it in
    turn and taking the first that overlaps no label and no other dot already there."""
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    points = ax.figure.dpi / 72
    dots = {}
    for collection in ax.collections:
        if not (collection.get_gid() or "").startswith("place:"):
            continue  # the legend's sample dots
        name = collection.get_gid().split(":", 1)[1]
        x, y = ax.transData.transform((places.loc[name, "longitude"], places.loc[name, "latitude"]))
        radius = collection.get_sizes()[0] ** 0.5 / 2  # in points
        dots[name] = (radius, Bbox.from_extents(x - radius * points, y - radius * points,
                                                x + radius * points, y + radius * points))
    taken = [text.get_window_extent(renderer) for text in ax.texts]  # the box's label
    directions = [(1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                  (0, -1, "center", "top"), (1, 1, "left", "bottom"), (-1, -1, "right", "top"),
                  (1, -1, "left", "top"), (-1, 1, "right", "bottom")]
    for name in sorted(dots, key=lambda name: -counts[name]):
        lon, lat = places.loc[name, "longitude"], places.loc[name, "latitude"]
        radius = dots[name][0]
        others = taken + [box for other, (_, box) in dots.items() if other != name]
        for gap in (3, 12):
            for dx, dy, ha, va in directions:
                text = ax.annotate(f"{name} ({counts[name]})", (lon, lat), xytext=(dx * (radius + gap), dy * (radius + gap)),
                                   textcoords="offset points", ha=ha, va=va, fontsize=9, gid=f"label:{name}", zorder=5)
                text.set_in_layout(False)
                box = text.get_window_extent(renderer)
                if ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1) and \
                        not any(box.overlaps(other) for other in others):
                    break
                text.remove()
            else:
                continue
            break
        else:  # nowhere free: to the right, with a line to the dot
            text = ax.annotate(f"{name} ({counts[name]})", (lon, lat), xytext=(radius + 20, 10), textcoords="offset points",
                               ha="left", va="center", fontsize=9, gid=f"label:{name}", zorder=5,
                               arrowprops=dict(arrowstyle="-", color="#777777", linewidth=0.6))
            text.set_in_layout(False)
            box = text.get_window_extent(renderer)
        taken.append(box)
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
    left_out = (f"; {len(before) + len(crossing)} of {len(table)} happenings are left out because "
                + " or ".join(reasons)) if reasons else f"; all {len(table)} happenings are drawn"
    claims, expected, _, cited, places = _fighter_claims()
    table_of_claims = statistics()
    nationalities = table_of_claims[(table_of_claims["indicator"] == "nationalities")
                                    & (table_of_claims["place"] == "Mechelen")]
    named = ", ".join(places[:-1]) + f" and {places[-1]}" if len(places) > 1 else "".join(places)
    return {
        "events-over-time.png": (f"Happenings per {unit}, {bins[0][0].year}–{bins[-1][0].year}, each counted once "
                                 f"however many rows tell it, stacked by event type{left_out}"),
        "foreign-fighters-by-source.png": (f"Foreign fighters who left {named}: {len(claims)} claims by {len(cited)} "
                                           "sources, one bar per source's claim"
                                           + ("; hatched: an expected number, not a claim" if len(expected) else "")),
        "nationalities-claims-over-time.png": (
            f"The number of nationalities living in Mechelen as {nationalities['source_id'].nunique()} sources claim it in "
            f"{len(nationalities)} claims, plotted against the date each claim was made and coloured by the source's "
            "independence from Somers"),
        "places-map.png": (f"Map of the places the tables name ({sum(1 for n in place_counts().values() if n)} with "
                           "rows counted at them): dots on a longitude/latitude plane, sized by the rows that name each "
                           "place at its most specific, for Europe and, "
                           "enlarged, the area around Mechelen; places outside the map or without a point are listed "
                           "under it"),
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
            "nationalities-claims-over-time.png": _png(claims_over_time("nationalities", "Mechelen")),
            "places-map.png": _png(places_map()),
        }
