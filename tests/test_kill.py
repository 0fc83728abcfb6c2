"""Exports killed at random moments (benchmarks/kill_exports.py, which also runs on its own):
no target is ever left half-written, and one more export elsewhere leaves no staging
folder anywhere."""

import importlib.util

import pytest

from .conftest import ROOT


def kill(kills: int, formats: str, seed: int) -> dict[str, int]:
    spec = importlib.util.spec_from_file_location("kill_exports", ROOT / "benchmarks" / "kill_exports.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    counts = script.run(kills, ["--format", formats], seed=seed)
    print(counts)  # the leftovers' count and size, for whoever runs pytest -s
    assert counts["kills"] == kills and counts["half-written"] == 0
    assert counts["staging folders after it"] == 0
    return counts


def test_twenty_killed_exports_leave_the_old_or_the_complete_package_and_no_staging_folder():
    kill(20, "csv", seed=3)


@pytest.mark.slow
def test_two_hundred_killed_exports_leave_the_old_or_the_complete_package_and_no_staging_folder():
    counts = kill(200, "csv,sqlite", seed=7)
    # The kills really landed before, during and after the writing.
    assert counts["before"] >= 20 and counts["complete"] >= 20 and counts["interrupted while writing"] >= 20
