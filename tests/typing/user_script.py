"""A user's script that calls every public function; CI runs `mypy --strict` on it, and
assert_type fails if any result is Any instead of a DataFrame, a record or a path."""

import datetime
from pathlib import Path
from typing import Any, Literal, assert_type

import pandas as pd

import mechelen_data as m

assert_type(m.tables(), list[str])
assert_type(m.schema("events")["fields"], Any)  # JSON: its shape is the Table Schema's
assert_type(m.descriptor()["resources"], Any)
assert_type(m.load("events"), pd.DataFrame)
assert_type(m.load("events", columns="title"), pd.DataFrame)
assert_type(m.load("events", columns=["title", "date_start"]), pd.DataFrame)
for frame in (m.sources(), m.events(), m.themes(), m.strategies(), m.initiatives(), m.indicators(), m.statistics()):
    assert_type(frame, pd.DataFrame)
assert_type(m.compare("foreign_fighters", "Vilvoorde"), pd.DataFrame)
assert_type(m.compare("nationalities", wide=True), pd.DataFrame)
assert_type(m.corroboration_summary(), pd.DataFrame)
assert_type(m.happenings(), pd.DataFrame)
assert_type(m.outside_facts(), pd.DataFrame)
assert_type(m.between(m.events(), "2017", datetime.date(2017, 12, 31), certainty="possibly"), pd.DataFrame)
assert_type(m.between(m.statistics(), None, "2017-06", by="claimed"), pd.DataFrame)
assert_type(m.corroborations(), pd.DataFrame)
assert_type(m.exclusions(), pd.DataFrame)
assert_type(m.places(), pd.DataFrame)
assert_type(m.records("places")[0].latitude, float | None)
rows = m.records("events")
assert_type(rows, list[m.Event])
first: m.Record = rows[0]
assert_type(rows[0].date_start, datetime.date)
assert_type(rows[0].date_precision, Literal["day", "month", "year"])
assert_type(m.records("statistics")[0].value, float)
assert_type(m.records("statistics")[0].claimed_start, datetime.date)
assert_type(m.records("statistics")[0].period_end, datetime.date | None)
assert_type(m.records("sources")[0].author, str | None)
name: str = "events"
assert_type(m.records(name), list[m.Record])  # a name known only at run time
print(first.model_dump()["event_id"], rows[0].event_id)
checked = m.verify()
assert_type(checked, list[m.VerifiedTable])
print(sum(table.rows or 0 for table in checked), checked[0].sha256.upper())
assert_type(m.cite("bibtex"), str)
assert_type(m.csv_path("events"), Path)
assert_type(m.export(Path("out"), ["csv"], force=True), Path)
changes = m.diff("installed", Path("installed"))
assert_type(changes, m.Diff)
assert_type(changes.format("csv"), str)
assert_type(changes.frame(), pd.DataFrame)
used = m.statistics().head(3)
Path("rows-used.json").write_text(m.cite("ids", rows=used), encoding="utf-8")
assert_type(m.rows(Path("rows-used.json")), dict[str, pd.DataFrame])
assert_type(m.site("site", texts=Path("raw/texts"), force=True), Path)
try:
    m.load("evnts")
except m.UnknownNameError as error:
    print(str(error))
except (m.IntegrityError, m.ExportError, m.MechelenDataError) as error:
    print(error)
