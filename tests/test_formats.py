"""The typed exports, each written into a fresh folder and read back with its own
ecosystem's reader (openpyxl, sqlite3, pandas.read_stata, pyarrow), cell by cell against
the CSV files as the csv module reads them. Expectations come from the CSVs and the
descriptor, not from the writers."""

import datetime as dt
import sqlite3
import subprocess
import sys
import time

import pytest

from mechelen_data import UnknownNameError
from mechelen_data._formats import FORMATS, write
from mechelen_data._types import ENUM, TYPES, Type, stored

SCHEMA_TYPES = {"string", "integer", "number", "boolean", "date"}


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> dict:
    """{format: (folder, paths written, seconds)}, each format in its own empty folder."""
    result = {}
    for name in FORMATS:
        folder = tmp_path_factory.mktemp(name)
        started = time.perf_counter()
        paths = write(name, folder)
        result[name] = (folder, paths, time.perf_counter() - started)
    return result


def fields_of(package_descriptor, table: str) -> list[dict]:
    return next(r for r in package_descriptor["resources"] if r["name"] == table)["schema"]["fields"]


def enum_of(field: dict):
    return field.get("constraints", {}).get("enum")


# -- the registry ---------------------------------------------------------------------


def test_the_formats_and_the_type_table_cover_every_schema_type():
    assert set(FORMATS) == {"xlsx", "sqlite", "stata", "parquet"}
    assert set(TYPES) == SCHEMA_TYPES
    assert set(FORMATS) <= set(Type._fields)  # each format is a column of the one type table


def test_every_field_of_the_descriptor_has_a_type_in_every_format(package_descriptor):
    for resource in package_descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] in SCHEMA_TYPES
            assert stored(field) is (ENUM if enum_of(field) else TYPES[field["type"]])


