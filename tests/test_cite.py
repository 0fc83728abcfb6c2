"""Citations: ready to paste, made from the descriptor and the sources table, and the
committed CITATION.cff equal to what the build makes of them."""

import calendar
import json
import re

import pytest
import yaml

import mechelen_data as m
from mechelen_data._cite import _tex

from .conftest import ROOT, read_csv_rows

SOURCES = read_csv_rows(m.csv_path("sources"))


def bibtex_fields(entry: str) -> dict[str, str]:
    """The fields of one BibTeX entry (values without their outer braces)."""
    assert entry.count("{") == entry.count("}")
    return dict(re.findall(r"^  (\w+) = \{(.*)\},$", entry, re.MULTILINE))


def test_package_bibtex_is_one_entry_with_version_year_and_title(package_descriptor):
    entry = m.cite("bibtex")
    assert entry.startswith("@misc{") and entry.count("\n@") == 0
    fields = bibtex_fields(entry)
    assert fields["version"] == m.__version__ == package_descriptor["version"]
    assert fields["year"] == package_descriptor["created"][:4]
    assert fields["title"] == "{" + package_descriptor["title"] + "}"
    assert fields["url"] == package_descriptor["homepage"]


def test_package_text_names_authors_year_version_and_licence(package_descriptor):
    text = m.cite()
    assert text.startswith(f"{package_descriptor['contributors'][0]['title']} ({package_descriptor['created'][:4]}).")
    assert f"(Version {m.__version__})" in text and "CC-BY-4.0" in text


@pytest.mark.parametrize("row", SOURCES, ids=[row["source_id"] for row in SOURCES])
def test_each_source_has_a_bibtex_entry_keyed_by_its_id(row):
    entry = m.cite("bibtex", source=row["source_id"])
    assert entry.startswith("@") and entry.split("{", 1)[1].startswith(row["source_id"] + ",")
    fields = bibtex_fields(entry)
    assert fields["url"] == row["url"] and fields["year"] == row["published"][:4]
    assert len(fields["date"]) == {"day": 10, "month": 7, "year": 4}[row["published_precision"]]
    if row["isbn"]:
        assert entry.startswith("@incollection") and fields["isbn"] == row["isbn"]


@pytest.mark.parametrize("row", SOURCES, ids=[row["source_id"] for row in SOURCES])
def test_source_text_gives_the_date_only_as_precisely_as_the_source(row):
    text = m.cite(source=row["source_id"])
    year, month, day = map(int, row["published"].split("-"))
    month_year = f"{calendar.month_name[month]} {year}"
    assert f"({day} {month_year})" in text if row["published_precision"] == "day" else f"({month_year})" in text
    assert row["title"] in text and text.rstrip().endswith(row["url"])


def test_all_sources_cites_every_source_once(table_rows):
    entries = m.cite("bibtex", source="all").count("\n@") + 1
    assert entries == len(table_rows["sources"])


def test_committed_citation_file_is_what_the_build_makes():
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == m.cite("cff")


def test_citation_file_carries_the_version_and_every_source(table_rows):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["version"] == m.__version__
    assert [ref["url"] for ref in cff["references"]] == [row["url"] for row in table_rows["sources"]]


def test_unknown_format_names_the_valid_ones():
    with pytest.raises(m.UnknownNameError, match="text, bibtex, cff"):
        m.cite("apa")


def test_bibtex_special_characters_are_escaped():
    assert _tex("R&D_50% {x} #1 $") == r"R\&D\_50\% \{x\} \#1 \$"


def test_readme_shows_the_current_bibtex():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```bibtex\n" + m.cite("bibtex") + "```" in readme


def test_a_source_type_without_a_citation_type_is_cited_as_the_generic_kind():
    from mechelen_data._cite import _cff_reference, _source_bibtex

    row = {**SOURCES[0], "source_type": "podcast_episode", "isbn": "", "editor": ""}
    assert _source_bibtex(row).startswith(f"@misc{{{row['source_id']},")
    assert _cff_reference(row)["type"] == "generic"


def test_the_build_refuses_an_allowed_value_a_lookup_lacks(package_descriptor):
    from build_scripts.check import check_lookups

    assert list(check_lookups(package_descriptor)) == []
    broken = json.loads(json.dumps(package_descriptor))
    sources = next(r for r in broken["resources"] if r["name"] == "sources")
    field = next(f for f in sources["schema"]["fields"] if f["name"] == "published_precision")
    field["constraints"]["enum"].append("season")
    assert [str(error) for error in check_lookups(broken)] == [
        "sources.published_precision: mechelen_data/_cite.py has no entry for 'season'; add one there before "
        "adding the value"]
