"""Rules of the second curation pass: exclusions, time words, ranks and corroboration groups.
Every expectation is worked out from the rows and the raw texts, never copied from output."""

import datetime as dt
import math
import re

import pandas as pd
import pytest

import mechelen_data as m
from mechelen_data._corroboration import interval, intervals_meet, spans_meet

from .conftest import ROOT, build_spec

SPEC = build_spec()
CATEGORIES = set(next(f for f in SPEC["tables"]["exclusions"]["fields"] if f["name"] == "category")["values"])


def rows(table_rows, name):
    return table_rows[name]


# --- exclusions -----------------------------------------------------------------------------

def test_the_exclusion_categories_are_the_documented_ones():
    assert {"page_date", "undatable", "not_a_strategy", "page_chrome", "repetition", "outside_scope"} <= CATEGORIES


@pytest.fixture(scope="module")
def exclusion_rows():
    return m.records("exclusions")


def test_every_exclusion_quote_is_verbatim_at_its_offsets(table_rows, raw_texts):
    assert table_rows["exclusions"]
    for row in table_rows["exclusions"]:
        text = raw_texts[row["source_id"]]
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"], row["exclusion_id"]
        assert row["category"] in CATEGORIES and row["reason"].strip(), row["exclusion_id"]


def test_each_source_has_its_page_date_excluded_or_no_printed_date(table_rows, raw_texts):
    """A source whose text prints its own publication day has a page_date exclusion."""
    dated = {row["source_id"] for row in table_rows["exclusions"] if row["category"] == "page_date"}
    for source in table_rows["sources"]:
        if source["published_precision"] != "day":
            continue
        day = pd.Timestamp(source["published"])
        forms = [f"{day.day} {day:%B %Y}", f"{day:%B} {day.day}, {day.year}"]
        if any(form in raw_texts[source["source_id"]] for form in forms):
            assert source["source_id"] in dated, source["source_id"]


def test_repetition_exclusions_quote_text_that_occurs_twice(table_rows, raw_texts):
    for row in table_rows["exclusions"]:
        if row["category"] == "repetition":
            text = raw_texts[row["source_id"]]
            # the repeated material (the quote's longest line) stands at least twice; in a
            # photo caption ("Somers: 'words'Image: ..."), the quoted words do
            body = max(row["quote"].split("\n"), key=len)
            caption = re.search(r": ['‘\"“](.+)['’\"”]", body)
            assert text.count(body) >= 2 or (caption and text.count(caption.group(1)) >= 2), row


# --- time words -------------------------------------------------------------------------------

TIME_WORDS = re.compile(r"\b(nowadays|today|so far|by now|last year|last election|years ago|ago|since|"
                        r"over two years|on friday|recent|in \d{4})\b", re.I)


@pytest.mark.parametrize("row", m.records("statistics"), ids=lambda row: row.statistic_id)
def test_every_statistic_with_time_words_in_its_quote_keeps_them(row):
    found = TIME_WORDS.findall(row.quote)
    if found:
        assert row.period_verbatim, f"{row.statistic_id}: quote has {found} but no period_verbatim"
    if row.period_verbatim:
        parts = [part.strip() for part in row.period_verbatim.split("…")]
        assert all(part in row.quote for part in parts), row.statistic_id


def test_an_empty_period_means_unknown_and_the_dictionary_says_so():
    fields = {field["name"]: field for field in m.schema("statistics")["fields"]}
    assert "the period is unknown" in fields["period_start"]["description"]
    assert "never its period" in fields["period_start"]["description"]
    # An empty end under a stated start is open, not unknown entirely: the dictionary tells them apart.
    assert "half-open period" in fields["period_end"]["description"]
    assert "no later than claimed_end" in fields["period_end"]["description"]
    assert "the latest the figure can refer to" in fields["claimed_end"]["description"].lower()
    frame = m.statistics()
    unresolved = frame[frame["period_start"].isna() & frame["period_verbatim"].notna()]
    assert len(unresolved) > 0  # time words kept without dates
    assert unresolved["period_basis"].isna().all() and unresolved["period_end"].isna().all()


# --- ranks --------------------------------------------------------------------------------------

def test_ranks_are_given_only_to_whole_ordered_lists():
    """Within one source and list, either no point is ranked or the ranks run 1..n without gaps."""
    frame = m.strategies()
    for (source, name), group in frame.groupby(["source_id", "list"], observed=True):
        ranks = group["rank"].dropna().astype(int).tolist()
        if ranks:
            assert sorted(ranks) == list(range(1, len(ranks) + 1)), (source, name, ranks)


def test_the_two_legs_are_not_ranked():
    frame = m.strategies()
    legs = frame[frame["list"].str.contains("legs", case=False, na=False)]
    assert len(legs) == 2 and legs["rank"].isna().all()


# --- corroboration ------------------------------------------------------------------------------

GROUPS = [row.corroboration for row in m.records("corroborations")]


@pytest.fixture(scope="module")
def members():
    frames = {"event": m.events(), "statistic": m.statistics()}
    return {group: frame[frame["corroboration"] == group] for frame in frames.values()
            for group in frame["corroboration"].dropna().unique()}


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_has_rows_from_at_least_two_different_sources(group, members):
    assert members[group]["source_id"].nunique() >= 2


