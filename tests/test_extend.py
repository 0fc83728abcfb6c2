"""Adding a source, a column and a table is a change to data files only: in a scratch copy,
a new source with a few rows, a new column of events and a new small table are added by
editing raw/ and raw/descriptor.yaml alone; the build then writes them (and no code), they
validate, the library loads them (DataFrame, records, command line, data dictionary), and
the tests of the data pass on the extended copy."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

import mechelen_data as m
from build_scripts.scratch import copy_repository

from .conftest import ROOT

# Two builds of a scratch copy (the second draws every figure again): run with --slow and in CI.
pytestmark = pytest.mark.slow

SOURCE = "mechelen-report-2018"
TEXT = """City of Mechelen: Annual report on social cohesion, 2018

On 3 May 2018 the mayor opened the new youth centre De Kaai at the Vismarkt.
In 2018 not one young person from Mechelen left for Syria.
The youth centre De Kaai is run by 40 volunteers.
"""
SOURCE_ROW = f"""- id: {SOURCE}
  title: "Annual report on social cohesion, 2018"
  publisher: City of Mechelen
  source_type: municipal_report
  published: "2018-12"
  url: https://example.org/mechelen-report-2018
  language: en
  independence: affiliated
"""
EVENTS = f"""# Events of the city's 2018 report.
- id: report-youth-centre-opened
  source: {SOURCE}
  quote: "On 3 May 2018 the mayor opened the new youth centre De Kaai at the Vismarkt"
  event_type: policy
  title: The mayor opens the youth centre De Kaai
  actors: [Bart Somers]
  city: Mechelen
  country: BE
  venue: Vismarkt
  date: "2018-05-03"
  date_verbatim: "3 May 2018"
"""
STATISTIC = f"""- id: report-foreign-fighters-mechelen-2018
  source: {SOURCE}
  quote: "In 2018 not one young person from Mechelen left for Syria"
  indicator: foreign_fighters
  place: Mechelen
  value: 0
  unit: people
  qualifier: exact
  value_verbatim: "not one"
  period: "2018"
  period_verbatim: "In 2018"
  claimant: City of Mechelen
"""
FACILITIES = f"""- id: de-kaai
  source: {SOURCE}
  quote: "The youth centre De Kaai is run by 40 volunteers"
  name: De Kaai youth centre
  city: Mechelen
  volunteers: 40
"""
NEW_TABLE = """
  facilities:
    title: Facilities
    description: Buildings and places the sources name, with who runs them.
    annotations: facilities.yaml
    primaryKey: [facility_id]
    foreignKeys:
      - {fields: [source_id], reference: {resource: sources, fields: [source_id]}}
    fields:
      - name: facility_id
        type: string
        description: Stable identifier of the row.
        constraints: {required: true, unique: true, pattern: "^[a-z0-9][a-z0-9-]*$"}
      - name: name
        type: string
        description: Name of the facility.
        constraints: {required: true}
      - name: city
        type: string
        description: City where it stands.
      - name: volunteers
        type: integer
        description: Number of volunteers who run it, as the source says.
        constraints: {minimum: 0}
      - *source_id
      - *quote
      - *quote_start
      - *quote_end
"""
NEW_COLUMN = """      - name: venue
        type: string
        description: The building or square where the event took place, where the source says.
