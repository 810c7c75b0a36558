"""Import an Anki package or a CSV file into the learner's own decks and progress.

Both ways end the same: the cards become concept cards in deck files in the user
deck folder (``paths.user_decks_dir``: ``decks/`` beside the progress database),
and the database gets their memory state (Anki: replayed from the review log;
CSV: new) and their reviews, with the daily figures those reviews count in.

Everything is read and checked first (the file, every card, the deck files as
the deck reader will read them, the size the deck folder would reach); then the
deck files are written as temporary files, the database transaction writes every
row, the deck files get their names, and the transaction commits. A failure at
any step leaves the database and the deck folder as they were.

The import merges into a database that already has progress: a card whose id the
database (or a deck file in the folder) already has is left out and counted, so
importing the same export twice adds nothing the second time.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from quizapp import deck_format
from quizapp.anki import AnkiError
from quizapp.anki.convert import NewCard, Plan
from quizapp.catalog import say
from quizapp.paths import user_decks_dir


@dataclass
class ImportReport:
    source: str
    folder: Path
    added: int = 0
    reviews: int = 0
    with_history: int = 0
    present: int = 0  # left out: already in the database or the deck folder
    files: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)  # reason -> cards (see convert)
    media: int = 0  # media references replaced by markers
    suspended: int = 0


def builtin_topics() -> set[str]:
    from quizapp.content import load_bank

    return set(load_bank().topics)


def import_apkg(path: str | os.PathLike, db_path: str | os.PathLike, *, topics: set[str] | None = None,
                tz=None) -> ImportReport:
    """Import the Anki package at ``path`` into the progress database at
    ``db_path`` and its user deck folder. Raises AnkiError (the file) or
    StoreError (the database); nothing is changed then."""
    from quizapp.anki.convert import plan_collection
    from quizapp.anki.package import read_package

    shown = str(path)
    col = read_package(path)
    plan = plan_collection(col, shown, builtin_topics() if topics is None else topics)
    if not plan.cards:
        raise AnkiError(say("anki.error.nothing", path=shown))
    return _import(plan, shown, db_path, col=col, tz=tz)


def import_csv(path: str | os.PathLike, db_path: str | os.PathLike, topic: str | None = None, *,
               topics: set[str] | None = None) -> ImportReport:
    """Import the CSV file at ``path`` as new concept cards in topic ``topic``
    (default: from the file's name)."""
    from quizapp.anki.convert import topic_for
    from quizapp.anki.csvfile import read_csv

    path = Path(path)
    if topic is not None and not (deck_format.ID_RE.fullmatch(topic) and len(topic) <= 40):
        raise AnkiError(say("csv.error.topic", topic=topic[:60]))
    chosen = topic or topic_for(path.stem, "cards", set(), builtin_topics() if topics is None else topics)
    plan = read_csv(path, chosen, path.stem or chosen)
    return _import(plan, str(path), db_path)


def _existing_decks(folder: Path) -> tuple[list[str], set[str], int]:
    """(file names, card ids, bytes) of the deck files already in ``folder``."""
    if not folder.is_dir():
        return [], set(), 0
    files, problems = deck_format.deck_files(folder)
    names = [f.name for f in files]
    try:
        names += [e.name for e in os.scandir(folder) if e.name not in names]
    except OSError:
        pass
    ids: set[str] = set()
    size = 0
    for f in files:
        deck = deck_format.read_deck(f)
        size += deck.size
        ids.update(t.id for t in deck.templates)
    return names, ids, size


def _import(plan: Plan, shown: str, db_path: str | os.PathLike, *, col=None, tz=None) -> ImportReport:
    from quizapp.anki.deckfile import Staged, render_decks
    from quizapp.srs import MemoryState, SrsSettings
    from quizapp.store import ImportedCard, NoDatabase, Store

    folder = user_decks_dir(db_path)
    report = ImportReport(shown, folder, left_out=plan.left_out)
    names, in_decks, size = _existing_decks(folder)
    # Read first (nothing is created for an import that is then refused), write last.
    try:
        with Store.open(db_path, readonly=True) as reader:
            known = reader.known_template_ids(c.id for c in plan.cards)
            settings = reader.srs_settings()
    except NoDatabase:
        known, settings = set(), SrsSettings()
    known |= in_decks
    cards = [c for c in plan.cards if c.id not in known]
    report.present = len(plan.cards) - len(cards)
    if not cards:
        return report
    if col is not None:
        from quizapp.anki.history import replay_all

        imported = replay_all(((c.id, c.topic, c.anki) for c in cards), col.reviews, col.created, settings, tz)
    else:
        imported = [ImportedCard(MemoryState(c.id, c.topic)) for c in cards]
    decks = render_decks(cards, plan.titles, {t: _origin(shown, s) for t, s in plan.sources.items()}, names)
    _check_room(decks, names, size, folder)
    with Staged(folder, decks) as staged, Store.open(db_path) as store:
        if store.srs_settings() != settings:  # changed in between: schedule with what is there now
            raise AnkiError(say("anki.error.changed", path=str(store.path)))
        counts = store.import_history(imported, publish=staged.publish)
    report.added, report.reviews = counts.cards, counts.reviews
    report.with_history = sum(1 for c in imported if c.reviews or not c.memory.is_new)
    report.suspended = sum(c.suspended for c in imported)
    report.files = [d.name for d in decks]
    report.topics = list(dict.fromkeys(c.topic for c in cards))
    report.media = sum(len(c.question.media) + len(c.answer.media) for c in cards)
    return report


def _origin(shown: str, source: str) -> str:
    name = Path(shown).name
    return f'Anki deck "{source}" in {name}' if source != name else name


def _check_room(decks: Sequence, names: list[str], size: int, folder: Path) -> None:
    added = sum(len(d.text.encode("utf-8")) for d in decks)
    if size + added > deck_format.MAX_BANK_BYTES:
        raise AnkiError(say("anki.error.no_room", folder=str(folder), size=f"{(size + added) / (1 << 20):.1f}",
                            limit=deck_format.MAX_BANK_BYTES >> 20))
    toml = sum(1 for n in names if n.endswith(".toml"))
    if toml + len(decks) > deck_format.MAX_DECK_FILES:
        raise AnkiError(say("anki.error.too_many_files", folder=str(folder), count=toml + len(decks),
                            limit=deck_format.MAX_DECK_FILES))


__all__ = ["ImportReport", "NewCard", "import_apkg", "import_csv"]
