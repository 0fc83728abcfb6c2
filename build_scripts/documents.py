"""Documents derived from the published package, rebuilt with it and committed, so that
they can never drift from the data: CITATION.cff, the data dictionary and the figures."""

import csv
import io

from mechelen_data._cite import package_citation

from .annotations import BuildError

DICTIONARY = "docs/data-dictionary.md"


def documents(descriptor: dict, sources_csv: bytes) -> dict[str, bytes]:
    """{path relative to the repository root: bytes} of every derived document."""
    sources = list(csv.DictReader(io.StringIO(sources_csv.decode("utf-8"))))
    files = {
        "CITATION.cff": package_citation(descriptor, sources, "cff").encode("utf-8"),
        DICTIONARY: data_dictionary(descriptor).encode("utf-8"),
    }
    files.update({f"docs/figures/{name}": data for name, data in figure_files().items()})
    return files


def figure_files() -> dict[str, bytes]:
    try:
        from mechelen_data.figures import figure_files as draw
    except ImportError as error:
        raise BuildError(f"{error}; the build draws the figures: pip install -e '.[dev]'") from None
    return draw()


def data_dictionary(descriptor: dict) -> str:
    """Markdown: every table and every column with its type, constraints and allowed
    values, from the Table Schemas."""
    lines = [
        "# Data dictionary",
        "",
        f"*{descriptor['title']}*, version {descriptor['version']}. Generated from the Table Schemas",
        "in `datapackage.json` by `python -m build_scripts`; do not edit by hand.",
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


def _constraints(constraints: dict) -> str:
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
