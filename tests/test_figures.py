"""The figures draw what the tables say: expectations are computed here from the data,
independently of mechelen_data.figures."""

import datetime as dt
import functools
import re
import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

import mechelen_data as m
from build_scripts.documents import FIGURES, FIGURES_FINGERPRINT
from mechelen_data import figures

from .conftest import ROOT

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def half_year(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 6


@pytest.fixture(scope="module")
def table():
    """One row per happening, worked out here from the events rows: the row whose id is the
    happening key, else the most precise row (a stated date first) dates and types it."""
    events = m.events()
    directness = ["stated", "year_inferred", "relative", "inferred"]
    leads = []
    for key, rows in events.groupby("happening", observed=True):
        own = rows[rows["event_id"] == key]
        leads.append(own.iloc[0] if len(own) else min(
            (row for _, row in rows.iterrows()),
            key=lambda row: (row.date_end - row.date_start, directness.index(row.date_basis), row.date_start)))
    return pd.DataFrame(leads).reset_index(drop=True)


@pytest.fixture(scope="module")
def events_figure():
    return figures.events_over_time()


@pytest.fixture(scope="module")
def fighters_figure():
    return figures.foreign_fighters_by_source()


@pytest.fixture(scope="module")
def map_figure():
    return figures.places_map()


@pytest.fixture(scope="module")
def files():
    return figures.figure_files()


def stacked_counts(figure) -> dict[tuple[str, int], int]:
    """{(event_type, bar index): height} read from the bar containers of the figure."""
    (ax,) = figure.axes
    return {(container.get_label(), i): round(patch.get_height())
            for container in ax.containers for i, patch in enumerate(container.patches)}


def footnote(figure) -> str:
    return "\n".join(text.get_text() for text in figure.texts)


def test_events_in_whole_half_years_are_drawn_per_type_and_bin(events_figure, table):
    expected = Counter()
    for row in table.itertuples():
        start, end = half_year(row.date_start), half_year(row.date_end)
        if start == end and row.date_start.year >= 2016:
            expected[row.event_type, start] += 1
    bins = sorted({(year, half) for year in range(2016, table["date_end"].max().year + 1) for half in (0, 1)})
    drawn = stacked_counts(events_figure)
    assert {key: n for key, n in drawn.items() if n} == {
        (kind, bins.index(b)): n for (kind, b), n in expected.items()
    }


def test_events_drawn_plus_left_out_is_every_event(events_figure, table):
    drawn = sum(stacked_counts(events_figure).values())
    stated = re.search(r"Left out: (\d+) of (\d+) happenings", footnote(events_figure))
    assert stated, footnote(events_figure)
    assert int(stated.group(2)) == len(table)
    assert drawn + int(stated.group(1)) == len(table)
    # The left-out count itself, from the data: spans over a half-year edge, or before 2016.
    before = table["date_end"].dt.year < 2016
    crossing = sum(half_year(s) != half_year(e) for s, e in zip(table.loc[~before, "date_start"],
                                                                table.loc[~before, "date_end"]))
    assert int(stated.group(1)) == crossing + before.sum() > 0
    assert f"{crossing} whose span crosses a half-year edge" in footnote(events_figure)
    assert f"{before.sum()} before 2016" in footnote(events_figure)


def test_events_per_type_totals_match_the_table(events_figure, table):
    drawn = Counter()
    for (kind, _), n in stacked_counts(events_figure).items():
        drawn[kind] += n
    counts = table["event_type"].value_counts()
    counts = counts[counts > 0]
    left_out = Counter(row.event_type for row in table.itertuples()
                       if half_year(row.date_start) != half_year(row.date_end) or row.date_start.year < 2016)
    assert set(drawn) == set(counts.index)
    assert all(drawn[kind] + left_out[kind] == counts[kind] for kind in counts.index)
    # The legend says, per type, how many rows are drawn and how many there are.
    legend = [text.get_text() for text in events_figure.axes[0].get_legend().get_texts()]
    for kind in counts.index:
        label = kind.replace("_", " ")
        full = f"{label} ({counts[kind]})" if drawn[kind] == counts[kind] else f"{label} ({drawn[kind]} of {counts[kind]})"
        assert full in legend


def test_events_colours_tell_every_type_apart(events_figure, table):
    ax = events_figure.axes[0]
    colours = {container.get_label(): container.patches[0].get_facecolor() for container in ax.containers}
    assert len(colours) == table["event_type"].nunique()
    assert len(set(colours.values())) == len(colours)


def test_events_bars_start_at_zero_and_totals_are_labelled(events_figure):
    ax = events_figure.axes[0]
    assert ax.get_ylim()[0] == 0
    totals = [sum(c.patches[i].get_height() for c in ax.containers) for i in range(len(ax.containers[0]))]
    labels = sorted(int(t.get_text()) for t in ax.texts)
    assert labels == sorted(round(t) for t in totals)


def test_events_rejects_a_bin_that_does_not_divide_a_year():
    with pytest.raises(ValueError, match="bin_months"):
        figures.events_over_time(bin_months=5)


def test_events_yearly_bins_leave_out_only_what_precedes_2016(table):
    figure = figures.events_over_time(bin_months=12)
    inside = ((table["date_start"].dt.year == table["date_end"].dt.year) & (table["date_start"].dt.year >= 2016)).sum()
    assert sum(stacked_counts(figure).values()) == inside
    assert f"Left out: {len(table) - inside} of {len(table)} happenings" in footnote(figure)


def bars(figure, kind: str) -> dict[str, object]:
    return {patch.get_gid().split(":", 1)[1]: patch for patch in figure.axes[0].patches
            if (patch.get_gid() or "").startswith(kind + ":")}


def test_fighters_one_bar_per_claim_with_its_value(fighters_figure):
    statistics = m.statistics()
    claims = statistics[statistics["indicator"] == "foreign_fighters"]
    drawn = bars(fighters_figure, "claimed")
    assert set(drawn) == set(claims["statistic_id"])
    for row in claims.itertuples():
        assert drawn[row.statistic_id].get_width() == pytest.approx(float(row.value))
        assert drawn[row.statistic_id].get_x() == 0


def test_fighters_tick_labels_name_every_place(fighters_figure):
    statistics = m.statistics()
    places = set(statistics.loc[statistics["indicator"] == "foreign_fighters", "place"])
    ticks = {label.get_text() for label in fighters_figure.axes[0].get_yticklabels()}
    assert places == ticks  # every place with a claim is a group of bars, and no other


def test_fighters_bars_are_labelled_in_the_sources_words(fighters_figure):
    statistics = m.statistics()
    claims = statistics[statistics["indicator"] == "foreign_fighters"]
    labels = [text.get_text() for text in fighters_figure.axes[0].texts]
    for row in claims.itertuples():
        # "nearly 100" as the source says it; "0 (“none”)" where the words are not a number.
        assert any(str(row.value_verbatim).casefold() in label.casefold() for label in labels), row.value_verbatim
    assert "27" in labels and "28" in labels  # Vilvoorde: the sources disagree


def test_fighters_zero_claims_are_visible_markers(fighters_figure):
    statistics = m.statistics()
    zeros = statistics[(statistics["indicator"] == "foreign_fighters") & (statistics["value"] == 0)]
    assert len(zeros) > 0  # computed from the data, so a new zero claim is checked too
    ax = fighters_figure.axes[0]
    drawn = bars(fighters_figure, "claimed")
    markers = {(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.lines if line.get_marker() == "D"}
    assert markers == {(0, drawn[row.statistic_id].get_y() + drawn[row.statistic_id].get_height() / 2)
                       for row in zeros.itertuples()}


def test_fighters_expected_number_is_hatched_and_not_a_claim(fighters_figure):
    statistics = m.statistics()
    expected = statistics[statistics["indicator"] == "expected_foreign_fighters"]
    drawn = bars(fighters_figure, "expected")
    assert set(drawn) == set(expected["statistic_id"])
    for row in expected.itertuples():
        assert drawn[row.statistic_id].get_hatch()
        assert drawn[row.statistic_id].get_width() == pytest.approx(float(row.value))
    assert not any(patch.get_hatch() for patch in bars(fighters_figure, "claimed").values())
    labels = [text.get_text() for text in fighters_figure.axes[0].texts]
    assert sum("expected" in label and "not a count" in label for label in labels) == len(expected)


def test_fighters_caption_says_claims_and_names_the_sources(fighters_figure):
    statistics = m.statistics()
    cited = set(statistics.loc[statistics["indicator"].isin(["foreign_fighters", "expected_foreign_fighters"]),
                               "source_id"])
    ax = fighters_figure.axes[0]
    words = " ".join([ax.get_title("left"), fighters_figure.get_suptitle()] +
                     [t.get_text() for legend in fighters_figure.legends for t in legend.get_texts()])
    assert "not verified counts" in words and "claimed" in words
    assert all(source in words for source in cited)


def test_files_are_pngs_of_readable_size(files):
    assert set(files) == {"events-over-time.png", "foreign-fighters-by-source.png", "nationalities-claims-over-time.png",
                          "places-map.png"}
    for name, data in files.items():
        assert data.startswith(PNG_MAGIC), name
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert 800 <= width <= 1200 and height < width, (name, width, height)
        assert len(data) < 150_000, (name, len(data))
        assert b"Software" not in data and b"tIME" not in data


@pytest.mark.slow  # draws every figure twice more
def test_files_are_the_same_bytes_in_a_fresh_interpreter(files):
    """Same bytes again, also in another process (a new font cache and random hash seed)."""
    assert figures.figure_files() == files
    probe = ("import hashlib, mechelen_data.figures as f; "
             "print({k: hashlib.sha256(v).hexdigest() for k, v in sorted(f.figure_files().items())})")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    import hashlib

    assert output.strip() == str({k: hashlib.sha256(v).hexdigest() for k, v in sorted(files.items())})


def test_importing_the_package_does_not_import_matplotlib():
    probe = "import sys, mechelen_data as m; m.events(); print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_missing_matplotlib_gives_a_clear_error():
    probe = ("import sys; sys.modules['matplotlib'] = None\n"
             "try:\n    import mechelen_data.figures\nexcept ImportError as error:\n    print(error)")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "mechelen_data.figures needs matplotlib: pip install 'mechelen-data[figures]'"


def test_committed_figures_are_what_the_code_draws_now(files):
    """The build keeps the committed PNGs while what they are drawn from is unchanged;
    this redraws them, so that a stale or edited figure cannot hide behind that."""
    committed = {path.name: path.read_bytes() for path in (ROOT / FIGURES).glob("*.png")}
    assert committed == files
    listed = [line.split("  ")[1] for line in (ROOT / FIGURES_FINGERPRINT).read_text().splitlines()[1:]]
    assert sorted(listed) == sorted(files)


@pytest.mark.parametrize("count", [1, 5, 6, 13, 40])
def test_every_source_gets_its_own_colour_however_many_there_are(count):
    from mechelen_data.figures import SOURCE_COLOURS, colours

    keys = [f"source-{i}" for i in range(count)]
    chosen = colours(keys, SOURCE_COLOURS)
    assert len(set(chosen.values())) == count
    assert [chosen[key] for key in keys[:5]] == SOURCE_COLOURS[:count]


def test_a_new_event_type_gets_a_colour_of_its_own():
    from mechelen_data.figures import EVENT_COLOURS, colours

    keys = ["speech", "rally", "strike", "interview"]
    chosen = colours(keys, EVENT_COLOURS)
    assert chosen["speech"] == EVENT_COLOURS["speech"] and chosen["interview"] == EVENT_COLOURS["interview"]
    assert len(set(chosen.values()) | set(EVENT_COLOURS.values())) == len(EVENT_COLOURS) + 2


# --- claims over time ---------------------------------------------------------------------------

def claim_marks(figure) -> dict[str, object]:
    return {line.get_gid().split(":", 1)[1]: line for line in figure.axes[0].lines
            if (line.get_gid() or "").startswith("claim:")}


def interval_marks(figure) -> dict[str, object]:
    ax = figure.axes[0]
    artists = list(ax.texts) + [c for c in ax.collections]
    return {a.get_gid().split(":", 1)[1]: a for a in artists if (a.get_gid() or "").startswith("interval:")}


def as_day(x) -> dt.date:
    """The day an x coordinate falls on (a date or matplotlib's day number)."""
    import matplotlib.dates as mdates

    return x.date() if hasattr(x, "date") else mdates.num2date(x).date()


# One indicator per qualifier the data use, so that every way of drawing an interval is checked.
QUALIFIED = {}
for _row in m.statistics().itertuples():
    QUALIFIED.setdefault(str(_row.qualifier), (str(_row.indicator), _row.place if isinstance(_row.place, str) else None))
CASES = sorted(set(QUALIFIED.values()) | {("nationalities", "Mechelen")}, key=str)


@functools.cache
def drawn_claims(indicator: str, place: str | None):
    """The figure of an indicator's claims, and the rows it should draw."""
    stats = m.statistics()
    claims = stats[(stats["indicator"] == indicator) & ((stats["place"] == place) if place else True)]
    return figures.claims_over_time(indicator, place), claims


@pytest.mark.parametrize("indicator, place", CASES)
def test_claims_over_time_draws_one_mark_per_claim_at_its_claim_span(indicator, place):
    figure, claims = drawn_claims(indicator, place)
    marks = claim_marks(figure)
    assert set(marks) == set(claims["statistic_id"])
    independence = m.sources().set_index("source_id")["independence"]
    colour_of = {}
    for row in claims.itertuples():
        xs, ys = marks[row.statistic_id].get_xdata(), marks[row.statistic_id].get_ydata()
        assert set(ys) == {float(row.value)}
        first, last = row.claimed_start.date(), row.claimed_end.date()
        if row.claimed_precision == "day":  # a dot on the day
            assert len(xs) == 1 and as_day(xs[0]) == first == last
        else:  # a bar over every day of the month or year
            assert [as_day(x) for x in xs] == [first, last + dt.timedelta(days=1)]
        colour_of.setdefault(independence[row.source_id], set()).add(marks[row.statistic_id].get_color())
    # One colour per independence value, and different values never share one.
    assert all(len(colours) == 1 for colours in colour_of.values())
    assert len({next(iter(c)) for c in colour_of.values()}) == len(colour_of)


@pytest.mark.parametrize("indicator, place", CASES)
def test_claims_over_time_shows_each_qualifier_as_the_values_it_allows(indicator, place):
    figure, claims = drawn_claims(indicator, place)
    drawn = interval_marks(figure)
    for row in claims.itertuples():
        value, qualifier = float(row.value), str(row.qualifier)
        if qualifier == "exact":
            assert row.statistic_id not in drawn
        elif qualifier == "approximately":  # a bar from 10 percent below to 10 percent above
            (segment,) = drawn[row.statistic_id].get_segments()
            assert sorted(y for _, y in segment) == pytest.approx([value * 0.9, value * 1.1])
        else:  # an arrow from the value: up for more than and at least, down for less than and nearly
            arrow = drawn[row.statistic_id]
            tip, tail = arrow.xy[1], arrow.xyann[1]
            assert tail == value
            assert (tip > value) == (qualifier in ("more_than", "at_least")), qualifier


def test_claims_over_time_labels_every_claim_in_its_words_and_names_the_source():
    figure, claims = drawn_claims("nationalities", "Mechelen")
    labels = [text.get_text() for text in figure.axes[0].texts]
    for row in claims.itertuples():
        assert any(str(row.value_verbatim) in label and row.source_id in label for label in labels), row.statistic_id
    words = " ".join([figure.get_suptitle(), figure.axes[0].get_title("left")] +
                     [t.get_text() for legend in figure.legends for t in legend.get_texts()])
    assert "not verified counts" in words and "independent source" in words


def test_claims_over_time_names_the_valid_choices():
    with pytest.raises(m.UnknownNameError, match="Did you mean 'nationalities'"):
        figures.claims_over_time("nationalitys")
    with pytest.raises(m.UnknownNameError, match="place 'Mechlen'"):
        figures.claims_over_time("nationalities", "Mechlen")


def rows_per_place() -> Counter:
    """Each row at the most specific place it names: city or place, else its country."""
    places = m.places()
    country = dict(zip(places.loc[places["kind"] == "country", "country_code"],
                       places.loc[places["kind"] == "country", "place"]))
    counted = Counter()
    for frame, column in ((m.events(), "city"), (m.initiatives(), "city"), (m.statistics(), "place")):
        for row in frame.to_dict("records"):
            if not pd.isna(row[column]):
                counted[row[column]] += 1
            elif not pd.isna(row.get("country", pd.NA)):
                counted[country[row["country"]]] += 1
    return counted


def test_map_draws_each_place_with_a_point_sized_by_its_rows(map_figure):
    counted = rows_per_place()
    places = m.places().set_index("place")
    dots = {c.get_gid().split(":", 1)[1]: c for ax in map_figure.axes for c in ax.collections
            if (c.get_gid() or "").startswith("place:")}
    with_point = {name for name in counted if not pd.isna(places.loc[name, "latitude"])}
    notes = footnote(map_figure)
    # Drawn once each, or named under the map as outside it; the others, without a point, are listed.
    assert set(dots) <= with_point and all(f"{name} ({counted[name]} row" in notes for name in with_point - set(dots))
    for name in set(counted) - with_point:
        assert f"{name}, a {places.loc[name, 'kind']} ({counted[name]} row" in notes
    for name, dot in dots.items():
        assert list(dot.get_offsets()[0]) == [places.loc[name, "longitude"], places.loc[name, "latitude"]]
    # A larger dot for more rows, the same size for the same number.
    sizes = sorted((counted[name], dot.get_sizes()[0]) for name, dot in dots.items())
    assert all((a[0] < b[0]) == (a[1] < b[1]) for a, b in zip(sizes, sizes[1:]))
    assert {name for name, n in counted.items() if n} == set(counted)  # no place without rows is counted


def test_map_labels_give_each_drawn_place_its_rows_and_do_not_overlap(map_figure):
    counted = rows_per_place()
    renderer = map_figure.canvas.get_renderer()
    for ax in map_figure.axes:
        labels = [text for text in ax.texts if (text.get_gid() or "").startswith("label:")]
        drawn = {c.get_gid().split(":", 1)[1] for c in ax.collections if (c.get_gid() or "").startswith("place:")}
        assert {text.get_gid().split(":", 1)[1] for text in labels} == drawn
        for text in labels:
            name = text.get_gid().split(":", 1)[1]
            assert text.get_text() == f"{name} ({counted[name]})"
        boxes = [text.get_window_extent(renderer) for text in labels]
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_map_note_counts_the_rows_that_name_no_place(map_figure):
    notes = footnote(map_figure)
    for frame, table, column in ((m.events(), "events", "city"), (m.initiatives(), "initiatives", "city"),
                                 (m.statistics(), "statistics", "place")):
        unnamed = frame[column].isna() & (frame["country"].isna() if "country" in frame else True)
        assert f"{int(unnamed.sum())} {table}" in notes
