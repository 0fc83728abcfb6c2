"""The timeline of the Renew Europe/ALDE-CoR page: which lines are dated, and the years
it leaves out."""

import re

import pytest

from build_scripts.dates import DateError
from build_scripts.timeline import LEADING_DATE, MONTHS, dated_lines, infer_years

from .conftest import ROOT, timeline_sources

PAGE = "reneweurope-cor-2019"  # the page these tests read line by line
TEXT = (ROOT / "raw" / "texts" / f"{PAGE}.txt").read_text(encoding="utf-8")


def test_the_page_is_marked_as_a_timeline_in_sources_yaml():
    assert PAGE in timeline_sources()


def test_every_line_that_starts_with_a_day_or_month_is_a_timeline_line():
    # Counted independently of the parser: a line that begins with a number and a month
    # name, or with a month name alone.
    months = "|".join(MONTHS)
    starts = [n for n, line in enumerate(TEXT.split("\n"), 1) if re.match(rf"(\d+\D{{0,5}})*({months})\b", line)]
    assert [d.line_no for d in dated_lines(TEXT) if d.in_timeline] == starts


def test_dated_lines_outside_the_timeline_are_the_posts_and_the_plenary():
    others = [d for d in dated_lines(TEXT) if not d.in_timeline]
    post_signatures = [n for n, line in enumerate(TEXT.split("\n"), 1) if re.search(r"\(@\w+\) \S", line)]
    assert [d.line_no for d in others] == [4, *post_signatures]
    assert others[0].verbatim == "June 2016"


def test_inferred_years_agree_with_every_full_date_the_page_gives():
    lines = dated_lines(TEXT)
    timeline = [d for d in lines if d.in_timeline]
    # Infer again from day and month only (the page date anchors the first line), then
    # compare with the years the page states itself.
    keys = [(d.span.start.month, None if d.span.precision == "month" else d.span.start.day, None) for d in timeline]
    keys[0] = (*keys[0][:2], 2019)  # "6 December 2019", the page's own date
    years = infer_years(keys)
    stated = {d.line_no: int(re.search(r"\d{4}", d.verbatim).group()) for d in timeline if re.search(r"\d{4}", d.verbatim)}
    assert len(stated) == 2  # the page date and "7 February 2017"
    for d, year in zip(timeline, years):
        if d.line_no in stated:
            assert year == stated[d.line_no], d.verbatim
    # The Media corner's dated posts repeat the timeline's entries of the same day.
    posts = [d for d in lines if not d.in_timeline and d.span.precision == "day"]
    assert len(posts) == 6
    for post in posts:
        same_day = [y for d, y in zip(timeline, years)
                    if (d.span.start.month, d.span.start.day) == (post.span.start.month, post.span.start.day)]
        assert same_day, f"no timeline entry on the day of the post {post.verbatim}"
        assert post.span.start.year in same_day, post.verbatim


def test_inferred_years_never_increase_down_the_page():
    years = [d.span.start.year for d in dated_lines(TEXT) if d.in_timeline]
    assert years == sorted(years, reverse=True)
    assert (years[0], years[-1]) == (2019, 2016)


def test_day_ranges_and_month_only_entries():
    by_verbatim = {d.verbatim: d for d in dated_lines(TEXT)}
    march = by_verbatim["16 – 17 March"]
    assert (str(march.span.start), str(march.span.end), march.span.precision) == ("2019-03-16", "2019-03-17", "day")
    february = by_verbatim["February"]
    assert (str(february.span.start), str(february.span.end), february.span.precision) == ("2018-02-01", "2018-02-28", "month")


def test_year_inference_rules():
    assert infer_years([(12, 6, 2019), (12, 3, None), (11, 18, None), (1, 5, None), (10, 18, None)]) == [2019] * 4 + [2018]
    # A month-only entry within its month keeps the year; the month after rolls it back.
    assert infer_years([(3, 1, 2018), (2, 12, None), (2, None, None), (1, 22, None), (9, 17, None)]) == [2018] * 4 + [2017]
    with pytest.raises(DateError):
        infer_years([(12, 6, 2019), (2, 7, 2017)])  # a stated year that the order contradicts
    with pytest.raises(DateError):
        infer_years([(12, 6, None)])  # nothing to anchor on


def test_the_leading_date_pattern_ignores_text_that_only_mentions_a_month():
    assert LEADING_DATE.match("February German radio Deutschlandfunk")
    assert not LEADING_DATE.match("Politico’s Ryan Heath covered the visit")
    assert not LEADING_DATE.match("March 2018 was busy")  # month followed by a number is not month-only
