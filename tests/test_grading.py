"""``grade``: every example in docs/grading.md, plus the named slips.

Expected values come from ``fractions``, ``math`` and ``decimal``, never from the
module under test.
"""

import math
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from quizapp.grading import MISTAKES, GradingError, grade
from quizapp.verdict import Verdict

FIVE_SIXTHS = float(Fraction(5, 6))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _same(value, want):
    if isinstance(want, list):
        return isinstance(value, list) and len(value) == len(want) and all(map(_same, value, want))
    if math.isnan(want):
        return isinstance(value, float) and math.isnan(value)
    return type(value) is float and value == pytest.approx(want, rel=1e-12, abs=1e-300)


# ------------------------------------------------------------------ what is read

READ = [
    ("0.8333", 0.8333),
    (".8333", 0.8333),
    ("+0.8333", 0.8333),
    ("8.333e-1", 0.8333),
    ("8.333E-1", 0.8333),
    ("1×10^-3", 0.001),
    ("1 x 10^-3", 0.001),
    ("83.33%", 0.8333),
    ("5/6", float(Fraction(5, 6))),
    ("-0.5", -0.5),
    ("\u22120.5", -0.5),
    ("\uff10.\uff15", 0.5),  # full-width ０.５
    ("   0.5  ", 0.5),
    ("10⁻³", 0.001),
    ("5²", 25.0),
    ("inf", math.inf),
    ("infinity", math.inf),
    ("∞", math.inf),
    ("-inf", -math.inf),
    ("nan", math.nan),
    ("sqrt(6/(256+128))", math.sqrt(6 / 384)),
    ("2^3^2", 2.0**9),
    ("2**3**2", 2.0**9),
    ("(2^3)^2", 64.0),
    ("-2^2", -4.0),
    ("2^-1", 0.5),
    ("exp(1)", math.e),
    ("ln(e)", 1.0),
    ("log(e^2)", 2.0),  # log is the natural logarithm
    ("log10(1000)", 3.0),
    ("log2(8)", 3.0),
    ("abs(-3)", 3.0),
    ("sin(pi/6)", math.sin(math.pi / 6)),
    ("cos(pi)", -1.0),
    ("tan(pi/4)", math.tan(math.pi / 4)),
    ("pi", math.pi),
    ("2*pi", 2 * math.pi),
    ("1/(1+exp(-2))", 1 / (1 + math.exp(-2))),
    ("[0.1, 0.2, 0.7]", [0.1, 0.2, 0.7]),
    ("0.1, 0.2, 0.7", [0.1, 0.2, 0.7]),
    ("0.1 0.2 0.7", [0.1, 0.2, 0.7]),
    ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[[1 2]\n [3 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1/2, sqrt(4), 10%]", [0.5, 2.0, 0.1]),
    ("0.5 -0.3", [0.5, -0.3]),
    ("0.5 - 0.3", 0.5 - 0.3),
    ("0.5-0.3", 0.5 - 0.3),
    ("[0.5 -0.3]", [0.5, -0.3]),
    ("2 * -3", -6.0),
]


@pytest.mark.parametrize("text, want", READ)
def test_every_ordinary_spelling_is_read(text, want):
    v = grade(text, 0.123)
    assert v.readable, v.message
    assert _same(v.value, want), (text, v.value)


UNREADABLE = [
    ("", "Nothing"),
    ("   ", "Nothing"),
    ("x", "'x'"),
    ("foo + 1", "'foo'"),
    ("math.pi", "'math'"),
    ("(1).real", "'.'"),
    ("print(1)", "'print'"),
    ("__import__('os').system('ls')", "'__import__'"),
    ("'0.5'", "'''"),
    ('"0.5"', "'\"'"),
    ("[x for x in [1]]", "'x'"),
    ("lambda: 1", "'lambda'"),
    ("2pi", "'2pi'"),
    ("sqrt 2", "sqrt(2)"),
    ("(1 + 2", "never closed"),
    ("1 + 2)", "no matching"),
    ("1 +", "missing"),
    ("1/0", "divides by zero"),
    ("sqrt(-1)", "sqrt"),
    ("log(0)", "log"),
    ("(-8)^(1/3)", "fractional"),
    ("9^9^9", "too large"),
    ("10^10^10", "too large"),
    ("exp(1000)", "too large"),
    ("1e999", "too large"),
    ("1" * 10_001, "10 000"),
    ("[1, 2,]", "missing at position 7"),
    ("()", "missing"),
    ("* 2", "missing at position 1"),
    ("(0.1, 0.2)", "square brackets"),
    ("[1, 2)", "no matching"),
    ("[1, 2", "never closed"),
    ("2*[1, 2]", "list"),
]


@pytest.mark.parametrize("text, says", UNREADABLE)
def test_anything_else_is_unreadable_and_says_what(text, says):
    v = grade(text, 1.0)
    assert v.outcome == "again" and v.readable is False and v.correct is False and v.value is None
    assert v.mistake is None and v.format_mistake is None
    assert says in v.message, v.message
    assert CJK.search(v.message_zh), v.message_zh


@pytest.mark.parametrize(
    "text",
    [
        "9^9^9",
        "10^10^10",
        "1" * 10_001,
        "(" * 4_000 + "1" + ")" * 4_000,
        "[" * 4_000 + "1" + "]" * 4_000,
        "2^" * 3_000 + "2",
        "sqrt(" * 2_000 + "1" + ")" * 2_000,
    ],
)
def test_huge_or_deep_answers_are_refused(text):
    # How fast the refusal is, is measured in benchmarks/grading.py.
    v = grade(text, 1.0)
    assert not v.readable


def test_exponents_with_thousands_of_digits_are_a_verdict_not_a_crash():
    assert not grade("1e" + "9" * 5_000, 1.0).readable  # beyond any float: too large
    tiny = grade("1e-" + "9" * 5_000, 0.0)  # underflows to 0, as float() reads it
    assert tiny.readable and tiny.correct and tiny.value == 0.0
    padded = grade("1.0e-" + "0" * 5_000 + "3", 0.00104)  # leading zeros: still the plain 1.0e-3
    assert padded.correct and padded.value == 0.001
    assert not grade("1.0e-" + "0" * 5_000 + "3", 0.00106).correct



@pytest.mark.parametrize("text", ["1" + "²" * 9_999, "2" + "⁹" * 400, "1" + "⁰¹²³⁴⁵⁶⁷⁸⁹" * 999, "0.5" + "⁹" * 7])
def test_superscript_exponents_with_many_digits_are_refused_not_a_crash(text):
    assert not grade(text, 1.0).readable


def test_superscript_exponents_with_a_few_digits_still_work():
    assert grade("1.0⁰⁰⁰⁰⁰²", 1.0).correct and grade("2³²", 2.0**32).correct


@pytest.mark.parametrize(
    "text, expected", [("1\n+\t2", 1.0), ("sqrt(7\n0.5)", 1.0), ("1\x00", 1.0), ("0.8\r\n", 5 / 6), ("1\n+", 1.0)]
)
def test_messages_stay_on_one_line_whatever_was_typed(text, expected):
    v = grade(text, expected)
    for message in (v.message, v.message_zh):
        assert message.isprintable(), repr(message)


def test_long_but_harmless_answers_are_read_without_recursion():
    assert grade("1+" * 4_000 + "1", 4001.0).correct
    assert grade("-" * 5_000 + "1", 1.0).correct  # an even number of minus signs
    assert grade(", ".join(["0.25"] * 1_500), [0.25] * 1_500).correct


# ------------------------------------------------------------------ the default rule


@pytest.mark.parametrize("text", ["0.83", "0.833", "0.8333", "83%", "83.3%", "8.333e-1", "8.333E-1", ".83", "+0.83"])
def test_five_sixths_rounded_at_the_last_typed_digit_is_correct(text):
    v = grade(text, FIVE_SIXTHS)
    assert v.correct is True and v.readable is True, v.message
    assert v.mistake is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.12", float(Fraction(1, 8))),  # 0.125 is exactly halfway: both neighbours
        ("0.13", float(Fraction(1, 8))),
        ("0.83", 0.835),  # 0.835 is just below halfway in binary: both still count
        ("0.84", 0.835),
        ("0.83", math.nextafter(0.835, 1.0)),  # binary noise either side of halfway
        ("0.84", math.nextafter(0.835, 0.0)),
        ("0.12", math.nextafter(0.125, 1.0)),
        ("0.13", math.nextafter(0.125, 0.0)),
        ("83.5%", 0.8345),
        ("83.4%", 0.8345),
        ("1235", 1234.6),  # the units
        ("1235", 1235.4),
        ("0.018", 0.0183),  # two figures
        ("100", 100.4),  # three figures
        ("1.2e3", 1234.0),
        ("1.2×10^3", 1234.0),
        ("1.2 × 10³", 1234.0),
        ("1.2×10^(3)", 1234.0),  # the exponent in parentheses is still a ×10^ exponent
        ("1.0×10^(-3)", 0.00104),
        ("-0.83", -FIVE_SIXTHS),
        ("\u22120.83", -FIVE_SIXTHS),
        ("12%", 0.1234),
        ("0.8", 0.8),  # one figure, but exactly right
        ("0.8", 0.8000007),  # one figure, but within a relative millionth
        ("1e-3", 0.001),
        ("0", 0.0),
    ],
)
def test_plain_numbers_correctly_rounded_are_correct(text, expected):
    assert grade(text, expected).correct, grade(text, expected).message


