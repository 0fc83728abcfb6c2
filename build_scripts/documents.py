"""Documents derived from the published package, rebuilt with it and committed, so that
they can never drift from the data: CITATION.cff, .zenodo.json, the Croissant JSON-LD, the
README's citation, the CHANGELOG's row counts, the data dictionary, the dataset card (with
the audit counts, which go into the package too), the row types for type checkers, the words
around each quote (for the Web Annotations and the site) and the figures."""

import csv
import hashlib
import io
from importlib import metadata

from mechelen_data._card import AUDIT, CARD, dataset_card
from mechelen_data._cite import package_citation
from mechelen_data._documents import data_dictionary
from mechelen_data._export import CROISSANT
from mechelen_data._webannotations import QUOTE_CONTEXT

from .annotations import ROOT, BuildError
from .audit import audit_json, read_audit
from .changelog import changelog
from .croissant import croissant_json
from .quote_context import quote_context_json
from .readme import readme
from .rowtypes import rowtypes_stub
from .zenodo import zenodo_json

DICTIONARY = "docs/data-dictionary.md"  # the same text as in every export
DATASET_CARD = f"docs/{CARD}"  # likewise
FIGURES = "docs/figures"
# What the figures were drawn from; drawing takes most of the build's time, so the
# figures are redrawn only when this changes.
FIGURES_FINGERPRINT = f"{FIGURES}/drawn-from.sha256"


def documents(descriptor: dict, tables_csv: dict[str, bytes]) -> dict[str, bytes]:
    """{path relative to the repository root: bytes} of every derived document, from the
    descriptor and the published CSV bytes of each table."""
    rows = {name: list(csv.DictReader(io.StringIO(data.decode("utf-8")))) for name, data in tables_csv.items()}
    sources = rows["sources"]
    audit = read_audit([row["source_id"] for row in sources])
    citation = (package_citation(descriptor, sources, "text"), package_citation(descriptor, sources, "bibtex"))
    figures, alt_texts = figure_files(tables_csv)
    files = {
        "CITATION.cff": package_citation(descriptor, sources, "cff").encode("utf-8"),
        ".zenodo.json": zenodo_json(descriptor, sources),
        "README.md": readme(descriptor, rows, alt_texts),
        "CHANGELOG.md": changelog(descriptor["version"]),
        f"mechelen_data/{CROISSANT}": croissant_json(descriptor, tables_csv),
        f"mechelen_data/{AUDIT}": audit_json(audit),
        "mechelen_data/_rows.pyi": rowtypes_stub(descriptor),
        f"mechelen_data/{QUOTE_CONTEXT}": quote_context_json(descriptor, tables_csv),
        DICTIONARY: data_dictionary(descriptor).encode("utf-8"),
        DATASET_CARD: dataset_card(descriptor, rows, audit, citation).encode("utf-8"),
    }
    files.update(figures)
    return files


def figure_files(tables_csv: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str] | None]:
    """The PNG files and a record of what they were drawn from (the tables, the drawing
    code, the matplotlib version) with the hash of each PNG, and the figures' alternative
    texts. While both still hold, the committed files are kept as they are (and the texts
    are None: unchanged)."""
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
            return kept, None
    from mechelen_data.figures import alt_texts
    from mechelen_data.figures import figure_files as draw

    drawn = draw()
    files = {f"{FIGURES}/{name}": data for name, data in drawn.items()}
    files[FIGURES_FINGERPRINT] = (drawn_from + "".join(f"{_sha256(data)}  {name}\n" for name, data in drawn.items())).encode()
    return files, alt_texts()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
