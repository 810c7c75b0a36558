"""One view per card kind, found by the kind's name: ``quizapp.tui.widgets.kinds.<name>``
defines ``VIEW``, a ``CardView`` subclass. A new kind is its headless module in
``quizapp/kinds/`` and its view here; nothing else changes."""

from __future__ import annotations

import importlib

from quizapp.tui.widgets.kinds.base import AnswerBox, CardView, VerdictPane


def view_for(kind: str) -> type[CardView]:
    module = importlib.import_module(f"{__name__}.{kind}")
    return module.VIEW


def all_views() -> dict[str, type[CardView]]:
    """Every kind's view (the help screen lists their keys)."""
    from quizapp import kinds

    return {name: view_for(name) for name in kinds.names()}


__all__ = ["AnswerBox", "CardView", "VerdictPane", "all_views", "view_for"]
