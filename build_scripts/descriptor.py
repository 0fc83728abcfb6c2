"""descriptor.yaml -> the datapackage.json dictionary (without sizes and hashes)."""

import re
from pathlib import Path

import yaml

from .annotations import ROOT

SOURCE = Path(__file__).with_name("descriptor.yaml")
VERSION = re.compile(r'^__version__ = "([^"]+)"', re.MULTILINE)


def version() -> str:
    """The package version, kept once in mechelen_data/__init__.py."""
    return VERSION.search((ROOT / "mechelen_data" / "__init__.py").read_text(encoding="utf-8")).group(1)


def build_descriptor(enums: dict[tuple[str, str], list[str]]) -> dict:
    """The package descriptor; `enums` fills (table, field) enumerations that come from
    other tables (themes, indicators)."""
    spec = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    package = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", **spec["package"]}
    package["version"] = version()
    package["resources"] = []
    for name, table in spec["tables"].items():
        fields = [_field(name, field, enums) for field in table["fields"]]
        schema = {"fields": fields, "primaryKey": table["primaryKey"], "missingValues": [""]}
        if "foreignKeys" in table:
            schema["foreignKeys"] = table["foreignKeys"]
        package["resources"].append({
            "name": name,
            "type": "table",
            "path": f"data/{name}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": table["title"],
            "description": " ".join(table["description"].split()),
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema,
        })
    return package


def _field(table: str, spec: dict, enums: dict) -> dict:
    field = {key: value for key, value in spec.items() if key != "values"}
    field["description"] = " ".join(field.get("description", "").split())
    constraints = dict(field.get("constraints", {}))
    if "values" in spec:
        constraints["enum"] = list(spec["values"])
        definitions = "; ".join(f"{value}: {meaning}" for value, meaning in spec["values"].items())
        field["description"] += f" Values: {definitions}."
    if (table, field["name"]) in enums:
        constraints["enum"] = enums[(table, field["name"])]
    if constraints:
        field["constraints"] = constraints
    return field
