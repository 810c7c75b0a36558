"""How a card, a concept card's model answer and a verdict are drawn.

Pure functions from session objects to ``rich.text.Text`` (never markup strings, so
whatever a learner typed is shown literally), in one language at a time: the study
screen calls them again with the other language to re-render the same instance.
"""

from __future__ import annotations

from rich.text import Text

from quizapp.session import Outcome, Question, Reveal
from quizapp.tui.i18n import t

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MARKS = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"),
         "unreadable": ("?", "bold yellow"), "self": ("•", "bold"), "skipped": ("–", "dim")}


def question_text(q: Question, lang: str, chosen: frozenset[int] = frozenset()) -> Text:
    """The card's title and prompt with its numbers; choice options numbered (the
    ones picked so far marked); for a steps card, which step is being asked."""
    out = Text()
    out.append(q.title(lang), style="bold")
    out.append("\n\n")
    out.append(q.instance.prompt[lang])
    if q.kind == "choice":
        for i, option in enumerate(q.options(lang)):
            mark = "■" if i in chosen else " "
            out.append(f"\n {mark} {LETTERS[i]}. ", style="bold")
            out.append(option)
    if q.stage is not None:
        out.append("\n\n")
        out.append(t("study.stage", lang, n=q.stage + 1, total=q.stages) + ": ", style="bold")
        out.append(q.instance.stages[q.stage].prompt[lang])
    return out


def reveal_text(r: Reveal, lang: str) -> Text:
    out = Text()
    out.append(t("study.answer", lang) + "\n", style="bold")
    out.append(r.answer[lang])
    if r.key_points:
        out.append("\n\n" + t("study.key_points", lang) + "\n", style="bold")
        out.append("\n".join(f" • {p[lang]}" for p in r.key_points))
    _note(out, r.note, lang)
    out.append("\n\n" + t("study.rate_hint", lang), style="italic")
    return out


def outcome_text(o: Outcome, typed: str, lang: str, *, solution: bool = True, note: dict | None = None) -> Text:
    """A verdict: right or not, the message (how far off), the common mistake by
    name, the expected answer and (``solution``) the worked solution for these numbers."""
    out = Text()
    mark, style = MARKS.get(o.verdict, ("•", "bold"))
    head = {"correct": "study.correct", "wrong": "study.wrong", "unreadable": "study.unreadable"}.get(o.verdict)
    if o.stage is not None and o.kind == "steps":
        out.append(t("study.step", lang, n=o.stage + 1) + " ")
    out.append(f"{mark} " + (t(head, lang) if head else ""), style=style)
    message = o.message.get(lang) or o.message.get("en", "")
    if head:  # the heading already says it: drop a leading "Not right:" from the message
        for sep in (": ", "：", ":"):
            if message.startswith(t(head, lang) + sep):
                message = message[len(t(head, lang) + sep):].strip()
                break
    if not head or message.rstrip(".。") != t(head, lang):
        out.append("  " + message)
    if o.verdict == "unreadable":
        return out
    if typed and o.kind != "concept":
        out.append("\n" + t("study.your_answer", lang, answer=typed))
    if o.off is not None and "%" not in message:
        out.append(" · " + t("study.off", lang, off=f"{o.off:.0%}"))
    if o.mistake is not None:
        out.append("\n")
        out.append(t("study.mistake", lang, label=o.mistake.label.get(lang, "")), style="bold yellow")
    if o.expected:
        out.append("\n")
        out.append(t("study.expected", lang, answer=o.expected), style="bold")
    lines = o.solution.get(lang) or ()
    if solution and lines:
        heading = "study.answer" if o.kind == "concept" else "study.solution"
        out.append("\n\n" + t(heading, lang) + "\n", style="bold")
        out.append("\n".join(f"  {line}" for line in lines if line))
    _note(out, note or {}, lang)
    return out


def _note(out: Text, note: dict, lang: str) -> None:
    if note.get(lang):
        out.append("\n\n" + t("study.note", lang) + ": ", style="bold magenta")
        out.append(note[lang])