@pytest.mark.parametrize("group", GROUPS)
def test_the_accessor_counts_each_group_from_the_rows(group, members):
    table = m.corroboration_summary().set_index("corroboration")
    found = members[group]
    sources = m.sources().set_index("source_id")["independence"]
    assert table.loc[group, "rows"] == len(found)
    assert table.loc[group, "sources"] == found["source_id"].nunique()
    independent = sum(sources[source] == "independent" for source in found["source_id"].unique())
    assert table.loc[group, "independent_sources"] == independent


@pytest.mark.parametrize("group", GROUPS)
def test_agreement_follows_the_rules(group, members):
    found = members[group]
    verdict = m.corroboration_summary().set_index("corroboration").loc[group, "agreement"]
    if "date_start" in found:
        overlap = found["date_start"].max() <= found["date_end"].min()
        assert verdict == ("agree" if overlap else "conflict")
    else:
        # brute force: some candidate value lies in every claim's interval
        candidates = set()
        for value in found["value"]:
            candidates |= {value, value * 0.9, value * 1.1, value - 0.5, value + 0.5, value - 1e-6, value + 1e-6}

        def inside(x, value, qualifier):
            return {"exact": x == value, "more_than": x > value, "less_than": x < value, "nearly": x < value,
                    "at_least": x >= value, "approximately": abs(x - value) <= abs(value) * 0.1 + 1e-9}[qualifier]
        agree = any(all(inside(x, v, str(q)) for v, q in zip(found["value"], found["qualifier"])) for x in candidates)
        # The times the figures can refer to: a period's days, an unknown start open, any end by the claim.
        starts = [start.date() if pd.notna(start) else dt.date.min for start in found["period_start"]]
        ends = [min(end.date(), claimed.date()) if pd.notna(end) else claimed.date()
                for end, claimed in zip(found["period_end"], found["claimed_end"])]
        same_time = max(starts) <= min(ends)
        assert verdict == ("different_periods" if not same_time else "agree" if agree else "conflict")


def test_figures_for_times_that_cannot_meet_are_different_periods_not_a_conflict():
    from mechelen_data._corroboration import figures_agree

    stats = m.statistics().set_index("statistic_id")
    pair = stats.loc[["cor-huffpost-nationalities-mechelen", "dw-nationalities-mechelen"]].copy()  # 128 and 138
    assert figures_agree(pair) == "conflict"  # unknown periods: both may refer to 2016
    day = pd.Timestamp
    pair["period_start"], pair["period_end"] = [day("2016-01-01"), day("2017-01-01")], [day("2016-12-31"), day("2017-09-27")]
    assert figures_agree(pair) == "different_periods"
    pair["period_start"], pair["period_end"] = [pd.NaT, day("2017-01-01")], [pd.NaT, pd.NaT]
    assert figures_agree(pair) == "different_periods"  # the 128 was claimed on 31 December 2016, before 2017
    pair["period_start"] = [pd.NaT, day("2016-06-01")]  # a half-open period from mid-2016 can meet it
    assert figures_agree(pair) == "conflict"
    pair["value"] = [138.0, 138.0]
    assert figures_agree(pair) == "agree"


@pytest.mark.parametrize("group", [g for g in GROUPS])
def test_statistics_groups_compare_one_indicator_and_one_place(group, members):
    found = members[group]
    if "indicator" in found:
        assert found["indicator"].nunique() == 1 and found["unit"].nunique() == 1
        assert found["place"].nunique() == 1


@pytest.mark.parametrize("first, second, agree", [
    (("more_than", 130), ("exact", 138), True),
    (("exact", 27), ("exact", 28), False),
    (("less_than", 9), ("less_than", 8), True),
    (("at_least", 200), ("exact", 160), False),
    (("approximately", 100), ("exact", 109), True),
    (("approximately", 100), ("exact", 111), False),
    (("nearly", 100), ("exact", 100), False),
    (("more_than", 16), ("exact", 16), False),
    (("at_least", 16), ("exact", 16), True),
])
def test_qualifier_intervals(first, second, agree):
    assert intervals_meet([interval(first[1], first[0]), interval(second[1], second[0])]) is agree


def test_every_qualifier_in_the_schema_has_an_interval_rule():
    values = next(f for f in m.schema("statistics")["fields"] if f["name"] == "qualifier")["constraints"]["enum"]
    for qualifier in values:
        low, high = interval(10.0, qualifier)
        assert low.value <= high.value and not math.isnan(low.value)


def test_event_spans():
    day = pd.Timestamp
    assert spans_meet([(day("2017-02-14"), day("2017-02-14")), (day("2017-01-01"), day("2017-12-31"))])
    assert not spans_meet([(day("2016-01-01"), day("2016-12-31")), (day("2017-02-14"), day("2017-02-14"))])


def test_the_readme_shows_the_corroboration_accessor():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Happenings and corroboration" in readme and "m.corroboration_summary()" in readme


def test_the_old_name_of_the_summary_still_works_and_warns():
    with pytest.warns(DeprecationWarning, match="corroboration_summary"):
        old = m.corroboration()
    pd.testing.assert_frame_equal(old, m.corroboration_summary())
