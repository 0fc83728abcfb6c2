"""The keyed diff on releases made up from an export: each kind of change found, said in
every format, and each bad input refused with a message that names the fix."""

import csv
import hashlib
import io
import json
import shutil
import zipfile

import pytest

import mechelen_data as m
from mechelen_data._diff import CSV_COLUMNS

from .conftest import read_csv_rows, run_cli
from .test_releases import ZIPS, release


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return m.export(tmp_path_factory.mktemp("export") / "package")


@pytest.fixture
def copy(exported, tmp_path):
    return shutil.copytree(exported, tmp_path / "copy")


def rewrite(folder, name, change):
    """Let `change(descriptor resource, rows)` edit table `name` of an export folder, then
    write its CSV and keep datapackage.json's path, size and hash right."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    rows = read_csv_rows(folder / resource["path"])
    (folder / resource["path"]).unlink()
    rows = change(resource, rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [f["name"] for f in resource["schema"]["fields"]], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    (folder / resource["path"]).write_bytes(data)
    resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def table(diff, name):
    return next(t for t in diff.tables if t.name == name)


def test_a_release_against_itself_has_no_differences(exported):
    found = m.diff(exported)
    assert [t.name for t in found.tables] == m.tables()
    assert all(t.status == "same" and not (t.added or t.removed or t.changed) for t in found.tables)
    assert found.changes() == [] and str(found).rstrip().endswith("No differences.")
    assert [t.rows_after for t in found.tables] == [len(m.load(name)) for name in m.tables()]


def test_rows_added_removed_and_changed_by_key(copy):
    events = read_csv_rows(copy / "data" / "events.csv")
    first, second = events[0]["event_id"], events[1]["event_id"]

    def edit(resource, rows):
        rows[1]["title"] += " (edited)"
        return rows[1:] + [dict(rows[0], event_id="made-up-event")]

    rewrite(copy, "events", edit)
    found = table(m.diff(m.export(copy.parent / "old"), copy), "events")
    assert (found.added, found.removed) == (["made-up-event"], [first])
    assert found.changed == {second: {"title": (events[1]["title"], events[1]["title"] + " (edited)")}}
    assert (found.rows_before, found.rows_after) == (len(events), len(events))


def test_every_format_says_the_same_changes(copy, exported):
    rewrite(copy, "themes", lambda resource, rows: [dict(rows[0], label="A made-up label")] + rows[2:])
    themes = read_csv_rows(exported / "data" / "themes.csv")
    found = m.diff(exported, copy)
    rows = list(csv.DictReader(io.StringIO(found.format("csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows == [
        {"table": "themes", "key": themes[1]["theme"], "change": "row removed", "field": "", "old": "", "new": ""},
        {"table": "themes", "key": themes[0]["theme"], "change": "cell changed", "field": "label",
         "old": themes[0]["label"], "new": "A made-up label"},
    ]
    assert found.frame().to_dict("records") == rows
    as_json = json.loads(found.format("json"))
    assert as_json["old"] == {"source": str(exported), "version": m.__version__}
    themes_json = next(t for t in as_json["tables"] if t["table"] == "themes")
    assert themes_json["removed"] == [themes[1]["theme"]]
    assert themes_json["changed"] == {themes[0]["theme"]: {"label": {"old": themes[0]["label"], "new": "A made-up label"}}}
    text = str(found)
    assert f"changed {themes[0]['theme']}:" in text and f"removed: {themes[1]['theme']}" in text
    summary = next(line for line in text.splitlines() if line.startswith("themes "))
    assert summary.split()[1:] == [str(len(themes)), str(len(themes) - 1), "0", "1", "1"]
    with pytest.raises(m.UnknownNameError, match="'csv'"):
        found.format("cvs")


def test_a_renamed_column_is_said_as_such_and_added_and_removed_ones_once(copy, exported):
    def edit(resource, rows):
        fields = resource["schema"]["fields"]
        next(f for f in fields if f["name"] == "title")["name"] = "headline"
        resource["schema"]["fields"] = [f for f in fields if f["name"] != "outlet"] + [{"name": "extra", "type": "string"}]
        return [{("headline" if k == "title" else k): v for k, v in row.items() if k != "outlet"} | {"extra": "x"}
                for row in rows]

    rewrite(copy, "events", edit)
    found = table(m.diff(exported, copy), "events")
    assert found.columns_renamed == {"title": "headline"}
    assert (found.columns_added, found.columns_removed, found.changed) == (["extra"], ["outlet"], {})
    assert "renamed title -> headline; added extra; removed outlet" in str(m.diff(exported, copy))


def test_a_column_whose_values_changed_too_is_not_a_rename(copy, exported):
    def edit(resource, rows):
        next(f for f in resource["schema"]["fields"] if f["name"] == "label")["name"] = "name"
        return [{("name" if k == "label" else k): v + ("!" if k == "label" and i == 0 else "") for k, v in row.items()}
                for i, row in enumerate(rows)]

    rewrite(copy, "themes", edit)
    found = table(m.diff(exported, copy), "themes")
    assert (found.columns_renamed, found.columns_added, found.columns_removed) == ({}, ["name"], ["label"])


def test_numbers_are_compared_as_numbers(copy, exported):
    statistics = read_csv_rows(exported / "data" / "statistics.csv")
    whole = next(i for i, row in enumerate(statistics) if row["value"].isdigit())

    def edit(resource, rows):
        rows[whole]["value"] += ".0"  # the same number, written otherwise
        return rows

    rewrite(copy, "statistics", edit)
    assert table(m.diff(exported, copy), "statistics").changed == {}


def test_a_renamed_table_and_a_removed_one(copy, exported):
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    themes = next(r for r in descriptor["resources"] if r["name"] == "themes")
    themes["name"], themes["path"] = "topics", "data/topics.csv"
    (copy / "data" / "themes.csv").rename(copy / "data" / "topics.csv")
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "exclusions"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    found = m.diff(exported, copy)
    topics, exclusions = table(found, "topics"), table(found, "exclusions")
    assert (topics.status, topics.old_name, topics.added, topics.removed) == ("renamed", "themes", [], [])
    assert exclusions.status == "removed" and len(exclusions.removed) == len(m.load("exclusions"))
    assert "themes" not in [t.name for t in found.tables]
    changes = found.changes()
    assert {"table": "topics", "key": "", "change": "table renamed", "field": "", "old": "themes", "new": "topics"} in changes
    assert "topics (was themes)" in str(found) and "exclusions (removed)" in str(found)


def test_a_release_zip_reads_like_its_folder(exported, tmp_path):
    archive = m.export(tmp_path, zip=True)
    assert m.diff(archive, exported).changes() == [] and m.diff(archive).new.label == "installed"


def test_the_released_key_renames_are_found(tmp_path):
    """0.1.0 -> 0.2.0 renamed themes.theme_id and indicators.indicator_id (CHANGELOG 0.2.0)."""
    old, new = (release(path)[0] for path in ZIPS[:2])
    keys = {r["name"]: r["schema"]["primaryKey"] for r in old["resources"]}
    renamed = {r["name"]: dict(zip(keys[r["name"]], r["schema"]["primaryKey"])) for r in new["resources"]
               if r["name"] in keys and keys[r["name"]] != r["schema"]["primaryKey"]}
    assert renamed
    found = m.diff(*ZIPS[:2])
    assert {t.name: t.columns_renamed for t in found.tables if t.columns_renamed} == renamed
    assert all(not t.columns_removed for t in found.tables)


@pytest.mark.parametrize("make, says", [
    (lambda p: p / "missing", "does not exist"),
    (lambda p: (p / "notes.txt").write_text("hello") and p / "notes.txt", "neither a folder nor a zip"),
    (lambda p: p, "folder without datapackage.json"),
])
def test_a_path_that_is_no_release_is_refused_with_the_fix(tmp_path, make, says):
    with pytest.raises(m.MechelenDataError, match=says) as error:
        m.diff(make(tmp_path))
    assert "mechelen-data export DIR" in str(error.value) and "release zip" in str(error.value)


def test_a_zip_without_a_descriptor_or_damaged_is_refused(tmp_path, exported):
    empty = tmp_path / "other.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("data/events.csv", "event_id\n")
    with pytest.raises(m.MechelenDataError, match="has no datapackage.json at its root"):
        m.diff(empty)
    whole = m.export(tmp_path / "z", zip=True).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[:len(whole) // 2] + whole[-200:])  # the directory intact, members broken
    with pytest.raises(m.MechelenDataError, match="damaged|again"):
        m.diff(cut)


def test_a_damaged_or_missing_table_is_refused(copy, exported):
    with open(copy / "data" / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("one more line\n")
    with pytest.raises(m.MechelenDataError, match=r"events\.csv \(table 'events'\) does not match the SHA-256"):
        m.diff(copy)
    (copy / "data" / "events.csv").unlink()
    with pytest.raises(m.MechelenDataError, match="incomplete: export or download it again"):
        m.diff(copy)
    (copy / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(m.MechelenDataError, match="datapackage.json is damaged"):
        m.diff(copy)


def test_a_repeated_key_is_refused(copy):
    rewrite(copy, "themes", lambda resource, rows: rows + rows[:1])
    with pytest.raises(m.MechelenDataError, match="repeats a primary key"):
        m.diff(copy)


def cli(*args):
    return run_cli("diff", *args)


def test_the_command_prints_each_format_and_errors_in_one_line(tmp_path):
    old, new = ZIPS[:2]
    text = cli(old, new)
    assert text.returncode == 0 and text.stdout == str(m.diff(old, new))
    as_csv = cli(old, new, "--format", "csv")
    assert as_csv.returncode == 0 and list(csv.DictReader(io.StringIO(as_csv.stdout))) == m.diff(old, new).changes()
    missing = cli(tmp_path / "missing")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    assert cli(old, "--format", "xml").returncode == 2


def test_the_diff_and_the_command_import_nothing_heavy():
    from .test_lazy_imports import imported_after

    old, new = ZIPS[:2]
    code = f"from mechelen_data.__main__ import main; main(['diff', {str(old)!r}, {str(new)!r}])"  # prints first
    assert imported_after(code) == set()
