"""Read a typed answer: a small tokenizer and recursive-descent parser.

Only numbers, ``+ - * / ^ **``, ``%``, superscript powers, parentheses, the
functions in ``FUNCTIONS``, the constants ``pi``/``e``/``inf``/``nan`` and lists in
``[..]`` (or separated by commas, spaces and ``;``) are understood; nothing is ever
executed. Values are computed as the text is parsed, in floats (so ``9^9^9`` fails
at once with an OverflowError instead of building a huge integer), and every
element remembers whether it was typed as a *plain* number and, if so, its exact
decimal digits: the grader's rounding rule needs them.

``parse_answer`` is the entry point; it raises ``Unreadable`` whose ``reason`` is a
catalog ``Msg`` saying what could not be read (docs/grading.md lists what is read).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, NamedTuple, Union

from quizapp.catalog import Msg, say

MAX_LENGTH = 10_000
MAX_DEPTH = 40  # nested brackets, parentheses, calls and powers
_MAX_EXPONENT_DIGITS = 6  # a longer exponent is beyond any float (and beyond Decimal's range)
MAX_PLACE = 400  # a plain number's last digit beyond 10^±400 cannot be told apart in a float

FUNCTIONS: dict[str, Callable[[float], float]] = {
    "sqrt": math.sqrt,
    "exp": math.exp,
    "ln": math.log,
    "log": math.log,
    "log10": math.log10,
    "log2": math.log2,
    "abs": math.fabs,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
}
CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e, "inf": math.inf, "infinity": math.inf, "∞": math.inf, "nan": math.nan}


class Unreadable(Exception):
    """The text cannot be read as an answer; ``reason`` (a ``Msg``) says why."""

    def __init__(self, reason: Msg):
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class Plain:
    """A number typed as digits: its exact value, the power of ten of its last typed
    digit, how many significant figures it shows and how many digits it shows after
    the point as typed (``83.3%`` shows one, ``8.333e-1`` three)."""

    digits: Decimal
    place: int
    figures: int
    decimals: int = 0

    def scaled(self, power: int) -> Plain | None:
        """The same digits times 10^power (None when that is beyond any float)."""
        if abs(self.place + power) > MAX_PLACE or abs(power) > 2 * MAX_PLACE:
            return None
        return Plain(self.digits.scaleb(power), self.place + power, self.figures, self.decimals)

    def negated(self) -> Plain:
        return Plain(-self.digits, self.place, self.figures, self.decimals)


@dataclass(frozen=True)
class Number:
    """One element of an answer: its value, the text it was typed as, and its
    ``Plain`` form when it was typed as a plain number (else None: an exact form)."""

    value: float
    text: str
    plain: Plain | None


Answer = Union[Number, list]  # a Number or a (nested) list of them

# ---------------------------------------------------------------- tokens

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TABLE = str.maketrans({**{c: str(i) for i, c in enumerate(_SUPERSCRIPTS)}, "⁺": "+", "⁻": "-"})


def _normal_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
    for c in (0x3000, 0x00A0, 0x2009, 0x200A, 0x202F, 0x205F, *range(0x2000, 0x2009)):
        table[c] = " "
    for c in "−‒–﹣":
        table[ord(c)] = "-"
    for c in "×⋅·✕∗":
        table[ord(c)] = "*"
    for c in "÷∕":
        table[ord(c)] = "/"
    return table  # one character for one, so positions in the typed text still hold


_NORMAL = _normal_table()
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | (?P<sup>[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
      | (?P<name>[A-Za-z_][A-Za-z_0-9]*|[π∞])
      | (?P<op>\*\*|[-+*/^%(),;\[\]√])""",
    re.VERBOSE,
)
_NUM_PARTS = re.compile(r"([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")


