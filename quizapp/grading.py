"""Judge a typed answer against the expected value (the rules: docs/grading.md).

    v = grade("5/6", 0.8333333)
    v.outcome, v.correct, v.value      # "correct", True, 0.8333333333333334
    v.text("zh"), v.message            # one sentence, in any language (``v.reason``, a Msg)
    v.format_mistake                   # a code from MISTAKES for a slip in how it was typed
    grade("0.8", 5 / 6).outcome        # "again": it agrees so far, but shows one figure
    outcome("0.8", 5 / 6)              # "again" too, without building the sentence (bulk checks)

The default rule: an answer within a relative 1e-6 of the expected value is correct
(an absolute 1e-12 only when the expected value is exactly 0). A plain number
(digits, optional sign, ``e``/``×10^`` exponent or ``%``) must show at least two
significant figures, or the card's ``min_decimals``/``min_sig``, to be judged; it is
then correct when it is the expected value rounded at its last typed digit. One that
shows fewer but agrees so far is asked again (outcome "again"), never marked wrong.
A card's ``rtol``/``atol`` replace the rule with |a − e| ≤ atol + rtol·|e|.

``grade`` never raises on what was typed: any text is read, refused as unreadable, or
judged. It raises ``GradingError`` only when ``expected`` or a tolerance is not
something an answer can be judged against (a defect in the caller, not in the answer).
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from quizapp.catalog import Msg, say
from quizapp.grading_parse import Answer, Number, Plain, Unreadable, parse_answer
from quizapp.verdict import AGAIN, CORRECT, WRONG, Verdict

MISTAKES = frozenset(
    {
        "too_few_figures",  # 0.8 for 0.8333 (asked again), or 0 for 8.9e-16 (wrong)
        "trailing_zeros",  # 1200 for 1235: the zeros claim digits it does not have
        "wrong_rounding",  # 0.84 for 0.8333: within one unit of the last digit, rounded wrongly
        "percent_as_whole",  # 83 for 0.83
        "fraction_as_percent",  # 0.83 where 83 (a percentage) is expected
        "sign_flipped",  # -0.83 for 0.83
        "decimal_comma",  # 0,83 for 0.83
        "thousands_separator",  # 1,000 for 1000
        "wrong_length",  # 2 numbers where 3 are expected
        "wrong_shape",  # a list for a number, a 3×2 matrix for a 2×3 one
    }
)
REL_TOL = 1e-6
ABS_FLOOR = 1e-12  # only when the expected value is exactly 0: forgives floating-point noise
DEFAULT_SIG = 2  # figures a plain number shows to be judged, unless the card says otherwise
_HALFWAY_NOISE = Decimal("1e-9")  # relative slack for the binary noise of a halfway value
_EXACT = Context(prec=80)  # for the distance between typed digits and a float


class GradingError(ValueError):
    """``expected``, a tolerance or a precision is not something an answer can be judged against."""


@dataclass(frozen=True)
class _Rule:
    """A card's tolerance: |a − e| ≤ atol + rtol·|e| (``None`` stands for the default rule)."""

    rtol: float = 0.0
    atol: float = 0.0


@dataclass(frozen=True)
class _Need:
    """How much a plain number must show to be judged."""

    decimals: int | None = None  # digits after the point, as typed
    sig: int | None = None  # significant figures

    def short(self, p: Plain) -> Msg | None:
        """What ``p`` fails to show ("2 significant figures"), or None when it shows enough."""
        if self.decimals is not None and p.decimals < self.decimals:
            return say("grading.n_decimals", count=self.decimals)
        if self.sig is not None and p.figures < self.sig:
            return say("grading.n_sig", count=self.sig)
        return None

    def reachable(self, p: Plain) -> bool:
        """More digits could make ``p`` show enough (a zero never shows a significant figure)."""
        return not (self.sig is not None and p.figures == 0)

    def shown(self, p: Plain) -> Msg:
        """What ``p`` shows, in the unit the card asks for."""
        if self.decimals is not None and self.sig is None:
            return say("grading.n_decimals", count=p.decimals)
        return say("grading.n_sig", count=p.figures)


@dataclass(frozen=True)
class _Mark:
    """One element's judgement: CORRECT, WRONG or AGAIN (with what it must show)."""

    outcome: str
    need: Msg | None = None


