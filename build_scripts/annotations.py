"""Reading the curated YAML annotations, keeping the line of every row and of every key,
so that each error can name the file, the line, the row and the field."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

# libyaml's loader where PyYAML has it (several times quicker); the same nodes and marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "raw" / "annotations"
TEXTS = ROOT / "raw" / "texts"


class BuildError(Exception):
    """A problem in the inputs; the message names the file, the line, the row and the fix."""


@dataclass(frozen=True)
class Row:
    file: str  # path relative to the repository root
    index: int  # 1-based position in the file
    data: dict
    line: int = 0  # 1-based line where the row starts
    lines: dict = field(default_factory=dict)  # key -> 1-based line of that key

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    def where(self, key: str | None = None) -> str:
        """'raw/annotations/x.yaml, line 12 (row 3, id 'a'), field theme'."""
        line = self.lines.get(key, self.line) if key else self.line
        named = f", id {self.id!r}" if self.id else ""
        place = f"{self.file}, line {line} (row {self.index}{named})"
        return f"{place}, field {key}" if key else place

    def error(self, reason: str, key: str | None = None) -> BuildError:
        return BuildError(f"{self.where(key)}: {reason}")


def read(pattern: str) -> list[Row]:
    """The rows of every annotation file matching `pattern`, in file-name order."""
    paths = sorted(ANNOTATIONS.glob(pattern))
    if not paths:
        raise BuildError(f"no annotation file matches raw/annotations/{pattern}")
    return [row for path in paths for row in read_file(path)]


def read_file(path: Path) -> list[Row]:
    name = path.relative_to(ROOT).as_posix()
    loader = SafeLoader(path.read_text(encoding="utf-8"))
    try:
        # The node tree keeps the start mark (line) of every item and key; the data is
        # constructed from the same tree, so the two cannot disagree.
        node = loader.get_single_node()
        items = loader.construct_document(node) if node is not None else []
    except yaml.YAMLError as error:
        raise BuildError(f"{name}: not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(items, list):
        raise BuildError(f"{name}, line 1: must be a YAML list of mappings, one per row")
    rows = []
    for index, (item, item_node) in enumerate(zip(items, node.value if items else []), start=1):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise BuildError(f"{name}, line {line} (row {index}): must be a mapping of field: value")
        lines = {key.value: key.start_mark.line + 1 for key, _ in item_node.value}
        rows.append(Row(name, index, item, line, lines))
    return rows


def check_unique_ids(rows: list[Row]) -> None:
    seen: dict[str, Row] = {}
    for row in rows:
        if not row.id:
            raise row.error("missing id", "id")
        if row.id in seen:
            first = seen[row.id]
            raise row.error(f"duplicate id, already used at {first.where()}; choose another slug", "id")
        seen[row.id] = row


def locate(row: Row, text: str) -> tuple[int, int]:
    """Offsets of the row's quote (its first occurrence) in the raw text."""
    quote = row.data.get("quote")
    if not quote:
        raise row.error("missing quote", "quote")
    start = text.find(quote)
    if start < 0:
        raise row.error(
            f"quote not found in raw/texts/{row.data.get('source')}.txt: {quote[:80]!r}; "
            "copy it character for character (curly quotes, dashes, line breaks): "
            "python -m build_scripts.quote FIRST WORDS ... LAST WORDS --source ID prints it", "quote"
        )
    return start, start + len(quote)
