"""Write imported cards as user deck files (content/README.md's format), safely.

Text goes into TOML only through ``toml_string``: every character that could end
or bend a string is escaped, so nothing a card says can become TOML of its own.
Long texts are multi-line strings whose lines are kept under the reader's
``MAX_LINE`` with TOML's line-ending backslash. A topic's cards are split over
files of at most ``FILE_BYTES`` (a deck file may hold 1 MiB): ``<topic>.toml``,
``<topic>-2.toml``, … (the next free names). Each file is read back with the
real deck reader (``deck_format.check_text``, through its cache, so the app's
next start finds them checked) before anything is written: a deck it would not
load in full is never kept.

Publishing is the last step of the database transaction (``Staged``): files are
first written beside their final names as hidden temporary files, then linked to
their names (never replacing a file) just before the commit, and taken back if
the commit fails; on any failure no file is left behind.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from quizapp import deck_format
from quizapp.paths import sync_folder
from quizapp.anki import AnkiError
from quizapp.anki.convert import NewCard
from quizapp.anki.text import clean
from quizapp.catalog import LANGS, say

FILE_BYTES = 1_000_000  # per deck file (the reader's limit: 1 MiB)
SHORT = 200  # characters written as a one-line string
CHUNK = 2_000  # characters per line of a multi-line string (the reader allows 10,000)
DIFFICULTY = 3


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    # the reader forbids every other control character; clean() removed them, but never trust that here
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", out)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (one line) or multi-line basic string."""
    if "\n" not in text and len(text) <= SHORT:
        return '"' + _escape(text).replace("\n", "\\n") + '"'
    physical = []
    for line in text.split("\n"):
        pieces = [line[i:i + CHUNK] for i in range(0, len(line), CHUNK)] or [""]
        for k, piece in enumerate(pieces):
            body = _escape(piece)
            if k > 0 and piece[:1].isspace():
                # after a line-ending backslash TOML drops leading whitespace: keep it as an escape
                body = f"\\u{ord(piece[0]):04x}" + _escape(piece[1:])
            stripped = body.lstrip(" ")
            if stripped.startswith("["):  # never a line that looks like a table header to a line scanner
                at = len(body) - len(stripped)
                body = body[:at] + "\\u005B" + body[at + 1:]
            physical.append(body + ("\\" if k < len(pieces) - 1 else ""))
    return '"""\n' + "\n".join(physical) + '"""'


def _text_table(values: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{lang} = {toml_string(values[lang])}" for lang in LANGS) + " }"


def card_toml(card: NewCard) -> str:
    """One ``[[card]]`` table."""
    tags = "[" + ", ".join(toml_string(t) for t in card.tags) + "]"
    title = {lang: clean(card.title.text(lang), keep="").replace("\t", " ") for lang in LANGS}
    return "\n".join([
        "[[card]]",
        f"id = {toml_string(card.id)}",
        'kind = "concept"',
        f"tags = {tags}",
        f"difficulty = {DIFFICULTY}",
        f'source = {{ note = "000", section = {toml_string(clean(card.section, keep="")[:100] or "-")} }}',
        f"title = {_text_table(title)}",
        f"question = {_text_table({lang: card.question.text(lang) for lang in LANGS})}",
        f"answer = {_text_table({lang: card.answer.text(lang) for lang in LANGS})}",
    ]) + "\n"


def header_toml(topic: str, title: str, origin: str) -> str:
    name = clean(title, keep="").replace("\t", " ").strip()[:200] or topic
    note = clean(origin, keep="").replace("\t", " ")[:200]
    return (f"# Imported by quizapp on {date.today().isoformat()} from {note}.\n"
            "# Edit the text freely; keep each id as it is (your progress is kept under it).\n"
            "[deck]\n"
            f"topic = {toml_string(topic)}\n"
            f"title = {_text_table({lang: name for lang in LANGS})}\n")


@dataclass(frozen=True)
class DeckText:
    name: str  # file name in the user deck folder
    text: str
    cards: int


