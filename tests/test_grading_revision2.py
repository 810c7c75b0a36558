"""``grade``, revision 2 (docs/grading.md): too coarse is asked again, a card may
require more figures, the 1e-12 floor only for an expected 0, the decimal comma,
row and column vectors, sentences a person would say, and nothing ever raises.

Expected values come from ``fractions`` and ``math``, never from the module under test.
"""

import math
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import catalog
from quizapp.catalog import Msg
from quizapp.grading import GradingError, grade
from quizapp.verdict import Verdict

FIVE_SIXTHS = float(Fraction(5, 6))
CJK = re.compile(r"[\u4e00-\u9fff]")


# ------------------------------------------------------------------ too coarse is asked again


def test_too_coarse_is_asked_again_and_says_what_was_read_and_what_to_give():
    v = grade("0.8", FIVE_SIXTHS)
    assert (v.outcome, v.correct, v.readable, v.value) == ("again", False, False, 0.8)
    assert v.message == "0.8 agrees with the answer so far; give at least 2 significant figures."
    assert v.message_zh == "0.8 目前与答案相符；请至少保留 2 位有效数字。"
    w = grade("83%", FIVE_SIXTHS, min_sig=3)
    assert w.outcome == "again" and w.value == pytest.approx(0.83)
    assert w.message.startswith("83% reads as 0.83, which agrees with the answer so far")
    assert w.message.endswith("give at least 3 significant figures.")
    assert "即 0.83" in w.message_zh


def test_a_coarse_number_that_disagrees_at_its_own_precision_is_wrong():
    v = grade("0.9", FIVE_SIXTHS)
    assert v.outcome == "wrong" and v.readable and "off by 8% (too high)" in v.message
    assert grade("0.84", FIVE_SIXTHS, min_sig=4).outcome == "wrong"


@pytest.mark.parametrize(
    "text, kwargs, outcome",
    [
        ("0.833", {"min_decimals": 4}, "again"),
        ("0.8333", {"min_decimals": 4}, "correct"),
        ("0.83333", {"min_decimals": 4}, "correct"),
        ("83.33%", {"min_decimals": 2}, "correct"),  # a percent counts its own decimals
        ("83.3%", {"min_decimals": 2}, "again"),
        ("8.333e-1", {"min_decimals": 3}, "correct"),  # the digits after the point as typed
        ("8.333e-1", {"min_decimals": 4}, "again"),
        ("0.833", {"min_sig": 3}, "correct"),
        ("0.83", {"min_sig": 3}, "again"),
        ("83.3%", {"min_sig": 3}, "correct"),
        ("8.33×10^-1", {"min_sig": 3}, "correct"),
        ("8.3×10^-1", {"min_sig": 3}, "again"),
        ("5/6", {"min_sig": 8}, "correct"),  # an exact form is always judged
        ("5/6", {"min_decimals": 12}, "correct"),
        ("10/12", {"min_sig": 3}, "correct"),
        ("sqrt(25/36)", {"min_decimals": 6}, "correct"),
        ("0.8333", {"min_sig": 6}, "again"),
        ("0.8", {"min_decimals": 1}, "correct"),  # one decimal place is all this card asks for
        ("0.9", {"min_decimals": 1}, "wrong"),
    ],
)
def test_a_card_can_require_decimals_or_significant_figures(text, kwargs, outcome):
    v = grade(text, FIVE_SIXTHS, **kwargs)
    assert v.outcome == outcome, v.message


def test_a_required_precision_replaces_the_default_two_figures():
    assert grade("0.0004", 0.00042, min_decimals=4).correct  # one figure, but four decimals
    assert grade("0.0004", 0.00042).outcome == "again"
    assert grade("0.0000", 0.00004, min_decimals=4).correct  # right to four decimal places
    assert grade("0.0", 0.00004, min_decimals=4).outcome == "again"  # more zeros would get there
    assert grade("0.0", 0.00004).outcome == "wrong"  # no zeros ever show two significant figures
    v = grade("0.0004", 0.00042, min_decimals=4)
    assert "correctly rounded to 4 decimal places" in v.message and "4 位小数" in v.message_zh


