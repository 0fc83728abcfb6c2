"""mechelen-data.xlsx: an About sheet, a Dictionary sheet and one sheet per table, written
with openpyxl (pure Python, and it lets us set each cell's type and number format).

Text is stored as text (cell type string, number format "@"), so that no spreadsheet turns
"June 2016" into a date or "48%" into 0.48. Dates are real dates (format yyyy-mm-dd) from
1 March 1900 on; an earlier date is kept as ISO text 'YYYY-MM-DD' in its cell, because
spreadsheet date serials start in 1900 and Excel counts a 29 February 1900 that never was.
Integers and numbers are numbers."""

import datetime as dt
import io
import pathlib
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .._package import _descriptor, tables
from .._types import enum
from . import target_type
from ._tables import about, fields, required, resource, typed_rows

FILE = "mechelen-data.xlsx"
FIRST_REAL_DATE = dt.date(1900, 3, 1)
TEXT, DATE = "@", "yyyy-mm-dd"
MAX_WIDTH = 60  # characters; longer text stays whole in the cell, the column just stops growing
DATES_RULE = (f"In this workbook dates are real spreadsheet dates shown as yyyy-mm-dd. Spreadsheets cannot "
              f"hold dates before 1900, so a date before {FIRST_REAL_DATE.isoformat()} is kept as text "
              f"'YYYY-MM-DD' in its cell (for example 1520-01-01). Text columns, the verbatim ones "
              f"included, are stored as text and never converted.")


def write(folder: pathlib.Path) -> list[pathlib.Path]:
    workbook = Workbook()
    about_sheet(workbook.active)
    dictionary_sheet(workbook.create_sheet("Dictionary"))
    for table in tables():
        table_sheet(workbook.create_sheet(table), table)
    path = folder / FILE
    path.write_bytes(fixed_bytes(workbook))
    return [path]


def about_sheet(sheet) -> None:
    sheet.title = "About"
    rows = about()
    index = next(i for i, (heading, _) in enumerate(rows) if heading == "Reading the dates")
    rows.insert(index + 1, ("Dates in this workbook", DATES_RULE))
    rows.append(("Sheets", "About (this sheet); Dictionary (every column: type, whether required, allowed "
                           "values, description); then one sheet per table, one row per record."))
    for heading, text in rows:
        sheet.append([heading, text])
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)
        for cell in row:
            as_text(cell)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100


def dictionary_sheet(sheet) -> None:
    sheet.append(["table", "column", "title", "type", "required", "allowed values", "description"])
    for table in tables():
        for field in fields(table):
            sheet.append([table, field["name"], field.get("title", ""), target_type(field, "xlsx"),
                          "yes" if required(field) else "no", ", ".join(enum(field) or []),
                          field.get("description", "")])
    for row in sheet.iter_rows():
        for cell in row:
            as_text(cell)
    finish(sheet)


def table_sheet(sheet, table: str) -> None:
    table_fields = fields(table)
    sheet.append([field["name"] for field in table_fields])
    kinds = [target_type(field, "xlsx") for field in table_fields]
    for values in typed_rows(table):
        sheet.append(list(values))
    for row in sheet.iter_rows(min_row=2):
        for cell, kind in zip(row, kinds):
            if cell.value is None:
                continue
            if kind == "date":
                if cell.value < FIRST_REAL_DATE:
                    cell.value = cell.value.isoformat()
                    as_text(cell)
                else:
                    cell.number_format = DATE
            elif kind == "text":
                as_text(cell)
    for cell in sheet[1]:
        as_text(cell)
    finish(sheet)


def as_text(cell) -> None:
    """Store the cell as text: openpyxl would read a leading "=" as a formula, and a
    spreadsheet user retyping a "General" cell would have it converted."""
    if cell.value is not None:
        cell.data_type = "s"
    cell.number_format = TEXT


def finish(sheet) -> None:
    """Bold, frozen header; each column as wide as its longest value, up to MAX_WIDTH."""
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max(len(display(cell.value)) for cell in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 6) + 2, MAX_WIDTH)


def display(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value or "")


def fixed_bytes(workbook) -> bytes:
    """The workbook's bytes, the same on every run: its created and modified dates are
    the package's date, and the zip entries carry a fixed timestamp."""
    created = dt.datetime.fromisoformat(_descriptor()["created"].replace("Z", "")).replace(tzinfo=None)
    workbook.properties.creator = _descriptor()["contributors"][0]["title"]
    workbook.properties.title = _descriptor()["title"]
    workbook.properties.created = workbook.properties.modified = created
    draft = io.BytesIO()
    with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # Workbook.save() would stamp "modified" with now
    final = io.BytesIO()
    with zipfile.ZipFile(draft) as source, zipfile.ZipFile(final, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    return final.getvalue()
