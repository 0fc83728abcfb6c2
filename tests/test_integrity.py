"""Integrity of what users load: hashes, tampering, spreadsheet safety, read-only use."""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

import mechelen_data as m
from build_scripts.annotations import BuildError
from build_scripts.output import FORMULA_STARTS, csv_bytes

from .conftest import ROOT, annotations, build_spec


def test_every_resource_records_its_size_and_sha256(package_descriptor):
    import hashlib

    for resource in package_descriptor["resources"]:
        data = (ROOT / "mechelen_data" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_verify_accepts_the_published_files():
    m.verify()  # raises IntegrityError otherwise


def run_in_copy(tmp_path, code: str) -> subprocess.CompletedProcess:
    """Run `code` against a copy of the installed package, so the real one stays intact."""
    shutil.copytree(ROOT / "mechelen_data", tmp_path / "mechelen_data", ignore=shutil.ignore_patterns("__pycache__"))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path, capture_output=True, text=True)


def test_verify_names_a_tampered_csv(tmp_path):
    result = run_in_copy(tmp_path, """
        import pathlib, mechelen_data as m
        path = pathlib.Path(m.__file__).parent / "data" / "statistics.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(",28,", ",29,", 1), encoding="utf-8")
        try:
            m.verify()
        except m._verify.IntegrityError as error:
            print(error)
    """)
    assert str(tmp_path) in result.stdout or "statistics.csv" in result.stdout
    assert "statistics.csv: SHA-256" in result.stdout
    assert "events.csv" not in result.stdout


def test_no_cell_in_any_table_can_run_as_a_formula(table_rows, package_descriptor):
    # A negative number ("-6.26", a longitude) is read as a number, never run as a formula.
    numeric = {(resource["name"], field["name"]) for resource in package_descriptor["resources"]
               for field in resource["schema"]["fields"] if field["type"] in ("number", "integer")}
    for name, rows in table_rows.items():
        for row in rows:
            for column, text in row.items():
                if (name, column) in numeric:
                    float(text or 0)
                else:
                    assert not text.startswith(FORMULA_STARTS), (name, column, text[:20])


def test_the_build_refuses_a_cell_that_would_run_as_a_formula():
    with pytest.raises(BuildError, match="formula"):
        csv_bytes("events", ["event_id", "quote"], [{"event_id": "x", "quote": "=HYPERLINK(\"http://x\")"}])
    with pytest.raises(BuildError, match="formula"):
        csv_bytes("events", ["event_id", "quote"], [{"event_id": "x", "quote": "-5 degrees"}])
    assert csv_bytes("places", ["place", "longitude"], [{"place": "x", "longitude": -6.26}]).endswith(b"x,-6.26\n")


def test_the_csvs_are_utf8_without_byte_order_mark(package_descriptor):
    for resource in package_descriptor["resources"]:
        data = (ROOT / "mechelen_data" / resource["path"]).read_bytes()
        assert resource["encoding"] == "utf-8" and not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")


def test_importing_and_loading_write_nothing_into_the_package(tmp_path):
    result = run_in_copy(tmp_path, """
        import os, pathlib
        root = pathlib.Path("mechelen_data")
        def state():
            return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if "__pycache__" not in p.parts}
        before = state()
        import sys; sys.dont_write_bytecode = True
        import mechelen_data as m
        for name in m.tables():
            m.load(name); m.records(name); m.schema(name)
        m.compare("population")
        print("same" if state() == before else "changed")
    """)
    assert result.stdout.strip() == "same", result.stderr


@pytest.mark.parametrize("table", list(build_spec()["tables"]))
def test_annotations_and_tables_hold_the_same_rows_exactly_once(table_rows, table):
    declared = build_spec()["tables"][table]
    ids = [row["id"] for row in annotations(declared["annotations"])]
    assert sorted(ids) == sorted(row[declared["primaryKey"][0]] for row in table_rows[table])
    assert len(ids) == len(set(ids)) > 0


def _truncated(data: bytes) -> bytes:  # cut off in the middle of a row
    return data[: len(data) // 2]


def _header_only(data: bytes) -> bytes:
    return data[: data.index(b"\n") + 1]


def _edited(data: bytes) -> bytes:  # one character of the last row changed, the size kept
    position = data.rindex(b"Mechelen")
    return data[:position] + b"mechelen" + data[position + len(b"Mechelen"):]


@pytest.mark.parametrize("damage", [_truncated, lambda data: b"", _header_only, _edited],
                         ids=["truncated", "emptied", "header-only", "edited"])
def test_a_damaged_installed_csv_is_one_clear_error_everywhere(tmp_path, damage):
    """Loading, listing, showing and exporting each stop with one IntegrityError naming the
    file and saying to reinstall; the export writes nothing."""
    shutil.copytree(ROOT / "mechelen_data", tmp_path / "mechelen_data", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "mechelen_data" / "data" / "events.csv"
    path.write_bytes(damage(path.read_bytes()))
    result = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import contextlib, io, json, sys
        import mechelen_data as m
        from mechelen_data.__main__ import main
        said = {}
        for name, call in [("load", lambda: m.load("events")), ("records", lambda: m.records("events")),
                           ("list", lambda: main(["list"])), ("show", lambda: main(["show", "events"])),
                           ("export", lambda: main(["export", "out", "--format", "csv,xlsx,sqlite,stata"]))]:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    said[name] = [call(), out.getvalue(), err.getvalue()]
                except m.IntegrityError as error:
                    said[name] = ["IntegrityError", out.getvalue(), str(error)]
        print(json.dumps(said))
    """)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout)
    for name, (outcome, out, message) in said.items():
        assert outcome == ("IntegrityError" if name in ("load", "records") else 1), (name, outcome)
        assert out == "" and message.count("events.csv") == 1 and "Reinstall" in message, (name, message)
        assert "mechelen-data: error:" in message or name in ("load", "records")
    assert not (tmp_path / "out").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mechelen_data"]  # no staging folder either
