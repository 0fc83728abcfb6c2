"""Documents for a reader of the exported files who never sees this library: a README,
the data dictionary and the data licence, all made from the installed descriptor (the
build also writes the dictionary to docs/). Standard library only."""

from __future__ import annotations

from typing import Any

from ._card import AUDIT, CARD, GENERATED
from ._package import REINSTALL, IntegrityError, _descriptor, installed_json
from ._webannotations import WEB_ANNOTATIONS

DICTIONARY = "data-dictionary.md"
LICENCE = "LICENSE-DATA.txt"


def documents(formats: dict[str, str] | None = None) -> dict[str, str]:
    """{file name: text} of the documents in every export; `formats` ({name: what it
    writes}) are the files besides the CSV package that the export holds."""
    descriptor = _descriptor()
    return {"README.md": readme(descriptor, formats or {}), DICTIONARY: data_dictionary(descriptor),
            CARD: card(descriptor), LICENCE: licence()}


def card(descriptor: dict[str, Any]) -> str:
    """The dataset card from the installed tables and audit counts (the build writes the
    same text to docs/dataset-card.md)."""
    from ._card import dataset_card
    from ._cite import cite
    from ._package import read_rows

    rows = {resource["name"]: read_rows(resource["name"]) for resource in descriptor["resources"]}
    return dataset_card(descriptor, rows, audit_counts(), (cite("text"), cite("bibtex")))


def audit_counts() -> dict[str, Any]:
    """The installed audit counts (audit.json): {"rounds": [{description, sources}]}."""
    return installed_json(AUDIT, "audit counts")  # type: ignore[no-any-return]


def licence() -> str:
    """The data licence (LICENSE-DATA), as installed with the package metadata."""
    from importlib import metadata

    try:
        text = metadata.distribution("mechelen-data").read_text("licenses/LICENSE-DATA")
    except metadata.PackageNotFoundError:
        text = None
    if not text:
        raise IntegrityError(f"The data licence (LICENSE-DATA) is missing from the installed package. {REINSTALL}.")
    return text


def readme(descriptor: dict[str, Any], formats: dict[str, str]) -> str:
    """README.md of an export: what the data is, each file and table, how to open them in
    the usual tools, how to read the dates, the licence and how to cite."""
    from ._cite import cite
    from ._package import read_rows

    name, version = descriptor["name"], descriptor["version"]
    licence = descriptor["licenses"][0]
    lines = [
        f"# {descriptor['title']}", "",
        f"Version {version}, released {descriptor['created'][:10]}. {descriptor['description']}", "",
        "This folder stands on its own: it needs neither Python nor the mechelen-data library.", "",
        "## Files", "",
        "- `datapackage.json`: the Frictionless Data Package descriptor: every table's columns, types, "
        "allowed values, keys, sizes and SHA-256 hashes (`frictionless validate datapackage.json` checks them).",
        f"- `data/*.csv`: the tables, UTF-8 CSV with a header row; an empty cell means unknown.",
        "- `croissant.json`: the same description as Croissant 1.1 JSON-LD (schema.org Dataset), for "
        "dataset search engines and ML tools (`mlcroissant`).",
        f"- `{WEB_ANNOTATIONS}`: every row's quote as a W3C Web Annotation (JSON-LD), anchored on the "
        "source's URL by the quote, the words around it and its character offsets, for annotation tools.",
        f"- `{DICTIONARY}`: every column of every table, with its type and meaning.",
        f"- `{CARD}`: the dataset card: intended and out-of-scope uses, biases, sensitive information, "
        "measured quality.",
        f"- `{LICENCE}`: the data licence.",
        # Each format's description reads "FILES: what they hold".
        *["- `{}`: {}".format(*what.split(": ", 1)) for what in formats.values()],
        "", "| table | rows | one row per |", "|---|---|---|",
        *[f"| `{r['name']}` | {len(read_rows(r['name']))} | {r['title']}: {r['description']} |" for r in descriptor["resources"]],
        "", "## Open the data", "",
        "- **Spreadsheet**: open `mechelen-data.xlsx` where it is included (text stays text, dates are "
        "dates). To open a CSV instead, import it as UTF-8 and set the columns ending in `_verbatim`, "
        "`quote` and the identifiers to Text, or the spreadsheet will turn \"June 2016\" into a date.",
        "- **R**: `readr::read_csv(\"data/events.csv\", na = \"\")`; with the `frictionless` package, "
        "`frictionless::read_resource(frictionless::read_package(\"datapackage.json\"), \"events\")` "
        "reads it typed from the descriptor.",
        "- **Stata**: `use stata/events.dta` where included (value labels for the categories, variable "
        "labels from the data dictionary); or `import delimited data/events.csv, encoding(utf-8) "
        "stringcols(_all)`.",
        "- **SQL**: `sqlite3 mechelen-data.sqlite` where included: keys, foreign keys and allowed values "
        "are declared, `_columns` describes every column, and `quotes_fts` searches the quotes.",
        "- **DuckDB**: `SELECT * FROM read_csv('data/events.csv', header = true, all_varchar = true)`, "
        "or `read_parquet('parquet/events.parquet')` where included.",
        "- **polars**: `pl.read_parquet(\"parquet/events.parquet\")` where included, or "
        "`pl.read_csv(\"data/events.csv\", infer_schema=False)`.",
        "", "## Read the dates", "",
        "`date_start` and `date_end` are the earliest and latest possible day of an event; "
        "`date_precision` says whether the source gives the day, only the month or only the year, "
        "`date_verbatim` how the source writes it and `date_basis` how the date was obtained. A "
        "statistic's `period_*` columns work the same way; an empty period means the source does not "
        "say, and the source's publication date is only the latest the figure can be.",
        "", "## Licence", "",
        f"The tables are licensed {licence.get('title', licence['name'])} ({licence['path']}). "
        "Each row quotes a few words of its source document as evidence; the documents themselves "
        "remain their publishers' copyright.",
        "", "## Cite", "", cite("text").strip(), "", "```bibtex", cite("bibtex").strip(), "```", "",
        f"Cite the source documents whose claims you use as well; the `sources` table lists them.",
    ]
    return "\n".join(lines) + "\n"


