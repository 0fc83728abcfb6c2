"""Curated annotations + raw texts -> the rows of each table (dicts keyed by column).

Computed here, never typed by hand: quote offsets, dates from the timeline's dated lines,
relative dates, raw paths and checksums, and the check of every figure against the
word-to-number rules."""

import hashlib

from .annotations import ROOT, TEXTS, BuildError, Row, check_unique_ids, locate, read
from .dates import DateError, Span, parse_spec, resolve_relative
from .timeline import DatedLine, dated_lines
from .values import UnreadableValue, parse_value

TIMELINE_SOURCE = "reneweurope-cor-2019"
QUOTED = {"id", "source", "quote"}


def build_all() -> dict[str, list[dict]]:
    """Every table's rows, keyed by table name."""
    sources, texts, published = build_sources()
    context = Context(texts, published)
    return {
        "sources": sources,
        "events": build_events(context),
        "themes": lookup_table("themes.yaml", "theme", ("label", "definition")),
        "strategies": context.curated(
            "strategies.yaml", "strategy_id", {"list", "rank", "theme", "title", "summary"}),
        "initiatives": context.curated(
            "initiatives.yaml", "initiative_id", {"name", "city", "country", "description", "theme"}),
        "indicators": lookup_table("indicators.yaml", "indicator", ("label", "definition", "unit")),
        "statistics": build_statistics(context),
    }


def _read(pattern: str, allowed: set[str]) -> list[Row]:
    rows = read(pattern, allowed)
    check_unique_ids(rows)
    return rows


def lookup_table(pattern: str, key: str, fields: tuple[str, ...]) -> list[dict]:
    """A hand-kept lookup table (themes, indicators): an id and plain fields, no quote."""
    return [{key: row.id, **{f: row.data.get(f) for f in fields}} for row in _read(pattern, {"id", *fields})]


SOURCE_FIELDS = ("title", "author", "publisher", "container_title", "editor", "isbn", "source_type",
                 "published", "published_note", "url", "language", "independence", "notes")


