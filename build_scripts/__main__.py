"""python -m build_scripts: rebuild every table and datapackage.json from raw/, verify
every quote, validate with frictionless, then the documents derived from them
(CITATION.cff, docs/), and print a summary. Every error in the data found in one run is
reported (up to LIMIT), each naming its file and line; on any error nothing is replaced:
the previous outputs stay as they were."""

import shutil
import sys

from . import spec
from .annotations import BuildError
from .check import check_lookups, check_rows, validate_package
from .descriptor import build_descriptor
from .documents import documents
from .output import PACKAGE_DIR, ROOT, publish, stage, write_changed
from .tables import build_all

LIMIT = 50  # errors shown in one run; the rest are counted


def main() -> int:
    errors: list[BuildError] = []
    try:
        declared = spec.load()
        tables, origins = build_all(declared, errors)
        descriptor = build_descriptor(declared, spec.enum_fills(declared, tables))
        errors += check_lookups(descriptor)
        errors += check_rows(descriptor, tables, origins, {table.name: table for table in spec.tables(declared)})
        if not errors:
            staging = stage(descriptor, tables)
            try:
                validate_package(staging / "datapackage.json")
            except BuildError:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            changed = publish(staging, descriptor)
    except BuildError as error:
        errors.append(error)
    if errors:
        print(failure(errors) + "\nNothing was written; the previous outputs are unchanged.", file=sys.stderr)
        return 1
    try:
        # Derived from the published tables, which the figures load like any user would.
        published = {r["name"]: (PACKAGE_DIR / r["path"]).read_bytes() for r in descriptor["resources"]}
        derived = documents(descriptor, published)
        changed += write_changed({ROOT / path: data for path, data in derived.items()})
    except BuildError as error:
        print(f"build failed: {error}\nThe tables and datapackage.json are up to date; CITATION.cff and docs/ "
              "were not updated.", file=sys.stderr)
        return 1
    width = max(map(len, tables))
    for name, rows in tables.items():
        print(f"  {name:<{width}}  {len(rows):>4} rows")
    print(f"valid: frictionless found no errors in {len(tables)} tables")
    print("changed: " + (", ".join(changed) if changed else "nothing (outputs already up to date)"))
    return 0


def failure(errors: list[BuildError]) -> str:
    """'build failed: ERROR', or a numbered list of the errors (the first LIMIT)."""
    if len(errors) == 1:
        return f"build failed: {errors[0]}"
    shown = "\n".join(f"{number}. {error}" for number, error in enumerate(errors[:LIMIT], start=1))
    more = f"\n... and {len(errors) - LIMIT} more; fix these and build again" if len(errors) > LIMIT else ""
    return f"build failed: {len(errors)} errors\n{shown}{more}"


if __name__ == "__main__":
    sys.exit(main())
