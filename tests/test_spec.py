"""What descriptor.yaml tells the build: a mistake there stops the build naming the table
and field, and nothing the build reads is published."""

import copy
import json

import pytest

from build_scripts import spec
from build_scripts.annotations import BuildError
from build_scripts.steps import STEPS, plan

from .conftest import ROOT, build_spec


def test_tables_come_after_the_tables_they_refer_to():
    order = [table.name for table in spec.tables(build_spec())]
    for table in spec.tables(build_spec()):
        for target, _ in table.references.values():
            assert order.index(target) < order.index(table.name), (table.name, target)


def test_an_unknown_computed_step_is_refused_naming_table_and_field():
    declared = copy.deepcopy(build_spec())
    declared["tables"]["events"]["fields"][1]["computed"] = "guess"
    events = next(table for table in spec.tables(declared) if table.name == "events")
    with pytest.raises(BuildError, match=r"table events, field date_start: unknown computed step 'guess'; "
                                         r"the build computes: " + ", ".join(STEPS)):
        plan(events)


def test_an_unknown_table_key_or_a_circle_of_foreign_keys_is_refused():
    declared = copy.deepcopy(build_spec())
    declared["tables"]["themes"]["annotation"] = "themes.yaml"
    with pytest.raises(BuildError, match="table themes: unknown key.s. annotation;"):
        spec.tables(declared)
    declared = copy.deepcopy(build_spec())
    declared["tables"]["sources"]["foreignKeys"] = [
        {"fields": ["source_id"], "reference": {"resource": "events", "fields": ["source_id"]}}]
    with pytest.raises(BuildError, match="foreign keys run in a circle: sources -> events -> sources"):
        spec.tables(declared)


def test_enums_follow_the_foreign_keys_to_vocabulary_tables(package_descriptor, table_rows):
    vocabularies = [name for name, table in build_spec()["tables"].items() if table.get("vocabulary")]
    assert vocabularies
    for resource in package_descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            field = next(f for f in resource["schema"]["fields"] if f["name"] == key["fields"][0])
            enum = field.get("constraints", {}).get("enum")
            if target in vocabularies:
                assert enum == [row[key["reference"]["fields"][0]] for row in table_rows[target]]
            else:
                assert enum is None, (resource["name"], field["name"])


def test_the_build_extensions_are_not_published():
    text = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    descriptor = json.loads(text)
    for resource in descriptor["resources"]:
        assert not set(resource) & {"annotations", "order", "vocabulary", "covers_timelines"}
        for field in resource["schema"]["fields"]:
            assert not set(field) & set(spec.FIELD_EXTENSIONS), field["name"]


def test_a_field_type_the_library_cannot_read_is_refused(package_descriptor):
    from build_scripts.check import check_lookups

    broken = copy.deepcopy(package_descriptor)
    broken["resources"][1]["schema"]["fields"][0]["type"] = "datetime"
    name = broken["resources"][1]["name"]
    field = broken["resources"][1]["schema"]["fields"][0]["name"]
    [error] = check_lookups(broken)
    assert f"table {name}, field {field}: type 'datetime' is not one the library reads" in str(error)
    assert str(error).startswith("raw/descriptor.yaml, line ")


def test_booleans_are_written_as_table_schema_spells_them():
    from build_scripts.output import cell

    assert (cell(True), cell(False), cell(1), cell(2.0)) == ("true", "false", "1", "2")
