"""Strategies and initiatives: every numbered list complete and in order, and themes that
line up the same idea across sources."""

import re
from collections import defaultdict

import pytest

THEJOURNAL, CIDOB = "somers-thejournal-2017", "somers-cidob-2017"


def ranked_lists(rows):
    lists = defaultdict(list)
    for row in rows:
        if row["rank"]:
            lists[(row["source_id"], row["list"])].append(row)
    return lists


def test_every_ranked_list_runs_from_one_without_gaps_in_the_order_of_the_text(table_rows):
    lists = ranked_lists(table_rows["strategies"])
    assert lists
    for key, rows in lists.items():
        ranks = sorted(int(r["rank"]) for r in rows)
        assert ranks == list(range(1, len(rows) + 1)), key
        by_rank = [r["strategy_id"] for r in sorted(rows, key=lambda r: int(r["rank"]))]
        by_position = [r["strategy_id"] for r in sorted(rows, key=lambda r: int(r["quote_start"]))]
        assert by_rank == by_position, key


def test_the_columns_eight_numbered_points_are_all_there_with_their_numbers(table_rows, raw_texts):
    # The numbered points are the lines of the column that begin with a digit and a space.
    numbered = [m.start() for m in re.finditer(r"(?m)^([1-9]) [A-Z]", raw_texts[THEJOURNAL])]
    assert len(numbered) == 8
    points = [r for r in table_rows["strategies"] if r["source_id"] == THEJOURNAL and r["rank"]]
    assert sorted(int(r["quote_start"]) for r in points) == numbered
    for row in points:
        assert row["quote"].startswith(f"{row['rank']} ")


def test_the_chapters_seven_strategic_points_are_all_there(table_rows, raw_texts):
    assert "Our strategy is built on seven points." in raw_texts[CIDOB]
    points = [r for r in table_rows["strategies"] if r["source_id"] == CIDOB and r["rank"]]
    assert sorted(int(r["rank"]) for r in points) == list(range(1, 8))
    # Each point opens with its ordinal in the text.
    ordinals = ["First of all", "second", "third", "fourth", "fifth", "sixth", "last"]
    for row in points:
        assert ordinals[int(row["rank"]) - 1].lower() in row["quote"].lower(), row["strategy_id"]


# The same idea in the column and in the chapter (read off the two texts): column point ->
# chapter point.
SAME_IDEA = {1: 1, 2: 3, 3: 4, 4: 6, 5: 5, 7: 7}


@pytest.mark.parametrize("column_rank, chapter_rank", SAME_IDEA.items())
def test_the_same_point_in_column_and_chapter_shares_a_theme(table_rows, column_rank, chapter_rank):
    def theme(source, rank):
        [row] = [r for r in table_rows["strategies"] if r["source_id"] == source and r["rank"] == str(rank)]
        return row["theme"]

    assert theme(THEJOURNAL, column_rank) == theme(CIDOB, chapter_rank)


def test_the_two_legs_are_security_and_integration(table_rows):
    legs = [r for r in table_rows["strategies"] if r["source_id"] == "breda-dw-2017" and "leg" in r["quote"]]
    assert len(legs) == 2
    themes = {r["theme"] for r in legs}
    assert "security" in themes and len(themes) == 2


def test_every_theme_is_defined_and_used(table_rows):
    defined = {r["theme"] for r in table_rows["themes"]}
    used = {r["theme"] for table in ("strategies", "initiatives") for r in table_rows[table]}
    assert used == defined


def test_no_initiative_is_named_twice_in_one_source(table_rows):
    names = [(r["source_id"], r["name"].lower()) for r in table_rows["initiatives"]]
    assert len(names) == len(set(names))
