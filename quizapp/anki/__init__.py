"""Cards to and from Anki, and from CSV.

- ``export.write_apkg``: the bank's concept and choice cards as Anki notes and K
  frozen instances of every numeric (and steps) template, one Anki deck per topic,
  written with genanki (the ``anki`` extra).
- ``importer.import_apkg`` / ``importer.import_csv``: Basic and Cloze notes (any
  standard note type, rendered through its card templates) and CSV rows become
  concept cards in the learner's own decks (``paths.user_decks_dir``); Anki's
  review log is replayed through FSRS into memory state and reviews. The deck
  files and the database change together or not at all.

Every file read here is hostile until checked (``package`` bounds zip members,
unpacked sizes, SQLite's work and every field). A refusal is an ``AnkiError``
carrying one catalog sentence (``.msg``); nothing is written before every check
has passed. Headless: no Textual, no torch; genanki and zstandard are imported
only when a command needs them.
"""

from __future__ import annotations

from quizapp.catalog import SaidError


class AnkiError(SaidError):
    """A file refused, or a deck that cannot be written, in one sentence (``msg``);
    nothing was changed."""


__all__ = ["AnkiError"]
