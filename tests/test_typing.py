"""The package is typed: mypy --strict on a user's script that calls every public
function sees DataFrames, records, paths and strings, never Any (assert_type checks).
mypy runs once for both of its tests, which are marked slow: a first run takes most of a
minute (its cache, .mypy_cache, makes the next ones quick)."""

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def mypy(tmp_path_factory) -> tuple[str, str]:
    """One mypy --strict run over the user's script and a script with two mistakes (mypy
    takes most of its time loading pandas' stubs, once): (its output, the wrong script)."""
    wrong = tmp_path_factory.mktemp("typing") / "wrong.py"
    wrong.write_text('import mechelen_data as m\n'
                     'row = m.records("events")[0]\n'
                     'print(row.evnt_id)\n'
                     'year: int = row.date_start\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"),
                             "tests/typing/user_script.py", str(wrong)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and not result.stderr, result.stdout + result.stderr
    return result.stdout, str(wrong)


@pytest.mark.slow
def test_mypy_strict_accepts_a_script_using_every_public_function(mypy):
    output, _ = mypy
    assert "user_script.py" not in output, output


def test_the_script_calls_every_public_function():
    import mechelen_data as m

    script = (ROOT / "tests" / "typing" / "user_script.py").read_text(encoding="utf-8")
    functions = [name for name in m.__all__ if callable(getattr(m, name)) and not isinstance(getattr(m, name), type)]
    assert [name for name in functions if f"m.{name}(" not in script] == []


@pytest.mark.slow
def test_mypy_catches_a_mistyped_field_and_a_wrong_type(mypy):
    output, wrong = mypy
    # By file name: mypy's kept cache may name the module by an earlier run's temporary path.
    found = [line for line in output.splitlines() if line.split(":")[0].endswith("wrong.py")]
    assert len(found) == 2, output
    assert '"Event" has no attribute "evnt_id"' in found[0]
    assert 'expression has type "date", variable has type "int"' in found[1]


def test_the_row_types_are_the_run_time_models():
    import mechelen_data as m
    from mechelen_data._models import class_name

    for table in m.tables():
        model = getattr(m, class_name(table, m.schema(table)))
        assert list(model.model_fields) == [field["name"] for field in m.schema(table)["fields"]]
        assert all(isinstance(row, model) for row in m.records(table))
