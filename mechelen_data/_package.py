"""The installed descriptor and data files. Only light standard-library modules are
imported here, so that the schema, the table names and the CSV paths cost next to
nothing: json, copy, pathlib and difflib are imported where they are used."""

import os

# The data lives inside the package directory (installed from the wheel, never zipped).
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DESCRIPTOR = os.path.join(PACKAGE_DIR, "datapackage.json")


class UnknownNameError(KeyError):
    """A table, column, indicator or place name that does not exist."""

    def __init__(self, kind: str, name: object, valid: list[str], within: str = ""):
        import difflib

        # A close spelling, else the one valid name that contains what was typed.
        close = difflib.get_close_matches(str(name), valid, n=1)
        containing = [choice for choice in valid if str(name) and str(name) in choice]
        close = close or (containing if len(containing) == 1 else [])
        hint = f" Did you mean {close[0]!r}?" if close else ""
        where = f" {within}" if within else ""
        self.message = f"Unknown {kind} {name!r}{where}.{hint} Valid {kind}s{where}: {', '.join(valid)}."
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.message


_CACHE: dict = {}


def _descriptor() -> dict:
    """The installed descriptor, read once."""
    if not _CACHE:
        import json

        with open(DESCRIPTOR, encoding="utf-8") as handle:
            _CACHE.update(json.load(handle))
    return _CACHE


def descriptor() -> dict:
    """The Frictionless Data Package descriptor (a copy: edit it freely)."""
    import copy

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
    import copy

    return copy.deepcopy(resource(name)["schema"])


def csv_path(name: str):
    """Path (pathlib.Path) of the installed CSV file of table `name`."""
    from pathlib import Path

    return Path(PACKAGE_DIR, resource(name)["path"])
