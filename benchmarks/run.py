"""Speed of mechelen-data against the usual costs, measured in one run.

Each figure is the median wall time of repeated fresh Python processes; all commands are
run interleaved (one round runs every command once), so machine noise hits them alike.
Targets are ratios to a baseline measured in the same run:

  import mechelen_data            <= 2    x  python -c pass
  every table as a DataFrame      <= 1.10 x  python -c "import pandas"
  every table as records          <= 1.5  x  python -c "from pydantic import BaseModel"
                                             (import pydantic alone is lazy and imports next to nothing)
  rebuild + validation            <= 4    x  python -c "import frictionless"
  wheel size                      <  150 KB

Run from the repository root:  python benchmarks/run.py [--rounds N]
Exits 1 when a target is missed.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make build_scripts importable
from build_scripts.scratch import copy_repository  # noqa: E402

PY = sys.executable
COMMANDS = {
    "python -c pass": [PY, "-c", "pass"],
    "import mechelen_data": [PY, "-c", "import mechelen_data"],
    "import pandas": [PY, "-c", "import pandas"],
    "all tables as DataFrames": [PY, "-c", "import mechelen_data as m\nfor t in m.tables(): m.load(t)"],
    "import pydantic": [PY, "-c", "import pydantic"],
    "from pydantic import BaseModel": [PY, "-c", "from pydantic import BaseModel"],
    "all tables as records": [PY, "-c", "import mechelen_data as m\nfor t in m.tables(): m.records(t)"],
    "import frictionless": [PY, "-c", "import frictionless"],
    "rebuild + validation": [PY, "-m", "build_scripts"],
    # Each export format alone, into a new folder (reported against import pandas, no target).
    **{f"export --format {name}": [PY, "-c", "import tempfile, mechelen_data as m\n"
                                   f"with tempfile.TemporaryDirectory() as d: m.export(d + '/out', {name!r})"]
       for name in ("csv", "xlsx", "sqlite", "stata", "parquet")},
    # The website (mechelen-data site DIR), into a new folder; against import pandas, no target.
    "site": [PY, "-c", "import tempfile, mechelen_data as m\n"
             "with tempfile.TemporaryDirectory() as d: m.site(d + '/out')"],
}
TARGETS = [  # (measured, baseline, maximum ratio)
    ("import mechelen_data", "python -c pass", 2.0),
    ("all tables as DataFrames", "import pandas", 1.10),
    ("all tables as records", "from pydantic import BaseModel", 1.5),
    ("rebuild + validation", "import frictionless", 4.0),
]
WHEEL_LIMIT = 150 * 1024


def scratch_repository() -> Path:
    """A copy of the repository for the rebuild, so the benchmark never touches the tree."""
    return copy_repository(Path(tempfile.mkdtemp(prefix="mechelen-bench-")))


def measure(rounds: int, workdir: Path) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, command in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def wheel_size() -> int:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([PY, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, str(ROOT)],
                       check=True)
        [wheel] = Path(out).glob("*.whl")
        return wheel.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=25, help="fresh processes per command (default 25)")
    rounds = parser.parse_args().rounds
    workdir = scratch_repository()
    try:
        medians = measure(rounds, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"median of {rounds} fresh processes each, interleaved ({sys.version.split()[0]})")
    for name, seconds in medians.items():
        print(f"  {name:<32} {seconds * 1000:8.1f} ms")
    failed = False
    print("targets")
    for measured, baseline, limit in TARGETS:
        ratio = medians[measured] / medians[baseline]
        ok = ratio <= limit
        failed |= not ok
        print(f"  {measured:<26} {ratio:5.2f} x {baseline:<20} (target <= {limit}) {'ok' if ok else 'MISSED'}")
    for name in (name for name in medians if name.startswith("export") or name == "site"):
        print(f"  {name:<26} {medians[name] / medians['import pandas']:5.2f} x import pandas        (no target)")
    size = wheel_size()
    failed |= size >= WHEEL_LIMIT
    print(f"  wheel size {size / 1024:.1f} KB (target < {WHEEL_LIMIT // 1024} KB) {'ok' if size < WHEEL_LIMIT else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
