"""Copies of the installed data for people who want files: a folder or one zip holding
the Frictionless package (datapackage.json + data/*.csv), the typed formats asked for,
and the documents a reader needs without this library (README, data dictionary, licence).

Package-atomic: everything is written into a hidden staging folder and put in place only
when complete (_staging.py says where and how: beside a new target and renamed, inside an
existing one such as a mount point and moved in), so that after an error or a kill the
target holds what it held before or the complete new export, never a part of it; the
next export anywhere removes what a killed one left (or completes its last step)."""

from __future__ import annotations

import errno
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from . import _staging
from ._package import (DESCRIPTOR, PACKAGE_DIR, REINSTALL, MechelenDataError, UnknownNameError, _descriptor,
                       table_bytes, tables)

DEFAULT_FORMAT = "csv"
CROISSANT = "croissant.json"  # Croissant JSON-LD, written by the build beside the descriptor
# Formats whose library is an optional extra: format -> (module, extra).
EXTRAS = {"parquet": ("pyarrow", "parquet")}


class ExportError(MechelenDataError):
    """An export that cannot be written, or would overwrite what the user did not ask to."""


def formats() -> dict[str, str]:
    """{format name: what it writes}; "csv", the Frictionless package, first."""
    from . import _formats

    return {DEFAULT_FORMAT: "datapackage.json and data/*.csv: the Frictionless data package", **_formats.FORMATS}


def chosen_formats(names: str | Iterable[str]) -> list[str]:
    """Format names from "csv,xlsx", ["csv", "sqlite"] or "all", checked, in the order of
    formats(); csv is always included, since the documents and the zip describe it. A
    format whose optional library is not installed raises ExportError naming the extra."""
    valid = formats()
    wanted = [part.strip() for name in ([names] if isinstance(names, str) else names) for part in name.split(",")]
    for name in wanted:
        if name not in valid and name != "all":
            raise UnknownNameError("format", name, [*valid, "all"])
    chosen = [name for name in valid if name in wanted or name == DEFAULT_FORMAT or "all" in wanted]
    for name in chosen:
        module, extra = EXTRAS.get(name, (None, None))
        if module and not _installed(module):
            others = ",".join(other for other in chosen if other not in EXTRAS)
            asked = f"--format all includes {name}, which" if "all" in wanted and name not in wanted else \
                f"The {name} format"
            raise ExportError(f"{asked} needs {module}, which is not installed: pip install "
                              f'"mechelen-data[{extra}]" (or choose other formats, such as --format {others}). '
                              "Nothing was exported.")
    return chosen


def _installed(module: str) -> bool:
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def export(directory: str | os.PathLike[str], formats: str | Iterable[str] = DEFAULT_FORMAT, *,
           zip: bool = False, force: bool = False) -> Path:
    """Write the data into `directory` and return what was written: the folder, or with
    `zip` the archive DIRECTORY/mechelen-data-VERSION.zip. `formats`: "csv" (default),
    "xlsx", "sqlite", "stata", "parquet", several ("csv,xlsx" or a list) or "all".
    A folder that holds anything is refused unless `force`, which replaces only the files
    this export writes and keeps the others; an existing zip is replaced only with `force`."""
    names = chosen_formats(formats)
    target = target_folder(directory)
    for name in tables():  # a damaged install is named before anything is written
        table_bytes(name)
    if not zip:
        return write_folder(target, force, lambda folder: _write_package(folder, names))
    _staging.remove_stale(target.parent, target)
    try:
        return _export_zip(target, names, force)
    except OSError as error:
        raise _explain(error, target) from None


def target_folder(directory: str | os.PathLike[str]) -> Path:
    """The folder to write into: a symlink's target (written into, not replaced), and "."
    or ".." as the folder's own name and parent."""
    target = Path(directory)
    if target.is_symlink():
        target = target.resolve()
    return Path(os.path.abspath(target))


def write_folder(target: Path, force: bool, write: Callable[[Path], None]) -> Path:
    """Fill `target` by `write(folder)` whole or not at all (the export, the site): a new
    target is staged beside it and put in place by one rename; an existing one (empty, or
    with `force`) is staged inside it and its files moved in, the user's other files kept.
    A folder that holds files is refused without `force`; an OSError becomes an ExportError
    naming the path and the fix."""
    _staging.remove_stale(target.parent, target)
    try:
        _check_folder(target, force)
        if not target.exists():
            with _staging.Staging(target.parent, target.name) as staging:
                write(staging)
                os.replace(staging, target)
            return target
        with _staging.Staging(target, _staging.INSIDE) as staging:
            (staging / "new").mkdir()
            write(staging / "new")
            _keep_other_files(target, staging / "new")
            _staging.commit(staging, target)
        return target
    except OSError as error:
        raise _explain(error, target) from None


