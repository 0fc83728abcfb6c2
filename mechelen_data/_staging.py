"""Hidden staging folders for exports, and the removal of those a killed export left.

A new target is staged beside it (`.NAME.partial-PID-HEX`) and put in place by one rename.
An existing folder (empty, exported into with --force, a mount point, the current folder,
one whose parent is read-only) is staged inside it (`.mechelen-data.partial-PID-HEX`) and
its files moved in one rename each (commit()), so the folder and the user's other files
stay. Each export registers its staging folder in the user's state folder (registry());
the next export anywhere removes those of processes that no longer run (and any beside
and inside its own target), first completing one that was moving its files in (COMMIT)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

MARK = ".partial-"  # then the process id and a random part
NAME = re.compile(r"\.partial-(\d+)-[0-9a-f]{8}$")
INSIDE = "mechelen-data"  # the name of a staging folder inside a target
COMMIT = "COMMIT"  # in a staging folder: its files are complete and being moved in
DESCRIPTOR = "datapackage.json"


class Staging:
    """A new hidden staging folder in `home`, registered while it exists."""

    def __init__(self, home: Path, name: str):
        self.path = home / f".{name}{MARK}{os.getpid()}-{os.urandom(4).hex()}"
        self.entry = None if (folder := registry()) is None else folder / self.path.name

    def __enter__(self) -> Path:
        if self.entry is not None:
            try:  # registered first, so that a kill at any later moment leaves it findable
                self.entry.write_bytes(os.fsencode(self.path.absolute()))
            except OSError:
                self.entry = None
        # os.mkdir, unlike tempfile.mkdtemp, gives the folder the user's usual permissions.
        os.mkdir(self.path)
        return self.path

    def __exit__(self, *exception: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self.entry is not None:
            self.entry.unlink(missing_ok=True)


def registry() -> Path | None:
    """The folder where exports note their staging folders; None if it cannot be written."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:  # the XDG Base Directory specification's state folder
        base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    folder = Path(base, "mechelen-data", "exports")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder known
        return None
    return folder if os.access(folder, os.W_OK) else None


def remove_stale(*folders: Path) -> None:
    """Remove the staging folders of exports that no longer run: the registered ones and
    those in `folders` (the target and its parent). Never fails: it only tidies up."""
    registered = registry()
    try:
        entries = list(registered.iterdir()) if registered is not None else []
    except OSError:
        entries = []
    for entry in entries:
        match = NAME.search(entry.name)
        if match and _running(int(match.group(1))):
            continue
        try:
            path = Path(os.fsdecode(entry.read_bytes()))
            if path.name == entry.name:  # never anything but a staging folder
                _discard(path)
            entry.unlink(missing_ok=True)
        except OSError:
            continue
    for home in folders:
        try:
            found = [path for path in home.iterdir() if path.name.startswith(".") and NAME.search(path.name)]
        except OSError:  # missing or unreadable: the export itself will say so
            continue
        for path in found:
            if not _running(int(NAME.search(path.name).group(1))):  # type: ignore[union-attr]
                _discard(path)


def _discard(staging: Path) -> None:
    """Remove a killed export's staging folder, completing its move in if it had begun."""
    if (staging / COMMIT).is_file():
        try:
            commit(staging, staging.parent)
        except OSError:  # the target was changed since: leave it as it is
            pass
    shutil.rmtree(staging, ignore_errors=True)


def commit(staging: Path, target: Path) -> None:
    """Move the files in staging/new into `target`, their namesakes first to staging/old;
    datapackage.json leaves first and arrives last. Run again after a kill, it finishes."""
    new, old = staging / "new", staging / "old"
    (staging / COMMIT).touch()
    old.mkdir(exist_ok=True)
    names = sorted(os.listdir(new), key=lambda name: name == DESCRIPTOR)
    if DESCRIPTOR in names:
        _move_aside(target / DESCRIPTOR, old)
    for name in names:
        _move_aside(target / name, old)
        os.rename(new / name, target / name)
    (staging / COMMIT).unlink()  # done: nothing left to complete


def _move_aside(path: Path, old: Path) -> None:
    if path.exists() or path.is_symlink():
        os.replace(path, old / path.name)


def _running(pid: int) -> bool:
    """Whether process `pid` runs (a reused pid counts: its folder waits)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel.GetLastError() == 5)  # access denied: it runs
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
