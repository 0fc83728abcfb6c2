"""The citation block of README.md, rewritten by the build from cite() so that the DOI,
version and year a reader copies are always the package's."""

from mechelen_data._cite import doi, package_citation

from .annotations import ROOT, BuildError

START = "<!-- cite: written by python -m build_scripts from cite() and the DOI in pyproject.toml; do not edit -->\n"
END = "<!-- /cite -->\n"


def readme(descriptor: dict, sources: list[dict]) -> bytes:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise BuildError(f"README.md: the citation block must stand between one {START.strip()} and one {END.strip()}")
    minted = doi(descriptor)
    where = (f"DOI: [{minted}](https://doi.org/{minted}).\n\n" if minted else "")
    block = START + where + "```bibtex\n" + package_citation(descriptor, sources, "bibtex") + "```\n" + END
    before, rest = text.split(START)
    return (before + block + rest.split(END, 1)[1]).encode("utf-8")
