"""Writing the tables and descriptors: deterministic bytes, validated before they
replace anything, so that a failed build leaves the previous outputs untouched."""

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from mechelen_data._export import write_atomically

from .annotations import ROOT, BuildError

PACKAGE_DIR = ROOT / "mechelen_data"
ROOT_DESCRIPTOR = ROOT / "datapackage.json"
# Spreadsheets run a text cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # Table Schema's and the library's spelling, not Python's
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(name: str, fields: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        cells = [cell(row.get(field)) for field in fields]
        for field, text in zip(fields, cells):
            # A number ("-6.26") is read as a number, never run; text is what is refused. Checked per
            # annotation row before (check.py); kept here as a guard.
            if isinstance(row.get(field), str) and text.startswith(FORMULA_STARTS):
                raise BuildError(
                    f"{name}: {field} of row {cells[0]!r} starts with {text[:1]!r}, which spreadsheets run "
                    "as a formula; start the text (or the quote) at a word"
                )
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def descriptor_bytes(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def stage(descriptor: dict, tables: dict[str, list[dict]]) -> Path:
    """Write the package (datapackage.json + data/*.csv, with sizes and hashes) into a
    new temporary folder next to the package, and return it."""
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=ROOT))
    try:
        (staging / "data").mkdir()
        for resource in descriptor["resources"]:
            fields = [field["name"] for field in resource["schema"]["fields"]]
            data = csv_bytes(resource["name"], fields, tables[resource["name"]])
            (staging / resource["path"]).write_bytes(data)
            resource["bytes"] = len(data)
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        (staging / "datapackage.json").write_bytes(descriptor_bytes(descriptor))
    except BaseException:  # nothing half-written stays behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def root_descriptor(descriptor: dict) -> dict:
    """The same descriptor for the repository root, pointing into the package."""
    rooted = json.loads(json.dumps(descriptor))
    for resource in rooted["resources"]:
        resource["path"] = f"{PACKAGE_DIR.name}/{resource['path']}"
    return rooted


def publish(staging: Path, descriptor: dict) -> list[str]:
    """Put the staged package in place (and its root descriptor); return the changed paths."""
    files = {PACKAGE_DIR / "datapackage.json": (staging / "datapackage.json").read_bytes(),
             ROOT_DESCRIPTOR: descriptor_bytes(root_descriptor(descriptor))}
    for resource in descriptor["resources"]:
        files[PACKAGE_DIR / resource["path"]] = (staging / resource["path"]).read_bytes()
    shutil.rmtree(staging, ignore_errors=True)
    return write_changed(files)


def write_changed(files: dict[Path, bytes]) -> list[str]:
    """Write (atomically) only the files whose bytes changed; return the changed paths."""
    changed = []
    for target, data in files.items():
        if not target.exists() or target.read_bytes() != data:
            write_atomically(target, data)
            changed.append(target.relative_to(ROOT).as_posix())
    return changed
