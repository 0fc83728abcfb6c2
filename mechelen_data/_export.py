"""Copies of the installed data package (CSV files + datapackage.json) for people who
want the files: a folder, or a zip archive like the one attached to each release."""

import io
import os
import zipfile
from pathlib import Path

from ._package import DESCRIPTOR, PACKAGE_DIR, _descriptor


class ExportError(Exception):
    """An export that would overwrite files the user did not ask to overwrite."""


def package_files() -> dict[str, Path]:
    """{path inside the data package: installed file}, descriptor first."""
    files = {"datapackage.json": Path(DESCRIPTOR)}
    for resource in _descriptor()["resources"]:
        files[resource["path"]] = Path(PACKAGE_DIR, resource["path"])
    return files


def export_folder(directory: str | os.PathLike, force: bool = False) -> list[Path]:
    """Write datapackage.json and data/*.csv into `directory` (created if needed) and
    return the written paths. A folder that already holds anything is refused unless
    `force`; even then only the package's own files are replaced."""
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file, not a folder; give a folder to export into")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ExportError(
            f"{target} is not empty; export into a new or empty folder, or add --force "
            "to replace datapackage.json and data/*.csv in it (other files are left alone)"
        )
    written = []
    for inside, installed in package_files().items():
        write_atomically(target / inside, installed.read_bytes())
        written.append(target / inside)
    return written


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and an atomic replace: no reader ever sees half a
    file, and an interrupted write leaves the previous file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def export_zip(directory: str | os.PathLike, force: bool = False) -> Path:
    """Write mechelen-data-VERSION.zip (one folder holding datapackage.json and data/)
    into `directory`; the same bytes on every run. An existing zip is replaced only
    with `force`."""
    folder = f"{_descriptor()['name']}-{_descriptor()['version']}"
    path = Path(directory) / f"{folder}.zip"
    if path.exists() and not force:
        raise ExportError(f"{path} exists; remove it or add --force to replace it")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for inside, installed in package_files().items():
            # A fixed timestamp and mode, so that the archive's bytes depend on the data only.
            entry = zipfile.ZipInfo(f"{folder}/{inside}", date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, installed.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    write_atomically(path, buffer.getvalue())
    return path