def test_the_messages_name_decimals_or_figures_in_both_languages_with_singulars():
    one = grade("1", FIVE_SIXTHS, min_decimals=1)
    assert one.outcome == "again" and one.message.endswith("give at least 1 decimal place.")
    assert one.message_zh.endswith("请至少保留 1 位小数。")
    four = grade("0.83", FIVE_SIXTHS, min_decimals=4)
    assert four.message.endswith("give at least 4 decimal places.")


def test_within_a_relative_millionth_is_correct_however_few_figures_it_shows():
    assert grade("0.5", 0.5, min_decimals=4).correct
    assert grade("0.5", 0.5000004, min_sig=6).correct


@pytest.mark.parametrize("kwargs", [{"min_decimals": -1}, {"min_sig": 0}, {"min_sig": 2.5}, {"min_decimals": True}])
def test_a_meaningless_precision_is_an_error(kwargs):
    with pytest.raises(GradingError):
        grade("1", 1.0, **kwargs)


def test_a_vector_with_coarse_elements_is_asked_again_unless_one_is_wrong():
    v = grade("[0.1, 0.8, 0.7]", [0.1, FIVE_SIXTHS, 0.7])
    assert v.outcome == "again" and v.value == [0.1, 0.8, 0.7]
    assert v.message.startswith("element 2 (0.8) agrees with the answer so far")
    assert "每个元素" in v.message_zh
    w = grade("[0.1, 0.8, 0.6]", [0.1, FIVE_SIXTHS, 0.7])
    assert w.outcome == "wrong" and "element 3 (0.6)" in w.message


# ------------------------------------------------------------------ the 1e-12 floor


def test_the_absolute_floor_applies_only_when_zero_is_expected():
    v = grade("0", 8.9e-16)
    assert v.outcome == "wrong" and v.off == pytest.approx(1.0)
    assert grade("8.9e-16", 8.9e-16).correct
    assert grade("8.9/10^16", 8.9e-16 * (1 + 2e-6)).outcome == "wrong"  # purely relative, however small
    assert grade("1e-12", 0.0).correct and grade("-1e-12", 0.0).correct
    assert grade("2e-12", 0.0).outcome == "wrong"
    assert grade("1/3 * 1e-30", 1 / 3 * 1e-30).correct


# ------------------------------------------------------------------ the decimal comma


def test_a_decimal_comma_is_asked_again_when_its_value_would_be_right():
    v = grade("0,833", FIVE_SIXTHS)
    assert v.outcome == "again" and v.format_mistake == "decimal_comma" and v.value == 0.833
    assert v.message == "0,833 reads as 0.833, which agrees with the answer; type it with a point."
    assert "小数点" in v.message_zh
    assert grade("0，833", FIVE_SIXTHS).outcome == "again"  # a full-width comma too
    coarse = grade("0,8", FIVE_SIXTHS)
    assert coarse.outcome == "again" and "with a point and give at least 2 significant figures" in coarse.message


def test_a_decimal_comma_is_wrong_when_its_value_would_be_wrong_and_the_comma_is_named():
    v = grade("0,5", FIVE_SIXTHS)
    assert v.outcome == "wrong" and v.format_mistake == "decimal_comma"
    assert "a comma is used as the decimal point" in v.message and "off by 40% (too low)" in v.message
    assert v.off == pytest.approx(0.4)


def test_a_thousands_separator_is_named_the_same_way():
    v = grade("1,000", 1000.0)
    assert v.outcome == "again" and v.format_mistake == "thousands_separator"
    assert "type it without the comma" in v.message
    assert grade("1,000.5", 1000.5).outcome == "again"
    assert grade("1,000", 1.0).format_mistake == "decimal_comma"  # 1.000 is the reading that agrees


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99999))
def test_a_decimal_comma_is_never_correct(whole, frac):
    typed = f"{whole},{frac}"
    meant = float(f"{whole}.{frac}")
    for expected in (meant, meant * 1.5 + 1):
        assert grade(typed, expected).outcome != "correct", typed