class _Tok(NamedTuple):
    kind: str  # num, sup, name, op, bad (a character no token starts with), end
    text: str
    pos: int
    space: bool  # whitespace right before it

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops

    @property
    def ends_operand(self) -> bool:
        return self.kind in ("num", "sup", "name") or self.is_op(")", "]", "%")

    @property
    def starts_operand(self) -> bool:
        return self.kind in ("num", "name") or self.is_op("(", "[", "√")


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos, space = 0, False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # reported when the parser reaches it, so earlier faults come first
            toks.append(_Tok("bad", text[pos], pos, space))
            pos, space = pos + 1, False
            continue
        kind, word = m.lastgroup or "", m.group()
        if kind == "ws":
            pos, space = m.end(), True
            continue
        if kind == "name" and word[0] in "xX" and (word[1:].isdigit() or len(word) == 1):
            if toks and toks[-1].ends_operand:  # 1x10^-3, 2 x 3: x is a times sign
                toks.append(_Tok("op", "*", pos, space))
                pos, space = pos + 1, False
                continue
        toks.append(_Tok(kind, "^" if word == "**" else word, pos, space))
        pos, space = m.end(), False
    toks.append(_Tok("end", "", len(text), space))
    return toks


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class _Val:
    """A value being parsed, with what the plain-number rule needs to know: ``lit``
    for a bare (signed) literal, ``pow10`` for ``10^n``, ``plain`` once complete."""

    value: float
    lit: Plain | None = None
    lit_text: str = ""
    pow10: int | None = None
    plain: Plain | None = None


def _literal(text: str) -> _Val:
    value = float(text)
    if math.isinf(value):
        raise _too_large(text)
    whole, frac, exp = _NUM_PARTS.fullmatch(text).groups()  # type: ignore[union-attr]
    exp_digits = (exp or "").lstrip("+-").lstrip("0") or "0"
    if len(exp_digits) > _MAX_EXPONENT_DIGITS:
        return _Val(value)  # 1e-99999999 underflows to 0; its digits cannot be held or compared
    frac = frac or ""
    significant = (whole + frac).lstrip("0")
    place = (-1 if exp and exp[0] == "-" else 1) * int(exp_digits) - len(frac)
    if abs(place) > MAX_PLACE:
        return _Val(value)  # 0.000…01 with 500 zeros: no float holds that digit
    return _Val(value, lit=Plain(Decimal(text), place, len(significant), len(frac)), lit_text=text)


def _too_large(what: str) -> Unreadable:
    return Unreadable(say("grading.too_large", text=_clip(what)))


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _arith(op: str, a: float, b: float, where: Callable[[], str]) -> float:
    """``a op b``; ``where()`` gives the text for a message (computed only on failure)."""
    try:
        if op == "+":
            r = a + b
        elif op == "-":
            r = a - b
        elif op == "*":
            r = a * b
        elif op == "/":
            if b == 0:
                raise Unreadable(say("grading.divides_by_zero", text=_clip(where())))
            r = a / b
        else:
            r = math.pow(a, b)
    except OverflowError:
        raise _too_large(where()) from None
    except ValueError:
        raise Unreadable(say("grading.power_undefined", text=_clip(where()))) from None
    if math.isinf(r) and math.isfinite(a) and math.isfinite(b):
        raise _too_large(where())
    return r


