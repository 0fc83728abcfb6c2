"""Rules over the rows of a table, applied where descriptor.yaml asks for them: quoted rows
may not share a span, one source states a figure once, and every dated line of a timeline
source is one row or one reviewed exclusion, and corroboration groups join rows from
different sources. Each rule yields every error it finds."""

from collections.abc import Iterator

from .annotations import BuildError, Row
from .steps import Context


def distinct_quotes(items: list[dict], rows: list[Row]) -> Iterator[BuildError]:
    """Two rows of one table may not rest on the same span (a repeated paragraph)."""
    seen: dict[tuple, Row] = {}
    for item, row in zip(items, rows):
        span = (item["source_id"], item["quote_start"], item["quote_end"])
        if span in seen:
            yield row.error(f"quotes the same span as {seen[span].where()}; merge them into one row", "quote")
        seen[span] = row


CLAIM = ("source_id", "indicator", "place", "subject", "value", "period_start")


def one_claim_per_source(items: list[dict], rows: list[Row]) -> Iterator[BuildError]:
    """The same figure stated twice in one source is one row."""
    claims: dict[tuple, Row] = {}
    for item, row in zip(items, rows):
        claim = tuple(item.get(column) for column in CLAIM)
        if claim in claims:
            yield row.error(f"the same claim as {claims[claim].where()} in the same source; keep one row", "value")
        claims[claim] = row


def timelines_covered(context: Context, rows: list[tuple[dict, Row]]) -> Iterator[BuildError]:
    """Every dated line of every timeline source is claimed by exactly one row of the tables
    marked `covers_timelines` (an event, or an exclusion that quotes the line)."""
    covered: dict[tuple[str, int], str] = {}
    for item, row in rows:
        line = context.dated_line(row, item)
        if line is None:
            continue
        key = (item["source_id"], line.line_no)
        if key in covered:
            yield row.error(f"dated line {line.line_no} ({line.verbatim}) is already covered by {covered[key]}",
                            "quote")
        covered[key] = row.where()
    for source, lines in context.timelines.items():
        missing = [line for line in lines if (source, line.line_no) not in covered]
        if missing:
            listed = "; ".join(f"line {line.line_no} ({line.verbatim})" for line in missing)
            yield BuildError(f"dated lines of raw/texts/{source}.txt with no event and no exclusion: {listed}; "
                             "add an event, or an entry in raw/annotations/exclusions.yaml that quotes the date")


def corroborations_hold(built: dict[str, list[dict]],
                        origins: dict[str, dict[str, Row]]) -> Iterator[BuildError]:
    """Each corroboration group is used only by the table of its kind, by rows from at least
    two different sources; a statistics group compares one indicator in one unit."""
    if "corroborations" not in built:
        return
    kinds = {"events": ("event", "event_id"), "statistics": ("statistic", "statistic_id")}
    groups = {row["corroboration"]: row for row in built["corroborations"]}
    members: dict[str, list[tuple[str, dict]]] = {key: [] for key in groups}
    for table, (kind, key) in kinds.items():
        for item in built.get(table, []):
            group = item.get("corroboration")
            if not group:
                continue
            if groups[group]["kind"] != kind:
                yield origins[table][item[key]].error(
                    f"corroboration {group!r} is a group of kind {groups[group]['kind']!r}, not {kind!r}", "corroboration")
            else:
                members[group].append((table, item))
    for group, items in members.items():
        origin = origins["corroborations"][group]
        sources = {item["source_id"] for _, item in items}
        if len(sources) < 2:
            yield origin.error(f"a corroboration group needs rows from at least two sources; it has "
                               f"{len(items)} row(s) from {', '.join(sorted(sources)) or 'none'}", "id")
        if groups[group]["kind"] == "statistic":
            measures = {(item["indicator"], item["unit"]) for _, item in items}
            if len(measures) > 1:
                yield origin.error(f"the rows of a statistics group must share indicator and unit; they have "
                                   f"{sorted(measures)}", "id")
