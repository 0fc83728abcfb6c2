"""The command line: `mechelen-data` or `python -m mechelen_data`.

Exit status: 0 on success, 1 when the data or the target folder is at fault (a failed
validation, an export that would overwrite files), 2 on bad usage (unknown command,
table, source or option), with a message that names the valid choices."""

import argparse
import csv
import json
import sys

import mechelen_data as m

from ._cite import FORMATS
from ._export import ExportError, export_folder, export_zip
from ._package import resource
from ._verify import IntegrityError

USAGE_ERROR = 2


def parser() -> argparse.ArgumentParser:
    tables = ", ".join(m.tables())
    root = argparse.ArgumentParser(
        prog="mechelen-data",
        description="The Mechelen model as validated, citable tables: list, show, export, validate and cite them.",
        epilog=f"Tables: {tables}. Each command has --help.",
    )
    root.add_argument("--version", action="version", version=f"mechelen-data {m.__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser("list", help="the tables, their row counts and titles")

    show = commands.add_parser("show", help="print a table")
    show.add_argument("table", metavar="TABLE", help=f"one of: {tables}")
    show.add_argument("--head", metavar="N", type=positive, help="only the first N rows")

    schema = commands.add_parser("schema", help="print a table's Table Schema (JSON)")
    schema.add_argument("table", metavar="TABLE", help=f"one of: {tables}")

    export = commands.add_parser("export", help="write the CSV files and datapackage.json into a folder")
    export.add_argument("directory", metavar="DIR", help="a new or empty folder")
    export.add_argument("--force", action="store_true", help="write into a non-empty folder, replacing the package's files")
    export.add_argument("--zip", action="store_true",
                        help="write one archive, DIR/mechelen-data-VERSION.zip, as attached to each release")

    commands.add_parser("validate", help="check the installed data against its published hashes and Table Schemas")

    cite = commands.add_parser("cite", help="how to cite the data, or its sources")
    cite.add_argument("--format", choices=FORMATS, default="text", help="citation style (default: text)")
    cite.add_argument("--source", metavar="SOURCE_ID", help='cite one source document instead, or "all" of them')
    return root


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, 1 or more; got {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    if args.command == "list":
        names = m.tables()
        width = max(map(len, names))
        for name in names:
            with open(m.csv_path(name), encoding="utf-8", newline="") as handle:
                rows = sum(1 for _ in csv.reader(handle)) - 1  # quotes may hold line breaks
            print(f"{name:<{width}}  {rows:>4} rows  {resource(name)['title']}")
    elif args.command == "show":
        frame = m.load(args.table)
        if args.head:
            frame = frame.head(args.head)
        print(frame.to_string(index=False, max_colwidth=60))
    elif args.command == "schema":
        print(json.dumps(m.schema(args.table), indent=2, ensure_ascii=False))
    elif args.command == "export":
        if args.zip:
            print(f"wrote {export_zip(args.directory, args.force)}")
        else:
            written = export_folder(args.directory, args.force)
            print(f"wrote {len(written)} files into {args.directory}: datapackage.json and data/")
    elif args.command == "validate":
        m.verify()
        print(f"valid: {len(m.tables())} tables match their published sizes, SHA-256 hashes and Table Schemas")
    elif args.command == "cite":
        print(m.cite(args.format, args.source), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 naming the valid choices on bad usage
    try:
        return run(args)
    except m.UnknownNameError as error:
        print(f"mechelen-data: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except (ExportError, IntegrityError) as error:
        print(f"mechelen-data: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `mechelen-data show events | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
