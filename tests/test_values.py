import pytest

from build_scripts.values import UnreadableValue, parse_value


@pytest.mark.parametrize(
    "words, expected",
    [
        ("86,000", (86000, "exact")),
        ("more than 130", (130, "more_than")),
        ("over 30%", (30, "more_than")),
        ("less than 8%", (8, "less_than")),
        ("less than 9 percent", (9, "less_than")),
        ("Nearly 10%", (10, "nearly")),
        ("nearly 100", (100, "nearly")),
        ("Two hundred", (200, "exact")),
        ("one out of two", (50, "exact")),
        ("One in two", (50, "exact")),
        ("Four out of five", (80, "exact")),
        ("half", (50, "exact")),
        ("a few hundred", (200, "at_least")),
        ("none", (0, "exact")),
        ("not one", (0, "exact")),
        ("€3 billion", (3_000_000_000, "exact")),
        ("2.5 million", (2_500_000, "exact")),
        ("Sixteen years", (16, "exact")),
        ("twenty-five", (25, "exact")),
        ("1,800", (1800, "exact")),
    ],
)
def test_documented_word_to_number_rules(words, expected):
    assert parse_value(words) == expected


def test_a_phrase_without_a_number_is_refused():
    with pytest.raises(UnreadableValue):
        parse_value("many")
