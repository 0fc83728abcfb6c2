"""The installed descriptor and data files, and the errors the library raises. Only light
standard-library modules are imported here, so that the schema, the table names and the
CSV paths cost next to nothing: json, copy, pathlib and difflib are imported where used."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO, Any

# The data lives inside the package directory (installed from the wheel, never zipped).
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DESCRIPTOR = os.path.join(PACKAGE_DIR, "datapackage.json")
REINSTALL = "Reinstall mechelen-data: pip install --force-reinstall mechelen-data"


class MechelenDataError(Exception):
    """Base of every error this package raises on purpose; its message names the problem
    and the fix."""


class UnknownNameError(MechelenDataError, KeyError):
    """A table, column, indicator, place, format or source name that does not exist."""

    def __init__(self, kind: str, name: object, valid: list[str], within: str = ""):
        import difflib

        # A case-insensitive exact match, else a close spelling, else the one valid name
        # that contains what was typed.
        typed = str(name).lower()
        lowered = {choice.lower(): choice for choice in valid}
        close = [lowered[typed]] if typed in lowered else [
            lowered[match] for match in difflib.get_close_matches(typed, list(lowered), n=1)]
        containing = [choice for choice in valid if typed and typed in choice.lower()]
        close = close or (containing if len(containing) == 1 else [])
        hint = f" Did you mean {close[0]!r}?" if close else ""
        where = f" {within}" if within else ""
        self.message = f"Unknown {kind} {name!r}{where}.{hint} Valid {kind}s{where}: {', '.join(valid)}."
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.message


class IntegrityError(MechelenDataError):
    """Installed data that is missing, damaged or does not match what was published."""


_CACHE: dict[str, Any] = {}


def _descriptor() -> dict[str, Any]:
    """The installed descriptor, read once."""
    if not _CACHE:
        import json

        try:
            with open(DESCRIPTOR, encoding="utf-8") as handle:
                _CACHE.update(json.load(handle))
        except FileNotFoundError:
            raise IntegrityError(f"The installed descriptor {DESCRIPTOR} is missing. {REINSTALL}.") from None
        except (OSError, ValueError) as error:
            raise IntegrityError(f"The installed descriptor {DESCRIPTOR} cannot be read ({error}). {REINSTALL}.") from None
    return _CACHE


def installed_json(name: str, what: str) -> Any:
    """A JSON file the build wrote into the package (`what` names it in the error); a
    missing or unreadable one raises IntegrityError saying to reinstall."""
    import json

    path = os.path.join(PACKAGE_DIR, name)
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise IntegrityError(f"The installed {what} {path} cannot be read ({error}). {REINSTALL}.") from None


def descriptor() -> dict[str, Any]:
    """The Frictionless Data Package descriptor (a copy: edit it freely)."""
    import copy

    return copy.deepcopy(_descriptor())


def tables() -> list[str]:
    """Names of the tables, in the descriptor's order."""
    return [resource["name"] for resource in _descriptor()["resources"]]


def resource(name: str) -> dict[str, Any]:
    for candidate in _descriptor()["resources"]:
        if candidate["name"] == name:
            return candidate  # type: ignore[no-any-return]
    raise UnknownNameError("table", name, tables())


def schema(name: str) -> dict[str, Any]:
    """The Table Schema of table `name` (a copy)."""
    import copy

    return copy.deepcopy(resource(name)["schema"])  # type: ignore[no-any-return]


def csv_path(name: str) -> Path:
    """Path of the installed CSV file of table `name`."""
    from pathlib import Path

    return Path(PACKAGE_DIR, resource(name)["path"])


def table_bytes(name: str) -> bytes:
    """The installed CSV file of table `name`, checked once per process against the size
    and SHA-256 hash in the descriptor (a damaged file is an IntegrityError)."""
    path = csv_path(name)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise IntegrityError(f"The installed file {path} (table {name!r}) is missing. {REINSTALL}.") from None
    except OSError as error:
        raise IntegrityError(f"The installed file {path} (table {name!r}) cannot be read: "
                             f"{error.strerror}. {REINSTALL}.") from None
    if name not in _CHECKED:
        problem = mismatch(resource(name), data)
        if problem:
            raise IntegrityError(f"The installed file {path} (table {name!r}) {problem}: it was damaged or "
                                 f"changed after installation. {REINSTALL}.")
        _CHECKED.add(name)
    return data


_CHECKED: set[str] = set()  # the tables whose installed file matched the descriptor


def mismatch(resource: dict[str, Any], data: bytes) -> str:
    """How `data` differs from the size and hash in `resource`; "" if it does not."""
    if "bytes" in resource and len(data) != resource["bytes"]:
        return f"has {len(data)} bytes, the published file {resource['bytes']}"
    if "hash" in resource and f"sha256:{sha256(data)}" != resource["hash"]:
        return "has the published size but not its content (SHA-256)"
    return ""


def sha256(data: bytes) -> str:
    """The SHA-256 hex digest of `data`, by Python's built-in implementation: importing
    hashlib loads OpenSSL, which takes longer than hashing every table."""
    import sys

    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256 as hasher
        else:
            from _sha256 import sha256 as hasher  # type: ignore[import-not-found,no-redef]
    except ImportError:  # an interpreter built without it
        from hashlib import sha256 as hasher  # type: ignore[assignment]
    return hasher(data).hexdigest()  # type: ignore[no-any-return]


def open_table(name: str) -> IO[str]:
    """The installed CSV file of table `name`, checked (table_bytes), as text to read."""
    import io

    data = table_bytes(name)
    try:
        return io.StringIO(data.decode("utf-8"), newline="")
    except UnicodeDecodeError as error:  # a file changed since it was checked
        raise damaged_cell(name, 0, "-", "the file", f"cannot be read as UTF-8 ({error})") from None


def damaged_cell(name: str, row: int, column: str, value: object, problem: str) -> IntegrityError:
    """The error for a cell of an installed CSV that does not fit its Table Schema (`row`:
    the data row, 1 for the first row under the header; 0 for the file as a whole)."""
    where = ", ".join(([f"row {row}"] if row else []) + ([f"column {column!r}"] if column != "-" else [])) or "the file"
    return IntegrityError(f"{csv_path(name)} (table {name!r}), {where}: {value!r} {problem}; "
                          f"the installed file is damaged. {REINSTALL}.")


def pick_columns(name: str, columns: object) -> list[str]:
    """The column names `columns` asks for in table `name` (one name or several), each
    checked: an unknown one raises UnknownNameError naming the valid ones."""
    valid = [field["name"] for field in resource(name)["schema"]["fields"]]
    try:
        picked = [columns] if isinstance(columns, str) else list(columns)  # type: ignore[call-overload]
    except TypeError:  # columns=5: not a name nor a list of names
        picked = [columns]
    for column in picked:
        if not isinstance(column, str) or column not in valid:
            raise UnknownNameError("column", column, valid, f"in table {name!r}")
    return picked


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of table `name` as text, read with the csv module (no types)."""
    import csv

    with open_table(name) as handle:
        try:
            return list(csv.DictReader(handle))
        except (UnicodeDecodeError, csv.Error) as error:
            raise damaged_cell(name, 0, "-", "the file", f"cannot be read as UTF-8 CSV ({error})") from None
