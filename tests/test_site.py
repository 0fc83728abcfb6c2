"""The site (mechelen-data site DIR) read as files: every quote highlighted at exactly its
offsets, every row at its anchor, only quoted text unless the raw texts are given (and then
checked), counts from the data, links that resolve, nothing fetched from elsewhere, and a
folder written whole or not at all. tests/test_site_browser.py opens it in Chromium."""

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import mechelen_data as m
from mechelen_data._webannotations import web_annotations_bytes

from .conftest import ROOT

GAP = re.compile(r"\[… ([\d,]+) characters? not quoted …\]")


class Page(HTMLParser):
    """One HTML file: its ids, links, the pieces of every highlighted passage (mark.q) with
    their text, and the document's text as a list of text runs and gaps."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (tag, href or src)
        self.marks: list[dict] = []  # attributes and "text"
        self.article: list[str | int] = []  # text runs; an int is a gap of that many characters
        self.stack: list[tuple[str, dict]] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        for name in ("href", "src"):
            if name in attributes:
                self.links.append((tag, attributes[name]))
        if tag == "mark" and "q" in attributes.get("class", "").split():
            attributes["text"] = ""
            self.marks.append(attributes)
        self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for tag, attributes in self.stack:
            if "text" in attributes:  # a highlighted passage's text, with the passages nested in it
                attributes["text"] += data
        inside = [tag for tag, _ in self.stack]
        if "article" in inside:
            gap = next((a for t, a in self.stack if t == "span" and a.get("class") == "gap"), None)
            self.article.append(int(GAP.fullmatch(data)[1].replace(",", "")) if gap else data)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return m.site(tmp_path_factory.mktemp("site") / "out")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mechelen_data", *args], capture_output=True, text=True)


def test_every_quote_is_highlighted_with_exactly_its_offsets_and_text(site, quoted_rows, table_rows):
    pages = {s["source_id"]: Page(site / "sources" / f"{s['source_id']}.html") for s in table_rows["sources"]}
    for table, row_id, row in quoted_rows:
        page = pages[row["source_id"]]
        pieces = [mark for mark in page.marks if (mark["data-table"], mark["data-id"]) == (table, row_id)]
        assert pieces, (table, row_id)
        assert {(mark["data-start"], mark["data-end"]) for mark in pieces} == {(row["quote_start"], row["quote_end"])}
        assert "".join(mark["text"] for mark in pieces) == row["quote"], (table, row_id)
        assert [mark.get("id") for mark in pieces if mark.get("id")] == [f"q-{table}-{row_id}"]
    # and nothing else is highlighted
    on_pages = {(mark["data-table"], mark["data-id"]) for page in pages.values() for mark in page.marks}
    assert on_pages == {(table, row_id) for table, row_id, _ in quoted_rows}


def positions(runs: list[str | int]) -> tuple[dict[int, str], set[int], int]:
    """The article's text runs and gaps laid out: ({position: character shown}, positions
    in gaps, length)."""
    shown, gaps, at = {}, set(), 0
    for run in runs:
        if isinstance(run, int):
            gaps.update(range(at, at + run))
            at += run
        else:
            shown.update(enumerate(run, at))
            at += len(run)
    return shown, gaps, at


def test_a_document_shows_its_quoted_passages_in_place_and_nothing_else(site, quoted_rows, table_rows, raw_texts):
    for source in table_rows["sources"]:
        text = raw_texts[source["source_id"]]
        covered = {i for _, _, row in quoted_rows if row["source_id"] == source["source_id"]
                   for i in range(int(row["quote_start"]), int(row["quote_end"]))}
        page = Page(site / "sources" / f"{source['source_id']}.html")
        shown, gaps, length = positions(page.article)
        assert length == len(text)
        assert set(shown) == covered and gaps == set(range(len(text))) - covered
        assert all(text[i] == char for i, char in shown.items())
        assert (source["url"], "a") in {(href, tag) for tag, href in page.links}
        assert source["sha256"] in (site / "sources" / f"{source['source_id']}.html").read_text(encoding="utf-8")


def test_with_the_raw_texts_a_document_shows_them_whole(tmp_path, quoted_rows, table_rows, raw_texts):
    m.site(tmp_path / "full", texts=ROOT / "raw" / "texts")
    for source in table_rows["sources"]:
        page = Page(tmp_path / "full" / "sources" / f"{source['source_id']}.html")
        assert "".join(page.article) == raw_texts[source["source_id"]]
        for table, row_id, row in quoted_rows:
            if row["source_id"] == source["source_id"]:
                pieces = [mark["text"] for mark in page.marks if (mark["data-table"], mark["data-id"]) == (table, row_id)]
                assert "".join(pieces) == row["quote"]


def test_a_raw_text_that_does_not_match_its_hash_is_refused_and_nothing_is_written(tmp_path, table_rows):
    texts = shutil.copytree(ROOT / "raw" / "texts", tmp_path / "texts")
    damaged = texts / Path(table_rows["sources"][-1]["raw_path"]).name
    damaged.write_text(damaged.read_text(encoding="utf-8").replace(" ", "  ", 1), encoding="utf-8")
    result = cli("site", str(tmp_path / "out"), "--texts", str(texts))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(damaged) in result.stderr and table_rows["sources"][-1]["sha256"] in result.stderr
    assert not (tmp_path / "out").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["texts"]
    result = cli("site", str(tmp_path / "out"), "--texts", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "not a folder" in result.stderr and not (tmp_path / "out").exists()


def test_every_row_has_its_anchor_and_a_link_to_its_passage(site, package_descriptor, table_rows, quoted_rows):
    for resource in package_descriptor["resources"]:
        key = resource["schema"]["primaryKey"][0]
        page = Page(site / "tables" / f"{resource['name']}.html")
        assert [i for i in page.ids if not i.startswith("site_")] == [row[key] for row in table_rows[resource["name"]]]
    links = {table: {href for _, href in Page(site / "tables" / f"{table}.html").links}
             for table in {table for table, _, _ in quoted_rows}}
    for table, row_id, row in quoted_rows:
        assert f"../sources/{row['source_id']}.html#q-{table}-{row_id}" in links[table]


def test_every_link_resolves_within_the_site_and_nothing_is_fetched_from_elsewhere(site):
    pages = {path: Page(path) for path in site.rglob("*.html")}
    for path, page in pages.items():
        assert len(page.ids) == len(set(page.ids)), path
        for tag, link in page.links:
            parts = urlsplit(link)
            if parts.scheme:  # the originals of the sources, references and the licence, only when clicked
                assert tag == "a" and parts.scheme in ("http", "https"), (path, link)
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), (path, link)
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in pages[target].ids, (path, link)
    for asset in ("site.css", "site.js"):
        text = (site / asset).read_text(encoding="utf-8")
        assert not re.search(r"url\(|@import|https?:|fetch\(|XMLHttpRequest", text), asset
    assert (site / "web-annotations.jsonld").read_bytes() == web_annotations_bytes()


def test_the_home_page_counts_come_from_the_data(site, package_descriptor, table_rows):
    home = (site / "index.html").read_text(encoding="utf-8")
    for name, rows in table_rows.items():
        assert f'<a href="tables/{name}.html">{name}</a></th><td class="num">{len(rows)}</td>' in home
    for source in table_rows["sources"]:
        assert f'href="sources/{source["source_id"]}.html"' in home and source["independence"] in home
    audit = json.loads((ROOT / "mechelen_data" / "audit.json").read_text(encoding="utf-8"))
    for number, round_ in enumerate(audit["rounds"], 1):
        serious = sum(counts["serious"] for counts in round_["sources"].values())
        assert re.search(rf'<th scope="row">{number}</th><td class="num">\d+</td><td class="num">{serious}</td>', home)
    assert m.cite("text").strip().replace("'", "&#x27;") in home


def test_corroboration_groups_stand_side_by_side_with_each_sources_independence(site, table_rows, quoted_rows):
    page = (site / "corroboration.html").read_text(encoding="utf-8")
    independence = {row["source_id"]: row["independence"] for row in table_rows["sources"]}
    sections = {match[1]: match[0] for match in re.finditer(r'<section class="group" id="([^"]+)".*?</section>',
                                                             page, re.S)}
    assert list(sections) == [row["corroboration"] for row in table_rows["corroborations"]]
    for group, html in sections.items():
        members = [(t, i, row) for t, i, row in quoted_rows if row.get("corroboration") == group]
        assert html.count('<li class="card">') == len(members)
        for table, row_id, row in members:
            assert f'href="tables/{table}.html#{row_id}"' in html
            assert f'<span class="badge {independence[row["source_id"]]}">' in html
        sources = {row["source_id"] for _, _, row in members}
        independent = sum(independence[s] == "independent" for s in sources)
        assert f"from\n{len(sources)} sources, {independent} of them independent" in html


def test_a_folder_with_files_is_refused_unless_forced_which_keeps_other_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(m.ExportError, match="not empty.*--force"):
        m.site(out)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert m.site(out, force=True) == out
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine" and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind
    assert cli("site").returncode == 2