def build_sources() -> tuple[list[dict], dict[str, str], dict[str, Span]]:
    """The sources table, the decoded raw texts and the publication dates, by source id."""
    table, texts, published = [], {}, {}
    for row in _read("sources.yaml", {"id", *SOURCE_FIELDS}):
        path = TEXTS / f"{row.id}.txt"
        if not path.exists():
            raise row.error(f"no raw text at {path.relative_to(ROOT)}; copy the document there byte for byte")
        data = path.read_bytes()
        texts[row.id] = data.decode("utf-8")
        published[row.id] = _span(row, row.data.get("published"))
        table.append({
            "source_id": row.id,
            **{key: row.data.get(key) for key in SOURCE_FIELDS},
            "published": published[row.id].start,
            "published_precision": published[row.id].precision,
            "raw_path": path.relative_to(ROOT).as_posix(),
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    return table, texts, published


def _span(row: Row, spec) -> Span:
    try:
        return parse_spec(spec)
    except DateError as error:
        raise row.error(str(error)) from None


class Context:
    """The raw texts and publication dates that curated rows are checked against."""

    def __init__(self, texts: dict[str, str], published: dict[str, Span]):
        self.texts, self.published = texts, published
        self.timeline = dated_lines(texts[TIMELINE_SOURCE])

    def provenance(self, row: Row) -> dict:
        """source_id, quote and its offsets, checked against the raw text."""
        source = row.data.get("source")
        if source not in self.texts:
            raise row.error(f"unknown source {source!r}; valid sources: {', '.join(sorted(self.texts))}")
        start, end = locate(row, self.texts[source])
        return {"source_id": source, "quote": row.data["quote"], "quote_start": start, "quote_end": end}

    def curated(self, pattern: str, key: str, fields: set[str]) -> list[dict]:
        """A table whose rows are annotation fields plus provenance."""
        table = []
        for row in _read(pattern, QUOTED | fields):
            table.append({key: row.id, **{f: row.data.get(f) for f in sorted(fields)}, **self.provenance(row)})
        _check_distinct_quotes(table, key)
        return table

    def date(self, row: Row, prefix: str, entry: DatedLine | None = None) -> dict:
        """The date columns (`prefix`_start, _end, _precision, _verbatim, _basis, _note).
        From, in order: a relative expression and its anchor, an explicit date, or the
        timeline line the quote covers."""
        data, quote = row.data, row.data["quote"]
        verbatim, note = data.get(f"{prefix}_verbatim"), data.get(f"{prefix}_note")
        explicit = data.get(prefix)
        if "relative" in data:
            if explicit:
                raise row.error(f"give either relative/anchor or {prefix}, not both")
            anchor, described = self._anchor(row, entry)
            try:
                span = resolve_relative(data["relative"], anchor)
            except DateError as error:
                raise row.error(str(error)) from None
            basis = "relative"
            resolved = f"“{data['relative']}” resolved against {described}."
            note = f"{resolved} {note}" if note else resolved
        elif explicit:
            span, basis = _span(row, explicit), data.get(f"{prefix}_basis", "stated")
        elif entry is not None:
            span, basis, verbatim = entry.span, entry.basis, verbatim or entry.verbatim
        else:
            return {}
        if not verbatim:
            raise row.error(f"missing {prefix}_verbatim: the date as the source writes it")
        # Words joined by an ellipsis ("9 June … yesterday") must each stand in the quote.
        if not all(part.strip() in quote for part in verbatim.split("…")):
            raise row.error(f"{prefix}_verbatim {verbatim!r} is not part of the quote; widen the quote or fix it")
        return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_precision": span.precision,
                f"{prefix}_verbatim": verbatim, f"{prefix}_basis": basis, f"{prefix}_note": note}

    def _anchor(self, row: Row, entry: DatedLine | None) -> tuple[Span, str]:
        anchor = str(row.data.get("anchor", ""))
        if anchor == "entry":
            if entry is None:
                raise row.error("anchor: entry needs a quote that covers a dated timeline line")
            return entry.span, f"the entry date ({entry.span})"
        if anchor == "document":
            published = self.published[row.data["source"]]
            return published, f"the document date ({published})"
        if not anchor:
            raise row.error("a relative date needs anchor: entry, document or a date such as 2014")
        return _span(row, anchor), f"{anchor}, stated in the text"


def _check_distinct_quotes(table: list[dict], key: str) -> None:
    """Two rows of one table may not rest on the same span (a repeated paragraph)."""
    seen = {}
    for item in table:
        span = (item["source_id"], item["quote_start"], item["quote_end"])
        if span in seen:
            raise BuildError(f"{key} {item[key]!r} and {seen[span]!r} quote the same span; merge them into one row")
        seen[span] = item[key]


EVENT_FIELDS = {"event_type", "title", "actors", "outlet", "city", "country"}
DATE_FIELDS = {"date", "date_verbatim", "date_basis", "date_note", "relative", "anchor"}


def build_events(context: Context) -> list[dict]:
    """The events table, sorted by date; every dated line of the timeline page is
    covered by exactly one event or one reviewed exclusion."""
    lines = context.timeline
    covered: dict[int, str] = {}
    table = []
    for row in _read("events*.yaml", QUOTED | EVENT_FIELDS | DATE_FIELDS):
        provenance = context.provenance(row)
        entry = None
        if row.data["source"] == TIMELINE_SOURCE:
            entry = _claim_line(row, lines, provenance, covered, row.id)
        dates = context.date(row, "date", entry)
        if not dates:
            raise row.error("no date: give date + date_verbatim, relative + anchor, or quote a dated timeline line")
        actors = row.data.get("actors")
        table.append({
            "event_id": row.id, **dates,
            **{f: row.data.get(f) for f in ("event_type", "title")},
            "actors": "; ".join(actors) if isinstance(actors, list) else actors,
            **{f: row.data.get(f) for f in ("outlet", "city", "country")},
            **provenance,
        })
    for row in read("timeline_exclusions.yaml", {"quote", "reason"}):
        row = Row(row.file, row.index, {**row.data, "source": TIMELINE_SOURCE})
        if not row.data.get("reason"):
            raise row.error("an exclusion needs a reason")
        if not _claim_line(row, lines, context.provenance(row), covered, f"{row.file}, row {row.index}"):
            raise row.error("the quote covers no dated line; an exclusion must quote the date it excludes")
    missing = [line for line in lines if line.line_no not in covered]
    if missing:
        listed = "; ".join(f"line {line.line_no} ({line.verbatim})" for line in missing)
        raise BuildError(f"dated lines of raw/texts/{TIMELINE_SOURCE}.txt with no event and no exclusion: {listed}")
    _check_distinct_quotes(table, "event_id")
    return sorted(table, key=lambda e: (e["date_start"], e["date_end"], e["event_id"]))


def _line_in_quote(row: Row, lines: list[DatedLine], provenance: dict) -> DatedLine | None:
    """The dated line whose date expression the quote covers, if any."""
    inside = [line for line in lines
              if provenance["quote_start"] <= line.start and line.end <= provenance["quote_end"]]
    if len(inside) > 1:
        raise row.error(f"the quote covers {len(inside)} dated lines; one row per dated line")
    return inside[0] if inside else None


def _claim_line(row: Row, lines: list[DatedLine], provenance: dict, covered: dict, claimant: str) -> DatedLine | None:
    """The dated line the quote covers, marked as accounted for (once only)."""
    line = _line_in_quote(row, lines, provenance)
    if line is None:
        return None
    if line.line_no in covered:
        raise row.error(f"dated line {line.line_no} ({line.verbatim}) is already covered by {covered[line.line_no]}")
    covered[line.line_no] = claimant
    return line


STATISTIC_FIELDS = {"indicator", "place", "subject", "value", "unit", "qualifier", "value_verbatim", "claimant"}
PERIOD_FIELDS = {"period", "period_verbatim", "period_basis", "period_note", "relative", "anchor"}


def build_statistics(context: Context) -> list[dict]:
    """The statistics table; every value and qualifier re-derived from its wording."""
    table, claims = [], {}
    for row in _read("statistics.yaml", QUOTED | STATISTIC_FIELDS | PERIOD_FIELDS):
        provenance = context.provenance(row)
        entry = _line_in_quote(row, context.timeline, provenance) if row.data["source"] == TIMELINE_SOURCE else None
        verbatim = str(row.data.get("value_verbatim", ""))
        if not verbatim or verbatim not in row.data["quote"]:
            raise row.error(f"value_verbatim {verbatim!r} must be the figure's words as they stand in the quote")
        try:
            value, qualifier = parse_value(verbatim)
        except UnreadableValue as error:
            raise row.error(str(error)) from None
        if (value, qualifier) != (row.data.get("value"), row.data.get("qualifier")):
            raise row.error(
                f"value {row.data.get('value')!r} / qualifier {row.data.get('qualifier')!r} disagree with the "
                f"wording {verbatim!r}, which reads as {value:g} / {qualifier} (build_scripts/values.py)"
            )
        period = context.date(row, "period", entry)
        item = {"statistic_id": row.id, **{f: row.data.get(f) for f in ("indicator", "place", "subject")},
                "value": value, "unit": row.data.get("unit"), "qualifier": qualifier, "value_verbatim": verbatim,
                **period, "claimant": row.data.get("claimant"), **provenance}
        claim = (item["source_id"], item["indicator"], item["place"], item["subject"], value, item.get("period_start"))
        if claim in claims:
            raise row.error(f"the same claim as {claims[claim]!r} in the same source; keep one row")
        claims[claim] = row.id
        table.append(item)
    _check_distinct_quotes(table, "statistic_id")
    return table
