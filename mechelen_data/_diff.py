"""A keyed diff between two releases of the data: the installed package, an export folder
(datapackage.json with data/*.csv) or a release zip (datapackage.json at its root).

Each side is read with its own descriptor's Table Schemas (standard library only). Tables
are matched by name, rows by primary key, cells by column; values are compared as their
types read them (so "1.0" and "1" are the same number), and shown as written.

Renames are detected, not declared: a column removed and a column added in the same table
are one renamed column when they hold the same text in every row both releases have (at
least one); a table removed and a table added are one renamed table when most (more than
half) of the removed table's keys are keys of the added one. A row is changed when a column
that both releases have (after renames) holds another value; a column added or removed is
reported once, not as a change in every row."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._types import TYPES
from ._package import PACKAGE_DIR, MechelenDataError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import pandas as pd

INSTALLED = "installed"
FORMATS = ("text", "csv", "json", "markdown")
CSV_COLUMNS = ("table", "key", "change", "field", "old", "new")
KEY_JOIN = "|"  # the columns of a key of several columns, in one cell
SHOWN = 60  # characters of a value shown in the terminal; csv and json give them whole
HOW = ("give the installed package (\"installed\"), a folder holding datapackage.json (mechelen-data export DIR), "
       "or a release zip (mechelen-data-VERSION.zip)")


@dataclass
class Table:
    name: str
    key: list[str]
    types: dict[str, str]  # column -> Table Schema type, in the schema's order
    rows: dict[str, dict[str, str]]  # key text -> {column: cell text}


@dataclass
class Release:
    label: str  # what the user gave
    version: str
    tables: dict[str, Table]


@dataclass
class TableDiff:
    """What changed in one table; `name` is the new name (the old one for a removed table)."""
    name: str
    status: str  # "same", "added", "removed" or "renamed"
    old_name: str | None
    rows_before: int
    rows_after: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # key -> field -> (old, new)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    columns_renamed: dict[str, str] = field(default_factory=dict)  # old -> new
    types_changed: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old type, new type)


@dataclass
class Diff:
    """The differences between two releases: `str(diff)` is the terminal text,
    `format("csv" | "json" | "markdown")` the others, `frame()` the csv rows as a DataFrame."""
    old: Release
    new: Release
    tables: list[TableDiff]

    def __str__(self) -> str:
        return self.format("text")

    def format(self, format: str = "text") -> str:
        from ._package import UnknownNameError

        if format not in FORMATS:
            raise UnknownNameError("diff format", format, list(FORMATS))
        return {"text": _text, "csv": _csv, "json": _json, "markdown": _markdown}[format](self)

    def changes(self) -> list[dict[str, str]]:
        """One record per change: table, key, change, field, old, new (the csv rows)."""
        records = []
        for table in self.tables:
            def add(change: str, key: str = "", column: str = "", old: str = "", new: str = "") -> None:
                records.append(dict(zip(CSV_COLUMNS, (table.name, key, change, column, old, new))))

            if table.status in ("added", "removed"):
                add(f"table {table.status}")
            if table.status == "renamed":
                add("table renamed", old=table.old_name or "", new=table.name)
            for old, new in table.columns_renamed.items():
                add("column renamed", column=new, old=old, new=new)
            for column in table.columns_added:
                add("column added", column=column)
            for column in table.columns_removed:
                add("column removed", column=column)
            for column, (old, new) in table.types_changed.items():
                add("column type changed", column=column, old=old, new=new)
            for key in table.added:
                add("row added", key)
            for key in table.removed:
                add("row removed", key)
            for key, cells in table.changed.items():
                for column, (old, new) in cells.items():
                    add("cell changed", key, column, old, new)
        return records

    def frame(self) -> pd.DataFrame:
        """The changes as a DataFrame of text columns (imports pandas)."""
        import pandas as pd

        return pd.DataFrame(self.changes(), columns=list(CSV_COLUMNS), dtype="string")


def diff(old: str | Path, new: str | Path = INSTALLED, read: Callable[[str | Path], Release] | None = None) -> Diff:
    """Compare release `old` with `new` (each "installed", an export folder or a release
    zip); `read` reads each (read_release, or a cache of it)."""
    read = read or read_release
    before, after = read(old), read(new)
    return Diff(before, after, compare(before.tables, after.tables))


def compare(old: dict[str, Table], new: dict[str, Table]) -> list[TableDiff]:
    """Table by table, in the new release's order, then the tables it no longer has."""
    gone = [name for name in old if name not in new]
    renamed: dict[str, str] = {}  # new name -> old name
    for name in new:
        if name not in old:
            was = next((g for g in gone if g not in renamed.values() and _moved(old[g], new[name])), None)
            if was:
                renamed[name] = was
    results = []
    for name, table in new.items():
        was = name if name in old else renamed.get(name)
        if was is None:
            results.append(TableDiff(name, "added", None, 0, len(table.rows), added=list(table.rows)))
        else:
            results.append(_compare_table(old[was], table, "same" if was == name else "renamed"))
    for name in gone:
        if name not in renamed.values():
            results.append(TableDiff(name, "removed", name, len(old[name].rows), 0, removed=list(old[name].rows)))
    return results


