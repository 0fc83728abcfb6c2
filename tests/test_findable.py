"""The metadata that makes the package findable and citable, each checked against what its
consumer requires: .zenodo.json (Zenodo's documented deposit keys), the Croissant JSON-LD
(mlcroissant validates it and reads every record set offline) and the dataset card; and the
DOI, kept once in pyproject.toml, reaching every place a reader copies it from."""

import hashlib
import json
import re
import subprocess
import sys
import zipfile

import pytest
import yaml

import mechelen_data as m
from build_scripts.croissant import croissant_json
from build_scripts.scratch import copy_repository
from build_scripts.zenodo import REQUIRED, zenodo_json
from mechelen_data import _documents
from mechelen_data._card import AUDIT_COUNTS, dataset_card

from .conftest import ROOT

# Croissant's dataType of each Table Schema type, from the Croissant 1.1 specification's
# data types (schema.org Text, Integer, Float, Boolean, Date).
CROISSANT_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean",
                   "date": "sc:Date"}
PLACEHOLDER_DOI = "10.5281/zenodo.0000000"  # never a real one: used in a scratch copy only


@pytest.fixture(scope="module")
def published() -> dict[str, bytes]:
    return {name: m.csv_path(name).read_bytes() for name in m.tables()}


# .zenodo.json


def test_zenodo_json_is_a_fresh_generation_with_the_documented_required_keys(package_descriptor, table_rows):
    committed = (ROOT / ".zenodo.json").read_bytes()
    assert committed == zenodo_json(package_descriptor, table_rows["sources"])
    metadata = json.loads(committed)
    for key, kind in REQUIRED.items():
        assert isinstance(metadata[key], kind) and metadata[key], key
    assert metadata["upload_type"] == "dataset" and metadata["access_right"] == "open"
    assert metadata["license"] == "cc-by-4.0"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", metadata["publication_date"])
    assert all(set(creator) <= {"name", "affiliation", "orcid", "gnd"} for creator in metadata["creators"])
    assert "doi" not in metadata  # Zenodo mints each version's DOI itself


def test_zenodo_json_says_what_citation_cff_says_and_derives_from_the_five_sources(table_rows):
    metadata = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert metadata["title"] == cff["title"] and metadata["version"] == cff["version"]
    assert metadata["keywords"] == cff["keywords"] and metadata["publication_date"] == cff["date-released"]
    assert [c["name"] for c in metadata["creators"]] == [a["name"] for a in cff["authors"]]
    related = metadata["related_identifiers"]
    assert [r["identifier"] for r in related] == [row["url"] for row in table_rows["sources"]]
    assert {(r["relation"], r["scheme"]) for r in related} == {("isDerivedFrom", "url")}
    assert len(metadata["references"]) == len(table_rows["sources"])


# Croissant


@pytest.fixture(scope="module")
def croissant() -> dict:
    return json.loads((ROOT / "mechelen_data" / "croissant.json").read_text(encoding="utf-8"))


def test_croissant_is_a_fresh_generation(package_descriptor, published):
    assert (ROOT / "mechelen_data" / "croissant.json").read_bytes() == croissant_json(package_descriptor, published)


