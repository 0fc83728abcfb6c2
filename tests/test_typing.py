"""The package is typed: mypy --strict on a user's script that calls every public
function sees DataFrames, records, paths and strings, never Any (assert_type checks)."""

import subprocess
import sys

from .conftest import ROOT


def test_mypy_strict_accepts_a_script_using_every_public_function(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), "tests/typing/user_script.py"],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_script_calls_every_public_function():
    import mechelen_data as m

    script = (ROOT / "tests" / "typing" / "user_script.py").read_text(encoding="utf-8")
    functions = [name for name in m.__all__ if callable(getattr(m, name)) and not isinstance(getattr(m, name), type)]
    assert [name for name in functions if f"m.{name}(" not in script] == []


def test_mypy_catches_a_mistyped_field_and_a_wrong_type(tmp_path):
    script = tmp_path / "wrong.py"
    script.write_text('import mechelen_data as m\n'
                      'row = m.records("events")[0]\n'
                      'print(row.evnt_id)\n'
                      'year: int = row.date_start\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
                             str(script)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert '"Event" has no attribute "evnt_id"' in result.stdout
    assert 'expression has type "date", variable has type "int"' in result.stdout


def test_the_row_types_are_the_run_time_models():
    import mechelen_data as m
    from mechelen_data._models import class_name

    for table in m.tables():
        model = getattr(m, class_name(table, m.schema(table)))
        assert list(model.model_fields) == [field["name"] for field in m.schema(table)["fields"]]
        assert all(isinstance(row, model) for row in m.records(table))
