"""What descriptor.yaml tells the build beyond the Table Schemas: which annotation files
feed each table, which fields the build computes, how a table is ordered, whether its
rows must account for every dated line of the timeline sources, and which tables are vocabularies whose keys become
the allowed values of the fields that refer to them. None of it is published."""

from dataclasses import dataclass

import yaml

from .annotations import ROOT, BuildError, parse, refuse_repeated_keys, relative

SOURCE = ROOT / "raw" / "descriptor.yaml"
# Keys of descriptor.yaml that only the build reads; they never reach datapackage.json.
FIELD_EXTENSIONS = ("values", "computed", "annotation")
TABLE_KEYS = ("title", "description", "primaryKey", "foreignKeys", "fields",
              "annotations", "order", "vocabulary", "covers_timelines")


def load() -> dict:
    """raw/descriptor.yaml; not valid YAML, or a key given twice, stops the build naming
    the line."""
    data, node = parse(SOURCE)
    refuse_repeated_keys(relative(SOURCE), node)
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        raise BuildError(f"{relative(SOURCE)}: needs `package:` and `tables:`, a mapping of table name to table")
    return data


def where(*keys: str) -> str:
    """'raw/descriptor.yaml, line N': where the item at `keys` (mapping keys, from the top)
    stands, or the nearest enclosing item found; read again, as it is needed only for an
    error."""
    _, node = parse(SOURCE)
    line = 0
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        found = [(name, value) for name, value in node.value if name.value == key]
        if not found:
            break
        line, node = found[0][0].start_mark.line, found[0][1]
    return f"{relative(SOURCE)}, line {line + 1}"


@dataclass(frozen=True)
class Table:
    name: str
    spec: dict

    @property
    def key(self) -> str:
        return self.spec["primaryKey"][0]

    @property
    def fields(self) -> list[dict]:
        return self.spec["fields"]

    def annotation_key(self, field: dict) -> str:
        """The annotation key a field is read from: `id` for the primary key, else the
        field's `annotation:` or its own name."""
        return "id" if field["name"] == self.key else field.get("annotation", field["name"])

    @property
    def plain(self) -> list[dict]:
        """Fields that pass from the annotations to the table as written."""
        return [field for field in self.fields if "computed" not in field]

    @property
    def computed(self) -> list[dict]:
        return [field for field in self.fields if "computed" in field]

    @property
    def references(self) -> dict[str, tuple[str, str]]:
        """{field: (table, field)} of each single-column foreign key."""
        return {key["fields"][0]: (key["reference"]["resource"], key["reference"]["fields"][0])
                for key in self.spec.get("foreignKeys", []) if len(key["fields"]) == 1}


def tables(spec: dict) -> list[Table]:
    """The tables in an order where every table comes after the tables it refers to."""
    declared = {name: Table(name, table) for name, table in spec["tables"].items()}
    for table in declared.values():
        unknown = sorted(set(table.spec) - set(TABLE_KEYS))
        if unknown:
            raise BuildError(f"{where('tables', table.name, unknown[0])}, table {table.name}: unknown key(s) "
                             f"{', '.join(unknown)}; allowed: {', '.join(TABLE_KEYS)}")
        if "annotations" not in table.spec or len(table.spec["primaryKey"]) != 1:
            raise BuildError(f"{where('tables', table.name)}, table {table.name}: give `annotations:` (the "
                             "raw/annotations files of its rows) and a primaryKey of one column (filled from `id`)")
    ordered: list[Table] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            raise BuildError(f"raw/descriptor.yaml: foreign keys run in a circle: {' -> '.join(path + (name,))}")
        if name not in declared:
            raise BuildError(f"{where('tables', path[-1], 'foreignKeys')}, table {path[-1]}: a foreign key refers to "
                             f"unknown table {name!r}")
        if declared[name] in ordered:
            return
        for target, _ in declared[name].references.values():
            if target != name:
                visit(target, path + (name,))
        ordered.append(declared[name])

    for name in declared:
        visit(name, ())
    return ordered


def enum_fills(spec: dict, built: dict[str, list[dict]]) -> dict[tuple[str, str], list[str]]:
    """{(table, field): allowed values} for each field whose foreign key refers to a
    `vocabulary: true` table: the vocabulary's keys, in its order."""
    fills = {}
    for table in tables(spec):
        for field, (target, target_field) in table.references.items():
            if spec["tables"][target].get("vocabulary"):
                fills[(table.name, field)] = [row[target_field] for row in built[target]]
    return fills
