"""The data dictionary: generated from the Table Schemas, committed, and up to date."""

from build_scripts.documents import DICTIONARY, data_dictionary

from .conftest import ROOT

COMMITTED = (ROOT / DICTIONARY).read_text(encoding="utf-8")


def test_committed_dictionary_is_up_to_date(package_descriptor):
    assert COMMITTED == data_dictionary(package_descriptor), "rebuild: python -m build_scripts"


def table_section(name: str) -> str:
    return COMMITTED.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


def test_every_column_has_a_row_with_its_type_and_description(package_descriptor):
    for resource in package_descriptor["resources"]:
        rows = [line for line in table_section(resource["name"]).splitlines() if line.startswith("| `")]
        assert len(rows) == len(resource["schema"]["fields"])
        for field, row in zip(resource["schema"]["fields"], rows):
            cells = [cell.strip() for cell in row.strip("|").split(" | ")]
            assert cells[0] == f"`{field['name']}`" and cells[1] == field["type"]
            assert cells[2] == ("yes" if field.get("constraints", {}).get("required") else "")
            assert field["description"].split(" Values:")[0][:40] in row


def test_every_allowed_value_and_key_is_listed(package_descriptor):
    for resource in package_descriptor["resources"]:
        section = table_section(resource["name"])
        assert "Primary key: " + ", ".join(f"`{key}`" for key in resource["schema"]["primaryKey"]) in section
        for key in resource["schema"].get("foreignKeys", []):
            assert f"-> `{key['reference']['resource']}." in section
        for field in resource["schema"]["fields"]:
            for value in field.get("constraints", {}).get("enum", []):
                assert f"`{value}`" in section
