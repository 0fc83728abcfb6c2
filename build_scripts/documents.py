"""Documents derived from the published package, rebuilt with it and committed, so that
they can never drift from the data: CITATION.cff, the data dictionary and the figures."""

import csv
import hashlib
import io
from importlib import metadata

from mechelen_data._cite import package_citation
from mechelen_data._documents import data_dictionary

from .annotations import ROOT, BuildError

DICTIONARY = "docs/data-dictionary.md"  # the same text as in every export
FIGURES = "docs/figures"
# What the figures were drawn from; drawing takes most of the build's time, so the
# figures are redrawn only when this changes.
FIGURES_FINGERPRINT = f"{FIGURES}/drawn-from.sha256"


def documents(descriptor: dict, tables_csv: dict[str, bytes]) -> dict[str, bytes]:
    """{path relative to the repository root: bytes} of every derived document, from the
    descriptor and the published CSV bytes of each table."""
    sources = list(csv.DictReader(io.StringIO(tables_csv["sources"].decode("utf-8"))))
    files = {
        "CITATION.cff": package_citation(descriptor, sources, "cff").encode("utf-8"),
        DICTIONARY: data_dictionary(descriptor).encode("utf-8"),
    }
    files.update(figure_files(tables_csv))
    return files


def figure_files(tables_csv: dict[str, bytes]) -> dict[str, bytes]:
    """The PNG files and a record of what they were drawn from (the tables, the drawing
    code, the matplotlib version) with the hash of each PNG. While both still hold, the
    committed files are kept as they are."""
    try:
        drawer = (ROOT / "mechelen_data" / "figures.py").read_bytes()
        inputs = [drawer, metadata.version("matplotlib").encode()] + [tables_csv[name] for name in sorted(tables_csv)]
    except metadata.PackageNotFoundError:
        raise BuildError("matplotlib is not installed; the build draws the figures: pip install -e '.[dev]'") from None
    drawn_from = _sha256(b"\0".join(inputs)) + "  (tables, figures.py, matplotlib)\n"
    recorded = ROOT / FIGURES_FINGERPRINT
    if recorded.exists() and recorded.read_text(encoding="utf-8").startswith(drawn_from):
        kept = {}
        for line in recorded.read_text(encoding="utf-8").splitlines()[1:]:
            digest, name = line.split("  ")
            path = ROOT / FIGURES / name
            if not path.exists() or _sha256(path.read_bytes()) != digest:
                break
            kept[f"{FIGURES}/{name}"] = path.read_bytes()
        else:
            return kept
    from mechelen_data.figures import figure_files as draw

    drawn = draw()
    files = {f"{FIGURES}/{name}": data for name, data in drawn.items()}
    files[FIGURES_FINGERPRINT] = (drawn_from + "".join(f"{_sha256(data)}  {name}\n" for name, data in drawn.items())).encode()
    return files


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