def data_dictionary(descriptor: dict[str, Any]) -> str:
    """Markdown: every table and every column with its type, constraints and allowed
    values, from the Table Schemas."""
    lines = [
        GENERATED,
        "# Data dictionary",
        "",
        f"*{descriptor['title']}*, version {descriptor['version']}. Generated from the Table Schemas",
        "in `datapackage.json`; do not edit by hand.",
        "",
        "Every table is a UTF-8 CSV file with a header row; an empty cell means the value is",
        "unknown or does not apply. Dates are ISO 8601 (`YYYY-MM-DD`).",
        "",
    ]
    lines += [f"- [`{resource['name']}`](#{resource['name']}): {resource['title']}" for resource in descriptor["resources"]]
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        lines += ["", f"## {resource['name']}", "", resource["description"], ""]
        lines.append(f"File `{resource['path']}`, {resource['bytes']} bytes. "
                     f"Primary key: {', '.join(f'`{key}`' for key in schema['primaryKey'])}.")
        for key in schema.get("foreignKeys", []):
            reference = key["reference"]
            lines.append(f"Foreign key: `{', '.join(key['fields'])}` -> "
                         f"`{reference['resource']}.{', '.join(reference['fields'])}`.")
        lines += ["", "| column | type | required | constraints | description |", "|---|---|---|---|---|"]
        for field in schema["fields"]:
            constraints = dict(field.get("constraints", {}))
            required = "yes" if constraints.pop("required", False) else ""
            described = field.get("title", "")
            described = f"**{described}.** " if described else ""
            lines.append("| " + " | ".join([
                f"`{field['name']}`", field["type"], required, _constraints(constraints),
                _cell(described + field.get("description", "")),
            ]) + " |")
    return "\n".join(lines) + "\n"


def _constraints(constraints: dict[str, Any]) -> str:
    words = []
    for name, value in constraints.items():
        if name == "enum":
            words.append("one of " + ", ".join(f"`{item}`" for item in value))
        elif name == "unique":
            words.append("unique")
        else:
            words.append(f"{name} `{value}`")
    return _cell("; ".join(words))


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
