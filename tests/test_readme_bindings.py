"""The README's key table lists every key binding of the app, with its keys and id."""

from __future__ import annotations

from pathlib import Path

from quizapp.tui.screens.help import key_rows

README = Path(__file__).resolve().parent.parent / "README.md"
README_KEYS = {"question_mark": "?", "slash": "/"}  # how a key is written in the README


def _table_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using quizapp", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_readme_lists_every_binding_with_its_keys():
    lines = _table_lines()
    missing = []
    for where, fam, keys, ids in key_rows({}):
        cells = [f"`{README_KEYS.get(k, k)}`" for k in keys]
        if not any(f"`{ids[0]}`" in line and all(c in line.split("|")[1] for c in cells) for line in lines):
            missing.append(f"{where}: {ids[0]} ({', '.join(keys)})")
    assert not missing, "README.md's key table lacks: " + "; ".join(missing)


def test_readme_lists_no_binding_that_does_not_exist():
    ids = {bid for _, _, _, row in key_rows({}) for bid in row}
    for line in _table_lines():
        for named in line.split("|")[4].strip().split("`")[1::2]:
            assert named in ids, f"README.md lists {named!r}, which no binding has"
