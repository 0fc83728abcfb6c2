import datetime as dt

import pytest

from build_scripts.dates import DateError, Span, parse_spec, resolve_relative


def test_spec_forms_expand_to_inclusive_spans():
    assert parse_spec("2017-02-14") == Span(dt.date(2017, 2, 14), dt.date(2017, 2, 14), "day")
    assert parse_spec("2018-02") == Span(dt.date(2018, 2, 1), dt.date(2018, 2, 28), "month")
    assert parse_spec("2016-02") == Span(dt.date(2016, 2, 1), dt.date(2016, 2, 29), "month")  # leap year
    assert parse_spec("2016") == Span(dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year")
    assert parse_spec("2019-03-16/2019-03-17") == Span(dt.date(2019, 3, 16), dt.date(2019, 3, 17), "day")
    assert parse_spec("2007/2017-02") == Span(dt.date(2007, 1, 1), dt.date(2017, 2, 28), "year")


def test_a_period_may_leave_one_end_open_where_allowed():
    assert parse_spec("2007/..", open_ends=True) == Span(dt.date(2007, 1, 1), None, "year")
    assert parse_spec("../2019-03", open_ends=True) == Span(None, dt.date(2019, 3, 31), "month")
    assert str(parse_spec("1520/..", open_ends=True)) == "1520/.."
    for bad in ["../..", "2007/../2008", "2007/.x"]:
        with pytest.raises(DateError):
            parse_spec(bad, open_ends=True)
    with pytest.raises(DateError, match="open end"):
        parse_spec("2007/..")  # publication dates, anchors and events' dates have both ends


@pytest.mark.parametrize("bad", ["2017-02-30", "2017-13", "17 June", "2017/2016", ""])
def test_impossible_or_unreadable_dates_are_refused(bad):
    with pytest.raises(DateError):
        parse_spec(bad)


def test_relative_expressions_resolve_against_their_anchor():
    entry = parse_spec("2017-06-09")
    assert resolve_relative("yesterday", entry) == parse_spec("2017-06-08")
    assert resolve_relative("yesterday", parse_spec("2017-03-01")) == parse_spec("2017-02-28")
    document = parse_spec("2017-09-27")
    assert resolve_relative("Last year", document) == parse_spec("2016")
    assert resolve_relative("Fifteen years ago", document) == parse_spec("2002")
    assert resolve_relative("two years later", parse_spec("2014")) == parse_spec("2016")
    assert resolve_relative("today", parse_spec("2017-06")) == parse_spec("2017-06")


def test_yesterday_needs_a_known_day_and_unknown_phrases_are_refused():
    with pytest.raises(DateError):
        resolve_relative("yesterday", parse_spec("2017-06"))
    with pytest.raises(DateError):
        resolve_relative("a couple of years ago", parse_spec("2017"))
