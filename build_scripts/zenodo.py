""".zenodo.json: the metadata that build_scripts/deposit.py sends with each release's
deposit of the data zip (Zenodo's GitHub integration, which would read this file too, stays
off). Made from the same descriptor and sources table as CITATION.cff and cite(), so that
the three never disagree.

The keys follow Zenodo's documented deposit metadata (REST API, "Deposit metadata"):
required upload_type, publication_date (ISO 8601 date), title, creators (list of
{name}), description (HTML allowed) and access_right; license is required when
access_right is "open" (a Zenodo licence id, "cc-by-4.0"); related_identifiers are
{identifier, relation, resource_type, scheme}. REQUIRED below is what tests check."""

import json

from mechelen_data._card import NOT_INDEPENDENT
from mechelen_data._cite import _source_text

REQUIRED = {"upload_type": str, "publication_date": str, "title": str, "creators": list, "description": str,
            "access_right": str, "license": str}
# Frictionless/SPDX licence names -> Zenodo's licence ids (lower case in its vocabulary).
LICENCES = {"CC-BY-4.0": "cc-by-4.0", "CC0-1.0": "cc-zero", "ODbL-1.0": "odbl-1.0"}
# sources.source_type -> Zenodo (DataCite) resource type of a related identifier.
RESOURCE_TYPES = {"book_chapter": "publication-section", "opinion_column": "publication-article",
                  "news_feature": "publication-article", "feature_article": "publication-article"}


def zenodo_metadata(descriptor: dict, sources: list[dict]) -> dict:
    licence = descriptor["licenses"][0]["name"]
    kept = [row for row in sources if row["independence"] in NOT_INDEPENDENT]
    metadata = {
        "upload_type": "dataset",
        "publication_date": descriptor["created"][:10],
        "title": descriptor["title"],
        "creators": [{"name": person["title"]} for person in descriptor["contributors"]],
        "description": f"<p>{_html(descriptor['description'])}</p>",
        "access_right": "open",
        "license": LICENCES.get(licence, licence.lower()),
        "version": descriptor["version"],
        "language": "eng",
        "keywords": descriptor["keywords"],
        "related_identifiers": [
            {"identifier": row["url"], "relation": "isDerivedFrom", "scheme": "url",
             "resource_type": RESOURCE_TYPES.get(row["source_type"], "other")} for row in sources],
        "references": [_source_text(row).strip() for row in sources],
        "notes": (f"Derived from the {len(sources)} source documents listed under references; {len(kept)} of them "
                  "come from Bart Somers or his political group (see the sources table's independence column). The "
                  "source texts remain their publishers' copyright; the tables quote them briefly as evidence. "
                  "Code: MIT; data: CC BY 4.0."),
    }
    # No `doi` key, even once one is minted: the deposit uses the version DOI Zenodo
    # reserved for it, and a given DOI would be taken as an external one.
    return metadata


def zenodo_json(descriptor: dict, sources: list[dict]) -> bytes:
    return (json.dumps(zenodo_metadata(descriptor, sources), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
