"""Curated annotations + raw texts -> the rows of each table, as descriptor.yaml declares
them: a plain field passes from the annotation as written (a YAML list joined with "; "),
a `computed:` field comes from its step (build_scripts/steps.py). An annotation key that is
neither, a missing required field, or a value its foreign key does not know is an error
naming the file, the line, the row and the field. Every row is tried, so that one run
reports every error; a row that refers to a row already in error is left out silently
(its cause is reported)."""

from collections.abc import Callable

from . import rules, spec
from .annotations import ANNOTATIONS, BuildError, Row, read, relative, unique_ids
from .steps import STEPS, Context, plan


class Dependent(Exception):
    """The row refers to a row (or a file) that is in error: not reported again."""


def build_all(descriptor_spec: dict,
              errors: list[BuildError]) -> tuple[dict[str, list[dict]], dict[str, dict[str, Row]]]:
    """Every table's rows keyed by table name (in descriptor order), and the annotation row
    each came from, keyed by table name and primary key. Each error found is added to
    `errors`; the rows in error are left out."""
    context = Context()
    built: dict[str, list[dict]] = {}
    origins: dict[str, dict[str, Row]] = {}
    failed: dict[str, set[str]] = {}  # table -> ids of its rows in error
    unread: set[str] = set()  # tables with a file that could not be read: any id may be theirs
    covering: list[tuple[dict, Row]] = []  # rows of the tables that account for timeline lines
    declared = spec.tables(descriptor_spec)
    files = {table.name: table.spec["annotations"] for table in declared}
    errors += unread_files(declared)
    for table in declared:
        rows, complete = read(table.spec["annotations"], errors)
        failed[table.name] = set()
        if not complete:
            unread.add(table.name)
        rows = unique_ids(rows, errors)
        steps = plan(table)
        allowed = {table.annotation_key(field) for field in table.plain}
        for step, prefix in steps:
            allowed |= STEPS[step].inputs(prefix)
        items, kept = [], []
        for row in rows:
            try:
                items.append(build_row(table, row, allowed, steps, context, built, files,
                                       lambda target, key: target in unread or key in failed[target]))
                kept.append(row)
            except Dependent:
                failed[table.name].add(row.id)
            except BuildError as error:
                errors.append(error)
                failed[table.name].add(row.id)
        rows = kept
        if any(step == "quote" for step, _ in steps):
            errors += rules.distinct_quotes(items, rows)
        if any(step == "figure" for step, _ in steps):
            errors += rules.one_claim_per_source(items, rows)
        if any(step == "claim" for step, _ in steps):
            errors += rules.periods_end_by_claim(items, rows, [prefix for step, prefix in steps if step == "date"])
        if table.spec.get("covers_timelines"):
            covering += zip(items, rows)
        if "order" in table.spec:
            items, rows = ordered(table, items, rows, errors)
        built[table.name] = items
        origins[table.name] = {row.id: row for row in rows}
    if not errors:  # rules over whole tables: only once every row is there
        errors += rules.timelines_covered(context, covering)
        errors += rules.happenings_hold(built, origins)
        errors += rules.corroborations_hold(built, origins)
        errors += rules.countries_agree(built, origins, declared)
    return {name: built[name] for name in descriptor_spec["tables"]}, origins


def unread_files(declared: list[spec.Table]) -> list[BuildError]:
    """A YAML file in raw/annotations that no table's `annotations:` glob matches would be
    silently left out: it is an error (README.md and other text stay allowed)."""
    read = {path for table in declared for path in ANNOTATIONS.glob(table.spec["annotations"])}
    globs = ", ".join(f"{table.name}: {table.spec['annotations']}" for table in declared)
    return [BuildError(f"{relative(path)}, line 1: no table reads this file; its name matches none of the "
                       f"`annotations:` globs of raw/descriptor.yaml ({globs}). Rename it to match its table's "
                       "glob, or add the table to raw/descriptor.yaml")
            for path in sorted(ANNOTATIONS.rglob("*")) if path.suffix in (".yaml", ".yml") and path not in read]


def ordered(table: spec.Table, items: list[dict], rows: list[Row], errors: list[BuildError]):
    """The rows sorted by the table's `order:` columns, empty cells last."""
    columns = table.spec["order"]
    names = [field["name"] for field in table.fields]
    unknown = [column for column in columns if column not in names]
    if unknown:
        errors.append(BuildError(f"{spec.where('tables', table.name, 'order')}, table {table.name}: `order:` names "
                                 f"{', '.join(map(repr, unknown))}, not a field of the table; its fields are: "
                                 f"{', '.join(names)}"))
        return items, rows
    pairs = sorted(zip(items, rows), key=lambda pair: [(pair[0][name] is None, pair[0][name]) for name in columns])
    return [item for item, _ in pairs], [row for _, row in pairs]


def build_row(table: spec.Table, row: Row, allowed: set[str], steps: list, context: Context,
              built: dict[str, list[dict]], files: dict[str, str], in_error: Callable[[str, str], bool]) -> dict:
    """The row of `table` from one annotation row; `files` names each table's annotation
    files (for the fix in an error); `in_error(table, key)` says whether a row it refers
    to is in error (then it raises Dependent: its cause is reported)."""
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
                if in_error(target, value):
                    raise Dependent()
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
