"""The exports read by real programs outside Python: LibreOffice converts the workbook
back to CSV, and R reads every table typed from the descriptor. Both programs are
installed by .ci/system-packages; where one is missing its test is skipped, saying so,
except under CI=true, where it fails."""

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from mechelen_data._formats import write

from .conftest import program, require

ROOT = Path(__file__).resolve().parent.parent
R_SCRIPT = ROOT / "tests" / "r" / "read_typed.R"
# LibreOffice's CSV filter options: comma, double quote, UTF-8 (76), -, -, language en-US
# (1033), quoted fields as text, detect special numbers, save cell contents as shown, no
# formulas, keep spaces, every sheet (-1) into its own file NAME-SHEET.csv.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1"


SOFFICE = ("soffice", "libreoffice-calc-nogui")
RSCRIPT = ("Rscript", "r-base-core r-cran-readr r-cran-jsonlite")


def test_libreoffice_reads_back_every_cell_of_the_workbook(tmp_path, package_descriptor, table_rows):
    write("xlsx", tmp_path)
    out = tmp_path / "converted"
    subprocess.run(
        [program(*SOFFICE), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(tmp_path / "mechelen-data.xlsx")],
        check=True, capture_output=True, timeout=180)
    checked = {"non-ASCII": 0, "verbatim": 0, "date": 0}
    for resource in package_descriptor["resources"]:
        table = resource["name"]
        with open(out / f"mechelen-data-{table}.csv", encoding="utf-8", newline="") as handle:
            shown = list(csv.DictReader(handle))
        assert len(shown) == len(table_rows[table])
        for expected, row in zip(table_rows[table], shown):
            for field in resource["schema"]["fields"]:
                name, text = field["name"], expected[field["name"]]
                if field["type"] == "number" and text:
                    assert float(row[name]) == float(text), f"{table}.{name}"
                else:  # text exactly, dates as yyyy-mm-dd (real dates, or ISO text before 1900)
                    assert row[name] == text, f"{table}.{name}: {row[name]!r} != {text!r}"
                checked["non-ASCII"] += not text.isascii()
                checked["verbatim"] += name.endswith("_verbatim") and bool(text)
                checked["date"] += field["type"] == "date" and bool(text)
    assert all(checked.values()), checked


@pytest.fixture(scope="module")
def rscript() -> str:
    """Rscript, with the R packages the check reads with."""
    path = program(*RSCRIPT)
    loaded = subprocess.run([path, "-e", "library(readr); library(jsonlite)"], capture_output=True, timeout=120)
    require(loaded.returncode == 0, "R has no readr or jsonlite (Debian: r-cran-readr r-cran-jsonlite; elsewhere, "
                                    'in R: install.packages(c("readr", "jsonlite")))')
    return path


def test_r_reads_every_table_typed_from_the_descriptor(rscript):
    result = subprocess.run([rscript, str(R_SCRIPT), str(ROOT / "mechelen_data")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for resource in ROOT.joinpath("mechelen_data").glob("data/*.csv"):
        assert resource.stem in result.stdout
    assert "every table read typed and matches its CSV" in result.stdout


def test_the_r_check_fails_on_a_value_outside_its_enumeration(tmp_path, rscript):
    broken = tmp_path / "package"
    shutil.copytree(ROOT / "mechelen_data" / "data", broken / "data")
    shutil.copy(ROOT / "mechelen_data" / "datapackage.json", broken)
    events = broken / "data" / "events.csv"
    rows = list(csv.reader(events.open(encoding="utf-8", newline="")))
    column = rows[0].index("event_type")
    rows[1][column] = "picnic"
    with events.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = subprocess.run([rscript, str(R_SCRIPT), str(broken)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode != 0
    assert "events.event_type" in result.stderr

