"""The Mechelen model as data: events, strategies, initiatives and statistics about how
the Belgian city of Mechelen set out to prevent violent radicalisation through security
plus inclusion, and how Europe received it (2016-2019). Every curated row quotes its
source verbatim, with character offsets into the raw text.

    >>> import mechelen_data as m
    >>> m.tables()                      # the table names
    >>> m.events()                      # a pandas DataFrame, dtypes from the schema
    >>> m.records("sources")            # pydantic models, one per row
    >>> m.schema("events")["fields"]    # the Table Schema
    >>> print(m.cite("bibtex"))         # how to cite the data (and m.cite(source="all"))

Importing this module is cheap: pandas and pydantic are imported on first use.
"""

from ._package import UnknownNameError, csv_path, descriptor, schema, tables

__version__ = "0.2.0"
__all__ = [
    "UnknownNameError", "csv_path", "descriptor", "schema", "tables", "load", "records",
    "sources", "events", "strategies", "initiatives", "themes", "statistics", "indicators",
    "compare", "verify", "cite",
]


def load(name: str, columns: list[str] | None = None):
    """The table `name` as a pandas DataFrame typed from its Table Schema: dates as
    datetime64, enumerations as categoricals, integers as Int64, text as string; only
    empty cells are missing. `columns` picks columns (an unknown one raises
    UnknownNameError naming the valid ones). Each call returns an independent copy."""
    from ._frames import load_frame

    return load_frame(name, columns)


def records(name: str) -> list:
    """The rows of table `name` as pydantic models (built from its Table Schema);
    does not import pandas."""
    from ._records import load_records

    return load_records(name)


def sources():
    """The five source documents: bibliographic facts, independence, raw path, sha256."""
    return load("sources")


def events():
    """Dated happenings (media coverage, speeches, visits, awards, ...) with honest dates."""
    return load("events")


def strategies():
    """Points of the Mechelen approach as each source lists them, grouped by theme."""
    return load("strategies")


def initiatives():
    """Concrete programmes and practices named in the sources, in Mechelen and elsewhere."""
    return load("initiatives")


def themes():
    """The canonical themes that strategies and initiatives are grouped by."""
    return load("themes")


def statistics():
    """Figures as claimed by each source; disagreements are kept side by side."""
    return load("statistics")


def indicators():
    """The documented indicators that statistics are classified by, with units."""
    return load("indicators")


def __getattr__(name: str):
    """A loader for a table without its own function above (one added to the data later):
    m.NAME() is m.load("NAME")."""
    if not name.startswith("_") and name in tables():
        def loader():
            return load(name)

        loader.__name__, loader.__doc__ = name, f"The {name} table (m.load({name!r}))."
        return loader
    raise AttributeError(f"module 'mechelen_data' has no attribute {name!r}")


def compare(indicator: str, place: str | None = None):
    """Every source's claim for `indicator` (and `place`), side by side with the source's
    publisher, independence and date, so that disagreements show at a glance. An
    unknown indicator or place raises UnknownNameError naming the valid ones."""
    from ._compare import compare as compare_claims

    return compare_claims(indicator, place)


def verify() -> None:
    """Check the installed CSVs against the sizes and SHA-256 hashes in the descriptor,
    then against their Table Schemas; raise IntegrityError naming each file and problem."""
    from ._verify import verify as verify_files

    verify_files()


def cite(format: str = "text", source: str | None = None) -> str:
    """How to cite this data: format "text" (default), "bibtex" or "cff" (Citation File
    Format). With `source` (a source_id, or "all"), the citation of the source document(s)
    instead; cite the sources whose claims you use."""
    from ._cite import cite as make_citation

    return make_citation(format, source)
