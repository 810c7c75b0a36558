"""Anki cards as quizapp concept cards.

Each Anki card (not note: a Basic-and-reversed note has two cards, a Cloze note one
per deletion number) becomes one concept card:

- a standard note type (Basic, Basic and reversed, Basic with typed answer, or
  any other with front/back templates): the question is the card's front
  template filled with the note's fields, the answer its back template without
  the front repeated (what follows ``<hr id=answer>``);
- a Cloze note type: the question is the cloze field with this card's deletion
  shown as ``[...]`` (or ``[its hint]``) and the others filled in; the answer is
  the deleted text, then anything else the back shows (the Extra field).

HTML becomes plain text (``text.html_to_text``); media become markers. Ids are
derived from the Anki note id and the card's number, so importing the same
export again finds the same ids: ``<topic>.anki-<note id>`` for a note's first
card, ``<topic>.anki-<note id>-<n>`` for its n-th. Each Anki deck is a topic
(``Japanese::Vocab`` → ``japanese-vocab``; a name with no ASCII letters or
digits → ``anki-<deck id>``; a name a built-in topic already has gets ``my-``
in front).

Cards that cannot be concept cards are left out and counted: image occlusion, a
card whose question or answer is empty once converted, a card whose note or
note type is missing from the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quizapp.anki import AnkiError
from quizapp.anki.package import Card, Collection
from quizapp.anki.text import Plain, answer_only, cloze, html_to_text, render_template, slug, tag_id, title_of
from quizapp.catalog import say

MAX_TEXT = 20_000  # characters of a question or an answer once converted
MAX_TAGS = 32
_CLOZE_FIELD = re.compile(r"\{\{[^{}]*?cloze:([^{}:]+?)\s*\}\}")


@dataclass(frozen=True)
class NewCard:
    """One concept card to write into a user deck."""

    id: str
    topic: str
    title: Plain
    question: Plain
    answer: Plain
    tags: tuple[str, ...] = ()
    section: str = "Anki"  # source.section in the deck
    anki: Card | None = None  # the Anki card it came from (its history is replayed)


@dataclass
class Plan:
    """What an import would add: cards by topic (in order) and topic titles."""

    cards: list[NewCard] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # topic -> its title (the Anki deck's name)
    sources: dict[str, str] = field(default_factory=dict)  # topic -> where it came from (deck name, file name)
    left_out: Counter = field(default_factory=Counter)  # reason -> how many cards

    @property
    def media(self) -> int:
        return sum(len(c.question.media) + len(c.answer.media) for c in self.cards)


def topic_for(name: str, fallback: str, taken: set[str], builtin: set[str]) -> str:
    """A topic id for a name (an Anki deck's, a file's), ``fallback`` when the name
    has no ASCII letters or digits; never a built-in topic, unique among ``taken``
    (which it joins)."""
    base = slug(name) or fallback
    if base in builtin:  # your own cards never land in a built-in topic by accident of a name
        base = f"my-{base}"[:40].rstrip("-")
    topic, n = base, 2
    while topic in taken:
        topic = f"{base}-{n}"
        n += 1
    taken.add(topic)
    return topic


def plan_collection(col: Collection, path: str, builtin_topics: set[str]) -> Plan:
    """Every importable card of ``col`` as a NewCard, decks as topics."""
    plan = Plan()
    topics: dict[int, str] = {}
    taken: set[str] = set()
    for card in sorted(col.cards, key=lambda c: (col.decks.get(c.deck, ""), c.deck, c.note, c.ord)):
        note = col.notes.get(card.note)
        notetype = col.notetypes.get(note.notetype) if note else None
        if note is None or notetype is None:
            plan.left_out["missing"] += 1
            continue
        if "image occlusion" in notetype.name.lower() or any("image-occlusion:" in f for f in note.fields):
            plan.left_out["occlusion"] += 1
            continue
        fields = dict(zip(notetype.fields, note.fields))
        if notetype.cloze:
            made = _cloze_card(notetype, fields, card)
        else:
            made = _standard_card(notetype, fields, card)
        if made is None:
            plan.left_out["empty"] += 1
            continue
        question, answer = made
        for side in (question, answer):
            if len(side.body) > MAX_TEXT:
                raise AnkiError(say("anki.error.text_too_long", path=path, note=note.id, size=len(side.body),
                                    limit=MAX_TEXT))
        if card.deck not in topics:
            name = col.decks.get(card.deck) or "Default"
            topics[card.deck] = topic_for(name, f"anki-{abs(card.deck)}", taken, builtin_topics)
            plan.titles[topics[card.deck]] = name
            plan.sources[topics[card.deck]] = name
        topic = topics[card.deck]
        suffix = "" if card.ord == 0 else f"-{card.ord + 1}"
        tags = tuple(dict.fromkeys(t for t in map(tag_id, note.tags) if t))[:MAX_TAGS]
        plan.cards.append(NewCard(f"{topic}.anki-{note.id}{suffix}", topic, _title(question), question, answer,
                                  tags, "Anki", card))
    return plan


def _title(question: Plain) -> Plain:
    """The title: the question's first line, media markers and all."""
    return Plain(title_of(question.body), question.media)


def _standard_card(notetype, fields: dict[str, str], card: Card) -> tuple[Plain, Plain] | None:
    formats = notetype.templates.get(card.ord)
    if formats is None:
        return None
    qfmt, afmt = formats
    question = html_to_text(render_template(qfmt, fields, "question"))
    answer = html_to_text(answer_only(afmt, fields))
    if question.empty or answer.empty:
        return None
    return question, answer


def _cloze_card(notetype, fields: dict[str, str], card: Card) -> tuple[Plain, Plain] | None:
    formats = notetype.templates.get(0) or next(iter(notetype.templates.values()), ("", ""))
    m = _CLOZE_FIELD.search(formats[0])
    name = m.group(1).strip() if m else (notetype.fields[0] if notetype.fields else "")
    source = fields.get(name, "")
    question_html, deleted = cloze(source, card.ord + 1)
    if not deleted:
        return None
    extra = html_to_text(answer_only(formats[1], {**fields, name: ""}))
    parts = [html_to_text(d) for d in deleted]
    answer = _join(Plain(_joined(parts), tuple(m for p in parts for m in p.media)), extra)
    question = html_to_text(question_html)
    if question.empty or answer.empty:
        return None
    return question, answer


_TOKEN = re.compile("\x00(\\d+)\x00")


def _joined(parts: list[Plain]) -> str:
    """Deleted texts joined with "; ", their media tokens renumbered to point into
    the joined list of media."""
    out, offset = [], 0
    for p in parts:
        out.append(_TOKEN.sub(lambda m, o=offset: f"\x00{int(m.group(1)) + o}\x00", p.body))
        offset += len(p.media)
    return "; ".join(out)


def _join(first: Plain, second: Plain) -> Plain:
    """Two texts as paragraphs of one (the second's media tokens renumbered)."""
    if second.empty:
        return first
    if first.empty:
        return second
    shifted = _TOKEN.sub(lambda m: f"\x00{int(m.group(1)) + len(first.media)}\x00", second.body)
    return Plain(f"{first.body}\n\n{shifted}", first.media + second.media)
