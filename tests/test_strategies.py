"""Strategies and initiatives: every numbered list complete and in order, themes that line
up the same idea across sources, one list label per list or section of a source, and whose
approach each point is."""

import re
from collections import defaultdict

import pytest

from .conftest import ROOT

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


# --- whose approach, and one list label per list or section (issue 21) ----------------------

NO_HEADING = "(no heading)"
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def field(package_descriptor, table, name):
    [resource] = [r for r in package_descriptor["resources"] if r["name"] == table]
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def labels(rows):
    groups = defaultdict(list)
    for row in rows:
        groups[(row["source_id"], row["list"])].append(row)
    return groups


def heading_position(text, label):
    """Where `label` stands in `text` as a line of its own (first occurrence), else None."""
    match = re.search(rf"(?m)^{re.escape(label)}$", text)
    return match.start() if match else None


def test_every_strategy_says_whose_approach_and_who_states_it(table_rows, package_descriptor):
    defined = set(field(package_descriptor, "strategies", "approach")["constraints"]["enum"])
    rows = table_rows["strategies"]
    for row in rows:
        assert row["approach"] in defined and row["stated_by"].strip(), row["strategy_id"]
    # Only values that some row needs are defined.
    assert {row["approach"] for row in rows} == defined


def test_who_states_a_point_matches_whose_approach_it_is(table_rows):
    independence = {s["source_id"]: s["independence"] for s in table_rows["sources"]}
    for row in table_rows["strategies"]:
        by, approach, key = row["stated_by"], row["approach"], row["strategy_id"]
        # An outside expert's words are the expert's advice, never the Mechelen model.
        assert ("expert" in by) == (approach == "expert"), key
        if by == "Bart Somers":
            assert approach == "mechelen", key
        if by == "unattributed":
            assert approach == "unattributed", key
        if approach == "author":
            # the author's own general point, and only where the author is not Somers
            assert by.startswith("the author (") and independence[row["source_id"]] == "independent", key
        if independence[row["source_id"]] == "self-authored":
            # Somers is the author: his own words are stated by "Bart Somers"
            assert not by.startswith("the author"), key


def test_a_list_label_never_says_who_states_the_point(table_rows):
    speakers = {row["stated_by"].split(" (")[0] for row in table_rows["strategies"]}
    for source, label in labels(table_rows["strategies"]):
        assert "(" not in label or label == NO_HEADING, (source, label)
        assert not any(speaker in label for speaker in speakers), (source, label)


def test_each_label_is_a_heading_of_its_section_a_named_list_or_no_heading(table_rows, raw_texts):
    """A section label is a heading of the text, exactly as written, and its rows stand in
    that section; a "(no heading)" row stands before every heading used as a label; any
    other label is a list the source numbers or names with its size ("Two legs")."""
    groups = labels(table_rows["strategies"])
    for source in {s for s, _ in groups}:
        text = raw_texts[source]
        headings = {label: heading_position(text, label) for s, label in groups if s == source}
        headings = {label: at for label, at in headings.items() if at is not None}
        for (s, label), rows in groups.items():
            if s != source:
                continue
            starts = [int(r["quote_start"]) for r in rows]
            if label == NO_HEADING:
                assert all(start < min(headings.values(), default=len(text)) for start in starts), label
            elif label in headings:
                at = headings[label]
                later = [h for h in headings.values() if h > at]
                # (a row may quote the heading itself: DW's "Step one")
                assert all(at <= start < min(later, default=len(text)) for start in starts), (source, label)
            else:
                ranked = [r for r in rows if r["rank"]]
                sizes = [NUMBER_WORDS.index(w) + 1 for w in label.lower().split() if w in NUMBER_WORDS]
                assert ranked or sizes, f"{source}: {label!r} is neither a heading of the text nor a list"
                if sizes:
                    assert sizes[0] == (len(ranked) or len(rows)), (source, label)


def test_unranked_rows_of_a_numbered_list_say_which_point_they_elaborate(table_rows):
    for (source, label), rows in labels(table_rows["strategies"]).items():
        ranked = sorted((int(r["quote_start"]), int(r["rank"])) for r in rows if r["rank"])
        if not ranked:
            continue
        for row in rows:
            if row["rank"]:
                continue
            start = int(row["quote_start"])
            before = [rank for at, rank in ranked if at < start]
            assert before, f"{row['strategy_id']} stands before the first point of {label!r}"
            point = before[-1]
            words = set(re.findall(r"[a-z]+", row["summary"].lower()))
            assert {ORDINALS[point - 1], NUMBER_WORDS[point - 1]} & words, row["strategy_id"]


def test_the_readme_states_the_list_and_approach_rules(package_descriptor):
    readme = (ROOT / "raw" / "annotations" / "README.md").read_text(encoding="utf-8")
    sections = {title: " ".join(body.split()) for title, body in re.findall(r"(?ms)^## ([^\n]+)\n(.*?)(?=^## |\Z)", readme)}
    lists = next(body for title, body in sections.items() if "strategies.list" in title)
    approach = next(body for title, body in sections.items() if "strategies.approach" in title)
    assert f"`{NO_HEADING}`" in lists and "exactly" in lists and "as written" in lists
    assert NO_HEADING in field(package_descriptor, "strategies", "list")["description"]
    for value in field(package_descriptor, "strategies", "approach")["constraints"]["enum"]:
        assert f"`{value}`" in approach, value
