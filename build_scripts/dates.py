"""Dates honest about their precision: a date is a span of days (start, end inclusive)
with the precision the source gives. Parses the compact forms used in the annotations
and resolves relative expressions ("yesterday", "last year", "two years later")."""

import calendar
import datetime as dt
import re
from typing import NamedTuple

from .values import words_to_number

PRECISIONS = ("day", "month", "year")  # finest first


class DateError(ValueError):
    """A date that cannot be read or resolved."""


class Span(NamedTuple):
    start: dt.date | None  # None: an open start (not stated), in a half-open period only
    end: dt.date | None  # None: an open end
    precision: str

    @classmethod
    def day(cls, year: int, month: int, day: int, last_day: int | None = None) -> "Span":
        try:
            start, end = dt.date(year, month, day), dt.date(year, month, last_day or day)
        except ValueError as error:  # 30 February, day 0, ...
            raise DateError(f"impossible date {year}-{month:02d}-{day:02d}: {error}") from None
        if end < start:
            raise DateError(f"day range {day}–{last_day} runs backwards")
        return cls(start, end, "day")

    @classmethod
    def month(cls, year: int, month: int) -> "Span":
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")

    @classmethod
    def year(cls, year: int) -> "Span":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    def __str__(self) -> str:
        fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[self.precision]
        first, last = (day.strftime(fmt) if day else ".." for day in (self.start, self.end))
        return first if first == last else f"{first}/{last}"


def parse_spec(spec: str, open_ends: bool = False) -> Span:
    """'2017-02-14', '2018-02', '2016', or two of them joined by '/' (a period). With
    `open_ends`, a period may leave one end open, in the EDTF / ISO 8601-2 way: '2007/..'
    (from 2007, end not stated) or '../2019' (up to 2019, start not stated); the open end
    is None and the precision is the stated end's."""
    text = str(spec).strip()
    if "/" in text:
        first_text, last_text = (part.strip() for part in text.split("/", 1))
        if "/" in last_text:
            raise DateError(f"unreadable period {text!r}: one '/' joins its two ends")
        if ".." in (first_text, last_text):
            if not open_ends:
                raise DateError(f"{text!r}: an open end (..) is allowed only in a period that may be half-open")
            if first_text == last_text:
                raise DateError(f"{text!r}: a period needs at least one stated end")
            stated = parse_spec(last_text if first_text == ".." else first_text)
            if first_text == "..":
                return Span(None, stated.end, stated.precision)
            return Span(stated.start, None, stated.precision)
        first, last = parse_spec(first_text), parse_spec(last_text)
        if last.end < first.start:
            raise DateError(f"period {text!r} ends before it starts")
        coarser = max(first.precision, last.precision, key=PRECISIONS.index)
        return Span(first.start, last.end, coarser)
    try:
        if re.fullmatch(r"\d{4}", text):
            return Span.year(int(text))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return Span.month(*map(int, text.split("-")))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return Span.day(*map(int, text.split("-")))
    except (ValueError, calendar.IllegalMonthError) as error:  # month 13, 30 February, ...
        raise DateError(f"impossible date {text!r}: {error}") from None
    raise DateError(f"unreadable date {text!r}: write YYYY-MM-DD, YYYY-MM, YYYY or A/B"
                    + (" (A/.. or ../B for a half-open period)" if open_ends else ""))


RELATIVE = re.compile(r"^(?:(?P<fixed>yesterday|today|now|last year|this year)|(?P<n>[\w-]+) years? (?P<dir>ago|later))$")


def resolve_relative(expression: str, anchor: Span) -> Span:
    """Resolve a relative expression against the date it is relative to."""
    text = " ".join(expression.lower().split())
    match = RELATIVE.match(text)
    if not match:
        raise DateError(
            f"unsupported relative expression {expression!r}: use yesterday, today, "
            "last year, this year, N years ago or N years later"
        )
    fixed = match.group("fixed")
    if fixed in ("today", "now"):
        return anchor
    if fixed == "yesterday":
        if anchor.precision != "day" or anchor.start != anchor.end:
            raise DateError("'yesterday' needs an anchor known to the day")
        day = anchor.start - dt.timedelta(days=1)
        return Span(day, day, "day")
    if fixed == "this year":
        return Span.year(anchor.start.year)
    if fixed == "last year":
        return Span.year(anchor.start.year - 1)
    count = int(match.group("n")) if match.group("n").isdigit() else words_to_number(match.group("n"))
    if count is None:
        raise DateError(f"cannot read the number in {expression!r}")
    sign = -1 if match.group("dir") == "ago" else 1
    return Span.year(anchor.start.year + sign * count)
