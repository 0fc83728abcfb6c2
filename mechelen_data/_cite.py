"""Citations of the package and of its sources, made from the descriptor and the
sources table (so they never disagree with the data): plain text, BibTeX, and the
Citation File Format that the build writes to CITATION.cff. Standard library only."""

import json

from ._package import UnknownNameError, _descriptor, read_rows

FORMATS = ("text", "bibtex", "cff")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# sources.source_type -> BibTeX entry type and Citation File Format reference type. A
# source type added to the descriptor without an entry here is cited as the generic kind
# of each format (BibTeX @misc, CFF "generic"), never refused.
BIBTEX_TYPES = {"web_page": "online", "opinion_column": "article", "book_chapter": "incollection",
                "news_feature": "article", "feature_article": "article"}
CFF_TYPES = {"web_page": "website", "opinion_column": "newspaper-article", "book_chapter": "generic",
             "news_feature": "newspaper-article", "feature_article": "magazine-article"}
GENERIC_TYPES = ("misc", "generic")
DOI_RESOLVER = "https://doi.org/"
CFF_GENERATED = "# Generated from the package's descriptor and sources table (python -m build_scripts); do not edit.\n"
# sources.published_precision -> characters of the ISO date that are known.
DATE_DIGITS = {"day": 10, "month": 7, "year": 4}
# Lookups keyed by schema values with no fallback: the build refuses an allowed value that
# one of them lacks, before it writes anything.
LOOKUPS = {("sources", "published_precision"): DATE_DIGITS}


def cite(format: str = "text", source: str | None = None, rows: object = None) -> str:
    """The citation of the package, or with `source` of one source document (a
    source_id) or of all of them ("all"), as "text", "bibtex" or "cff"; with `rows`, of the
    rows used (mechelen_data._subset)."""
    if rows is not None:
        from ._subset import cite_rows

        return cite_rows(rows, format)
    if format not in FORMATS:
        raise UnknownNameError("citation format", format, list(FORMATS))
    sources = read_sources()
    if source is None:
        return package_citation(_descriptor(), sources, format)
    ids = [row["source_id"] for row in sources]
    if source != "all" and source not in ids:
        raise UnknownNameError("source", source, ids + ["all"])
    chosen = [row for row in sources if source in ("all", row["source_id"])]
    if format == "cff":
        return _yaml({"references": [_cff_reference(row) for row in chosen]})
    render = _source_bibtex if format == "bibtex" else _source_text
    return "\n".join(render(row) for row in chosen)


def read_sources() -> list[dict]:
    return read_rows("sources")


def doi(descriptor: dict) -> str:
    """The package's DOI ("10.5281/zenodo.…"), from the descriptor's `id`; "" until a
    deposit has minted one (pyproject.toml [tool.mechelen-data] doi)."""
    identifier = descriptor.get("id", "")
    return identifier[len(DOI_RESOLVER):] if identifier.startswith(DOI_RESOLVER) else ""


def package_citation(descriptor: dict, sources: list[dict], format: str, subset: tuple[str, str] | None = None) -> str:
    """The package's citation from its descriptor; the CFF form lists the sources as
    references. Used by cite() and by the build (for CITATION.cff). `subset`, (fingerprint,
    sentence naming the rows used), goes into the text and the BibTeX entry's key and note."""
    version = descriptor["version"]
    year = descriptor["created"][:4]
    authors = [person["title"] for person in descriptor["contributors"]]
    licence = descriptor["licenses"][0]["name"]
    minted = doi(descriptor)
    if format == "text":
        # With a DOI, its resolver address is the one to cite (DataCite's recommendation).
        where = DOI_RESOLVER + minted if minted else descriptor["homepage"]
        return (f"{', '.join(authors)} ({year}). {descriptor['title']} (Version {version}) [Data set]. "
                f"Data licensed {licence}. {where}\n" + (f"{subset[1]}\n" if subset else ""))
    if format == "bibtex":
        key = f"{descriptor['name'].replace('-', '_')}_{version.replace('.', '_')}" + (f"_{subset[0]}" if subset else "")
        return _bibtex("misc", key, {
            "author": " and ".join("{" + _tex(name) + "}" for name in authors),
            "title": "{" + _tex(descriptor["title"]) + "}",
            "year": year,
            "version": version,
            "howpublished": f"Python package and Frictionless Data Package {descriptor['name']}",
            "doi": minted,  # left out while empty
            "url": descriptor["homepage"],
            "note": f"Data licensed {licence}" + (f". {_tex(subset[1])}" if subset else ""),
        })
    return CFF_GENERATED + _yaml(package_cff(descriptor, sources))