def _call(name: str, x: float, shown: str) -> float:
    try:
        return FUNCTIONS[name](x)
    except OverflowError:
        raise _too_large(shown) from None
    except ValueError:
        raise Unreadable(say("grading.outside_domain", text=_clip(shown), name=name)) from None


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, typed: str):
        self.text = re.sub(r"\s", " ", typed)  # for one-line messages; tokens come from the normal form
        self.toks = _tokenize(typed.translate(_NORMAL))
        self.i = 0
        self.open: list[_Tok] = []  # brackets, calls and powers being parsed

    def peek(self, ahead: int = 0) -> _Tok:
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def span(self, start: _Tok) -> str:
        end = self.toks[self.i - 1]
        return self.text[start.pos : end.pos + len(end.text)].strip()

    def enter(self, opened: _Tok) -> None:
        self.open.append(opened)
        if len(self.open) > MAX_DEPTH:
            raise Unreadable(say("grading.too_deep", depth=MAX_DEPTH))

    def leave(self) -> None:
        self.open.pop()

    def unexpected(self, tok: _Tok) -> Unreadable:
        at = tok.pos + 1
        prev = self.toks[self.i - 1] if self.i else None
        after_value = prev is not None and prev.ends_operand
        if tok.kind == "end":
            return Unreadable(say("grading.ends_early"))
        if tok.kind in ("bad", "sup"):
            shown = tok.text if tok.text.isprintable() else f"U+{ord(tok.text):04X}"
            return Unreadable(say("grading.unknown_character", char=shown, pos=at))
        if tok.starts_operand and prev is not None and prev.ends_operand:
            seen = self.text[prev.pos : tok.pos + len(tok.text)]
            return Unreadable(say("grading.no_operator", text=_clip(seen)))
        if tok.is_op(")", "]") and after_value:
            return Unreadable(say("grading.unmatched", bracket=tok.text, pos=at))
        brackets = [t.text for t in self.open if t.text in "(["]
        if tok.is_op(",") and brackets and brackets[-1] == "(":
            return Unreadable(say("grading.comma_in_parentheses", pos=at))
        return Unreadable(say("grading.number_missing", pos=at, text=_clip(tok.text)))

    def expect(self, op: str, opened: _Tok) -> None:
        if self.peek().is_op(op):
            self.take()
            return
        if self.peek().kind == "end":
            raise Unreadable(say("grading.never_closed", bracket=opened.text, pos=opened.pos + 1))
        raise self.unexpected(self.peek())

    # answer := rows END ; rows := row (';' row)* ; row := item ((','|space) item)*
    def answer(self) -> Answer:
        rows = self.rows()
        if self.peek().kind != "end":
            raise self.unexpected(self.peek())
        return rows[0] if len(rows) == 1 else rows

    def rows(self) -> list:
        rows = [self.row()]
        while self.peek().is_op(";"):
            self.take()
            rows.append(self.row())
        return rows[0] if len(rows) == 1 else rows

    def row(self) -> list:
        items = [self.item()]
        while True:
            tok = self.peek()
            if tok.is_op(","):
                self.take()
                items.append(self.item())
            elif self.new_element(tok):
                items.append(self.item())
            else:
                return items

    def new_element(self, tok: _Tok) -> bool:
        after_list = tok.is_op("[") and self.toks[self.i - 1].is_op("]")
        return (tok.space and tok.starts_operand) or after_list or self.sign_starts_element(tok)

    def sign_starts_element(self, tok: _Tok) -> bool:
        """``0.5 -0.3``: a sign with a space before and none after, after a value."""
        return tok.is_op("+", "-") and tok.space and not self.peek(1).space and self.peek(1).kind != "end"

    def item(self) -> Answer:
        if self.peek().is_op("["):
            opened = self.take()
            self.enter(opened)
            items: list = [] if self.peek().is_op("]") else self.rows()
            self.expect("]", opened)
            self.leave()
            return items
        start = self.peek()
        val = self.expr(in_list=True)
        plain = val.plain or val.lit
        value = float(plain.digits) if plain is not None and math.isfinite(val.value) else val.value
        return Number(value, self.span(start), plain)

    def expr(self, in_list: bool) -> _Val:
        start = self.peek()
        left = self.term()
        while self.peek().is_op("+", "-"):
            if in_list and self.sign_starts_element(self.peek()):
                break
            op = self.take().text
            right = self.term()
            left = _Val(_arith(op, left.value, right.value, lambda: self.span(start)))
        return left

    def term(self) -> _Val:
        start = self.peek()
        left = self.unary()
        while self.peek().is_op("*", "/"):
            op = self.take().text
            right = self.unary()
            value = _arith(op, left.value, right.value, lambda: self.span(start))
            if op == "*" and left.lit is not None and right.pow10 is not None and left.plain is None:
                left = _Val(value, plain=left.lit.scaled(right.pow10))  # 1.5×10^-3
            else:
                left = _Val(value)
        return left

    def unary(self) -> _Val:
        signs = []
        while self.peek().is_op("+", "-"):
            signs.append(self.take().text)
        val = self.power()
        negative = signs.count("-") % 2 == 1
        if not signs:
            return val
        value = -val.value if negative else val.value
        if len(signs) > 1:
            return _Val(value)
        # one sign keeps a literal (or a complete plain number like 83%) plain
        flip = (lambda p: p.negated()) if negative else (lambda p: p)
        return _Val(
            value,
            lit=None if val.lit is None else flip(val.lit),
            lit_text=val.lit_text,
            plain=None if val.plain is None else flip(val.plain),
        )

    def power(self) -> _Val:
        start = self.peek()
        base = self.postfix()
        if not self.peek().is_op("^"):
            return base
        self.enter(self.take())
        exponent = self.unary()  # right-associative: 2^3^2 is 2^9
        self.leave()
        value = _arith("^", base.value, exponent.value, lambda: self.span(start))
        return _Val(value, pow10=_pow10(base, exponent))

    def postfix(self) -> _Val:
        start = self.peek()
        val = self.primary()
        while self.peek().kind == "sup" or self.peek().is_op("%"):
            tok = self.take()
            if tok.kind == "sup":
                digits = tok.text.translate(_SUP_TABLE)
                sign, magnitude = ("-" if digits.startswith("-") else ""), digits.lstrip("+-").lstrip("0")
                if len(magnitude) > _MAX_EXPONENT_DIGITS:
                    raise _too_large(self.span(start))
                n = int(sign + (magnitude or "0"))  # 1⁰⁰⁰…: thousands of zeros are still 0
                value = _arith("^", val.value, float(n), lambda: self.span(start))
                val = _Val(value, pow10=n if val.lit_text == "10" else None)
            elif val.lit is not None:
                val = _Val(val.value / 100, plain=val.lit.scaled(-2))  # 83.3%
            else:
                val = _Val(val.value / 100)
        return val

    def primary(self) -> _Val:
        tok = self.peek()
        if tok.kind == "num":
            self.take()
            return _literal(tok.text)
        if tok.is_op("("):
            self.enter(self.take())
            val = self.expr(in_list=False)
            self.expect(")", tok)
            self.leave()
            return val  # (-3) in 1.5×10^(-3) is still the literal -3
        if tok.is_op("√"):
            self.enter(self.take())
            arg = self.postfix()
            self.leave()
            return _Val(_call("sqrt", arg.value, self.span(tok)))
        if tok.kind == "name":
            return self.name()
        if tok.is_op("["):
            raise Unreadable(say("grading.list_in_arithmetic", pos=tok.pos + 1))
        raise self.unexpected(tok)

    def name(self) -> _Val:
        tok = self.take()
        word = tok.text.lower()
        if word in CONSTANTS:
            return _Val(CONSTANTS[word])
        if word not in FUNCTIONS:
            raise Unreadable(say("grading.unknown_name", name=_clip(tok.text)))
        if not self.peek().is_op("("):
            raise Unreadable(say("grading.needs_parentheses", name=tok.text, example=f"{word}(2)"))
        opened = self.take()
        self.enter(opened)
        arg = self.expr(in_list=False)
        self.expect(")", opened)
        self.leave()
        return _Val(_call(word, arg.value, self.span(tok)))


