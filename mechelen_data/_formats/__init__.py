"""The typed export formats: the one list of formats (how each stores a Table Schema type
is its column of the one type table, mechelen_data/_types.py). A format is one small
module in this package with `write(folder) -> list[Path]`; its library (openpyxl, sqlite3, pandas, pyarrow) is
imported only when that format is written, so `import mechelen_data` stays cheap.

The CSV files with datapackage.json (the Frictionless package) are written by the export
itself; the formats here are made from the same tables and the same descriptor."""

import importlib
import pathlib

from .._package import UnknownNameError
from .._types import stored

# name -> what a user gets; the module mechelen_data._formats.<name> writes it.
FORMATS = {
    "xlsx": "mechelen-data.xlsx: one workbook, an About sheet, the data dictionary and one sheet per table",
    "sqlite": "mechelen-data.sqlite: one SQLite database with keys, constraints, descriptions and full-text search",
    "stata": "stata/<table>.dta: one Stata file per table, with variable labels and value labels",
    "parquet": "parquet/<table>.parquet: one Parquet file per table, with descriptions in the metadata",
}


def target_type(field: dict, format: str) -> str:
    """The type that `format` stores the Table Schema `field` as (mechelen_data/_types.py)."""
    return getattr(stored(field), format)


def write(name: str, folder: pathlib.Path) -> list[pathlib.Path]:
    """Write format `name` into `folder` (an existing, empty staging folder) and return
    the paths written."""
    if name not in FORMATS:
        raise UnknownNameError("format", name, list(FORMATS))
    module = importlib.import_module(f"{__name__}.{name}")
    return module.write(pathlib.Path(folder))
