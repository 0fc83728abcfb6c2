"""Checks of the built rows before anything is written: each row against the pydantic
model derived from its Table Schema, then the staged package with frictionless."""

from pathlib import Path

from pydantic import ValidationError

from mechelen_data._models import model_for

from .annotations import BuildError


def check_rows(descriptor: dict, tables: dict[str, list[dict]]) -> None:
    """Types, required fields, enums and patterns of every row, naming the row."""
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        model = model_for(name, schema)
        key = schema["primaryKey"][0]
        for row in tables[name]:
            try:
                model.model_validate(row)
            except ValidationError as error:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)
                )
                raise BuildError(f"{name} row {row.get(key)!r}: {problems}") from None


def validate_package(path: Path) -> None:
    """Frictionless validation of the whole package: types, constraints, primary and
    foreign keys, sizes and hashes."""
    from frictionless import Package

    report = Package(str(path)).validate()
    if not report.valid:
        lines = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
        lines += [error.message for error in report.errors]
        raise BuildError("frictionless found errors:\n  " + "\n  ".join(lines[:20]))
