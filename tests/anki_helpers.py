"""Realistic Anki packages for the import tests, made by Anki itself (the ``anki``
package, a test-only dependency): a collection with Basic, Basic-and-reversed and
Cloze notes, media, a suspended card and review-log entries, exported by Anki's
own exporter as a current package (collection.anki21b, zstd) or a legacy one
(collection.anki21), and repacked as an Anki 2.0 package (collection.anki2)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")

DAY = 86_400_000  # ms
# Reviews at noon UTC, a whole number of days apart (learning steps minutes apart
# on the same day), so Anki's day-based intervals and FSRS's elapsed days agree.
T0 = int(datetime(2025, 3, 3, 12, tzinfo=timezone.utc).timestamp() * 1000)

LEARN, REVIEW, RELEARN, FILTERED, MANUAL = range(5)


@dataclass
class Built:
    """What a test needs to know about the collection it exported."""

    path: Path  # the current format (collection.anki21b)
    legacy: Path  # the same collection as Anki 2.1 before 2.1.50 wrote it (collection.anki21)
    notes: dict[str, int] = field(default_factory=dict)  # label -> note id
    cards: dict[str, int] = field(default_factory=dict)  # label -> card id ("basic", "rev", "rev-2", "cloze-1", …)
    history: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # label -> [(ms, ease, type)]
    memory: dict[str, tuple[float, float]] = field(default_factory=dict)  # label -> Anki's (stability, difficulty)
    deck_ids: dict[str, int] = field(default_factory=dict)


MIN = 60_000  # ms

# Each entry: (time since the card's previous log entry, ease, type). Gaps are whole
# days or minutes, so Anki's calendar days and FSRS's elapsed days agree.
HISTORIES = {
    # learnt, a lapse and relearning, then good reviews
    "basic": [(0, 3, LEARN), (10 * MIN, 3, LEARN), (1 * DAY, 3, REVIEW), (3 * DAY, 1, REVIEW),
              (10 * MIN, 3, RELEARN), (2 * DAY, 3, REVIEW), (14 * DAY, 4, REVIEW)],
    # two Again in learning, then easy-going
    "rev": [(0, 1, LEARN), (1 * MIN, 1, LEARN), (10 * MIN, 3, LEARN), (2 * DAY, 2, REVIEW), (7 * DAY, 3, REVIEW)],
    # reviewed, then reset to new ("Forget": a manual entry without ease), then learnt again
    "cloze-1": [(0, 3, LEARN), (3 * DAY, 3, REVIEW), (2 * DAY, 0, MANUAL), (2 * DAY, 4, LEARN),
                (10 * DAY, 3, REVIEW)],
    # a filtered-deck preview that did not reschedule, between real reviews
    "cloze-2": [(0, 4, LEARN), (10 * DAY, 3, REVIEW), (1 * DAY, 1, FILTERED), (29 * DAY, 3, REVIEW)],
}


def times(entries: list[tuple[int, int, int]], salt: int = 0) -> list[tuple[int, int, int]]:
    """(ms since the epoch, ease, type) of a history given by gaps."""
    out, at = [], T0 + salt * 7
    for gap, ease, kind in entries:
        at += gap
        out.append((at, ease, kind))
    return out


def _insert_revlog(col, cid: int, entries: list[tuple[int, int, int]]) -> None:
    values = []
    for at, ease, kind in entries:
        factor = 0 if kind in (MANUAL, FILTERED) else 2500
        values.append(f"({at}, {cid}, -1, {ease}, 1, 0, {factor}, 6000, {kind})")
    col.db.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES "
                   + ", ".join(values))


def build(tmp: Path, *, extra_notes: int = 0, name: str = "deck") -> Built:
    """Make the collection and export it in the current and the legacy format;
    returns where and what."""
    from anki.collection import AddNoteRequest, ExportAnkiPackageOptions

    tmp.mkdir(parents=True, exist_ok=True)
    col = anki_collection.Collection(str(tmp / f"{name}.anki2"))
    try:
        built = Built(tmp / f"{name}.apkg", tmp / f"{name}-legacy.apkg")
        vocab = col.decks.id("Languages::Japanese Vocab")
        ml = col.decks.id("ML basics")
        built.deck_ids = {"vocab": vocab, "ml": ml}
        basic = col.models.by_name("Basic")
        reverse = col.models.by_name("Basic (and reversed card)")
        cloze = col.models.by_name("Cloze")
        image = tmp / "f1-curve.png"
        image.write_bytes(b"\x89PNG\r\n\x1a\n fake image")
        media_name = col.media.add_file(str(image))

        def add(label, model, deck, **fields):
            note = col.new_note(model)
            for k, v in fields.items():
                note[k] = v
            note.tags = ["ml", "Chapter::One"] if deck == ml else ["vocab"]
            col.add_note(note, deck)
            built.notes[label] = note.id
            return note

        add("basic", basic, ml, Front=f'What is <b>F1</b>?&nbsp;<img src="{media_name}">',
            Back="2·P·R / (P + R)<br>the <i>harmonic</i> mean &amp; more<div>of precision and recall</div>")
        add("rev", reverse, vocab, Front="犬", Back="dog [sound:inu.mp3]")
        add("cloze", cloze, ml, Text="{{c1::Adam}} keeps {{c2::bias correction::a fix}} for m̂ and v̂",
            **{"Back Extra": "Kingma &amp; Ba, 2015"})
        add("empty", basic, ml, Front="A note whose back is empty", Back="<br>")
        for i in range(extra_notes):
            add(f"extra-{i}", basic, vocab, Front=f"word {i}", Back=f"meaning {i}")
        for label, nid in built.notes.items():
            for cid, ordinal in col.db.all("SELECT id, ord FROM cards WHERE nid = ?", nid):
                key = label if label in ("basic", "empty") or label.startswith("extra") else (
                    f"{label}-{ordinal + 1}" if label == "cloze" else (label if ordinal == 0 else f"{label}-2"))
                built.cards[key] = cid
        for salt, (label, gaps) in enumerate(HISTORIES.items()):
            cid = built.cards[label]
            entries = times(gaps, salt)
            _insert_revlog(col, cid, entries)
            built.history[label] = entries
            col.db.execute("UPDATE cards SET type = 2, queue = 2, ivl = 10, due = 100, factor = 2500 WHERE id = ?",
                           cid)
        col.sched.suspend_cards([built.cards["rev-2"]])
        for label in HISTORIES:
            state = col.compute_memory_state(built.cards[label])
            built.memory[label] = (state.stability, state.difficulty)
        for path, legacy in ((built.path, False), (built.legacy, True)):
            col.export_anki_package(out_path=str(path), limit=None, options=ExportAnkiPackageOptions(
                with_scheduling=True, with_media=True, with_deck_configs=False, legacy=legacy))
    finally:
        col.close()
    return built


def as_anki2(package: Path, out: Path) -> Path:
    """An Anki 2.0 package: the legacy collection as collection.anki2, alone."""
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("collection.anki2", src.read("collection.anki21"))
        dst.writestr("media", src.read("media"))
    return out


def moment(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
