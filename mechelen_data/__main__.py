"""The command line: `mechelen-data` or `python -m mechelen_data`.

Exit status: 0 on success, 1 when the data, the disk or the target folder is at fault
(a damaged install, a failed validation, a folder that cannot be written or would be
overwritten), 2 on bad usage (unknown command, table, format, source or option), always
with one message that names the problem and the fix, never a traceback."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

import mechelen_data as m

from ._package import MechelenDataError, UnknownNameError

USAGE_ERROR = 2
SHOW_FORMATS = ("table", "csv", "markdown", "json")


class UsageError(MechelenDataError):
    """Options that do not go together, or a value the command cannot use (exit status 2)."""


class Parser(argparse.ArgumentParser):
    """Usage errors print the command's help (for the bare command: every command) first."""

    def error(self, message: str) -> NoReturn:
        self.print_help(sys.stderr)
        self.exit(USAGE_ERROR, f"\n{self.prog}: error: {message}\n")


def parser() -> Parser:
    tables = ", ".join(m.tables())
    root = Parser(
        prog="mechelen-data",
        description="The Mechelen model as validated, citable tables: list, show, export, validate and cite them.",
        epilog=f"Tables: {tables}. Each command has --help.",
    )
    root.add_argument("--version", action="version", version=f"mechelen-data {m.__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description)

    command("list", "the tables, their row counts and titles",
            "List the tables with their row counts and titles.")

    show = command("show", "print a table",
                   "Print a table. On a terminal the table fits its width and says what it shortened; "
                   "redirected to a file or a pipe, every cell is written whole.")
    show.add_argument("table", metavar="TABLE", help=f"one of: {tables}")
    show.add_argument("--head", metavar="N", type=positive, help="only the first N rows")
    show.add_argument("--columns", metavar="COLUMNS", help="only these columns, comma-separated")
    show.add_argument("--format", choices=SHOW_FORMATS, default="table",
                      help="table (default), csv, markdown or json (one object per row)")
    show.add_argument("--between", nargs=2, metavar=("START", "END"),
                      help="only rows within START..END, inclusive: YYYY, YYYY-MM or YYYY-MM-DD (a coarse END "
                      "means the end of that year or month), or .. for an open side (events, statistics, sources)")
    show.add_argument("--certainty", choices=("definitely", "possibly"),
                      help="with --between: rows whose every possible day is in the range (definitely, the "
                      "default) or at least one (possibly)")
    show.add_argument("--by", choices=("date", "period", "claimed", "published"),
                      help="with --between, for statistics: the period the figure refers to (period, the default) "
                      "or when it was claimed (claimed)")

    schema = command("schema", "print a table's Table Schema (JSON)",
                     "Print the Table Schema of a table as JSON: columns, types, descriptions, allowed values, keys.")
    schema.add_argument("table", metavar="TABLE", help=f"one of: {tables}")

    from ._export import formats

    export = command("export", "write the data into a folder or a zip, in the formats you choose",
                     "Write the data package (datapackage.json, data/*.csv, README.md, data dictionary, licence) "
                     "and any other formats into a new or empty folder, or with --zip as one archive. "
                     "Nothing is left half-written: the target holds the complete export or what it held before.")
    export.add_argument("directory", metavar="DIR", help="a new or empty folder (with --zip: where the zip goes)")
    export.add_argument("--format", dest="formats", metavar="FORMAT", action="append",
                        help="repeatable or comma-separated; one of: " + ", ".join(formats())
                        + ", or all (default: csv; csv is always included)")
    export.add_argument("--force", action="store_true",
                        help="write into a non-empty folder (or replace the zip), replacing only the files this "
                        "export writes")
    export.add_argument("--zip", action="store_true",
                        help="write one archive, DIR/mechelen-data-VERSION.zip, datapackage.json at its root")

    site = command("site", "write a website of the data: every quote highlighted in its source",
                   "Write a static website (HTML, CSS, a little JavaScript; it fetches nothing) into a new or "
                   "empty folder: each source document with every quoted passage highlighted and linked to its "
                   "row, each table sortable and filterable, and the corroboration groups side by side. "
                   "Open DIR/index.html in a browser.")
    site.add_argument("directory", metavar="DIR", help="a new or empty folder")
    site.add_argument("--texts", metavar="TEXTS", help="a folder with the raw texts (raw/texts of a checkout), "
                      "to show them whole, each checked against its SHA-256; for local use, not to publish")
    site.add_argument("--force", action="store_true",
                      help="write into a non-empty folder, replacing only the files the site writes")

    command("validate", "check the installed data against its published hashes and Table Schemas",
            "Check every installed CSV file against the size and SHA-256 hash in the descriptor, "
            "then against its Table Schema (types, constraints, keys).")

    from ._cite import FORMATS

    cite = command("cite", "how to cite the data, or its sources, or the rows you used",
                   "Print how to cite the data (or, with --source, its source documents; with --rows, the rows "
                   "listed in an ids file saved from Python with m.cite(rows=frame, format='ids')).")
    cite.add_argument("--format", choices=FORMATS, default="text", help="citation style (default: text)")
    chosen = cite.add_mutually_exclusive_group()
    chosen.add_argument("--source", metavar="SOURCE_ID", help='cite one source document instead, or "all" of them')
    chosen.add_argument("--rows", metavar="FILE", help="cite the package version and the rows an ids file lists")

    from ._diff import FORMATS as DIFF_FORMATS, HOW

    diff = command("diff", "what changed between two releases, row by row",
                   "Compare two releases table by table by primary key: rows added, removed and changed (with "
                   "the changed fields), tables and columns added, removed or renamed. OLD and NEW: " + HOW + ".")
    diff.add_argument("old", metavar="OLD", help="the earlier release")
    diff.add_argument("new", metavar="NEW", nargs="?", default="installed",
                      help="the later release (default: installed)")
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text",
                      help="text (default: a summary per table, then the details), csv (one row per change: "
                      "table, key, change, field, old, new), json, or markdown (the summary)")
    return root


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, 1 or more; got {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    if args.command == "list":
        from ._package import read_rows, resource

        rows = {name: len(read_rows(name)) for name in m.tables()}  # all read before anything is printed
        width = max(map(len, rows))
        for name, count in rows.items():
            print(f"{name:<{width}}  {count:>4} rows  {resource(name)['title']}")
    elif args.command == "show":
        from ._package import pick_columns, schema
        from ._show import show

        # names a mistyped table or column
        columns = pick_columns(args.table, args.columns.split(",")) if args.columns else [
            field["name"] for field in schema(args.table)["fields"]]
        records = m.records(args.table)
        if args.between:  # selected on the DataFrame, whose index is the row's position
            records = [records[position] for position in select(m.load(args.table), args).index]
        elif args.certainty or args.by:
            raise UsageError("--certainty and --by go with --between START END")
        show(records, columns, args.format, args.head, sys.stdout)
    elif args.command == "schema":
        import json

        print(json.dumps(m.schema(args.table), indent=2, ensure_ascii=False))
    elif args.command == "export":
        written = m.export(args.directory, args.formats or "csv", zip=args.zip, force=args.force)
        print(f"wrote {written}" + ("" if args.zip else ": datapackage.json, data/, README.md and the formats asked for"))
    elif args.command == "site":
        written = m.site(args.directory, args.texts, force=args.force)
        print(f"wrote {written}: open {written / 'index.html'} in a browser")
    elif args.command == "validate":
        checked = m.verify()
        print(f"valid: {len(checked)} tables ({sum(t.rows or 0 for t in checked)} rows) match their published "
              "sizes, SHA-256 hashes and Table Schemas")
    elif args.command == "cite":
        print(m.cite(args.format, args.source, args.rows), end="")
    elif args.command == "diff":
        sys.stdout.write(m.diff(args.old, args.new).format(args.format))
    return 0


def select(frame, args: argparse.Namespace):
    """The rows of a whole table that `show --between` keeps; a date, range or --by the
    command cannot use is a usage error."""
    from ._between import ways

    dated = ways(frame)
    if not dated:
        raise UsageError(f"table {args.table!r} has no dates to select by; --between works on events, statistics "
                         "and sources")
    if args.by and args.by not in dated:
        raise UsageError(f"--by {args.by} does not apply to table {args.table!r}; it is dated by: {', '.join(dated)}")
    try:
        return m.between(frame, *args.between, certainty=args.certainty or "definitely", by=args.by)
    except MechelenDataError as error:
        raise UsageError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    # Output in an encoding that cannot hold every character (a Windows code page): to a
    # file or a pipe it is written as UTF-8, whole; a console shows what it cannot as an
    # escape (\u011b for ě), never a "?" and never a crash.
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if encoding.lower().replace("-", "").replace("_", "") != "utf8" and hasattr(stream, "reconfigure"):
            if stream.isatty():
                stream.reconfigure(errors="backslashreplace")
            else:
                stream.reconfigure(encoding="utf-8")
    try:
        arguments = parser()
        args = arguments.parse_args(argv)  # exits 2 naming the valid choices on bad usage
        if args.command is None:
            arguments.error("give a command")
        return run(args)
    except (UnknownNameError, UsageError) as error:
        print(f"mechelen-data: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except MechelenDataError as error:
        print(f"mechelen-data: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `mechelen-data show events | head`
        sys.stderr.close()
        return 0
    except OSError as error:  # writing the output failed: a full disk, a closed terminal
        print(f"mechelen-data: error: {error.filename or 'output'}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mechelen-data: interrupted; nothing was left half-written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
