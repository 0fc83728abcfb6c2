"""A static website of the data, to check every claim in its source by looking: a home page
(what the data is, the tables, the sources with their independence, the audit counts, how
to cite), one page per source document with every quoted passage highlighted by table and
linked to its row, one page per table (sortable and filterable, each row at #ITS_KEY with a
link to its passage), and the corroboration groups side by side. Plain HTML and CSS with a
little JavaScript (_site_assets/), made from the installed package only: it works from
file:// and any static host, and fetches nothing.

The raw texts remain their publishers' copyright and are not in the package, so a document
page shows what the package may publish: every quoted passage at its place, the gaps between
them marked with their length, the original URL and the SHA-256 of the raw text. With
`texts` (a folder holding the raw texts, such as raw/texts of a checkout), each text is
checked against its SHA-256 and shown whole: a site for local use, not to be published.

Written like an export (mechelen_data._export): staged beside the target and moved into
place whole, refusing a folder that holds files unless `force`."""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _export
from ._package import PACKAGE_DIR, IntegrityError, _descriptor, read_rows, tables
from ._webannotations import WEB_ANNOTATIONS, key, label, quote_context, quoted_tables, web_annotations_bytes

ASSETS = ("site.css", "site.js")  # in _site_assets/, copied to the site's root
# One colour per quoted table, in the descriptor's order (site.css defines .t0 ... .t5).
COLOURS = 6
LONG = 60  # characters: a table column with a longer cell is shown wide
# Columns shown on a corroboration card, where the table has them.
CARD_COLUMNS = ("date_verbatim", "date_start", "date_end", "value_verbatim", "qualifier", "place", "period_verbatim")


def site(directory: str | os.PathLike[str], texts: str | os.PathLike[str] | None = None, *,
         force: bool = False) -> Path:
    """Write the site into `directory` (a new or empty folder; with `force`, the files the
    site writes are replaced and others kept) and return its path; open index.html."""
    target = _export.target_folder(directory)
    full = read_texts(Path(texts)) if texts is not None else None  # checked before anything is written
    files = pages(full)

    def write(folder: Path) -> None:
        for name, data in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    return _export.write_folder(target, force, write)


def read_texts(folder: Path) -> dict[str, str]:
    """{source_id: raw text} from `folder`, each file named as in sources.raw_path and
    checked against sources.sha256."""
    if not folder.is_dir():
        raise _export.ExportError(f"{folder} is not a folder; give the folder that holds the raw texts "
                                  "(raw/texts in a checkout of the repository), or leave out --texts")
    found = {}
    for source in read_rows("sources"):
        path = folder / Path(source["raw_path"]).name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _export.ExportError(f"cannot read the raw text of {source['source_id']} at {path}: "
                                      f"{error.strerror}. Nothing was written.") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != source["sha256"]:
            raise _export.ExportError(
                f"{path} is not the text the quotes were taken from: its SHA-256 is {digest}, the sources table "
                f"gives {source['sha256']} for {source['source_id']}. Nothing was written.")
        found[source["source_id"]] = data.decode("utf-8")
    return found


@dataclass(frozen=True)
class Span:
    """One row's quote: where it stands in its source's text."""
    start: int
    end: int
    table: str
    id: str
    quote: str
    order: int  # of its table, for the colour and the nesting of equal spans


class Data:
    """The installed package, read once: descriptor, rows, keys and the quoted spans."""

    def __init__(self) -> None:
        self.descriptor = _descriptor()
        self.version = self.descriptor["version"]
        self.rows = {name: read_rows(name) for name in tables()}
        self.keys = {name: key(self.descriptor, name) for name in tables()}
        self.quoted = quoted_tables(self.descriptor)
        self.sources = {row["source_id"]: row for row in self.rows["sources"]}
        self.context = quote_context()
        self.spans: dict[str, list[Span]] = {source: [] for source in self.sources}
        for order, table in enumerate(self.quoted):
            for row in self.rows[table]:
                self.spans[row["source_id"]].append(Span(int(row["quote_start"]), int(row["quote_end"]), table,
                                                         row[self.keys[table]], row["quote"], order))
        self.by_id = {(table, row[self.keys[table]]): row for table in tables() for row in self.rows[table]}

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)


