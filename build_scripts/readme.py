"""The blocks of README.md the build rewrites, so that what a reader copies is always the
package's: the citation (from cite(), with the DOI and version) and the worked example of
citing the rows used (from cite(rows=...), run on the data just built)."""

from mechelen_data._cite import doi, package_citation

from .annotations import ROOT, BuildError

START = "<!-- cite: written by python -m build_scripts from cite() and the DOI in pyproject.toml; do not edit -->\n"
END = "<!-- /cite -->\n"
ROWS_START = "<!-- rows: written by python -m build_scripts from cite(rows=...); do not edit -->\n"
ROWS_END = "<!-- /rows -->\n"
# The worked example's subset: the statistics of one indicator, as the README selects them.
EXAMPLE_COLUMN, EXAMPLE_VALUE = "indicator", "foreign_fighters"


def readme(descriptor: dict, sources: list[dict]) -> bytes:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    minted = doi(descriptor)
    where = (f"DOI: [{minted}](https://doi.org/{minted}).\n\n" if minted else "")
    text = _replace(text, START, END, where + "```bibtex\n" + package_citation(descriptor, sources, "bibtex") + "```\n")
    return _replace(text, ROWS_START, ROWS_END, rows_example()).encode("utf-8")


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


def _replace(text: str, start: str, end: str, block: str) -> str:
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise BuildError(f"README.md: a block written by the build must stand between one {start.strip()} "
                         f"and one {end.strip()}")
    before, rest = text.split(start)
    return before + start + block + end + rest.split(end, 1)[1]
