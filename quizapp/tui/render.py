"""How card text, verdicts and solutions are drawn: pure functions from session
objects to Rich renderables, in one language at a time (switching language draws
the same instance again). Everything a card or a learner wrote is ``Text`` (never
markup) wrapped by ``Prose``, so it is shown literally and never cut.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from typing import TYPE_CHECKING

from quizapp.catalog import Msg, render, text
from quizapp.tui.widgets.prose import Prose

if TYPE_CHECKING:  # the session (and the question bank) load off the home screen's path
    from quizapp.session import Outcome

MARKS = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"), "again": ("?", "bold yellow"),
         "self": ("•", "bold"), "skipped": ("–", "dim")}


def t(key: str, lang: str, **values) -> str:
    """A catalog message in ``lang`` (the app's one way to say anything)."""
    return text(key, lang, **values)


def hanging(rows: list[tuple[str, Text | str]], style: str = "") -> Table:
    """Rows of (lead, text) where ``text`` wraps under itself, not under ``lead``."""
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, style=style)
    grid.add_column(ratio=1)
    for lead, body in rows:
        grid.add_row(lead, Prose(body))
    return grid


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


__all__ = ["MARKS", "display_number", "group", "hanging", "heading", "note_block", "solution_block", "t"]
