"""Card kinds as a registry, like the engine's computations.

One module per kind in this package (``concept``, ``choice``, ``numeric``,
``steps``, …) defines a ``CardKind`` subclass and ``KIND = ThatKind()``; the
registry finds the modules itself, so a new kind is its own module here plus its
widget in ``quizapp/tui/widgets/kinds/<name>.py`` (found by the same name) and
nothing else. A kind reads its deck fields (``fields``, ``required``, ``check``),
instantiates a template for a seed, judges answers (one ``Verdict`` per answer;
a steps card takes several), and renders itself as plain text for
``quizapp drill --plain``.

How a learner answers a kind (``answer_mode``) is one of:

- ``"typed"``: text, judged by ``judge`` (numeric, steps: one answer per stage);
- ``"choice"``: option letters or numbers, judged by ``judge``;
- ``"self"``: reveal the model answer, then rate yourself 1–4 (concept).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from quizapp.content import Instance, Template
    from quizapp.verdict import Verdict

Problems = list  # [(key or keys to point at, message)]


@dataclass(frozen=True)
class Reveal:
    """A self-rated card's model answer, shown before the learner rates themself."""

    answer: dict
    key_points: tuple[dict, ...]
    note: dict


class CardKind:
    """The behaviour of one kind of card. Subclasses set the class attributes and
    override what their kind does differently."""

    name: ClassVar[str] = ""
    answer_mode: ClassVar[str] = "typed"  # "typed" | "choice" | "self"
    fields: ClassVar[frozenset[str]] = frozenset()  # deck keys besides the common ones
    required: ClassVar[tuple[str, ...]] = ()

    # -- the deck

    def check(self, card: dict, topic: str) -> Problems:
        """Schema problems of this kind's own fields (required and unknown keys are
        checked by the deck reader)."""
        return []

    # -- one instance

    def instantiate(self, template: Template, seed: int, rng: Any) -> Instance:
        raise NotImplementedError

    def asks(self, inst: Instance) -> int:
        """How many answers the card takes (a steps card: one per stage)."""
        return 1

    def ask_prompt(self, inst: Instance, ask: int, lang: str) -> str | None:
        """The question of answer ``ask`` when the card takes several, else None."""
        return None

    def judge(self, inst: Instance, ask: int, text: str) -> Verdict:
        raise NotImplementedError(f"a {self.name} card is not judged from text")

    def expected(self, inst: Instance, ask: int | None = None) -> str:
        """The right answer as text ("0.833", "A, C"), "" when there is none."""
        return ""

    def solution(self, inst: Instance, lang: str) -> list[str]:
        """The worked solution (or explanation, or model answer) in ``lang``."""
        return []

    def stage_specs(self, template: Template) -> list[dict]:
        """The deck tables of the stages the engine computes (what ``check-content``
        self-tests); [] for a kind with none."""
        return []

    def reveal(self, inst: Instance) -> Reveal:
        raise NotImplementedError(f"a {self.name} card is not revealed")

    @property
    def graded(self) -> bool:
        return self.answer_mode != "self"

    # -- plain text (``quizapp drill --plain``)

    def plain_question(self, inst: Instance, lang: str) -> list[str]:
        """The lines that ask the card (its prompt; options for a choice card)."""
        return inst.prompt[lang].splitlines()


_REGISTRY: dict[str, CardKind] | None = None


def registry() -> dict[str, CardKind]:
    """Every kind, by name (the modules of this package, found once)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, CardKind] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            kind = getattr(importlib.import_module(f"{__name__}.{info.name}"), "KIND", None)
            if isinstance(kind, CardKind):
                if kind.name != info.name:
                    raise RuntimeError(f"kinds/{info.name}.py defines kind {kind.name!r}; name them alike")
                found[kind.name] = kind
        _REGISTRY = dict(sorted(found.items(), key=lambda kv: _ORDER.get(kv[0], 99)))
    return _REGISTRY


_ORDER = {"concept": 0, "choice": 1, "numeric": 2, "steps": 3}


def get(name: str) -> CardKind:
    try:
        return registry()[name]
    except KeyError:
        raise KeyError(f"there is no card kind {name!r}; the kinds are {', '.join(registry())}") from None


def names() -> tuple[str, ...]:
    return tuple(registry())


__all__ = ["CardKind", "Problems", "Reveal", "get", "names", "registry"]