def _pow10(base: _Val, exponent: _Val) -> int | None:
    """n when ``base ^ exponent`` was typed as ``10^n`` with an integer literal n."""
    lit = exponent.lit
    if base.lit_text != "10" or lit is None or not exponent.lit_text.isdigit():
        return None
    return int(lit.digits)


# Possessive quantifiers: a long run of digits that is not a literal fails at once, not
# after trying every way of splitting the run (which took seconds on 10 000 digits).
_LITERAL = r"(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][+-]?+[0-9]++)?+"
_PLAIN_LITERAL = re.compile(rf"\s*+([+-]?+)({_LITERAL})\s*+")
_SIGNED = re.compile(rf"([+-]?+)({_LITERAL})")
_PLAIN_LIST = re.compile(
    rf"\s*+(\[\s*+)?+([+-]?+{_LITERAL}(?:(?:\s*+,\s*+|\s++)[+-]?+{_LITERAL})*+)(\s*+\])?+\s*+"
)  # literals separated by commas or spaces, in one pair of brackets or none


def _signed(sign: str, digits: str) -> Number:
    """``-1.5e-3``: what the parser makes of one literal with at most one sign."""
    val = _literal(digits)
    lit = val.lit.negated() if val.lit is not None and sign == "-" else val.lit
    value = -val.value if sign == "-" else val.value
    return Number(float(lit.digits) if lit is not None else value, sign + digits, lit)


def parse_answer(text: str) -> Answer:
    """The answer in ``text`` as a ``Number`` or a (nested) list of them."""
    if len(text) > MAX_LENGTH:
        raise Unreadable(say("grading.too_long", limit=f"{MAX_LENGTH:,}".replace(",", " ")))
    if not text.strip():
        raise Unreadable(say("grading.nothing"))
    plain = _PLAIN_LITERAL.fullmatch(text)
    if plain is not None:  # the commonest answers, one signed literal or a flat list of them,
        return _signed(*plain.groups())  # are read without the parser (the same reading, faster)
    flat = _PLAIN_LIST.fullmatch(text)
    if flat is not None and bool(flat.group(1)) == bool(flat.group(3)):
        return [_signed(*m.groups()) for m in _SIGNED.finditer(flat.group(2))]
    try:
        return _Parser(text).answer()
    except (ArithmeticError, ValueError, RecursionError, MemoryError):
        # A last guard: every known path is refused above with its own sentence; a
        # number that still escapes them is refused, not raised (grade never raises).
        raise Unreadable(say("grading.not_computable", text=_clip(text.strip()))) from None