def grade(
    text: str,
    expected: Any,
    rtol: float | None = None,
    atol: float | None = None,
    *,
    min_decimals: int | None = None,
    min_sig: int | None = None,
) -> Verdict:
    """Read ``text`` and judge it against ``expected`` (a number or nested list)."""
    target, rule, need = _setup(expected, rtol, atol, min_decimals, min_sig)
    try:
        answer = parse_answer(text if isinstance(text, str) else str(text))
    except Unreadable as err:
        return Verdict(AGAIN, err.reason)
    return _judge(text, answer, target, rule, need, explain=True)


def outcome(
    text: str,
    expected: Any,
    rtol: float | None = None,
    atol: float | None = None,
    *,
    min_decimals: int | None = None,
    min_sig: int | None = None,
) -> str:
    """``grade(...).outcome`` ("correct", "wrong" or "again") without writing the
    sentence or naming the slip: for checking many answers at once (check-content)."""
    target, rule, need = _setup(expected, rtol, atol, min_decimals, min_sig)
    try:
        answer = parse_answer(text if isinstance(text, str) else str(text))
    except Unreadable:
        return AGAIN
    return _judge(text, answer, target, rule, need, explain=False)


def _setup(expected: Any, rtol: Any, atol: Any, min_decimals: Any, min_sig: Any) -> tuple[Any, _Rule | None, _Need]:
    target = _expected(expected)
    if _shape(target) is None:
        shown = _short(repr(expected))
        raise GradingError(f"expected must be a number or a regular (nested) list, not ragged like {shown}")
    rule = None if rtol is None and atol is None else _Rule(_tolerance("rtol", rtol), _tolerance("atol", atol))
    decimals = _precision("min_decimals", min_decimals, 0)
    sig = _precision("min_sig", min_sig, 1)
    if decimals is None and sig is None and rule is None:
        sig = DEFAULT_SIG
    return target, rule, _Need(decimals, sig)


def _judge(text: str, answer: Answer, target: Any, rule: _Rule | None, need: _Need, *, explain: bool) -> Any:
    """The Verdict (``explain``) or just its outcome."""
    value = _values(answer)
    got, want = _shape(answer), _shape(target)
    if got != want:
        if got is not None and want is not None and len(want) == 1 and got in ((want[0], 1), (1, want[0])):
            return _judge(text, _flat(answer), target, rule, need, explain=explain)  # a row or column is the vector
        v = _wrong_shape(text, answer, value, target, rule, need)
        return v if explain else v.outcome
    pairs = list(zip(_flat(answer), _flat(target)))
    marks = [_mark(n, e, rule, need) for n, e in pairs]
    if not explain:
        found = {m.outcome for m in marks}
        return WRONG if WRONG in found else AGAIN if AGAIN in found else CORRECT
    wrong = [(i, n, e) for i, ((n, e), m) in enumerate(zip(pairs, marks)) if m.outcome == WRONG]
    if wrong:
        return _wrong(answer, value, len(pairs), wrong, want, rule, need)
    again = [(i, n, m) for i, ((n, _), m) in enumerate(zip(pairs, marks)) if m.outcome == AGAIN]
    if again:
        return _again(answer, value, again, want)
    return Verdict(CORRECT, _accepted(answer, pairs, rule, need), value)


# ---------------------------------------------------------------- inputs


def _expected(x: Any) -> Any:
    if hasattr(x, "tolist"):  # numpy arrays and scalars, without importing numpy
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        return [_expected(v) for v in x]
    if isinstance(x, (numbers.Real, Decimal)) and not isinstance(x, bool):  # int, float, Fraction, Decimal
        try:
            return float(x)
        except OverflowError:
            shown = _short(repr(x))
            raise GradingError(f"expected must be a number within the range of a float, not {shown}") from None
    raise GradingError(f"expected must be a number or a (nested) list of numbers, not {_short(repr(x))}")


def _tolerance(name: str, x: float | None) -> float:
    if x is None:
        return 0.0
    try:
        value = math.nan if isinstance(x, bool) or not isinstance(x, numbers.Real) else float(x)
    except OverflowError:
        value = math.inf
    if not (value >= 0 and math.isfinite(value)):
        raise GradingError(f"{name} must be a finite number ≥ 0, not {_short(repr(x))}")
    return value


