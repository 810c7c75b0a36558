"""How card text, verdicts and solutions are drawn: pure functions from session
objects to Rich renderables, in one language at a time (switching language draws
the same instance again). Everything a card or a learner wrote is ``Text`` (never
markup) wrapped by ``Prose``, so it is shown literally and never cut.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from typing import TYPE_CHECKING, Callable

from quizapp.catalog import Msg, render, text
from quizapp.tui.widgets.prose import Prose

if TYPE_CHECKING:  # the session (and the question bank) load off the home screen's path
    from quizapp.session import Outcome

MARKS = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"), "again": ("?", "bold yellow"),
         "self": ("•", "bold"), "skipped": ("–", "dim")}


def t(key: str, lang: str, **values) -> str:
    """A catalog message in ``lang`` (the app's one way to say anything)."""
    return text(key, lang, **values)


class _Hanging:
    """Rows of (lead, text), leads in a column as wide as the widest, each text
    wrapping under itself: drawn as a two-column ``Table.grid(expand=True)`` draws
    them, line for line, without measuring every row's text first (a table does,
    on every frame: ~3.5 ms of an eight-line worked solution)."""

    def __init__(self, rows: list[tuple[str, Text | str]], style: str = ""):
        self.rows = rows
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lead_width = min(max((cell_len(lead) for lead, _ in self.rows), default=0), max(0, width - 1))
        body_width = max(1, width - lead_width)
        lead_style = console.get_style(self.style) if self.style else None
        body_style = console.get_style("")
        line_end = Segment.line()
        for lead, body in self.rows:
            leads = console.render_lines(Text(lead), options.update(width=lead_width, no_wrap=True, height=None),
                                         style=lead_style) if lead_width else []
            bodies = console.render_lines(Prose(body), options.update(width=body_width, height=None), style=body_style)
            height = max(len(leads), len(bodies))
            leads = Segment.set_shape(leads, lead_width, height, style=lead_style or body_style)
            bodies = Segment.set_shape(bodies, body_width, height, style=body_style)
            for left, right in zip(leads, bodies):
                yield from left
                yield from right
                yield line_end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)  # it expands, as the table did


def hanging(rows: list[tuple[str, Text | str]], style: str = "") -> RenderableType:
    """Rows of (lead, text) where ``text`` wraps under itself, not under ``lead``."""
    return _Hanging(rows, style)


def display_number(value: str) -> str:
    """A number or vector as the app writes it: with the Unicode minus sign."""
    return value.replace("-", "−")


def heading(o: Outcome, lang: str, message: Msg | None = None) -> Text:
    """The mark and the verdict word, then the verdict's sentence."""
    mark, style = MARKS.get(o.word, ("•", "bold"))
    out = Text()
    out.append(f"{mark} ", style=style)
    out.append(t(f"verdict.{o.word}", lang) if o.word in ("correct", "wrong", "again") else "", style=style)
    said = render(message, lang) if message is not None else (o.verdict.text(lang) if o.verdict else "")
    said = _without_heading(said, o.word, lang)
    if said:
        out.append(t("colon", lang) + said if o.word in ("correct", "wrong", "again") else said)
    return out


def _without_heading(said: str, word: str, lang: str) -> str:
    """A sentence that opens with the verdict word already shown drops it."""
    if word not in ("correct", "wrong"):
        return said
    head = t(f"verdict.{word}", lang)
    if said.rstrip(".。!！ ") == head:  # "Correct." under "✓ Correct" says nothing more
        return ""
    for sep in (": ", "：", ". ", "。", ":"):
        if said.startswith(head + sep):
            return said[len(head) + len(sep):]
    return said


def solution_block(lines: list[str] | tuple[str, ...], title_key: str, lang: str) -> list[RenderableType]:
    lines = [line for line in lines if line]
    if not lines:
        return []
    return [Text("\n" + t(title_key, lang), style="bold"), hanging([("  ", Text(line)) for line in lines])]


def note_block(note: dict | None, lang: str) -> list[RenderableType]:
    """What is often claimed about this card's topic, and why it is wrong."""
    if not note or not note.get(lang):
        return []
    out = Text("\n")
    out.append(t("study.note", lang) + t("colon", lang), style="bold magenta")
    out.append(note[lang])
    return [Prose(out)]


def group(parts: list[RenderableType]) -> RenderableType:
    return Group(*parts)


