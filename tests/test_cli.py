"""The command line, from another folder: exit status 0 on success, 1 when the data or
folder is at fault, 2 on bad usage, always with a message that names the valid choices.
Most tests call the command's `main` in this process; the entry point, a terminal and a
code page are tested in a fresh `python -m mechelen_data` as users run it."""

import json
import subprocess
import sys

import pytest

import mechelen_data as m

from .conftest import ROOT
from .conftest import run_cli as cli


def command(*args: str) -> subprocess.CompletedProcess:
    """`python -m mechelen_data ARGS` in a fresh process, as users run it."""
    return subprocess.run([sys.executable, "-m", "mechelen_data", *args], capture_output=True, text=True,
                          cwd=ROOT.parent)


def test_version_is_the_package_version():
    assert command("--version").stdout.split() == ["mechelen-data", m.__version__]


def test_help_names_every_command_and_table():
    result = command("--help")
    assert result.returncode == 0
    for word in ["list", "show", "schema", "export", "validate", "cite", *m.tables()]:
        assert word in result.stdout


def test_list_gives_each_table_with_its_row_count(table_rows):
    lines = cli("list").stdout.splitlines()
    assert [line.split()[:3] for line in lines] == [[name, str(len(rows)), "rows"] for name, rows in table_rows.items()]


def test_show_head_prints_that_many_rows(table_rows):
    output = cli("show", "sources", "--head", "2").stdout
    first, second, third = (row["source_id"] for row in table_rows["sources"][:3])
    assert first in output and second in output and third not in output


def test_schema_prints_the_table_schema_as_json():
    assert json.loads(cli("schema", "statistics").stdout) == m.schema("statistics")


@pytest.mark.parametrize("args, names", [
    (["show", "evnts"], ["'events'", "sources"]),
    (["schema", "stats"], ["statistics", "indicators"]),
    (["frobnicate"], ["list", "export", "cite"]),
    (["cite", "--format", "apa"], ["text", "bibtex", "cff"]),
    (["cite", "--source", "cidob"], ["'somers-cidob-2017'", "all"]),
    (["show", "events", "--head", "0"], ["1 or more"]),
    ([], ["list", "show", "export", "validate", "cite", "give a command"]),
    (["--verison"], ["list", "show", "export", "--verison"]),
    (["export", "out", "--format", "xslx"], ["csv", "all"]),
])
def test_bad_usage_exits_2_naming_the_valid_choices(args, names):
    result = cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    for name in names:
        assert name in result.stderr


def test_validate_accepts_the_installed_data():
    result = cli("validate")
    assert result.returncode == 0 and result.stdout.startswith("valid:")


def test_cite_prints_what_cite_returns():
    assert cli("cite", "--format", "bibtex").stdout == m.cite("bibtex")
    assert cli("cite", "--source", "all").stdout == m.cite(source="all")


def on_a_terminal(*args: str, columns: int, **variables: str) -> tuple[str, str]:
    """Run the command with its output on a pseudo-terminal `columns` wide."""
    import os
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), **variables}
    process = subprocess.Popen([sys.executable, "-m", "mechelen_data", *args], stdout=follower,
                               stderr=subprocess.PIPE, env=env, cwd=ROOT.parent)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    stderr = process.communicate()[1].decode()
    os.close(leader)
    return b"".join(chunks).decode(variables.get("PYTHONIOENCODING", "utf-8")).replace("\r\n", "\n"), stderr


def test_show_fits_the_terminal_and_says_what_it_shortened(table_rows):
    shown, note = on_a_terminal("show", "events", columns=100)
    lines = shown.splitlines()
    assert len(lines) == len(table_rows["events"]) + 1
    assert max(map(len, lines)) <= 100
    assert "shortened to fit 100 columns" in note and "not shown" in note


def test_show_redirected_writes_every_cell_whole(table_rows):
    output = cli("show", "events").stdout
    longest = max((row["quote"] for row in table_rows["events"]), key=len).replace("\n", "\\n")
    assert longest in output


@pytest.mark.parametrize("form", ["csv", "json", "markdown"])
def test_show_formats_hold_every_cell(form, table_rows):
    output = cli("show", "statistics", "--format", form).stdout
    if form == "csv":
        import csv
        import io

        assert list(csv.DictReader(io.StringIO(output))) == table_rows["statistics"]
    elif form == "json":
        rows = json.loads(output)
        assert [row["statistic_id"] for row in rows] == [row["statistic_id"] for row in table_rows["statistics"]]
        assert all(str(row["quote"]) == expected["quote"] for row, expected in zip(rows, table_rows["statistics"]))
    else:
        assert output.count("\n") == len(table_rows["statistics"]) + 2
        assert all(row["value_verbatim"] in output for row in table_rows["statistics"])


def test_a_code_page_console_redirected_to_a_file_gets_every_character_as_utf8(tmp_path, table_rows):
    """stdout in cp1252 (a Windows console), redirected: UTF-8, whole, never a "?"."""
    import os

    unencodable = [row["title"] for row in table_rows["events"] if not _fits("cp1252", row["title"])]
    assert unencodable  # the check needs a cell that cp1252 cannot hold
    path = tmp_path / "events.csv"
    with path.open("wb") as handle:
        result = subprocess.run([sys.executable, "-m", "mechelen_data", "show", "events", "--format", "csv"],
                                stdout=handle, stderr=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == table_rows["events"]


def test_a_code_page_terminal_shows_what_it_cannot_encode_as_an_escape(table_rows):
    title = next(row["title"] for row in table_rows["events"] if not _fits("cp1252", row["title"]))
    shown, _ = on_a_terminal("show", "events", "--columns", "title", "--format", "csv", columns=400,
                             PYTHONIOENCODING="cp1252")
    assert title.encode("cp1252", "backslashreplace").decode("cp1252") in shown  # V\u011bra, never V?ra


def _fits(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