def _moved(old: Table, new: Table) -> bool:
    return len(old.key) == len(new.key) and sum(key in new.rows for key in old.rows) * 2 > len(old.rows)


def _compare_table(old: Table, new: Table, status: str) -> TableDiff:
    result = TableDiff(new.name, status, old.name, len(old.rows), len(new.rows))
    common = [key for key in new.rows if key in old.rows]
    removed = [c for c in old.types if c not in new.types]
    for column in new.types:
        if column in old.types:
            continue
        same = next((r for r in removed if r not in result.columns_renamed and common
                     and all(old.rows[k][r] == new.rows[k][column] for k in common)), None)
        if same:
            result.columns_renamed[same] = column
        else:
            result.columns_added.append(column)
    result.columns_removed = [c for c in removed if c not in result.columns_renamed]
    pairs = [(c, c) for c in new.types if c in old.types] + list(result.columns_renamed.items())
    result.types_changed = {n: (old.types[o], new.types[n]) for o, n in pairs if old.types[o] != new.types[n]}
    result.added = [key for key in new.rows if key not in old.rows]
    result.removed = [key for key in old.rows if key not in new.rows]
    for key in common:
        before, after = old.rows[key], new.rows[key]
        cells = {n: (before[o], after[n]) for o, n in pairs if before[o] != after[n]
                 and _value(before[o], old.types[o]) != _value(after[n], new.types[n])}
        if cells:
            result.changed[key] = cells
    return result


def _value(text: str, type: str) -> Any:
    """A cell as its type reads it; text that does not parse is compared as text."""
    if text == "":
        return None
    try:
        return TYPES[type].cell(text) if type in TYPES else text
    except (ValueError, KeyError):
        return text


# Reading a release ------------------------------------------------------------------------

def read_release(where: str | Path) -> Release:
    """The tables of the installed package, an export folder or a release zip."""
    if str(where) == INSTALLED:
        return _read(INSTALLED, _Folder(Path(PACKAGE_DIR)))
    path = Path(where)
    if path.is_dir():
        if not (path / "datapackage.json").is_file():
            raise MechelenDataError(f"{path} is a folder without datapackage.json; {HOW}")
        return _read(str(where), _Folder(path))
    if path.is_file():
        if path.name == "datapackage.json":
            return _read(str(where), _Folder(path.parent))
        if not zipfile.is_zipfile(path):
            raise MechelenDataError(f"{path} is neither a folder nor a zip file; {HOW}")
        try:
            with zipfile.ZipFile(path) as archive:
                return _read(str(where), _Zip(archive, path))
        except (zipfile.BadZipFile, OSError, EOFError) as error:  # a truncated or corrupt member
            raise MechelenDataError(f"{path} is a damaged zip ({error}); download or export it again") from None
    raise MechelenDataError(f"{path} does not exist; {HOW}")


class _Folder:
    def __init__(self, root: Path):
        self.root = root

    def read(self, name: str) -> bytes:
        try:
            return (self.root / name).read_bytes()
        except OSError as error:
            raise MechelenDataError(f"{self.root / name} cannot be read ({error.strerror}); the folder {self.root} is "
                                    "incomplete: export or download it again") from None


class _Zip:
    def __init__(self, archive: zipfile.ZipFile, path: Path):
        self.archive, self.path = archive, path

    def read(self, name: str) -> bytes:
        try:
            return self.archive.read(name)
        except KeyError:
            where = "at its root" if name == "datapackage.json" else "although its datapackage.json lists it"
            raise MechelenDataError(f"{self.path} has no {name} {where}; {HOW}") from None


def _read(label: str, files: _Folder | _Zip) -> Release:
    try:
        descriptor = json.loads(files.read("datapackage.json"))
        resources = descriptor["resources"]
        tables = {r["name"]: _table(files, r) for r in resources if r.get("path", "").endswith(".csv")}
    except (ValueError, KeyError, TypeError) as error:
        raise MechelenDataError(f"{label}: datapackage.json is damaged or not a data package ({error!r}); "
                                "export or download it again") from None
    return Release(label, str(descriptor.get("version", "")), tables)


def _table(files: _Folder | _Zip, resource: dict[str, Any]) -> Table:
    name, schema = resource["name"], resource["schema"]
    data = files.read(resource["path"])
    expected = resource.get("hash", "")
    if expected.startswith("sha256:") and hashlib.sha256(data).hexdigest() != expected[len("sha256:"):]:
        raise MechelenDataError(f"{resource['path']} (table {name!r}) does not match the SHA-256 hash in its "
                                "datapackage.json: the file is damaged; export or download it again")
    types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    key = schema["primaryKey"]
    key = [key] if isinstance(key, str) else list(key)
    try:
        header, *cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) or [[]]
    except (UnicodeDecodeError, csv.Error) as error:
        raise MechelenDataError(f"{resource['path']} (table {name!r}) cannot be read as UTF-8 CSV ({error}); "
                                "export or download it again") from None
    rows = [dict(zip(header, row)) for row in cells]
    if header != list(types) or any(len(row) != len(header) for row in cells):
        raise MechelenDataError(f"{resource['path']} (table {name!r}) does not have the columns its Table Schema "
                                "lists, in every row; export or download it again")
    keyed = {KEY_JOIN.join(row[column] for column in key): row for row in rows}
    if len(keyed) != len(rows):
        raise MechelenDataError(f"{resource['path']} (table {name!r}) repeats a primary key ({', '.join(key)}); "
                                "export or download it again")
    return Table(name, key, types, keyed)