def test_croissant_describes_every_file_and_table_from_the_descriptor(croissant, package_descriptor, published):
    assert croissant["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert croissant["version"] == m.__version__ and croissant["citeAs"] == m.cite("bibtex")
    assert [w["url"] for w in croissant["isBasedOn"]] == [r["url"] for r in m.load("sources").to_dict("records")]
    files = {f["contentUrl"]: f for f in croissant["distribution"]}
    for resource in package_descriptor["resources"]:
        assert files[resource["path"]]["sha256"] == hashlib.sha256(published[resource["name"]]).hexdigest()
        assert files[resource["path"]]["encodingFormat"] == "text/csv"
    record_sets = {r["name"]: r for r in croissant["recordSet"]}
    for resource in package_descriptor["resources"]:
        fields = {f["name"]: f for f in record_sets[resource["name"]]["field"]}
        schema = resource["schema"]
        assert list(fields) == [f["name"] for f in schema["fields"]]
        assert all(fields[f["name"]]["dataType"] == CROISSANT_TYPES[f["type"]] for f in schema["fields"])
        key = record_sets[resource["name"]]["key"]
        assert [k["@id"] for k in (key if isinstance(key, list) else [key])] == \
            [f"{resource['name']}/{name}" for name in schema["primaryKey"]]
        for foreign in schema.get("foreignKeys", []):
            for field, target in zip(foreign["fields"], foreign["reference"]["fields"]):
                assert fields[field]["references"] == {"field": {"@id": f"{foreign['reference']['resource']}/{target}"}}


def test_croissant_coverage_and_biases_are_counted_from_the_data(croissant, table_rows):
    events = table_rows["events"]
    assert croissant["temporalCoverage"] == f"{min(e['date_start'] for e in events)}/{max(e['date_end'] for e in events)}"
    assert "Mechelen" == croissant["spatialCoverage"][0]["name"]
    independence = {row["source_id"]: row["independence"] for row in table_rows["sources"]}
    curated = [row for name, rows in table_rows.items() if name not in ("sources", "exclusions")
               for row in rows if "source_id" in row]
    kept = sum(independence[row["source_id"]] != "independent" for row in curated)
    assert f"{kept} of the {len(curated)} curated rows" in croissant["rai:dataBiases"]
    assert "3 of the 5 source documents" in croissant["rai:dataBiases"]
    for key in ("rai:dataLimitations", "rai:personalSensitiveInformation", "rai:dataCollection", "rai:dataUseCases"):
        assert croissant[key]


def test_mlcroissant_validates_it_and_reads_every_record_set_offline(table_rows):
    import mlcroissant as mlc  # not a dependency of the package: the dev extra installs it
    dataset = mlc.Dataset(jsonld=ROOT / "mechelen_data" / "croissant.json")
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    counted = {rs.name: sum(1 for _ in dataset.records(record_set=rs.uuid)) for rs in dataset.metadata.record_sets}
    assert counted == {name: len(rows) for name, rows in table_rows.items()}


# The dataset card


def test_the_card_is_a_fresh_generation_and_ships_in_every_export(tmp_path):
    card = _documents.documents()["dataset-card.md"]
    assert (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8") == card
    archive = m.export(tmp_path, zip=True)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.read("dataset-card.md").decode("utf-8") == card
        assert zipped.read("croissant.json") == (ROOT / "mechelen_data" / "croissant.json").read_bytes()
    assert "docs/dataset-card.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_card_has_the_datasheet_sections_and_the_counted_numbers(table_rows):
    card = (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", card, re.MULTILINE)
    for wanted in ("Motivation", "Composition", "Collection and curation process", "Uses", "Out-of-scope uses",
                   "Biases and limitations", "Personal and sensitive information",
                   "Maintenance and how to report an error", "Citation"):
        assert wanted in sections
    for name, rows in table_rows.items():
        assert f"| `{name}` | {len(rows)} |" in card
    from_group = sum(row["source_id"] == "reneweurope-cor-2019" for row in table_rows["events"])
    assert f"{from_group} of the {len(table_rows['events'])} events come from `reneweurope-cor-2019`" in card
    assert m.cite("bibtex").strip() in card
    # When the figures were claimed and how many state their period, counted here from the rows.
    figures = table_rows["statistics"]
    on_entries = sum(row["claimed_basis"] == "timeline_entry" for row in figures)
    half_open = sum(1 for row in figures if (row["period_start"] == "") != (row["period_end"] == ""))
    assert f"{on_entries} `timeline_entry`" in card and f"{len(figures) - on_entries} `publication`" in card
    assert f"{half_open} only its start or end (half-open)" in card


def test_the_card_reports_the_audit_counts_and_says_pending_where_there_are_none():
    audit = yaml.safe_load((ROOT / "docs" / "audit.yaml").read_text(encoding="utf-8"))
    assert json.loads((ROOT / "mechelen_data" / "audit.json").read_text(encoding="utf-8"))["rounds"][0]["sources"] == \
        audit["rounds"][0]["sources"]
    card = (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    for number, round_ in enumerate(audit["rounds"], start=1):
        counted = round_["sources"]
        if not counted:
            assert f"Round {number}: pending." in card
            continue
        for source, counts in counted.items():
            assert f"| `{source}` | " + " | ".join(str(counts[k]) for k in AUDIT_COUNTS) + " |" in card
        assert "| all | " + " | ".join(str(sum(c[k] for c in counted.values())) for k in AUDIT_COUNTS) + " |" in card


def test_a_partly_filled_round_reads_pending_for_the_sources_not_yet_counted(table_rows, package_descriptor):
    audit = {"rounds": [{"description": "", "sources": {"breda-dw-2017": {"rows_checked": 41, "serious": 0}}}]}
    card = dataset_card(package_descriptor, table_rows, audit, ("text", "@misc{x}"))
    assert "| `breda-dw-2017` | 41 | 0 | pending | pending |" in card
    assert "| `somers-cidob-2017` | pending | pending | pending | pending |" in card


# The DOI: one place, everywhere a reader copies it from


def test_the_real_files_hold_no_doi_until_one_is_minted(package_descriptor):
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^\[tool\.mechelen-data\]\ndoi = ""$', pyproject, re.MULTILINE)
    assert "id" not in package_descriptor and "doi" not in yaml.safe_load((ROOT / "CITATION.cff").read_text())


@pytest.mark.slow  # a build and a run of the library in a scratch copy
def test_a_minted_doi_flows_from_pyproject_into_every_citation(tmp_path):
    repo = copy_repository(tmp_path)
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('doi = ""', f'doi = "{PLACEHOLDER_DOI}"'),
                         encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    url = f"https://doi.org/{PLACEHOLDER_DOI}"
    for path in ("datapackage.json", "mechelen_data/datapackage.json"):
        assert json.loads((repo / path).read_text(encoding="utf-8"))["id"] == url
    assert yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))["doi"] == PLACEHOLDER_DOI
    assert f"DOI: [{PLACEHOLDER_DOI}]({url})" in (repo / "README.md").read_text(encoding="utf-8")
    assert json.loads((repo / "mechelen_data" / "croissant.json").read_text(encoding="utf-8"))["identifier"] == url
    assert f"DOI [{PLACEHOLDER_DOI}]({url})" in (repo / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    # The library of the scratch copy: cite() and the README of an export.
    script = ("import mechelen_data as m; from mechelen_data import _documents; print(m.__file__); "
              "print(m.cite()); print(m.cite('bibtex')); print(_documents.documents()['README.md'])")
    shown = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(str(repo))  # the scratch copy's library, not the working tree's
    assert shown.stdout.count(url) >= 2 and f"doi = {{{PLACEHOLDER_DOI}}}" in shown.stdout
    # A second build changes nothing.
    again = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)
    assert "changed: nothing" in again.stdout


@pytest.mark.slow  # a build of its own
def test_a_doi_that_is_not_one_stops_the_build(tmp_path):
    repo = copy_repository(tmp_path)
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('doi = ""', 'doi = "https://doi.org/10.1/x"'),
                         encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True)
    assert built.returncode == 1 and "[tool.mechelen-data] doi" in built.stderr
