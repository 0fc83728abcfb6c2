"""stata/<table>.dta: one Stata file per table, written by pandas' to_stata (format 118,
Stata 14 and later, which stores UTF-8 text).

Each variable is labelled with its description (cut to Stata's 80 characters); each
enumeration is a labelled integer whose value labels are the allowed values, in the
descriptor's order; dates are Stata dates (%td, days since 1960, so 1520 fits); an empty
cell is Stata's missing value ("" for text). Text of up to 2045 bytes is a str# variable;
a column with any longer value is stored as strL, Stata's long-string type, whole."""

import datetime as dt
import pathlib

from .. import load
from .._package import _descriptor, tables
from . import target_type
from ._tables import fields, resource

FOLDER = "stata"
LABEL_LIMIT = 80  # characters, Stata's limit for variable and data labels
STR_LIMIT = 2045  # bytes, Stata's longest fixed-width string (str2045)


def write(folder: pathlib.Path) -> list[pathlib.Path]:
    (folder / FOLDER).mkdir()
    stamp = dt.datetime.fromisoformat(_descriptor()["created"].replace("Z", "")).replace(tzinfo=None)
    written = []
    for table in tables():
        frame = load(table)
        table_fields = fields(table)
        for field in table_fields:
            if field["type"] == "boolean":  # Stata has no boolean: a byte, 0 or 1
                frame[field["name"]] = frame[field["name"]].astype("Int8")
        path = folder / FOLDER / f"{table}.dta"
        frame.to_stata(
            path, write_index=False, version=118, time_stamp=stamp,
            data_label=label(resource(table).get("title", table)),
            variable_labels={field["name"]: label(field.get("description") or field.get("title", ""))
                             for field in table_fields},
            convert_dates={field["name"]: "td" for field in table_fields
                           if target_type(field, "stata") == "%td"},
            convert_strl=long_text_columns(frame, table_fields),
        )
        written.append(path)
    return written


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
