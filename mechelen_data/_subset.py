"""Citing exactly the rows a work used, and getting exactly those rows back.

`cite(rows=...)` takes what the loaders return, filtered or not: a DataFrame, a list of
records (pydantic models or dicts), several of them in a list, or a dict {table: rows}.
Each table is told by its primary key column, which the rows must keep. The rows used are
named by table and id, with a fingerprint: the first 12 hex digits of the SHA-256 of the
UTF-8 JSON text {"tables": {table: [sorted ids]}, "version": VERSION} with sorted keys and
no spaces (json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)), so
that anyone can recompute it. format="ids" gives the small JSON file to keep with the work;
rows(FILE) reads it back: exactly those rows, from the installed version."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import Any

from ._cite import _yaml, doi, package_cff, package_citation, read_sources
from ._package import MechelenDataError, UnknownNameError, _descriptor, read_rows, resource, tables

FORMATS = ("text", "bibtex", "cff", "ids")
KEY_JOIN = "|"  # the columns of a key of several columns, in one id (as in mechelen_data._diff)
SHORT = 12  # hex digits of the fingerprint


def cite_rows(rows: Any, format: str = "text") -> str:
    """The citation of the package version and of the rows used, in `format`."""
    if format not in FORMATS:
        raise UnknownNameError("citation format", format, list(FORMATS))
    if isinstance(rows, (str, os.PathLike)):
        used = _read_ids(rows)
        if used["version"] != _version():
            raise MechelenDataError(f"{rows} lists rows of mechelen-data {used['version']}, but {_version()} is "
                                    f"installed, whose citation would name another version: "
                                    f"pip install mechelen-data=={used['version']}")
        chosen = used["tables"]
        _check_ids(chosen, f"{rows} names")
    else:
        chosen = used_ids(rows)
    fingerprint = fingerprint_of(_version(), chosen)
    if format == "ids":
        return json.dumps(_ids_file(chosen, fingerprint), indent=2, ensure_ascii=False) + "\n"
    if format == "cff":
        whole = package_cff(_descriptor(), [])
        reference = {"type": "data", **{key: whole[key] for key in CFF_REFERENCE if key in whole},
                     "notes": _sentence(chosen, fingerprint, with_ids=True)}
        return _yaml({"references": [reference]})
    sentence = _sentence(chosen, fingerprint, with_ids=format == "text")
    return package_citation(_descriptor(), read_sources(), format, (fingerprint, sentence))


# What a CFF reference of the data carries from the package's own citation.
CFF_REFERENCE = ("title", "authors", "version", "doi", "date-released", "license", "url")


def _sentence(chosen: dict[str, list[str]], fingerprint: str, with_ids: bool) -> str:
    """"Rows used: TABLE, N of TOTAL rows (KEY: ids); ... Fingerprint F." (ids only `with_ids`)."""
    parts = []
    for table, ids in chosen.items():
        listed = f" ({', '.join(resource(table)['schema']['primaryKey'])}: {', '.join(ids)})" if with_ids else ""
        parts.append(f"{table}, {len(ids)} of {len(read_rows(table))} rows{listed}")
    return f"Rows used: {'; '.join(parts)}. Fingerprint {fingerprint}."


def _version() -> str:
    return str(_descriptor()["version"])


def fingerprint_of(version: str, chosen: dict[str, list[str]]) -> str:
    text = json.dumps({"tables": {t: sorted(ids) for t, ids in chosen.items()}, "version": version},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHORT]


def _ids_file(chosen: dict[str, list[str]], fingerprint: str) -> dict[str, Any]:
    descriptor = _descriptor()
    return {"package": descriptor["name"], "version": _version(), **({"doi": doi(descriptor)} if doi(descriptor) else {}),
            "fingerprint": fingerprint, "tables": chosen,
            "read_back": "mechelen_data.rows(this file) returns these rows"}


# The rows given ---------------------------------------------------------------------------

def used_ids(rows: Any) -> dict[str, list[str]]:
    """{table: sorted distinct ids} of the rows given, in the descriptor's table order."""
    if isinstance(rows, dict):
        for name in rows:
            if name not in tables():
                raise UnknownNameError("table", name, tables())
        given = [(name, part) for name, part in rows.items()]
    elif isinstance(rows, (list, tuple)) and rows and all(_is_rows(part) for part in rows):
        given = [(None, part) for part in rows]  # several tables' rows
    else:
        given = [(None, rows)]
    chosen: dict[str, set[str]] = {}
    for name, part in given:
        columns, records = _columns_and_records(part)
        table = name or _table_of(columns)
        key = resource(table)["schema"]["primaryKey"]
        missing = [column for column in key if column not in columns]
        if missing:
            raise MechelenDataError(f"the rows of {table!r} lack its primary key column {', '.join(missing)!r}, which "
                                    f"names each row: keep it when you select columns (e.g. frame[[{key[0]!r}, ...]])")
        chosen.setdefault(table, set()).update(KEY_JOIN.join(str(record[c]) for c in key) for record in records)
    if not any(chosen.values()):
        raise MechelenDataError("no rows to cite: the rows given are empty")
    ordered = {table: sorted(chosen[table]) for table in tables() if chosen.get(table)}
    _check_ids(ordered, "the rows given hold")
    return ordered


