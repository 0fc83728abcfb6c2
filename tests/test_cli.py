"""The command line, run as users run it: `python -m mechelen_data ...` in a fresh process
from another folder. Exit status 0 on success, 1 when the data or folder is at fault, 2
on bad usage, always with a message that names the valid choices."""

import json
import subprocess
import sys
import zipfile

import pytest
from frictionless import Package

import mechelen_data as m

from .conftest import ROOT


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mechelen_data", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT.parent)


def test_version_is_the_package_version():
    assert cli("--version").stdout.split() == ["mechelen-data", m.__version__]


def test_help_names_every_command_and_table():
    result = cli("--help")
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
    ([], ["COMMAND"]),
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


def installed_files() -> dict[str, bytes]:
    files = {"datapackage.json": (ROOT / "mechelen_data" / "datapackage.json").read_bytes()}
    for name in m.tables():
        files[f"data/{name}.csv"] = m.csv_path(name).read_bytes()
    return files


def test_export_writes_a_valid_package_with_the_installed_bytes(tmp_path):
    out = tmp_path / "out"
    result = cli("export", str(out))
    assert result.returncode == 0, result.stderr
    written = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert written == installed_files()
    assert Package(str(out / "datapackage.json")).validate().valid


def test_export_refuses_a_non_empty_folder_and_touches_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = cli("export", str(tmp_path))
    assert result.returncode == 1
    assert "--force" in result.stderr and "not empty" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_export_force_replaces_only_the_packages_files(tmp_path):
    assert cli("export", str(tmp_path)).returncode == 0
    (tmp_path / "data" / "events.csv").write_text("edited")
    (tmp_path / "notes.txt").write_text("mine")
    assert cli("export", str(tmp_path), "--force").returncode == 0
    assert (tmp_path / "data" / "events.csv").read_bytes() == m.csv_path("events").read_bytes()
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not list(tmp_path.rglob("*.tmp"))


def test_export_refuses_a_file_in_place_of_the_folder(tmp_path):
    target = tmp_path / "out"
    target.write_text("mine")
    result = cli("export", str(target))
    assert result.returncode == 1 and "not a folder" in result.stderr
    assert target.read_text() == "mine"


def test_export_zip_holds_the_package_in_one_folder_and_is_reproducible(tmp_path):
    assert cli("export", str(tmp_path), "--zip").returncode == 0
    archive = tmp_path / f"mechelen-data-{m.__version__}.zip"
    first = archive.read_bytes()
    with zipfile.ZipFile(archive) as opened:
        inside = {name.split("/", 1)[1]: opened.read(name) for name in opened.namelist()}
        assert {name.split("/", 1)[0] for name in opened.namelist()} == {f"mechelen-data-{m.__version__}"}
    assert inside == installed_files()
    assert cli("export", str(tmp_path), "--zip").returncode == 1  # exists: refused
    assert cli("export", str(tmp_path), "--zip", "--force").returncode == 0
    assert archive.read_bytes() == first


def test_cite_prints_what_cite_returns():
    assert cli("cite", "--format", "bibtex").stdout == m.cite("bibtex")
    assert cli("cite", "--source", "all").stdout == m.cite(source="all")
