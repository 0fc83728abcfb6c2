"""Every example in README.md runs as written, in order: each fenced code block is run by
the reader it is written for, or named below with the reason it is not. A new block is
run by its language's rule, or fails the test until it gets one."""

import collections
import contextlib
import doctest
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mechelen_data as m

from .conftest import ROOT, program, read_csv_rows

# `output`: the block stands right after a python block and shows what that block prints.
Block = collections.namedtuple("Block", "language text section line output")

# Blocks that are not run, by their first line, and why.
NOT_RUN = {
    'pip install mechelen-data               # the tables, the library and the mechelen-data command':
        "installs from PyPI over the network; the tests use this checkout's package",
    'pip install -e ".[dev]" && python -m build_scripts   # install, rebuild and validate the data':
        "sets up a development machine: it reinstalls, rebuilds and runs this very suite (.ci/run runs it)",
}
# Sections whose examples run in a folder made by `mechelen-data export DIR`, as they say;
# the others run in an empty working folder.
IN_AN_EXPORT = {"Download and open"}


def readme_blocks() -> list[Block]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks, section, prose = [], "", True  # prose: text stands between this block and the last
    lines = iter(enumerate(text.splitlines(), start=1))
    for number, line in lines:
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("```"):
            body = []
            for _, inner in lines:
                if inner.startswith("```"):
                    break
                body.append(inner)
            output = not prose and bool(blocks) and blocks[-1].language == "python"
            blocks.append(Block(line[3:].strip(), "\n".join(body) + "\n", section, number, output))
            prose = False
        elif line.strip():
            prose = True
    return blocks


BLOCKS = [block for block in readme_blocks() if block.text.splitlines()[0] not in NOT_RUN]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict:
    """The working folder, the shared Python namespace, and a complete export."""
    # The formats the examples read (xlsx and stata have no example to run).
    download = m.export(tmp_path_factory.mktemp("readme") / "download", "csv,sqlite,parquet")
    work = tmp_path_factory.mktemp("work")
    for release in (ROOT / "tests" / "releases").glob("*.zip"):  # as downloaded from the release page
        shutil.copy(release, work)
    return {"work": work, "namespace": {}, "download": download, "printed": ""}


def folder(block: Block, places: dict) -> Path:
    return places["download"] if block.section in IN_AN_EXPORT else places["work"]


def run_python(block: Block, places: dict, monkeypatch) -> None:
    """Run in order in one namespace; a >>> block is a doctest, checked against its output."""
    monkeypatch.chdir(folder(block, places))
    namespace = places["namespace"]
    if ">>>" not in block.text:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block.text, f"README.md, line {block.line}", "exec"), namespace)
        places["printed"] = printed.getvalue()
        return
    test = doctest.DocTestParser().get_doctest(block.text, namespace, f"README line {block.line}", "README.md",
                                               block.line)
    report = []
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest ran on a copy: its names stay for the blocks below
    assert runner.failures == 0, "".join(report)


def run_sh(block: Block, places: dict, tmp_path: Path) -> None:
    """A command-line block, line by line in the working folder (where the release zips are,
    as downloaded), each exiting 0 and writing something: to the terminal, or to the file
    it is redirected to."""
    commands = [line for line in block.text.splitlines() if line.strip()]
    assert all(line.startswith("mechelen-data ") for line in commands), "a shell block of other commands"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        result = subprocess.run(["sh", "-c", command], cwd=places["work"], capture_output=True, text=True, env=env)
        redirected = command.split("#")[0].split(">")[1].strip() if ">" in command.split("#")[0] else None
        wrote = (places["work"] / redirected).stat().st_size if redirected else len(result.stdout)
        assert result.returncode == 0 and wrote, (command, result.stderr)


def run_output(block: Block, places: dict, tmp_path: Path) -> None:
    """A block right after a python block shows what that block prints."""
    assert places["printed"].rstrip("\n") == block.text.rstrip("\n"), f"README.md line {block.line}: not what the block above prints"


