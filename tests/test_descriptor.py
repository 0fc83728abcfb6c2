"""The published descriptor against the Data Package v2 JSON Schema (the profile shipped in
dplib-py, read offline) and the Tabular Data Resource profile R's frictionless needs."""

import json
from importlib import resources

import jsonschema
import pytest

from .conftest import ROOT

DESCRIPTORS = ["datapackage.json", "mechelen_data/datapackage.json"]


def v2_profile() -> dict:
    return json.loads(resources.files("dplib").joinpath("profiles/2.0/datapackage.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", DESCRIPTORS)
def test_descriptor_is_valid_against_the_data_package_v2_json_schema(path):
    descriptor = json.loads((ROOT / path).read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    jsonschema.Draft7Validator(v2_profile()).validate(descriptor)


def test_the_v2_json_schema_check_can_fail(package_descriptor):
    broken = json.loads(json.dumps(package_descriptor))
    broken["resources"][0]["schema"]["fields"][0]["type"] = "text"  # not a Table Schema type
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(v2_profile()).validate(broken)


def test_every_resource_is_a_tabular_data_resource(package_descriptor):
    for resource in package_descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource", resource["name"]
        assert resource["type"] == "table" and resource["schema"]["fields"]
