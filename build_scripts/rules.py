"""Rules over the rows of a table, applied where descriptor.yaml asks for them: quoted rows
may not share a span, one source states a figure once, and every dated line of a timeline
source is one row or one reviewed exclusion, a figure's period ends by its claim date,
events that share a happening key tell one happening, corroboration groups join rows from
different sources, and country codes agree with the places table. Each rule yields every
error it finds."""

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


def periods_end_by_claim(items: list[dict], rows: list[Row], prefixes: list[str]) -> Iterator[BuildError]:
    """A figure cannot refer to a time after it was claimed: a period (PREFIX_start/_end)
    that certainly starts or ends after claimed_end is an error. An end known only to the
    month or year may run past the claim date as long as it can end by it."""
    for item, row in zip(items, rows):
        for prefix in prefixes:
            start, end = item.get(f"{prefix}_start"), item.get(f"{prefix}_end")
            if end is not None:  # the earliest day the end can be, at its precision
                end = {"year": end.replace(month=1, day=1), "month": end.replace(day=1)}.get(
                    item[f"{prefix}_precision"], end)
            if any(day is not None and day > item["claimed_end"] for day in (start, end)):
                period = "/".join(str(item[f"{prefix}_{part}"] or "..") for part in ("start", "end"))
                yield row.error(f"the {prefix} {period} runs past the claim date {item['claimed_end']} "
                                f"({item['claimed_basis']}); a figure refers to a time before it was claimed "
                                "(a planned figure needs its own rule)", prefix)


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


def happenings_hold(built: dict[str, list[dict]], origins: dict[str, dict[str, Row]]) -> Iterator[BuildError]:
    """Events that share a happening key tell one happening. A key that is another row's
    event_id must be that row's own happening too (so one happening has one key); a
    happening told by two or more sources is a corroboration group of kind event with the
    same key (the build fills its rows' `corroboration`), and every such group is one."""
    events, rows = built.get("events", []), origins.get("events", {})
    if not events or "happening" not in events[0]:
        return
    own = {item["event_id"]: item["happening"] for item in events}
    members: dict[str, list[dict]] = {}
    for item in events:
        key = item["happening"]
        if key in own and own[key] != key:
            yield rows[item["event_id"]].error(
                f"happening {key!r} is the id of a row whose own happening is {own[key]!r}; name {own[key]!r}",
                "happening")
        members.setdefault(key, []).append(item)
    groups = {row["corroboration"]: row for row in built.get("corroborations", []) if row["kind"] == "event"}
    for key, items in members.items():
        sources = sorted({item["source_id"] for item in items})
        if len(sources) > 1:
            if key not in groups:
                yield rows[items[0]["event_id"]].error(
                    f"happening {key!r} is told by {len(sources)} sources ({', '.join(sources)}): add a group "
                    f"with id {key} and kind event to raw/annotations/corroborations.yaml", "happening")
            for item in items:
                item["corroboration"] = key
    for key in groups:
        if len({item["source_id"] for item in members.get(key, [])}) < 2:
            yield origins["corroborations"][key].error(
                "a corroboration group of kind event is a happening told by two or more sources: give their "
                f"events `happening: {key}`", "id")


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


def countries_agree(built: dict[str, list[dict]], origins: dict[str, dict[str, Row]],
                    tables: list) -> Iterator[BuildError]:
    """In a table with a `country` code and a foreign key to places, the code is that of a
    country in places and, where the row names a place too, that place's country."""
    if "places" not in built:
        return
    places = {place["place"]: place for place in built["places"]}
    countries = {place["country_code"]: place["place"] for place in built["places"] if place["kind"] == "country"}
    for table in tables:
        named = [field for field, (target, _) in table.references.items() if target == "places"]
        if not named or not any(field["name"] == "country" for field in table.fields):
            continue
        for item in built[table.name]:
            code = item.get("country")
            if not code:
                continue
            origin = origins[table.name][item[table.key]]
            if code not in countries:
                yield origin.error(f"{code!r} is the code of no country in places; add the country to "
                                   f"raw/annotations/places.yaml (kind: country, country_code: {code})", "country")
            for field in named:
                place = places.get(item.get(field) or "")
                if place and place["country_code"] != code:
                    yield origin.error(f"{field} {place['place']!r} lies in {place['country_code']} (places), "
                                       f"not {code}", "country")
