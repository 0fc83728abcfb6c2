"""Checks of the built rows before anything is written: each row against the pydantic
model derived from its Table Schema, the library's lookups keyed by schema values against
those values, then the staged package with frictionless."""

from pathlib import Path

from pydantic import ValidationError

from mechelen_data._cite import LOOKUPS
from mechelen_data._models import PYTHON_TYPES, model_for

from .annotations import BuildError, Row


def check_rows(descriptor: dict, tables: dict[str, list[dict]], origins: dict[str, dict[str, Row]],
               specs: dict) -> None:
    """Types, required fields, enums and patterns of every row, naming the annotation file,
    line, row and field it came from."""
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        model = model_for(name, schema)
        key = schema["primaryKey"][0]
        fields = {field["name"]: field for field in specs[name].fields}
        for row in tables[name]:
            try:
                model.model_validate(row)
            except ValidationError as error:
                first = error.errors(include_url=False)[0]
                field = str(first["loc"][0])
                origin = origins[name][row[key]]
                # A computed field is named as such, at the row's first line.
                annotation = specs[name].annotation_key(fields[field]) if "computed" not in fields[field] else field
                value = row.get(field)
                raise origin.error(f"{value!r} is not valid for {name}.{field}: {first['msg']}", annotation) from None


def check_lookups(descriptor: dict) -> None:
    """A library lookup keyed by a schema value (no fallback) must know every allowed value,
    and every field type must be one the library reads, or a release would publish the
    tables and then fail when they are loaded or cited."""
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["type"] not in PYTHON_TYPES:
                raise BuildError(f"raw/descriptor.yaml, table {resource['name']}, field {field['name']}: "
                                 f"type {field['type']!r} is not one the library reads: {', '.join(PYTHON_TYPES)}")
            lookup = LOOKUPS.get((resource["name"], field["name"]))
            if lookup is None:
                continue
            missing = [value for value in field.get("constraints", {}).get("enum", []) if value not in lookup]
            if missing:
                raise BuildError(f"{resource['name']}.{field['name']}: mechelen_data/_cite.py has no entry for "
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
