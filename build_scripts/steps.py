"""The fields the build computes, by the step named in descriptor.yaml (`computed: STEP`).
Each step says which annotation keys it reads besides the plain fields (its inputs) and
returns the values of its fields; a step the build does not know stops it before anything
is read. Computed here, never typed by hand: quote offsets, dates from a timeline's dated
lines, relative dates, raw paths and checksums, figures read from their wording, when each
figure was claimed, and the identifiers and points of places from reference data."""

import hashlib
from dataclasses import dataclass
from typing import Callable

from .annotations import ROOT, TEXTS, BuildError, Row, locate
from .dates import DateError, Span, parse_spec, resolve_relative
from .places import lookup
from .spec import where
from .timeline import DatedLine, dated_lines
from .values import UnreadableValue, parse_value

DATE_PARTS = ("start", "end", "precision", "verbatim", "basis", "note")


class Context:
    """What curated rows are checked against, filled as the sources table is built: the raw
    texts, the publication dates, and the dated lines of the sources marked `timeline`."""

    def __init__(self):
        self.texts: dict[str, str] = {}
        self.published: dict[str, Span] = {}
        self.timelines: dict[str, list[DatedLine]] = {}

    def dated_line(self, row: Row, item: dict) -> DatedLine | None:
        """The timeline line whose date expression the row's quote covers, if any."""
        lines = self.timelines.get(item.get("source_id"), [])
        inside = [line for line in lines if item["quote_start"] <= line.start and line.end <= item["quote_end"]]
        if len(inside) > 1:
            raise row.error(f"the quote covers {len(inside)} dated lines; one row per dated line", "quote")
        return inside[0] if inside else None

    def entry_of(self, item: dict) -> DatedLine | None:
        """The timeline entry whose text (after its date, up to the next dated line) holds
        the row's whole quote: another item the entry lists (coverage of its happening)."""
        lines = self.timelines.get(item.get("source_id"), [])
        for line, following in zip(lines, [*lines[1:], None]):
            end = following.start if following is not None else len(self.texts[item["source_id"]])
            if line.in_timeline and line.end <= item["quote_start"] and item["quote_end"] <= end:
                return line
        return None

    def timeline_entry(self, row: Row, item: dict) -> DatedLine | None:
        """The timeline entry the quote belongs to: the entry whose date it covers, or the
        entry whose text holds it (a figure quoted from the entry's text alone)."""
        entry = self.dated_line(row, item) or self.entry_of(item)
        return entry if entry is not None and entry.in_timeline else None


def span(row: Row, key: str, spec, open_ends: bool = False) -> Span:
    try:
        return parse_spec(spec, open_ends)
    except DateError as error:
        raise row.error(str(error), key) from None


