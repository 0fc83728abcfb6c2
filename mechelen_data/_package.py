"""The installed descriptor and data files. Standard library only, so that the schema,
the table names and the CSV paths cost nothing to import."""

import copy
import difflib
import functools
import json
from importlib import resources
from pathlib import Path

DESCRIPTOR = "datapackage.json"


class UnknownNameError(KeyError):
    """A table, column, indicator or place name that does not exist."""

    def __init__(self, kind: str, name: object, valid: list[str]):
        close = difflib.get_close_matches(str(name), valid, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        self.message = f"Unknown {kind} {name!r}.{hint} Valid {kind}s: {', '.join(valid)}."
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.message


def package_dir() -> Path:
    return Path(str(resources.files(__package__)))


@functools.cache
def _descriptor() -> dict:
    return json.loads((package_dir() / DESCRIPTOR).read_text(encoding="utf-8"))


def descriptor() -> dict:
    """The Frictionless Data Package descriptor (a copy: edit it freely)."""
    return copy.deepcopy(_descriptor())


def tables() -> list[str]:
    """Names of the tables, in the descriptor's order."""
    return [resource["name"] for resource in _descriptor()["resources"]]


def resource(name: str) -> dict:
    for candidate in _descriptor()["resources"]:
        if candidate["name"] == name:
            return candidate
    raise UnknownNameError("table", name, tables())


def schema(name: str) -> dict:
    """The Table Schema of table `name` (a copy)."""
    return copy.deepcopy(resource(name)["schema"])


def csv_path(name: str) -> Path:
    """Path of the installed CSV file of table `name`."""
    return package_dir() / resource(name)["path"]
