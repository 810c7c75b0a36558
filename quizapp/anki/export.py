"""The question bank as an Anki package (.apkg), written with genanki.

One Anki deck per topic (``quizapp::<topic title>``), one note type ("quizapp":
Question, Answer, Id — the quizapp card id, with ``#seed`` for an instance). Concept and choice cards are one note each (a choice
card with its options lettered A, B, … and the right letters on the back). A
card with numbers (numeric, steps) cannot draw fresh numbers in Anki, so it
becomes K frozen instances (seeds 0..K−1): the question with its numbers filled
in, and on the back the answer, the worked solution for exactly those numbers
and the common mistakes it names. Notes, decks and the note type have stable
ids (from the card id, seed and language), so exporting again and importing into
Anki updates the same notes instead of adding copies.

Text is escaped for HTML before it goes into a field; nothing a deck says is
markup. The file appears only once complete (written beside it, then renamed).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.anki import AnkiError
from quizapp.catalog import say, text

MODEL_ID = 1_742_806_231  # the "quizapp" note type: fixed forever, so re-exports update it
MAX_INSTANCES = 50
CSS = """.card { font-family: sans-serif; font-size: 20px; line-height: 1.5; text-align: left;
  color: black; background-color: white; max-width: 42em; margin: 0 auto; }
.nightMode .card, .night_mode .card { color: #eee; background-color: #222; }
.label { font-weight: bold; margin-top: 0.8em; }
.worked { font-family: monospace; font-size: 16px; white-space: pre-wrap; }
.options { margin-top: 0.6em; }
.note { font-style: italic; margin-top: 0.8em; }"""


@dataclass
class ExportReport:
    notes: int = 0
    decks: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # template ids an instance could not be drawn for


def _stable_id(*parts: object) -> int:
    """An Anki id (a positive 31-bit number, as genanki's examples use) from ``parts``."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return (1 << 30) + int.from_bytes(digest, "big") % (1 << 30)


def _lines(lines) -> str:
    return "<br>".join(html.escape(line) for line in lines)


def _section(label: str, body: str, css: str = "") -> str:
    extra = f" {css}" if css else ""
    return f'<div class="label">{html.escape(label)}</div><div class="section{extra}">{body}</div>'


def note_fields(inst, lang: str) -> tuple[str, str]:
    """(question HTML, answer HTML) of one instance, through its kind."""
    from quizapp import kinds
    from quizapp.kinds.choice import LETTERS

    kind = kinds.get(inst.kind)
    colon = text("colon", lang)
    if inst.options:
        front = _lines(inst.prompt[lang].splitlines()) + '<div class="options">' + _lines(
            f"{LETTERS[i]}. {o[lang]}" for i, o in enumerate(inst.options)) + "</div>"
    else:
        front = _lines(kind.plain_question(inst, lang))
    asks = kind.asks(inst)
    if asks > 1:
        front += '<div class="options">' + _lines(
            f"{n}. {kind.ask_prompt(inst, n - 1, lang) or ''}" for n in range(1, asks + 1)) + "</div>"
    back: list[str] = []
    solution = [line for line in kind.solution(inst, lang) if line]
    if kind.stage_specs(inst.template):  # numbers: the answer, then the worked solution for them
        answers = ([f"{n}. {kind.expected(inst, n - 1)}" for n in range(1, asks + 1)] if asks > 1
                   else [kind.expected(inst)])
        back.append(_section(text("study.answer", lang), "<b>" + _lines(answers) + "</b>"))
        if solution:
            back.append(_section(text("study.solution", lang), _lines(solution), "worked"))
    elif solution:  # concept: the model answer and key points; choice: the right options and why
        back.append(_section(text("study.answer", lang), _lines(solution)))
    mistakes = dict.fromkeys(f"• {m.label[lang]}" for st in inst.stages for m in st.mistakes)
    if mistakes:
        back.append(_section(text("anki.export.mistakes", lang), _lines(mistakes)))
    if inst.note and inst.note.get(lang):
        back.append(f'<div class="note">{html.escape(text("study.note", lang) + colon + inst.note[lang])}</div>')
    return front, "".join(back)


def write_apkg(out: str | os.PathLike, bank, *, topics: list[str] | None = None, instances: int = 3,
               lang: str = "en") -> ExportReport:
    """Write ``bank``'s cards (of ``topics``, default all) to the Anki package ``out``."""
    try:
        import genanki
    except ImportError:
        raise AnkiError(say("anki.export.needs_genanki")) from None
    from quizapp import kinds
    from quizapp.content import TemplateError, instantiate

    if not 1 <= instances <= MAX_INSTANCES:
        raise AnkiError(say("anki.export.instances", value=instances, limit=MAX_INSTANCES))
    chosen = list(bank.topics) if not topics else list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in bank.topics]
    if unknown:
        raise AnkiError(say("anki.export.unknown_topic", topic=unknown[0], topics=", ".join(bank.topics)))
    model = genanki.Model(
        MODEL_ID, "quizapp",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                    "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Answer}}"}],
        css=CSS)
    report = ExportReport()
    decks = []
    for topic in chosen:
        title = bank.topics[topic].get(lang) or bank.topics[topic].get("en") or topic
        deck = genanki.Deck(_stable_id("quizapp-deck", topic, lang), f"quizapp::{title}")
        for template in (t for t in bank.templates.values() if t.topic == topic):
            kind = kinds.get(template.kind)
            seeds = range(instances) if kind.stage_specs(template) else range(1)
            for seed in seeds:
                try:
                    inst = instantiate(template, seed)
                except TemplateError:
                    report.skipped.append(template.id)
                    continue
                front, back = note_fields(inst, lang)
                ref = template.id if len(seeds) == 1 else f"{template.id} #{seed}"
                tags = [*template.tags, f"quizapp::{template.kind}"]
                deck.add_note(genanki.Note(model=model, fields=[front, back, html.escape(ref)], tags=tags,
                                           guid=genanki.guid_for("quizapp", template.id, seed, lang)))
                report.notes += 1
                report.by_kind[template.kind] = report.by_kind.get(template.kind, 0) + 1
        if deck.notes:
            decks.append(deck)
    if not decks:
        raise AnkiError(say("anki.export.nothing"))
    report.decks = len(decks)
    _write(Path(out), genanki.Package(decks))
    return report


def _write(out: Path, package) -> None:
    """The package's collection in a zip at ``out``, which appears only once whole."""
    part = out.with_name(out.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as tmp:
            db = Path(tmp) / "collection.anki2"
            conn = sqlite3.connect(db)
            try:
                now = time.time()
                package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
                conn.commit()
            finally:
                conn.close()
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
                z.write(db, "collection.anki2")
                z.writestr("media", "{}")
        os.replace(part, out)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise AnkiError(say("anki.export.cannot_write", path=str(out), reason=e.strerror or str(e))) from None
