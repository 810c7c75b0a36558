"""The question bank: load and validate deck files; instantiate a template with a seed.

Public API (other modules and the UI depend on exactly this):

    bank = load_bank()                    # every deck in content/ (or load_bank(path))
    bank.templates["metrics.f1-counts"]   # Template
    bank.errors                           # list[DeckError], each "file:line: message"
    inst = instantiate(template, seed)    # Instance: same seed -> same instance
    v = judge(inst.stages[0], "0.83")     # StageVerdict for a numeric stage
    c = judge_choice(inst, "2")           # StageVerdict for a choice card

Instances carry text in every language (dicts keyed "en"/"zh"), so switching
language re-renders the same instance without drawing new numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGS = ("en", "zh")
KINDS = ("concept", "choice", "numeric", "steps")

Text = dict  # {"en": str, "zh": str}


@dataclass(frozen=True)
class DeckError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


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
class Mistake:
    id: str
    label: Text  # "forgot the bias correction"
    value: Any  # what that mistake computes for this instance


@dataclass(frozen=True)
class Stage:
    """One graded answer: the whole of a numeric card, or one stage of a steps card."""

    prompt: Text
    expected: Any  # float or (nested) list
    answer_text: str  # the expected value written at the card's displayed precision
    solution: tuple[str, ...]  # worked steps for these exact numbers
    mistakes: tuple[Mistake, ...] = ()
    rtol: float | None = None
    atol: float | None = None


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


@dataclass(frozen=True)
class StageVerdict:
    correct: bool
    readable: bool
    value: Any
    message: Text  # one sentence per language
    mistake: Mistake | None = None


@dataclass
class Bank:
    templates: dict[str, Template]
    errors: list[DeckError]
    topics: dict[str, Text]  # topic id -> display title, in deck order


def load_bank(path: str | Path | None = None) -> Bank:
    raise NotImplementedError


def instantiate(template: Template, seed: int) -> Instance:
    raise NotImplementedError


def judge(stage: Stage, text: str) -> StageVerdict:
    raise NotImplementedError


def judge_choice(instance: Instance, text: str) -> StageVerdict:
    raise NotImplementedError
