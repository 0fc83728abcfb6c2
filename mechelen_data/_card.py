"""The dataset card: a datasheet (motivation, composition, collection and curation, uses,
biases and limitations, personal and sensitive information, maintenance, citation) with
its quality measured from the data, never typed: rows by source independence, dates by
precision, and the audit counts (audit.json, which the build copies from docs/audit.yaml).
Made from the descriptor and the tables, so that the build (docs/dataset-card.md) and every
export write the same text. Standard library only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ._cite import DATE_DIGITS

CARD = "dataset-card.md"
# The first line of a generated Markdown document (invisible when rendered).
GENERATED = "<!-- Generated from datapackage.json and the tables (python -m build_scripts); do not edit. -->"
AUDIT = "audit.json"
AUDIT_COUNTS = ("rows_checked", "serious", "minor", "omission")
# Sources whose independence is one of these come from Bart Somers or his group.
NOT_INDEPENDENT = ("self-authored", "affiliated")
# Indicator keys or definitions with these words hold religion or security figures, which a
# reader must handle with care (the card counts the rows; the words are the indicators' own).
RELIGION_WORDS = ("muslim", "mosque", "relig", "islam", "wahhab")
SECURITY_WORDS = ("fighter", "radical", "terror", "attack", "police")
Rows = dict[str, list[dict[str, str]]]


# Tables that record what was decided about a source rather than what it says: shown in
# the composition, left out of the shares of curated rows.
DECISIONS = ("exclusions",)


def sourced_tables(descriptor: dict[str, Any], decisions: bool = False) -> list[str]:
    """The tables whose rows each come from one source (a source_id column), besides the
    sources table itself; with `decisions`, also the exclusions."""
    return [resource["name"] for resource in descriptor["resources"] if resource["name"] != "sources"
            and (decisions or resource["name"] not in DECISIONS)
            and any(field["name"] == "source_id" for field in resource["schema"]["fields"])]


def independence_counts(descriptor: dict[str, Any], rows: Rows) -> dict[str, Counter[str]]:
    """{table: Counter(independence -> rows)} for each table with a source_id column."""
    of_source = {row["source_id"]: row["independence"] for row in rows["sources"]}
    return {name: Counter(of_source[row["source_id"]] for row in rows[name]) for name in sourced_tables(descriptor)}


def not_independent_share(descriptor: dict[str, Any], rows: Rows, table: str | None = None) -> tuple[int, int]:
    """(rows from self-authored or affiliated sources, all rows), in `table` or in every
    table with a source_id column."""
    counts = independence_counts(descriptor, rows)
    chosen = [counts[table]] if table else list(counts.values())
    return (sum(count[kind] for count in chosen for kind in NOT_INDEPENDENT), sum(sum(c.values()) for c in chosen))


def independence_levels(descriptor: dict[str, Any]) -> list[str]:
    sources = next(r for r in descriptor["resources"] if r["name"] == "sources")
    field = next(f for f in sources["schema"]["fields"] if f["name"] == "independence")
    return list(field.get("constraints", {}).get("enum", []))


def temporal_coverage(rows: Rows) -> tuple[str, str] | None:
    """The earliest and latest day any event may fall on; None without dated events."""
    starts = [r["date_start"] for r in rows.get("events", []) if r.get("date_start")]
    ends = [r["date_end"] for r in rows.get("events", []) if r.get("date_end")]
    return (min(starts), max(ends)) if starts and ends else None


def places(descriptor: dict[str, Any], rows: Rows) -> Counter[str]:
    """Rows per place of the places table, each row counted once at the most specific place
    it names: the value of its foreign key to places (events.city, statistics.place), else
    the country of its `country` code."""
    countries = {p["country_code"]: p["place"] for p in rows.get("places", []) if p["kind"] == "country"}
    named: Counter[str] = Counter()
    for resource in descriptor["resources"]:
        columns = [key["fields"][0] for key in resource["schema"].get("foreignKeys", [])
                   if key["reference"]["resource"] == "places"]
        for row in rows[resource["name"]] if columns else []:
            place = next((row[column] for column in columns if row[column]), "")
            named.update([place or countries.get(row.get("country") or "", "")])
    del named[""]
    return named


def sensitive_counts(rows: Rows) -> dict[str, int]:
    """Rows that name people or hold religion or security figures."""
    definitions = {row["indicator"]: (row["indicator"] + " " + row.get("definition", "")).lower()
                   for row in rows.get("indicators", [])}

    def about(words: tuple[str, ...]) -> int:
        return sum(any(word in definitions.get(row["indicator"], row["indicator"]) for word in words)
                   for row in rows.get("statistics", []))

    actors = {name.strip() for row in rows.get("events", []) for name in row.get("actors", "").split(";") if name.strip()}
    return {"actors": len(actors), "religion": about(RELIGION_WORDS), "security": about(SECURITY_WORDS)}


def dataset_card(descriptor: dict[str, Any], rows: Rows, audit: dict[str, Any], citation: tuple[str, str]) -> str:
    """Markdown of the card; `citation` is (plain text, BibTeX) of the package."""
    levels = independence_levels(descriptor)
    counts = independence_counts(descriptor, rows)
    sources = rows["sources"]
    by_source = {name: Counter(row["source_id"] for row in rows[name]) for name in sourced_tables(descriptor, decisions=True)}
    kept, total = not_independent_share(descriptor, rows)
    not_independent = [s for s in sources if s["independence"] in NOT_INDEPENDENT]
    named = [f"`{s['source_id']}` {s['independence']}" for s in not_independent]
    first, last = temporal_coverage(rows) or ("unknown", "unknown")
    sensitive = sensitive_counts(rows)
    contact = ", ".join(f"{p['title']} <{p['email']}>" for p in descriptor["contributors"] if p.get("email"))
    lines = [
        GENERATED, f"# Dataset card: {descriptor['title']}", "",
        f"Version {descriptor['version']}, released {descriptor['created'][:10]}. "
        + (f"DOI [{descriptor['id'][len('https://doi.org/'):]}]({descriptor['id']})." if descriptor.get("id")
           else "No DOI yet: one is minted when the first release is deposited in Zenodo."),
        "Generated from the descriptor and the tables by the build; do not edit by hand. Every number below is "
        "counted from the data or from the audit counts in `docs/audit.yaml`.", "",
        "## Motivation", "",
        descriptor["description"], "",
        "The data exist so that researchers (P/CVE, urban policy, political science), journalists and students "
        "can study how the approach was described and received without re-reading the documents, and check every "
        "cell against the words that support it.", "",
        "## Composition", "",
        f"{len(descriptor['resources'])} tables, {sum(len(rows[r['name']]) for r in descriptor['resources'])} rows "
        "in all. Each CSV file has a header row; an empty cell means unknown, never a guess.", "",
        "| table | rows | one row per |", "|---|---|---|",
        *[f"| `{r['name']}` | {len(rows[r['name']])} | {_cell(r['title'])} |" for r in descriptor["resources"]],
        "", f"The {len(sources)} source documents, and the rows each contributes:", "",
        "| source_id | publisher | published | independence | " + " | ".join(by_source) + " |",
        "|---|---|---|---|" + "---|" * len(by_source),
        *[f"| `{s['source_id']}` | {_cell(s['publisher'])} | {s['published'][:DATE_DIGITS[s['published_precision']]]} | "
          f"{s['independence']} | " + " | ".join(str(by_source[t][s['source_id']]) for t in by_source) + " |"
          for s in sources],
        "", "## Collection and curation process", "",
        "- The documents are public web pages and a book chapter, copied into the repository as plain text, byte "
        "for byte; the `sources` table records each file's SHA-256, so any edit shows.",
        "- Every curated row was coded by hand in reviewable YAML and carries the shortest verbatim quote that "
        "supports it. The build finds each quote in its raw text, records its character offsets and stops on any "
        "quote it cannot find: no row exists without its evidence.",
        "- Dates say how precise they are and how they were obtained; nothing is made more precise than the "
        "source. " + _precision_sentence(rows),
        "- Figures that disagree between sources are kept side by side, one row per claim, with the claimant. "
        + _claims_sentence(rows),
        "- Every source's rows were audited against the text by a reader who had not coded them. Counts per "
        "round (SERIOUS: a wrong value or a row its quote does not support; MINOR: a wording or note to "
        "improve; OMISSION: something the source says that no row holds):", "",
        *_audit_tables(audit, [s["source_id"] for s in sources]),
        "## Measured quality: rows by source independence", "",
        f"{len(not_independent)} of the {len(sources)} documents come from Bart Somers or his group "
        f"({', '.join(named)}). "
        f"Of the {total} curated rows, {kept} ({_percent(kept, total)}) come from those documents.", "",
        "| table | " + " | ".join(levels) + " | not independent |", "|---|" + "---|" * (len(levels) + 1),
        *[f"| `{name}` | " + " | ".join(f"{count[level]} ({_percent(count[level], sum(count.values()))})"
                                          for level in levels)
          + f" | {_percent(sum(count[k] for k in NOT_INDEPENDENT), sum(count.values()))} |"
          for name, count in counts.items()],
        "", "## Uses", "",
        "- Dating and counting the public attention the Mechelen approach received (coverage, speeches, visits, "
        "awards), with each date's precision at hand.",
        "- Comparing how the approach's points are stated across sources (`strategies`, `themes`; `approach` "
        "separates Mechelen's own points from an expert's or an organisation's general advice) and which "
        "concrete programmes are named (`initiatives`).",
        "- Lining up the figures each source claims (`statistics`, `m.compare()`), disagreements included.",
        "- Teaching source criticism: every row can be checked against its quote and offsets.", "",
        "## Out-of-scope uses", "",
        f"- Evaluating whether the Mechelen approach worked: the tables record what {len(sources)} documents claim, "
        "not measured outcomes, and most claims come from the mayor or his group.",
        "- Treating a `statistics` value as an official figure: it is a claim as worded by its source, often "
        "approximate, undated or self-reported.",
        "- Profiling or drawing conclusions about individuals, religious groups or neighbourhoods.",
        f"- Training or evaluating models as if the {len(sources)} documents were a representative sample of "
        "writing on radicalisation or integration.", "",
        "## Biases and limitations", "",
        f"- Not independent: {len(not_independent)} of {len(sources)} documents, and {_percent(kept, total)} of "
        "the curated rows, come from Bart Somers or his group. " + _dominant_sentence(by_source, sources)
        + _happenings_sentence(rows),
        f"- {len(sources)} documents only, in {', '.join(sorted({s['language'] for s in sources}))} (ISO 639-1), "
        f"published {min(s['published'][:4] for s in sources)}–"
        f"{max(s['published'][:4] for s in sources)}: what they leave out is not in the data; a missing event "
        "means the documents do not mention it, not that it did not happen.",
        f"- The events run from {first} to {last} (earliest start to latest end), though most fall in "
        "2016–2019; a few mark earlier starting points the sources name.",
        "- Timeline years on the group's page are inferred from its newest-first order (`date_basis`); "
        "relative dates are resolved against the entry or document date and say so.",
        "- The coding (event types, themes, indicators) is one team's reading; the audits measure its error "
        "rate, they do not remove it.", "",
        "## Personal and sensitive information", "",
        f"- Named people: {sensitive['actors']} distinct actors are named in `events`, mostly public figures "
        "(the mayor, ministers, officials, journalists) in their public roles, as the sources name them. No "
        "private person is identified on purpose; quotes are kept verbatim as evidence.",
        f"- Religion: {sensitive['religion']} `statistics` rows are figures about Muslims, mosques or religious "
        "propaganda, as claimed by a source about a city; none is about an individual.",
        f"- Security: {sensitive['security']} `statistics` rows are figures about foreign fighters, radicals, "
        "arrests or police, and `events` record security incidents only as the sources report them.",
        "- Handle these as claims about places and groups, not facts about persons; do not link them to other "
        "data to identify anyone.", "",
        "## Maintenance and how to report an error", "",
        f"Each release has one version (here {descriptor['version']}); `CHANGELOG.md` says what changed in the "
        "data. To report an error, open an issue in the project's repository, or write to "
        f"{contact or 'the maintainers'}, naming the table, the row's identifier, the column, and the words "
        "of the source that show the error. A correction is made in the annotations, rebuilt, audited and "
        "released as a new version; earlier versions stay available.", "",
        "## Citation", "", citation[0].strip(), "", "```bibtex", citation[1].strip(), "```", "",
        "Cite the source documents whose claims you use as well; the `sources` table lists them.",
    ]
    return "\n".join(lines) + "\n"



def happening_counts(rows: Rows) -> tuple[int, int, int]:
    """(happenings, events rows, happenings told only by documents from Somers or his
    group), counted from the events table's happening key: each happening once."""
    independence = {row["source_id"]: row["independence"] for row in rows["sources"]}
    told_by: dict[str, set[str]] = {}
    for row in rows.get("events", []):
        told_by.setdefault(row.get("happening") or row["event_id"], set()).add(independence[row["source_id"]])
    only_not_independent = sum(kinds <= set(NOT_INDEPENDENT) for kinds in told_by.values())
    return len(told_by), len(rows.get("events", [])), only_not_independent


