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
    >>> m.happenings()                  # one row per happening (events rows may restate one)
    >>> m.corroboration_summary()       # per group: sources, independent ones, agree/conflict
    >>> m.between(m.events(), "2017", "2017", certainty="possibly")   # rows by time, honest about precision
    >>> m.export("out", "csv,xlsx")     # files for other tools: csv, xlsx, sqlite, stata, parquet
    >>> m.site("site")                  # a website: every quote highlighted in its source

Importing this module is cheap: pandas and pydantic are imported on first use.
"""

from __future__ import annotations

from ._package import IntegrityError, MechelenDataError, UnknownNameError, csv_path, descriptor, schema, tables

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    import datetime
    import os
    from collections.abc import Iterable, Sequence
    from pathlib import Path
    from typing import Literal

    import pandas as pd

    from ._diff import Diff
    from ._export import ExportError
    from ._models import Record
    from ._verify import VerifiedTable

__version__ = "0.3.0"
__all__ = [
    "MechelenDataError", "UnknownNameError", "IntegrityError", "ExportError", "Record", "VerifiedTable", "Diff",
    "csv_path", "descriptor", "schema", "tables", "load", "records",
    "sources", "events", "strategies", "initiatives", "themes", "statistics", "indicators", "places",
    "corroborations", "outside_facts", "exclusions", "compare", "happenings", "corroboration_summary",
    "between", "verify", "cite", "export", "diff", "rows", "site",
]


def __getattr__(name: str) -> object:
    """Classes whose modules import pandas or pydantic, imported on first use; the row
    model of each table (m.Event); and a loader for a table without its own function
    below (one added to the data later): m.NAME() is m.load("NAME")."""
    homes = {"ExportError": "_export", "Record": "_models", "VerifiedTable": "_verify", "Diff": "_diff"}
    if name in homes:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{homes[name]}"), name)
    if name[:1].isupper():  # a row model: m.Event is the model of the events table
        from ._models import class_name
        from ._package import resource
        from ._records import model

        for table in tables():
            if class_name(table, resource(table)["schema"]) == name:
                return model(table)
    if not name.startswith("_") and name in tables():
        def loader() -> pd.DataFrame:
            return load(name)

        loader.__name__, loader.__doc__ = name, f"The {name} table (m.load({name!r}))."
        return loader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(name: str, columns: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The table `name` as a pandas DataFrame typed from its Table Schema: dates as
    datetime64, enumerations as categoricals, integers as Int64, text as string; only
    empty cells are missing. `columns` picks one column or several (an unknown one
    raises UnknownNameError naming the valid ones). Each call returns an independent copy."""
    from ._frames import load_frame

    return load_frame(name, columns)


if TYPE_CHECKING:
    # The row type of each table (m.Event, m.Statistic, ...) and records() typed by table
    # name, written by the build from the descriptor, so that a type checker knows every
    # field of m.records("events")[0]. At run time they are the models of _records.
    from ._rows import *  # noqa: F403
else:
    def records(name: str) -> list[Record]:
        """The rows of table `name` as pydantic models (built from its Table Schema);
        does not import pandas."""
        from ._records import load_records

        return load_records(name)


def sources() -> pd.DataFrame:
    """The source documents: bibliographic facts, independence, raw path, sha256."""
    return load("sources")


def events() -> pd.DataFrame:
    """Dated happenings (media coverage, speeches, visits, awards, ...) with honest dates."""
    return load("events")


def strategies() -> pd.DataFrame:
    """Strategy points as each source states them, grouped by theme; `approach` says whose
    approach each is (`"mechelen"` for the Mechelen model itself) and `stated_by` who states it."""
    return load("strategies")


def initiatives() -> pd.DataFrame:
    """Concrete programmes and practices named in the sources, in Mechelen and elsewhere."""
    return load("initiatives")


def themes() -> pd.DataFrame:
    """The canonical themes that strategies and initiatives are grouped by."""
    return load("themes")


