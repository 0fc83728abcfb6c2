"""m.between(): selecting rows by time, honest about precision. Checked against an
independent computation over every row of events, statistics (by period and by claim date)
and sources: each row's possible days and each range's days are enumerated from the CSV
text with the calendar module, and a row is definitely within a range when the range holds
all of its days, possibly when it holds at least one."""

import calendar
import datetime as dt
import json
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mechelen_data as m

from .conftest import ROOT
from .conftest import run_cli as cli

FAR_PAST = dt.date.min  # an unknown start: the row may reach back to any day


def day(text: str) -> dt.date:
    return dt.date(*map(int, text.split("-")))


def last_of(unit: str, first: dt.date) -> dt.date:
    """Last day of the month or year `first` lies in, by the calendar module."""
    if unit == "year":
        return dt.date(first.year, 12, 31)
    if unit == "month":
        return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


def possible_days(table: str, by: str, row: dict) -> range:
    """The ordinals of the days a row can stand for, worked out from its CSV text."""
    if table == "events":
        first, last = day(row["date_start"]), day(row["date_end"])
    elif table == "sources":
        first = day(row["published"])
        last = last_of(row["published_precision"], first)
    elif by == "claimed":
        first, last = day(row["claimed_start"]), day(row["claimed_end"])
    else:  # the period: open start reaches back, open end stops at the claim, as must any end
        first = day(row["period_start"]) if row["period_start"] else FAR_PAST
        claimed = day(row["claimed_end"])
        last = min(day(row["period_end"]), claimed) if row["period_end"] else claimed
    return range(first.toordinal(), last.toordinal() + 1)


def range_days(start: str, end: str) -> range:
    """The days of a range written as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a coarse end runs
    to the end of its month or year)."""
    parts = [int(part) for part in start.split("-")] + [1, 1]
    first = dt.date(*parts[:3])
    numbers = [int(part) for part in end.split("-")]
    unit = {1: "year", 2: "month", 3: "day"}[len(numbers)]
    last = last_of(unit, dt.date(*(numbers + [1, 1])[:3]))
    return range(first.toordinal(), last.toordinal() + 1)


# Years, months and days at every precision, over the years the rows reach.
RANGES = ([(str(year), str(year)) for year in range(1999, 2021)]
          + [(f"{year}-{month:02d}", f"{year}-{month:02d}") for year in (2016, 2017, 2018) for month in range(1, 13)]
          + [("2016-07", "2016-12"), ("2017-01-01", "2017-12-31"), ("2017-02-28", "2017-02-28"),
             ("2016-12-31", "2017-01-01"), ("2018-09-28", "2018-10-15"), ("2001", "2019-12-06"),
             ("2017-09-27", "2017-09"), ("2007-06-15", "2017")])
WAYS = [("events", "date"), ("statistics", "period"), ("statistics", "claimed"), ("sources", "published")]
PRECISION = {"date": "date_precision", "period": "period_precision", "claimed": "claimed_precision",
             "published": "published_precision"}


@pytest.mark.parametrize("table, by", WAYS)
def test_between_agrees_with_enumerated_days_for_every_row_and_range(table_rows, table, by):
    rows = table_rows[table]
    key = m.schema(table)["primaryKey"][0]
    frame = m.load(table)
    days = {row[key]: possible_days(table, by, row) for row in rows}
    # Besides the ranges above, the first day of each row known only to a month or year,
    # which that row possibly but not definitely falls within.
    firsts = sorted({dt.date.fromordinal(own.start).isoformat() for own in days.values()
                     if 1 < len(own) < 400})
    split = set()  # the precisions of rows that some range found possibly but not definitely within
    for start, end in RANGES + [(first, first) for first in firsts]:
        wanted = range_days(start, end)
        definitely = {key_ for key_, own in days.items() if sum(d in own for d in wanted) == len(own)}
        possibly = {key_ for key_, own in days.items() if any(d in own for d in wanted)}
        for certainty, expected in [("definitely", definitely), ("possibly", possibly)]:
            found = set(m.between(frame, start, end, certainty, by=by)[key])
            assert found == expected, (table, by, start, end, certainty, found ^ expected)
        split |= {row[PRECISION[by]] for row in rows if row[key] in possibly - definitely}
    # Every precision of the rows that can stand for more than one day (and, for periods,
    # the unknown and half-open ones) took part.
    assert split == {row[PRECISION[by]] for row in rows if len(days[row[key]]) > 1}, split


