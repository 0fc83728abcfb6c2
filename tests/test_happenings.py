"""Happenings counted once: events rows that tell the same happening share a key, every
count of happenings the package shows counts each key once, dates say how they were
obtained, and outside facts are named by key with a reference, never by a file."""

import csv
import re
from collections import defaultdict

import pandas as pd
import pytest

import mechelen_data as m
from mechelen_data._card import happening_counts

from .conftest import ROOT


@pytest.fixture(scope="module")
def events(table_rows):
    return table_rows["events"]


def test_a_shared_happening_key_names_a_row_of_its_own_or_a_group(events, table_rows):
    ids = {row["event_id"]: row for row in events}
    groups = {row["corroboration"] for row in table_rows["corroborations"] if row["kind"] == "event"}
    for row in events:
        key = row["happening"]
        if key == row["event_id"]:
            continue
        assert (key in ids and ids[key]["happening"] == key) or key in groups, row["event_id"]


def test_a_happening_told_by_several_sources_is_its_corroboration_group(events):
    sources = defaultdict(set)
    for row in events:
        sources[row["happening"]].add(row["source_id"])
    for row in events:
        expected = row["happening"] if len(sources[row["happening"]]) > 1 else ""
        assert row["corroboration"] == expected, row["event_id"]


def test_happenings_gives_one_row_per_key_and_accounts_for_every_row(events):
    table = m.happenings()
    keys = {row["happening"] for row in events}
    assert set(table["happening"]) == keys and len(table) == len(keys)
    assert int(table["rows"].sum()) == len(events)
    listed = [event for ids in table["row_ids"] for event in ids.split("; ")]
    assert sorted(listed) == sorted(row["event_id"] for row in events)


def test_each_happening_is_dated_by_a_row_that_tells_it(events):
    by_id = {row["event_id"]: row for row in events}
    for happening in m.happenings().itertuples():
        lead = by_id[happening.principal]
        assert lead["happening"] == happening.happening
        assert str(happening.date_start.date()) == lead["date_start"]
        assert str(happening.date_end.date()) == lead["date_end"]
        spans = [(by_id[i]["date_start"], by_id[i]["date_end"]) for i in happening.row_ids.split("; ")]
        overlap = max(start for start, _ in spans) <= min(end for _, end in spans)
        assert happening.dates == ("agree" if overlap else "conflict")


def test_the_card_and_the_figure_count_happenings_not_rows(events, table_rows):
    keys = {row["happening"] for row in events}
    assert happening_counts(table_rows)[:2] == (len(keys), len(events))
    card = (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    assert f"The {len(events)} events rows tell {len(keys)} happenings" in card
    pytest.importorskip("matplotlib")
    from mechelen_data.figures import events_over_time

    notes = next(text.get_text() for text in events_over_time().texts if text.get_gid() == "footnote")
    assert notes.startswith(f"{len(keys)} happenings, told by {len(events)} rows")


MEDIA = ("social_media_post", "media_coverage", "interview", "publication")  # happenings of their own


def test_a_post_on_the_day_of_a_listed_happening_with_the_same_people_restates_it(events):
    """A Media corner post that names someone a timeline entry of the same day names (besides
    Somers, whose page it is) tells that entry's happening, and must say so; coverage of
    that happening is a happening of its own, so it is not compared."""
    def people(row):
        return {name for name in row["actors"].split("; ") if name and name != "Bart Somers"}

    posts = [row for row in events if row["event_type"] == "social_media_post"]
    assert posts
    for post in posts:
        same_day = [row for row in events if row["event_type"] not in MEDIA
                    and row["source_id"] == post["source_id"] and row["date_start"] == post["date_start"]
                    and row["date_end"] == post["date_end"] and people(row) & people(post)]
        for listed in same_day:
            assert post["happening"] == listed["happening"], (post["event_id"], listed["event_id"])


# --- dates that say what they date -----------------------------------------------------------

YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


@pytest.mark.parametrize("row", m.records("events"), ids=lambda row: row.event_id)
def test_each_date_basis_is_used_as_the_dictionary_defines_it(row):
    basis, stated_years = row.date_basis, {int(y) for y in YEAR.findall(row.date_verbatim)}
    if basis == "stated":  # the source writes the year
        assert row.date_start.year in stated_years
    elif basis == "year_inferred":  # day and month only
        assert not stated_years
    elif basis == "relative":
        assert row.date_note and "resolved against" in row.date_note
    elif basis == "inferred":  # reasoning, said in the note
        assert row.date_note and len(row.date_note) > 40
    else:
        pytest.fail(f"undefined date_basis {basis!r}")


def test_every_basis_value_is_defined_in_the_dictionary():
    field = next(f for f in m.schema("events")["fields"] if f["name"] == "date_basis")
    for value in field["constraints"]["enum"]:
        assert f"{value}:" in field["description"]
    assert "inferred" in field["constraints"]["enum"]


# --- outside facts ----------------------------------------------------------------------------

def test_every_outside_fact_has_a_reference_and_every_use_names_it(table_rows):
    facts = {row["outside_fact"]: row for row in table_rows["outside_facts"]}
    for fact in facts.values():
        assert fact["reference"] and (fact["url"].startswith("http") or len(fact["reference"]) > 60)
    used = set()
    for name, rows in table_rows.items():
        for row in rows:
            if name != "outside_facts" and row.get("outside_fact"):
                key = row["outside_fact"]
                used.add(key)
                notes = " ".join(value for column, value in row.items() if column.endswith(("note", "description")))
                assert key in notes, (name, key)
    assert used == set(facts), "an outside fact no row compares with"


def test_no_cell_names_a_file_the_reader_does_not_have(table_rows):
    files = re.compile(r"\b[\w./-]+\.(?:md|ya?ml|py|txt)\b|SOURCES\.md|design notes")
    for name, rows in table_rows.items():
        for row in rows:
            for column, value in row.items():
                if (name, column) == ("sources", "raw_path"):
                    continue  # the raw text's path in the repository, a fixed column
                assert not files.search(value), (name, column, value[:80])