@pytest.mark.parametrize(
    "text, expected, mistake",
    [
        ("0.84", FIVE_SIXTHS, "wrong_rounding"),
        ("0.9", FIVE_SIXTHS, None),  # one figure, and not 5/6 at its own precision
        ("0.11", float(Fraction(1, 8)), None),
        ("0.14", float(Fraction(1, 8)), None),
        ("0.83", 0.836, "wrong_rounding"),  # truncated, not rounded
        ("1200", 1235.0, "trailing_zeros"),  # "1200" claims the units
        ("0.00", 0.001, "too_few_figures"),  # no significant figures at all: more zeros never get there
        ("0", 8.9e-16, "too_few_figures"),
        ("0.11", 0.1, None),  # a whole unit off is another value, not a rounding slip
        ("2", 1.2, None),  # one figure and 67% off: not "rounded the wrong way"
        ("1", 0.123, None),
        ("1e3", 0.123, None),
        ("0.13", 0.123, "wrong_rounding"),
        ("1.0×10^(-3)", 0.00106, "wrong_rounding"),
    ],
)
def test_plain_numbers_wrongly_rounded_are_wrong(text, expected, mistake):
    v = grade(text, expected)
    assert v.outcome == "wrong" and v.correct is False and v.readable is True
    assert v.format_mistake == mistake and v.mistake is None, v.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.8", FIVE_SIXTHS),  # one figure that agrees so far
        ("0.8", 0.800001),  # just outside a relative millionth
        ("0.02", 0.0183),
        ("1e2", 100.4),
        ("1×10^-3", 0.0012),
        ("8%", 0.0833),
        ("-0.8", -FIVE_SIXTHS),
    ],
)
def test_plain_numbers_too_short_to_judge_are_asked_again(text, expected):
    v = grade(text, expected)
    assert v.outcome == "again" and v.correct is False and v.readable is False
    assert v.format_mistake == "too_few_figures" and v.value is not None
    assert "2 significant figures" in v.message and "2 位有效数字" in v.message_zh


