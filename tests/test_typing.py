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
