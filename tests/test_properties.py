"""Property tests: arbitrary input never crashes the date handling, the timeline parser,
the value rules or the quote locator, and their invariants hold."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from build_scripts.annotations import BuildError, Row, locate
from build_scripts.dates import DateError, Span, parse_spec, resolve_relative
from build_scripts.timeline import MONTHS, dated_lines, infer_years
from build_scripts.values import UnreadableValue, parse_value

QUALIFIERS = {"exact", "approximately", "nearly", "more_than", "less_than", "at_least"}
days = st.dates(min_value=dt.date(1500, 1, 1), max_value=dt.date(2100, 12, 31))


@given(st.text())
def test_any_text_is_a_span_or_a_date_error(text):
    try:
        span = parse_spec(text)
    except DateError:
        return
    assert span.start <= span.end


@given(days, st.sampled_from(["day", "month", "year"]))
def test_a_span_written_out_reads_back_the_same(day, precision):
    span = {"day": lambda: Span.day(day.year, day.month, day.day),
            "month": lambda: Span.month(day.year, day.month),
            "year": lambda: Span.year(day.year)}[precision]()
    assert parse_spec(str(span)) == span
    assert span.start <= day <= span.end


@given(st.text(), days)
def test_relative_expressions_resolve_or_fail_cleanly(text, day):
    try:
        span = resolve_relative(text, Span(day, day, "day"))
    except DateError:
        return
    assert span.start <= span.end


@given(st.integers(0, 400), days)
def test_years_ago_and_later_move_by_exactly_n_years(n, day):
    anchor = Span(day, day, "day")
    assert resolve_relative(f"{n} years ago", anchor).start.year == day.year - n
    assert resolve_relative(f"{n} years later", anchor).start.year == day.year + n


keys = st.lists(st.tuples(st.integers(1, 12), st.one_of(st.none(), st.integers(1, 28))), max_size=60)


@given(st.integers(1900, 2100), keys)
def test_inferred_years_never_increase_down_a_newest_first_list(first_year, entries):
    years = infer_years([(12, 31, first_year)] + [(month, day, None) for month, day in entries])
    assert years[0] == first_year
    assert all(a >= b for a, b in zip(years, years[1:]))


pieces = st.sampled_from(list("0123456789 –-\n,") + list(MONTHS) + ["(@x) ", "ab"])


@given(st.lists(pieces).map("".join) | st.text())
def test_the_timeline_parser_survives_arbitrary_text(text):
    try:
        lines = dated_lines(text)
    except DateError:
        return  # a timeline whose first line states no year, or an impossible day
    for line in lines:
        assert text[line.start:line.end] == line.verbatim
        assert line.span.start <= line.span.end
    years = [line.span.start.year for line in lines if line.in_timeline]
    assert all(a >= b for a, b in zip(years, years[1:]))


@given(st.text(min_size=1), st.data())
def test_a_found_quote_round_trips_through_its_offsets(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    found_start, found_end = locate(Row("x.yaml", 1, {"id": "x", "quote": quote}), text)
    assert text[found_start:found_end] == quote and found_start <= start


@given(st.text(), st.text(min_size=1))
def test_a_missing_quote_is_a_build_error(text, quote):
    if quote in text:
        return
    try:
        locate(Row("x.yaml", 1, {"id": "x", "quote": quote}, line=7, lines={"quote": 9}), text)
    except BuildError as error:
        assert str(error).startswith("x.yaml, line 9 (row 1, id 'x'), field quote: quote not found in ")
    else:
        raise AssertionError("a missing quote was located")


@given(st.text())
def test_any_wording_is_a_number_or_an_unreadable_value(text):
    try:
        value, qualifier = parse_value(text)
    except UnreadableValue:
        return
    assert value >= 0 and qualifier in QUALIFIERS