def test_an_exact_form_is_correct_within_a_relative_millionth():
    assert grade("5/6", 0.8333333).correct  # the contract's own example
    assert grade("sqrt(6/(256+128))", 0.125).correct
    assert grade("1/3", 0.3333332).correct  # relative error 4e-7
    assert not grade("1/3", 0.33333).correct  # relative 1e-5: rounding does not apply to expressions
    assert not grade("5/6", 0.8334).correct


def test_anything_within_a_relative_millionth_is_correct_and_1e12_forgives_only_noise_around_0():
    assert grade("0.8", 0.8000007).correct  # one figure, but within 1e-6 relative
    assert not grade("0.8", 0.800001).correct
    assert grade("1e-13", 0.0).correct
    assert grade("-1e-12", 0.0).correct
    assert grade("1.5e-13", 1.5000001e-13).correct  # relative, however small
    assert grade("1/3 * 1e-14", float(Fraction(1, 3 * 10**14))).correct
    assert not grade("0", 1e-11).correct
    assert not grade("1e-9", 0.0).correct
    assert grade("0", 1e-13).outcome == "wrong"  # the floor is only for an expected 0
    assert grade("1e-13", 2e-13).outcome == "wrong"


def test_vectors_and_matrices_need_the_shape_and_every_element():
    assert grade("[0.1, 0.2, 0.7]", [0.1, 0.2, 0.7]).correct
    assert grade("0.10 0.20 0.70", [0.1, 0.2, 0.7]).correct
    assert grade("[0.33, 0.67]", [float(Fraction(1, 3)), float(Fraction(2, 3))]).correct
    assert grade("[[1, 2], [3, 4]]", [[1, 2], [3, 4]]).correct
    assert grade("1 2; 3 4", [[1, 2], [3, 4]]).correct
    assert not grade("[0.1, 0.2, 0.8]", [0.1, 0.2, 0.7]).correct
    assert not grade("[[1, 2], [4, 3]]", [[1, 2], [3, 4]]).correct
    assert not grade("[1, 2, 3, 4]", [[1, 2], [3, 4]]).correct
    assert not grade("[1]", 1.0).correct  # a list is not a number
    assert not grade("1", [1.0]).correct