def package_cff(descriptor: dict, sources: list[dict]) -> dict:
    """The package's Citation File Format, as a dictionary."""
    minted, licence = doi(descriptor), descriptor["licenses"][0]["name"]
    return {
        "cff-version": "1.2.0",
        "message": "If you use these data, please cite them as below, and cite the sources you rely on.",
        "type": "dataset",
        "title": descriptor["title"],
        "version": descriptor["version"],
        **({"doi": minted} if minted else {}),
        "date-released": descriptor["created"][:10],
        "abstract": descriptor["description"],
        "authors": [{"name": person["title"], "email": person["email"]} for person in descriptor["contributors"]],
        "keywords": descriptor["keywords"],
        "license": licence,
        "url": descriptor["homepage"],
        "references": [_cff_reference(row) for row in sources],
    }


def _date_words(row: dict) -> str:
    """The publication date as precise as the source gives it: "27 September 2017",
    "September 2017" or "2017"."""
    year, month, day = row["published"].split("-")
    precision = row["published_precision"]
    if precision == "year":
        return year
    month_name = MONTHS[int(month) - 1]
    return f"{month_name} {year}" if precision == "month" else f"{int(day)} {month_name} {year}"


def _source_text(row: dict) -> str:
    parts = [f"{row['author'] or row['publisher']} ({_date_words(row)}). {row['title']}."]
    if row["source_type"] == "book_chapter":  # other containers are website sections
        editor = f", edited by {row['editor']}" if row["editor"] else ""
        parts.append(f"In {row['container_title']}{editor}.")
    if row["author"]:
        parts.append(f"{row['publisher']}.")
    if row["isbn"]:
        parts.append(f"ISBN {row['isbn']}.")
    parts.append(row["url"])
    return " ".join(parts) + "\n"


def _source_bibtex(row: dict) -> str:
    entry_type = BIBTEX_TYPES.get(row["source_type"], GENERIC_TYPES[0])
    digits = DATE_DIGITS[row["published_precision"]]
    fields = {
        # Braces keep an organisation's name whole instead of splitting it into names.
        "author": _tex(row["author"]) if row["author"] else "{" + _tex(row["publisher"]) + "}",
        "title": "{" + _tex(row["title"]) + "}",
        "year": row["published"][:4],
        "date": row["published"][:digits],  # biblatex: as precise as the source
        "url": row["url"],
        "language": row["language"],
    }
    if entry_type == "incollection":
        fields.update(booktitle=_tex(row["container_title"]), editor=_tex(row["editor"]),
                      publisher=_tex(row["publisher"]), isbn=row["isbn"])
    elif entry_type == "article":
        fields["journal"] = _tex(row["publisher"])
    elif entry_type == GENERIC_TYPES[0]:
        fields["publisher"] = _tex(row["publisher"])
    else:
        fields["organization"] = _tex(row["publisher"])
    return _bibtex(entry_type, row["source_id"], fields)


def _cff_reference(row: dict) -> dict:
    if row["author"]:
        *given, family = row["author"].split()
        authors = [{"family-names": family, "given-names": " ".join(given)}]
    else:
        authors = [{"name": row["publisher"]}]
    reference = {"type": CFF_TYPES.get(row["source_type"], GENERIC_TYPES[1]), "title": row["title"], "authors": authors,
                 "publisher": {"name": row["publisher"]}, "year": int(row["published"][:4])}
    if row["published_precision"] == "day":
        reference["date-published"] = row["published"]
    elif row["published_precision"] == "month":
        reference["month"] = int(row["published"][5:7])
    if row["source_type"] == "book_chapter":
        reference["collection-title"] = row["container_title"]
        reference["collection-type"] = "book"
    if row["editor"]:
        *given, family = row["editor"].split()
        reference["editors"] = [{"family-names": family, "given-names": " ".join(given)}]
    if row["isbn"]:
        reference["isbn"] = row["isbn"]
    reference["url"] = row["url"]
    reference["languages"] = [row["language"]]
    return reference


def _tex(text: str | None) -> str | None:
    """Escape the characters that are special in BibTeX field values."""
    if text is None:
        return None
    for char in "\\&%$#_{}":
        text = text.replace(char, "\\" + char)
    return text


def _bibtex(entry_type: str, key: str, fields: dict) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items() if value)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def _yaml(value, indent: str = "") -> str:
    """Block YAML for the nested dicts, lists, strings and integers of a citation.
    Strings are written as JSON strings, which are valid double-quoted YAML scalars."""
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:\n" + _yaml(item, indent + "  ").rstrip("\n"))
        elif isinstance(item, list):
            lines.append(f"{indent}{key}:")
            for element in item:
                if isinstance(element, dict):
                    # "  - first: ..." then the other keys aligned under "first".
                    nested = _yaml(element, indent + "    ")
                    lines.append(f"{indent}  - " + nested[len(indent) + 4:].rstrip("\n"))
                else:
                    lines.append(f"{indent}  - {json.dumps(element, ensure_ascii=False)}")
        else:
            lines.append(f"{indent}{key}: {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
