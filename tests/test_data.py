"""The published data: provenance of every row, keys, and the timeline accounted for."""

import hashlib

import pytest
import yaml
from frictionless import Package

from build_scripts.timeline import dated_lines

from .conftest import ROOT, annotations, build_spec, timeline_sources

# Every table whose rows quote a source.
CURATED = [name for name, table in build_spec()["tables"].items()
           if any(field.get("computed") == "quote" for field in table["fields"])]
TIMELINES = timeline_sources()


def test_the_curated_tables_are_found_in_the_descriptor():
    assert {"events", "strategies", "initiatives", "statistics"} <= set(CURATED)
    assert "themes" not in CURATED and TIMELINES


@pytest.mark.parametrize("descriptor", ["datapackage.json", "mechelen_data/datapackage.json"])
def test_frictionless_finds_the_package_valid(descriptor):
    report = Package(str(ROOT / descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


SEED_SHA256 = {  # sha256 of the five published documents (shared/seeds), byte for byte
    "reneweurope-cor-2019": "e1a76e9184f5c0fd58613d38322c8e403488eb96030860de3045d3ae80707b77",
    "somers-thejournal-2017": "18cf91e11a93bc0f44660de56ce16071d03e5384af1c82dc9bae12dd352714d6",
    "somers-cidob-2017": "72ce572f9f9884bebd80d82b0b0d6a523393299980e018314277ff6fecfe9b22",
    "breda-dw-2017": "bbc5f91ad350432a19b7b325dbadf77e628cd80678810a97593d946b349d9472",
    "bannerjee-smartcitizen-2017": "a493d9dc84aba12fe3625423c77f9c9b58d0e7d643b8893879cfb4cf04bdc02e",
}


def test_raw_texts_are_the_source_documents_byte_for_byte(table_rows):
    recorded = {row["source_id"]: row["sha256"] for row in table_rows["sources"]}
    assert set(SEED_SHA256) <= set(recorded), "a seed document is missing from sources"
    for row in table_rows["sources"]:
        actual = hashlib.sha256((ROOT / row["raw_path"]).read_bytes()).hexdigest()
        # A source added later has no seed; its text must still be the one the build hashed.
        assert actual == SEED_SHA256.get(row["source_id"], actual) == row["sha256"], row["source_id"]


@pytest.mark.parametrize("table", CURATED)
def test_every_quote_stands_at_its_offsets_in_its_raw_text(table, table_rows, raw_texts):
    rows = table_rows[table]
    assert rows
    for row in rows:
        start, end = int(row["quote_start"]), int(row["quote_end"])
        assert raw_texts[row["source_id"]][start:end] == row["quote"], row


@pytest.mark.parametrize("table", [name for name in CURATED if name != "exclusions"])  # exclusions quote chrome on purpose
def test_no_row_rests_on_page_chrome_or_a_repeated_paragraph(table, table_rows, raw_texts):
    chrome = ["Skip to", "Support The Journal", "Back to top", "DW's Top Story", "spy balloon", "Image:"]
    for row in table_rows[table]:
        assert not any(marker in row["quote"] for marker in chrome), row
        # Quotes point at the first occurrence, so a repeated paragraph cannot give a second row.
        assert raw_texts[row["source_id"]].find(row["quote"]) == int(row["quote_start"]), row


@pytest.mark.parametrize("source", TIMELINES)
def test_every_dated_line_of_the_timeline_is_one_event_or_one_exclusion(table_rows, raw_texts, source):
    text = raw_texts[source]
    events = [(int(e["quote_start"]), int(e["quote_end"])) for e in table_rows["events"] if e["source_id"] == source]
    excluded = [(int(x["quote_start"]), int(x["quote_end"])) for x in table_rows["exclusions"] if x["source_id"] == source]
    lines = dated_lines(text)
    for line in lines:
        covering = [span for span in events + excluded if span[0] <= line.start and line.end <= span[1]]
        assert len(covering) == 1, f"line {line.line_no} ({line.verbatim}) is covered {len(covering)} times"
    # ...and no event of the page floats free: an event that covers no dated line is a second
    # happening inside a dated entry (its text runs to the next dated line) whose note says
    # how it is dated (exclusions may quote undated text).
    dated = [span for span in excluded if any(span[0] <= line.start and line.end <= span[1] for line in lines)]
    rows = [e for e in table_rows["events"] if e["source_id"] == source]
    free = [e for e in rows if not any(int(e["quote_start"]) <= line.start and line.end <= int(e["quote_end"])
                                       for line in lines)]
    assert len(rows) - len(free) + len(dated) == len(lines)
    entries = [line for line in lines if line.in_timeline]
    for event in free:
        start, end = int(event["quote_start"]), int(event["quote_end"])
        inside = [line for line, following in zip(entries, [*entries[1:], None])
                  if line.end <= start and end <= (following.start if following else len(text))]
        assert len(inside) == 1 and event["date_note"], event["event_id"]


@pytest.mark.parametrize("source", TIMELINES)
def test_timeline_events_carry_the_date_of_their_line(table_rows, source):
    by_start = {line.start: line for line in dated_lines((ROOT / "raw" / "texts" / f"{source}.txt").read_text(encoding="utf-8"))}
    checked = 0
    for event in table_rows["events"]:
        line = by_start.get(int(event["quote_start"]))
        if event["source_id"] == source and line and event["date_basis"] != "relative":
            assert (event["date_start"], event["date_end"]) == (str(line.span.start), str(line.span.end)), event["event_id"]
            assert event["date_verbatim"] == line.verbatim
            checked += 1
    assert checked >= 70


def test_dates_are_honest_about_their_precision(table_rows):
    import datetime as dt

    for event in table_rows["events"]:
        start, end = dt.date.fromisoformat(event["date_start"]), dt.date.fromisoformat(event["date_end"])
        assert start <= end
        if event["date_precision"] == "month":
            assert (start.day, (end + dt.timedelta(days=1)).day, start.month) == (1, 1, end.month), event
        if event["date_precision"] == "year":
            assert (start.month, start.day, end.month, end.day) == (1, 1, 12, 31), event
        if event["date_basis"] == "relative":
            assert "resolved against" in event["date_note"], event


def test_events_come_from_every_kind_of_source(table_rows):
    sources = {e["source_id"] for e in table_rows["events"]}
    assert set(TIMELINES) <= sources and len(sources) >= 4
