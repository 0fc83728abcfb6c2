"""The site in a real browser: Debian's headless Chromium opens it from disk (file://), a
click on a highlighted passage lists its rows and leads to the right row, a row leads back
to its passage, a table filters and sorts, no page logs an error or requests anything but
its own files, and each kind of page passes axe-core's WCAG 2 A/AA rules (landmarks,
contrast, names) and can be used from the keyboard. One browser for the module; marked slow
(half a minute, most of it starting Chromium and axe-core reading every element), so it
runs with --slow and always in CI."""

import base64
import socket
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import mechelen_data as m

from .browser import start
from .conftest import program

pytestmark = pytest.mark.slow
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """As in tests/conftest.py, but for selenium's own connection to chromedriver on loopback."""
    connect, create = socket.socket.connect, socket.create_connection

    def refuse_unless_loopback(address):
        if not (isinstance(address, tuple) and address[0] in LOOPBACK):
            raise RuntimeError("network access attempted during a test")

    def guarded_connect(self, address):
        refuse_unless_loopback(address)
        return connect(self, address)

    def guarded_create(address, *args, **kwargs):
        refuse_unless_loopback(address)
        return create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return m.site(tmp_path_factory.mktemp("site") / "out")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = program("chromium", "chromium")
    chromedriver = program("chromedriver", "chromium-driver")
    driver = start(chromium, chromedriver, tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


def nested_pair(quoted) -> tuple[tuple[str, str, dict], tuple[str, str, dict]]:
    """An (outer, inner) pair of quotes from one source, the inner one wholly inside the outer
    one and starting later, found from the offsets."""
    for outer in quoted:
        for inner in quoted:
            o, i = outer[2], inner[2]
            if (o["source_id"] == i["source_id"] and int(o["quote_start"]) < int(i["quote_start"])
                    and int(i["quote_end"]) <= int(o["quote_end"])):
                return outer, inner
    pytest.fail("no quote lies inside another")


def test_a_click_on_a_passage_lists_its_rows_and_leads_to_its_row(browser, site, quoted_rows, tmp_path):
    outer, inner = nested_pair(quoted_rows)
    table, row_id, row = inner
    browser.get((site / "sources" / f"{row['source_id']}.html").as_uri())
    mark = browser.find_element(By.ID, f"q-{table}-{row_id}")
    assert (mark.get_attribute("data-start"), mark.get_attribute("data-end")) == (row["quote_start"], row["quote_end"])
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", mark)
    listed = [a.get_attribute("href").rsplit("/", 1)[-1]
              for a in browser.find_elements(By.CSS_SELECTOR, "#panel li > a:not(.to-passage)")]
    # the clicked row first, then the rows whose passages hold it, the outer one among them
    assert listed[0] == f"{table}.html#{row_id}" and f"{outer[0]}.html#{outer[1]}" in listed[1:]
    Path(tmp_path / "passage.png").write_bytes(browser.get_screenshot_as_png())
    browser.find_element(By.CSS_SELECTOR, "#panel li > a:not(.to-passage)").click()
    assert browser.current_url == (site / "tables" / f"{table}.html").as_uri() + f"#{row_id}"
    target = browser.execute_script("return document.querySelector(':target')")
    assert target.tag_name == "tr" and target.get_attribute("id") == row_id
    assert row["quote"] in target.text.replace("\n", " ") or row["quote"].split("\n")[0] in target.text
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < browser.execute_script("return window.innerHeight")


def test_a_row_leads_back_to_its_passage(browser, site, quoted_rows):
    table, row_id, row = quoted_rows[-1]
    browser.get((site / "tables" / f"{table}.html").as_uri() + f"#{row_id}")
    browser.find_element(By.CSS_SELECTOR, f"tr[id='{row_id}'] a[href*='#q-']").click()
    target = browser.execute_script("return document.querySelector(':target')")
    assert (target.tag_name, target.get_attribute("data-id"), target.get_attribute("data-start")) == (
        "mark", row_id, row["quote_start"])
    # the panel already lists the row the reader came from
    first = browser.find_element(By.CSS_SELECTOR, "#panel li > a:not(.to-passage)")
    assert first.get_attribute("href").endswith(f"/tables/{table}.html#{row_id}")


def visible_ids(browser) -> list[str]:
    return browser.execute_script("return Array.from(document.querySelectorAll('table.data tbody tr'))"
                                  ".filter(tr => !tr.hidden).map(tr => tr.id)")


def test_a_table_filters_and_sorts(browser, site, package_descriptor, table_rows):
    resource = next(r for r in package_descriptor["resources"] if r["name"] == "statistics")
    key = resource["schema"]["primaryKey"][0]
    rows = table_rows["statistics"]
    browser.get((site / "tables" / "statistics.html").as_uri())
    assert visible_ids(browser) == [row[key] for row in rows]
    word = rows[0]["place"] or rows[0]["indicator"]
    browser.find_element(By.ID, "site_filter").send_keys(word.upper())
    expected = [row[key] for row in rows if any(word.lower() in value.lower() for value in row.values())]
    assert visible_ids(browser) == expected
    assert browser.find_element(By.ID, "site_shown").text == f"{len(expected)} of {len(rows)} rows"
    browser.find_element(By.ID, "site_filter").clear()
    browser.execute_script("document.getElementById('site_filter').dispatchEvent(new Event('input'))")
    # sort by value: as numbers (9 before 10), empty cells last
    column = [f["name"] for f in resource["schema"]["fields"]].index("value")
    browser.find_elements(By.CSS_SELECTOR, "table.data thead th button")[column].click()
    by_value = sorted(rows, key=lambda row: (row["value"] == "", float(row["value"] or 0)))
    assert [browser.execute_script("return document.getElementById(arguments[0]).cells[arguments[1]].textContent",
                                   row_id, column) for row_id in visible_ids(browser)] == [r["value"] for r in by_value]
    header = browser.find_elements(By.CSS_SELECTOR, "table.data thead th")[column]
    assert header.get_attribute("aria-sort") == "ascending"


def pages(site: Path) -> list[Path]:
    """One page of each kind."""
    return [site / "index.html", sorted((site / "sources").iterdir())[0], site / "tables" / "events.html",
            site / "corroboration.html"]


def test_no_page_logs_an_error_or_requests_anything_but_its_own_files(browser, site):
    browser.get_log("performance"), browser.get_log("browser")  # start from empty logs
    for page in pages(site):
        browser.get(page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    import json

    requested = [json.loads(entry["message"])["message"]["params"]["request"]["url"]
                 for entry in browser.get_log("performance")
                 if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert requested and all(url.startswith(site.as_uri()) for url in requested), requested


def test_every_kind_of_page_passes_axe_and_works_from_the_keyboard(browser, site):
    for page in pages(site):
        browser.get(page.as_uri())
        axe = Axe(browser)
        axe.inject()
        results = axe.run(options="{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}")
        assert results["violations"] == [], f"{page.name}: {axe.report(results['violations'])}"
        assert results["passes"]  # it did check something
        # Tab reaches the skip link first, with a visible focus ring; Enter moves to the content.
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused = browser.switch_to.active_element
        assert focused.get_attribute("class") == "skip"
        assert focused.value_of_css_property("outline-style") != "none"
        focused.send_keys(Keys.ENTER)
        assert browser.switch_to.active_element.get_attribute("id") == "site_main"
    # On a document, a passage takes the keyboard focus and Enter lists its rows.
    browser.get(pages(site)[1].as_uri())
    passage = browser.find_element(By.CSS_SELECTOR, "mark.q[tabindex='0']")
    passage.send_keys(Keys.ENTER)
    listed = browser.find_element(By.CSS_SELECTOR, "#panel li > a:not(.to-passage)")
    assert listed.get_attribute("href").endswith(f"#{passage.get_attribute('data-id')}")


def test_a_screenshot_shows_the_highlighted_document(browser, site, tmp_path):
    browser.get(pages(site)[1].as_uri())
    png = base64.b64decode(browser.get_screenshot_as_base64())
    (tmp_path / "document.png").write_bytes(png)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == tuple(
        browser.execute_script("return [window.innerWidth, window.innerHeight]"))


# Cells with one word each (no white space) whose words the browser drew on more than one line.
BROKEN_WORDS = """
return Array.from(document.querySelectorAll('table.data td')).filter(td => {
  const text = td.textContent.trim();
  if (!text || /\\s/.test(text)) return false;
  const range = document.createRange();
  range.selectNodeContents(td);
  return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size > 1;
}).map(td => td.parentElement.id + ': ' + td.textContent);
"""


def test_no_table_page_breaks_a_word_across_lines(browser, site):
    """A wide table scrolls sideways rather than squeezing short cells ("Mech/elen")."""
    for page in sorted((site / "tables").iterdir()):
        browser.get(page.as_uri())
        assert browser.execute_script(BROKEN_WORDS) == [], page.name
