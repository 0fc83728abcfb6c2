"""Citing the rows a work used and reading exactly those rows back: m.cite(rows=...) and
m.rows(FILE), with the fingerprint recomputed here from its documented recipe."""

import hashlib
import json
import subprocess
import sys
import warnings

import pandas as pd
import pytest
import yaml

import mechelen_data as m

from .conftest import ROOT
from .test_cite import bibtex_fields


def fingerprint(version: str, chosen: dict[str, list[str]]) -> str:
    """The README's recipe: SHA-256 of the sorted-key, space-free JSON of version and sorted ids."""
    text = json.dumps({"version": version, "tables": {t: sorted(ids) for t, ids in chosen.items()}},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def key(table: str) -> str:
    (column,) = m.schema(table)["primaryKey"]
    return column


def save(tmp_path, rows, name="rows-used.json"):
    path = tmp_path / name
    path.write_text(m.cite("ids", rows=rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("table", m.tables())
def test_a_filtered_frame_comes_back_row_for_row(table, tmp_path):
    frame = m.load(table)
    used = frame.iloc[::2]
    back = m.rows(save(tmp_path, used))
    assert list(back) == [table]
    pd.testing.assert_frame_equal(back[table], used)
    saved = json.loads((tmp_path / "rows-used.json").read_text(encoding="utf-8"))
    assert saved["tables"] == {table: sorted(used[key(table)])}
    assert saved["fingerprint"] == fingerprint(m.__version__, saved["tables"]) and saved["version"] == m.__version__


def test_the_fingerprint_depends_on_the_ids_only():
    statistics = m.statistics()
    used = statistics[statistics.source_id == statistics.source_id.iloc[0]]
    shuffled = pd.concat([used.iloc[::-1], used.iloc[:2]])[["statistic_id", "value"]]  # reordered, repeated, fewer columns
    as_records = [r for r in m.records("statistics") if r.source_id == statistics.source_id.iloc[0]]
    texts = {m.cite(rows=rows) for rows in (used, shuffled, as_records, [dict(r) for r in as_records])}
    assert len(texts) == 1
    assert f"Fingerprint {fingerprint(m.__version__, {'statistics': list(used.statistic_id)})}." in texts.pop()
    assert m.cite(rows=used.iloc[1:]) != m.cite(rows=used)


def test_rows_of_several_tables_in_a_list_or_a_dict(tmp_path):
    events, themes = m.events().head(3), m.themes().tail(2)
    listed, keyed = m.cite("ids", rows=[events, themes]), m.cite("ids", rows={"themes": themes, "events": events})
    assert listed == keyed
    assert list(json.loads(listed)["tables"]) == [t for t in m.tables() if t in ("events", "themes")]
    back = m.rows(save(tmp_path, [themes, events]))
    pd.testing.assert_frame_equal(back["events"], events)
    pd.testing.assert_frame_equal(back["themes"], themes)


def test_a_frame_merged_with_the_tables_it_refers_to_is_still_its_table():
    merged = m.strategies().merge(m.themes(), on="theme").head(4)
    assert json.loads(m.cite("ids", rows=merged))["tables"] == {"strategies": sorted(merged.strategy_id)}
    indexed = m.statistics().set_index("statistic_id").head(2)  # the key in the index counts
    assert json.loads(m.cite("ids", rows=indexed))["tables"] == {"statistics": sorted(indexed.index)}


def test_the_citations_name_the_version_the_rows_and_the_fingerprint():
    used = m.statistics().iloc[:5]
    ids = sorted(used.statistic_id)
    mark = fingerprint(m.__version__, {"statistics": ids})
    total = len(m.statistics())
    text = m.cite(rows=used)
    assert text.startswith(m.cite()) and f"statistics, 5 of {total} rows (statistic_id: {', '.join(ids)})" in text
    entry = m.cite("bibtex", rows=used)
    assert entry.startswith(f"@misc{{mechelen_data_{m.__version__.replace('.', '_')}_{mark},")
    fields = bibtex_fields(entry)
    assert fields["version"] == m.__version__
    assert fields["note"].endswith(f"Rows used: statistics, 5 of {total} rows. Fingerprint {mark}.")
    (reference,) = yaml.safe_load(m.cite("cff", rows=used))["references"]
    whole = yaml.safe_load(m.cite("cff"))
    assert reference["type"] == "data" and reference["authors"] == whole["authors"]
    assert (reference["title"], reference["version"]) == (whole["title"], m.__version__)
    assert all(i in reference["notes"] for i in ids) and mark in reference["notes"]
    with pytest.raises(m.UnknownNameError, match="ids"):
        m.cite("apa", rows=used)


def test_rows_without_their_key_column_are_refused_naming_it():
    with pytest.raises(m.MechelenDataError, match="no table's primary key column .*statistics.statistic_id"):
        m.cite(rows=m.statistics()[["value", "unit"]])
    with pytest.raises(m.MechelenDataError, match="'statistic_id'"):
        m.cite(rows={"statistics": m.statistics()[["value"]]})
    with pytest.raises(m.UnknownNameError, match="statistics"):
        m.cite(rows={"statistic": m.statistics()})
    with pytest.raises(m.MechelenDataError, match="empty"):
        m.cite(rows=m.statistics().head(0))


def test_an_id_that_is_not_a_row_is_refused():
    made_up = m.events().head(1).assign(event_id="no-such-event")
    with pytest.raises(m.MechelenDataError, match="no-such-event"):
        m.cite(rows=made_up)


def write_ids(path, version, tables, mark=None):
    path.write_text(json.dumps({"version": version, "tables": tables,
                                "fingerprint": mark or fingerprint(version, tables)}), encoding="utf-8")
    return path


def test_another_installed_version_warns_and_a_missing_id_is_an_error(tmp_path):
    used = m.themes().head(2)
    older = write_ids(tmp_path / "older.json", "0.0.1", {"themes": list(used.theme)})
    with pytest.warns(UserWarning, match=f"rows of mechelen-data 0.0.1, but {m.__version__} is installed"):
        back = m.rows(older)
    pd.testing.assert_frame_equal(back["themes"], used)
    gone = write_ids(tmp_path / "gone.json", "0.0.1", {"themes": [used.theme.iloc[0], "a-theme-since-removed"]})
    with warnings.catch_warnings(), pytest.raises(m.MechelenDataError, match="a-theme-since-removed.*install"):
        warnings.simplefilter("ignore")
        m.rows(gone)
    with pytest.raises(m.MechelenDataError, match="0.0.1.*pip install mechelen-data==0.0.1"):
        m.cite(rows=older)  # a citation would name the wrong version


def test_an_edited_or_unreadable_ids_file_is_refused(tmp_path):
    saved = json.loads(m.cite("ids", rows=m.themes().head(3)))
    edited = write_ids(tmp_path / "edited.json", saved["version"], {"themes": saved["tables"]["themes"][:2]},
                       saved["fingerprint"])
    with pytest.raises(m.MechelenDataError, match="edited or damaged"):
        m.rows(edited)
    with pytest.raises(m.MechelenDataError, match="does not exist"):
        m.rows(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    with pytest.raises(m.MechelenDataError, match="cannot be read"):
        m.rows(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(m.MechelenDataError, match="lacks the version"):
        m.rows(tmp_path / "other.json")


def test_the_command_cites_a_saved_ids_file(tmp_path):
    path = save(tmp_path, m.initiatives().tail(3))
    for format in ("text", "bibtex", "cff"):
        shown = subprocess.run([sys.executable, "-m", "mechelen_data", "cite", "--rows", str(path), "--format", format],
                               capture_output=True, text=True, cwd=ROOT.parent)
        assert shown.returncode == 0 and shown.stdout == m.cite(format, rows=path)


def test_the_readme_example_prints_what_the_readme_shows(tmp_path, monkeypatch):
    """The worked example, run as written: each printed citation is the one in the README
    (which the build writes), and the saved ids give the same rows back."""
    import contextlib
    import io
    import re

    from build_scripts.readme import rows_example

    ROWS_START = "<!-- rows: written by python -m build_scripts from cite(rows=...); do not edit -->\n"
    ROWS_END = "<!-- /rows -->\n"

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(ROWS_START)[1].split(ROWS_END)[0]
    assert block == rows_example()
    pairs = re.findall(r"```python\n(.*?)```\n\n```\w+\n(.*?)```", block, re.DOTALL)
    assert len(pairs) == 3
    namespace = {}
    for code, shown in pairs:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)
        assert printed.getvalue() == shown + "\n"
    after = readme.split(ROWS_END)[1]
    code = re.search(r"```python\n(.*?)```", after, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    last = code.strip().splitlines()[-1].split("#")[0]
    exec(code, namespace)
    assert eval(last, namespace) is True
