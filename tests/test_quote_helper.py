"""The curator's helper prints a span of a raw text exactly as the YAML must hold it."""

import subprocess
import sys

import pytest
import yaml

from build_scripts.quote import as_yaml, find_span

from .conftest import ROOT
from .test_data import CURATED


def helper(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts.quote", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("table", CURATED)
def test_the_words_of_every_curated_quote_find_that_quote(table, table_rows, raw_texts):
    for row in table_rows[table]:
        text, quote = raw_texts[row["source_id"]], row["quote"]
        start, end = find_span(text, quote.split(), [])
        assert (start, end) == (int(row["quote_start"]), int(row["quote_end"])), row
        assert yaml.safe_load("quote: " + as_yaml(text[start:end]))["quote"] == quote


def test_first_and_last_words_give_the_span_with_its_line_break_escaped():
    result = helper("3", "December", "...", "Somers", "discusses", "--source", "reneweurope-cor-2019")
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'quote: "3 December\\nBart Somers discusses"\n'
    assert "raw/texts/reneweurope-cor-2019.txt, characters " in result.stderr


def test_curly_quotes_and_dashes_are_kept_and_straight_quotes_escaped():
    text = "He said “stay” – and left.\nThen \"x\" \\ y"
    start, end = find_span(text, ["said"], ["\\", "y"])
    written = as_yaml(text[start:end])
    assert written == '"said “stay” – and left.\\nThen \\"x\\" \\\\ y"'
    assert yaml.safe_load("quote: " + written)["quote"] == text[start:end]


def test_words_that_are_not_in_the_text_are_named():
    result = helper("Bart", "Somers", "...", "zebra", "--source", "reneweurope-cor-2019")
    assert result.returncode == 1
    assert "the last words 'zebra' do not follow 'Bart Somers'" in result.stderr
    result = helper("Bart", "--source", "no-such-source")
    assert result.returncode == 2 and "sources: bannerjee-smartcitizen-2017" in result.stderr
