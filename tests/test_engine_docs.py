"""docs/engine.md documents every registered computation, with its arguments and
defaults as registered, so a computation added later must document itself."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from quizapp.engine import computations
from quizapp.engine._registry import _show_default

DOC = (Path(__file__).resolve().parents[1] / "docs" / "engine.md").read_text(encoding="utf-8")


def _rows() -> dict[str, str]:
    """Table rows by the computation named (in backticks) in their first cell."""
    rows = {}
    for line in DOC.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) >= 3 and (m := re.fullmatch(r"`([a-z_0-9]+)`", cells[0])):
            assert m.group(1) not in rows, f"{m.group(1)} has two rows"
            rows[m.group(1)] = cells[1]
    return rows


def test_every_computation_has_a_row():
    rows = _rows()
    missing = [c.name for c in computations() if c.name not in rows]
    assert not missing, f"docs/engine.md has no table row for: {missing}"


def test_every_row_names_a_registered_computation():
    names = {c.name for c in computations()}
    assert not [name for name in _rows() if name not in names]


def test_rows_list_the_arguments_and_defaults_as_registered():
    rows = _rows()
    wrong = []
    for c in computations():
        parts = []
        for p in c.params:
            parts.append(p.name if p.default is inspect.Parameter.empty else f"{p.name}={_show_default(p.default)}")
        if rows.get(c.name) != f"`{', '.join(parts)}`":
            wrong.append(f"{c.name}: documented {rows.get(c.name)!r}, registered `{', '.join(parts)}`")
    assert not wrong, "\n".join(wrong)


def test_the_reference_stands_alone():
    assert "shared/" not in DOC
