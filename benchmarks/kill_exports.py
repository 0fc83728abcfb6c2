"""Kill exports at random moments and check that every target holds either what it held
before or the complete new export, never a part of it, and that what the killed exports
leave is removed by one more export elsewhere.

Half of the runs export into a new folder (the target must then be absent or complete;
it is staged beside the target), half re-export with --force into a folder holding an
older, different export and a file of the user's (the target must then be exactly the old
one or the complete new one, the user's file kept either way; it is staged inside the
target). A kill in the instant an export into an existing folder moves its files in leaves
the target between the two, with a staging folder that says so (COMMIT); the next export
must complete it, which is checked at once. Each run is killed with SIGKILL after a random
delay drawn up to 1.2 times what a whole export takes (timed again every ten kills, as the
machine's load changes), so that kills land before, during and after the writing. The exports register their staging folders in a state folder of
their own (XDG_STATE_HOME), so nothing outside the scratch folder is touched.

Run from anywhere:  python benchmarks/kill_exports.py [--kills N]
Exits 1 if any target was left half-written or a staging folder outlived the last export."""

import argparse
import hashlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = [sys.executable, "-m", "mechelen_data", "export"]
STAGING = ".partial-"  # in the name of every staging folder (mechelen_data/_staging.py)


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder`, but in a staging folder."""
    if not folder.exists():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and STAGING not in path.relative_to(folder).parts[0]}


def stagings(work: Path) -> list[Path]:
    """Every staging folder under `work`, and every registered one."""
    found = [path for path in work.rglob(f".*{STAGING}*") if STAGING not in str(path.parent)]
    registry = work / "state" / "mechelen-data" / "exports"
    return found + (list(registry.iterdir()) if registry.is_dir() else [])


def size(paths: list[Path]) -> int:
    return sum(file.stat().st_size for path in paths for file in [path, *path.rglob("*")] if file.is_file())


def run(kills: int, args: list[str], seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"kills": 0, "before": 0, "complete": 0, "completed by the next export": 0,
              "interrupted while writing": 0, "half-written": 0}
    most = 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "XDG_STATE_HOME": str(work / "state")}

        def export(target: Path, *more: str) -> None:
            subprocess.run([*COMMAND, str(target), *args, *more], check=True, capture_output=True, env=env)

        export(work / "complete")
        complete = snapshot(work / "complete")
        older = work / "older"
        shutil.copytree(work / "complete", older)
        (older / "data" / "events.csv").write_text("an older export\n")
        (older / "notes.txt").write_text("the user's own file\n")
        def timed() -> float:
            start = time.perf_counter()
            export(work / "timing")
            shutil.rmtree(work / "timing")
            return time.perf_counter() - start

        # What an export takes moves with the machine's load, so it is timed again every
        # ten kills; the kills are drawn against the median of the last three timings.
        durations = [timed() for _ in range(3)]
        print(f"one export takes {statistics.median(durations) * 1000:.0f} ms; killing {kills} at random "
              f"moments up to 1.2 times that, retimed every ten kills")
        for number in range(kills):
            if number and number % 10 == 0:
                durations.append(timed())
            duration = statistics.median(durations[-3:])
            # Each target in a folder of its own, so that only the registry can lead a
            # later export to what this one leaves.
            target = work / f"run-{number}" / "out"
            target.parent.mkdir()
            forced = number % 2 == 1
            if forced:
                shutil.copytree(older, target)
            before = snapshot(target)
            process = subprocess.Popen([*COMMAND, str(target), *args, *(["--force"] if forced else [])],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            time.sleep(rng.uniform(0, 1.2 * duration))
            process.send_signal(signal.SIGKILL)
            process.wait()
            counts["kills"] += 1
            left = [path for path in stagings(work) if path.is_dir()]
            most = max(most, size(left))
            counts["interrupted while writing"] += any(f"run-{number}" in path.parts for path in left)
            after = snapshot(target)
            expected_new = {**complete, "notes.txt": before["notes.txt"]} if forced else complete
            if after == before:
                counts["before"] += 1
            elif after == expected_new:
                counts["complete"] += 1
            elif any((path / "COMMIT").is_file() for path in target.glob(f".*{STAGING}*")):
                export(work / "next")  # the next export, elsewhere, completes it
                shutil.rmtree(work / "next")
                ok = snapshot(target) == expected_new
                counts["completed by the next export" if ok else "half-written"] += 1
            else:
                counts["half-written"] += 1
                print(f"HALF-WRITTEN: {target}: {sorted(set(after) ^ set(expected_new))[:5]}", file=sys.stderr)
            for path in target.iterdir() if target.exists() else ():  # all but a staging folder
                if STAGING not in path.name:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
        left = stagings(work)
        counts["staging folders before the last export"] = len([path for path in left if path.is_dir()])
        counts["their bytes"] = size([path for path in left if path.is_dir()])
        counts["most bytes left at once"] = most
        export(work / "last")
        counts["staging folders after it"] = len(stagings(work))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200, help="exports to kill (default 200)")
    parser.add_argument("--format", default="csv", help="formats to export (default csv)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    options = parser.parse_args()
    counts = run(options.kills, ["--format", options.format], options.seed)
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 1 if counts["half-written"] or counts["staging folders after it"] else 0


if __name__ == "__main__":
    sys.exit(main())
