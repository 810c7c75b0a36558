"""Judge a typed answer against the expected value (see grading-contract.md).

    v = grade("5/6", 0.8333333)
    v.correct, v.readable, v.value     # True, True, 0.8333333333333334
    v.message, v.message_zh            # one sentence each, English and Chinese
    v.mistake                          # a code from MISTAKES, or None

The default rule: a plain number (digits, optional sign, ``e``/``×10^`` exponent or
``%``) is correct when it is the expected value rounded at its last typed digit and
shows at least two significant figures; anything within a relative 1e-6 is correct.
A card's ``rtol``/``atol`` replace that rule with |a − e| ≤ atol + rtol·|e|.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any, Optional

from quizapp.grading_parse import Answer, Number, Plain, Unreadable, parse_answer

MISTAKES = frozenset(
    {
        "too_few_figures",  # 0.8 for 0.8333: right, but one significant figure
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
ABS_FLOOR = 1e-12  # forgives floating-point noise around 0 only
_HALFWAY_NOISE = Decimal("1e-9")  # relative slack for the binary noise of a halfway value


class GradingError(ValueError):
    """``expected``, ``rtol`` or ``atol`` is not something an answer can be judged against."""


@dataclass(frozen=True)
class Verdict:
    correct: bool
    readable: bool
    value: Any  # float or nested list of floats; None when unreadable
    message: str  # one English sentence
    message_zh: str  # the same in Chinese
    mistake: Optional[str] = None  # one of MISTAKES


@dataclass(frozen=True)
class _Rule:
    """A card's tolerance: |a − e| ≤ atol + rtol·|e| (``None`` stands for the default rule)."""

    rtol: float = 0.0
    atol: float = 0.0


def grade(text: str, expected: Any, rtol: float | None = None, atol: float | None = None) -> Verdict:
    """Read ``text`` and judge it against ``expected`` (a number or nested list)."""
    target = _expected(expected)
    if _shape(target) is None:
        shown = _short(repr(expected))
        raise GradingError(f"expected must be a number or a regular (nested) list, not ragged like {shown}")
    rule = None if rtol is None and atol is None else _Rule(_tolerance("rtol", rtol), _tolerance("atol", atol))
    try:
        answer = parse_answer(text)
    except Unreadable as err:
        return Verdict(False, False, None, err.en, err.zh)
    value = _values(answer)
    if _shape(answer) != _shape(target):
        return _wrong_shape(text, answer, value, target, rule)
    pairs = list(zip(_flat(answer), _flat(target)))
    wrong = [(i, n, e) for i, (n, e) in enumerate(pairs) if not _correct(n, e, rule)]
    if not wrong:
        en, zh = _accepted(answer, pairs, rule)
        return Verdict(True, True, value, en, zh)
    return _wrong(answer, value, len(pairs), wrong, _shape(target), rule)


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


def _index(i: int, shape: tuple) -> tuple[str, str]:
    """Element ``i`` of the flattened ``shape`` as a reader would name it."""
    if len(shape) == 1:
        return f"element {i + 1}", f"第 {i + 1} 个元素"
    place = []
    for size in reversed(shape):
        place.append(i % size + 1)
        i //= size
    at = ", ".join(str(p) for p in reversed(place))
    return f"element [{at}]", f"位置 [{at}] 的元素"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _describe(shape: tuple | None) -> tuple[str, str]:
    if shape is None:
        return "a ragged list", "长短不一的列表"
    if shape == ():
        return "a single number", "一个数"
    if len(shape) == 1:
        return f"a list of {_count(shape[0], 'number')}", f"由 {shape[0]} 个数组成的列表"
    dims = "×".join(str(n) for n in shape)
    return f"a {dims} matrix", f"一个 {dims} 矩阵"


# ---------------------------------------------------------------- the rule


def _correct(n: Number, e: float, rule: _Rule | None) -> bool:
    a = n.value
    if math.isnan(a) or math.isnan(e):
        return math.isnan(a) and math.isnan(e)
    if math.isinf(a) or math.isinf(e):
        return a == e
    if rule is not None:
        return abs(a - e) <= rule.atol + rule.rtol * abs(e)
    if abs(a - e) <= max(REL_TOL * abs(e), ABS_FLOOR):
        return True
    return n.plain is not None and n.plain.figures >= 2 and _rounds_to(n.plain, e)


def _rounds_to(p: Plain, e: float) -> bool:
    """``p`` is ``e`` rounded at ``p``'s last digit (a halfway ``e`` either way)."""
    if not _plain_places(p):
        return False
    return _distance(p, e) <= Decimal(5).scaleb(p.place - 1) + _HALFWAY_NOISE * abs(Decimal(e))


def _distance(p: Plain, e: float) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 80
        return abs(p.digits - Decimal(e))


def _plain_places(p: Plain) -> bool:
    return -400 <= p.place <= 400  # beyond that a float cannot hold the digits anyway