FRAME = 4  # columns a Framed takes beside what it holds: a line and a space on each side


class Framed:
    """``inner`` in a round frame, drawn as part of the content rather than as the
    widget's border: a widget whose frame is content shows nothing at all when it
    has nothing to show, so it can keep its size (and spare the screen a layout)
    whether or not there is something in it. ``inner`` is drawn ``FRAME`` columns
    narrower than the widget.

    Textual draws it through ``strips``, line by line, so that the parts of a
    group that are Drawings bring their lines already framed (``Drawing.framed``:
    a verdict's worked solution, drawn while the card is asked); Rich draws it as
    the Panel it looks like."""

    def __init__(self, inner: RenderableType, style: Style | str = ""):
        self.inner = inner
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Panel(self.inner, box=box.ROUNDED, border_style=self.style, padding=(0, 1), expand=True)

    def strips(self, console: Console, options: ConsoleOptions, width: int, base: Style | None) -> list[Strip]:
        frame = framing(base, console.get_style(self.style) if self.style else None)
        inner = max(1, width - FRAME)
        width = inner + FRAME
        parts = self.inner.renderables if isinstance(self.inner, Group) else [self.inner]
        rows = [Strip([Segment("╭" + "─" * (width - 2) + "╮", frame)], width)]
        for part in parts:
            if isinstance(part, Drawing):
                rows += part.framed(console, options, inner, base, frame)
            else:
                rows += _framed(console.render_lines(part, _at(options, inner), pad=True), inner, base, frame)
        rows.append(Strip([Segment("╰" + "─" * (width - 2) + "╯", frame)], width))
        return rows


def _at(options: ConsoleOptions, width: int) -> ConsoleOptions:
    """Options to draw at ``width`` as Textual does (no highlighting, any height)."""
    return options.update(width=width, height=None, highlight=False)


def framing(base: Style | None, style: Style | None) -> Style | None:
    """A frame's lines in ``style`` on the widget's ``base`` style (as Textual draws a
    renderable's styles on the widget's)."""
    if base is None:
        return style
    return base + style if style is not None else base


def _styled(line: list[Segment], base: Style | None) -> list[Segment]:
    if base is None:
        return line
    return [Segment(text, base + style if style is not None else base) for text, style, _ in line]


def _framed(lines: list[list[Segment]], inner: int, base: Style | None, frame: Style | None) -> list[Strip]:
    """``lines`` (each ``inner`` cells) between the frame's sides."""
    side, space = Segment("│", frame), Segment(" ", base)
    width = inner + FRAME
    return [Strip([side, space, *_styled(line, base), space, side], width) for line in lines]


class Drawing:
    """A renderable drawn once per width, then replayed. Textual renders a widget's
    content to measure its height and again to draw it, and again after any change
    of layout; a card's verdict (Prose wrapping a worked solution) is the costliest
    thing on the study screen, so its lines are kept for the widths it was drawn at.
    Build a new Drawing for new content: it never looks at its renderable again."""

    def __init__(self, renderable: RenderableType):
        self.renderable = renderable
        self._drawn: dict[tuple, list[Segment]] = {}
        self._strips: dict[tuple, list[Strip]] = {}  # Textual's lines: per width and base style
        self._signature: object = None

    @property
    def signature(self) -> object:
        """``signature(renderable)``, worked out once (the renderable never changes)."""
        if self._signature is None:
            self._signature = signature(self.renderable)
        return self._signature

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # not options.height: Textual measures with the screen's height and draws with the
        # widget's, and nothing a card shows is laid out by the height it is given
        key = (options.max_width, options.min_width, options.justify, options.overflow, options.no_wrap,
               options.highlight, options.markup)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= 8:  # a few widths (scrollbars, a resize): the oldest goes
                del self._drawn[next(iter(self._drawn))]
            drawn = self._drawn[key] = list(console.render(self.renderable, options))
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)

    def strips(self, console: Console, options: ConsoleOptions, width: int, base: Style | None) -> list[Strip]:
        """Its lines as Textual draws them in a widget ``width`` cells wide whose own
        style is ``base``, kept (``widgets.drawn.Drawn`` draws through this)."""
        return self._kept(("strips", width, base), lambda: self._strips_at(console, options, width, base))

    def framed(self, console: Console, options: ConsoleOptions, inner: int, base: Style | None,
               frame: Style | None) -> list[Strip]:
        """Its lines at ``inner`` cells between a ``Framed``'s sides, kept."""
        return self._kept(("framed", inner, base, frame), lambda: _framed(
            console.render_lines(self, _at(options, inner), pad=True), inner, base, frame))

    def height(self, console: Console, options: ConsoleOptions, width: int) -> int:
        """How many lines it takes at ``width`` (from lines kept when there are some)."""
        for key, strips in self._strips.items():
            if key[0] == "strips" and key[1] == width:
                return len(strips)
        return len(self.strips(console, options, width, None))

    def _kept(self, key: tuple, make: Callable[[], list[Strip]]) -> list[Strip]:
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) >= 8:  # a few widths and styles: the oldest goes
                del self._strips[next(iter(self._strips))]
            strips = self._strips[key] = make()
        return strips

    def _strips_at(self, console: Console, options: ConsoleOptions, width: int, base: Style | None) -> list[Strip]:
        if isinstance(self.renderable, Framed):
            return self.renderable.strips(console, options, width, base)
        segments = self.__rich_console__(console, _at(options, width))
        lines = Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
        return [Strip(_styled(line, base)) for line in lines]

    @property
    def widths(self) -> set[int]:
        """The widths it has been drawn at (and keeps)."""
        return {key[0] for key in self._drawn}

    @property
    def framed_at(self) -> set[int]:
        """The widths between a frame's sides it keeps framed lines for."""
        return {key[1] for key in self._strips if key[0] == "framed"}


