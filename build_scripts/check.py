"""Checks of the built rows before anything is written: each row against the pydantic
model derived from its Table Schema and against spreadsheet formulas, the library's lookups
keyed by schema values against those values, then the staged package with frictionless."""

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from mechelen_data._cite import LOOKUPS
from mechelen_data._models import model_for
from mechelen_data._types import TYPES

from .annotations import BuildError, Row
from .output import FORMULA_STARTS, cell
from .spec import where


def check_rows(descriptor: dict, tables: dict[str, list[dict]], origins: dict[str, dict[str, Row]],
               specs: dict) -> Iterator[BuildError]:
    """Types, required fields, enums and patterns of every row, and no cell that a
    spreadsheet would run as a formula, naming the annotation file, line, row and field
    each came from."""
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        model = model_for(name, schema)
        key = schema["primaryKey"][0]
        fields = {field["name"]: field for field in specs[name].fields}

        def named(field: str) -> str:  # a computed field is named as such, at the row's first line
            return field if "computed" in fields[field] else specs[name].annotation_key(fields[field])

        for row in tables[name]:
            origin = origins[name][row[key]]
            try:
                model.model_validate(row)
            except ValidationError as error:
                for problem in error.errors(include_url=False):
                    field = str(problem["loc"][0])
                    yield origin.error(f"{row.get(field)!r} is not valid for {name}.{field}: {problem['msg']}",
                                       named(field))
            for field, value in row.items():  # a number ("-6.26") is read as a number, never run
                if isinstance(value, str) and cell(value).startswith(FORMULA_STARTS):
                    yield origin.error(f"starts with {cell(value)[:1]!r}, which spreadsheets run as a formula; "
                                       "start the text (or the quote) at a word", named(field))


def check_lookups(descriptor: dict) -> Iterator[BuildError]:
    """A library lookup keyed by a schema value (no fallback) must know every allowed value,
    and every field type must be one the library reads, or a release would publish the
    tables and then fail when they are loaded or cited."""
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["type"] not in TYPES:
                yield BuildError(f"{where('tables', resource['name'], 'fields')}, table {resource['name']}, field "
                                 f"{field['name']}: type {field['type']!r} is not one the library reads: "
                                 f"{', '.join(TYPES)} (a new type is one row of mechelen_data/_types.py)")
            lookup = LOOKUPS.get((resource["name"], field["name"]))
            if lookup is None:
                continue
            missing = [value for value in field.get("constraints", {}).get("enum", []) if value not in lookup]
            if missing:
                yield BuildError(f"{resource['name']}.{field['name']}: mechelen_data/_cite.py has no entry for "
                                 f"{', '.join(map(repr, missing))}; add one there before adding the value")


def validate_package(path: Path) -> None:
    """Frictionless validation of the whole package: types, constraints, primary and
    foreign keys, sizes and hashes."""
    from frictionless import Package

    report = Package(str(path)).validate()
    if not report.valid:
        lines = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
        lines += [error.message for error in report.errors]
        raise BuildError("frictionless found errors:\n  " + "\n  ".join(lines[:20]))
