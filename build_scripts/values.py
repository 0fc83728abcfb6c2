"""Word-to-number rules: turn a figure as written ("more than 130", "one out of two",
"Two hundred") into a number and a qualifier. The build checks every curated statistic
against these rules, so a typo in either the annotation or the rules stops the build."""

import re

QUALIFIER_WORDS = {
    "more than": "more_than",
    "over": "more_than",
    "less than": "less_than",
    "under": "less_than",
    "nearly": "nearly",
    "almost": "nearly",
    "about": "approximately",
    "around": "approximately",
    "some": "approximately",
    "approximately": "approximately",
}
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NONE_WORDS = ("none", "not one", "no")
FRACTION = re.compile(r"^(\w+) (?:out of|in) (\w+)\b")
NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|billion|thousand))?")


class UnreadableValue(ValueError):
    """A figure that the rules cannot read."""


def words_to_number(words: str) -> int | None:
    """'Two hundred' -> 200, 'twenty-five' -> 25, 'Sixteen' -> 16; None if not a number."""
    tokens = words.lower().replace("-", " ").replace(" and ", " ").split()
    if not tokens or tokens[0] not in UNITS:
        return None
    total = current = 0
    for token in tokens:
        if token in UNITS:
            current += UNITS[token]
        elif token in SCALES:
            current = max(current, 1) * SCALES[token]
            if SCALES[token] >= 1_000:
                total, current = total + current, 0
        else:
            break  # trailing words ("years", "percent") are not part of the number
    return total + current


def leading_number(text: str) -> float | None:
    """The number a phrase starts with, in digits or words; None if it starts with none."""
    text = text.strip().lstrip("€$£").strip()
    match = NUMBER.match(text)
    if match:
        number = float(match.group(1).replace(",", ""))
        return number * SCALES[match.group(2)] if match.group(2) else number
    return words_to_number(text)


def parse_value(verbatim: str) -> tuple[float, str]:
    """(value, qualifier) of a figure as written; percentages come out as 0-100."""
    text = " ".join(verbatim.split()).lower()
    qualifier = "exact"
    for words, key in QUALIFIER_WORDS.items():
        if text.startswith(words + " "):
            text, qualifier = text[len(words) + 1 :], key
            break
    if text.startswith("a few hundred"):
        return 200.0, "at_least"
    if any(text == w or text.startswith(w + " ") for w in NONE_WORDS):
        return 0.0, qualifier
    if text == "half" or text.startswith("half "):
        return 50.0, qualifier
    fraction = FRACTION.match(text)
    if fraction:
        part, whole = leading_number(fraction.group(1)), leading_number(fraction.group(2))
        if part is not None and whole:
            return part / whole * 100, qualifier
    number = leading_number(text)
    if number is None:
        raise UnreadableValue(f"cannot read a number in {verbatim!r}")
    return float(number), qualifier
