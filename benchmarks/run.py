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

Rounds are repeated until every target ratio is stable: each round gives one ratio per
target (measured / baseline, timed side by side), and the rounds stop once the 95%
confidence interval of each ratio's median is within --precision (default 3%) of it, or
after --max-rounds. A target is missed only when the whole interval lies above it; a
median above the target whose interval still reaches below it is reported as not decided
(the machine was too noisy to tell), which does not fail.

Also measured, inside one fresh process each round: what checking every installed CSV
against its size and SHA-256 hash costs (done once per process before a table is first
used) beyond reading the files.

Run from the repository root:  python benchmarks/run.py [--min-rounds N] [--max-rounds N]
Exits 1 when a target is missed.
"""

import argparse
import math
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


# Inside one process: reading every installed CSV, and reading it checked (table_bytes).
CHECK = """import time, mechelen_data._package as p
p.csv_path(p.tables()[0])  # the descriptor read and pathlib imported before the clocks start
start = time.perf_counter(); [p.csv_path(name).read_bytes() for name in p.tables()]; read = time.perf_counter() - start
start = time.perf_counter(); [p.table_bytes(name) for name in p.tables()]; checked = time.perf_counter() - start
print(read, checked)"""


def interval(values: list[float]) -> tuple[float, float, float]:
    """The median of `values` and a distribution-free 95% confidence interval for it (the
    order statistics either side, from the binomial distribution's normal approximation)."""
    ordered, n = sorted(values), len(values)
    k = max(0, math.floor((n - 1.96 * math.sqrt(n)) / 2))
    return statistics.median(ordered), ordered[k], ordered[min(n - 1, n - 1 - k)]


def stable(ratios: dict[str, list[float]], precision: float) -> bool:
    return all(high - low <= 2 * precision * median for median, low, high in map(interval, ratios.values()))


def measure(min_rounds: int, max_rounds: int, precision: float, workdir: Path):
    """Rounds until the ratios are stable: {command: median seconds}, {target: per-round
    ratios}, [(seconds to read, seconds to read and check) per round]."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    ratios: dict[str, list[float]] = {measured: [] for measured, _, _ in TARGETS}
    checks = []
    while len(checks) < max_rounds and (len(checks) < min_rounds or not stable(ratios, precision)):
        for name, command in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
        for measured, baseline, _ in TARGETS:
            ratios[measured].append(times[measured][-1] / times[baseline][-1])
        output = subprocess.run([PY, "-c", CHECK], cwd=workdir, check=True, capture_output=True, text=True).stdout
        checks.append(tuple(map(float, output.split())))
    return {name: statistics.median(values) for name, values in times.items()}, ratios, checks


def wheel_size() -> int:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([PY, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, str(ROOT)],
                       check=True)
        [wheel] = Path(out).glob("*.whl")
        return wheel.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-rounds", type=int, default=15, help="fresh processes per command at least (15)")
    parser.add_argument("--max-rounds", type=int, default=60, help="... and at most (60)")
    parser.add_argument("--precision", type=float, default=0.03,
                        help="stop when each ratio's 95%% interval is within this fraction of its median (0.03)")
    options = parser.parse_args()
    workdir = scratch_repository()
    try:
        medians, ratios, checks = measure(options.min_rounds, options.max_rounds, options.precision, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rounds = len(checks)
    print(f"median of {rounds} fresh processes each, interleaved ({sys.version.split()[0]}); "
          + ("the ratios were stable" if stable(ratios, options.precision) else
             f"the ratios were not yet within {options.precision:.0%} after {rounds} rounds (a noisy machine)"))
    for name, seconds in medians.items():
        print(f"  {name:<32} {seconds * 1000:8.1f} ms")
    failed = False
    print("targets (median of the per-round ratios, with its 95% interval)")
    for measured, baseline, limit in TARGETS:
        median, low, high = interval(ratios[measured])
        verdict = "ok" if median <= limit else "MISSED" if low > limit else "not decided: too noisy to tell"
        failed |= verdict == "MISSED"
        print(f"  {measured:<26} {median:5.2f} x {baseline:<30} [{low:.2f}, {high:.2f}] (target <= {limit}) {verdict}")
    for name in (name for name in medians if name.startswith("export") or name == "site"):
        print(f"  {name:<26} {medians[name] / medians['import pandas']:5.2f} x import pandas        (no target)")
    read, checked = (statistics.median(values) for values in zip(*checks))
    tables = sum(path.stat().st_size for path in (ROOT / "mechelen_data" / "data").glob("*.csv"))
    print(f"  checking every installed CSV ({tables / 1024:.0f} KB) against its size and SHA-256: "
          f"{(checked - read) * 1000:.1f} ms beyond reading it ({read * 1000:.1f} ms), once per process")
    size = wheel_size()
    failed |= size >= WHEEL_LIMIT
    print(f"  wheel size {size / 1024:.1f} KB (target < {WHEEL_LIMIT // 1024} KB) {'ok' if size < WHEEL_LIMIT else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