# ------------------------------------------------------------------ shape


@pytest.mark.parametrize("text", ["[[1], [2], [3]]", "[[1, 2, 3]]", "[1; 2; 3]", "1; 2; 3"])
def test_a_row_or_column_matrix_is_judged_as_the_expected_vector(text):
    v = grade(text, [1.0, 2.0, 3.0])
    assert v.correct, v.message
    assert v.value == [1.0, 2.0, 3.0]


def test_a_row_or_column_is_judged_element_by_element():
    v = grade("[[1], [2], [4]]", [1.0, 2.0, 3.0])
    assert v.outcome == "wrong" and "element 3 (4) is off by 33% (too high)" in v.message
    assert grade("[[1, 0.8]]", [1.0, FIVE_SIXTHS]).outcome == "again"
    assert grade("[[1], [2]]", [1.0, 2.0, 3.0]).format_mistake == "wrong_shape"
    assert grade("[[1, 2], [3, 4]]", [1.0, 2.0, 3.0, 4.0]).format_mistake == "wrong_shape"


# ------------------------------------------------------------------ sentences


def test_a_tolerance_is_said_as_a_band_not_as_parameters():
    assert "within ±0.0005 of the answer" in grade("0.8335", FIVE_SIXTHS, atol=0.0005).message
    assert "within ±5% of the answer" in grade("0.8", FIVE_SIXTHS, rtol=0.05).message
    for kwargs in ({"atol": 0.0005}, {"rtol": 0.05}, {"rtol": 0.01, "atol": 0.001}):
        for text in ("0.8335", "0.5"):
            v = grade(text, FIVE_SIXTHS, **kwargs)
            assert "rtol" not in v.message + v.message_zh and "atol" not in v.message + v.message_zh


def test_how_far_off_is_said_as_a_person_would_and_kept_as_a_number():
    v = grade("1.12", 1.0)
    assert v.message == "1.12 is off by 12% (too high)."
    assert v.message_zh == "1.12 偏差 12%（偏大）。"
    assert v.off == pytest.approx(0.12)
    low = grade("0.5", 2.0)
    assert "off by 75% (too low)" in low.message and low.off == pytest.approx(0.75)
    zero = grade("0.03", 0.0)
    assert "off by 0.03 (too high)" in zero.message and zero.off == pytest.approx(0.03)
    assert grade("[1, 3]", [1.0, 2.0]).off is None  # only a scalar has one distance
    assert grade("0.84", FIVE_SIXTHS).off == pytest.approx(abs(0.84 - FIVE_SIXTHS) / FIVE_SIXTHS)


SAMPLES = [
    ("0.83", FIVE_SIXTHS, {}), ("0.8", FIVE_SIXTHS, {}), ("0.9", FIVE_SIXTHS, {}), ("0,833", FIVE_SIXTHS, {}),
    ("0,5", FIVE_SIXTHS, {}), ("5/6", FIVE_SIXTHS, {}), ("foo", 1.0, {}), ("[1, 2]", [1.0, 2.0, 3.0], {}),
    ("[1, 3]", [1.0, 2.0], {}), ("[[1, 2]]", [[1.0], [2.0]], {}), ("0.83", FIVE_SIXTHS, {"rtol": 1e-4}),
    ("0", 8.9e-16, {}), ("83", 0.83, {}), ("0.833", FIVE_SIXTHS, {"min_decimals": 4}), ("inf", 1.0, {}),
    ("1,000", 1000.0, {}), ("[0.1, 0.8]", [0.1, FIVE_SIXTHS], {}), ("0.8", FIVE_SIXTHS, {"rtol": 0.05}),
]  # fmt: skip


