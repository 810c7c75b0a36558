"""How a card, a concept card's model answer and a verdict are drawn.

Pure functions from session objects to Rich renderables (``Text`` and grids, never
markup strings, so whatever a learner typed is shown literally), in one language at
a time: the study screen calls them again with the other language to re-render the
same instance. Wrapped options, key points and solution lines keep their indent.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizapp.content import split_verdict_word
from quizapp.session import Outcome, Question, Reveal
from quizapp.tui.i18n import t

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MARKS = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"),
         "unreadable": ("?", "bold yellow"), "self": ("•", "bold"), "skipped": ("–", "dim")}
HEADINGS = {"correct": "study.correct", "wrong": "study.wrong", "unreadable": "study.unreadable"}


def hanging(rows: list[tuple[str, str | Text]], style: str = "") -> Table:
    """Rows of (lead, text) where ``text`` wraps under itself, not under ``lead``."""
    grid = Table.grid()
    grid.add_column(no_wrap=True, style=style)
    grid.add_column()
    for lead, text in rows:
        grid.add_row(lead, text)
    return grid


def question_text(q: Question, lang: str, chosen: frozenset[int] = frozenset()) -> RenderableType:
    """The card's title and prompt with its numbers; choice options lettered (the
    ones picked so far marked). A steps card's stages are drawn by ``stage_prompt``."""
    head = Text()
    head.append(q.title(lang), style="bold")
    head.append("\n\n")
    head.append(q.instance.prompt[lang])
    if q.kind != "choice":
        return head
    options = [(f" {'■' if i in chosen else ' '} {LETTERS[i]}. ", option)
               for i, option in enumerate(q.options(lang))]
    return Group(head, hanging(options, style="bold"))


def stage_prompt(q: Question, stage: int, lang: str) -> Text:
    """"Step 2 of 3: <that stage's question>"."""
    out = Text()
    out.append(t("study.stage", lang, n=stage + 1, total=q.stages) + t("colon", lang), style="bold")
    out.append(q.instance.stages[stage].prompt[lang])
    return out


def verdict_line(o: Outcome, lang: str) -> Text:
    """The mark and one heading, then the message without repeating the heading:
    a message that already opens with a verdict word is its own heading."""
    mark, style = MARKS.get(o.verdict, ("•", "bold"))
    message = (o.message.get(lang) or o.message.get("en", "")).strip()
    out = Text()
    out.append(f"{mark} ", style=style)
    word, rest = split_verdict_word(message)  # a message that opens with one is its own heading
    if word is not None:
        out.append(word, style=style)
        out.append(rest)
    elif o.verdict in HEADINGS:
        out.append(t(HEADINGS[o.verdict], lang), style=style)
        if message:
            out.append(t("colon", lang) + message)
    else:
        out.append(message)
    return out


def display_number(text: str) -> str:
    """A number or vector as the UI writes it: with the Unicode minus sign."""
    return text.replace("-", "−")


def outcome_text(o: Outcome, typed: str, lang: str, *, solution: bool = True,
                 note: dict | None = None) -> RenderableType:
    """A verdict: right or not, the message (how far off), the common mistake by
    name, the expected answer and (``solution``) the worked solution for these
    numbers, a choice card's explanation or a concept card's answer."""
    head = verdict_line(o, lang)
    if o.verdict == "unreadable":
        return head
    message = o.message.get(lang) or o.message.get("en", "")
    if typed and o.kind not in ("concept", "choice"):
        head.append("\n" + t("study.your_answer", lang, answer=typed))
        if o.off is not None and "%" not in message:
            head.append(" · " + t("study.off", lang, off=f"{o.off:.0%}"))
    label = o.mistake.label.get(lang, "") if o.mistake is not None else ""
    if label and label not in message:  # the grader's sentence may name it already
        head.append("\n")
        head.append(t("study.mistake", lang, label=label), style="bold yellow")
    if o.expected and o.kind in ("numeric", "steps"):  # a choice card's message names its answer
        head.append("\n")
        head.append(t("study.expected", lang, answer=display_number(o.expected)), style="bold")
    parts: list[RenderableType] = [head]
    lines = [line for line in (o.solution.get(lang) or ()) if line]
    if solution and lines:
        heading = {"concept": "study.answer", "choice": "study.explanation"}.get(o.kind, "study.solution")
        parts += [Text("\n" + t(heading, lang), style="bold"), hanging([("  ", line) for line in lines])]
    parts += _note(note or {}, lang)
    return Group(*parts)


def reveal_text(r: Reveal, lang: str) -> RenderableType:
    """A concept card's model answer and key points (the rating keys are in the hint line)."""
    parts: list[RenderableType] = [Text(t("study.answer", lang), style="bold"), Text(r.answer[lang])]
    if r.key_points:
        parts.append(Text("\n" + t("study.key_points", lang), style="bold"))
        parts.append(hanging([(" • ", p[lang]) for p in r.key_points]))
    return Group(*parts, *_note(r.note, lang))


def _note(note: dict, lang: str) -> list[Text]:
    if not note.get(lang):
        return []
    out = Text("\n")
    out.append(t("study.note", lang) + t("colon", lang), style="bold magenta")
    out.append(note[lang])
    return [out]
