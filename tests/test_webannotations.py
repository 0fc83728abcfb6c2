"""The quotes as W3C Web Annotations: the required shape of the Web Annotation Data Model
(the W3C's own JSON Schemas, tests/w3c_web_annotation/), one annotation per quoted row,
and selectors that find each quote in its raw text."""

import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from build_scripts.quote_context import quote_context_json
from mechelen_data._webannotations import AFFIX, WEB_ANNOTATIONS, web_annotations, web_annotations_bytes

from .conftest import ROOT

W3C = Path(__file__).parent / "w3c_web_annotation"


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(web_annotations_bytes())


@pytest.fixture(scope="module")
def w3c_musts():
    """check(test, document) -> the assertions of a W3C "Musts" test that the document fails."""
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in W3C.rglob("*.json")}
    # The schemas refer to each other by file name ("id": "annotations.json").
    registry = Registry().with_resources((name, DRAFT4.create_resource(schema)) for name, schema in schemas.items())

    validators = {name: Draft4Validator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
                  for name, schema in schemas.items()}

    def check(test: str, document: dict) -> list[str]:
        failed = []
        for assertion in json.loads((W3C / test).read_text(encoding="utf-8"))["assertions"]:
            schema = schemas[Path(assertion).name]
            assert schema["expectedResult"] == "valid"
            failed += [] if validators[Path(assertion).name].is_valid(document) else [f"{assertion}: {schema['errorMessage']}"]
        return failed

    return check


def test_the_file_is_json_ld_with_one_annotation_a_line(collection):
    assert collection == web_annotations()
    lines = web_annotations_bytes().decode("utf-8").splitlines()
    assert len([line for line in lines if line.startswith('{"id": "urn:uuid:')]) == collection["total"]


def check_annotations(collection, w3c_musts, items) -> None:
    # The page and its annotations are embedded in the collection, so its @context applies to them.
    for annotation in items:
        document = {"@context": collection["@context"], **annotation}
        assert w3c_musts("annotations/annotationMusts.test", document) == [], annotation


def test_the_collection_its_page_and_an_annotation_of_each_table_have_the_w3c_required_shape(collection, w3c_musts):
    context = collection["@context"]
    assert context == "http://www.w3.org/ns/anno.jsonld"
    assert w3c_musts("collections/collectionMusts.test", collection) == []
    page = collection["first"]
    assert w3c_musts("collections/pages/pageMusts.test", {"@context": context, **page}) == []
    first_of_each_table = {item["body"][0]["value"]: item for item in reversed(page["items"])}
    check_annotations(collection, w3c_musts, first_of_each_table.values())


@pytest.mark.slow  # the W3C schemas take a good fraction of a second for each annotation
def test_every_annotation_has_the_w3c_required_shape(collection, w3c_musts):
    check_annotations(collection, w3c_musts, collection["first"]["items"])


def test_the_w3c_schemas_catch_what_the_model_forbids(collection, w3c_musts):
    """The checks above could fail: each broken copy of a real annotation is caught."""
    context, annotation = collection["@context"], collection["first"]["items"][0]
    target = annotation["target"]
    broken = [
        {**annotation, "type": "Note"},
        {key: value for key, value in annotation.items() if key != "target"},
        {**annotation, "target": {**target, "selector": [{"type": "TextQuoteSelector"}]}},  # no exact
        {**annotation, "target": {**target, "selector": [{"type": "TextPositionSelector", "start": -1, "end": 3}]}},
        {**annotation, "body": [{"type": "TextualBody"}]},  # a textual body without a value
    ]
    for document in broken:
        assert w3c_musts("annotations/annotationMusts.test", {"@context": context, **document}), document
    assert w3c_musts("collections/collectionMusts.test", {**collection, "@context": "http://schema.org/"})


def test_one_annotation_per_quoted_row_with_selectors_that_find_the_quote(collection, quoted_rows, table_rows,
                                                                         raw_texts):
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(quoted_rows)
    assert len({item["id"] for item in items}) == len(items)
    sources = {row["source_id"]: row for row in table_rows["sources"]}
    for (table, row_id, row), annotation in zip(quoted_rows, items):
        assert annotation["body"][0]["value"] == table and annotation["body"][1]["value"].endswith(f" {row_id}")
        source = annotation["target"]["source"]
        text = raw_texts[row["source_id"]]
        assert source["id"] == sources[row["source_id"]]["url"]
        assert source["schema:sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        quote, position = annotation["target"]["selector"]
        start, end = int(row["quote_start"]), int(row["quote_end"])
        assert (position["type"], position["start"], position["end"]) == ("TextPositionSelector", start, end)
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == row["quote"] == text[start:end]
        # The words around the quote, as much of them as the text has.
        assert quote["prefix"] == text[max(0, start - AFFIX):start] and quote["suffix"] == text[end:end + AFFIX]
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in text


def test_the_installed_prefixes_and_suffixes_are_a_fresh_build(package_descriptor):
    published = {r["name"]: (ROOT / "mechelen_data" / r["path"]).read_bytes() for r in package_descriptor["resources"]}
    assert (ROOT / "mechelen_data" / "quote_context.json").read_bytes() == quote_context_json(package_descriptor,
                                                                                            published)


def test_every_export_carries_the_annotations(tmp_path):
    import mechelen_data as m

    out = m.export(tmp_path / "out")
    assert (out / WEB_ANNOTATIONS).read_bytes() == web_annotations_bytes()
    assert f"`{WEB_ANNOTATIONS}`" in (out / "README.md").read_text(encoding="utf-8")
