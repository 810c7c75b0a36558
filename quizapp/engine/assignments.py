"""Reading a computation's arguments from text: ``KEY=VALUE`` words.

Shared by ``quizapp compute`` (the words come from the shell) and the scratchpad
(the words come from one typed line). VALUE is read as JSON when it parses
(``x=[1,-2]``, ``nesterov=true``), else kept as a plain string (``average=macro``);
the Unicode minus quizapp prints is read as ``-``, so a value copied back from its
output parses. Headless and light: no numpy, no catalog entries loaded at import.
"""

from __future__ import annotations

import json
from typing import Any

from quizapp.catalog import SaidError, say


class AssignmentError(SaidError):
    """A word that is not ``KEY=VALUE``, a key given twice, a value nested too deep.
    ``msg`` is the sentence (``text(lang)``); ``str()`` is it in English."""


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """``["x=[1,-2]", "average=macro"]`` to ``{"x": [1, -2], "average": "macro"}``."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.isidentifier():
            raise AssignmentError(say("engine.cli.key_value", got=repr(item)))
        if key in out:
            raise AssignmentError(say("engine.cli.twice", key=repr(key)))
        try:
            # quizapp prints '−' (U+2212); a value copied back from its output must parse
            out[key] = json.loads(raw.replace("\u2212", "-"))
        except ValueError:
            out[key] = raw
        except RecursionError:
            raise AssignmentError(say("engine.cli.too_deep", key=key)) from None
    return out
