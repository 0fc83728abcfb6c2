"""The build as a whole, run in a scratch copy of the repository so that the working
tree is never touched: deterministic, equal to the committed outputs, and atomic."""

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


def test_build_twice_changes_nothing(built):
    before = snapshot(built)
    result = run_build(built)
    assert result.returncode == 0, result.stderr
    assert "changed: nothing" in result.stdout
    assert snapshot(built) == before


def test_summary_names_every_table_with_its_row_count(built, table_rows):
    output = run_build(built).stdout
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


@pytest.mark.parametrize(
    "file, old, new, key, reason",
    [
        ("events-other-sources.yaml", "- id: thejournal-world-mayor-2016", "- id: thejournal-somers-elected-mayor-2001",
         "id", "duplicate id, already used at raw/annotations/events-other-sources.yaml, line "),
        ("events-other-sources.yaml", "source: breda-dw-2017", "source: breda-dw-2071",
         "source", "'breda-dw-2071' is not a sources.source_id; valid: "),
        ("events-other-sources.yaml", 'date: "2014"', 'date: "2014-02-30"', "date", "impossible date '2014-02-30'"),
        ("events-other-sources.yaml", "title: ", "titel: ", "titel", "not a field of table events; the annotation keys"),
        ("statistics.yaml", "value_verbatim: \"86,000\"", "value_verbatim: \"86,00O\"",
         "value_verbatim", "value_verbatim '86,00O' must be the figure's words as they stand in the quote"),
        ("statistics.yaml", "qualifier: more_than", "qualifier: exact", "qualifier", "value "),
        ("statistics.yaml", "indicator: population", "indicator: populaton",
         "indicator", "'populaton' is not a indicators.indicator; valid: population, "),
        ("strategies.yaml", "theme: security", "theme: securty", "theme", "'securty' is not a themes.theme; valid: "),
        ("events-reneweurope-cor-2019.yaml", "event_type: visit", "event_type: visitt",
         "event_type", "'visitt' is not valid for events.event_type: Input should be "),
        ("strategies.yaml", "rank: 2", "rank: second", "rank", "'second' is not valid for strategies.rank: "),
        ("sources.yaml", "  timeline: true", "  timeline: yes please", "timeline", "timeline must be true or false"),
    ],
)
def test_a_broken_annotation_stops_the_build_with_file_line_row_field_and_reason(tmp_path, file, old, new, key, reason):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    line = break_annotation(repo, file, old, new)
    path, _, row, row_id = where(repo, file, new.lstrip("- "), after=line - 1)
    result = run_build(repo)
    assert result.returncode == 1
    named = f", id {row_id!r}" if row_id else ""
    assert f"build failed: {path}, line {line} (row {row}{named}), field {key}: {reason}" in result.stderr
    assert "Nothing was written" in result.stderr
    assert snapshot(repo) == before


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


def test_changelog_without_the_package_version_stops_the_build(tmp_path):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    init = repo / "mechelen_data" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "9', 1), encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    assert "CHANGELOG.md" in result.stderr and "add a '## 9" in result.stderr
    assert snapshot(repo) == before
