"""Debian's headless Chromium, driven by selenium through Debian's chromedriver (nothing is
downloaded), for tests/test_site_browser.py and for the README's screenshot of the site:

    python -m tests.browser docs/screenshots/site.png

writes a site from the installed package, opens a source document from disk, clicks a
highlighted passage that holds another, and saves what the window shows."""

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# The flags this machine needs (no sandbox as root; no background connections, which its
# closed network refuses), a window the size of a laptop screen, and a fresh profile.
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1400,900"]


def start(chromium: str, chromedriver: str, profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    # The console (errors a page logs) and the network log (every request the pages make).
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(chromedriver))


NESTED = "mark.q:has(mark.q)"  # a highlighted passage with another inside it


def show_nested_passage(driver: webdriver.Chrome, page: Path) -> tuple[str, str]:
    """Open `page`, click the first passage nested in another and return its (table, id)."""
    driver.get(page.as_uri())
    inner = driver.find_element("css selector", f"{NESTED} mark.q")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", inner)
    inner.click()
    return inner.get_attribute("data-table"), inner.get_attribute("data-id")


def main(out: str) -> None:
    import shutil

    import mechelen_data as m

    work = Path(tempfile.mkdtemp())
    try:
        site = m.site(work / "site")
        driver = start(shutil.which("chromium") or "chromium", shutil.which("chromedriver") or "chromedriver",
                       work / "profile")
        try:
            source = m.sources()["source_id"].iloc[-1]
            driver.set_window_size(1400, 1000)
            show_nested_passage(driver, site / "sources" / f"{source}.html")
            # From the notice (the quoted share, the gaps) down: legend, text, and the rows beside it.
            driver.execute_script("document.querySelector('.notice').scrollIntoView()")
            Path(out).write_bytes(driver.get_screenshot_as_png())
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])
