"""The typed export formats: the one list of formats and the one mapping from Table
Schema types to each format's types. A format is one small module in this package with
`write(folder) -> list[Path]`; its library (openpyxl, sqlite3, pandas, pyarrow) is
imported only when that format is written, so `import mechelen_data` stays cheap.

The CSV files with datapackage.json (the Frictionless package) are written by the export
itself; the formats here are made from the same tables and the same descriptor."""

import importlib
import pathlib

from .._package import UnknownNameError

# name -> what a user gets; the module mechelen_data._formats.<name> writes it.
FORMATS = {
    "xlsx": "mechelen-data.xlsx: one workbook, an About sheet, the data dictionary and one sheet per table",
    "sqlite": "mechelen-data.sqlite: one SQLite database with keys, constraints, descriptions and full-text search",
    "stata": "stata/<table>.dta: one Stata file per table, with variable labels and value labels",
    "parquet": "parquet/<table>.parquet: one Parquet file per table, with descriptions in the metadata",
}

# Table Schema type -> the type each format stores it as, in that format's own words.
# "enum" stands for a string field with constraints.enum (see kind()). The format
# modules turn these names into their library's objects, so a type decision is made here.
TYPES = {
    "string": {"xlsx": "text", "sqlite": "TEXT", "stata": "str", "parquet": "string"},
    "integer": {"xlsx": "integer", "sqlite": "INTEGER", "stata": "long", "parquet": "int64"},
    "number": {"xlsx": "number", "sqlite": "REAL", "stata": "double", "parquet": "float64"},
    "boolean": {"xlsx": "boolean", "sqlite": "INTEGER", "stata": "byte", "parquet": "bool"},
    "date": {"xlsx": "date", "sqlite": "TEXT", "stata": "%td", "parquet": "date32"},
    "enum": {"xlsx": "text", "sqlite": "TEXT", "stata": "labelled integer", "parquet": "dictionary"},
}


def kind(field: dict) -> str:
    """The row of TYPES for a Table Schema field: its type, or "enum" when it lists its
    allowed values."""
    return "enum" if field.get("constraints", {}).get("enum") else field["type"]


def target_type(field: dict, format: str) -> str:
    """The type that `format` stores the Table Schema `field` as."""
    return TYPES[kind(field)][format]


def write(name: str, folder: pathlib.Path) -> list[pathlib.Path]:
    """Write format `name` into `folder` (an existing, empty staging folder) and return
    the paths written."""
    if name not in FORMATS:
        raise UnknownNameError("format", name, list(FORMATS))
    module = importlib.import_module(f"{__name__}.{name}")
    return module.write(pathlib.Path(folder))