def test_an_unknown_format_is_refused_with_the_valid_ones(tmp_path):
    with pytest.raises(UnknownNameError, match="xlsx"):
        write("xslx", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_each_format_writes_exactly_the_files_it_returns(exported, package_descriptor):
    tables = [r["name"] for r in package_descriptor["resources"]]
    expected = {
        "xlsx": ["mechelen-data.xlsx"],
        "sqlite": ["mechelen-data.sqlite"],
        "stata": [f"stata/{t}.dta" for t in tables],
        "parquet": [f"parquet/{t}.parquet" for t in tables],
    }
    for name, (folder, paths, _) in exported.items():
        on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert on_disk == sorted(expected[name])
        assert sorted(p.relative_to(folder).as_posix() for p in paths) == on_disk


def test_the_data_holds_the_cells_that_spreadsheets_mangle(table_rows):
    """Guards for the tests below: without these cells they would prove less."""
    cells = [value for rows in table_rows.values() for row in rows for value in row.values()]
    assert any(not value.isascii() for value in cells)
    assert any(v.endswith("%") or "," in v for v in (r["value_verbatim"] for r in table_rows["statistics"]))
    assert any(r["date_verbatim"][:3].isalpha() for r in table_rows["events"])  # "June 2016"
    # No period of the data starts before 1900 since round 3 ("Since 1520" has no period):
    # test_a_date_before_1900_is_kept_as_iso_text covers that rule with a made-up row.


def test_a_date_before_1900_is_kept_as_iso_text(monkeypatch):
    import openpyxl

    from mechelen_data._formats import xlsx

    names = [field["name"] for field in xlsx.fields("statistics")]
    row = list(next(iter(xlsx.typed_rows("statistics"))))
    row[names.index("period_start")] = dt.date(1520, 1, 1)
    row[names.index("period_end")] = dt.date(2017, 9, 30)
    monkeypatch.setattr(xlsx, "typed_rows", lambda table: [tuple(row)])
    sheet = openpyxl.Workbook().active
    xlsx.table_sheet(sheet, "statistics")
    early = sheet.cell(row=2, column=names.index("period_start") + 1)
    late = sheet.cell(row=2, column=names.index("period_end") + 1)
    assert (early.value, early.data_type, early.number_format) == ("1520-01-01", "s", "@")
    assert isinstance(late.value, dt.date) and late.value.isoformat()[:10] == "2017-09-30"
    assert late.number_format == "yyyy-mm-dd"


# -- xlsx -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def workbook(exported):
    import openpyxl

    folder, _, _ = exported["xlsx"]
    return openpyxl.load_workbook(folder / "mechelen-data.xlsx")


def test_the_workbook_has_about_dictionary_and_one_sheet_per_table(workbook, package_descriptor):
    tables = [r["name"] for r in package_descriptor["resources"]]
    assert workbook.sheetnames == ["About", "Dictionary", *tables]


def test_every_cell_of_every_table_sheet_equals_the_csv(workbook, package_descriptor, table_rows):
    for table, rows in table_rows.items():
        sheet = workbook[table]
        fields = fields_of(package_descriptor, table)
        assert sheet.freeze_panes == "A2"
        values = list(sheet.iter_rows())
        assert [cell.value for cell in values[0]] == [field["name"] for field in fields]
        assert len(values) - 1 == len(rows)
        for row, cells in zip(rows, values[1:]):
            for field, cell in zip(fields, cells):
                check_cell(cell, row[field["name"]], field, f"{table}.{field['name']}")


def check_cell(cell, text: str, field: dict, where: str) -> None:
    if text == "":
        assert cell.value is None, where
    elif field["type"] == "string":
        assert (cell.value, cell.data_type, cell.number_format) == (text, "s", "@"), where
    elif field["type"] == "date":
        if text < "1900-03-01":  # the documented rule: kept as ISO text
            assert (cell.value, cell.data_type, cell.number_format) == (text, "s", "@"), where
        else:
            assert isinstance(cell.value, dt.datetime) and cell.value.date().isoformat() == text, where
            assert cell.number_format == "yyyy-mm-dd", where
    elif field["type"] == "integer":
        assert type(cell.value) is int and cell.value == int(text), where
    elif field["type"] == "number":
        assert isinstance(cell.value, (int, float)) and cell.value == float(text), where
    else:
        raise AssertionError(f"no check for type {field['type']}")


def test_the_dictionary_sheet_describes_every_column(workbook, package_descriptor):
    rows = list(workbook["Dictionary"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("table", "column")
    expected = [(r["name"], f["name"], ", ".join(enum_of(f) or []) or None, f.get("description"))
                for r in package_descriptor["resources"] for f in r["schema"]["fields"]]
    allowed, description = header.index("allowed values"), header.index("description")
    assert [(row[0], row[1], row[allowed], row[description]) for row in body] == expected


def test_the_about_sheet_says_what_it_is_how_to_cite_and_how_to_read_dates(workbook, package_descriptor):
    import mechelen_data

    text = "\n".join(str(value) for row in workbook["About"].iter_rows(values_only=True) for value in row)
    assert package_descriptor["title"] in text
    assert package_descriptor["version"] in text
    assert package_descriptor["licenses"][0]["path"] in text
    assert mechelen_data.cite().strip() in text
    assert "before 1900-03-01 is kept as text" in text
    assert "date_precision" in text and "period_precision" in text


def test_the_workbook_bytes_are_the_same_on_every_run(exported, tmp_path):
    folder, _, _ = exported["xlsx"]
    write("xlsx", tmp_path)
    assert (tmp_path / "mechelen-data.xlsx").read_bytes() == (folder / "mechelen-data.xlsx").read_bytes()


# -- sqlite ---------------------------------------------------------------------------


@pytest.fixture
def database(exported):
    folder, _, _ = exported["sqlite"]
    connection = sqlite3.connect(folder / "mechelen-data.sqlite")
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.rollback()
    connection.close()


def test_every_table_has_its_rows_and_values(database, package_descriptor, table_rows):
    for table, rows in table_rows.items():
        fields = fields_of(package_descriptor, table)
        names = ", ".join(f'"{f["name"]}"' for f in fields)
        stored = database.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()
        assert len(stored) == len(rows)
        for row, values in zip(rows, stored):
            for field, value in zip(fields, values):
                text = row[field["name"]]
                expected = None if text == "" else {"integer": int, "number": float}.get(field["type"], str)(text)
                assert value == expected and type(value) is type(expected), f"{table}.{field['name']}"


def test_columns_are_declared_with_types_keys_and_not_null(database, package_descriptor):
    declared = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
    for resource in package_descriptor["resources"]:
        schema = resource["schema"]
        info = database.execute(f'PRAGMA table_info("{resource["name"]}")').fetchall()
        assert [(c[1], c[2], bool(c[3])) for c in info] == [
            (f["name"], declared[f["type"]], bool(f.get("constraints", {}).get("required")))
            for f in schema["fields"]]
        assert [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]] == schema["primaryKey"]
        keys = database.execute(f'PRAGMA foreign_key_list("{resource["name"]}")').fetchall()
        assert sorted((k[2], k[3], k[4]) for k in keys) == sorted(
            (fk["reference"]["resource"], fk["fields"][0], fk["reference"]["fields"][0])
            for fk in schema.get("foreignKeys", []))


def test_foreign_keys_hold_and_join(database, package_descriptor, table_rows):
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    joins = 0
    for resource in package_descriptor["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            (child,), (parent,) = fk["fields"], fk["reference"]["fields"]
            target = fk["reference"]["resource"]
            joined = database.execute(
                f'SELECT count(*) FROM "{resource["name"]}" AS c JOIN "{target}" AS p '
                f'ON c."{child}" = p."{parent}"').fetchone()[0]
            assert joined == sum(1 for row in table_rows[resource["name"]] if row[child])
            joins += 1
    assert joins >= 3


def test_enumerations_and_dates_are_checked(database, package_descriptor, table_rows):
    checked = 0
    for resource in package_descriptor["resources"]:
        table, key = resource["name"], resource["schema"]["primaryKey"][0]
        first = table_rows[table][0][key]
        for field in resource["schema"]["fields"]:
            if enum_of(field):
                bad = "not-an-allowed-value"
            elif field["type"] == "date":
                bad = "2017-02-30"
            else:
                continue
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                database.execute(f'UPDATE "{table}" SET "{field["name"]}" = ? WHERE "{key}" = ?', (bad, first))
            checked += 1
    assert checked >= 10
    # and a whole new row with a bad enumeration value is refused
    events = fields_of(package_descriptor, "events")
    row = dict(table_rows["events"][0], event_id="a-new-event", event_type="picnic")
    values = [row[f["name"]] or None for f in events]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        database.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(values))})", values)