def statistics() -> pd.DataFrame:
    """Figures as claimed by each source; disagreements are kept side by side. claimed_start
    to claimed_end is when the figure was claimed, the latest it can refer to. period_start
    and period_end are the time it refers to: both empty means unknown; an empty end under
    a stated start (or the reverse) is a half-open period, "since 2007", whose other end the
    text leaves open."""
    return load("statistics")


def indicators() -> pd.DataFrame:
    """The documented indicators that statistics are classified by, with units."""
    return load("indicators")


def places() -> pd.DataFrame:
    """The places the tables name, with kind, country code, GeoNames id and point, from
    reference data; join with events.merge(m.places(), left_on="city", right_on="place")."""
    return load("places")


def compare(indicator: str, place: str | None = None, wide: bool = False) -> pd.DataFrame:
    """Every source's claim for `indicator` (and `place`), with the source's publisher,
    independence and publication date (and its precision), so that disagreements show
    at a glance. `wide=True`: one row per place (and subject), one column per source,
    each cell the claim in the source's words. An unknown indicator or place raises
    UnknownNameError naming the valid ones."""
    from ._compare import compare as compare_claims

    return compare_claims(indicator, place, wide)


def corroborations() -> pd.DataFrame:
    """The corroboration groups: happenings and figures that more than one source reports."""
    return load("corroborations")


def exclusions() -> pd.DataFrame:
    """What was deliberately not coded, and why, with the quote it concerns."""
    return load("exclusions")


def outside_facts() -> pd.DataFrame:
    """The few facts from outside the sources that notes compare a source with, each with
    its reference; rows name them in their outside_fact column (noted, never applied)."""
    return load("outside_facts")


def happenings() -> pd.DataFrame:
    """One row per happening: events rows that tell the same happening (a post restating a
    visit, several sources telling one award) share a key, and this counts each once. Each
    happening is dated and typed by its principal row (the row whose event_id is the key,
    else the most precise); `dates` says whether its rows' date spans agree; `rows`,
    `sources`, `independent_sources` and `row_ids` say who tells it."""
    from ._happenings import happenings as one_row_per_happening

    return one_row_per_happening()


def corroboration_summary() -> pd.DataFrame:
    """One row per corroboration group: its label and kind (event or statistic), the number
    of rows and of distinct sources that tell it, how many of those sources are independent
    of Somers (sources.independence == "independent"), and whether they agree: events when
    their date spans overlap, statistics when their values, read as intervals by qualifier
    (exact a point, more_than above, less_than and nearly below, at_least the value or
    more, approximately within 10 percent), share a value, or "different_periods" when the
    times the figures can refer to cannot share a day (their periods as m.between reads
    them). Also the lowest and highest date or value and the row ids."""
    from ._corroboration import corroboration_summary as summary

    return summary()


def corroboration() -> pd.DataFrame:
    """Renamed corroboration_summary() in 0.3.0 (it was easy to confuse with
    corroborations(), the table); this name is kept for 0.3.x and warns."""
    import warnings

    warnings.warn("mechelen_data.corroboration() is now corroboration_summary(); the old name will be removed "
                  "in 0.4.0", DeprecationWarning, stacklevel=2)
    return corroboration_summary()


def between(frame: pd.DataFrame, start: str | datetime.date | None, end: str | datetime.date | None,
            certainty: Literal["definitely", "possibly"] = "definitely",
            by: Literal["date", "period", "claimed", "published"] | None = None) -> pd.DataFrame:
    """The rows of `frame` (events, statistics or sources, whole or filtered) that
    definitely (every day they can be on lies in the range) or possibly (at least one
    does) fall within `start`..`end`, inclusive: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' (a coarse
    end means the end of that year or month), a datetime.date, or None for an open side.
    Events are dated by date_start..date_end, sources by published and its precision,
    statistics by="period" (default: the time the figure refers to; an unknown start is
    open, an unknown end no later than claimed_end) or by="claimed" (when it was claimed).
    A bad date, a reversed range or a frame without the columns raises MechelenDataError."""
    from ._between import between as select

    return select(frame, start, end, certainty, by)