def run_sql(block: Block, places: dict, tmp_path: Path) -> None:
    """Each statement against the export, by the engine its first line names; every one
    returns rows, and the first counts the events by type as the CSV does."""
    engine, *rest = block.text.splitlines()
    statements = [statement.strip() for statement in "\n".join(rest).split(";") if statement.strip()]
    results = []
    if engine == "-- SQLite":
        sqlite = program("sqlite3", "sqlite3")
        for statement in statements:
            done = subprocess.run([sqlite, "-bail", "mechelen-data.sqlite", statement + ";"], capture_output=True,
                                  text=True, cwd=places["download"])
            assert done.returncode == 0 and not done.stderr, (statement, done.stderr)
            results.append([line.split("|") for line in done.stdout.splitlines()])
    elif engine == "-- DuckDB":
        import duckdb

        connection = duckdb.connect()
        os.chdir(places["download"])  # DuckDB reads paths relative to the working folder
        try:
            results = [[[str(cell) for cell in row] for row in connection.sql(statement).fetchall()]
                       for statement in statements]
        finally:
            os.chdir(ROOT)
    else:
        raise AssertionError(f"README.md line {block.line}: say which engine runs this SQL (-- SQLite, -- DuckDB)")
    assert all(results), "a statement returned no rows"
    events = read_csv_rows(ROOT / "mechelen_data" / "data" / "events.csv")
    counts = collections.Counter(row["event_type"] for row in events)
    assert {kind: int(count) for kind, count in results[0]} == counts


def run_r(block: Block, places: dict, tmp_path: Path) -> None:
    """The snippet's value: every events row, each column of its schema type."""
    rscript = program("Rscript", "r-base-core r-cran-readr r-cran-jsonlite")
    (tmp_path / "readme.R").write_text(block.text, encoding="utf-8")
    probe = (f'v <- suppressMessages(source("{tmp_path / "readme.R"}"))$value\n'
             'cat(nrow(v), "\\n"); cat(paste(names(v), sapply(v, function(c) class(c)[1])), sep = "\\n")\n')
    done = subprocess.run([rscript, "-e", probe], capture_output=True, text=True, cwd=places["download"])
    assert done.returncode == 0, done.stderr
    rows, *columns = done.stdout.split("\n")
    r_class = {"string": "character", "integer": "integer", "number": "numeric", "boolean": "logical", "date": "Date"}
    expected = [f"{field['name']} {'factor' if field.get('constraints', {}).get('enum') else r_class[field['type']]}"
                for field in m.schema("events")["fields"]]
    assert int(rows) == len(read_csv_rows(m.csv_path("events"))) and columns[:len(expected)] == expected


def run_bibtex(block: Block, places: dict, tmp_path: Path) -> None:
    assert block.text == m.cite("bibtex")


def run_tree(block: Block, places: dict, tmp_path: Path) -> None:
    """The repository layout: every folder it names exists."""
    for line in block.text.splitlines():
        if line and not line.startswith(" "):
            assert (ROOT / line.split()[0]).is_dir(), line


RUNNERS = {"sh": run_sh, "sql": run_sql, "r": run_r, "bibtex": run_bibtex, "": run_tree}


# The command-line block starts the command ten times and exports every format (about ten
# seconds): it runs with the slow tests (and always in CI). The blocks share one namespace
# and run in order: pytest-xdist's --dist loadscope (pyproject.toml) keeps a module on one worker.
@pytest.mark.parametrize("block", [pytest.param(block, marks=[pytest.mark.slow] if block.language == "sh" else [],
                                                id=f"line {block.line} {block.language or 'text'}")
                                   for block in BLOCKS])
def test_every_readme_example_runs_as_written(block, places, tmp_path, monkeypatch):
    if block.language == "python":
        run_python(block, places, monkeypatch)
    elif block.output:
        run_output(block, places, tmp_path)
    else:
        assert block.language in RUNNERS, f"README.md line {block.line}: no rule runs a {block.language!r} block"
        RUNNERS[block.language](block, places, tmp_path)


def test_each_block_not_run_is_still_in_the_readme():
    """So that NOT_RUN names only blocks that exist, each with its reason."""
    firsts = [block.text.splitlines()[0] for block in readme_blocks()]
    assert all(first in firsts for first in NOT_RUN) and len(firsts) == len(BLOCKS) + len(NOT_RUN)