def test_nan_and_infinity_are_correct_only_when_expected():
    assert grade("nan", math.nan).correct
    assert grade("inf", math.inf).correct
    assert grade("-∞", -math.inf).correct
    assert not grade("nan", 1.0).correct
    assert not grade("inf", 1e308).correct
    assert not grade("-inf", math.inf).correct
    assert not grade("1e308", math.inf).correct
    assert not grade("inf", math.nan).correct
    assert not grade("[1, nan]", [1.0, 2.0]).correct


def test_a_tolerance_replaces_the_whole_default_rule():
    assert grade("0.8", FIVE_SIXTHS, rtol=0.05).correct  # |0.033| ≤ 0.05·0.833
    assert grade("0.9", FIVE_SIXTHS, rtol=0.1).correct  # one figure and badly rounded, but within 10%
    assert not grade("0.8", FIVE_SIXTHS, atol=0.01).correct
    assert grade("0.8", FIVE_SIXTHS, atol=0.04).correct
    assert grade("0.8", FIVE_SIXTHS, rtol=0.01, atol=0.03).correct  # 0.0333 ≤ 0.03 + 0.00833
    assert not grade("0.83", FIVE_SIXTHS, rtol=1e-4).correct  # correctly rounded, but outside the card's band
    assert not grade("1e-13", 0.0, rtol=0.1).correct  # the missing atol counts as 0: no 1e-12 floor
    assert grade("0", 0.0, rtol=0.1).correct
    assert grade("[0.11, 0.19]", [0.1, 0.2], atol=0.011).correct
    assert not grade("[0.11, 0.18]", [0.1, 0.2], atol=0.011).correct
    assert grade("inf", math.inf, rtol=0.1).correct
    assert not grade("nan", 1.0, atol=1e9).correct


@pytest.mark.parametrize(
    "bad", [{"rtol": -0.1}, {"atol": math.nan}, {"rtol": math.inf}, {"atol": "0.1"}, {"atol": 10**400}, {"rtol": True}]
)
def test_a_meaningless_tolerance_is_an_error(bad):
    with pytest.raises(GradingError):
        grade("1", 1.0, **bad)


@pytest.mark.parametrize("bad", ["0.5", None, {"a": 1}, [1, "2"], True, 10**400, [1, -(10**400)]])
def test_an_expected_value_that_is_not_numbers_is_an_error(bad):
    with pytest.raises(GradingError, match="number"):
        grade("1", bad)


def test_a_ragged_expected_value_is_an_error_not_matched_by_its_flattening():
    with pytest.raises(GradingError, match="ragged"):
        grade("[[1, 2], 3]", [1, [2, 3]])
    with pytest.raises(GradingError, match="ragged"):
        grade("[1, 2]", [[1, 2], [3]])


def test_exact_expected_numbers_work():
    assert grade("0.83", Fraction(5, 6)).correct
    assert not grade("0.84", Fraction(5, 6)).correct
    assert grade("[0.5, 1]", [Decimal("0.5"), 1]).correct


def test_numpy_expected_values_work_and_verdicts_hold_python_types():
    v = grade("[0.5, 0.25]", np.array([0.5, 0.25]))
    assert v.correct is True and type(v.correct) is bool
    assert v.value == [0.5, 0.25] and all(type(x) is float for x in v.value)
    w = grade("0.5", np.float64(0.5))
    assert w.correct is True and type(w.value) is float
    assert isinstance(w, Verdict)
    assert grade("0.8", FIVE_SIXTHS, rtol=np.float32(0.05)).correct is True


# ------------------------------------------------------------------ messages and mistakes


def test_too_few_figures_under_a_card_tolerance_asks_for_more_digits_not_two():
    v = grade("0.83", FIVE_SIXTHS, rtol=1e-4)  # two figures already: the card wants more
    assert v.outcome == "wrong" and v.format_mistake == "too_few_figures"
    assert "2 significant figures" not in v.message
    assert "allows only ±0.01%: give more digits" in v.message, v.message
    assert "±0.01%" in v.message_zh and "2 位" not in v.message_zh
    w = grade("0.83", FIVE_SIXTHS, atol=5e-4)
    assert "allows only ±0.0005:" in w.message and "rtol" not in w.message and "atol" not in w.message
    both = grade("0.83", FIVE_SIXTHS, rtol=1e-4, atol=1e-4)
    assert "±(0.0001 + 0.01%)" in both.message, both.message
    assert "at least 2 significant figures" in grade("0.8", FIVE_SIXTHS).message