@pytest.mark.parametrize("text, expected, kwargs", SAMPLES)
def test_every_sentence_comes_from_the_catalog_in_both_languages(text, expected, kwargs):
    v = grade(text, expected, **kwargs)
    assert isinstance(v, Verdict) and isinstance(v.reason, Msg) and catalog.has(v.reason.key)
    assert v.mistake is None
    en, zh = v.text("en"), v.text("zh")
    assert en == v.message and zh == v.message_zh
    assert en.endswith(".") and zh.endswith("。") and CJK.search(zh) and not CJK.search(en)
    assert "\n" not in en + zh and "{" not in en + zh


# ------------------------------------------------------------------ nothing raises

HOSTILE = [
    "1.5*10^-3000000",
    "1.5×10^3000000",
    "1.5*10⁻⁹⁹⁹⁹⁹⁹",
    "1" + "⁰" * 5_000,
    "1" + "⁻" + "⁰" * 5_000 + "³",
    "1" * 20_000,
    "1" * 9_999,
    "1" * 9_999 + "x",  # a run of digits that is not quite a number
    "1" * 5_000 + "." + "1" * 4_000 + "e",
    "1 " * 4_999 + "x",
    "[" + "1, " * 3_000 + "1",
    "0." + "0" * 9_000 + "1",
    "1" + "0" * 9_000 + "%",
    "(" * 5_000 + "1" + ")" * 5_000,
    "[" * 5_000 + "1" + "]" * 5_000,
    "-" * 9_999 + "1",
    "1e-" + "0" * 9_000 + "5",
    "1" * 400 + "e-400",
    "9" * 308 + ".9e-400",
    "10^10^10^10",
    "x" * 10_000,
    ",".join(["1"] * 4_000),
    "1," + "000," * 2_000 + "000",
    "0," + "5" * 9_000,
    "\x00\ud800\U0010ffff",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
@pytest.mark.parametrize("expected", [1.0, 0.0, 8.9e-16, [1.0, 2.0], math.inf])
def test_hostile_text_is_read_refused_or_judged_never_raised(text, expected):
    # How long these take (well under 0.5 s each) is measured in benchmarks/grading.py.
    v = grade(text, expected)
    assert v.outcome in ("correct", "wrong", "again") and v.message and v.message_zh


_ANSWER_CHARS = "0123456789⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺.,，eE×x^*/()[]%;+-− πinfsqrtlogexpa"
_RUNS = ["9", "0", "1", "⁰", "⁹", "⁻", "(", "[", "2^", "-", "1e", "10^-", "sqrt(", ",", "0,", "1.", "e9"]

any_text = st.one_of(
    st.text(max_size=500),
    st.text(alphabet=_ANSWER_CHARS, max_size=2_000),
    st.builds(
        lambda head, run, n, tail: head + run * n + tail,
        st.text(alphabet=_ANSWER_CHARS, max_size=20),
        st.sampled_from(_RUNS),
        st.integers(min_value=1, max_value=6_000),
        st.text(alphabet=_ANSWER_CHARS, max_size=20),
    ),
)
expected_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=4),
    st.just(0.0),
    st.just(8.9e-16),
)
precisions = st.fixed_dictionaries(
    {},
    optional={
        "min_decimals": st.integers(min_value=0, max_value=12),
        "min_sig": st.integers(min_value=1, max_value=15),
        "rtol": st.floats(min_value=0, max_value=1),
        "atol": st.floats(min_value=0, max_value=1),
    },
)


@settings(max_examples=150, deadline=None)
@given(any_text, expected_values, precisions)
def test_grade_never_raises_on_any_text(text, expected, kwargs):
    v = grade(text, expected, **kwargs)
    assert isinstance(v, Verdict) and isinstance(v.reason, Msg)
    assert v.message and v.message_zh
    if v.correct:
        assert v.readable and v.value is not None
    if v.outcome == "wrong":
        assert v.value is not None