def pages(texts: dict[str, str] | None = None) -> dict[str, bytes]:
    """{path in the site: bytes} of every file of the site."""
    data = Data()
    files = {"index.html": home(data, texts is not None), "corroboration.html": corroboration(data)}
    for source in data.sources:
        files[f"sources/{source}.html"] = document(data, source, texts[source] if texts else None)
    for name in tables():
        files[f"tables/{name}.html"] = table_page(data, name)
    encoded = {name: text.encode("utf-8") for name, text in files.items()}
    for asset in ASSETS:
        try:
            encoded[asset] = Path(PACKAGE_DIR, "_site_assets", asset).read_bytes()
        except OSError as error:
            raise IntegrityError(f"The installed site file {asset} cannot be read ({error.strerror}). "
                                 "Reinstall mechelen-data.") from None
    encoded[WEB_ANNOTATIONS] = web_annotations_bytes()
    return encoded


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def layout(data: Data, title: str, body: str, depth: int) -> str:
    """A page: skip link, site navigation, main content, footer; `depth` folders below the root."""
    root = "../" * depth
    licence = data.descriptor["licenses"][0]
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · mechelen-data {esc(data.version)}</title>
<link rel="stylesheet" href="{root}site.css">
</head>
<body>
<a class="skip" href="#site_main">Skip to content</a>
<header>
<nav aria-label="Site">
<a class="home" href="{root}index.html">mechelen-data {esc(data.version)}</a>
<a href="{root}index.html#sources">Sources</a>
<a href="{root}index.html#tables">Tables</a>
<a href="{root}corroboration.html">Corroboration</a>
</nav>
</header>
<main id="site_main" tabindex="-1">
{body}
</main>
<footer>
<p>mechelen-data {esc(data.version)}. The tables are licensed
<a href="{esc(licence['path'])}">{esc(licence['name'])}</a>. Each row quotes a few words of its source as
evidence; the documents themselves remain their publishers' copyright.</p>
</footer>
<script src="{root}site.js"></script>
</body>
</html>
"""


def colour(data: Data, table: str) -> str:
    return f"t{data.quoted.index(table) % COLOURS}"


def tag(data: Data, table: str) -> str:
    return f'<mark class="tag {colour(data, table)}">{esc(table)}</mark>'


def independence(value: str) -> str:
    return f'<span class="badge {esc(value)}">{esc(value)}</span>'


def home(data: Data, full: bool) -> str:
    from ._card import AUDIT_COUNTS
    from ._cite import cite
    from ._documents import audit_counts

    descriptor = data.descriptor
    table_rows = "\n".join(
        f'<tr><th scope="row"><a href="tables/{esc(r["name"])}.html">{esc(r["name"])}</a></th>'
        f'<td class="num">{len(data.rows[r["name"]])}</td><td>{esc(r["title"])}: {esc(r["description"])}</td></tr>'
        for r in descriptor["resources"])
    source_rows = "\n".join(
        f'<tr><th scope="row"><a href="sources/{esc(s)}.html">{esc(row["title"])}</a></th>'
        f'<td>{esc(row["author"] or row["publisher"])}</td><td>{esc(row["published"][:_digits(row)])}</td>'
        f'<td>{independence(row["independence"])}</td><td class="num">{len(data.spans[s])}</td></tr>'
        for s, row in data.sources.items())
    independence_column = next(f for f in data.resource("sources")["schema"]["fields"] if f["name"] == "independence")
    audit = audit_counts()
    audit_rows = "\n".join(
        f'<tr><th scope="row">{number}</th>'
        + "".join(f'<td class="num">{sum(c.get(k, 0) for c in round_["sources"].values())}</td>' for k in AUDIT_COUNTS)
        + f"<td>{esc(round_['description'])}</td></tr>"
        for number, round_ in enumerate(audit["rounds"], 1))
    quoted = sum(len(data.rows[t]) for t in data.quoted)
    what = ("the full texts, each checked against its SHA-256 (a site for local use, not to be published)" if full
            else "every quoted passage at its place in the document, with the length of each gap between them, "
            "since the texts remain their publishers' copyright; each page links to the original")
    body = f"""<h1>{esc(descriptor['title'])}</h1>
