"""Rules over the rows of a table, applied where descriptor.yaml asks for them: quoted rows
may not share a span, one source states a figure once, and every dated line of a timeline
source is one row or one reviewed exclusion."""

from .annotations import ANNOTATIONS, BuildError, Row, locate, read
from .steps import Context


def distinct_quotes(items: list[dict], rows: list[Row]) -> None:
    """Two rows of one table may not rest on the same span (a repeated paragraph)."""
    seen: dict[tuple, Row] = {}
    for item, row in zip(items, rows):
        span = (item["source_id"], item["quote_start"], item["quote_end"])
        if span in seen:
            raise row.error(f"quotes the same span as {seen[span].where()}; merge them into one row", "quote")
        seen[span] = row


CLAIM = ("source_id", "indicator", "place", "subject", "value", "period_start")


def one_claim_per_source(items: list[dict], rows: list[Row]) -> None:
    """The same figure stated twice in one source is one row."""
    claims: dict[tuple, Row] = {}
    for item, row in zip(items, rows):
        claim = tuple(item.get(column) for column in CLAIM)
        if claim in claims:
            raise row.error(f"the same claim as {claims[claim].where()} in the same source; keep one row", "value")
        claims[claim] = row


EXCLUSIONS = "timeline_exclusions.yaml"


def timelines_covered(context: Context, items: list[dict], rows: list[Row]) -> None:
    """Every dated line of every timeline source is claimed by exactly one row, or by one
    entry of raw/annotations/timeline_exclusions.yaml (source, quote, reason)."""
    covered: dict[tuple[str, int], str] = {}

    def claim(row: Row, item: dict, claimant: str) -> bool:
        line = context.dated_line(row, item)
        if line is None:
            return False
        key = (item["source_id"], line.line_no)
        if key in covered:
            raise row.error(f"dated line {line.line_no} ({line.verbatim}) is already covered by {covered[key]}", "quote")
        covered[key] = claimant
        return True

    for item, row in zip(items, rows):
        claim(row, item, row.where())
    for row in read(EXCLUSIONS) if (ANNOTATIONS / EXCLUSIONS).exists() else []:
        unknown = sorted(set(row.data) - {"source", "quote", "reason"})
        if unknown:
            raise row.error("not a key of an exclusion; allowed: source, quote, reason", unknown[0])
        source = row.data.get("source")
        if source not in context.timelines:
            raise row.error(f"{source!r} is not a timeline source (timeline: true in sources.yaml); "
                            f"timeline sources: {', '.join(context.timelines)}", "source")
        if not row.data.get("reason"):
            raise row.error("an exclusion needs a reason", "reason")
        start, end = locate(row, context.texts[source])
        if not claim(row, {"source_id": source, "quote_start": start, "quote_end": end}, row.where()):
            raise row.error("the quote covers no dated line; an exclusion must quote the date it excludes", "quote")
    for source, lines in context.timelines.items():
        missing = [line for line in lines if (source, line.line_no) not in covered]
        if missing:
            listed = "; ".join(f"line {line.line_no} ({line.verbatim})" for line in missing)
            raise BuildError(f"dated lines of raw/texts/{source}.txt with no event and no exclusion: {listed}; "
                             f"add an event or an entry in raw/annotations/{EXCLUSIONS}")