def _precision(name: str, x: int | None, lowest: int) -> int | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < lowest:
        raise GradingError(f"{name} must be a whole number ≥ {lowest}, not {_short(repr(x))}")
    return int(x)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- structure


def _values(a: Answer) -> Any:
    return a.value if isinstance(a, Number) else [_values(x) for x in a]


def _shape(x: Any) -> tuple | None:
    """() for a number, (n, ...) for a regular nested list, None when ragged."""
    if not isinstance(x, list):
        return ()
    inner = {_shape(v) for v in x}
    if len(inner) > 1 or None in inner:
        return None
    return (len(x), *(inner.pop() if inner else ()))


def _flat(x: Any) -> list:
    return [x] if not isinstance(x, list) else [v for item in x for v in _flat(item)]


def _where(i: int, shape: tuple) -> Msg:
    """Element ``i`` of the flattened ``shape`` as a reader would name it."""
    if len(shape) == 1:
        return say("grading.element_n", n=i + 1)
    place = []
    for size in reversed(shape):
        place.append(i % size + 1)
        i //= size
    return say("grading.element_at", at=", ".join(str(p) for p in reversed(place)))


def _describe(shape: tuple | None) -> Msg:
    if shape is None:
        return say("grading.shape_ragged")
    if shape == ():
        return say("grading.shape_number")
    if len(shape) == 1:
        return say("grading.shape_list", count=shape[0])
    return say("grading.shape_matrix", dims="×".join(str(n) for n in shape))


# ---------------------------------------------------------------- the rule


def _within(a: float, e: float, rule: _Rule | None) -> bool:
    if rule is not None:
        return abs(a - e) <= rule.atol + rule.rtol * abs(e)
    return abs(a - e) <= (REL_TOL * abs(e) if e != 0 else ABS_FLOOR)


def _mark(n: Number, e: float, rule: _Rule | None, need: _Need) -> _Mark:
    a = n.value
    if math.isnan(a) or math.isnan(e):
        return _Mark(CORRECT if math.isnan(a) and math.isnan(e) else WRONG)
    if math.isinf(a) or math.isinf(e):
        return _Mark(CORRECT if a == e else WRONG)
    within = _within(a, e, rule)
    p = n.plain
    if p is None or not _plain_places(p):  # an exact form: always judged
        return _Mark(CORRECT if within else WRONG)
    if within and rule is None:  # as good as exact, however few figures it shows
        return _Mark(CORRECT)
    short = need.short(p)
    if short is not None:
        if need.reachable(p) and _rounds_to(p, e):
            return _Mark(AGAIN, short)
        return _Mark(WRONG)
    if rule is not None:
        return _Mark(CORRECT if within else WRONG)
    return _Mark(CORRECT if _rounds_to(p, e) else WRONG)


def _rounds_to(p: Plain, e: float) -> bool:
    """``p`` is ``e`` rounded at ``p``'s last digit (a halfway ``e`` either way)."""
    if not _plain_places(p):
        return False
    return _distance(p, e) <= Decimal(5).scaleb(p.place - 1) + _HALFWAY_NOISE * abs(Decimal(e))


def _distance(p: Plain, e: float) -> Decimal:
    return _EXACT.subtract(p.digits, Decimal(e)).copy_abs()


def _plain_places(p: Plain) -> bool:
    return -400 <= p.place <= 400  # beyond that a float cannot hold the digits anyway


# ---------------------------------------------------------------- mistakes


def _mistake(n: Number, e: float, rule: _Rule | None, need: _Need) -> str | None:
    """The slip in how ``n`` was typed that explains why it is not ``e``, if there is one."""
    if not (math.isfinite(n.value) and math.isfinite(e)) or e == 0:
        return None
    p = n.plain
    if p is not None and _plain_places(p):
        if _rounds_to(p, e):
            return "too_few_figures"  # a zero where figures are needed, or too coarse for a tolerance
        if _trailing_zeros_hide_rounding(p, e):
            return "trailing_zeros"
        if p.figures >= 2 and _distance(p, e) < Decimal(1).scaleb(p.place) - _HALFWAY_NOISE * abs(Decimal(e)):
            return "wrong_rounding"  # a neighbour of the right rounding, not a value a whole unit off
    for factor, code in ((-2, "percent_as_whole"), (2, "fraction_as_percent")):
        if _mark(_scaled(n, factor), e, rule, need).outcome != WRONG:
            return code
    flipped = Number(-n.value, n.text, None if p is None else p.negated())
    return "sign_flipped" if _mark(flipped, e, rule, need).outcome != WRONG else None