def _export_zip(directory: Path, names: list[str], force: bool) -> Path:
    meta = _descriptor()
    path = directory / f"{meta['name']}-{meta['version']}.zip"
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file, not a folder; give a folder to write the zip into")
    if not directory.parent.is_dir():
        raise ExportError(f"{directory.parent} does not exist; create it first or choose another folder")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; remove it, or add --force (force=True) to replace it")
    new_folder = not directory.exists()
    home, name = (directory.parent, directory.name) if new_folder else (directory, _staging.INSIDE)
    with _staging.Staging(home, name) as staging:
        _write_package(staging / "package", names)
        (staging / "folder").mkdir()
        (staging / "folder" / path.name).write_bytes(_zip_bytes(staging / "package"))
        if new_folder:  # the folder with the zip in it, by one rename
            os.rename(staging / "folder", directory)
        else:  # the zip, by one rename within the folder
            os.replace(staging / "folder" / path.name, path)
    return path


def _check_folder(target: Path, force: bool) -> None:
    """Refuse, before writing anything, a target that is a file, has no parent folder, or
    holds files the user did not ask to replace."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file, not a folder; give a new or empty folder to export into")
    if not target.parent.is_dir():
        what = "is a file, not a folder" if target.parent.exists() else "does not exist"
        raise ExportError(f"{target.parent} {what}; create the folder first or choose another one")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ExportError(f"{target} is not empty; export into a new or empty folder, or add --force (force=True) "
                          "to replace the files this export writes there (other files are kept)")


def _write_package(folder: Path, names: list[str]) -> None:
    """The package files, the documents and each typed format, into `folder`."""
    from . import _documents, _formats, _webannotations

    folder.mkdir(exist_ok=True)
    (folder / "data").mkdir()
    _copy_installed(Path(DESCRIPTOR), folder / "datapackage.json")
    # Beside datapackage.json, so that its relative contentUrls (data/*.csv) hold here too.
    _copy_installed(Path(PACKAGE_DIR, CROISSANT), folder / CROISSANT)
    (folder / _webannotations.WEB_ANNOTATIONS).write_bytes(_webannotations.web_annotations_bytes())
    for resource in _descriptor()["resources"]:
        (folder / resource["path"]).write_bytes(table_bytes(resource["name"]))  # checked against the descriptor
    typed = {name: _formats.FORMATS[name] for name in names if name != DEFAULT_FORMAT}
    for name, text in _documents.documents(typed).items():
        (folder / name).write_text(text, encoding="utf-8")
    for name in typed:
        _formats.write(name, folder)


def _copy_installed(installed: Path, copy: Path) -> None:
    try:
        data = installed.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"The installed file {installed} is missing, so nothing was exported. {REINSTALL}.") from None
    copy.write_bytes(data)


def _keep_other_files(target: Path, package: Path) -> None:
    """Hard links (or copies) in `package` of the files in the target's folders that the
    export also writes (data/, stata/, ...) but not these files, so that moving those
    folders in keeps the user's files in them."""
    for folder in (entry for entry in package.iterdir() if entry.is_dir()):
        if not (target / folder.name).is_dir() or (target / folder.name).is_symlink():
            continue
        for path in sorted((target / folder.name).rglob("*")):
            kept = package / path.relative_to(target)
            if path.is_dir() and not path.is_symlink():
                kept.mkdir(exist_ok=True)
            elif not kept.exists() and not kept.is_symlink():
                try:
                    os.link(path, kept, follow_symlinks=False)
                except OSError:
                    shutil.copy2(path, kept, follow_symlinks=False)


def write_atomically(path: Path, data: bytes) -> None:
    """Write one file through a temporary file and an atomic replace (the build's
    outputs): no reader ever sees half a file, and an interrupted write leaves the
    previous file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _zip_bytes(folder: Path) -> bytes:
    """The folder as a zip, datapackage.json at its root; the same bytes on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                # A fixed timestamp and mode, so that the archive's bytes depend on the data only.
                entry = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


FIXES = {
    errno.ENOSPC: "the disk is full: free some space, or export to another disk",
    errno.EDQUOT: "your disk quota is used up: free some space, or export to another disk",
    errno.EACCES: "permission denied: choose a folder you can write to",
    errno.EPERM: "permission denied: choose a folder you can write to",
    errno.EROFS: "the file system is read-only: choose a folder on a writable disk",
    errno.ENOTDIR: "part of the path is a file, not a folder: check the path",
    errno.ENOENT: "a folder on the path does not exist: create it first or check the path",
    errno.ENAMETOOLONG: "the path is too long: choose a shorter one",
}


def _explain(error: OSError, where: Path) -> ExportError:
    """An OSError as one sentence: where, what, and what to do; nothing was changed."""
    path = error.filename or where
    fix = FIXES.get(error.errno or 0, f"{error.strerror or error}: check the path and try again")
    return ExportError(f"cannot export to {where}: {path}: {fix}. Nothing was changed there.")