def test_statistics_by_period_handle_open_and_unknown_periods(table_rows):
    stats = m.statistics().set_index("statistic_id", drop=False)
    rows = {row["statistic_id"]: row for row in table_rows["statistics"]}
    half_open = [key for key, row in rows.items() if row["period_start"] and not row["period_end"]]
    unknown = [key for key, row in rows.items() if not row["period_start"] and not row["period_end"]]
    assert half_open and unknown
    for key in half_open + unknown:
        claimed = day(rows[key]["claimed_end"])
        # No later than the claim date: never possibly after it, possibly on it.
        after = (claimed + dt.timedelta(days=1)).isoformat()
        assert key not in set(m.between(stats, after, None, "possibly")["statistic_id"])
        assert key in set(m.between(stats, claimed.isoformat(), claimed.isoformat(), "possibly")["statistic_id"])
        # Definitely within an open-start range that reaches the claim date, within no closed one.
        assert key in set(m.between(stats, None, claimed.isoformat())["statistic_id"])
        start = rows[key]["period_start"] or "0001-01-01"
        assert (key in set(m.between(stats, start, claimed.isoformat())["statistic_id"])) == (key in half_open)


def test_dates_as_objects_and_open_sides_mean_the_same_as_text():
    events = m.events()
    as_text = m.between(events, "2017-03", "2017-06", "possibly")
    for start, end in [(dt.date(2017, 3, 1), dt.date(2017, 6, 30)), (dt.datetime(2017, 3, 1, 12), pd.Timestamp("2017-06-30")),
                       ("2017-03-01", "2017-06-30")]:
        assert m.between(events, start, end, "possibly").equals(as_text)
    assert m.between(events, None, None).equals(events)
    assert m.between(events, "..", "..", "possibly").equals(events)


def test_a_filtered_frame_keeps_its_index_and_columns():
    events = m.events()
    media = events[events["event_type"] == "media_coverage"][["event_id", "date_start", "date_end", "title"]]
    picked = m.between(media, "2018", "2018")
    assert list(picked.columns) == list(media.columns)
    assert set(picked.index) <= set(media.index)
    assert picked.equals(m.between(events, "2018", "2018").loc[lambda f: f.event_type == "media_coverage"][media.columns])


def test_a_frame_read_from_the_csv_with_text_dates_gives_the_same_rows():
    raw = pd.read_csv(m.csv_path("events"), dtype=str, keep_default_na=False, na_values=[""])
    typed = m.events()
    assert list(m.between(raw, "2016-07", "2016-12", "possibly")["event_id"]) == \
        list(m.between(typed, "2016-07", "2016-12", "possibly")["event_id"])


@pytest.mark.parametrize("start, end, words", [
    ("2017-02-30", "2017", "The start '2017-02-30' is not a real date"),
    ("2017", "2017-13", "The end '2017-13' is not a real date"),
    ("March 2017", "2017", "The start 'March 2017' is not a date: write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'"),
    (2017, "2018", "The start 2017 is not a date"),
    ("2018", "2017", "The range ends (2017) before it starts (2018)"),
    ("2017-06-02", "2017-06-01", "The range ends (2017-06-01) before it starts (2017-06-02)"),
])
def test_bad_dates_and_reversed_ranges_are_refused_with_a_clear_message(start, end, words):
    with pytest.raises(m.MechelenDataError) as error:
        m.between(m.events(), start, end)
    assert words in str(error.value)


def test_a_coarse_end_runs_to_the_end_of_its_month_or_year():
    events = m.events()
    assert m.between(events, "2017-06-15", "2017-06", "possibly").equals(
        m.between(events, "2017-06-15", "2017-06-30", "possibly"))
    assert m.between(events, "2016", "2016").equals(m.between(events, "2016-01-01", "2016-12-31"))


