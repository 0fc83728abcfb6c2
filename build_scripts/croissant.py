"""mechelen_data/croissant.json: the package as Croissant 1.1 JSON-LD (MLCommons; a
schema.org Dataset), which Hugging Face, Kaggle, OpenML and dataset search engines read.
Made from the descriptor and the published CSV bytes: one FileObject per CSV with its
SHA-256, one RecordSet per table with its fields, key and foreign-key references, and the
responsible-AI (RAI) fields with the source-independence shares counted from the data.
Its contentUrls are relative (data/NAME.csv), so it holds beside the installed CSVs and in
every export, where mechelen_data/_export.py copies it next to datapackage.json."""

import csv
import hashlib
from collections import Counter
import io
import json

from mechelen_data._card import (NOT_INDEPENDENT, independence_counts, not_independent_share, places,
                                 sensitive_counts, temporal_coverage)
from mechelen_data._cite import package_citation
from mechelen_data._types import TYPES

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
# The @context of the Croissant 1.1 specification and its examples, with the RAI prefix.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

def croissant(descriptor: dict, tables_csv: dict[str, bytes]) -> dict:
    rows = {name: list(csv.DictReader(io.StringIO(data.decode("utf-8")))) for name, data in tables_csv.items()}
    sources = rows["sources"]
    span = temporal_coverage(rows)
    first, last = span or ("unknown", "unknown")
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": descriptor["name"],
        "alternateName": descriptor["title"],
        "description": descriptor["description"],
        **({"identifier": descriptor["id"], "sameAs": descriptor["id"]} if descriptor.get("id") else {}),
        "license": descriptor["licenses"][0]["path"],
        "url": descriptor["homepage"],
        "version": descriptor["version"],
        "datePublished": descriptor["created"][:10],
        "citeAs": package_citation(descriptor, sources, "bibtex"),
        "creator": [{"@type": "sc:Organization", "name": p["title"], "email": p["email"]}
                    for p in descriptor["contributors"]],
        "keywords": descriptor["keywords"],
        "inLanguage": "en",
        "isBasedOn": [{"@type": "sc:CreativeWork", "name": row["title"], "url": row["url"]} for row in sources],
        **({"temporalCoverage": f"{first}/{last}"} if span else {}),
        "spatialCoverage": spatial_coverage(descriptor, rows),
        "rai:dataCollection": (
            f"{len(sources)} public documents ({_kinds(sources)}) copied as plain text byte for byte; every row "
            "hand-coded in reviewable YAML with the shortest verbatim quote that supports it, which the build "
            "locates in the text (character offsets) or refuses the row."),
        "rai:dataUseCases": (
            "Studying how the Mechelen approach to preventing violent radicalisation was described and received "
            "(2016-2019): dating coverage and visits, comparing stated strategies, lining up claimed figures. "
            "Not for evaluating the policy's effect, nor as official statistics, nor for profiling people or groups."),
        "rai:dataLimitations": (
            f"{len(sources)} documents only, in {', '.join(sorted({s['language'] for s in sources}))} (ISO 639-1); "
            "a missing event means the documents do not mention it. "
            f"Statistics are claims as worded by a source, often approximate or undated, never merged across "
            f"sources. Events span {first} to {last} (earliest start, latest end); timeline years on the group's "
            "page are inferred from its newest-first order, and each date says its precision and basis."),
        "rai:dataBiases": _biases(descriptor, rows),
        "rai:personalSensitiveInformation": _sensitive(rows),
        "distribution": [_file(resource, tables_csv[resource["name"]]) for resource in descriptor["resources"]],
        "recordSet": [_record_set(resource) for resource in descriptor["resources"]],
    }


def croissant_json(descriptor: dict, tables_csv: dict[str, bytes]) -> bytes:
    return (json.dumps(croissant(descriptor, tables_csv), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _kinds(sources: list[dict]) -> str:
    """'1 web page, 2 news features': the documents by source_type, most frequent first."""
    counts = Counter(row["source_type"].replace("_", " ") for row in sources)
    return ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.most_common())


def _biases(descriptor: dict, rows: dict) -> str:
    sources = rows["sources"]
    not_independent = [s["source_id"] for s in sources if s["independence"] in NOT_INDEPENDENT]
    kept, total = not_independent_share(descriptor, rows)
    per_table = "; ".join(
        f"{name}: {sum(count[k] for k in NOT_INDEPENDENT)} of {sum(count.values())}"
        for name, count in independence_counts(descriptor, rows).items())
    return (f"{len(not_independent)} of the {len(sources)} source documents come from Bart Somers, whose policy "
            f"they describe, or his political group ({', '.join(not_independent)}); {kept} of the {total} curated "
            f"rows ({100 * kept / total:.0f}%) come from them ({per_table}). Use the sources table's independence "
            "column before treating a claim as established.")


def _sensitive(rows: dict) -> str:
    counts = sensitive_counts(rows)
    return (f"Named public figures: {counts['actors']} distinct actors named in events, in their public roles, "
            f"as the sources name them. Religion: {counts['religion']} statistics about Muslims, mosques or "
            f"religious propaganda, claimed about cities, none about an individual. Security: {counts['security']} "
            "statistics about foreign fighters, radicals, arrests or police, and events reporting security "
            "incidents as the sources do. No private person is identified on purpose.")


def _file(resource: dict, data: bytes) -> dict:
    return {
        "@type": "cr:FileObject",
        "@id": resource["path"],
        "name": resource["path"],
        "description": f"{resource['title']} (table {resource['name']}).",
        "contentUrl": resource["path"],
        "encodingFormat": "text/csv",
        "contentSize": f"{len(data)} B",
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _record_set(resource: dict) -> dict:
    name, schema = resource["name"], resource["schema"]
    referenced = {field: (key["reference"]["resource"], target)
                  for key in schema.get("foreignKeys", [])
                  for field, target in zip(key["fields"], key["reference"]["fields"])}
    fields = []
    for field in schema["fields"]:
        entry = {
            "@type": "cr:Field",
            "@id": f"{name}/{field['name']}",
            "name": field["name"],
            "description": field.get("description") or field.get("title", field["name"]),
            "dataType": TYPES[field["type"]].croissant,
            "source": {"fileObject": {"@id": resource["path"]}, "extract": {"column": field["name"]}},
        }
        if field["name"] in referenced:
            table, target = referenced[field["name"]]
            entry["references"] = {"field": {"@id": f"{table}/{target}"}}
        fields.append(entry)
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": f"{resource['title']}: {resource['description']}",
        "key": {"@id": f"{name}/{schema['primaryKey'][0]}"},  # one column (build_scripts/spec.py)
        "field": fields,
    }


def spatial_coverage(descriptor: dict, rows: dict[str, list[dict]]) -> list[dict]:
    """The places the rows name, most named first, each with its GeoNames URI and point
    from the places table where it has them."""
    known = {row["place"]: row for row in rows.get("places", [])}
    coverage = []
    for name, _ in places(descriptor, rows).most_common():
        place = known.get(name, {})
        entry = {"@type": "sc:Place", "name": name}
        if place.get("geonames_id"):
            entry["sameAs"] = f"https://sws.geonames.org/{place['geonames_id']}/"
        if place.get("latitude"):
            entry["geo"] = {"@type": "sc:GeoCoordinates", "latitude": float(place["latitude"]),
                            "longitude": float(place["longitude"])}
        coverage.append(entry)
    return coverage