def _happenings_sentence(rows: Rows) -> str:
    happenings, events, only = happening_counts(rows)
    if not events:
        return ""
    return (f" The {events} events rows tell {happenings} happenings (a row that restates a happening another "
            f"row tells shares its `happening` key; `m.happenings()` counts each once); {only} of the "
            f"{happenings} happenings ({_percent(only, happenings)}) are told only by documents from Somers or "
            "his group.")


def _precision_sentence(rows: Rows) -> str:
    events = rows.get("events", [])
    if not events:
        return ""
    precision = Counter(row["date_precision"] for row in events)
    basis = Counter(row["date_basis"] for row in events)
    return (f"Of the {len(events)} events, " + ", ".join(f"{n} are dated to the {p}" for p, n in precision.most_common())
            + "; " + ", ".join(f"{n} `{b}`" for b, n in basis.most_common()) + ".")


def _claims_sentence(rows: Rows) -> str:
    """When the statistics were claimed, and how many state the time they refer to."""
    figures = rows.get("statistics", [])
    if not figures or "claimed_basis" not in figures[0]:
        return ""
    basis = Counter(row["claimed_basis"] for row in figures)
    closed = sum(bool(row["period_start"] and row["period_end"]) for row in figures)
    half_open = sum(bool(row["period_start"]) != bool(row["period_end"]) for row in figures)
    return (f"Each of the {len(figures)} statistics says when it was claimed (the latest it can refer to): "
            + ", ".join(f"{n} `{b}`" for b, n in basis.most_common()) + f"; {closed} state the period they refer "
            f"to, {half_open} only its start or end (half-open), and the others no period.")