def render_decks(cards: Sequence[NewCard], titles: dict[str, str], origins: dict[str, str],
                 taken: Iterable[str]) -> list[DeckText]:
    """The deck files for ``cards`` (grouped by topic, in order), each at most
    FILE_BYTES, named after their topic and not named as any of ``taken``; each
    checked with the deck reader."""
    used = {n.lower() for n in taken}
    out: list[DeckText] = []
    by_topic: dict[str, list[NewCard]] = {}
    for c in cards:
        by_topic.setdefault(c.topic, []).append(c)
    for topic, group in by_topic.items():
        head = header_toml(topic, titles.get(topic, topic), origins.get(topic, ""))
        parts: list[list[str]] = [[]]
        size = len(head.encode("utf-8"))
        for c in group:
            block = "\n" + card_toml(c)
            n = len(block.encode("utf-8"))
            if parts[-1] and size + n > FILE_BYTES:
                parts.append([])
                size = len(head.encode("utf-8"))
            parts[-1].append(block)
            size += n
        for blocks in parts:
            name = _free_name(topic, used)
            text = head + "".join(blocks)
            _check(name, text, len(blocks))
            out.append(DeckText(name, text, len(blocks)))
    return out


def _free_name(topic: str, used: set[str]) -> str:
    name, n = f"{topic}.toml", 2
    while name.lower() in used:
        name = f"{topic}-{n}.toml"
        n += 1
    used.add(name.lower())
    return name


def _check(name: str, text: str, expected: int) -> None:
    # Through the reader's cache: the app's next start finds these decks already checked.
    checked = deck_format._checked(text)
    if checked["errors"] or len(checked["cards"]) != expected:
        line, problem = (checked["errors"] or [(1, f"{len(checked['cards'])} of {expected} cards read back")])[0]
        raise AnkiError(say("anki.error.deck_unreadable", file=name, line=line, problem=problem))


# ---------------------------------------------------------------- writing

class Staged:
    """Deck files written as hidden temporary files in ``folder``, published under
    their names by ``publish()`` (inside the database transaction) or discarded
    by ``discard()``. Use as a context manager around the transaction: leaving it
    removes the temporary files, and on an exception the published ones too."""

    def __init__(self, folder: Path, decks: Sequence[DeckText]):
        self.folder = folder
        self.decks = list(decks)
        self.temps: list[tuple[Path, Path]] = []  # (temporary, final)
        self.published: list[Path] = []
        self.created = False  # the folder did not exist before

    def __enter__(self) -> Staged:
        try:
            self.created = not self.folder.exists()
            self.folder.mkdir(parents=True, exist_ok=True)
            for deck in self.decks:
                final = self.folder / deck.name
                temp = self.folder / f".{deck.name}.{os.getpid()}.tmp"
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
                self.temps.append((temp, final))
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                    f.write(deck.text)
                    f.flush()
                    os.fsync(f.fileno())
        except OSError as e:
            self.__exit__(OSError, e, None)
            raise AnkiError(say("anki.error.cannot_write", folder=str(self.folder),
                                reason=e.strerror or str(e))) from None
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:  # the transaction did not commit: no file keeps its name either
            self.unpublish()
        self.discard()
        if exc_type is not None and self.created:
            try:
                self.folder.rmdir()  # only if empty: whatever else is there stays
            except OSError:
                pass

    def publish(self):
        """Give every file its name (never replacing one); returns ``unpublish``."""
        try:
            for temp, final in self.temps:
                try:
                    os.link(temp, final)  # fails if final exists: nothing is ever overwritten
                except FileExistsError:
                    raise
                except OSError:  # a file system without hard links
                    if final.exists():
                        raise FileExistsError(str(final)) from None
                    os.replace(temp, final)
                self.published.append(final)
            sync_folder(self.folder)
        except OSError as e:
            self.unpublish()
            raise AnkiError(say("anki.error.cannot_write", folder=str(self.folder),
                                reason=e.strerror or str(e))) from None
        return self.unpublish

    def unpublish(self) -> None:
        for final in self.published:
            try:
                final.unlink()
            except OSError:
                pass
        self.published = []

    def discard(self) -> None:
        """Remove the temporary files (a published file keeps its own name)."""
        for temp, _final in self.temps:
            try:
                temp.unlink()
            except OSError:
                pass
        self.temps = []