# ---------------------------------------------------------------- mistakes


def _mistake(n: Number, e: float, rule: _Rule | None) -> str | None:
    """The common mistake that explains why ``n`` is not ``e``, if there is one."""
    if not (math.isfinite(n.value) and math.isfinite(e)) or e == 0:
        return None
    p = n.plain
    if p is not None and _plain_places(p):
        if _rounds_to(p, e):
            return "too_few_figures"
        if _trailing_zeros_hide_rounding(p, e):
            return "trailing_zeros"
        if p.figures >= 2 and _distance(p, e) < Decimal(1).scaleb(p.place) - _HALFWAY_NOISE * abs(Decimal(e)):
            return "wrong_rounding"  # a neighbour of the right rounding, not a value a whole unit off
    for factor, code in ((-2, "percent_as_whole"), (2, "fraction_as_percent")):
        if _correct(_scaled(n, factor), e, rule):
            return code
    flipped = Number(-n.value, n.text, None if p is None else Plain(-p.digits, p.place, p.figures))
    return "sign_flipped" if _correct(flipped, e, rule) else None


def _trailing_zeros_hide_rounding(p: Plain, e: float) -> bool:
    digits = p.digits.as_tuple().digits
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if not zeros or p.figures - zeros < 2:
        return False
    return _rounds_to(Plain(p.digits, p.place + zeros, p.figures - zeros), e)


def _scaled(n: Number, power: int) -> Number:
    plain = None if n.plain is None else n.plain.scaled(power)
    return Number(n.value * 10.0**power, n.text, plain)


_PHRASES = {
    "too_few_figures": (
        "it is rounded to too few figures: show at least two significant figures",
        "保留的有效数字太少：至少要写两位有效数字",
    ),
    "trailing_zeros": (
        "its trailing zeros count as significant figures, so it claims more precision than it has",
        "末尾的 0 也算有效数字，这样写声称的精度超过了实际",
    ),
    "wrong_rounding": (
        "it is rounded the wrong way at its last digit",
        "最后一位舍入错了",
    ),
    "percent_as_whole": (
        "it looks like a percentage typed as a whole number: write it as a fraction or add %",
        "像是把百分数当成了整数：请写成小数，或者加上 %",
    ),
    "fraction_as_percent": (
        "it looks like a fraction where a percentage is expected: multiply by 100",
        "像是在要求百分数的地方写了小数：请乘以 100",
    ),
    "sign_flipped": ("its sign is flipped", "正负号反了"),
}
_TOO_FEW_FOR_TOLERANCE = (  # a card's tolerance can ask for more than two figures
    "it is rounded to too few figures for this card's tolerance: show more digits",
    "按这张卡片的误差要求，保留的有效数字太少：请多写几位",
)


# ---------------------------------------------------------------- messages


def _accepted(answer: Answer, pairs: list, rule: _Rule | None) -> tuple[str, str]:
    if not isinstance(answer, Number):
        matched = "the only element matches" if len(pairs) == 1 else f"all {len(pairs)} elements match"
        return f"Correct: {matched}.", f"正确：全部 {len(pairs)} 个元素都对。"
    n, e = pairs[0]
    shown = _short(n.text)
    if rule is not None and math.isfinite(e):
        return (
            f"Correct: {shown} is within the allowed tolerance (rtol {rule.rtol:g}, atol {rule.atol:g}).",
            f"正确：{shown} 在允许的误差范围内（rtol {rule.rtol:g}，atol {rule.atol:g}）。",
        )
    if n.plain is not None and not abs(n.value - e) <= max(REL_TOL * abs(e), ABS_FLOOR):
        figs = n.plain.figures
        return (
            f"Correct: {shown} is the expected value correctly rounded to {figs} significant figures.",
            f"正确：{shown} 是期望值正确舍入到 {figs} 位有效数字的结果。",
        )
    if n.plain is None and _short(n.text) != f"{n.value:g}" and math.isfinite(n.value):
        return (
            f"Correct: {shown} = {n.value:.6g} matches the expected value.",
            f"正确：{shown} = {n.value:.6g}，与期望值一致。",
        )
    return f"Correct: {shown} matches the expected value.", f"正确：{shown} 与期望值一致。"


def _off(n: Number, e: float) -> tuple[str, str]:
    """How far ``n`` is from ``e``, to follow "is": "off by 12% (too high)", and its Chinese."""
    a = n.value
    if not math.isfinite(a) or not math.isfinite(e):
        if math.isfinite(e):
            return "not a finite number, but the expected value is", "不是有限数，而期望值是有限数"
        return "not the expected value", "不是期望值"
    high, high_zh = ("too high", "偏大") if a > e else ("too low", "偏小")
    if e == 0:
        return f"off by {abs(a):.3g} ({high})", f"相差 {abs(a):.3g}（{high_zh}）"
    pct = _percent(abs(a - e) / abs(e) * 100)
    return f"off by {pct}% ({high})", f"偏差 {pct}%（{high_zh}）"


