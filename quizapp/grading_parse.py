"""Read a typed answer: a small tokenizer and recursive-descent parser.

Only numbers, ``+ - * / ^ **``, ``%``, superscript powers, parentheses, the
functions in ``FUNCTIONS``, the constants ``pi``/``e``/``inf``/``nan`` and lists in
``[..]`` (or separated by commas, spaces and ``;``) are understood; nothing is ever
executed. Values are computed as the text is parsed, in floats (so ``9^9^9`` fails
at once with an OverflowError instead of building a huge integer), and every
element remembers whether it was typed as a *plain* number and, if so, its exact
decimal digits: the grader's rounding rule needs them.

``parse_answer`` is the entry point; it raises ``Unreadable`` with an English and a
Chinese sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, NamedTuple, Union

MAX_LENGTH = 10_000
MAX_DEPTH = 40  # nested brackets, parentheses, calls and powers
_MAX_EXPONENT_DIGITS = 6  # a longer exponent is beyond any float (and beyond Decimal's range)

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
_KNOWN = "numbers, + - * / ^, parentheses, sqrt exp ln log log10 log2 abs sin cos tan, pi and e"
_KNOWN_ZH = "数字、+ - * / ^、括号、sqrt exp ln log log10 log2 abs sin cos tan、pi 和 e"


class Unreadable(Exception):
    """The text cannot be read as an answer; ``en`` and ``zh`` say why."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True)
class Plain:
    """A number typed as digits: its exact value, the power of ten of its last typed
    digit, and how many significant figures it shows."""

    digits: Decimal
    place: int
    figures: int

    def scaled(self, power: int) -> Plain:
        return Plain(self.digits.scaleb(power), self.place + power, self.figures)


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
    return _Val(value, lit=Plain(Decimal(text), place, len(significant)), lit_text=text)


def _too_large(what: str) -> Unreadable:
    return Unreadable(f"'{_clip(what)}' is too large to compute.", f"“{_clip(what)}”太大，无法计算。")


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
                shown = _clip(where())
                raise Unreadable(f"'{shown}' divides by zero.", f"“{shown}”除以了零。")
            r = a / b
        else:
            r = math.pow(a, b)
    except OverflowError:
        raise _too_large(where()) from None
    except ValueError:
        shown = _clip(where())
        raise Unreadable(
            f"'{shown}' raises zero to a negative power or a negative number to a fractional one.",
            f"“{shown}”是零的负数次幂或负数的分数次幂，没有定义。",
        ) from None
    if math.isinf(r) and math.isfinite(a) and math.isfinite(b):
        raise _too_large(where())
    return r


def _call(name: str, x: float, shown: str) -> float:
    try:
        return FUNCTIONS[name](x)
    except OverflowError:
        raise _too_large(shown) from None
    except ValueError:
        raise Unreadable(
            f"'{_clip(shown)}' is undefined: {name} is applied outside its domain.",
            f"“{_clip(shown)}”没有定义：{name} 的自变量超出了定义域。",
        ) from None


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
            raise Unreadable(
                f"The answer is nested more than {MAX_DEPTH} levels deep.",
                f"答案嵌套超过了 {MAX_DEPTH} 层。",
            )

    def leave(self) -> None:
        self.open.pop()

    def unexpected(self, tok: _Tok) -> Unreadable:
        at = tok.pos + 1
        prev = self.toks[self.i - 1] if self.i else None
        after_value = prev is not None and prev.ends_operand
        if tok.kind == "end":
            return Unreadable("The answer ends where a number is still missing.", "答案在缺少数字的地方就结束了。")
        if tok.kind in ("bad", "sup"):
            shown = tok.text if tok.text.isprintable() else f"U+{ord(tok.text):04X}"
            return Unreadable(
                f"Could not read '{shown}' at position {at}: only {_KNOWN} are understood.",
                f"无法识别第 {at} 个字符“{shown}”：只认得{_KNOWN_ZH}。",
            )
        if tok.starts_operand and prev is not None and prev.ends_operand:
            seen = self.text[prev.pos : tok.pos + len(tok.text)]
            return Unreadable(
                f"Could not read '{_clip(seen)}': two values stand next to each other with no operator between them.",
                f"无法读取“{_clip(seen)}”：两个值之间缺少运算符。",
            )
        if tok.is_op(")", "]") and after_value:
            return Unreadable(
                f"The '{tok.text}' at position {at} has no matching opening bracket.",
                f"第 {at} 个字符“{tok.text}”没有对应的左括号。",
            )
        brackets = [t.text for t in self.open if t.text in "(["]
        if tok.is_op(",") and brackets and brackets[-1] == "(":
            return Unreadable(
                f"The comma at position {at} is inside parentheses; write a list in square brackets, like [0.1, 0.9].",
                f"第 {at} 个字符处的逗号在圆括号里；列表请用方括号，例如 [0.1, 0.9]。",
            )
        return Unreadable(
            f"A number is missing at position {at}, before '{_clip(tok.text)}'.",
            f"第 {at} 个字符“{_clip(tok.text)}”之前缺少一个数。",
        )

    def expect(self, op: str, opened: _Tok) -> None:
        if self.peek().is_op(op):
            self.take()
            return
        if self.peek().kind == "end":
            raise Unreadable(
                f"The '{opened.text}' at position {opened.pos + 1} is never closed.",
                f"第 {opened.pos + 1} 个字符“{opened.text}”没有闭合。",
            )
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
        flip = (lambda p: Plain(-p.digits, p.place, p.figures)) if negative else (lambda p: p)
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
                if len(digits.lstrip("+-").lstrip("0")) > _MAX_EXPONENT_DIGITS:
                    raise _too_large(self.span(start))
                n = int(digits)
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
            raise Unreadable(
                f"The list at position {tok.pos + 1} is used in arithmetic; lists can only hold numbers.",
                f"第 {tok.pos + 1} 个字符处的列表出现在算式中；列表只能由数组成。",
            )
        raise self.unexpected(tok)

    def name(self) -> _Val:
        tok = self.take()
        word = tok.text.lower()
        if word in CONSTANTS:
            return _Val(CONSTANTS[word])
        if word not in FUNCTIONS:
            raise Unreadable(
                f"Could not read '{_clip(tok.text)}': it is not a number, a known function "
                "(sqrt, exp, ln, log, log10, log2, abs, sin, cos, tan) or a constant (pi, e).",
                f"无法识别“{_clip(tok.text)}”：它不是数字、已知函数（sqrt、exp、ln、log、log10、log2、abs、"
                "sin、cos、tan）或常数（pi、e）。",
            )
        if not self.peek().is_op("("):
            raise Unreadable(
                f"'{tok.text}' must be followed by its argument in parentheses, like {word}(2).",
                f"“{tok.text}”后面要用括号写出自变量，例如 {word}(2)。",
            )
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


def parse_answer(text: str) -> Answer:
    """The answer in ``text`` as a ``Number`` or a (nested) list of them."""
    if len(text) > MAX_LENGTH:
        raise Unreadable(
            f"The answer is longer than {MAX_LENGTH:,} characters.".replace(",", " "),
            f"答案超过了 {MAX_LENGTH} 个字符。",
        )
    if not text.strip():
        raise Unreadable("Nothing was typed.", "没有输入答案。")
    return _Parser(text).answer()
