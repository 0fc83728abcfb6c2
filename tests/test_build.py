"""The build as a whole, run in a scratch copy of the repository so that the working
tree is never touched: deterministic, equal to the committed outputs, and atomic."""

import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.scratch import copy_repository

from .conftest import ROOT

# Everything the build writes.
OUTPUTS = ["datapackage.json", "mechelen_data/datapackage.json", "mechelen_data/data", "CITATION.cff", "docs"]


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


def break_annotation(repo: Path, file: str, old: str, new: str) -> None:
    path = repo / "raw" / "annotations" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} missing from {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        ("events-other-sources.yaml", "- id: thejournal-world-mayor-2016", "- id: thejournal-somers-elected-mayor-2001",
         "duplicate id"),
        ("events-other-sources.yaml", "source: breda-dw-2017", "source: breda-dw-2071", "unknown source 'breda-dw-2071'"),
        ("events-other-sources.yaml", 'date: "2014"', 'date: "2014-02-30"', "impossible date '2014-02-30'"),
        ("statistics.yaml", "value_verbatim: \"86,000\"", "value_verbatim: \"86,00O\"", "value_verbatim"),
        ("statistics.yaml", "qualifier: more_than", "qualifier: exact", "disagree with the wording"),
        ("strategies.yaml", "theme: security", "theme: securty", "theme"),
        ("events-reneweurope-cor-2019.yaml", "event_type: visit", "event_type: visitt", "event_type"),
    ],
)
def test_a_broken_annotation_stops_the_build_with_file_row_and_reason(tmp_path, file, old, new, expected):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    break_annotation(repo, file, old, new)
    result = run_build(repo)
    assert result.returncode == 1
    assert expected in result.stderr
    assert file in result.stderr or "row" in result.stderr
    assert "Nothing was written" in result.stderr
    assert snapshot(repo) == before


def test_a_dated_timeline_line_left_unaccounted_stops_the_build(tmp_path):
    repo = copy_repository(tmp_path)
    path = repo / "raw" / "annotations" / "timeline_exclusions.yaml"
    path.write_text("[]\n", encoding="utf-8")
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
