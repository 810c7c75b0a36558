"""Properties of ``grade`` over generated answers; expected values from ``fractions``
and ``decimal`` (exact arithmetic), never from the module under test."""

import math
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.grading import grade
from quizapp.verdict import Verdict

SETTINGS = settings(max_examples=80, deadline=None)

magnitudes = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
signed = st.builds(lambda x, neg: -x if neg else x, magnitudes, st.booleans())


def _figures(text: str) -> int:
    """Significant figures shown by a plain decimal (no exponent)."""
    return len(text.lstrip("+-").replace(".", "").lstrip("0"))


def _distance_is_clearly_more_than_half_a_unit(typed: str, x: float, place: int) -> bool:
    d = abs(Fraction(Decimal(typed)) - Fraction(x))
    half = Fraction(1, 2) * Fraction(10) ** place
    return d - half > Fraction(1, 10**7) * abs(Fraction(x)) and d > Fraction(1, 10**6) * abs(Fraction(x))


@SETTINGS
@given(signed, st.integers(min_value=2, max_value=12))
def test_a_float_correctly_rounded_to_two_or_more_figures_is_accepted(x, figures):
    text = format(x, f".{figures - 1}e")  # Python rounds the exact binary value correctly
    v = grade(text, x)
    assert v.correct, (text, x, v.message)


@SETTINGS
@given(signed, st.integers(min_value=0, max_value=9))
def test_fixed_point_rounding_at_any_place_is_accepted_when_it_shows_two_figures(x, decimals):
    text = f"{x:.{decimals}f}"
    assume(_figures(text) >= 2)
    assert grade(text, x).correct, (text, x)


@SETTINGS
@given(st.floats(min_value=1e-4, max_value=1.0), st.integers(min_value=0, max_value=4))
def test_a_correctly_rounded_percentage_is_accepted(x, decimals):
    pct = (Decimal(x) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = f"{pct}%"
    assume(_figures(str(pct)) >= 2)
    assert grade(text, x).correct, (text, x)


@SETTINGS
@given(signed, st.integers(min_value=2, max_value=6), st.sampled_from([-1, 1]))
def test_the_last_digit_changed_by_one_is_rejected(x, figures, delta):
    text = format(x, f".{figures - 1}e")
    mantissa, exponent = text.split("e")
    last = int(mantissa[-1]) + delta
    assume(0 <= last <= 9)
    changed = f"{mantissa[:-1]}{last}e{exponent}"
    place = int(exponent) - (figures - 1)
    assume(_distance_is_clearly_more_than_half_a_unit(changed, x, place))
    v = grade(changed, x)
    assert v.readable and not v.correct, (changed, x, v.message)


@SETTINGS
@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_fraction_is_accepted_for_its_value(p, q):
    expected = float(Fraction(p, q))
    v = grade(f"{p}/{q}", expected)
    assert v.correct, (p, q, v.message)
    assert math.isclose(v.value, expected, rel_tol=1e-12, abs_tol=1e-300)


@SETTINGS
@given(st.integers(min_value=1, max_value=10**4), st.integers(min_value=1, max_value=10**4))
def test_a_fraction_for_a_clearly_different_value_is_rejected(p, q):
    wrong = Fraction(p, q) * Fraction(1001, 1000)  # 0.1% off: more than the 1e-6 allowed
    assert not grade(f"{p}/{q}", float(wrong)).correct


def _render(node) -> str:
    if isinstance(node, int):
        return str(node)
    op, left, right, spaced = node
    sep = " " if spaced else ""
    return f"({_render(left)}{sep}{op}{sep}{_render(right)})"


def _value(node) -> Fraction:
    if isinstance(node, int):
        return Fraction(node)
    op, left, right, _ = node
    a, b = _value(left), _value(right)
    if op == "/":
        if b == 0:
            raise ZeroDivisionError
        return a / b
    return {"+": a + b, "-": a - b, "*": a * b}[op]


expressions = st.recursive(
    st.integers(min_value=0, max_value=20),
    lambda inner: st.tuples(st.sampled_from("+-*/"), inner, inner, st.booleans()),
    max_leaves=12,
)


@SETTINGS
@given(expressions)
def test_rational_arithmetic_is_read_as_its_exact_value(tree):
    try:
        exact = _value(tree)
    except ZeroDivisionError:
        assume(False)
    text = _render(tree)
    v = grade(text, float(exact))
    assert v.readable and v.correct, (text, exact, v.message)


@SETTINGS
@given(
    st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=1, max_size=8),
    st.sampled_from([", ", ",", " ", "  "]),
    st.booleans(),
)
def test_a_vector_typed_with_any_separator_is_read_element_by_element(xs, sep, brackets):
    text = sep.join(repr(x) for x in xs)  # repr round-trips the float exactly
    if brackets:
        text = f"[{text}]"
    assume(len(xs) > 1 or brackets)
    v = grade(text, xs)
    assert v.correct, (text, v.message)
    assert v.value == [float(x) for x in xs]


garbage = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="0123456789.+-*/^%()[],; eE×x⁻²√πinfatsqrlogp", max_size=300),
)


@SETTINGS
@given(garbage, st.one_of(st.floats(allow_nan=True), st.lists(st.floats(), max_size=3)))
def test_any_text_returns_a_verdict_and_never_raises(text, expected):
    v = grade(text, expected)
    assert isinstance(v, Verdict) and type(v.correct) is bool and type(v.readable) is bool
    assert v.message and v.message_zh
    if not v.readable:
        assert not v.correct
        # Revision 2: a number too coarse to judge (or typed with a decimal comma) is
        # asked again but keeps what it was read as; text not read at all has no value.
        assert (v.value is None) == (v.format_mistake is None), v
    else:
        assert v.value is not None