def _is_rows(part: Any) -> bool:
    """A DataFrame or a list of records: one table's rows inside a list of several."""
    return hasattr(part, "columns") or isinstance(part, (list, tuple))


def _columns_and_records(part: Any) -> tuple[list[str], Iterable[dict[str, Any]]]:
    if hasattr(part, "columns"):  # a DataFrame; a key moved into the index counts as a column
        if any(name is not None for name in getattr(part.index, "names", [None])):
            part = part.reset_index()
        return [str(c) for c in part.columns], part.to_dict("records")
    records = [dict(record) for record in part]  # pydantic models iterate as (field, value) pairs
    return (list(records[0]) if records else []), records


def _table_of(columns: list[str]) -> str:
    """The table whose primary key the columns hold; among several, the one that refers to
    the others (strategies rows carry the keys of sources and themes, and are strategies)."""
    keyed = [t for t in tables() if all(c in columns for c in resource(t)["schema"]["primaryKey"])]
    referred = {key["reference"]["resource"] for t in keyed for key in resource(t)["schema"].get("foreignKeys", [])}
    own = [t for t in keyed if t not in referred]
    if len(own) == 1:
        return own[0]
    keys = ", ".join(f"{t}.{'+'.join(resource(t)['schema']['primaryKey'])}" for t in tables())
    if not keyed:
        raise MechelenDataError(f"these rows hold no table's primary key column (the keys: {keys}); keep the key "
                                "column when you select columns, or pass {'table': rows}")
    raise MechelenDataError(f"these rows hold the keys of {', '.join(keyed)}; say which table they come from: "
                            "cite(rows={'TABLE': rows})")


def _check_ids(chosen: dict[str, list[str]], who: str) -> None:
    """Every id is a row of the installed table, or a MechelenDataError naming the ones that are not."""
    missing = {}
    for table, ids in chosen.items():
        key = resource(table)["schema"]["primaryKey"]
        present = {KEY_JOIN.join(row[c] for c in key) for row in read_rows(table)}
        absent = [i for i in ids if i not in present]
        if absent:
            missing[table] = absent
    if missing:
        listed = "; ".join(f"{table}: {', '.join(ids)}" for table, ids in missing.items())
        raise MechelenDataError(f"{who} ids that are not rows of the installed mechelen-data {_version()} ({listed}); "
                                "cite rows loaded from this version, or install the version they came from")


# Reading the rows back --------------------------------------------------------------------

def _read_ids(path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            saved = json.load(handle)
    except FileNotFoundError:
        raise MechelenDataError(f"{path} does not exist; give the file written from cite(rows=..., format='ids')") from None
    except (OSError, ValueError) as error:
        raise MechelenDataError(f"{path} cannot be read as the JSON of cite(rows=..., format='ids') ({error})") from None
    try:
        version, chosen, fingerprint = saved["version"], saved["tables"], saved["fingerprint"]
        chosen = {str(table): [str(i) for i in ids] for table, ids in chosen.items()}
    except (KeyError, TypeError, AttributeError):
        raise MechelenDataError(f"{path} lacks the version, tables and fingerprint of a saved ids file; write it "
                                "again with cite(rows=..., format='ids')") from None
    if fingerprint_of(version, chosen) != fingerprint:
        raise MechelenDataError(f"{path}: its ids do not give its fingerprint {fingerprint}: the file was edited or "
                                "damaged; use the file as it was saved with the work")
    return {"version": version, "tables": chosen}


def rows(path: str | os.PathLike[str]) -> dict[str, Any]:
    """{table: DataFrame} of exactly the rows an ids file names, from the installed version
    (in the table's order and with its index, as load() gives them)."""
    import warnings

    from ._frames import load_frame

    saved = _read_ids(path)
    for table in saved["tables"]:
        if table not in tables():
            raise MechelenDataError(f"{path} names table {table!r}, which mechelen-data {_version()} does not have; "
                                    f"install the version it was saved from: pip install mechelen-data=={saved['version']}")
    if saved["version"] != _version():
        warnings.warn(f"{path} lists rows of mechelen-data {saved['version']}, but {_version()} is installed: these "
                      f"are {_version()}'s rows with those ids, whose values may differ (mechelen-data diff shows what "
                      f"changed; pip install mechelen-data=={saved['version']} gives exactly the rows cited)",
                      UserWarning, stacklevel=3)
    _check_ids(saved["tables"], f"{path} names")
    found = {}
    for table, ids in saved["tables"].items():
        frame = load_frame(table, None)
        key = resource(table)["schema"]["primaryKey"]
        wanted = set(ids)
        found[table] = frame[[KEY_JOIN.join(str(v) for v in values) in wanted
                              for values in zip(*(frame[c] for c in key))]]
    return found
