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

    @property
    def named(self) -> str:
        return f", id {self.id!r}" if self.id else ""

    def where(self, key: str | None = None) -> str:
        """'raw/annotations/x.yaml, line 12 (row 3, id 'a'), field theme'."""
        line = self.lines.get(key, self.line) if key else self.line
        place = f"{self.file}, line {line} (row {self.index}{self.named})"
        return f"{place}, field {key}" if key else place

    def error(self, reason: str, key: str | None = None) -> BuildError:
        return BuildError(f"{self.where(key)}: {reason}")


def parse(path: Path) -> tuple[object, yaml.Node | None]:
    """A YAML file's data and its node tree, whose marks give the line of every item and
    key (the data is constructed from the same tree, so the two cannot disagree). A syntax
    error raises BuildError naming the file, the line and the column in plain words."""
    loader = SafeLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{relative(path)}, line {mark.line + 1}, column {mark.column + 1}" if mark else relative(path)
        context = f" ({error.context})" if error.context else ""
        raise BuildError(f"{where}: not valid YAML: {error.problem}{context}. Check the indentation, and put "
                         "quotes around text that holds a colon followed by a space or starts with a quote, "
                         "a dash or a bracket") from None
    except yaml.YAMLError as error:
        raise BuildError(f"{relative(path)}: not valid YAML: {error}") from None
    finally:
        loader.dispose()


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def repeated_keys(node: yaml.Node) -> list[tuple[str, int, int]]:
    """(key, line, first line) of every key given a second time in one mapping, anywhere
    in the tree: YAML would keep the last value and silently drop the first."""
    found, seen, stack = [], set(), [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:  # an alias repeats a node; look at it once
            continue
        seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in item.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in first:
                    found.append((key.value, line, first[key.value]))
                elif isinstance(key, yaml.ScalarNode):
                    first[key.value] = line
                stack.append(value)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
    return sorted(found, key=lambda repeat: repeat[1])


def refuse_repeated_keys(name: str, node: yaml.Node | None) -> None:
    """For files read whole (the descriptor, the audit): the first key given twice."""
    for key, line, first in repeated_keys(node) if node is not None else []:
        raise BuildError(f"{name}, line {line}: {key!r} is given twice in one mapping (first at line {first}); "
                         "keep one")


def read(pattern: str, errors: list[BuildError]) -> tuple[list[Row], bool]:
    """The rows of every annotation file matching `pattern`, in file-name order, and
    whether every file could be read. A file's errors are added to `errors`; the rows of
    the other files are still read."""
    paths = sorted(ANNOTATIONS.glob(pattern))
    if not paths:
        errors.append(BuildError(f"no annotation file matches raw/annotations/{pattern}"))
    files = [read_file(path, errors) for path in paths]
    return [row for rows in files if rows for row in rows], None not in files


def read_file(path: Path, errors: list[BuildError]) -> list[Row] | None:
    """The rows of one annotation file; None for a file that is not valid YAML, or not a
    list of mappings. A key given twice in a row is an error, the row is still read."""
    name = relative(path)
    try:
        items, node = parse(path)
    except BuildError as error:
        errors.append(error)
        return None
    if items is None:
        return []
    if not isinstance(items, list) or not isinstance(node, yaml.SequenceNode):
        errors.append(BuildError(f"{name}, line 1: must be a YAML list of mappings, one per row (each starting "
                                 "with '- id: ')"))
        return None
    rows = []
    for index, (item, item_node) in enumerate(zip(items, node.value), start=1):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            errors.append(BuildError(f"{name}, line {line} (row {index}): must be a mapping of field: value"))
            continue
        lines = {key.value: key.start_mark.line + 1 for key, _ in item_node.value}
        row = Row(name, index, item, line, lines)
        for key, at, first in repeated_keys(item_node):
            errors.append(BuildError(f"{name}, line {at} (row {index}{row.named}), field {key}: given twice in this "
                                     f"row (first at line {first}); YAML would keep only the last value: keep one"))
        rows.append(row)
    return rows


def unique_ids(rows: list[Row], errors: list[BuildError]) -> list[Row]:
    """The rows with an id not used before; each missing or repeated id is an error."""
    seen: dict[str, Row] = {}
    for row in rows:
        if not row.id:
            errors.append(row.error("missing id", "id"))
        elif row.id in seen:
            errors.append(row.error(f"duplicate id, already used at {seen[row.id].where()}; choose another slug", "id"))
        else:
            seen[row.id] = row
    return list(seen.values())


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