_AHEAD: dict[tuple, Drawing] = {}


def ahead(key: tuple, parts: Callable[[], list[RenderableType]]) -> Drawing | None:
    """The one Drawing of ``parts()`` for ``key`` (what they show), kept for the
    next few: a verdict's parts that do not depend on the answer (the worked
    solution, the card's note) are drawn while the card is asked
    (``CardView.draw_ahead``) and replayed in the verdict's frame. None when
    ``parts()`` is empty."""
    drawing = _AHEAD.get(key)
    if drawing is None:
        built = parts()
        if not built:
            return None
        if len(_AHEAD) >= 32:
            _AHEAD.clear()
        drawing = _AHEAD[key] = Drawing(group(built))
    return drawing


def solution_ahead(lines: tuple[str, ...] | list[str], title_key: str, lang: str) -> Drawing | None:
    """``solution_block`` as one Drawing, shared with the card's draw-ahead."""
    lines = tuple(lines)
    return ahead(("solution", lines, title_key, lang), lambda: solution_block(lines, title_key, lang))


def note_ahead(note: dict | None, lang: str) -> Drawing | None:
    """``note_block`` as one Drawing, shared with the card's draw-ahead."""
    said = note.get(lang) if note else None
    return ahead(("note", said, lang), lambda: note_block(note, lang))


def existing(*parts: Drawing | None) -> list[Drawing]:
    """The parts that are there (an empty solution or note has no Drawing)."""
    return [part for part in parts if part is not None]


def signature(renderable: object) -> object:
    """What ``renderable`` shows, as a value to compare: equal signatures draw the
    same (Text, Prose, groups and hanging rows; anything else only equals itself).
    A widget given the same content again can skip its update, and with it a new
    layout and a new render."""
    if isinstance(renderable, str):
        return renderable
    if isinstance(renderable, Text):
        return ("T", renderable.plain, str(renderable.style), renderable.end, renderable.justify,
                renderable.overflow, renderable.no_wrap,
                tuple((s.start, s.end, str(s.style)) for s in renderable.spans))
    if isinstance(renderable, Prose):
        return ("P", signature(renderable.text), renderable.indent)
    if isinstance(renderable, Group):
        return ("G", tuple(signature(r) for r in renderable.renderables))
    if isinstance(renderable, _Hanging):
        return ("H", renderable.style, tuple((lead, signature(body)) for lead, body in renderable.rows))
    if isinstance(renderable, Drawing):
        return renderable.signature
    if isinstance(renderable, Framed):
        return ("F", signature(renderable.inner), renderable.style)
    return ("other", object())  # equal to nothing: always drawn afresh


__all__ = ["FRAME", "MARKS", "Drawing", "Framed", "ahead", "display_number", "existing", "framing", "group",
           "hanging", "heading", "note_ahead", "note_block", "signature", "solution_ahead", "solution_block", "t"]