<p class="lead">{esc(descriptor['description'])}</p>
<p>Every claim on this site can be checked in its source: each of the {quoted} curated rows quotes
its document verbatim, with character offsets into the raw text. A source page shows {what};
click a highlighted passage to see the rows it became, or follow a row's link to its passage.
The same quotes as W3C Web Annotations: <a href="{WEB_ANNOTATIONS}">{WEB_ANNOTATIONS}</a>.</p>
<section aria-labelledby="tables">
<h2 id="tables">Tables</h2>
<table class="list"><thead><tr><th scope="col">table</th><th scope="col">rows</th><th scope="col">one row per</th></tr></thead>
<tbody>
{table_rows}
</tbody></table>
</section>
<section aria-labelledby="sources">
<h2 id="sources">Sources</h2>
<p>{len(data.sources)} documents; read a claim's source and its independence before you treat it as established.</p>
<table class="list"><thead><tr><th scope="col">document</th><th scope="col">author or publisher</th>
<th scope="col">published</th><th scope="col">independence</th><th scope="col">quoted rows</th></tr></thead>
<tbody>
{source_rows}
</tbody></table>
<p><strong>Independence</strong>: {esc(independence_column["description"])}</p>
</section>
<section aria-labelledby="audit">
<h2 id="audit">Audit</h2>
<p>Every row was checked against its source by independent readers, in {len(audit['rounds'])} rounds;
the counts below add up the findings of each round over the sources (per source in the dataset card,
<code>dataset-card.md</code> in every export).</p>
<table class="list"><thead><tr><th scope="col">round</th>{"".join(f'<th scope="col">{esc(k.replace("_", " "))}</th>' for k in AUDIT_COUNTS)}
<th scope="col">how</th></tr></thead>
<tbody>
{audit_rows}
</tbody></table>
</section>
<section aria-labelledby="cite">
<h2 id="cite">How to cite</h2>
<p>{esc(cite("text").strip())}</p>
<pre>{esc(cite("bibtex").strip())}</pre>
<p>Cite the source documents whose claims you use as well.</p>
</section>"""
    return layout(data, descriptor["title"], body, 0)


def _digits(row: dict[str, str]) -> int:
    from ._cite import DATE_DIGITS

    return DATE_DIGITS.get(row["published_precision"], 10)


# --- a source document --------------------------------------------------------------------

@dataclass
class Piece:
    """A run of one span's text (a span crossed by another is cut into pieces), holding text,
    gaps and the pieces of the spans nested in it."""
    span: Span | None
    first: bool = True
    children: list[Piece | str | int] = field(default_factory=list)  # int: a gap of that many characters


def known_characters(spans: list[Span], length: int, text: str | None) -> list[str | None]:
    """The text where it is known: all of it, or the characters of the quotes."""
    if text is not None:
        return list(text)
    known: list[str | None] = [None] * length
    for span in spans:
        for position, char in enumerate(span.quote, span.start):
            if known[position] not in (None, char):
                raise IntegrityError(f"The installed quotes disagree at character {position}: {span.table} "
                                     f"{span.id}. Reinstall mechelen-data.")
            known[position] = char
    return known


def passage_tree(spans: list[Span], known: list[str | None]) -> Piece:
    """The text as nested pieces: at each stretch between span boundaries, the spans
    covering it are open, outer (earlier, longer) ones first; a span that ends inside
    another closes the pieces opened after it, which go on as new pieces."""
    order = sorted(spans, key=lambda s: (s.start, -s.end, s.order, s.id))
    cuts = sorted({0, len(known), *(s.start for s in spans), *(s.end for s in spans)})
    root = Piece(None)
    stack: list[Piece] = [root]  # the open pieces, the root first
    open_spans: list[Span] = []  # their spans
    started: set[Span] = set()
    for start, end in zip(cuts, cuts[1:]):
        active = [s for s in order if s.start <= start < s.end]
        kept = 0
        while kept < len(open_spans) and open_spans[kept] in active:
            kept += 1
        del stack[kept + 1:], open_spans[kept:]
        for span in (s for s in active if s not in open_spans):
            piece = Piece(span, first=span not in started)
            started.add(span)
            stack[-1].children.append(piece)
            stack.append(piece)
            open_spans.append(span)
        chars = known[start:end]
        # A stretch no quote covers is unknown as a whole (its length stands for it).
        stack[-1].children.append(end - start if None in chars else "".join(chars))  # type: ignore[arg-type]
    return root


def render(data: Data, piece: Piece) -> tuple[str, int]:
    """The piece as HTML, and how many marks deep it is (h1 ... h5 in site.css)."""
    parts, height = [], 0
    for child in piece.children:
        if isinstance(child, Piece):
            text, inner = render(data, child)
            parts.append(text)
            height = max(height, inner)
        elif isinstance(child, str):
            parts.append(esc(child))
        else:
            parts.append(f'<span class="gap">[… {child:,} character{"" if child == 1 else "s"} not quoted …]</span>')
    span = piece.span
    if span is None:
        return "".join(parts), height
    first = f' id="q-{esc(span.table)}-{esc(span.id)}" tabindex="0"' if piece.first else ""
    return (f'<mark class="q {colour(data, span.table)} h{min(height + 1, 5)}"'
            f'{first} data-table="{esc(span.table)}" data-id="{esc(span.id)}" data-start="{span.start}" '
            f'data-end="{span.end}" title="{esc(span.table)} {esc(span.id)}">{"".join(parts)}</mark>'), height + 1


def document(data: Data, source_id: str, text: str | None) -> str:
    source = data.sources[source_id]
    spans = data.spans[source_id]
    length = len(text) if text is not None else int(data.context["texts"][source_id]["characters"])
    known = known_characters(spans, length, text)
    quoted = len({i for s in spans for i in range(s.start, s.end)})
    counts = {table: sum(s.table == table for s in spans) for table in data.quoted}
    legend = "\n".join(f"<li>{tag(data, table)} {counts[table]} row{'' if counts[table] == 1 else 's'}</li>"
                       for table in data.quoted)
    if text is None:
        shown = (f"This page shows the quoted passages only: {quoted:,} of the text's {length:,} characters "
                 f"({quoted / length:.0%}); the gaps between them are marked with their length. The full text "
                 f"is the publisher's copyright: read it at the original.")
    else:
        shown = (f"The full text, checked against its SHA-256, of which the rows quote {quoted:,} of {length:,} "
                 "characters. A page made with the raw texts is for local use: do not publish it.")
    rows = "\n".join(row_item(data, span) for span in sorted(spans, key=lambda s: (s.start, s.end, s.order)))
    facts = [("Author", esc(source["author"])), ("Publisher", esc(source["publisher"])),
             ("In", esc(source["container_title"])), ("Published", esc(source["published"][:_digits(source)])),
             ("Independence", independence(source["independence"])),
             ("Original", f'<a href="{esc(source["url"])}">{esc(source["url"])}</a>'),
             ("SHA-256 of the raw text", f"<code>{esc(source['sha256'])}</code>"),
             ("Row in the sources table", f'<a href="../tables/sources.html#{esc(source_id)}">{esc(source_id)}</a>')]
    facts_html = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts if value)
    body = f"""<h1>{esc(source['title'])}</h1>
