"""The released data kept in tests/releases/: the CHANGELOG's counts per release are those
of the keyed diff (checked here against counts made with the csv module alone), and an id
of an older release never names another row today."""

import csv
import io
import json
import re
import zipfile

import pytest

from build_scripts.changelog import RELEASES, changelog

from .conftest import ROOT

ZIPS = sorted(RELEASES.glob("mechelen-data-*.zip"))
VERSION = re.compile(r"mechelen-data-(.+)\.zip$")
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def release(path) -> tuple[dict, dict[str, list[dict]]]:
    """A release zip's descriptor and tables, read with zipfile and csv only."""
    with zipfile.ZipFile(path) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        return descriptor, {r["name"]: list(csv.DictReader(io.StringIO(archive.read(r["path"]).decode("utf-8"))))
                            for r in descriptor["resources"]}


def keyed(descriptor: dict, tables: dict) -> dict[str, dict[str, dict]]:
    keys = {r["name"]: r["schema"]["primaryKey"] for r in descriptor["resources"]}
    return {name: {"|".join(row[k] for k in keys[name]): row for row in rows} for name, rows in tables.items()}


def count_blocks() -> list[tuple[str, str, dict[str, list[str]]]]:
    """(release, against, {table: [rows, added, removed, changed]}) for every count table."""
    found = []
    for entry in re.split(r"^## ", CHANGELOG, flags=re.MULTILINE)[1:]:
        version = entry.split()[0]
        for against, table in re.findall(r"^(?:Rows by primary key against|Against) (\S+?)[ :].*?\n\n((?:\|.*\n)+)",
                                         entry, re.MULTILINE):
            rows = {}
            for line in table.splitlines()[2:]:
                cells = [cell.strip() for cell in line.strip("|").split("|")]
                rows[re.match(r"`(\w+)`", cells[0]).group(1)] = cells[1:5]
            found.append((version, against, rows))
    return found


def test_the_changelog_counts_are_a_fresh_generation(package_descriptor):
    assert changelog(package_descriptor["version"]).decode("utf-8") == CHANGELOG


def test_every_release_but_the_first_has_counts_against_the_one_before():
    versions = re.findall(r"^## (\S+) - ", CHANGELOG, re.MULTILINE)
    compared = {(version, against) for version, against, _ in count_blocks()}
    assert {(new, old) for new, old in zip(versions, versions[1:])} <= compared
    assert {(versions[0], old) for old in versions[1:]} <= compared  # the newest against every older one
    assert {path.name for path in ZIPS} >= {f"mechelen-data-{v}.zip" for v in versions[1:]}


def test_the_changelog_counts_are_the_rows_added_removed_and_changed(package_descriptor, table_rows):
    blocks = count_blocks()
    assert blocks
    data = {VERSION.search(path.name).group(1): release(path) for path in ZIPS}
    data[package_descriptor["version"]] = (package_descriptor, table_rows)
    for version, against, counted in blocks:
        old, new = keyed(*data[against]), keyed(*data[version])
        assert set(counted) == set(old) | set(new), (version, against)
        for name, (rows, added, removed, changed) in counted.items():
            before, after = old.get(name, {}), new.get(name, {})
            both = before.keys() & after.keys()
            differ = [key for key in both if any(before[key][c] != after[key][c]
                                                 for c in before[key].keys() & after[key].keys())]
            expected_rows = f"{len(before) if name in old else '-'} → {len(after) if name in new else '-'}"
            assert [rows, int(added), int(removed), int(changed)] == [
                expected_rows, len(after.keys() - before.keys()), len(before.keys() - after.keys()), len(differ)
            ], (version, against, name)


def quoted_rows(descriptor: dict, tables: dict) -> dict[str, dict[str, dict]]:
    """The tables whose rows quote a source: {table: {id: row}}."""
    return {name: rows for name, rows in keyed(descriptor, tables).items()
            if {"source_id", "quote", "quote_start", "quote_end"} <= set(next(iter(rows.values()), {}))}


def reused(was: dict, now: dict, text_now: str, text_changed: bool) -> str:
    """Why the row `now` is another row than `was` under the same id ("" when it is the same
    row): another source, or another quote: one whose span does not overlap the old one's
    and whose words neither hold nor are held by the old quote's. A widened or trimmed quote
    is the same row, also when it is taken at another copy of a repeated passage. Where the
    source's text changed, the old quote is located in today's text."""
    if now["source_id"] != was["source_id"]:
        return f"source {was['source_id']} -> {now['source_id']}"
    if was["quote"] in now["quote"] or now["quote"] in was["quote"]:
        return ""
    start, end = int(was["quote_start"]), int(was["quote_end"])
    if text_changed:
        start = text_now.find(was["quote"])
        end = start + len(was["quote"])
    if start < 0 or not (start < int(now["quote_end"]) and int(now["quote_start"]) < end):
        return f"quote {was['quote'][:50]!r} -> {now['quote'][:50]!r}"
    return ""


@pytest.mark.parametrize("path", ZIPS, ids=[path.name for path in ZIPS])
def test_an_id_of_an_older_release_names_the_same_row_today(path, package_descriptor, table_rows, raw_texts):
    old_descriptor, old_tables = release(path)
    old, new = quoted_rows(old_descriptor, old_tables), quoted_rows(package_descriptor, table_rows)
    old_hash = {row["source_id"]: row["sha256"] for row in old_tables["sources"]}
    now_hash = {row["source_id"]: row["sha256"] for row in table_rows["sources"]}
    assert old and set(old) <= set(new)
    violations = [f"{name} {key}: {why}" for name, rows in old.items() for key, was in rows.items()
                  if key in new[name]  # a removed id names nothing; the diff reports it
                  for why in [reused(was, new[name][key], raw_texts[was["source_id"]],
                                     old_hash[was["source_id"]] != now_hash.get(was["source_id"]))] if why]
    assert not violations, (f"ids of {path.name} that now name another row (give such a row a new id, and "
                            "leave the old one unused):\n" + "\n".join(violations))


def test_the_id_rule_tells_a_reused_id_from_a_widened_quote(table_rows, raw_texts):
    row = next(r for r in table_rows["events"] if int(r["quote_start"]) > 100)
    start, end, text = int(row["quote_start"]), int(row["quote_end"]), raw_texts[row["source_id"]]

    def span(a: int, b: int, **other) -> dict:
        return dict(row, quote_start=str(a), quote_end=str(b), quote=text[a:b], **other)

    assert reused(row, span(start - 50, end + 5), text, False) == ""  # widened
    assert reused(row, span(start + 2, end - 2), text, False) == ""  # trimmed
    assert reused(row, span(0, start), text, False).startswith("quote")  # elsewhere, touching but not overlapping
    assert reused(row, dict(span(0, 3), quote=row["quote"] + " and more"), text, False) == ""  # a repeated copy
    assert reused(row, span(start, end, source_id="another-source"), text, False).startswith("source")
    # The source's text changed: the old quote is found where it now stands.
    shifted = "x" * 7 + text
    assert reused(row, span(start + 7, end + 7), shifted, True) == ""
    assert reused(row, span(start, end), shifted, True) == ""  # still overlaps by all but 7 characters
    assert reused(dict(row, quote="words that are nowhere"), span(start, end), text, True).startswith("quote")
