"""`mechelen-data show`: a table as text for a terminal, or whole for a file or pipe.
It shows records (no pandas), so that the command starts quickly."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Sequence
from typing import Any, TextIO

CELL_LIMIT = 40  # characters per cell on a terminal, so that several columns fit


def show(rows: Sequence[object], columns: list[str], form: str, head: int | None, out: TextIO) -> None:
    """`rows` (records of one table), their `columns`, in the `form` asked for."""
    rows = rows[:head] if head else rows
    if form == "json":
        import json

        dicts = [{column: _value(getattr(row, column)) for column in columns} for row in rows]
        out.write(json.dumps(dicts, indent=1, ensure_ascii=False) + "\n")
        return
    cells = {column: [_text(getattr(row, column)) for row in rows] for column in columns}
    if form == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cells)
        writer.writerows(zip(*cells.values()))
    elif form == "markdown":
        out.write("| " + " | ".join(cells) + " |\n|" + "---|" * len(cells) + "\n")
        for row in zip(*cells.values()):
            out.write("| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in row) + " |\n")
    else:
        # Line breaks inside a cell (some quotes have them) are shown as \n to keep one row a line.
        cells = {column: [c.replace("\n", "\\n") for c in texts] for column, texts in cells.items()}
        if out.isatty():
            cells = _fit(cells, shutil.get_terminal_size().columns)
        widths = [max([len(column), *map(len, texts)]) for column, texts in cells.items()]
        for row in [list(cells), *zip(*cells.values())]:
            out.write("  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip() + "\n")


def _fit(cells: dict[str, list[str]], width: int) -> dict[str, list[str]]:
    """The columns that fit the terminal from the left, each cell cut at CELL_LIMIT
    characters; says on stderr what was left out or cut."""
    fitted: dict[str, list[str]] = {}
    used, cut = 0, False
    for column, texts in cells.items():
        natural = max([len(column), *map(len, texts)])
        shown = min(natural, max(CELL_LIMIT, len(column)))
        if fitted and used + 2 + shown > width:
            break
        cut |= shown < natural
        fitted[column] = [text if len(text) <= shown else text[:shown - 1] + "…" for text in texts]
        used += shown + 2
    hidden = [column for column in cells if column not in fitted]
    if hidden or cut:
        parts = ([f"{len(hidden)} columns not shown ({', '.join(hidden)})"] if hidden else []) + (
            [f"cells cut at {CELL_LIMIT} characters (…)"] if cut else [])
        print(f"shortened to fit {width} columns: {'; '.join(parts)}. For every cell whole use --columns, "
              "--format csv|markdown|json, or redirect the output to a file.", file=sys.stderr)
    return fitted


def _value(value: Any) -> Any:
    """A cell as a JSON value: missing as null, dates as ISO text, whole numbers without
    a decimal point."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: Any) -> str:
    """A cell as the published CSV writes it: empty when missing, dates as YYYY-MM-DD,
    whole numbers without a decimal point."""
    value = _value(value)
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