"""
NEW_VALUE = "          municipal_report: a report published by a city administration\n"


def insert(path: Path, before: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(before) == 1, before
    path.write_text(content.replace(before, text + before), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def files(repo: Path) -> dict[str, bytes]:
    """Every file of a copy, by path relative to it."""
    return {path.relative_to(repo).as_posix(): path.read_bytes() for path in sorted(repo.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


# What a curator edits to add the source (its text, its row, rows that quote it and a new
# source type), the column (its declaration and a value) and the table (its declaration and
# its annotation file): data files only.
EDITED = {
    f"raw/texts/{SOURCE}.txt", "raw/annotations/sources.yaml", f"raw/annotations/events-{SOURCE}.yaml",
    "raw/annotations/statistics.yaml", "raw/annotations/facilities.yaml", "raw/descriptor.yaml",
}


@pytest.fixture(scope="module")
def extension(tmp_path_factory) -> tuple[Path, set[str], set[str]]:
    """(the extended copy, the files edited to extend it, the files the build then changed)."""
    repo = copy_repository(tmp_path_factory.mktemp("extended"))
    shutil.copytree(ROOT / "tests", repo / "tests", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    pristine = files(repo)
    raw, descriptor = repo / "raw", repo / "raw" / "descriptor.yaml"
    (raw / "texts" / f"{SOURCE}.txt").write_text(TEXT, encoding="utf-8")
    append(raw / "annotations" / "sources.yaml", SOURCE_ROW)
    (raw / "annotations" / f"events-{SOURCE}.yaml").write_text(EVENTS, encoding="utf-8")
    append(raw / "annotations" / "statistics.yaml", STATISTIC)
    (raw / "annotations" / "facilities.yaml").write_text(FACILITIES, encoding="utf-8")
    insert(descriptor, "      - name: city\n        type: string\n        description: City where the event took place",
           NEW_COLUMN)
    content = descriptor.read_text(encoding="utf-8")
    marker = "          feature_article:"
    descriptor.write_text(content.replace(marker, NEW_VALUE + marker, 1) + NEW_TABLE, encoding="utf-8")
    edited = files(repo)
    result = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return repo, changed(pristine, edited), changed(edited, files(repo))


@pytest.fixture(scope="module")
def extended(extension) -> Path:
    return extension[0]


def test_only_data_files_were_edited_and_the_build_changed_only_generated_files(extension):
    _, edited, built = extension
    assert edited == EDITED
    assert all(path.startswith("raw/") for path in edited)
    # The build wrote its outputs, and no code: the library and the build are as they were.
    code = {path for path in built if path.endswith(".py") or path.startswith(("build_scripts/", "tests/", "raw/"))}
    assert code == set() and "mechelen_data/datapackage.json" in built and "README.md" in built
    assert "mechelen_data/data/facilities.csv" in built and "docs/data-dictionary.md" in built


def test_the_data_and_curation_tests_pass_on_the_extended_copy(extended):
    """The tests of the data, run against the copy (its ROOT, its library, its tables)."""
    suites = ["test_data.py", "test_curation.py", "test_integrity.py", "test_dictionary.py", "test_cite.py",
              "test_descriptor.py", "test_spec.py", "test_api.py", "test_statistics.py", "test_strategies.py"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                             *[f"tests/{suite}" for suite in suites]],
                            cwd=extended, capture_output=True, text=True, env={**os.environ, "CI": ""})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout


def test_the_extended_package_is_valid_for_frictionless_and_the_v2_json_schema(extended):
    import jsonschema
    from frictionless import Package

    from .test_descriptor import v2_profile

    for path in ("datapackage.json", "mechelen_data/datapackage.json"):
        report = Package(str(extended / path)).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
        jsonschema.Draft7Validator(v2_profile()).validate(json.loads((extended / path).read_text(encoding="utf-8")))


def library(repo: Path, code: str) -> dict:
    """Run `code` with the scratch copy's library; it prints one JSON object."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_library_loads_the_new_source_column_and_table(extended):
    seen = library(extended, f"""
        import json, mechelen_data as m
        assert m.__file__.startswith({str(extended)!r})
        m.verify()
        events, facilities = m.events(), m.load("facilities")
        event = events[events.event_id == "report-youth-centre-opened"].iloc[0]
        record = m.records("facilities")[0]
        print(json.dumps({{
            "tables": m.tables(),
            "sources": m.sources().source_id.tolist(),
            "source_types": list(m.sources().source_type.cat.categories),
            "venue": event.venue, "date": str(event.date_start.date()), "venues": int(events.venue.notna().sum()),
            "facility": facilities.name.tolist(), "volunteers_dtype": str(facilities.volunteers.dtype),
            "record": [type(record).__name__, record.volunteers, record.quote_start],
            "loader": m.facilities().equals(facilities),
            "claims": m.compare("foreign_fighters", "Mechelen").source_id.tolist(),
            "bibtex": m.cite("bibtex", source={SOURCE!r}),
        }}))
    """)
    assert seen["tables"] == [*m.tables(), "facilities"] and seen["sources"] == [*m.sources().source_id, SOURCE]
    assert "municipal_report" in seen["source_types"]
    assert (seen["venue"], seen["date"], seen["venues"]) == ("Vismarkt", "2018-05-03", 1)
    assert seen["facility"] == ["De Kaai youth centre"] and seen["volunteers_dtype"] == "Int64"
    assert seen["record"] == ["Facility", 40, TEXT.index("The youth centre De Kaai")]
    assert seen["loader"] and SOURCE in seen["claims"]
    assert seen["bibtex"].startswith(f"@misc{{{SOURCE},")


def test_the_command_line_lists_and_shows_the_new_table(extended):
    def cli(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "mechelen_data", *args], cwd=extended,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    listed = [line.split() for line in cli("list").splitlines()]
    assert ["facilities", "1", "rows", "Facilities"] in listed
    assert ["sources", str(len(m.sources()) + 1), "rows"] == next(line for line in listed if line[0] == "sources")[:3]
    assert "De Kaai youth centre" in cli("show", "facilities")


def test_the_dictionary_and_citation_file_describe_the_additions(extended):
    dictionary = (extended / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert "\n## facilities\n" in dictionary and "| `volunteers` | integer |" in dictionary
    assert "| `venue` | string |" in dictionary and "`municipal_report`" in dictionary
    citation = yaml.safe_load((extended / "CITATION.cff").read_text(encoding="utf-8"))
    reference = citation["references"][-1]
    assert (reference["url"], reference["type"], reference["month"]) == ("https://example.org/mechelen-report-2018",
                                                                         "generic", 12)
