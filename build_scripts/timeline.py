"""The dated lines of a newest-first timeline page, and the years it leaves out.

A dated line starts with a date ("3 December", "16 – 17 March", "February", "7 February
2017"), or carries a full date elsewhere: a post signature ("(@vestager) 5 January 2019",
"(@JKingEU) October 7, 2016") or a month and year ("at the June 2016 CoR Plenary").
Lines that start with a date form the timeline; the first of them must state its year
(the page's own date), and the years the others leave out are inferred from the order:
going down a newest-first list, a later day of the year than the line above means the
year before."""

import re
from typing import NamedTuple

from .dates import DateError, Span

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_M = "|".join(MONTHS)
LEADING_DATE = re.compile(
    rf"^(?P<day>\d{{1,2}})(?:\s*[–-]\s*(?P<last>\d{{1,2}}))?\s+(?P<month>{_M})\b(?:\s+(?P<year>\d{{4}})\b)?"
    rf"|^(?P<month_only>{_M})\b(?!\s+\d)"
)
FULL_DATE = re.compile(
    rf"(?P<day>\d{{1,2}}) (?P<month>{_M}) (?P<year>\d{{4}})\b"
    rf"|(?P<us_month>{_M}) (?P<us_day>\d{{1,2}}), (?P<us_year>\d{{4}})\b"
    rf"|\b(?P<my_month>{_M}) (?P<my_year>\d{{4}})\b"
)


class DatedLine(NamedTuple):
    line_no: int  # 1-based line number in the raw text
    start: int  # offsets of the date expression in the raw text
    end: int
    verbatim: str
    span: Span
    basis: str  # "stated" or "year_inferred"
    in_timeline: bool


def _month(name: str) -> int:
    return MONTHS.index(name) + 1


def dated_lines(text: str) -> list[DatedLine]:
    """Every dated line of the page, timeline years inferred, in the page's order."""
    found = []  # (line_no, match, in_timeline)
    offset = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        match = LEADING_DATE.match(line)
        if match:
            found.append((line_no, offset, match, True))
        else:
            match = FULL_DATE.search(line)
            if match:
                found.append((line_no, offset, match, False))
        offset += len(line) + 1
    timeline = [item for item in found if item[3]]
    years = infer_years([_key(item[2]) for item in timeline])
    inferred = {item[0]: year for item, year in zip(timeline, years)}
    return [_dated_line(line_no, offset, match, inferred.get(line_no)) for line_no, offset, match, _ in found]


def _key(match: re.Match) -> tuple[int, int | None, int | None]:
    """(month, day or None, stated year or None) of a leading date."""
    if match.group("month_only"):
        return _month(match.group("month_only")), None, None
    year = match.group("year")
    return _month(match.group("month")), int(match.group("day")), int(year) if year else None


def infer_years(keys: list[tuple[int, int | None, int | None]]) -> list[int]:
    """Years of newest-first (month, day, stated year) entries. The first entry must state
    its year; later stated years must agree with the inference, else DateError."""
    if not keys:
        return []
    if keys[0][2] is None:
        raise DateError("the first dated line of a timeline must state its year")
    years, year, previous = [], keys[0][2], keys[0][:2]
    for month, day, stated in keys:
        earlier_month = month > previous[0]
        same_month_later_day = month == previous[0] and None not in (day, previous[1]) and day > previous[1]
        if earlier_month or same_month_later_day:
            year -= 1
        if stated is not None and stated != year:
            raise DateError(f"stated year {stated} disagrees with the inferred year {year} ({day} {MONTHS[month - 1]})")
        years.append(year)
        previous = (month, day)
    return years


def _dated_line(line_no: int, offset: int, match: re.Match, inferred_year: int | None) -> DatedLine:
    groups = match.groupdict()
    start, end = offset + match.start(), offset + match.end()
    if inferred_year is not None:  # a timeline entry
        stated = "stated" if groups.get("year") else "year_inferred"
        if groups["month_only"]:
            span = Span.month(inferred_year, _month(groups["month_only"]))
        else:
            first, last = int(groups["day"]), int(groups["last"] or groups["day"])
            span = Span.day(inferred_year, _month(groups["month"]), first, last)
        return DatedLine(line_no, start, end, match.group(0), span, stated, True)
    if groups.get("us_month"):
        span = Span.day(int(groups["us_year"]), _month(groups["us_month"]), int(groups["us_day"]))
    elif groups.get("my_month"):
        span = Span.month(int(groups["my_year"]), _month(groups["my_month"]))
    else:
        span = Span.day(int(groups["year"]), _month(groups["month"]), int(groups["day"]))
    return DatedLine(line_no, start, end, match.group(0), span, "stated", False)
