"""The question bank: load and validate deck files; instantiate a template with a seed.

Public API (other modules and the UI depend on exactly this):

    bank = load_bank()                    # every deck in content/ (or load_bank(path))
    bank.templates["metrics.f1-counts"]   # Template
    bank.errors                           # list[DeckError], each "file:line: message"
    inst = instantiate(template, seed)    # Instance: same seed -> same instance (by its kind)
    inst = instance_for("metrics.f1-counts", seed=7)   # drill-ready, from an id

Each card's kind (``quizapp.kinds``) checks its own deck fields, instantiates it
and judges answers; this module holds the data every kind shares.

A template whose numbers cannot be drawn or computed raises ``TemplateError``
(its ``.error`` is a ``DeckError`` pointing at the card); an unknown id raises
``UnknownCard``. The deck format is documented in ``content/README.md``.

Instances carry text in every language (dicts keyed "en"/"zh"), so switching
language re-renders the same instance without drawing new numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.verdict import Mistake

LANGS = ("en", "zh")

Text = dict  # {"en": str, "zh": str}


@dataclass(frozen=True)
class DeckError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        from quizapp.safe_text import printable

        # File names and messages may carry a deck's text: never let it reach a terminal raw.
        return printable(f"{self.file}:{self.line}: {self.message}")


@dataclass(frozen=True)
class Template:
    """One card as written in a deck: the skill that FSRS schedules."""

    id: str
    topic: str
    kind: str
    tags: tuple[str, ...]
    difficulty: int  # 1 (easy) .. 5 (hard)
    source: str  # which note and section
    title: Text  # short name shown in lists
    file: str
    line: int
    spec: dict = field(repr=False, compare=False, hash=False, default_factory=dict)


@dataclass(frozen=True)
class Stage:
    """One graded answer: the whole of a numeric card, or one stage of a steps card."""

    prompt: Text
    expected: Any  # float or (nested) list
    answer_text: str  # the expected value written at the card's displayed precision
    solution: tuple  # worked steps for these exact numbers: plain lines and catalog Msgs (worked() renders)
    mistakes: tuple[Mistake, ...] = ()
    rtol: float | None = None
    atol: float | None = None
    min_decimals: int | None = None  # the fewest decimals / figures a plain number must show
    min_sig: int | None = None  # to be judged (the prompt says so)
    name: str = ""  # steps: the stage's name (m1); later stages may use its value
    computation: str = ""  # the engine computation behind ``expected`` ("" for an expr stage)
    args: dict = field(default_factory=dict)  # its arguments for these numbers
    pick: tuple = ()  # keys/indices that select ``expected`` from the computation's value
    before: Text = field(default_factory=dict)  # card-written lines shown before the steps
    after: Text = field(default_factory=dict)  # ... and after them

    def worked(self, lang: str) -> list[str]:
        """The worked solution in one language: card lines around the engine's steps
        (the engine's worded lines are catalog messages, rendered in ``lang``)."""
        from quizapp.catalog import render

        head = self.before.get(lang, "").splitlines()
        tail = self.after.get(lang, "").splitlines()
        return [*head, *(render(line, lang) for line in self.solution), *tail]


@dataclass(frozen=True)
class Instance:
    template: Template
    seed: int
    prompt: Text  # the question with its numbers filled in
    params: dict = field(default_factory=dict)  # the drawn parameters
    stages: tuple[Stage, ...] = ()  # numeric: one; steps: two or more; else none
    options: tuple[Text, ...] = ()  # choice: options in this instance's shuffled order
    correct: frozenset[int] = frozenset()  # choice: indices into options
    multiple: bool = False  # choice: more than one option is right
    answer: Text = field(default_factory=dict)  # concept: the model answer; else an explanation
    key_points: tuple[Text, ...] = ()  # concept: the rubric
    note: Text = field(default_factory=dict)  # where the source notes are wrong, the correction

    @property
    def kind(self) -> str:
        return self.template.kind


@dataclass
class Bank:
    templates: dict[str, Template]
    errors: list[DeckError]
    topics: dict[str, Text]  # topic id -> display title, in deck order
    # The user's own deck files read into this bank: the name a Template's ``file``
    # and a DeckError's ``file`` give -> the file's absolute path (``quizapp.userdecks``).
    user_decks: dict[str, Path] = field(default_factory=dict)
    user_root: str | None = None  # the user deck folder, as its own problems name it

    def is_user(self, template: Template) -> bool:
        """True for a card from one of the user's own decks (editable)."""
        return template.file in self.user_decks

    def user_errors(self) -> list[DeckError]:
        """The problems found in the user's own decks (the rest are the bank's)."""
        return [e for e in self.errors if e.file in self.user_decks or e.file == self.user_root]

    def pairs(self) -> list[tuple[str, str]]:
        """(template id, topic) for every template, in deck order."""
        return [(tid, t.topic) for tid, t in self.templates.items()]

    def fingerprint(self) -> str:
        """A short hash of ``pairs()``: the store syncs only when it changes. Computed
        once per bank (a bank is not changed after loading)."""
        cached = self.__dict__.get("_fingerprint")
        if cached is None:
            import hashlib
            import json

            cached = hashlib.blake2b(json.dumps(self.pairs()).encode(), digest_size=16).hexdigest()
            self.__dict__["_fingerprint"] = cached
        return cached


class TemplateError(Exception):
    """A template cannot produce an instance: constraints never met, or the engine
    rejects the drawn numbers. ``error`` points at the card in its deck."""

    def __init__(self, error: DeckError):
        super().__init__(str(error))
        self.error = error


class UnknownCard(LookupError):
    """No card in the bank has that id."""

    def __str__(self) -> str:
        return str(self.args[0])


MAX_DRAWS = 1000


def find_topic(topics: dict[str, Text], typed: str) -> str | None:
    """The topic id ``typed`` names among ``topics`` (id -> title, as ``Bank.topics``):
    its id or its title in any language, ignoring case and runs of space
    (``Metrics``, ``evaluation metrics``, ``评估指标``)."""
    want = " ".join(str(typed).split()).casefold()
    for topic, title in topics.items():
        names = {topic, *title.values()} if isinstance(title, dict) else {topic}
        if want in {" ".join(str(n).split()).casefold() for n in names}:
            return topic
    return None


def load_bank(path: str | Path | None = None, *, user: str | Path | None = None) -> Bank:
    """Every deck in a folder (default ``quizapp.paths.content_dir()``) or one deck file,
    then, with ``user``, the user's own decks in that folder (``quizapp.userdecks``:
    read the same way, within their own bounds; a missing folder is no decks).

    A malformed deck, or card, is skipped and its problems recorded in ``errors``;
    the rest still load. An id must be unique across every deck: a second card with
    it is an error naming both places. Cards are checked against the schema, never
    instantiated.
    """
    from quizapp import deck_format
    from quizapp.paths import content_dir

    root = Path(path) if path is not None else content_dir()
    bank = Bank(templates={}, errors=[], topics={})
    files, problems = deck_format.deck_files(root)
    bank.errors.extend(problems)
    add_decks(bank, files, deck_format.MAX_BANK_BYTES)  # all decks together are read within one bound
    if user is not None:
        from quizapp.userdecks import read_user_decks

        read_user_decks(bank, Path(user))
    bank.errors.sort(key=lambda e: (e.file, e.line))
    return bank


def add_decks(bank: Bank, files: list[Path], budget: int) -> list:
    """Read ``files`` into ``bank`` (at most ``budget`` bytes together); returns the
    decks read (``deck_format.Deck``)."""
    from quizapp import deck_format

    decks = []
    for file in files:
        deck = deck_format.read_deck(file, max_bytes=min(deck_format.MAX_DECK_BYTES, budget))
        budget -= deck.size
        decks.append(deck)
        bank.errors.extend(deck.errors)
        if deck.topic is None:
            continue
        bank.topics.setdefault(deck.topic, deck.title)
        for t in deck.templates:
            first = bank.templates.get(t.id)
            if first is not None:
                bank.errors.append(
                    DeckError(t.file, t.line, f"duplicate id {t.id!r} (first at {first.file}:{first.line})")
                )
                continue
            bank.templates[t.id] = t
    return decks


_default_bank: Bank | None = None


def instance_for(card_id: str, seed: int, bank: Bank | None = None) -> Instance:
    """A drill-ready instance of the card ``card_id`` for ``seed`` (the default bank
    is loaded once and kept)."""
    global _default_bank
    if bank is None:
        if _default_bank is None:
            _default_bank = load_bank()
        bank = _default_bank
    template = bank.templates.get(card_id)
    if template is None:
        import difflib

        close = difflib.get_close_matches(card_id, bank.templates, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownCard(f"no card with id {card_id!r}{hint}")
    return instantiate(template, seed)


def instantiate(template: Template, seed: int) -> Instance:
    """The instance of ``template`` for ``seed``: the same seed always gives the same
    numbers, option order, answers and mistakes (the card's kind does the work)."""
    from quizapp import kinds
    from quizapp.expr import budget
    from quizapp.params import rng_for

    with budget():  # everything evaluated for one instance shares one bounded count of steps
        return kinds.get(template.kind).instantiate(template, seed, rng_for(template.id, seed))


def answer_shape(v: Any) -> tuple[int, ...] | None:
    """The shape of a gradable value — a finite number ``()``, or a regular, non-empty
    (nested) list of them — else None (text, a ragged list, infinity…)."""
    if isinstance(v, list):
        shapes = {answer_shape(x) for x in v}
        if not v or len(shapes) != 1 or None in shapes:
            return None
        return (len(v), *shapes.pop())
    return () if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None
