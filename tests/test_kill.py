"""200 exports killed at random moments: no target is ever left half-written
(benchmarks/kill_exports.py, which also runs on its own)."""

import importlib.util

from .conftest import ROOT


def test_killed_exports_leave_the_old_or_the_complete_package():
    spec = importlib.util.spec_from_file_location("kill_exports", ROOT / "benchmarks" / "kill_exports.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    counts = script.run(200, ["--format", "csv,sqlite"], seed=7)
    assert counts["kills"] == 200 and counts["half-written"] == 0
    # The kills really landed before, during and after the writing.
    assert counts["before"] >= 20 and counts["complete"] >= 20 and counts["interrupted while writing"] >= 20
