"""Text from a deck file or a person never reaches a terminal raw.

A deck (or a file name, or a typed answer) may hold control characters: ESC starts
a terminal escape sequence that can recolour, move the cursor, retitle the window
or worse; C1 controls (U+0080–U+009F) do the same on some terminals; bidirectional
overrides make text read differently from what it is; a lone surrogate (a file
name that is not UTF-8) cannot even be printed. ``printable`` writes each of them
as a visible escape, so what is shown is exactly what is there::

    printable("deck\\x1b[2J.toml")            # 'deck\\\\x1b[2J.toml' (shown as deck\\x1b[2J.toml)
    printable("a\\nb", keep="\\n")            # newline kept where the caller allows it
    unsafe_char("ok\\u202etxt")               # '\\u202e': the first character printable() would escape

Headless: no terminal library is imported here.
"""

from __future__ import annotations

import re

# C0 controls (tab and newline included: callers keep them explicitly), DEL, C1
# controls, bidirectional marks and overrides, line/paragraph separators, and lone
# surrogates (undecodable bytes in file names).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character written as a visible escape
    (``\\x1b``, ``\\u202e``); characters in ``keep`` (e.g. ``"\\n\\t"``) pass through."""
    text = str(text)
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def json_printable(text: str) -> str:
    """JSON text with the characters ``printable`` escapes written as ``\\uXXXX``
    escapes (the same characters to a JSON reader; inert on a terminal). Only for
    JSON whose strings were dumped with ``ensure_ascii=False``; newlines between
    tokens are kept."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def unsafe_char(text: str, keep: str = "") -> str | None:
    """The first character of ``text`` that ``printable`` would escape, or None."""
    for m in _UNSAFE.finditer(text):
        if m.group() not in keep:
            return m.group()
    return None


def describe(ch: str) -> str:
    """A character for an error message: ``U+001B``."""
    return f"U+{ord(ch):04X}"