def _trailing_zeros_hide_rounding(p: Plain, e: float) -> bool:
    digits = p.digits.as_tuple().digits
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if not zeros or p.figures - zeros < 2:
        return False
    return _rounds_to(Plain(p.digits, p.place + zeros, p.figures - zeros), e)


def _scaled(n: Number, power: int) -> Number:
    plain = None if n.plain is None else n.plain.scaled(power)
    return Number(n.value * 10.0**power, n.text, plain)


def _why(code: str, n: Number, e: float, rule: _Rule | None, need: _Need) -> Msg:
    if code == "too_few_figures":
        if rule is not None and not (n.plain is not None and n.plain.figures == 0 and need.sig is not None):
            return say("grading.why.too_coarse_for_tolerance", band=_band(rule, e))
        return say("grading.why.zero", need=say("grading.n_sig", count=need.sig or DEFAULT_SIG))
    return say(f"grading.why.{code}")


# ---------------------------------------------------------------- numbers in sentences

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _num(x: float, digits: int = 3) -> str:
    """``x`` as a person writes it: 0.0417, 8.33×10⁻⁵, −2.5."""
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return text.replace("-", "−", 1) if text.startswith("-") else text


def _percent(p: float) -> str:
    if p >= 10:
        return f"{p:,.0f}"
    if p >= 1:
        return f"{p:.1f}".rstrip("0").rstrip(".")
    return _num(p, 2)


def _band(rule: _Rule, e: float) -> Msg:
    """The card's tolerance as a person says it: ±0.0005, ±5%, or ±(0.01 + 1%)."""
    if rule.rtol == 0:
        return say("grading.band_abs", atol=_num(rule.atol))
    if rule.atol == 0:
        return say("grading.band_rel", pct=_percent(rule.rtol * 100))
    return say("grading.band_both", atol=_num(rule.atol), pct=_percent(rule.rtol * 100))


def _off(n: Number, e: float) -> tuple[Msg, float | None]:
    """How far ``n`` is from ``e`` ("off by 12% (too high)") and the distance itself:
    relative, or absolute when ``e`` is 0; None when either is not finite."""
    a = n.value
    if not math.isfinite(a) or not math.isfinite(e):
        return say("grading.not_finite" if math.isfinite(e) else "grading.not_the_answer"), None
    side = say("grading.too_high" if a > e else "grading.too_low")
    if e == 0:
        return say("grading.off_by_abs", diff=_num(abs(a)), side=side), abs(a)
    off = abs(a - e) / abs(e)
    return say("grading.off_by", pct=_percent(off * 100), side=side), off


def _read_as(p: Plain) -> str:
    """The value a plain number stands for, written out (``83%`` reads as 0.83)."""
    text = format(p.digits, "f")
    return text if len(text) <= 24 else _num(float(p.digits), 6)


# ---------------------------------------------------------------- verdicts


def _accepted(answer: Answer, pairs: list, rule: _Rule | None, need: _Need) -> Msg:
    if not isinstance(answer, Number):
        return say("grading.correct_all", count=len(pairs))
    n, e = pairs[0]
    shown = _short(n.text)
    if rule is not None and math.isfinite(e):
        return say("grading.correct_within", shown=shown, band=_band(rule, e))
    if n.plain is not None and not _within(n.value, e, None):
        return say("grading.correct_rounded", shown=shown, need=need.shown(n.plain))
    if n.plain is None and math.isfinite(n.value) and shown != _num(n.value, 6):
        return say("grading.correct_form", shown=shown, value=_num(n.value, 6))
    return say("grading.correct", shown=shown)


