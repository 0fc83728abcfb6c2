"""Statistics: each figure as its source words it, and disagreements side by side."""

import re
from collections import Counter

import pytest

import mechelen_data as m

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