<dl class="facts">{facts_html}</dl>
<p class="notice">{shown}</p>
<section aria-labelledby="legend">
<h2 id="legend">Highlighted passages</h2>
<ul class="legend">
{legend}
</ul>
<p class="hint">Each passage is coloured by the table its row belongs to; passages that overlap are nested,
each underlined in its own colour. Click a passage, or press Enter on it, to see the rows it became.</p>
</section>
<div class="reader">
<article class="text" lang="{esc(source['language'])}" aria-label="The text of the document">{render(data, passage_tree(spans, known))[0]}</article>
<aside id="panel" aria-labelledby="panel-title">
<h2 id="panel-title">Selected passage</h2>
<p class="hint" id="panel-hint">No passage selected yet.</p>
<ol class="rows" aria-live="polite"></ol>
</aside>
</div>
<section aria-labelledby="rows">
<h2 id="rows">Rows quoting this document</h2>
<p>{len(spans)} rows, in the order of their passages.</p>
<ol class="rows all">
{rows}
</ol>
</section>"""
    return layout(data, source["title"], body, 1)


def row_item(data: Data, span: Span) -> str:
    row = data.by_id[(span.table, span.id)]
    category = f" ({esc(row['category'])})" if row.get("category") else ""
    return (f'<li id="r-{esc(span.table)}-{esc(span.id)}">{tag(data, span.table)} '
            f'<a href="../tables/{esc(span.table)}.html#{esc(span.id)}">{esc(span.id)}</a>{category}: '
            f'{esc(label(row))} <a class="to-passage" href="#q-{esc(span.table)}-{esc(span.id)}">'
            f"characters {span.start:,}–{span.end:,}</a></li>")


# --- a table --------------------------------------------------------------------------------

def table_page(data: Data, name: str) -> str:
    resource = data.resource(name)
    fields = resource["schema"]["fields"]
    links = {key["fields"][0]: key["reference"]["resource"] for key in resource["schema"].get("foreignKeys", [])}
    numeric = {"integer", "number"}
    head = "".join(
        f'<th scope="col" data-type="{"number" if f["type"] in numeric else "text"}">'
        f'<button type="button" title="{esc(f["description"])}">{esc(f["name"])}</button></th>' for f in fields)
    # A cell of one word (an id, a date, a code) stays on one line, where a browser would break
    # "2001-01-01" at its hyphens; a column with long cells gets room to wrap them.
    long = {f["name"] for f in fields if any(len(row[f["name"]]) > LONG for row in data.rows[name])}
    rows = "\n".join(
        f'<tr id="{esc(row[data.keys[name]])}">'
        + "".join(f'<td{td_class(row[f["name"]], f["name"] in long)}>{cell(data, name, f["name"], row, links)}</td>'
                  for f in fields) + "</tr>"
        for row in data.rows[name])
    columns = "\n".join(f"<dt><code>{esc(f['name'])}</code> ({esc(f['type'])})</dt><dd>{esc(f['description'])}</dd>"
                        for f in fields)
    count = len(data.rows[name])
    body = f"""<h1>{esc(name)}: {esc(resource['title'])}</h1>
