"""parquet/<table>.parquet: one Parquet file per table, written by pyarrow (the reference
implementation that pandas, polars, DuckDB, Spark and R's arrow read).

Columns are typed: enumerations dictionary-encoded with the declared values as the
dictionary (in order), dates as date32, integers as int64, numbers as float64, text as
string. Each field's title and description are in its Arrow field metadata; the table's
title, description and Frictionless resource (JSON) are in the schema metadata."""

import json
import pathlib

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # an optional extra, so say how to get it
    raise ImportError('The Parquet export needs pyarrow: pip install "mechelen-data[parquet]"') from error

from .._package import _descriptor, tables
from .._types import enum
from . import target_type
from ._tables import fields, required, resource, typed_rows

FOLDER = "parquet"


def write(folder: pathlib.Path) -> list[pathlib.Path]:
    (folder / FOLDER).mkdir()
    written = []
    for table in tables():
        path = folder / FOLDER / f"{table}.parquet"
        pq.write_table(arrow_table(table), path)
        written.append(path)
    return written


def arrow_table(table: str) -> "pa.Table":
    table_fields = fields(table)
    columns = list(zip(*typed_rows(table))) or [() for _ in table_fields]
    arrays = [array(field, values) for field, values in zip(table_fields, columns)]
    schema = pa.schema([arrow_field(field, values.type) for field, values in zip(table_fields, arrays)],
                       metadata=table_metadata(table))
    return pa.Table.from_arrays(arrays, schema=schema)


def array(field: dict, values) -> "pa.Array":
    if enum(field):
        # Codes into the declared values, so that every allowed value is a level, used or not.
        codes = pa.array([None if value is None else enum(field).index(value) for value in values], pa.int32())
        return pa.DictionaryArray.from_arrays(codes, pa.array(enum(field), pa.string()))
    return pa.array(values, type=pa.type_for_alias(target_type(field, "parquet")))


def arrow_field(field: dict, arrow_type: "pa.DataType") -> "pa.Field":
    metadata = {"description": field.get("description", ""), "title": field.get("title", field["name"]),
                "table_schema_type": field["type"]}
    return pa.field(field["name"], arrow_type, nullable=not required(field), metadata=metadata)


def table_metadata(table: str) -> dict[str, str]:
    package = _descriptor()
    return {
        "title": resource(table).get("title", table),
        "description": resource(table).get("description", ""),
        "frictionless_resource": json.dumps(resource(table), ensure_ascii=False),
        "package": f"{package['name']} {package['version']} ({package['licenses'][0]['name']}): {package['title']}",
    }