def _again(answer: Answer, value: Any, again: list, shape: tuple) -> Verdict:
    i, n, mark = again[0]
    shown = _short(n.text)
    if not isinstance(answer, Number):
        reason = say("grading.again_element", where=_where(i, shape), shown=shown, need=mark.need)
    else:
        read = _read_as(n.plain)
        if read == shown.strip().lstrip("+"):
            reason = say("grading.again", shown=shown, need=mark.need)
        else:
            reason = say("grading.again_read", shown=shown, value=read, need=mark.need)
    return Verdict(AGAIN, reason, value, format_mistake="too_few_figures")


def _wrong(answer: Answer, value: Any, total: int, wrong: list, shape: tuple, rule: _Rule | None,
           need: _Need) -> Verdict:
    codes = [_mistake(n, e, rule, need) for _, n, e in wrong]
    i, n, e = wrong[0]
    shown = _short(n.text)
    off, distance = _off(n, e)
    if isinstance(answer, Number):
        item = say("grading.item_number", shown=shown, off=off)
    else:
        key = "grading.item_first" if len(wrong) > 1 else "grading.item_element"
        item = say(key, where=_where(i, shape), shown=shown, off=off)
    if codes[0] is not None:
        item = say("grading.item_why", item=item, why=_why(codes[0], n, e, rule, need))
    if isinstance(answer, Number):
        return Verdict(WRONG, say("grading.wrong", item=item), value, off=distance, format_mistake=codes[0])
    same = len(wrong) > 1 and codes[0] is not None and len(set(codes)) == 1
    reason = say(
        "grading.wrong_elements",
        count=len(wrong),
        total=say("grading.n_elements", count=total),
        item=item,
        rest=say("grading.others_too") if same else "",
    )
    return Verdict(WRONG, reason, value, format_mistake=codes[0])


_COMMA_DECIMAL = re.compile(r"\s*[+\-−]?\d+[,，]\d+\s*")
_COMMA_THOUSANDS = re.compile(r"\s*[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*")


def _wrong_shape(text: str, answer: Answer, value: Any, target: Any, rule: _Rule | None, need: _Need) -> Verdict:
    got, want = _shape(answer), _shape(target)
    if want == ():
        comma = _comma(text.strip(), target, rule, need)
        if comma is not None:
            return comma
    if got is not None and len(got) == 1 and want is not None and len(want) == 1:
        reason = say("grading.wrong_length", got=say("grading.n_numbers", count=got[0]), count=want[0])
        return Verdict(WRONG, reason, value, format_mistake="wrong_length")
    reason = say("grading.wrong_shape", got=_describe(got), want=_describe(want))
    return Verdict(WRONG, reason, value, format_mistake="wrong_shape")


def _comma(text: str, e: float, rule: _Rule | None, need: _Need) -> Verdict | None:
    """``0,83`` or ``1,000`` for a number: asked again when the number meant is right
    (or right so far), wrong when it is not, with the comma named either way. None
    when the text is not one number with commas."""
    readings = []
    if _COMMA_THOUSANDS.fullmatch(text):
        readings.append(("thousands_separator", "thousands", text.replace(",", "")))
    if _COMMA_DECIMAL.fullmatch(text):
        readings.append(("decimal_comma", "decimal_comma", text.replace(",", ".").replace("，", ".")))
    answers = []
    for code, key, meant in readings:
        try:
            n = parse_answer(meant)
        except Unreadable:
            continue
        if isinstance(n, Number):
            answers.append((code, key, meant.strip(), n, _mark(n, e, rule, need)))
    if not answers:
        return None
    code, key, meant, n, mark = next((a for a in answers if a[4].outcome != WRONG), answers[-1])
    shown = _short(text)
    if mark.outcome == CORRECT:
        return Verdict(AGAIN, say(f"grading.{key}_again", shown=shown, meant=meant), n.value, format_mistake=code)
    if mark.outcome == AGAIN:
        reason = say(f"grading.{key}_again_short", shown=shown, meant=meant, need=mark.need)
        return Verdict(AGAIN, reason, n.value, format_mistake=code)
    off, distance = _off(n, e)
    reason = say(f"grading.{key}_wrong", shown=shown, meant=meant, off=off)
    return Verdict(WRONG, reason, n.value, off=distance, format_mistake=code)