<p class="lead">{esc(resource['description'])}</p>
<details><summary>The {len(fields)} columns</summary><dl class="columns">{columns}</dl></details>
<div class="filter" role="search">
<label for="site_filter">Filter the rows</label>
<input id="site_filter" type="search" autocomplete="off" placeholder="any word, id or date">
<output id="site_shown" for="site_filter" aria-live="polite">{count} of {count} rows</output>
</div>
<div class="scroll" tabindex="0" role="region" aria-label="The {esc(name)} table, {count} rows">
<table class="data" data-rows="{count}">
<caption>{esc(name)}: sort by a column with its heading</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>"""
    return layout(data, f"{name}: {resource['title']}", body, 1)


def td_class(value: str, long: bool) -> str:
    return ' class="word"' if len(value.split()) == 1 else ' class="long"' if long else ""


def cell(data: Data, table: str, column: str, row: dict[str, str], links: dict[str, str]) -> str:
    value = row[column]
    if not value:
        return ""
    if column == data.keys[table]:
        own = f'<a class="anchor" href="#{esc(value)}">{esc(value)}</a>'
        return own + (f' <a href="../sources/{esc(value)}.html">document</a>' if table == "sources" else "")
    if column == "quote" and table in data.quoted:
        return (f'<a href="../sources/{esc(row["source_id"])}.html#q-{esc(table)}-{esc(row[data.keys[table]])}">'
                f"{esc(value)}</a>")
    if column in links:
        return f'<a href="{esc(links[column])}.html#{esc(value)}">{esc(value)}</a>'
    if column == "url":
        return f'<a href="{esc(value)}">{esc(value)}</a>'
    return esc(value)


# --- corroboration --------------------------------------------------------------------------

def corroboration(data: Data) -> str:
    from ._corroboration import APPROXIMATELY
    from ._corroboration import corroboration_summary as groups

    described = {row["corroboration"]: row for row in data.rows["corroborations"]}
    members = {row[data.keys[t]]: (t, row) for t in data.quoted for row in data.rows[t]
               if row.get("corroboration")}
    sections = []
    for group in groups().to_dict("records"):
        cards = []
        for row_id in str(group["row_ids"]).split("; "):
            table, row = members[row_id]
            source = data.sources[row["source_id"]]
            details = "".join(f"<dt>{esc(c.replace('_', ' '))}</dt><dd>{esc(row[c])}</dd>"
                              for c in CARD_COLUMNS if row.get(c))
            cards.append(f"""<li class="card">
<p class="who"><a href="sources/{esc(row['source_id'])}.html">{esc(source['author'] or source['publisher'])}</a>
{independence(source['independence'])}</p>
<p>{tag(data, table)} <a href="tables/{esc(table)}.html#{esc(row_id)}">{esc(row_id)}</a>: {esc(label(row))}</p>
<dl>{details}</dl>
<blockquote>{esc(row['quote'])}</blockquote>
<p><a href="sources/{esc(row['source_id'])}.html#q-{esc(table)}-{esc(row_id)}">The passage in its source</a></p>
</li>""")
        verdict = str(group["agreement"])
        range_ = group["lowest"] if group["lowest"] == group["highest"] else f"{group['lowest']} to {group['highest']}"
        sections.append(f"""<section class="group" id="{esc(group['corroboration'])}" aria-labelledby="h-{esc(group['corroboration'])}">
<h2 id="h-{esc(group['corroboration'])}">{esc(group['label'])}</h2>
<p><span class="badge {esc(verdict)}">{esc(verdict)}</span> {group['rows']} rows ({esc(group['kind'])}s) from
{group['sources']} sources, {group['independent_sources']} of them independent; {esc(range_)}.</p>
<p class="hint">{esc(described[group['corroboration']]['description'])}</p>
<ul class="side">
{"".join(cards)}
</ul>
</section>""")
    body = f"""<h1>Corroboration</h1>
<p class="lead">{len(sections)} happenings and figures that more than one source reports, side by side.
Events agree when their date spans overlap; figures agree when the values their qualifiers allow share a value
(“more than” a number lies above it, “about” within {APPROXIMATELY:.0%} of it). Nothing is merged: each source
keeps its own claim, with its independence from Somers.</p>
{"".join(sections)}"""
    return layout(data, "Corroboration", body, 0)