def test_a_wrong_answer_says_how_far_off():
    v = grade("1.12", 1.0)
    assert "off by 12%" in v.message and "too high" in v.message
    assert "12%" in v.message_zh
    w = grade("0.03", 0.0)
    assert "0.03" in w.message and "%" not in w.message  # the absolute difference when 0 is expected


@pytest.mark.parametrize(
    "text, expected, mistake, says",
    [
        ("83", 0.83, "percent_as_whole", "percentage"),
        ("83.3", FIVE_SIXTHS, "percent_as_whole", "percentage"),
        ("8", 0.0833, "percent_as_whole", "percentage"),  # 8% would be right so far
        ("0.83", 83.0, "fraction_as_percent", "percentage"),
        ("[0.1, 0.2]", [0.1, 0.2, 0.7], "wrong_length", "2 numbers but 3"),
        ("[1, 2, 3]", [[1, 2], [3, 4]], "wrong_shape", "2×2 matrix"),
        ("[[1, 2, 3], [4, 5, 6]]", [[1, 2], [3, 4], [5, 6]], "wrong_shape", "a 2×3 matrix but a 3×2 matrix"),
        ("0.84", FIVE_SIXTHS, "wrong_rounding", "rounded the wrong way"),
        ("0,5", 0.83, "decimal_comma", "a comma is used as the decimal point; even as 0.5 it is off by 40%"),
        ("1,000", 1.5, "decimal_comma", "even as 1.000 it is off by 33% (too low)"),
        ("2,000.5", 1000.5, "thousands_separator", "comma separates the thousands; even as 2000.5 it is off by 100%"),
        ("-0.83", 0.83, "sign_flipped", "sign"),
        ("[10, 20, 70]", [0.1, 0.2, 0.7], "percent_as_whole", "the others"),
    ],
)
def test_common_slips_are_named(text, expected, mistake, says):
    v = grade(text, expected)
    assert v.outcome == "wrong" and v.correct is False and v.readable is True
    assert v.format_mistake == mistake and mistake in MISTAKES and v.mistake is None
    assert says in v.message, v.message
    assert CJK.search(v.message_zh)


@pytest.mark.parametrize(
    "text, expected, says",
    [
        ("[0.5]", 0.5, "a list of 1 number but a single number"),
        ("0.5", [0.5], "a single number but a list of 1 number is"),
        ("[0.1]", [0.1, 0.2], "has 1 number but 2 are"),
        ("[0.1, 0.2]", [0.1], "has 2 numbers but 1 is"),
        ("[0.2]", [0.1], "1 of 1 element is wrong"),
        ("[0.1]", [0.1], "Correct: the only element matches"),
    ],
)
def test_counts_of_one_are_singular(text, expected, says):
    assert says in grade(text, expected).message


def test_a_comma_is_a_separator_when_a_vector_is_expected():
    v = grade("0,83", [0.0, 83.0])
    assert v.correct and v.value == [0.0, 83.0]


def test_the_wrong_element_of_a_vector_is_named():
    v = grade("[0.1, 0.25, 0.7]", [0.1, 0.2, 0.7])
    assert v.message.startswith("1 of 3 elements is wrong: element 2 (0.25) is off by 25% (too high)")
    m = grade("[[1, 2], [3, 5]]", [[1, 2], [3, 4]])
    assert "element [2, 2]" in m.message


@pytest.mark.parametrize(
    "text, expected, says",
    [("5/6", 0.8333333, "5/6"), ("0.83", FIVE_SIXTHS, "rounded"), ("[1, 2]", [1, 2], "all 2 elements")],
)
def test_a_correct_answer_says_what_was_accepted(text, expected, says):
    v = grade(text, expected)
    assert v.correct and v.message.startswith("Correct") and says in v.message
    assert v.message_zh.startswith("正确")


def test_messages_are_one_sentence_in_each_language():
    for text, expected in [("0.84", FIVE_SIXTHS), ("foo", 1.0), ("0.83", FIVE_SIXTHS), ("[1]", [1, 2])]:
        v = grade(text, expected)
        assert v.message.endswith(".") and "\n" not in v.message
        assert v.message_zh.endswith("。") and CJK.search(v.message_zh)
