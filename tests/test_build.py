"""The build as a whole, run in a scratch copy of the repository so that the working
tree is never touched: deterministic, equal to the committed outputs, and atomic."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_scripts.scratch import copy_repository

from .conftest import ROOT

# Everything the build writes.
OUTPUTS = ["datapackage.json", "mechelen_data/datapackage.json", "mechelen_data/data", "CITATION.cff", "docs",
           ".zenodo.json", "README.md", "mechelen_data/croissant.json", "mechelen_data/audit.json",
           "mechelen_data/quote_context.json"]


def run_build(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)


def snapshot(repo: Path) -> dict[str, bytes]:
    files = {}
    for output in OUTPUTS:
        path = repo / output
        for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if item.is_file():
                files[item.relative_to(repo).as_posix()] = item.read_bytes()
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    repo = copy_repository(tmp_path_factory.mktemp("repo"))
    result = run_build(repo)
    assert result.returncode == 0, result.stderr
    return repo


def test_build_reproduces_the_committed_outputs_byte_for_byte(built):
    assert snapshot(built) == snapshot(ROOT)


@pytest.fixture(scope="module")
def rebuilt(built) -> tuple[dict[str, bytes], subprocess.CompletedProcess]:
    """The build run again on its own outputs: the files before it, and the run."""
    return snapshot(built), run_build(built)


def test_build_twice_changes_nothing(built, rebuilt):
    before, result = rebuilt
    assert result.returncode == 0, result.stderr
    assert "changed: nothing" in result.stdout
    assert snapshot(built) == before


def test_summary_names_every_table_with_its_row_count(rebuilt, table_rows):
    output = rebuilt[1].stdout
    for name, rows in table_rows.items():
        assert f"{name}" in output and f"{len(rows)} rows" in output
    assert "valid" in output


def break_annotation(repo: Path, file: str, old: str, new: str) -> int:
    """Replace the first `old` by `new`; return the line it stands on."""
    path = repo / "raw" / "annotations" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} missing from {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.slow  # a build of its own
def test_a_quote_not_in_the_text_stops_the_build_naming_the_row_and_changes_nothing(tmp_path):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    break_annotation(repo, "events-other-sources.yaml", "after I was elected mayor in 2001", "after I was elected mayor in 2002")
    result = run_build(repo)
    assert result.returncode == 1
    assert "events-other-sources.yaml" in result.stderr and "thejournal-somers-elected-mayor-2001" in result.stderr
    assert "quote not found" in result.stderr
    assert snapshot(repo) == before
    assert not list(repo.glob(".build-*")), "a failed build left its staging folder behind"


def where(repo: Path, file: str, marker: str, after: int = 0) -> tuple[str, int, int, str]:
    """(path, line, row, id) of the first line of `file` after line `after` that starts
    with `marker`, counted independently of the build: a row starts at a top-level "- "."""
    path = repo / "raw" / "annotations" / file
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if n > after and text.lstrip("- ").startswith(marker))
    row = sum(1 for text in lines[:line] if text.startswith("- "))
    item = yaml.safe_load(path.read_text(encoding="utf-8"))[row - 1]
    return f"raw/annotations/{file}", line, row, str(item.get("id", ""))


# Curator mistakes, each with the error it must give. Mistakes in one batch break rows that
# do not refer to each other, so one build reports them all (it reports every error in one
# run); a broken source hides the rows that cite it, so it has a batch of its own.
BROKEN = [
    (1, "events-other-sources.yaml", "- id: thejournal-world-mayor-2016", "- id: thejournal-somers-elected-mayor-2001",
     "id", "duplicate id, already used at raw/annotations/events-other-sources.yaml, line "),
    (1, "events-other-sources.yaml", "source: breda-dw-2017", "source: breda-dw-2071",
     "source", "'breda-dw-2071' is not a sources.source_id; valid: "),
    (1, "events-other-sources.yaml", 'date: "2014"', 'date: "2014-02-30"', "date", "impossible date '2014-02-30'"),
    (1, "events-other-sources.yaml", "title: ", "titel: ", "titel", "not a field of table events; the annotation keys"),
    (1, "statistics.yaml", "value_verbatim: \"86,000\"", "value_verbatim: \"86,00O\"",
     "value_verbatim", "value_verbatim '86,00O' must be the figure's words as they stand in the quote"),
    (1, "statistics.yaml", "qualifier: more_than", "qualifier: exact", "qualifier", "value "),
    (2, "statistics.yaml", "indicator: population", "indicator: populaton",
     "indicator", "'populaton' is not a indicators.indicator; valid: population, "),
    (1, "strategies.yaml", "theme: security", "theme: securty", "theme", "'securty' is not a themes.theme; valid: "),
    (1, "events-reneweurope-cor-2019.yaml", "event_type: visit", "event_type: visitt",
     "event_type", "'visitt' is not valid for events.event_type: Input should be "),
    (1, "strategies.yaml", "rank: 2", "rank: second", "rank", "'second' is not valid for strategies.rank: "),
    (3, "sources.yaml", "  timeline: true", "  timeline: yes please", "timeline", "timeline must be true or false"),
    (1, "statistics.yaml", 'period: "2016"', 'period: "2018"', "period",
     "the period 2018-01-01/2018-12-31 runs past the claim date 2017-02-28 (publication)"),
    (1, "statistics.yaml", 'period: "2007/.."', 'period: "2018/.."', "period",
     "the period 2018-01-01/.. runs past the claim date 2017-02-28 (publication)"),
    (2, "statistics.yaml", 'period: "2007/.."', 'period: "../.."', "period",
     "'../..': a period needs at least one stated end"),
]


@pytest.fixture(scope="module")
def broken_builds(tmp_path_factory) -> dict[int, tuple[Path, dict, subprocess.CompletedProcess, dict]]:
    """Per batch: the scratch copy, its files before the build, the failed build, and the
    (path, line, row, id) at which each mistake stands."""
    builds = {}
    for batch in sorted({case[0] for case in BROKEN}):
        repo = copy_repository(tmp_path_factory.mktemp(f"broken-{batch}"))
        before = snapshot(repo)
        places = {}
        for case in BROKEN:
            if case[0] == batch:
                file, old, new = case[1:4]
                line = break_annotation(repo, file, old, new)
                path, _, row, row_id = where(repo, file, new.lstrip("- "), after=line - 1)
                places[case] = (path, line, row, row_id)
        builds[batch] = (repo, before, run_build(repo), places)
    return builds


@pytest.mark.parametrize("case", BROKEN, ids=lambda case: f"{case[1]}-{case[4]}-{case[3]}")
def test_a_broken_annotation_stops_the_build_with_file_line_row_field_and_reason(broken_builds, case):
    repo, before, result, places = broken_builds[case[0]]
    path, line, row, row_id = places[case]
    key, reason = case[4:]
    assert result.returncode == 1
    named = f", id {row_id!r}" if row_id else ""
    assert f"{path}, line {line} (row {row}{named}), field {key}: {reason}" in result.stderr
    assert "Nothing was written" in result.stderr
    assert snapshot(repo) == before


@pytest.mark.slow  # a build of its own
def test_a_missing_required_field_names_the_row_and_the_field(tmp_path):
    repo = copy_repository(tmp_path)
    path = repo / "raw" / "annotations" / "initiatives.yaml"
    text = path.read_text(encoding="utf-8")
    first_description = next(line for line in text.split("\n") if line.startswith("  description: "))
    path.write_text(text.replace(first_description + "\n", "", 1), encoding="utf-8")
    file, line, row, row_id = where(repo, "initiatives.yaml", "id: ")
    result = run_build(repo)
    assert result.returncode == 1
    assert (f"{file}, line {line} (row {row}, id {row_id!r}), field description: missing: description is "
            "required in table initiatives") in result.stderr


@pytest.mark.slow  # a build of its own
def test_two_rows_on_one_span_name_both_lines(tmp_path):
    repo = copy_repository(tmp_path)
    rows = yaml.safe_load((repo / "raw" / "annotations" / "strategies.yaml").read_text(encoding="utf-8"))
    copy = {**rows[0], "id": "copy-of-first"}
    with open(repo / "raw" / "annotations" / "strategies.yaml", "a", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump([copy], allow_unicode=True, sort_keys=False))
    file, first, _, _ = where(repo, "strategies.yaml", f"id: {rows[0]['id']}")
    _, start, row, _ = where(repo, "strategies.yaml", "id: copy-of-first")
    _, line, _, _ = where(repo, "strategies.yaml", "quote: ", after=start)
    result = run_build(repo)
    assert result.returncode == 1
    assert (f"{file}, line {line} (row {row}, id 'copy-of-first'), field quote: quotes the same span as "
            f"{file}, line {first} (row 1, id {rows[0]['id']!r}); merge them into one row") in result.stderr


@pytest.mark.slow  # a build of its own
def test_a_claim_dated_after_its_source_was_published_stops_the_build(tmp_path):
    # The timeline's entries of 2018 and 2019 would be claims made after a page of mid-2018.
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    break_annotation(repo, "sources.yaml", 'published: "2019-12-06"', 'published: "2018-06-01"')
    result = run_build(repo)
    assert result.returncode == 1
    assert "raw/annotations/statistics.yaml" in result.stderr
    assert "after its source's publication (2018-06-01)" in result.stderr
    assert snapshot(repo) == before


@pytest.mark.slow  # a build of its own
def test_an_open_end_is_refused_where_the_date_is_required(tmp_path):
    repo = copy_repository(tmp_path)
    break_annotation(repo, "events-other-sources.yaml", 'date: "2014"', 'date: "2014/.."')
    result = run_build(repo)
    assert result.returncode == 1
    assert "no date_end:" in result.stderr and "an open end, A/.. or ../B, only where the column may be empty" \
        in result.stderr


@pytest.mark.slow  # a build of its own
def test_a_dated_timeline_line_left_unaccounted_stops_the_build(tmp_path):
    repo = copy_repository(tmp_path)
    path = repo / "raw" / "annotations" / "exclusions.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = [row for row in rows if row["quote"] != "6 December 2019"]
    assert len(kept) == len(rows) - 1
    path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    assert "line 3 (6 December 2019)" in result.stderr


@pytest.mark.slow  # a whole build that draws every figure again
def test_a_missing_or_edited_figure_is_redrawn_exactly(tmp_path):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    figures = repo / "docs" / "figures"
    (figures / "events-over-time.png").unlink()
    (figures / "foreign-fighters-by-source.png").write_bytes(b"edited")
    result = run_build(repo)
    assert result.returncode == 0, result.stderr
    assert "docs/figures/events-over-time.png" in result.stdout
    assert "docs/figures/foreign-fighters-by-source.png" in result.stdout
    assert snapshot(repo) == before


@pytest.mark.slow  # a build of its own
def test_changelog_without_the_package_version_stops_the_build(tmp_path):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    init = repo / "mechelen_data" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "9', 1), encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    assert "CHANGELOG.md" in result.stderr and "add a '## 9" in result.stderr
    assert snapshot(repo) == before


def line_of(path: Path, text: str) -> int:
    """The 1-based line where `text` first stands in `path`, counted independently."""
    content = path.read_text(encoding="utf-8")
    assert text in content, text
    return content[: content.index(text)].count("\n") + 1


def test_five_curator_mistakes_are_all_reported_in_one_run_with_file_and_line(tmp_path):
    """A key given twice, a YAML file no table reads, an `order:` naming no column, a cell
    that starts like a formula and a YAML syntax error: one run names all five, each with
    its file and line, and changes nothing."""
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    annotations = repo / "raw" / "annotations"
    # 1. A key given twice in one row (YAML alone would keep the second silently).
    twice = break_annotation(repo, "events-other-sources.yaml", '  title: "Bart Somers elected mayor of Mechelen"',
                             '  title: "Bart Somers elected mayor of Mechelen"\n  title: "Somers elected"') + 1
    # 2. A file no table's glob matches ("event-", not "events").
    (annotations / "event-extra.yaml").write_text("- id: extra-event\n", encoding="utf-8")
    # 3. `order:` naming a column the table does not have.
    descriptor = repo / "raw" / "descriptor.yaml"
    order = line_of(descriptor, "    order: [date_start, date_end, event_id]")
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        "    order: [date_start, date_end, event_id]", "    order: [date_start, date_end, event]"), encoding="utf-8")
    # 4. A cell that a spreadsheet would run as a formula.
    formula = break_annotation(repo, "initiatives.yaml", '  name: "Zero-tolerance policy"', '  name: "=Zero-tolerance"')
    # 5. Not valid YAML.
    syntax = break_annotation(repo, "exclusions.yaml", "- id: dw-excl-page-date", "- id: dw-excl: page-date")

    result = run_build(repo)
    assert result.returncode == 1
    errors = result.stderr
    assert "build failed: 5 errors" in errors, errors
    assert f"raw/annotations/events-other-sources.yaml, line {twice} (row 1, id 'thejournal-somers-elected-mayor-2001'),"\
           " field title: given twice in this row" in errors
    assert "raw/annotations/event-extra.yaml, line 1: no table reads this file" in errors
    assert f"raw/descriptor.yaml, line {order}, table events: `order:` names 'event', not a field" in errors
    assert re.search(rf"raw/annotations/initiatives.yaml, line {formula} \(row \d+, id '[a-z0-9-]+'\), field name: "
                     r"starts with '=', which spreadsheets run as a formula", errors)
    assert f"raw/annotations/exclusions.yaml, line {syntax}, column " in errors and "not valid YAML" in errors
    assert "<unicode string>" not in errors and "Traceback" not in errors
    assert snapshot(repo) == before
    assert not list(repo.glob(".build-*")), "a failed build left its staging folder behind"


def test_order_puts_empty_cells_last():
    from build_scripts.spec import Table
    from build_scripts.tables import ordered

    table = Table("t", {"order": ["rank", "id"], "fields": [{"name": "id"}, {"name": "rank"}]})
    items = [{"id": "c", "rank": None}, {"id": "b", "rank": 2}, {"id": "a", "rank": None}, {"id": "d", "rank": 1}]
    errors = []
    sorted_items, rows = ordered(table, items, [item["id"] for item in items], errors)
    assert [item["id"] for item in sorted_items] == rows == ["d", "b", "a", "c"] and errors == []


@pytest.mark.slow  # a build of its own
def test_a_row_that_refers_to_a_row_in_error_is_not_reported_again(tmp_path):
    """One broken theme: its own error, not one more per strategy that names it."""
    repo = copy_repository(tmp_path)
    line = break_annotation(repo, "themes.yaml", "- id: security", "- id: security\n  colour: blue") + 1
    result = run_build(repo)
    assert result.returncode == 1
    assert result.stderr.startswith(f"build failed: raw/annotations/themes.yaml, line {line} (row ")
    assert "is not a themes.theme" not in result.stderr


def test_every_generated_file_says_so_in_its_first_line_or_is_listed_in_contributing(package_descriptor):
    """A reader tells a generated file from a hand-kept one by its first line, or, where the
    format has no comments (JSON, CSV, PNG), by CONTRIBUTING.md's list."""
    import fnmatch
    import json

    from build_scripts.documents import documents

    published = {r["name"]: (ROOT / "mechelen_data" / r["path"]).read_bytes() for r in package_descriptor["resources"]}
    written = set(documents(json.loads(json.dumps(package_descriptor)), published))
    written |= {"datapackage.json", "mechelen_data/datapackage.json"}
    written |= {f"mechelen_data/{resource['path']}" for resource in package_descriptor["resources"]}
    listed = re.findall(r"`([^`\s]+)`", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    for path in sorted(written):
        first = (ROOT / path).read_bytes().split(b"\n", 1)[0]
        marked = first.startswith((b"# Generated", b"<!-- Generated")) and b"do not edit" in first
        assert marked or any(fnmatch.fnmatch(path, pattern) for pattern in listed), f"{path}: not marked, not listed"
