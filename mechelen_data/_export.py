"""Copies of the installed data for people who want files: a folder or one zip holding
the Frictionless package (datapackage.json + data/*.csv), the typed formats asked for,
and the documents a reader needs without this library (README, data dictionary, licence).

Package-atomic: everything is written into a hidden staging folder beside the target and
moved into place by one rename only when complete, so that after an error or a kill the
target holds what it held before or the complete new export, never a part of it."""

from __future__ import annotations

import errno
import io
import os
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ._package import DESCRIPTOR, PACKAGE_DIR, REINSTALL, MechelenDataError, UnknownNameError, _descriptor

DEFAULT_FORMAT = "csv"
CROISSANT = "croissant.json"  # Croissant JSON-LD, written by the build beside the descriptor
STAGING = ".partial-"  # prefix of the staging folders, with the target's name and the pid


class ExportError(MechelenDataError):
    """An export that cannot be written, or would overwrite what the user did not ask to."""


def formats() -> dict[str, str]:
    """{format name: what it writes}; "csv", the Frictionless package, first."""
    from . import _formats

    return {DEFAULT_FORMAT: "datapackage.json and data/*.csv: the Frictionless data package", **_formats.FORMATS}


def chosen_formats(names: str | Iterable[str]) -> list[str]:
    """Format names from "csv,xlsx", ["csv", "sqlite"] or "all", checked, in the order of
    formats(); csv is always included, since the documents and the zip describe it."""
    valid = formats()
    wanted = [part.strip() for name in ([names] if isinstance(names, str) else names) for part in name.split(",")]
    if "all" in wanted:
        return list(valid)
    for name in wanted:
        if name not in valid:
            raise UnknownNameError("format", name, [*valid, "all"])
    return [name for name in valid if name in wanted or name == DEFAULT_FORMAT]


def export(directory: str | os.PathLike[str], formats: str | Iterable[str] = DEFAULT_FORMAT, *,
           zip: bool = False, force: bool = False) -> Path:
    """Write the data into `directory` and return what was written: the folder, or with
    `zip` the archive DIRECTORY/mechelen-data-VERSION.zip. `formats`: "csv" (default),
    "xlsx", "sqlite", "stata", "parquet", several ("csv,xlsx" or a list) or "all".
    A folder that holds anything is refused unless `force`, which replaces only the files
    this export writes and keeps the others; an existing zip is replaced only with `force`."""
    names = chosen_formats(formats)
    target = Path(directory)
    if target.is_symlink():  # export into the folder it points to, not over the link
        target = target.resolve()
    if zip:
        return _export_zip(target, names, force)
    _check_folder(target, force)
    with _staging(target) as staging:
        _write_package(staging, names)
        if target.is_dir():
            _keep_other_files(target, staging)
        _move_into_place(staging, target)
    return target


def _export_zip(directory: Path, names: list[str], force: bool) -> Path:
    meta = _descriptor()
    path = directory / f"{meta['name']}-{meta['version']}.zip"
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file, not a folder; give a folder to write the zip into")
    if not directory.parent.is_dir():
        raise ExportError(f"{directory.parent} does not exist; create it first or choose another folder")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; remove it, or add --force (force=True) to replace it")
    with _staging(directory) as staging:
        _write_package(staging / "package", names)
        (staging / path.name).write_bytes(_zip_bytes(staging / "package"))
        if not directory.exists():
            (staging / "folder").mkdir()
            os.replace(staging / path.name, staging / "folder" / path.name)
            os.rename(staging / "folder", directory)
        else:
            os.replace(staging / path.name, path)
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


class _staging:
    """A new hidden folder beside `target`, removed on the way out whatever happened (a
    completed export has moved its content away). Folders left by an export that was
    killed are removed by the next export to the same target."""

    def __init__(self, target: Path):
        self.parent, self.prefix = target.absolute().parent, f".{target.name}{STAGING}"

    def __enter__(self) -> Path:
        for stale in self.parent.glob(f"{self.prefix}*"):
            if not _running(stale.name.rsplit("-", 2)[-2]):
                shutil.rmtree(stale, ignore_errors=True)
        # os.mkdir, unlike tempfile.mkdtemp, gives the folder the user's usual permissions.
        self.path = self.parent / f"{self.prefix}{os.getpid()}-{os.urandom(4).hex()}"
        _fs(os.mkdir, self.parent, self.path)
        return self.path

    def __exit__(self, kind, error, trace) -> None:  # type: ignore[no-untyped-def]
        shutil.rmtree(self.path, ignore_errors=True)
        if isinstance(error, OSError) and not isinstance(error, MechelenDataError):
            raise _explain(error, self.parent) from None


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


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
        _copy_installed(Path(PACKAGE_DIR, resource["path"]), folder / resource["path"])
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


def _keep_other_files(target: Path, staging: Path) -> None:
    """Hard links (or copies) in `staging` of the target's files that the export does not
    write, so that the one rename that puts the export in place keeps them."""
    for path in sorted(target.rglob("*")):
        kept = staging / path.relative_to(target)
        if path.is_dir() and not path.is_symlink():
            kept.mkdir(exist_ok=True)
        elif not kept.exists():
            try:
                os.link(path, kept, follow_symlinks=False)
            except OSError:
                shutil.copy2(path, kept, follow_symlinks=False)


def _move_into_place(staging: Path, target: Path) -> None:
    """One atomic step: a rename onto a missing or empty folder, or an exchange with a
    full one (Linux renameat2); elsewhere two renames, the old folder kept until the
    second has succeeded."""
    if not target.exists() or not any(target.iterdir()):
        os.replace(staging, target)
        return
    if not _exchange(staging, target):
        old = staging.with_name(staging.name + "-old")
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)
            raise
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the
    system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        at_cwd, rename_exchange = -100, 2
        done = libc.renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0
    except (OSError, AttributeError):
        return False
    return done


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


def _fs(call, path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
    """`call(*args)`, with a file-system error explained."""
    try:
        return call(*args, **kwargs)
    except OSError as error:
        raise _explain(error, path) from None


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
