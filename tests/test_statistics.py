"""Statistics: each figure as its source words it, and disagreements side by side."""

import calendar
import datetime as dt
import re
from collections import Counter

import pytest

import mechelen_data as m

from .conftest import timeline_sources

QUALIFIER_WORDS = {
    "more_than": r"\b(more than|over)\b",
    "less_than": r"\b(less than|under)\b",
    "nearly": r"\b(nearly|almost)\b",
    "approximately": r"\b(about|around|some|approximately)\b",
    "at_least": r"\ba few\b",
}


def test_every_figure_stands_in_its_quote_and_its_digits_give_its_value(table_rows):
    for row in table_rows["statistics"]:
        assert row["value_verbatim"] in row["quote"], row["statistic_id"]
        digits = re.search(r"\d[\d,]*(\.\d+)?", row["value_verbatim"])
        multiplier = re.search(r"\b(million|billion)\b", row["value_verbatim"])
        if digits and not multiplier and "out of" not in row["value_verbatim"]:
            assert float(digits.group().replace(",", "")) == float(row["value"]), row["statistic_id"]


def test_qualifiers_agree_with_the_wording(table_rows):
    for row in table_rows["statistics"]:
        wording = row["value_verbatim"].lower()
        found = [key for key, pattern in QUALIFIER_WORDS.items() if re.search(pattern, wording)]
        assert found == ([] if row["qualifier"] == "exact" else [row["qualifier"]]), row["statistic_id"]


def test_percentages_lie_between_0_and_100(table_rows):
    for row in table_rows["statistics"]:
        if row["unit"] == "percent":
            assert 0 <= float(row["value"]) <= 100, row["statistic_id"]


def test_no_claim_is_repeated_within_a_source(table_rows):
    claims = Counter((r["source_id"], r["indicator"], r["place"], r["subject"], r["value"], r["period_start"])
                     for r in table_rows["statistics"])
    assert [claim for claim, count in claims.items() if count > 1] == []


def test_every_indicator_is_used_with_one_unit(table_rows):
    units = {}
    for row in table_rows["statistics"]:
        units.setdefault(row["indicator"], set()).add(row["unit"])
    assert {k: v for k, v in units.items() if len(v) > 1} == {}
    declared = {r["indicator"]: r["unit"] for r in table_rows["indicators"]}
    assert set(units) == set(declared)
    assert all(units[k] == {declared[k]} for k in units)


def test_compare_lines_up_one_row_per_source_claim(table_rows):
    claims = [r for r in table_rows["statistics"] if (r["indicator"], r["place"]) == ("foreign_fighters", "Vilvoorde")]
    table = m.compare("foreign_fighters", "Vilvoorde")
    assert len(table) == len(claims) >= 2
    assert sorted(table["statistic_id"]) == sorted(r["statistic_id"] for r in claims)
    # The chapter and the DW feature disagree (27 against 28): both are kept.
    assert set(table["value"]) == {27, 28}
    assert {"publisher", "independence", "published", "qualifier", "value", "source_id"} <= set(table.columns)


def test_compare_without_a_place_covers_every_place(table_rows):
    claims = [r for r in table_rows["statistics"] if r["indicator"] == "nationalities"]
    assert len(m.compare("nationalities")) == len(claims)


def test_compare_names_the_valid_choices():
    with pytest.raises(KeyError, match="Did you mean 'foreign_fighters'"):
        m.compare("foreign_fighter")
    with pytest.raises(KeyError, match="Vilvoorde"):
        m.compare("foreign_fighters", "Vilvorde")


# --- when each figure was claimed, and periods with one end --------------------------------------

MONTHS = "January February March April May June July August September October November December".split()
ENTRY = re.compile(rf"^(\d{{1,2}})(?:\s*[–-]\s*\d{{1,2}})?\s+({'|'.join(MONTHS)})\b")


def publication_span(source: dict) -> tuple[str, str]:
    first = dt.date.fromisoformat(source["published"])
    last = {"day": first, "month": first.replace(day=calendar.monthrange(first.year, first.month)[1]),
            "year": first.replace(month=12, day=31)}[source["published_precision"]]
    return first.isoformat(), last.isoformat()


def test_every_figure_was_claimed_on_its_timeline_entry_or_its_publication(table_rows, raw_texts):
    sources = {row["source_id"]: row for row in table_rows["sources"]}
    timelines = set(timeline_sources())
    # The events of a timeline source are dated by their lines: the line a quote starts on gives the date.
    def line_of(source, offset):
        text = raw_texts[source]
        return text.count("\n", 0, offset), text[text.rfind("\n", 0, offset) + 1:]
    event_dates = {(row["source_id"], line_of(row["source_id"], int(row["quote_start"]))[0]):
                   (row["date_start"], row["date_end"], row["date_precision"]) for row in table_rows["events"]}
    entries = 0
    for row in table_rows["statistics"]:
        number, line = line_of(row["source_id"], int(row["quote_start"]))
        claimed = (row["claimed_start"], row["claimed_end"], row["claimed_precision"])
        dated = row["source_id"] in timelines and ENTRY.match(line)
        if dated:
            entries += 1
            assert row["claimed_basis"] == "timeline_entry", row["statistic_id"]
            assert claimed == event_dates[row["source_id"], number], row["statistic_id"]
            day, month = dated.groups()
            assert (int(row["claimed_start"][8:]), int(row["claimed_start"][5:7])) == (int(day), MONTHS.index(month) + 1)
        else:
            source = sources[row["source_id"]]
            assert row["claimed_basis"] == "publication", row["statistic_id"]
            assert claimed == (*publication_span(source), source["published_precision"]), row["statistic_id"]
        assert row["claimed_start"] <= publication_span(sources[row["source_id"]])[1]
    assert entries > 0


def earliest_end(row: dict) -> str:
    end = dt.date.fromisoformat(row["period_end"])
    return {"year": end.replace(month=1, day=1), "month": end.replace(day=1)}.get(row["period_precision"], end).isoformat()


def test_no_period_starts_or_ends_after_its_figure_was_claimed(table_rows):
    for row in table_rows["statistics"]:
        if row["period_start"]:
            assert row["period_start"] <= row["claimed_end"], row["statistic_id"]
        if row["period_end"]:
            assert earliest_end(row) <= row["claimed_end"], row["statistic_id"]


def test_since_and_until_a_year_keep_their_stated_end(table_rows):
    stated = 0
    for row in table_rows["statistics"]:
        since = re.search(r"\b(?:since|from) (\d{4})\b", row["period_verbatim"], re.I)
        until = re.search(r"\b(?:until|till|up to) (\d{4})\b", row["period_verbatim"], re.I)
        if since:
            stated += 1
            assert (row["period_start"], row["period_precision"]) == (f"{since[1]}-01-01", "year"), row["statistic_id"]
            if not until:
                assert row["period_end"] == "", row["statistic_id"]  # open: the time of writing, undated
        if until:
            stated += 1
            assert (row["period_end"], row["period_precision"]) == (f"{until[1]}-12-31", "year"), row["statistic_id"]
    assert stated > 0


@pytest.mark.parametrize("words", ["Today", "Nowadays", "So far", "by now"])
def test_time_of_writing_words_give_no_period(table_rows, words):
    rows = [row for row in table_rows["statistics"] if row["period_verbatim"] == words]
    assert rows and all(row["period_start"] == row["period_end"] == "" for row in rows)