# Output -------------------------------------------------------------------------------------

def _counts(table: TableDiff) -> tuple[str, str, int, int, int]:
    before = "-" if table.status == "added" else str(table.rows_before)
    after = "-" if table.status == "removed" else str(table.rows_after)
    return before, after, len(table.added), len(table.removed), len(table.changed)


def _label(table: TableDiff) -> str:
    if table.status == "renamed":
        return f"{table.name} (was {table.old_name})"
    return table.name + (f" ({table.status})" if table.status in ("added", "removed") else "")


def _columns(table: TableDiff, code: str = "", arrow: str = "->") -> list[str]:
    def q(name: str) -> str:
        return code + name + code

    return ([f"renamed {q(o)} {arrow} {q(n)}" for o, n in table.columns_renamed.items()]
            + [f"added {q(c)}" for c in table.columns_added] + [f"removed {q(c)}" for c in table.columns_removed]
            + [f"{q(c)} type {o} {arrow} {n}" for c, (o, n) in table.types_changed.items()])


def _title(d: Diff) -> str:
    return f"mechelen-data {d.old.version} ({d.old.label}) -> {d.new.version} ({d.new.label})"


def _shown(old: str, new: str) -> str:
    """`'old' -> 'new'`, each cut to SHOWN characters around where they first differ."""
    same = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    start = max(0, min(same - SHOWN // 3, max(len(old), len(new)) - SHOWN))

    def cut(text: str) -> str:
        text = text.replace("\n", " ")
        part = ("…" if start else "") + text[start:start + SHOWN]
        return repr(part + ("…" if len(text) > start + SHOWN else ""))

    return f"{cut(old)} -> {cut(new)}"


def _text(d: Diff) -> str:
    header = ("table", "rows before", "after", "added", "removed", "changed")
    lines = [[_label(t), *map(str, _counts(t))] for t in d.tables]
    width = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = [_title(d), "", "  ".join(h.ljust(width[0]) if i == 0 else h.rjust(width[i]) for i, h in enumerate(header))]
    out += ["  ".join(c.ljust(width[0]) if i == 0 else c.rjust(width[i]) for i, c in enumerate(row)) for row in lines]
    for table in d.tables:
        details = [f"  columns: {'; '.join(_columns(table))}"] if _columns(table) else []
        if table.status not in ("added", "removed"):
            details += [f"  added: {', '.join(table.added)}"] * bool(table.added)
            details += [f"  removed: {', '.join(table.removed)}"] * bool(table.removed)
            for key, cells in table.changed.items():
                details.append(f"  changed {key}:")
                details += [f"    {column}: {_shown(old, new)}" for column, (old, new) in cells.items()]
        if details:
            out += ["", _label(table), *details]
    if not any(_columns(t) or t.added or t.removed or t.changed or t.status != "same" for t in d.tables):
        out += ["", "No differences."]
    elif any(t.changed for t in d.tables):
        out += ["", f"Values longer than {SHOWN} characters are shortened; --format csv or json gives them whole."]
    return "\n".join(out) + "\n"


def _csv(d: Diff) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(d.changes())
    return buffer.getvalue()


def _json(d: Diff) -> str:
    def side(release: Release) -> dict[str, str]:
        return {"source": release.label, "version": release.version}

    tables = [{
        "table": t.name, "status": t.status, "old_table": t.old_name, "rows_before": t.rows_before,
        "rows_after": t.rows_after, "added": t.added, "removed": t.removed,
        "changed": {key: {c: {"old": o, "new": n} for c, (o, n) in cells.items()} for key, cells in t.changed.items()},
        "columns_added": t.columns_added, "columns_removed": t.columns_removed,
        "columns_renamed": t.columns_renamed,
        "column_types_changed": {c: {"old": o, "new": n} for c, (o, n) in t.types_changed.items()},
    } for t in d.tables]
    return json.dumps({"old": side(d.old), "new": side(d.new), "tables": tables}, indent=2, ensure_ascii=False) + "\n"


def _markdown(d: Diff) -> str:
    """The summary as a Markdown table (the CHANGELOG's per-release counts)."""
    lines = ["| table | rows | added | removed | changed | columns |", "|---|---|---|---|---|---|"]
    for t in d.tables:
        before, after, added, removed, changed = _counts(t)
        name = f"`{t.name}`" + (f" (was `{t.old_name}`)" if t.status == "renamed" else
                                f" ({t.status})" if t.status != "same" else "")
        columns = "; ".join(_columns(t, "`", "→"))
        lines.append(f"| {name} | {before} → {after} | {added} | {removed} | {changed} | {columns} |")
    return "\n".join(lines) + "\n"
