"""The accessor API: typed DataFrames, pydantic records, schemas, helpful errors."""

import datetime as dt
import typing

import pandas as pd
import pytest

import mechelen_data as m

from .conftest import read_csv_rows


def test_tables_are_the_descriptors_resources(package_descriptor):
    assert m.tables() == [r["name"] for r in package_descriptor["resources"]]
    assert {"sources", "events", "strategies", "statistics", "initiatives"} <= set(m.tables())


@pytest.mark.parametrize("name", m.tables())
def test_each_table_has_its_own_loader_equal_to_load(name):
    pd.testing.assert_frame_equal(getattr(m, name)(), m.load(name))


def test_a_name_that_is_no_table_is_no_loader():
    with pytest.raises(AttributeError, match="no attribute 'evnts'"):
        m.evnts


@pytest.mark.parametrize("name", m.tables())
def test_dtypes_follow_the_table_schema(name):
    frame = m.load(name)
    fields = m.schema(name)["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        column = frame[field["name"]]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert isinstance(column.dtype, pd.CategoricalDtype), field["name"]
            assert list(column.cat.categories) == enum
        elif field["type"] == "date":
            assert pd.api.types.is_datetime64_dtype(column), field["name"]
        elif field["type"] == "integer":
            assert column.dtype == "Int64", field["name"]
        elif field["type"] == "number":
            assert column.dtype == "Float64", field["name"]
        else:
            assert column.dtype == "string", field["name"]


@pytest.mark.parametrize("name", m.tables())
def test_only_empty_cells_are_missing(name):
    raw = read_csv_rows(m.csv_path(name))
    frame = m.load(name)
    assert len(frame) == len(raw)
    for column in frame.columns:
        empty = [row[column] == "" for row in raw]
        assert frame[column].isna().tolist() == empty, column


@pytest.mark.parametrize("name", m.tables())
def test_records_models_agree_with_the_schema_field_by_field(name):
    records = m.records(name)
    raw = read_csv_rows(m.csv_path(name))
    assert len(records) == len(raw)
    model = type(records[0])
    python = {"string": str, "integer": int, "number": float, "date": dt.date}
    fields = m.schema(name)["fields"]
    assert list(model.model_fields) == [f["name"] for f in fields]
    for field in fields:
        annotation = model.model_fields[field["name"]].annotation
        required = field.get("constraints", {}).get("required", False)
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = annotation if required else arguments[0]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert list(typing.get_args(inner)) == enum
        else:
            assert inner is python[field["type"]], field["name"]
        assert required == (type(None) not in typing.get_args(annotation)), field["name"]
    first = records[0]
    for field in fields:
        value, text = getattr(first, field["name"]), raw[0][field["name"]]
        assert (value is None) == (text == ""), field["name"]


def test_a_mistyped_table_name_names_the_valid_tables():
    with pytest.raises(KeyError) as error:
        m.load("event")
    message = str(error.value)
    assert "Did you mean 'events'?" in message
    for name in m.tables():
        assert name in message
    with pytest.raises(KeyError):
        m.records("strategy")
    with pytest.raises(KeyError):
        m.schema("nope")


def test_schema_and_descriptor_are_copies_the_user_cannot_corrupt():
    m.schema("events")["fields"].clear()
    m.descriptor()["resources"].clear()
    assert m.schema("events")["fields"] and m.tables()


def test_loaded_frames_are_independent_copies():
    first = m.events()
    first.loc[0, "title"] = "edited"
    del first["quote"]
    again = m.events()
    assert again.loc[0, "title"] != "edited" and "quote" in again.columns


def test_columns_can_be_picked_and_a_mistyped_one_names_the_closest():
    frame = m.load("events", columns=["event_id", "date_start"])
    assert list(frame.columns) == ["event_id", "date_start"]
    with pytest.raises(KeyError, match="Did you mean 'date_start'") as error:
        m.load("events", columns=["date_strat"])
    assert "event_type" in str(error.value)


@pytest.mark.parametrize("name", m.tables())
def test_every_date_loads_as_the_day_the_csv_gives(name, table_rows):
    """Every date cell loads as the day its CSV cell gives."""
    dates = [f["name"] for f in m.schema(name)["fields"] if f["type"] == "date"]
    frame = m.load(name)
    for column in dates:
        loaded = [day.strftime("%Y-%m-%d") if not pd.isna(day) else "" for day in frame[column]]
        assert loaded == [row[column] for row in table_rows[name]], column


@pytest.mark.parametrize("table, lookup, key", [("strategies", "themes", "theme"), ("initiatives", "themes", "theme"),
                                                ("statistics", "indicators", "indicator")])
def test_a_key_column_has_one_name_across_tables_so_merge_on_works(table, lookup, key):
    merged = m.load(table).merge(m.load(lookup), on=key, how="left", validate="many_to_one", suffixes=("", "_lookup"))
    assert len(merged) == len(m.load(table)) and merged["label"].notna().all()


def test_a_single_column_name_is_one_column_not_its_letters():
    assert list(m.load("events", columns="title").columns) == ["title"]


@pytest.mark.parametrize("columns", [5, [5], ["title", None], [["title"]], {"title": 1}.values()])
def test_columns_that_are_not_names_are_refused_naming_the_valid_ones(columns):
    with pytest.raises(m.UnknownNameError, match="Unknown column .* Valid columns in table 'events': event_id, "):
        m.load("events", columns=columns)


def test_suggestions_ignore_case():
    with pytest.raises(m.UnknownNameError, match="Did you mean 'events'"):
        m.load("EVENTS")
    with pytest.raises(m.UnknownNameError, match="Did you mean 'date_start'"):
        m.load("events", columns=["Date_Start"])


def test_errors_share_one_base_class_exported_at_the_top():
    for name in ("UnknownNameError", "IntegrityError", "ExportError"):
        assert issubclass(getattr(m, name), m.MechelenDataError)


def test_verify_returns_what_it_checked(table_rows, package_descriptor):
    checked = {table.table: table for table in m.verify()}
    assert list(checked) == m.tables()
    for resource in package_descriptor["resources"]:
        table = checked[resource["name"]]
        assert table.bytes == resource["bytes"] and "sha256:" + table.sha256 == resource["hash"]
        assert table.rows == len(table_rows[resource["name"]])


@pytest.mark.parametrize("indicator", ["foreign_fighters", "nationalities", "population"])
def test_compare_wide_puts_each_figure_on_one_row_and_the_sources_side_by_side(table_rows, indicator):
    claims = [row for row in table_rows["statistics"] if row["indicator"] == indicator]
    wide = m.compare(indicator, wide=True)
    sources = [column for column in wide.columns if column not in ("place", "corroboration", "subject")]
    assert set(sources) == {row["source_id"] for row in claims}

    def key(row):  # a corroboration group shares a row; any other claim has its place and subject
        return (row["place"], row["corroboration"], "" if row["corroboration"] else row["subject"])

    rows = [tuple("" if pd.isna(value) else value for value in values)
            for values in wide[["place", "corroboration", "subject"]].itertuples(index=False)]
    assert sorted(rows) == sorted({key(row) for row in claims})
    for row in claims:  # each claim stands in its figure's row, under its source, as a whole number where it is one
        number = float(row["value"])
        cell = wide[source := row["source_id"]].iloc[rows.index(key(row))]
        assert (str(int(number)) if number.is_integer() else str(number)) in cell, (source, cell)
        assert row["unit"] in cell and ".0 " not in cell and not cell.startswith(("none", "<NA>"))
    for group in {row["corroboration"] for row in claims if row["corroboration"]}:  # side by side
        told_by = {row["source_id"] for row in claims if row["corroboration"] == group}
        cells = wide.loc[wide["corroboration"] == group, sources]
        assert len(cells) == 1 and set(cells.columns[cells.notna().iloc[0]]) == told_by


def test_compare_says_how_precise_each_publication_date_is(table_rows):
    long = m.compare("nationalities")
    precision = {row["source_id"]: row["published_precision"] for row in table_rows["sources"]}
    assert (long["published_precision"].astype(str) == long["source_id"].map(precision)).all()


def test_a_day_before_1677_loads_although_nanosecond_datetimes_cannot_hold_it():
    import pandas as pd

    from mechelen_data._frames import _typed

    loaded = pd.Series(_typed("statistics", {"name": "period_start", "type": "date"}, ["1520-01-01", None]))
    assert loaded.iloc[0].strftime("%Y-%m-%d") == "1520-01-01" and pd.isna(loaded.iloc[1])