def test_unknown_choices_and_missing_columns_are_named():
    events, stats = m.events(), m.statistics()
    with pytest.raises(m.UnknownNameError, match="Did you mean 'possibly'"):
        m.between(events, "2017", "2017", certainty="posibly")
    with pytest.raises(m.UnknownNameError, match="Did you mean 'claimed'"):
        m.between(stats, "2017", "2017", by="claim")
    with pytest.raises(m.MechelenDataError, match=r"needs the column\(s\) claimed_end, which this frame lacks"):
        m.between(stats.drop(columns="claimed_end"), "2017", "2017")
    with pytest.raises(m.MechelenDataError, match=r"by='claimed'\) needs the column\(s\) claimed_start, claimed_end"):
        m.between(events, "2017", "2017", by="claimed")
    with pytest.raises(m.MechelenDataError, match="selects rows of a DataFrame .* not a list"):
        m.between(m.records("events"), "2017", "2017")
    with pytest.raises(m.MechelenDataError, match="cannot tell when the rows of this frame happened"):
        m.between(m.themes(), "2017", "2017")
    # A statistics frame without its period columns is dated by its claim.
    claims = stats[["statistic_id", "claimed_start", "claimed_end"]]
    assert m.between(claims, "2017", "2017").equals(m.between(stats, "2017", "2017", by="claimed")[claims.columns])


# Property tests over random ranges written at random precisions.
dates = st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2021, 12, 31))
precisions = st.sampled_from([lambda d: d.isoformat(), lambda d: d.isoformat()[:7], lambda d: str(d.year)])


@st.composite
def ranges(draw):
    first, last = sorted([draw(dates), draw(dates)])
    return draw(precisions)(first), draw(precisions)(last)


@settings(max_examples=40, deadline=None)
@given(bounds=ranges(), way=st.sampled_from(WAYS))
def test_definitely_is_within_possibly_and_the_rest_lie_definitely_outside(bounds, way):
    start, end = bounds  # never reversed: a coarse start moves earlier, a coarse end later
    table, by = way
    frame = m.load(table)
    key = m.schema(table)["primaryKey"][0]
    definitely = set(m.between(frame, start, end, "definitely", by)[key])
    possibly = set(m.between(frame, start, end, "possibly", by)[key])
    assert definitely <= possibly
    # Not possibly within the range = definitely before it or definitely after it.
    days = range_days(start, end)
    before = dt.date.fromordinal(days.start - 1).isoformat()
    after = dt.date.fromordinal(days.stop).isoformat()
    outside = set(m.between(frame, None, before, "definitely", by)[key]) | set(
        m.between(frame, after, None, "definitely", by)[key])
    assert outside == set(frame[key]) - possibly


@settings(max_examples=25, deadline=None)
@given(bounds=ranges(), more=st.integers(0, 400))
def test_a_wider_range_keeps_every_row_and_may_add_more(bounds, more):
    start, end = bounds
    events = m.events()
    wider_end = (dt.date.fromordinal(range_days(start, end).stop - 1) + dt.timedelta(days=more)).isoformat()
    for certainty in ("definitely", "possibly"):
        narrow = set(m.between(events, start, end, certainty)["event_id"])
        assert narrow <= set(m.between(events, start, wider_end, certainty)["event_id"])


def test_the_command_line_selects_the_same_rows_as_the_library():
    result = cli("show", "events", "--between", "2017-01-01", "2017-12-31", "--certainty", "possibly",
                 "--format", "json", "--columns", "event_id")
    assert result.returncode == 0, result.stderr
    shown = [row["event_id"] for row in json.loads(result.stdout)]
    assert shown == list(m.between(m.events(), "2017-01-01", "2017-12-31", "possibly")["event_id"])
    result = cli("show", "statistics", "--between", "2017", "2017", "--by", "claimed", "--format", "csv",
                 "--columns", "statistic_id")
    assert result.stdout.split()[1:] == list(m.between(m.statistics(), "2017", "2017", by="claimed")["statistic_id"])


@pytest.mark.parametrize("args, words", [
    (["show", "events", "--between", "2017-02-30", "2017"], "is not a real date"),
    (["show", "events", "--between", "2018", "2017"], "before it starts"),
    (["show", "events", "--between", "2017", "2018", "--by", "claimed"], "--by claimed does not apply to table 'events'"),
    (["show", "themes", "--between", "2017", "2018"], "table 'themes' has no dates to select by"),
    (["show", "events", "--certainty", "possibly"], "--certainty and --by go with --between"),
    (["show", "events", "--between", "2017"], "expected 2 arguments"),
    (["show", "events", "--between", "2017", "2018", "--certainty", "maybe"], "invalid choice: 'maybe'"),
])
def test_command_line_usage_errors_exit_2_with_one_message(args, words):
    result = cli(*args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_the_readme_example_prints_what_the_library_gives():
    import doctest

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Selecting by time", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    test = doctest.DocTestParser().get_doctest(block, {"m": m}, "README: Selecting by time", "README.md", 0)
    assert sum("m.between(" in example.source and bool(example.want) for example in test.examples) >= 2
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
