"""The generated blocks of README.md, rewritten by the build so that no count, list or
citation in it can drift from the data: the tables, the sources, the figures' alternative
text, the citation (from cite(), with the DOI in pyproject.toml) and the worked example
of citing the rows used (from cite(rows=...), run on the data just built). Each block stands
between `<!-- NAME: written by python -m build_scripts ...; do not edit -->` and
`<!-- /NAME -->`; the rest of the README is kept by hand."""

import re

from mechelen_data._card import NOT_INDEPENDENT, _cell
from mechelen_data._cite import _date_words, doi, package_citation

from .annotations import ROOT, BuildError


def readme(descriptor: dict, rows: dict[str, list[dict]], alt_texts: dict[str, str] | None) -> bytes:
    """README.md with its blocks rewritten; `alt_texts` None keeps the figures block as it
    is (the figures were not redrawn, and their alternative text is drawn from the same
    rows and code as they are)."""
    blocks = {
        "tables": ("the descriptor", tables_block(descriptor, rows)),
        "sources": ("the sources table", sources_block(rows["sources"])),
        "figures": ("mechelen_data.figures.alt_texts()", None if alt_texts is None else "".join(
            f"![{text}](docs/figures/{name})\n\n" for name, text in alt_texts.items()).rstrip("\n") + "\n"),
        "cite": ("cite() and the DOI in pyproject.toml", cite_block(descriptor, rows["sources"])),
        "rows": ("cite(rows=...)", rows_example()),
    }
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (made_from, block) in blocks.items():
        start = f"<!-- {name}: written by python -m build_scripts from {made_from}; do not edit -->\n"
        end = f"<!-- /{name} -->\n"
        found = re.findall(rf"^<!-- {name}: .*-->\n", text, re.MULTILINE)
        if len(found) != 1 or text.count(end) != 1 or text.index(found[0]) > text.index(end):
            raise BuildError(f"README.md: the {name} block must stand between one {start.strip()} and one "
                             f"{end.strip()}")
        before, rest = text.split(found[0])
        kept, after = rest.split(end, 1)
        text = before + start + (kept if block is None else block) + end + after
    return text.encode("utf-8")


def tables_block(descriptor: dict, rows: dict[str, list[dict]]) -> str:
    lines = ["| table | rows | what it holds |", "|---|---|---|"]
    for resource in descriptor["resources"]:
        first = resource["description"].split(". ")[0].rstrip(".")
        lines.append(f"| `{resource['name']}` | {len(rows[resource['name']])} | {_cell(first)}. |")
    return "\n".join(lines) + "\n"


def sources_block(sources: list[dict]) -> str:
    lines = ["| source_id | document | independence |", "|---|---|---|"]
    for row in sources:
        by = f"{row['author']}, *{row['title']}*" if row["author"] else f"{row['publisher']}, *{row['title']}*"
        if row["container_title"] and row["source_type"] == "book_chapter":  # as cite() names a chapter's book
            by += f", in {row['editor'] + ' (ed.), ' if row['editor'] else ''}*{row['container_title']}*"
        by += f", {row['publisher']}" if row["author"] else ""
        lines.append(f"| `{row['source_id']}` | {_cell(by)}, {_date_words(row)} | {row['independence']} |")
    kept = [row for row in sources if row["independence"] in NOT_INDEPENDENT]
    lines += ["", f"{len(kept)} of the {len(sources)} documents come from Somers or his group "
              f"({' or '.join(NOT_INDEPENDENT)}); read the `independence` column before you treat a claim as "
              "established."]
    return "\n".join(lines) + "\n"


def cite_block(descriptor: dict, sources: list[dict]) -> str:
    minted = doi(descriptor)
    where = f"DOI: [{minted}](https://doi.org/{minted}).\n\n" if minted else ""
    return where + "```bibtex\n" + package_citation(descriptor, sources, "bibtex") + "```\n"


# The worked example's subset: the statistics of one indicator, as the README selects them.
EXAMPLE_COLUMN, EXAMPLE_VALUE = "indicator", "foreign_fighters"


def rows_example() -> str:
    """Python that cites a subset in each format, each followed by what it prints."""
    from mechelen_data import cite
    from mechelen_data._package import read_rows

    used = [row for row in read_rows("statistics") if row[EXAMPLE_COLUMN] == EXAMPLE_VALUE]
    if not used:
        raise BuildError(f"README.md: the worked example cites the statistics whose {EXAMPLE_COLUMN} is "
                         f"{EXAMPLE_VALUE!r}, and there are none; choose another in build_scripts/readme.py")
    chosen = f'fighters = m.statistics().query("{EXAMPLE_COLUMN} == {EXAMPLE_VALUE!r}")'
    blocks = [("text", f"import mechelen_data as m\n\n{chosen}\nprint(m.cite(rows=fighters))")]
    blocks += [(format, f'print(m.cite("{format}", rows=fighters))') for format in ("bibtex", "cff")]
    shown = {"text": "text", "bibtex": "bibtex", "cff": "yaml"}
    return "".join(f"```python\n{code}\n```\n\n```{shown[format]}\n{cite(format, rows=used)}```\n\n"
                   for format, code in blocks).removesuffix("\n")
