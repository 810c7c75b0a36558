"""Text that wraps as people read it, in English and in Chinese.

Rich breaks lines only at spaces, so a Chinese sentence with a number in it breaks
early at the number's spaces (``10000 笔交易中有 13`` / ``笔是欺诈``) and a Chinese
run longer than the width is folded mid-way or cut. ``Prose`` wraps at render time,
at the width it is given: between any two CJK characters and at spaces, never
starting a line with closing punctuation (，。？！、；：）」』”’) or ending one with
opening punctuation (（「『“‘), and a word longer than the line is folded rather
than cut. Nothing a card says is ever cut. Styles (``rich.text.Text`` spans) are
kept; newlines start new lines; ``indent`` is added before every wrapped line after
the first (a hanging indent).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

_NO_START = set("，。？！、；：）」』”’》〉】〕…—.,;:!?)]}%·")
_NO_END = set("（「『“‘《〈【〔([{")


def _cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x3000 <= o <= 0x303F or 0x20000 <= o <= 0x2FFFF)


def break_points(text: str, width: int, indent: int = 0) -> list[int]:
    """Offsets in ``text`` (one paragraph, no newlines) where lines start, wrapping
    at ``width`` cells (lines after the first are ``indent`` cells narrower)."""
    atoms = _atoms(text)
    starts = [0]
    used = 0
    limit = width
    for start, end, kind in atoms:
        size = cell_len(text[start:end])
        if kind == "space":
            used += size
            continue
        if used + size <= limit or used == 0:
            if size > limit and used == 0:  # a word longer than the line: fold it
                pos = start
                while cell_len(text[pos:end]) > limit:
                    cut = _fit(text, pos, end, limit)
                    starts.append(cut)
                    pos = cut
                    limit = max(1, width - indent)
                used = cell_len(text[pos:end])
            else:
                used += size
            continue
        starts.append(start)
        limit = max(1, width - indent)
        used = size
        if size > limit:
            pos = start
            while cell_len(text[pos:end]) > limit:
                cut = _fit(text, pos, end, limit)
                starts.append(cut)
                pos = cut
            used = cell_len(text[pos:end])
    return starts


def _fit(text: str, start: int, end: int, limit: int) -> int:
    """The furthest offset after ``start`` whose cells fit in ``limit`` (at least one
    character)."""
    used, pos = 0, start
    while pos < end and used + cell_len(text[pos]) <= limit:
        used += cell_len(text[pos])
        pos += 1
    return max(pos, start + 1)


def _atoms(text: str) -> list[tuple[int, int, str]]:
    """Unbreakable pieces: spaces, words (non-CJK runs) and single CJK characters,
    with punctuation glued to the piece it may not be parted from."""
    out: list[list] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            j = i
            while j < n and text[j] == " ":
                j += 1
            out.append([i, j, "space"])
        elif _cjk(ch):
            j = i + 1
            out.append([i, j, "cjk"])
        else:  # a word ends at a space or a CJK character, never inside 0.999, η·g or (a)
            j = i
            while j < n and text[j] != " " and not _cjk(text[j]):
                j += 1
            out.append([i, j, "word"])
        i = j
    merged: list[list] = []
    for atom in out:
        ch = text[atom[0]]
        if merged and atom[2] != "space" and ch in _NO_START and merged[-1][2] != "space":
            merged[-1][1] = atom[1]  # closing punctuation stays with what it closes
        elif merged and merged[-1][2] != "space" and text[merged[-1][1] - 1] in _NO_END and atom[2] != "space":
            merged[-1][1] = atom[1]  # opening punctuation stays with what it opens
        else:
            merged.append(atom)
    return [tuple(a) for a in merged]  # type: ignore[misc]


class Prose:
    """A ``Text`` (or string) that wraps CJK-aware at whatever width it is drawn."""

    def __init__(self, text: Text | str, style: str = "", indent: int = 0):
        self.text = text if isinstance(text, Text) else Text(str(text), style=style)
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        pad = Segment(" " * self.indent) if self.indent else None
        for paragraph in self.text.split("\n", allow_blank=True):
            plain = paragraph.plain
            starts = break_points(plain, width, self.indent)
            lines = paragraph.divide(starts[1:]) if len(starts) > 1 else [paragraph]
            for n, line in enumerate(lines):
                if n:
                    line = line.copy()
                    line.plain  # noqa: B018  (materialise)
                    stripped = len(line.plain) - len(line.plain.lstrip(" "))
                    if stripped:
                        line = line[stripped:]
                    if pad is not None:
                        yield pad
                line = line.copy()
                line.rstrip()
                line.end = ""
                yield from console.render(line, options.update(width=width, no_wrap=True, overflow="ignore"))
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        longest = max((cell_len(line) for line in plain.split("\n")), default=0)
        words = [cell_len(plain[s:e]) for s, e, k in _atoms(plain.replace("\n", " ")) if k != "space"]
        return Measurement(min(max(words, default=1), options.max_width), min(longest, options.max_width))


__all__ = ["Prose", "break_points"]
