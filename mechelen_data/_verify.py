"""Integrity of the installed data: sizes and SHA-256 hashes recorded by the build, then
the Table Schemas (types, constraints, keys) checked by frictionless."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ._package import DESCRIPTOR, REINSTALL, IntegrityError, _descriptor, csv_path


@dataclass(frozen=True)
class VerifiedTable:
    """One installed table that matched what was published."""

    table: str
    path: Path
    bytes: int
    sha256: str
    rows: int | None


def verify() -> list[VerifiedTable]:
    problems, checked = [], []
    for resource in _descriptor()["resources"]:
        path = csv_path(resource["name"])
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(f"{path}: {'missing' if isinstance(error, FileNotFoundError) else error.strerror}")
            continue
        if len(data) != resource["bytes"]:
            problems.append(f"{path}: {len(data)} bytes, the published file has {resource['bytes']}")
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if digest != resource["hash"]:
            problems.append(f"{path}: SHA-256 {digest[7:19]}… differs from the published {resource['hash'][7:19]}…")
        checked.append((resource["name"], path, len(data), digest[7:]))
    rows: dict[str, int | None] = {}
    if not problems:
        from frictionless import Package

        report = Package(DESCRIPTOR).validate()
        problems += [f"{task.place}: {error.message}" for task in report.tasks for error in task.errors]
        rows = {task.name: task.stats.get("rows") for task in report.tasks}
    if problems:
        raise IntegrityError("The installed data does not match what was published:\n  " + "\n  ".join(problems)
                             + f"\n{REINSTALL}.")
    return [VerifiedTable(name, path, size, digest, rows[name]) for name, path, size, digest in checked]
