"""python -m build_scripts.quote FIRST WORDS ... LAST WORDS --source ID

Print the span of raw/texts/ID.txt that runs from the first words to the last words
exactly as it must be written in an annotation: a double-quoted YAML string with the
text's own characters (curly quotes, dashes, double spaces) and its line breaks as \\n.
Spaces between the words you type match any run of spaces or line breaks in the text, so
the words can be typed as read. Without "...", the words themselves are the span."""

import argparse
import json
import re
import sys

import yaml

from .annotations import TEXTS


class NotFound(Exception):
    pass


def pattern(words: list[str]) -> str:
    return r"\s+".join(re.escape(word) for word in words)


def find_span(text: str, first: list[str], last: list[str]) -> tuple[int, int]:
    """Offsets of the first span that starts with `first` and ends with `last`."""
    start = re.search(pattern(first), text)
    if not start:
        raise NotFound(f"the first words {' '.join(first)!r} are not in the text")
    if not last:
        return start.start(), start.end()
    end = re.compile(pattern(last)).search(text, start.end())
    if not end:
        raise NotFound(f"the last words {' '.join(last)!r} do not follow {' '.join(first)!r} in the text")
    return start.start(), end.end()


def as_yaml(span: str) -> str:
    """The span as a double-quoted YAML scalar (a JSON string is one), checked to read back."""
    written = json.dumps(span, ensure_ascii=False)
    assert yaml.safe_load(f"quote: {written}")["quote"] == span
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.quote", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("words", nargs="+", metavar="WORD", help='first words, "...", last words')
    parser.add_argument("--source", required=True, metavar="ID", help="a source id: raw/texts/ID.txt")
    args = parser.parse_args(argv)
    path = TEXTS / f"{args.source}.txt"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in TEXTS.glob("*.txt")))
        print(f"no raw text raw/texts/{args.source}.txt; sources: {known}", file=sys.stderr)
        return 2
    words = " ".join(args.words).split()
    first, last = (words, []) if "..." not in words else (words[: words.index("...")], words[words.index("...") + 1 :])
    if not first:
        parser.error('give the first words before "..."')
    text = path.read_bytes().decode("utf-8")
    try:
        start, end = find_span(text, first, last)
    except NotFound as error:
        print(f"raw/texts/{args.source}.txt: {error}", file=sys.stderr)
        return 1
    print(f"quote: {as_yaml(text[start:end])}")
    print(f"# raw/texts/{args.source}.txt, characters {start}-{end}, line {text.count(chr(10), 0, start) + 1}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