def _dominant_sentence(by_source: dict[str, Counter[str]], sources: list[dict[str, str]]) -> str:
    independence = {s["source_id"]: s["independence"] for s in sources}
    sentences = []
    for table, count in by_source.items():
        if not count:
            continue
        top, n = count.most_common(1)[0]
        total = sum(count.values())
        if n * 2 > total:  # one source holds most of the table
            sentences.append(f"{n} of the {total} {table} come from `{top}` ({independence[top]}).")
    return " ".join(sentences)


def _audit_tables(audit: dict[str, Any], source_ids: list[str]) -> list[str]:
    """One table per audit round; a round or a source without counts reads "pending"."""
    lines: list[str] = []
    for number, round_ in enumerate(audit.get("rounds", []), 1):
        counted = round_.get("sources") or {}
        about = f" {round_['description']}" if round_.get("description") else ""
        if not counted:
            lines += [f"Round {number}: pending.{about}", ""]
            continue
        lines += [f"Round {number}.{about}", "", "| source_id | rows checked | SERIOUS | MINOR | OMISSION |",
                  "|---|---|---|---|---|"]
        for source in [*source_ids, *sorted(set(counted) - set(source_ids))]:
            found = counted.get(source) or {}
            lines.append(f"| `{source}` | " + " | ".join(str(found.get(k, "pending")) for k in AUDIT_COUNTS) + " |")
        done = [counted[s] for s in counted if counted[s]]
        lines.append("| all | " + " | ".join(str(sum(c.get(k, 0) for c in done)) for k in AUDIT_COUNTS) + " |")
        lines.append("")
    return lines or ["No audit yet: pending.", ""]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
