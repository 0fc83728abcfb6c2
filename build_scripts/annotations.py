"""Reading the curated YAML annotations. Every error names the file and the row."""

from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "raw" / "annotations"
TEXTS = ROOT / "raw" / "texts"


class BuildError(Exception):
    """A problem in the inputs; the message names the file, the row and the fix."""


@dataclass(frozen=True)
class Row:
    file: str  # path relative to the repository root
    index: int  # 1-based position in the file
    data: dict

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    def error(self, reason: str) -> BuildError:
        return BuildError(f"{self.file}, row {self.index} (id {self.id!r}): {reason}")


def read(pattern: str, allowed: set[str]) -> list[Row]:
    """The rows of every annotation file matching `pattern`, in file-name order.
    A key outside `allowed` is an error (a typo would otherwise vanish silently)."""
    paths = sorted(ANNOTATIONS.glob(pattern))
    if not paths:
        raise BuildError(f"no annotation file matches raw/annotations/{pattern}")
    rows = []
    for path in paths:
        name = path.relative_to(ROOT).as_posix()
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as error:
            raise BuildError(f"{name}: not valid YAML: {error}") from None
        if not isinstance(items, list):
            raise BuildError(f"{name}: must be a YAML list of mappings, one per row")
        for index, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise BuildError(f"{name}, row {index}: must be a mapping of field: value")
            row = Row(name, index, item)
            unknown = sorted(set(item) - allowed)
            if unknown:
                raise row.error(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
            rows.append(row)
    return rows


def check_unique_ids(rows: list[Row]) -> None:
    seen: dict[str, Row] = {}
    for row in rows:
        if not row.id:
            raise row.error("missing id")
        if row.id in seen:
            first = seen[row.id]
            raise row.error(f"duplicate id, already used in {first.file}, row {first.index}; choose another slug")
        seen[row.id] = row


def locate(row: Row, text: str) -> tuple[int, int]:
    """Offsets of the row's quote (its first occurrence) in the raw text."""
    quote = row.data.get("quote")
    if not quote:
        raise row.error("missing quote")
    start = text.find(quote)
    if start < 0:
        raise row.error(
            f"quote not found in raw/texts/{row.data.get('source')}.txt: {quote[:80]!r}; "
            "copy it character for character (curly quotes, dashes, line breaks)"
        )
    return start, start + len(quote)
