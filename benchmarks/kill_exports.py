"""Kill exports at random moments and check that every target holds either what it held
before or the complete new export, never a part of it.

Half of the runs export into a new folder (the target must then be absent or complete),
half re-export with --force into a folder holding an older, different export and a file
of the user's (the target must then be exactly the old one or the complete new one, the
user's file kept either way). Each run is killed with SIGKILL after a random delay drawn
up to 1.2 times what a whole export takes, so that kills land before, during and after
the writing. Run from anywhere:  python benchmarks/kill_exports.py [--kills N]
Exits 1 if any target was left half-written."""

import argparse
import hashlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = [sys.executable, "-m", "mechelen_data", "export"]


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder`."""
    if not folder.exists():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def export_duration(work: Path, args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*COMMAND, str(work / "timing"), *args], check=True, capture_output=True)
    duration = time.perf_counter() - start
    shutil.rmtree(work / "timing")
    return duration


def run(kills: int, args: list[str], seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"kills": 0, "before": 0, "complete": 0, "interrupted while writing": 0, "half-written": 0}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        subprocess.run([*COMMAND, str(work / "complete"), *args], check=True, capture_output=True)
        complete = snapshot(work / "complete")
        older = work / "older"
        shutil.copytree(work / "complete", older)
        (older / "data" / "events.csv").write_text("an older export\n")
        (older / "notes.txt").write_text("the user's own file\n")
        duration = export_duration(work, args)
        print(f"one export takes {duration * 1000:.0f} ms; killing {kills} at random moments up to "
              f"{1.2 * duration * 1000:.0f} ms")
        for number in range(kills):
            target = work / f"run-{number}"
            forced = number % 2 == 1
            if forced:
                shutil.copytree(older, target)
            before = snapshot(target)
            process = subprocess.Popen([*COMMAND, str(target), *args, *(["--force"] if forced else [])],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, 1.2 * duration))
            process.send_signal(signal.SIGKILL)
            process.wait()
            counts["kills"] += 1
            after = snapshot(target)
            expected_new = {**complete, "notes.txt": before["notes.txt"]} if forced else complete
            if after == before:
                counts["before"] += 1
            elif after == expected_new:
                counts["complete"] += 1
            else:
                counts["half-written"] += 1
                print(f"HALF-WRITTEN: {target}: {sorted(set(after) ^ set(expected_new))[:5]}", file=sys.stderr)
            counts["interrupted while writing"] += any(".partial-" in p.name for p in work.iterdir())
            # A killed export leaves its hidden staging folder (the next export to the same
            # target removes it); each run here has its own target, so clean up by hand.
            for stale in work.glob(".*.partial-*"):
                shutil.rmtree(stale)
            shutil.rmtree(target, ignore_errors=True)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200, help="exports to kill (default 200)")
    parser.add_argument("--format", default="csv", help="formats to export (default csv)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    options = parser.parse_args()
    counts = run(options.kills, ["--format", options.format], options.seed)
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 1 if counts["half-written"] else 0


if __name__ == "__main__":
    sys.exit(main())
