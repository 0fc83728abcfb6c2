"""mechelen_data/quote_context.json: what the library needs from the raw texts, which the
wheel does not carry: each text's length in characters, and the words just before and
after every quote (prefix and suffix, mechelen_data._webannotations.AFFIX characters
each). The Web Annotation export anchors each quote with them; the site marks the gaps
between quotes with their length."""

import csv
import io
import json

from mechelen_data._webannotations import AFFIX, key, quoted_tables

from .annotations import ROOT, BuildError


def quote_context_json(descriptor: dict, tables_csv: dict[str, bytes]) -> bytes:
    rows = {name: list(csv.DictReader(io.StringIO(data.decode("utf-8")))) for name, data in tables_csv.items()}
    texts = {row["source_id"]: (ROOT / row["raw_path"]).read_text(encoding="utf-8") for row in rows["sources"]}
    quotes = {}
    for table in quoted_tables(descriptor):
        column, found = key(descriptor, table), {}
        for row in rows[table]:
            text, start, end = texts[row["source_id"]], int(row["quote_start"]), int(row["quote_end"])
            if text[start:end] != row["quote"]:  # the build checked it; a damaged table is stopped here too
                raise BuildError(f"{table} {row[column]}: the quote is not at {start}..{end} of the text of "
                                 f"{row['source_id']}")
            found[row[column]] = [text[max(0, start - AFFIX):start], text[end:end + AFFIX]]
        quotes[table] = found
    context = {"texts": {source: {"characters": len(text)} for source, text in texts.items()}, "quotes": quotes}
    return (json.dumps(context, indent=0, ensure_ascii=False) + "\n").encode("utf-8")
