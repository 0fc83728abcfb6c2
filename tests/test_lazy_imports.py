"""What each use of the package imports, checked in a fresh interpreter via sys.modules."""

import json
import subprocess
import sys
import textwrap

import pytest

# The export formats' libraries count as heavy too: each is imported only for its format.
HEAVY = ["pandas", "numpy", "frictionless", "pydantic", "yaml", "openpyxl", "sqlite3", "pyarrow"]


def imported_after(code: str) -> set[str]:
    probe = textwrap.dedent(f"""
        import json, sys
        {code}
        print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_import_alone_imports_nothing_heavy():
    assert imported_after("import mechelen_data") == set()


def test_schema_paths_and_tables_need_nothing_heavy():
    code = "import mechelen_data as m; m.tables(); m.schema('events'); m.csv_path('events'); m.descriptor()"
    assert imported_after(code) == set()


def test_records_import_pydantic_but_not_pandas():
    assert imported_after("import mechelen_data as m; [m.records(t) for t in m.tables()]") == {"pydantic"}


def test_show_reads_records_not_dataframes_unless_it_selects_by_time():
    show = ("import io; from mechelen_data.__main__ import main; shown, sys.stdout = sys.stdout, io.StringIO(); "
            "main(['show', 'events', {}]); sys.stdout = shown")
    assert imported_after(show.format("'--format', 'json'")) == {"pydantic"}
    assert "pandas" in imported_after(show.format("'--between', '2017', '2017'"))


def test_dataframes_import_pandas_but_not_frictionless_or_pydantic():
    # pandas imports numpy, and pyarrow too when it is installed (pandas 3): that is pandas' own.
    assert imported_after("import pandas") >= {"pandas", "numpy"}
    assert imported_after("import mechelen_data as m; [m.load(t) for t in m.tables()]") == imported_after("import pandas")


def test_citing_and_the_light_commands_need_nothing_heavy(tmp_path):
    code = f"""
        import contextlib, io
        import mechelen_data as m
        from mechelen_data.__main__ import main
        m.cite("bibtex"); m.cite("cff", source="all")
        with contextlib.redirect_stdout(io.StringIO()):
            main(["list"]); main(["schema", "events"]); main(["cite"]); main(["export", {str(tmp_path / "out")!r}])
    """
    assert imported_after(code) == set()


@pytest.mark.slow  # an export per format, each in a fresh interpreter
def test_each_export_format_imports_its_own_library_and_not_the_others(tmp_path):
    # stata writes through pandas' to_stata; pandas and pyarrow may import each other
    # (pandas 3 uses pyarrow for strings), which is their own business.
    own = {"xlsx": {"openpyxl"}, "sqlite": {"sqlite3"}, "stata": {"pandas"}, "parquet": {"pyarrow"}}
    for name, libraries in own.items():
        folder = tmp_path / name
        folder.mkdir()
        code = f"from pathlib import Path; from mechelen_data._formats import write; write({name!r}, Path({str(folder)!r}))"
        imported = imported_after(code)
        assert libraries <= imported, name
        assert not imported & ({"openpyxl", "sqlite3", "frictionless", "yaml"} - libraries), name
        if name in ("xlsx", "sqlite"):  # read through the row models: no pandas, no pyarrow
            assert not imported & {"pandas", "pyarrow"}, name
