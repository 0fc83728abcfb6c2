"""What every format reads: the tables as typed Python values (through the library's row
models, so str, int, float, bool, datetime.date or None exactly as validated) and the
facts about them, all from the descriptor."""

from .. import cite, records
from .._package import _descriptor, resource, tables


def fields(table: str) -> list[dict]:
    return resource(table)["schema"]["fields"]


def columns(table: str) -> list[str]:
    return [field["name"] for field in fields(table)]


def typed_rows(table: str) -> list[tuple]:
    """Every row of `table` as a tuple of typed values in the descriptor's column order;
    None is an empty (unknown) cell."""
    names = columns(table)
    return [tuple(getattr(record, name) for name in names) for record in records(table)]


def required(field: dict) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def precision_column(table: str, field: dict) -> str | None:
    """The column saying how precise date `field` is: date_start and date_end ->
    date_precision, published -> published_precision; None when the table has none."""
    stem = field["name"].removesuffix("_start").removesuffix("_end")
    candidate = f"{stem}_precision"
    return candidate if candidate in columns(table) else None


def about() -> list[tuple[str, str]]:
    """(heading, text) lines that say what the data is, for the formats that carry a
    readme of their own (the workbook's About sheet, the database's _about table)."""
    package = _descriptor()
    return [
        ("Title", package["title"]),
        ("What it is", package["description"]),
        ("Version", package["version"]),
        ("Licence", f"{package['licenses'][0]['title']}: {package['licenses'][0]['path']}"),
        ("Home page", package["homepage"]),
        ("How to cite", cite("text").strip()),
        ("Cite the sources too", "Cite the sources whose claims you use: their citations are in the sources "
                                 "table, and mechelen_data.cite(source=\"all\") gives them in full."),
        ("Tables", "; ".join(f"{name}: {resource(name)['title']}" for name in tables())),
        ("Empty cells", "An empty cell means unknown: nothing is guessed."),
        ("Reading the dates", "Every date is a day (YYYY-MM-DD). A …_start column holds the earliest "
                              "possible day and an …_end column the latest, inclusive; a single date "
                              "(sources.published) holds the first day of its month or year when only "
                              "that is known. The precision column says whether the source gives the "
                              "day, only the month or only the year: with month precision 2016-06-01 "
                              "means June 2016, not the first of June. " + date_columns_text()),
    ]


def date_columns_text() -> str:
    pairs = []
    for table in tables():
        for field in fields(table):
            if field["type"] == "date":
                precision = precision_column(table, field)
                pairs.append(f"{table}.{field['name']}" + (f" (precision: {precision})" if precision else ""))
    return "Date columns: " + ", ".join(pairs) + "."