def raw_file(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """raw_path and sha256 of raw/texts/<id>.txt; `timeline: true` marks a newest-first
    dated timeline, whose dated lines the events must account for."""
    path = TEXTS / f"{row.id}.txt"
    if not path.exists():
        raise row.error(f"no raw text at {path.relative_to(ROOT).as_posix()}; copy the document there byte for byte", "id")
    data = path.read_bytes()
    context.texts[row.id] = data.decode("utf-8")
    timeline = row.data.get("timeline", False)
    if not isinstance(timeline, bool):
        raise row.error(f"timeline must be true or false, not {timeline!r}", "timeline")
    if timeline:
        try:
            context.timelines[row.id] = dated_lines(context.texts[row.id])
        except DateError as error:
            raise row.error(f"the timeline of raw/texts/{row.id}.txt: {error}", "timeline") from None
    return {"raw_path": path.relative_to(ROOT).as_posix(), "sha256": hashlib.sha256(data).hexdigest()}


def publication(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """published (the first day) and published_precision from `published`."""
    published = span(row, "published", row.data.get("published"))
    context.published[row.id] = published
    return {"published": published.start, "published_precision": published.precision}


def quote(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """quote_start and quote_end: where the quote stands in its source's raw text."""
    start, end = locate(row, context.texts[item["source_id"]])
    return {"quote_start": start, "quote_end": end}


def figure(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """value and qualifier, read from value_verbatim; where the annotation gives them too
    they must agree (a typo in either the annotation or the rules stops the build)."""
    verbatim = str(item.get("value_verbatim") or "")
    if not verbatim or verbatim not in str(item.get("quote")):
        raise row.error(f"value_verbatim {verbatim!r} must be the figure's words as they stand in the quote",
                        "value_verbatim")
    try:
        value, qualifier = parse_value(verbatim)
    except UnreadableValue as error:
        raise row.error(str(error), "value_verbatim") from None
    if (value, qualifier) != (row.data.get("value"), row.data.get("qualifier")):
        raise row.error(
            f"value {row.data.get('value')!r} / qualifier {row.data.get('qualifier')!r} disagree with the "
            f"wording {verbatim!r}, which reads as {value:g} / {qualifier} (build_scripts/values.py)",
            "qualifier" if qualifier != row.data.get("qualifier") else "value")
    return {"value": row.data["value"], "qualifier": qualifier}


def date(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """PREFIX_start, _end, _precision, _verbatim, _basis, _note. From, in order: a relative
    expression and its anchor, an explicit date, the timeline line the quote covers, or the
    timeline entry the quote lies in (another item the entry lists)."""
    data, text = row.data, str(item.get("quote", ""))
    entry = context.dated_line(row, item) if "quote_start" in item else None
    verbatim, note = data.get(f"{prefix}_verbatim"), data.get(f"{prefix}_note")
    explicit = data.get(prefix)
    if "relative" in data:
        if explicit:
            raise row.error(f"give either relative/anchor or {prefix}, not both", prefix)
        anchor, described = _anchor(context, row, entry)
        try:
            when = resolve_relative(data["relative"], anchor)
        except DateError as error:
            raise row.error(str(error), "relative") from None
        # `inferred` where the text has no relative words: the same arithmetic on a duration
        # ("Sixteen years at the city's helm" counted back from the document's date).
        basis = data.get(f"{prefix}_basis", "relative")
        if basis not in ("relative", "inferred"):
            raise row.error(f"relative + anchor give {prefix}_basis relative (or inferred), not {basis!r}",
                            f"{prefix}_basis")
        resolved = (f"Worked out as “{data['relative']}” from {described}." if basis == "inferred"
                    else f"“{data['relative']}” resolved against {described}.")
        note = f"{resolved} {note}" if note else resolved
    elif explicit:
        # An open end (2007/..) leaves that column empty; a required one stops the build.
        when, basis = span(row, prefix, explicit, open_ends=True), data.get(f"{prefix}_basis", "stated")
    elif entry is not None:
        when, basis, verbatim = entry.span, entry.basis, verbatim or entry.verbatim
    elif data.get("anchor") == "entry":
        # `anchor: entry` alone: an item the timeline lists inside an entry without a date of
        # its own (coverage of the entry's happening), dated by that entry; the note says so.
        listed = context.entry_of(item) if "quote_start" in item else None
        if listed is None:
            raise row.error("anchor: entry (without relative) needs a quote inside a dated timeline entry", "anchor")
        if not note:
            raise row.error(f"the row is dated by the timeline entry of {listed.verbatim} (line {listed.line_no}): "
                            f"say so in {prefix}_note", f"{prefix}_note")
        return {f"{prefix}_start": listed.span.start, f"{prefix}_end": listed.span.end,
                f"{prefix}_precision": listed.span.precision, f"{prefix}_verbatim": listed.verbatim,
                f"{prefix}_basis": listed.basis, f"{prefix}_note": note}
    elif verbatim or note:
        # Time words the text ties to the row that cannot be resolved to dates (or a note
        # saying why there is no period): kept as written, with the dates empty (unknown).
        if data.get(f"{prefix}_basis"):
            raise row.error(f"{prefix}_basis needs a date: give {prefix} or relative + anchor, or leave it out",
                            f"{prefix}_basis")
        if verbatim:
            _words_in_quote(row, prefix, verbatim, text)
        return {f"{prefix}_verbatim": verbatim, f"{prefix}_note": note}
    else:
        return {}
    if not verbatim:
        raise row.error(f"missing {prefix}_verbatim: the date as the source writes it", f"{prefix}_verbatim")
    _words_in_quote(row, prefix, verbatim, text)
    return {f"{prefix}_start": when.start, f"{prefix}_end": when.end, f"{prefix}_precision": when.precision,
            f"{prefix}_verbatim": verbatim, f"{prefix}_basis": basis, f"{prefix}_note": note}


def claim(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """claimed_start, _end, _precision, _basis: when the claimant made the claim, as the
    source tells it. A figure quoted from a dated timeline entry (a media report the page
    lists) was claimed on the entry's date; any other figure on the source's publication
    date. Either is the latest the figure can refer to, so a claim after the publication
    stops the build (and rules.periods_end_by_claim checks the periods against it)."""
    published = context.published[item["source_id"]]
    entry = context.timeline_entry(row, item)
    when, basis = (entry.span, "timeline_entry") if entry else (published, "publication")
    if when.start > published.end:
        raise row.error(f"claimed {when} ({basis}), after its source's publication ({published}); "
                        "check the timeline's inferred year or the source's published date", "quote")
    return {"claimed_start": when.start, "claimed_end": when.end, "claimed_precision": when.precision,
            "claimed_basis": basis}


def _words_in_quote(row: Row, prefix: str, verbatim: str, text: str) -> None:
    # Words joined by an ellipsis ("9 June … yesterday") must each stand in the quote.
    if not all(part.strip() in text for part in verbatim.split("…")):
        raise row.error(f"{prefix}_verbatim {verbatim!r} is not part of the quote; widen the quote or fix it",
                        f"{prefix}_verbatim")


def _anchor(context: Context, row: Row, entry: DatedLine | None) -> tuple[Span, str]:
    anchor = str(row.data.get("anchor", ""))
    if anchor == "entry":
        if entry is None:
            raise row.error("anchor: entry needs a quote that covers a dated timeline line", "anchor")
        return entry.span, f"the entry date ({entry.span})"
    if anchor == "document":
        published = context.published[row.data["source"]]
        return published, f"the document date ({published})"
    if not anchor:
        raise row.error("a relative date needs anchor: entry, document or a date such as 2014", "relative")
    return span(row, "anchor", anchor), f"{anchor}, stated in the text"


def place(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """GeoNames id and name, point and their references, looked up in reference data by
    what places.yaml says identifies the place (build_scripts/places.py)."""
    return lookup(row)


@dataclass(frozen=True)
class Step:
    run: Callable[[Context, Row, dict, str], dict]
    inputs: Callable[[str], set[str]]  # annotation keys it reads that are not plain fields, by prefix
    prefixed: bool = False  # fields are PREFIX_part (several date groups in one table)


def happening(context: Context, row: Row, item: dict, prefix: str) -> dict:
    """happening: the key the annotation gives (rows telling the same happening share it),
    else the row's own id. The corroboration of a happening told by several sources is
    filled once every row is known (build_scripts/rules.py happenings_hold)."""
    return {"happening": row.data.get("happening") or row.id, "corroboration": None}


# In the order they run: later steps use what earlier ones computed.
STEPS = {
    "raw_file": Step(raw_file, lambda p: {"timeline"}),
    "publication": Step(publication, lambda p: {"published"}),
    "quote": Step(quote, lambda p: set()),
    "figure": Step(figure, lambda p: {"value", "qualifier"}),
    "date": Step(date, lambda p: {p, f"{p}_verbatim", f"{p}_basis", f"{p}_note", "relative", "anchor"}, prefixed=True),
    "happening": Step(happening, lambda p: {"happening"}),
    "claim": Step(claim, lambda p: set()),
    "place": Step(place, lambda p: {"geonames_name", "geonames_id"}),
}


def plan(table) -> list[tuple[str, str]]:
    """(step, prefix) pairs a table's computed fields need, in running order."""
    wanted = set()
    for field in table.computed:
        step = field["computed"]
        if step not in STEPS:
            raise BuildError(f"{where('tables', table.name, 'fields')}, table {table.name}, field {field['name']}: "
                             f"unknown computed step {step!r}; the build computes: {', '.join(STEPS)}")
        prefix = field["name"].rsplit("_", 1)[0] if STEPS[step].prefixed else ""
        if STEPS[step].prefixed and not field["name"].endswith(tuple(f"_{part}" for part in DATE_PARTS)):
            raise BuildError(f"{where('tables', table.name, 'fields')}, table {table.name}, field {field['name']}: a "
                             f"`computed: {step}` field is named PREFIX_" + "|".join(DATE_PARTS))
        wanted.add((step, prefix))
    return sorted(wanted, key=lambda pair: (list(STEPS).index(pair[0]), pair[1]))
