"""Curated annotations + raw texts -> the rows of each table, as descriptor.yaml declares
them: a plain field passes from the annotation as written (a YAML list joined with "; "),
a `computed:` field comes from its step (build_scripts/steps.py). An annotation key that is
neither, a missing required field, or a value its foreign key does not know stops the
build naming the file, the line, the row and the field."""

from . import rules, spec
from .annotations import Row, check_unique_ids, read
from .steps import STEPS, Context, plan


def build_all(descriptor_spec: dict) -> tuple[dict[str, list[dict]], dict[str, dict[str, Row]]]:
    """Every table's rows keyed by table name (in descriptor order), and the annotation row
    each came from, keyed by table name and primary key."""
    context = Context()
    built: dict[str, list[dict]] = {}
    origins: dict[str, dict[str, Row]] = {}
    covering: list[tuple[dict, Row]] = []  # rows of the tables that account for timeline lines
    ordered = spec.tables(descriptor_spec)
    files = {table.name: table.spec["annotations"] for table in ordered}
    for table in ordered:
        rows = read(table.spec["annotations"])
        check_unique_ids(rows)
        steps = plan(table)
        allowed = {table.annotation_key(field) for field in table.plain}
        for step, prefix in steps:
            allowed |= STEPS[step].inputs(prefix)
        items = [build_row(table, row, allowed, steps, context, built, files) for row in rows]
        if any(step == "quote" for step, _ in steps):
            rules.distinct_quotes(items, rows)
        if any(step == "figure" for step, _ in steps):
            rules.one_claim_per_source(items, rows)
        if any(step == "claim" for step, _ in steps):
            rules.periods_end_by_claim(items, rows, [prefix for step, prefix in steps if step == "date"])
        if table.spec.get("covers_timelines"):
            covering += zip(items, rows)
        if "order" in table.spec:
            pairs = sorted(zip(items, rows), key=lambda pair: [pair[0][column] for column in table.spec["order"]])
            items, rows = [item for item, _ in pairs], [row for _, row in pairs]
        built[table.name] = items
        origins[table.name] = {row.id: row for row in rows}
    rules.timelines_covered(context, covering)
    rules.happenings_hold(built, origins)
    rules.corroborations_hold(built, origins)
    rules.countries_agree(built, origins, ordered)
    return {name: built[name] for name in descriptor_spec["tables"]}, origins


def build_row(table: spec.Table, row: Row, allowed: set[str], steps: list, context: Context,
              built: dict[str, list[dict]], files: dict[str, str]) -> dict:
    for key in row.data:
        if key not in allowed:
            raise row.error(f"not a field of table {table.name}; the annotation keys of this table are: "
                            f"{', '.join(sorted(allowed))} (add a field to raw/descriptor.yaml first)", key)
    item = {}
    for field in table.plain:
        key = table.annotation_key(field)
        value = row.data.get(key)
        if isinstance(value, list):
            value = "; ".join(str(part) for part in value)
        if value is None or value == "":
            if field.get("constraints", {}).get("required"):
                raise row.error(f"missing: {key} is required in table {table.name}", key)
            value = None
        elif field["name"] in table.references:
            target, target_field = table.references[field["name"]]
            valid = [other[target_field] for other in built[target]]
            if value not in valid:
                raise row.error(f"{value!r} is not a {target}.{target_field}; valid: {', '.join(map(str, valid))} "
                                f"(to add one, add a row to raw/annotations/{files[target]})", key)
        item[field["name"]] = value
    names = {field["name"] for field in table.fields}
    for step, prefix in steps:
        computed = STEPS[step].run(context, row, item, prefix)
        item.update({name: value for name, value in computed.items() if name in names})
    for field in table.computed:
        if field.get("constraints", {}).get("required") and item.get(field["name"]) is None:
            hint = (" give date + date_verbatim, relative + anchor, or quote a dated timeline line "
                    "(an open end, A/.. or ../B, only where the column may be empty)"
                    if field["computed"] == "date" else "")
            raise row.error(f"no {field['name']}:{hint}", field["name"])
    return item
