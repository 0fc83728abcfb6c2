"""Integrity of the installed data: sizes and SHA-256 hashes recorded by the build, then
the Table Schemas (types, constraints, keys) checked by frictionless."""

import hashlib

from ._package import DESCRIPTOR, _descriptor, csv_path


class IntegrityError(Exception):
    """Installed data that does not match what was published."""


def verify() -> None:
    problems = []
    for resource in _descriptor()["resources"]:
        path = csv_path(resource["name"])
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        data = path.read_bytes()
        if len(data) != resource["bytes"]:
            problems.append(f"{path}: {len(data)} bytes, the published file has {resource['bytes']}")
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if digest != resource["hash"]:
            problems.append(f"{path}: SHA-256 {digest[7:19]}… differs from the published {resource['hash'][7:19]}…")
    if not problems:
        from frictionless import Package

        report = Package(DESCRIPTOR).validate()
        problems += [f"{task.place}: {error.message}" for task in report.tasks for error in task.errors]
    if problems:
        raise IntegrityError(
            "The installed data does not match what was published:\n  " + "\n  ".join(problems)
            + "\nReinstall mechelen-data (pip install --force-reinstall mechelen-data)."
        )