def verify() -> list[VerifiedTable]:
    """Check the installed CSVs against the sizes and SHA-256 hashes in the descriptor,
    then against their Table Schemas; return what was checked (table, path, bytes,
    sha256, rows), or raise IntegrityError naming each file and problem."""
    from ._verify import verify as verify_files

    return verify_files()


def cite(format: str = "text", source: str | None = None, rows: object = None) -> str:
    """How to cite this data: format "text" (default), "bibtex" or "cff" (Citation File
    Format). With `source` (a source_id, or "all"), the citation of the source document(s)
    instead; cite the sources whose claims you use. With `rows` (a DataFrame or records
    from the loaders, filtered or not, several in a list or a dict {table: rows}, or a
    saved ids file), the citation names the tables and row ids used and their fingerprint;
    format "ids" gives the JSON to save beside your work, which rows() reads back. The
    rows must keep their table's primary key column."""
    from ._cite import cite as make_citation

    return make_citation(format, source, rows)


def rows(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """Exactly the rows an ids file (saved from cite(rows=..., format="ids")) names: a
    DataFrame per table, from the installed version. Warns when the installed version is
    not the one the ids were saved from; raises MechelenDataError when an id is no longer
    a row, or the file was edited."""
    from ._subset import rows as saved_rows

    return saved_rows(path)


def export(directory: str | os.PathLike[str], formats: str | Iterable[str] = "csv", *,
           zip: bool = False, force: bool = False) -> Path:
    """Write the data for other tools into `directory` (a new or empty folder) and return
    the path written: the Frictionless package (datapackage.json, data/*.csv) with a
    README, the data dictionary and the licence, plus the `formats` asked for ("xlsx",
    "sqlite", "stata", "parquet", several as "csv,xlsx" or a list, or "all"). With `zip`,
    one archive DIRECTORY/mechelen-data-VERSION.zip instead. Nothing is ever half-written;
    an existing folder's files (or zip) are replaced only with `force`. Raises ExportError
    naming the problem and the fix."""
    from ._export import export as export_files

    return export_files(directory, formats, zip=zip, force=force)


def diff(old: str | os.PathLike[str], new: str | os.PathLike[str] = "installed") -> Diff:
    """What changed between two releases, table by table by primary key: rows added,
    removed and changed (with each changed field's old and new value), tables and columns
    added, removed or renamed. `old` and `new` are each "installed" (this package), an
    export folder (holding datapackage.json) or a release zip. `print(d)` shows a summary
    per table and the details; `d.format("csv")` or `"json"` gives every change whole,
    `d.frame()` the same rows as a DataFrame. Raises MechelenDataError for a path that is
    neither, or a damaged file."""
    from ._diff import diff as compare_releases

    return compare_releases(old, new)


def site(directory: str | os.PathLike[str], texts: str | os.PathLike[str] | None = None, *,
         force: bool = False) -> Path:
    """Write a static website of the data into `directory` (a new or empty folder) and return
    its path; open index.html in a browser, from disk or any web host (it fetches nothing).
    Each source document's page highlights every quoted passage by table, linked to its
    row; each table has a page, sortable and filterable, every row at #ITS_KEY; the
    corroboration groups stand side by side. The texts are not in the package (they remain
    their publishers' copyright), so a document shows its quoted passages and the length of
    each gap between them; `texts`, a folder with the raw texts (raw/texts of a checkout),
    shows them whole, each checked against its SHA-256 first: such a site is for local use,
    not to be published. Written like export(): whole or not at all, an existing folder's
    files replaced only with `force`. Raises ExportError naming the problem and the fix."""
    from ._site import site as write_site

    return write_site(directory, texts, force=force)
