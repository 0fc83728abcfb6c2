"""stata/<table>.dta: one Stata file per table, written by pandas' Stata writer (format
118, Stata 14 and later, which stores UTF-8 text).

Each variable is labelled with its description (cut to Stata's 80 characters); each
enumeration is a labelled integer whose value labels are the allowed values, in the
descriptor's order; dates are Stata dates (%td, days since 1960, so 1520 fits). An empty
cell is Stata's missing value: "" for text, "." for numbers and dates; an integer column
with a missing value is stored as double, as pandas 2.1 cannot write a long with missing
values. Text of up to 2045 bytes is a str# variable; a column with any longer value is
stored as strL, Stata's long-string type, whole. The same bytes with pandas 2.1 and 3."""

import datetime as dt
import pathlib

import numpy as np
from pandas.io.stata import StataWriterUTF8

from .. import load
from .._package import _descriptor, tables
from . import target_type
from ._tables import fields, resource

FOLDER = "stata"
STATA_EPOCH = np.datetime64("1960-01-01", "D")
LABEL_LIMIT = 80  # characters, Stata's limit for variable and data labels
STR_LIMIT = 2045  # bytes, Stata's longest fixed-width string (str2045)


def write(folder: pathlib.Path) -> list[pathlib.Path]:
    (folder / FOLDER).mkdir()
    stamp = dt.datetime.fromisoformat(_descriptor()["created"].replace("Z", "")).replace(tzinfo=None)
    written = []
    for table in tables():
        table_fields = fields(table)
        frame = stata_columns(load(table), table_fields)
        path = folder / FOLDER / f"{table}.dta"
        writer = StataWriterUTF8(
            path, frame, write_index=False, version=118, time_stamp=stamp,
            data_label=label(resource(table).get("title", table)),
            variable_labels={field["name"]: label(field.get("description") or field.get("title", ""))
                             for field in table_fields},
            convert_strl=long_text_columns(frame, table_fields),
        )
        # Dates are written as Stata's day numbers with the %td display format, set here
        # rather than through convert_dates: pandas before 3 converts through nanoseconds,
        # which cannot hold 1520-01-01.
        for index, field in enumerate(table_fields):
            if target_type(field, "stata") == "%td":
                writer.fmtlist[index] = "%td"
        writer.write_file()
        written.append(path)
    return written


def stata_columns(frame, table_fields: list[dict]):
    """The frame in the numpy types that to_stata takes in every supported pandas (2.1
    has no nullable types here): text as str with "" for missing, as Stata keeps it;
    integers as long (int32), or as double with "." for missing when a value is missing;
    numbers as double; booleans as byte 0/1; dates as day numbers (see write()).
    Enumerations stay categorical: to_stata writes them as value labels."""
    for field in table_fields:
        name, kind = field["name"], target_type(field, "stata")
        column = frame[name]
        if kind == "str":
            frame[name] = column.astype(object).where(column.notna(), "")
        elif kind == "long":
            frame[name] = column.astype("float64") if column.isna().any() else column.astype("int32")
        elif kind == "double":
            frame[name] = column.astype("float64")
        elif kind == "%td":  # days since 1960-01-01, Stata's date
            days = (column.to_numpy().astype("datetime64[D]") - STATA_EPOCH).astype("float64")
            days[column.isna().to_numpy()] = float("nan")
            frame[name] = days if column.isna().any() else days.astype("int32")
        elif kind == "byte":
            frame[name] = column.astype("float64") if column.isna().any() else column.astype("int8")
    return frame


def long_text_columns(frame, table_fields: list[dict]) -> list[str]:
    """The text columns holding a value longer than a str# variable can: stored as strL."""
    return [field["name"] for field in table_fields if target_type(field, "stata") == "str"
            and frame[field["name"]].dropna().map(lambda text: len(text.encode("utf-8"))).gt(STR_LIMIT).any()]


def label(text: str) -> str:
    """`text` within Stata's 80 characters: whole, else its first sentence, else cut at a
    word and marked with "..."."""
    text = " ".join(text.split())
    if len(text) <= LABEL_LIMIT:
        return text
    sentence = text.split(". ")[0].rstrip(".")
    if len(sentence) <= LABEL_LIMIT:
        return sentence
    return text[: LABEL_LIMIT - 3].rsplit(" ", 1)[0] + "..."
