"""Adding a source, a column and a table is a change to data files only: in a scratch copy,
a sixth source with a few rows, a new column of events and a new small table are added by
editing raw/ and raw/descriptor.yaml alone; the build then writes them, they
validate, and the library loads them (DataFrame, records, command line, data dictionary)."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from build_scripts.scratch import copy_repository

from .conftest import ROOT

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


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    repo = copy_repository(tmp_path_factory.mktemp("extended"))
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
    result = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return repo


def tracked(repo: Path, folder: str) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted((repo / folder).rglob("*.py"))}


def test_only_data_files_were_edited(extended):
    assert tracked(extended, "build_scripts") == tracked(ROOT, "build_scripts")
    assert tracked(extended, "mechelen_data") == tracked(ROOT, "mechelen_data")


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
    assert seen["tables"][-1] == "facilities" and seen["sources"][-1] == SOURCE and len(seen["sources"]) == 6
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
    assert ["sources", "6", "rows"] == next(line for line in listed if line[0] == "sources")[:3]
    assert "De Kaai youth centre" in cli("show", "facilities")


def test_the_dictionary_and_citation_file_describe_the_additions(extended):
    dictionary = (extended / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert "\n## facilities\n" in dictionary and "| `volunteers` | integer |" in dictionary
    assert "| `venue` | string |" in dictionary and "`municipal_report`" in dictionary
    citation = yaml.safe_load((extended / "CITATION.cff").read_text(encoding="utf-8"))
    reference = citation["references"][-1]
    assert (reference["url"], reference["type"], reference["month"]) == ("https://example.org/mechelen-report-2018",
                                                                         "generic", 12)
