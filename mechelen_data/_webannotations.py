"""Every curated row's quote as a W3C Web Annotation (JSON-LD), so that annotation tools
(Hypothesis-style clients) can show the coding on the original pages: one Annotation per
row, its target the source's URL with a TextQuoteSelector (exact, prefix, suffix) and a
TextPositionSelector (start, end), in one AnnotationCollection.

The prefix and suffix are the words around each quote in the raw text, which the wheel
does not carry (the texts remain their publishers' copyright): the build writes them,
with each text's length, to quote_context.json, and this module joins them to the rows.
Offsets count Unicode code points of the raw text whose SHA-256 the sources table gives
(carried on each target's source as schema:sha256; the anno.jsonld context defines the
schema: prefix). Standard library only."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from ._package import PACKAGE_DIR, REINSTALL, IntegrityError, _descriptor, installed_json, read_rows

QUOTE_CONTEXT = "quote_context.json"  # written by the build (build_scripts/quote_context.py)
WEB_ANNOTATIONS = "web-annotations.jsonld"  # its name in an export and on the site
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix, as Hypothesis-style clients store them
QUOTE_FIELDS = ("source_id", "quote", "quote_start", "quote_end")
# The column that says in a few words what a row holds, first found wins.
LABEL_COLUMNS = ("title", "name", "reason")


def quoted_tables(descriptor: dict[str, Any]) -> list[str]:
    """The tables whose rows quote a source (source_id, quote, quote_start, quote_end)."""
    return [resource["name"] for resource in descriptor["resources"]
            if set(QUOTE_FIELDS) <= {field["name"] for field in resource["schema"]["fields"]}]


def key(descriptor: dict[str, Any], table: str) -> str:
    """The primary key column of `table` (every table has a one-column key)."""
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return str(resource["schema"]["primaryKey"][0])


def label(row: dict[str, str]) -> str:
    """What the row says in a few words: its title, name or reason, else its figure
    ("indicator: value as written (place)")."""
    for column in LABEL_COLUMNS:
        if row.get(column):
            return row[column]
    place = f" ({row['place']})" if row.get("place") else ""
    return f"{row.get('indicator', '')}: {row.get('value_verbatim', '')}{place}"


def quote_context() -> dict[str, Any]:
    """The installed quote_context.json: {"texts": {source_id: {"characters": n}},
    "quotes": {table: {row id: [prefix, suffix]}}}."""
    return installed_json(QUOTE_CONTEXT, "file")  # type: ignore[no-any-return]


def affixes(context: dict[str, Any], table: str, row_id: str) -> list[str]:
    try:
        return context["quotes"][table][row_id]  # type: ignore[no-any-return]
    except KeyError:
        raise IntegrityError(f"The installed file {os.path.join(PACKAGE_DIR, QUOTE_CONTEXT)} has no prefix and "
                             f"suffix for row {row_id!r} of table {table!r}. {REINSTALL}.") from None


def web_annotations() -> dict[str, Any]:
    """The AnnotationCollection of every quoted row, in table order, then row order."""
    descriptor = _descriptor()
    context = quote_context()
    sources = {row["source_id"]: row for row in read_rows("sources")}
    name, version = descriptor["name"], descriptor["version"]
    items = []
    for table in quoted_tables(descriptor):
        column = key(descriptor, table)
        for row in read_rows(table):
            source = sources[row["source_id"]]
            prefix, suffix = affixes(context, table, row[column])
            items.append({
                "id": _urn(f"{name}/{table}/{row[column]}"),
                "type": "Annotation",
                "motivation": "classifying",
                "body": [
                    {"type": "TextualBody", "purpose": "tagging", "value": table},
                    {"type": "TextualBody", "purpose": "identifying", "value": f"{name} {table} {row[column]}"},
                    {"type": "TextualBody", "purpose": "describing", "value": label(row), "format": "text/plain",
                     "language": "en"},
                ],
                "target": {
                    "source": {"id": source["url"], "schema:sha256": source["sha256"]},
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": row["quote"], "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": int(row["quote_start"]),
                         "end": int(row["quote_end"])},
                    ],
                },
            })
    collection = _urn(f"{name}/{version}/{WEB_ANNOTATIONS}")
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"{descriptor['title']} (version {version}): the verbatim quote of every curated row",
        "rights": descriptor["licenses"][0]["path"],
        "total": len(items),
        "first": {"id": _urn(f"{name}/{version}/{WEB_ANNOTATIONS}/page/1"), "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def web_annotations_bytes() -> bytes:
    """The collection as JSON, one annotation a line (json's quick compact encoder)."""
    collection = web_annotations()
    items = collection["first"].pop("items")
    head = json.dumps(collection, ensure_ascii=False)[:-2]  # open the page's object again: ..."startIndex": 0
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    return f'{head}, "items": [\n{lines}\n]}}}}\n'.encode("utf-8")


def _urn(name: str) -> str:
    """A stable IRI for `name` (a name-based UUID): the same row, the same id in every version."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
