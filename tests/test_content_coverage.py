"""content/README.md stays true to the bank: the coverage map of the source notes names every
card of the bank under the section its ``source`` cites and no card that does not exist, the
counts table matches the bank per topic and kind, and every card of the known-errors table
exists and carries a ``note``.

The notes themselves are not part of the repository, so these tests read only the README
and the bank (content/coverage.py rebuilds the map from the notes)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.content import load_bank

README = Path(__file__).resolve().parent.parent / "content" / "README.md"
KINDS = ("concept", "choice", "numeric", "steps")
ID = re.compile(r"`([a-z0-9-]+\.[a-z0-9-]+)`")


def _block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    assert start in text and end in text, f"content/README.md has no {start} … {end} block"
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture(scope="module")
def bank():
    b = load_bank()
    assert not b.errors, b.errors
    return b


def _map_entries() -> list[tuple[str, str, list[str]]]:
    """(note, section title, card ids) for every line of the coverage map."""
    out, note = [], None
    for line in _block("coverage").splitlines():
        m = re.match(r"^\*\*Note (\d{3})\*\*$", line.strip())
        if m:
            note = m.group(1)
            continue
        m = re.match(r"^\s*- (.+?): (.*)$", line)
        if m:
            assert note is not None, f"a map line before any note: {line!r}"
            out.append((note, m.group(1), ID.findall(m.group(2))))
    return out


def test_map_has_all_five_notes_and_sections():
    entries = _map_entries()
    assert {n for n, _, _ in entries} == {"000", "001", "002", "003", "004"}
    assert len(entries) > 100  # one line per section: a truncated map would lose most of them


def test_every_card_is_in_the_map_under_the_section_it_cites(bank):
    where: dict[str, set[tuple[str, str]]] = {}
    for note, title, ids in _map_entries():
        for cid in ids:
            where.setdefault(cid, set()).add((note, title))
    missing = sorted(set(bank.templates) - set(where))
    assert not missing, f"cards missing from the coverage map: {missing}"
    misplaced = []
    for cid, t in bank.templates.items():
        note, _, section = t.source.partition(" § ")
        if (note, section.strip()) not in where[cid]:
            misplaced.append(f"{cid} cites {t.source!r} but the map lists it under {sorted(where[cid])}")
    assert not misplaced, "\n".join(misplaced)


def test_every_id_in_the_map_exists_once(bank):
    ids = [cid for _, _, found in _map_entries() for cid in found]
    unknown = sorted(set(ids) - set(bank.templates))
    assert not unknown, f"the coverage map names cards the bank does not have: {unknown}"
    twice = sorted(cid for cid, n in Counter(ids).items() if n > 1)
    assert not twice, f"cards listed twice in the coverage map: {twice}"


def _table_rows(block: str) -> dict[str, list[int]]:
    rows = {}
    for line in block.strip().splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if cells[0] in ("topic", "") or set(cells[0]) <= set("-:"):
            continue
        rows[cells[0]] = [int(c) for c in cells[1:]]
    return rows


def test_counts_table_matches_the_bank(bank):
    rows = _table_rows(_block("counts"))
    per = {topic: Counter() for topic in {t.topic for t in bank.templates.values()}}
    for t in bank.templates.values():
        per[t.topic][t.kind] += 1
    assert set(rows) == set(per) | {"all"}, "the counts table must have one row per topic and a total"
    for topic, c in per.items():
        want = [c[k] for k in KINDS] + [c["numeric"] + c["steps"], sum(c.values())]
        assert rows[topic] == want, f"{topic}: the table says {rows[topic]}, the bank has {want} ({KINDS}, numeric + steps, all)"
    total = Counter(t.kind for t in bank.templates.values())
    assert rows["all"] == [total[k] for k in KINDS] + [total["numeric"] + total["steps"], len(bank.templates)]


def test_the_bank_is_as_large_as_the_issue_asks(bank):
    kinds = Counter(t.kind for t in bank.templates.values())
    assert len(bank.templates) >= 320
    assert kinds["numeric"] + kinds["steps"] >= 140


def test_known_errors_table_is_taught_by_existing_cards_with_a_note(bank):
    rows = [line for line in _block("errors").splitlines() if re.match(r"^\|\s*\d+\s*\|", line)]
    assert [int(r.split("|")[1]) for r in rows] == list(range(1, 18)), "the table lists the 17 known errors in order"
    for row in rows:
        ids = ID.findall(row.rsplit("|", 2)[-2])
        assert ids, f"no card teaches: {row}"
        for cid in ids:
            assert cid in bank.templates, f"{cid} (known-errors table) is not in the bank"
            note = bank.templates[cid].spec.get("note")
            assert note and note.get("en") and note.get("zh"), f"{cid} teaches a known error but has no note"


def _texts(value, path=""):
    """Every {en, zh} text of a card spec, with where it sits."""
    if isinstance(value, dict):
        if isinstance(value.get("en"), str) and isinstance(value.get("zh"), str):
            yield path, value
        for key, sub in value.items():
            yield from _texts(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _texts(sub, f"{path}[{i}]")


def test_learner_text_never_mentions_the_source_notes(bank):
    """Learners never see the notes: cards say what is commonly claimed, not what "the notes" say."""
    said = []
    for cid, t in bank.templates.items():
        for path, text in _texts(t.spec):
            if re.search(r"\bthe notes?\b", text["en"], re.I) or "笔记" in text["zh"]:
                said.append(f"{cid}{path}")
    assert not said, f"learner-visible text mentions the notes: {said}"
