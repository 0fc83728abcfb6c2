import contextlib
import csv
import io
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from build_scripts.annotations import SafeLoader

ROOT = Path(__file__).resolve().parent.parent
# Under CI=true every system reader and privilege a test asks for must be there: a missing
# one fails the test instead of skipping it (.ci/run installs them).
IN_CI = os.environ.get("CI") == "true"


def require(condition: object, why: str) -> None:
    """Skip the test, saying `why`, where `condition` does not hold (a reader that is not
    installed, no root to mount a file system); under CI=true, fail it instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} (CI=true: CI must provide it)")
    pytest.skip(why)


def program(name: str, package: str) -> str:
    """The path of a system program the test runs; skipped (failed under CI=true) where
    it is missing, naming the package that provides it."""
    path = shutil.which(name)
    require(path, f"{name} is not installed (Debian/Ubuntu: {package}; .ci/system-packages installs it)")
    return str(path)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (CI=true implies it)")


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run with --slow or under CI=true; otherwise they are deselected
    (and counted as such in pytest's summary)."""
    if IN_CI or config.getoption("--slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(autouse=True)
def state_folder(tmp_path_factory, monkeypatch):
    """Exports note their staging folders in the user's state folder: one of the test
    session's own, inherited by the commands the tests run, not the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """The package must work offline: any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`mechelen-data ARGS` run by the command's own `main` in this process, from `cwd`
    (another folder than the repository by default): its exit status and what it printed.
    The tests that need the command's own process (a terminal, a code page, a damaged
    install) start `python -m mechelen_data` instead."""
    from mechelen_data.__main__ import main

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(cwd or ROOT.parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as exit:  # argparse on bad usage
                code = exit.code
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["mechelen-data", *args], code, out.getvalue(), err.getvalue())


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def package_descriptor() -> dict:
    return json.loads((ROOT / "mechelen_data" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def table_rows(package_descriptor) -> dict[str, list[dict]]:
    """Every table as read by the csv module (all text), independent of the library."""
    return {
        resource["name"]: read_csv_rows(ROOT / "mechelen_data" / resource["path"])
        for resource in package_descriptor["resources"]
    }


@pytest.fixture(scope="session")
def quoted_rows(package_descriptor, table_rows) -> list[tuple[str, str, dict]]:
    """(table, row id, row) of every row that quotes a source, in table and row order: the
    tables with source_id, quote, quote_start and quote_end, found from the schemas."""
    found = []
    for resource in package_descriptor["resources"]:
        if {"source_id", "quote", "quote_start", "quote_end"} <= {field["name"] for field in resource["schema"]["fields"]}:
            key = resource["schema"]["primaryKey"][0]
            found += [(resource["name"], row[key], row) for row in table_rows[resource["name"]]]
    return found


@pytest.fixture(scope="session")
def raw_texts(table_rows) -> dict[str, str]:
    return {
        row["source_id"]: (ROOT / row["raw_path"]).read_bytes().decode("utf-8") for row in table_rows["sources"]
    }


def read_yaml(path: Path) -> object:
    """A YAML file as plain data, by the build's loader (libyaml where PyYAML has it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)


def annotations(pattern: str) -> list[dict]:
    """The rows of the annotation files matching `pattern`, as plain YAML."""
    files = sorted((ROOT / "raw" / "annotations").glob(pattern))
    return [row for file in files for row in read_yaml(file) or []]


def timeline_sources() -> list[str]:
    """The sources that raw/annotations/sources.yaml marks as dated timelines."""
    return [row["id"] for row in annotations("sources.yaml") if row.get("timeline")]


def build_spec() -> dict:
    """raw/descriptor.yaml, with the build's extensions."""
    return read_yaml(ROOT / "raw" / "descriptor.yaml")
