"""mechelen-data.sqlite: one SQLite database (the standard library's sqlite3, readable by
every SQL tool), every table with declared types, its primary key, foreign keys and CHECK
constraints from the Table Schema; _about, _tables and _columns describing it; and
quotes_fts, a full-text (FTS5) index over the quotes and the titles or names.

Dates are ISO text 'YYYY-MM-DD' (SQLite has no date type; its date functions read ISO
text), checked to be real dates."""

import errno
import pathlib
import sqlite3

from .._package import tables
from .._types import enum
from . import target_type
from ._tables import about, fields, required, resource, typed_rows

FILE = "mechelen-data.sqlite"
TITLE_COLUMNS = ("title", "name", "label")  # what a row is called, in the first of these it has
QUOTE_COLUMN = "quote"


def write(folder: pathlib.Path) -> list[pathlib.Path]:
    path = folder / FILE
    connection = sqlite3.connect(path)
    # Small pages: a few hundred rows in 4 KiB pages (the default) would be mostly empty space.
    connection.execute("PRAGMA page_size = 1024")
    try:
        with connection:
            for table in tables():
                connection.execute(create_table(table))
                marks = ", ".join("?" * len(fields(table)))
                connection.executemany(f"INSERT INTO {quoted(table)} VALUES ({marks})",
                                       [tuple(sql_value(v) for v in row) for row in typed_rows(table)])
            write_descriptions(connection)
            write_full_text(connection)
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValueError(f"foreign keys that point nowhere in {path}: {broken}")
        connection.execute("VACUUM")
    except sqlite3.OperationalError as error:
        if "full" in str(error):  # SQLite's own word for a full disk: report it as the OSError it is
            raise OSError(errno.ENOSPC, str(error), str(path)) from None
        raise
    finally:
        connection.close()
    return [path]


def create_table(table: str) -> str:
    schema = resource(table)["schema"]
    # A one-column primary key is unique already: no second index for its "unique".
    single_key = schema["primaryKey"] if len(schema["primaryKey"]) == 1 else []
    lines = [column_definition(field, unique=field["name"] not in single_key) for field in schema["fields"]]
    lines.append(f"PRIMARY KEY ({names(schema['primaryKey'])})")
    for key in schema.get("foreignKeys", []):
        reference = key["reference"]
        lines.append(f"FOREIGN KEY ({names(key['fields'])}) "
                     f"REFERENCES {quoted(reference['resource'])} ({names(reference['fields'])})")
    return f"CREATE TABLE {quoted(table)} (\n  " + ",\n  ".join(lines) + "\n)"


def column_definition(field: dict, unique: bool = True) -> str:
    name = quoted(field["name"])
    constraints = field.get("constraints", {})
    parts = [name, target_type(field, "sqlite")]
    if required(field):
        parts.append("NOT NULL")
    if unique and constraints.get("unique"):
        parts.append("UNIQUE")
    if enum(field):
        parts.append(f"CHECK ({name} IN ({', '.join(literal(value) for value in enum(field))}))")
    if field["type"] == "date":
        # The shape, then a real day: with a modifier SQLite normalises the date, so
        # date('2017-02-30', '+0 days') is '2017-03-02' (without one it echoes it back).
        parts.append(f"CHECK ({name} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
                     f"AND date({name}, '+0 days') = {name})")
    if field["type"] == "boolean":
        parts.append(f"CHECK ({name} IN (0, 1))")
    if "minimum" in constraints:
        parts.append(f"CHECK ({name} >= {constraints['minimum']!r})")
    if "minLength" in constraints:
        parts.append(f"CHECK (length({name}) >= {constraints['minLength']!r})")
    return " ".join(parts)


def write_descriptions(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE _about (heading TEXT PRIMARY KEY, text TEXT NOT NULL)")
    connection.executemany("INSERT INTO _about VALUES (?, ?)", about())
    connection.execute("CREATE TABLE _tables (table_name TEXT PRIMARY KEY, title TEXT, description TEXT, "
                       "primary_key TEXT NOT NULL, row_count INTEGER NOT NULL)")
    connection.execute("CREATE TABLE _columns (table_name TEXT NOT NULL REFERENCES _tables (table_name), "
                       "column_name TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, "
                       "schema_type TEXT NOT NULL, required INTEGER NOT NULL CHECK (required IN (0, 1)), "
                       "allowed_values TEXT, title TEXT, description TEXT, "
                       "PRIMARY KEY (table_name, column_name))")
    for table in tables():
        info = resource(table)
        count = connection.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
        connection.execute("INSERT INTO _tables VALUES (?, ?, ?, ?, ?)",
                           (table, info.get("title"), info.get("description"),
                            ", ".join(info["schema"]["primaryKey"]), count))
        for position, field in enumerate(fields(table), start=1):
            connection.execute("INSERT INTO _columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                table, field["name"], position, target_type(field, "sqlite"), field["type"],
                int(required(field)), ", ".join(enum(field)) if enum(field) else None,
                field.get("title"), field.get("description")))


def write_full_text(connection: sqlite3.Connection) -> None:
    """quotes_fts(table_name, row_id, title, quote): one row per row of every table that
    has a quote or a title; row_id is the row's primary key (joined by '|' if several)."""
    connection.execute("CREATE VIRTUAL TABLE quotes_fts USING fts5(table_name UNINDEXED, row_id UNINDEXED, "
                       "title, quote, tokenize = 'unicode61 remove_diacritics 2')")
    for table in tables():
        columns = [field["name"] for field in fields(table)]
        title = next((column for column in TITLE_COLUMNS if column in columns), None)
        if title is None and QUOTE_COLUMN not in columns:
            continue
        key = " || '|' || ".join(quoted(column) for column in resource(table)["schema"]["primaryKey"])
        connection.execute(
            f"INSERT INTO quotes_fts SELECT ?, {key}, {quoted(title) if title else 'NULL'}, "
            f"{quoted(QUOTE_COLUMN) if QUOTE_COLUMN in columns else 'NULL'} FROM {quoted(table)}", (table,))


def sql_value(value):
    """Dates as ISO text; booleans as 0/1; everything else as it is."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return int(value) if isinstance(value, bool) else value


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def names(identifiers: list[str]) -> str:
    return ", ".join(quoted(identifier) for identifier in identifiers)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