def _percent(p: float) -> str:
    if p >= 10:
        return f"{p:,.0f}"
    if p >= 1:
        return f"{p:.1f}".rstrip("0").rstrip(".")
    return f"{p:.2g}"


def _sentence(subject: tuple[str, str], n: Number, e: float, code: str | None, rule: _Rule | None) -> tuple[str, str]:
    off_en, off_zh = _off(n, e)
    en, zh = f"{subject[0]} is {off_en}", f"{subject[1]}{off_zh}"
    if code is not None:
        phrase = _TOO_FEW_FOR_TOLERANCE if code == "too_few_figures" and rule is not None else _PHRASES[code]
        en, zh = f"{en} — {phrase[0]}", f"{zh}——{phrase[1]}"
    return en, zh


def _wrong(answer: Answer, value: Any, total: int, wrong: list, shape: tuple, rule: _Rule | None) -> Verdict:
    codes = [_mistake(n, e, rule) for _, n, e in wrong]
    i, n, e = wrong[0]
    shown = _short(n.text)
    if isinstance(answer, Number):
        en, zh = _sentence((shown, shown + " "), n, e, codes[0], rule)
        return Verdict(False, True, value, en + ".", zh + "。", codes[0])
    where_en, where_zh = _index(i, shape)
    subject = (f"{where_en} ({shown}){',' if len(wrong) > 1 else ''}", f"{where_zh}（{shown}）")
    en, zh = _sentence(subject, n, e, codes[0], rule)
    head_en = f"{len(wrong)} of {_count(total, 'element')} {'is' if len(wrong) == 1 else 'are'} wrong"
    head_zh = f"{total} 个元素中有 {len(wrong)} 个不对"
    same = len(wrong) > 1 and codes[0] is not None and len(set(codes)) == 1
    tail_en, tail_zh = (" (and so do the others)", "（其余错的也是如此）") if same else ("", "")
    lead = "the first, " if len(wrong) > 1 else ""
    return Verdict(
        False, True, value, f"{head_en}: {lead}{en}{tail_en}.", f"{head_zh}：{zh}{tail_zh}。", codes[0]
    )


_COMMA_DECIMAL = re.compile(r"\s*[+\-−]?\d+[,，]\d+\s*")
_COMMA_THOUSANDS = re.compile(r"\s*[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*")


def _wrong_shape(text: str, answer: Answer, value: Any, target: Any, rule: _Rule | None) -> Verdict:
    got, want = _shape(answer), _shape(target)
    comma = _comma(text.strip(), value, target, rule) if want == () else None
    if comma is not None:
        return comma
    if got is not None and len(got) == 1 and want is not None and len(want) == 1:
        return Verdict(
            False,
            True,
            value,
            f"The answer has {_count(got[0], 'number')} but {want[0]} {'is' if want[0] == 1 else 'are'} expected.",
            f"答案有 {got[0]} 个数，但应当是 {want[0]} 个。",
            "wrong_length",
        )
    (got_en, got_zh), (want_en, want_zh) = _describe(got), _describe(want)
    return Verdict(
        False,
        True,
        value,
        f"The answer is {got_en} but {want_en} is expected.",
        f"答案是{got_zh}，但应当是{want_zh}。",
        "wrong_shape",
    )


def _comma(text: str, value: Any, e: float, rule: _Rule | None) -> Verdict | None:
    """``0,83`` or ``1,000`` for a number: say which comma it was, and whether the
    number meant is right. None when the text is not one number with commas."""
    readings = []
    if _COMMA_THOUSANDS.fullmatch(text):
        readings.append(("thousands_separator", text.replace(",", "")))
    if _COMMA_DECIMAL.fullmatch(text):
        readings.append(("decimal_comma", text.replace(",", ".").replace("，", ".")))
    answers = []
    for code, meant in readings:
        try:
            answers.append((code, meant, parse_answer(meant)))
        except Unreadable:
            continue
    if not answers:
        return None
    code, meant, n = next(((c, m, a) for c, m, a in answers if _correct(a, e, rule)), answers[-1])
    why_en, why_zh = {
        "decimal_comma": ("a comma is used as the decimal point", "用逗号当了小数点"),
        "thousands_separator": ("a comma separates the thousands", "用逗号分隔了千位"),
    }[code]
    if _correct(n, e, rule):
        tail_en, tail_zh = "which is right", "这样写就对了"
    else:
        off_en, off_zh = _off(n, e)
        tail_en, tail_zh = f"which is still {off_en}", f"但它仍然{off_zh}"
    return Verdict(
        False,
        True,
        value,
        f"'{text}' reads as two numbers because {why_en} — write {meant}, {tail_en}.",
        f"“{text}”被读成了两个数，因为{why_zh}——请写成 {meant}，{tail_zh}。",
        code,
    )
