"""descriptor.yaml -> the datapackage.json dictionary (without sizes and hashes).

The package's version, release date, contributors and homepage are kept once each, where
packaging tools and people look for them: `__version__` in mechelen_data/__init__.py, the
newest entry of CHANGELOG.md, and pyproject.toml."""

import os
import re
import sys

from mechelen_data._cite import DOI_RESOLVER

from .annotations import ROOT, BuildError
from .spec import FIELD_EXTENSIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the dev extra installs tomli on Python 3.10
    import tomli as tomllib

VERSION = re.compile(r'^__version__ = "([^"]+)"', re.MULTILINE)
# "## 0.1.0 - 2026-11-21": the newest release heading of CHANGELOG.md.
RELEASE = re.compile(r"^## (\S+) - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_OVERRIDE = "MECHELEN_DATA_DOI"



def version() -> str:
    """The package version, kept once in mechelen_data/__init__.py."""
    return VERSION.search((ROOT / "mechelen_data" / "__init__.py").read_text(encoding="utf-8")).group(1)


def release_date(expected_version: str) -> str:
    """The date of the newest CHANGELOG.md entry, which must be the package version's."""
    match = RELEASE.search((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    if not match or match.group(1) != expected_version:
        found = f"its newest entry is {match.group(1)!r}" if match else "it has no '## VERSION - YYYY-MM-DD' heading"
        raise BuildError(
            f"CHANGELOG.md: {found} but the package version is {expected_version!r}; "
            f"add a '## {expected_version} - YYYY-MM-DD' entry that says what changed in the data"
        )
    return match.group(2)


def project() -> dict:
    """The [project] table of pyproject.toml."""
    return _pyproject()["project"]


def doi() -> str:
    """The DOI a Zenodo deposit minted, kept once in pyproject.toml's [tool.mechelen-data];
    empty until then. The environment variable MECHELEN_DATA_DOI overrides it for one build:
    the release workflow builds the deposited zip with the version DOI Zenodo reserved for it
    (build_scripts/deposit.py), while the wheel keeps the concept DOI."""
    value = os.environ.get(DOI_OVERRIDE) or _pyproject().get("tool", {}).get("mechelen-data", {}).get("doi", "")
    if value and not DOI.match(value):
        raise BuildError(f"pyproject.toml [tool.mechelen-data] doi (or {DOI_OVERRIDE}) = {value!r} is not a DOI such as "
                         "'10.5281/zenodo.1234567' (no https://doi.org/ prefix); leave it empty until one is minted")
    return value


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def build_descriptor(spec: dict, enums: dict[tuple[str, str], list[str]]) -> dict:
    """The package descriptor from descriptor.yaml's `spec`; `enums` fills (table, field)
    enumerations that come from vocabulary tables (build_scripts/spec.py)."""
    meta = project()
    package = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", **spec["package"]}
    if doi():  # Data Package `id`: a globally unique identifier, the DOI as a URL
        package = {"$schema": package.pop("$schema"), "id": DOI_RESOLVER + doi(), **package}
    package["version"] = version()
    # Data Package "created" is a date-time; the release is dated to the day.
    package["created"] = release_date(package["version"]) + "T00:00:00Z"
    package["homepage"] = next(iter(meta["urls"].values()))
    package["contributors"] = [
        {"title": author["name"], "email": author["email"], "roles": ["creator"]} for author in meta["authors"]
    ]
    package["resources"] = []
    for name, table in spec["tables"].items():
        fields = [_field(name, field, enums) for field in table["fields"]]
        schema = {"fields": fields, "primaryKey": table["primaryKey"], "missingValues": [""]}
        if "foreignKeys" in table:
            schema["foreignKeys"] = table["foreignKeys"]
        package["resources"].append({
            "name": name,
            # R's frictionless package reads a resource as a table only with this profile.
            "profile": "tabular-data-resource",
            "type": "table",
            "path": f"data/{name}.csv",
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
    field = {key: value for key, value in spec.items() if key not in FIELD_EXTENSIONS}
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