def test_the_database_describes_its_tables_and_columns(database, package_descriptor, table_rows):
    tables = database.execute("SELECT table_name, description, row_count FROM _tables").fetchall()
    assert tables == [(r["name"], r["description"], len(table_rows[r["name"]]))
                      for r in package_descriptor["resources"]]
    columns = database.execute("SELECT table_name, column_name, schema_type, description FROM _columns "
                               "ORDER BY rowid").fetchall()
    assert columns == [(r["name"], f["name"], f["type"], f["description"])
                       for r in package_descriptor["resources"] for f in r["schema"]["fields"]]


def test_full_text_search_finds_quotes_and_titles(database, table_rows):
    row = table_rows["events"][0]
    word = max((w.strip(".,;:'\"()") for w in row["quote"].split()), key=len)
    hits = database.execute("SELECT table_name, row_id FROM quotes_fts WHERE quote MATCH ?",
                            (f'"{word}"',)).fetchall()
    assert ("events", row["event_id"]) in hits
    source = table_rows["sources"][0]
    title_word = max(source["title"].replace(":", " ").split(), key=len).strip(".,'\"")
    hits = database.execute("SELECT table_name, row_id FROM quotes_fts WHERE title MATCH ?",
                            (f'"{title_word}"',)).fetchall()
    assert ("sources", source["source_id"]) in hits
    indexed = database.execute("SELECT count(*) FROM quotes_fts WHERE table_name = 'statistics'").fetchone()[0]
    assert indexed == len(table_rows["statistics"])


# -- stata ----------------------------------------------------------------------------


def read_dta(path):
    import pandas as pd

    with pd.io.stata.StataReader(path) as reader:
        frame = reader.read()
        return frame, reader.variable_labels(), reader.value_labels(), reader.data_label