def _shown_figures(digits: str) -> int:
    return len(digits.replace(".", "").lstrip("0"))


@SETTINGS
@given(
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=7),
    st.booleans(),
    st.floats(min_value=-2, max_value=2),
    st.floats(min_value=-1e4, max_value=1e4),
)
def test_the_default_rule_for_plain_decimals_matches_the_contract(mantissa, decimals, percent, units, far):
    """A plain decimal is right iff within 1e-6 relative (1e-12 only when 0 is expected),
    or it shows two figures and is the expected value rounded at its last digit; it is
    asked again when it shows one figure and is that rounding; computed in Fractions."""
    digits = str(mantissa).rjust(decimals + 1, "0")
    digits = f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
    typed = Fraction(Decimal(digits)) / (100 if percent else 1)
    unit = Fraction(1, 10**decimals) / (100 if percent else 1)
    expected = float(typed + Fraction(units) * unit) if abs(units) < 1.9 else far  # mostly within two units
    e = Fraction(expected)
    gap = abs(typed - e)
    half = unit / 2
    assume(abs(gap - half) > Fraction(1, 10**8) * abs(e))  # binary noise at halfway: either way is allowed
    within = gap <= (Fraction(1, 10**6) * abs(e) if e else Fraction(1, 10**12))
    figures = _shown_figures(digits)
    if within or (figures >= 2 and gap < half):
        want = "correct"
    elif figures == 1 and gap < half:
        want = "again"  # agrees so far, but one figure is too few to judge
    else:
        want = "wrong"
    v = grade(digits + ("%" if percent else ""), expected)
    assert v.outcome == want, (digits, percent, expected, v.message)


@SETTINGS
@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=-2, max_value=2),
    st.one_of(st.none(), st.floats(min_value=0, max_value=2)),
    st.one_of(st.none(), st.floats(min_value=0, max_value=10)),
)
def test_a_tolerance_is_exactly_atol_plus_rtol_times_expected(expected, bands, rtol, atol):
    assume(rtol is not None or atol is not None)
    bound = Fraction(atol or 0) + Fraction(rtol or 0) * abs(Fraction(expected))
    answer = float(Fraction(expected) + Fraction(bands) * bound)  # within two bands either side
    gap = abs(Fraction(answer) - Fraction(expected))
    assume(abs(gap - bound) > Fraction(1, 10**9) * (1 + abs(Fraction(expected))))  # not on the float boundary
    v = grade(repr(answer), expected, rtol=rtol, atol=atol)
    assert v.correct is (gap <= bound), (answer, expected, rtol, atol, v.message)


literals = st.builds(
    lambda sign, whole, point, frac, exp, pad: f"{pad}{sign}{whole}{point}{frac}{exp}{pad}",
    st.sampled_from(["", "+", "-"]),
    st.text(alphabet="0123456789", max_size=12),
    st.sampled_from(["", "."]),
    st.text(alphabet="0123456789", max_size=12),
    st.one_of(st.just(""), st.builds(lambda e, s, d: f"{e}{s}{d}", st.sampled_from("eE"), st.sampled_from(["", "+", "-"]),
                                     st.text(alphabet="0123456789", min_size=1, max_size=8))),
    st.sampled_from(["", " ", "\t"]),
)


flat_lists = st.builds(
    lambda items, seps, brackets: ("[{}]" if brackets else "{}").format(
        "".join(x + (seps[i % len(seps)] if i < len(items) - 1 else "") for i, x in enumerate(items))
    ),
    st.lists(literals, min_size=1, max_size=6),
    st.lists(st.sampled_from([",", ", ", " ", "  ", " ,", " - ", "-", ",,", ";"]), min_size=1, max_size=3),
    st.booleans(),
)


def _reading(parse, text):
    from quizapp.grading_parse import Number, Unreadable

    def shown(a):
        return (repr(a.value), a.text, a.plain) if isinstance(a, Number) else [shown(x) for x in a]

    try:
        return shown(parse(text))
    except Unreadable as err:
        return ("unreadable", err.reason)


@settings(max_examples=300, deadline=None)
@given(st.one_of(literals, flat_lists))
def test_literals_and_flat_lists_read_the_same_with_or_without_the_full_parser(text):
    """parse_answer reads a signed literal, or a flat list of them, directly; the full
    parser must agree on the value, the text and the digits of every element."""
    from quizapp.grading_parse import _Parser, parse_answer

    assume(text.strip())  # nothing typed is refused before either reads it
    assert _reading(parse_answer, text) == _reading(lambda t: _Parser(t).answer(), text), text


@SETTINGS
@given(
    st.one_of(literals, st.text(alphabet="0123456789.,-+/*^%[] e", max_size=30)),
    st.one_of(st.floats(min_value=-1e6, max_value=1e6), st.lists(st.floats(min_value=-10, max_value=10), max_size=3)),
    st.sampled_from([{}, {"min_sig": 3}, {"min_decimals": 2}, {"rtol": 0.01}, {"atol": 1e-3, "min_sig": 4}]),
)
def test_outcome_is_grades_outcome_without_the_sentence(text, expected, kwargs):
    from quizapp.grading import outcome

    assert outcome(text, expected, **kwargs) == grade(text, expected, **kwargs).outcome