def test_stata_files_hold_every_value_with_labels(exported, package_descriptor, table_rows):
    import pandas as pd

    folder, _, _ = exported["stata"]
    for resource in package_descriptor["resources"]:
        table = resource["name"]
        frame, variable_labels, value_labels, data_label = read_dta(folder / "stata" / f"{table}.dta")
        fields = resource["schema"]["fields"]
        assert list(frame.columns) == [f["name"] for f in fields]
        assert len(frame) == len(table_rows[table])
        assert data_label == resource["title"]
        for field in fields:
            name, where = field["name"], f"{table}.{field['name']}"
            label = variable_labels[name]
            assert 0 < len(label) <= 80
            assert label.removesuffix("...") in " ".join(field["description"].split()), where
            texts = [row[name] for row in table_rows[table]]
            column = frame[name]
            if enum_of(field):
                assert value_labels[name] == dict(enumerate(enum_of(field))), where
                # read_stata makes categories of the labels in use; the labels hold them all
                assert list(column.cat.categories) == [v for v in enum_of(field) if v in texts], where
                assert [None if pd.isna(v) else v for v in column] == [t or None for t in texts], where
            elif field["type"] == "date":
                assert [None if pd.isna(v) else v.date().isoformat() for v in column] == [t or None for t in texts]
            elif field["type"] in ("integer", "number"):
                assert [None if pd.isna(v) else float(v) for v in column] == [float(t) if t else None for t in texts]
            else:  # Stata's missing text is ""
                assert list(column) == texts, where


def test_text_longer_than_a_stata_str_is_stored_whole_as_strL(monkeypatch, tmp_path):
    import mechelen_data
    from mechelen_data._formats import stata

    long_quote = "Mechelen’s " * 400  # 4400 bytes in UTF-8: beyond str2045
    original = mechelen_data.load

    def load(table):
        frame = original(table)
        if table == "events":
            frame.loc[0, "quote"] = long_quote
        return frame

    monkeypatch.setattr(stata, "load", load)
    stata.write(tmp_path)
    frame, _, _, _ = read_dta(tmp_path / "stata" / "events.dta")
    assert frame.loc[0, "quote"] == long_quote


# -- parquet --------------------------------------------------------------------------


def test_parquet_columns_are_typed_and_described(exported, package_descriptor, table_rows):
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(),
                   "boolean": pa.bool_()}
    folder, _, _ = exported["parquet"]
    for resource in package_descriptor["resources"]:
        table = pq.read_table(folder / "parquet" / f"{resource['name']}.parquet")
        schema = table.schema
        assert schema.metadata[b"description"].decode() == resource["description"]
        assert json.loads(schema.metadata[b"frictionless_resource"]) == resource
        assert table.num_rows == len(table_rows[resource["name"]])
        for field in resource["schema"]["fields"]:
            arrow = schema.field(field["name"])
            assert arrow.metadata[b"description"].decode() == field["description"]
            assert arrow.nullable == (not field.get("constraints", {}).get("required", False))
            texts = [row[field["name"]] for row in table_rows[resource["name"]]]
            values = table.column(field["name"]).to_pylist()
            if enum_of(field):
                assert pa.types.is_dictionary(arrow.type)
                dictionary = table.column(field["name"]).combine_chunks().dictionary.to_pylist()
                assert dictionary == enum_of(field)
                assert values == [t or None for t in texts]
            else:
                assert arrow.type == arrow_types[field["type"]]
                parse = {"integer": int, "number": float, "date": dt.date.fromisoformat}.get(field["type"], str)
                assert values == [parse(t) if t else None for t in texts]


def test_without_pyarrow_the_parquet_export_names_the_extra(tmp_path):
    probe = (
        "import sys, pathlib\n"
        "sys.modules['pyarrow'] = None  # as if not installed\n"
        "from mechelen_data._formats import write\n"
        "try:\n"
        f"    write('parquet', pathlib.Path({str(tmp_path)!r}))\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert 'pip install "mechelen-data[parquet]"' in result.stdout
    assert list(tmp_path.iterdir()) == []
