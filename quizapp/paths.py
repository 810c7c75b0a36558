"""Where quizapp finds its question bank, its datasets, the user's database and the
user's own decks."""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def content_dir() -> Path:
    """The deck folder: the repo's ``content/`` in a checkout, else the copy in the wheel."""
    repo = _PKG.parent / "content"
    if repo.is_dir():
        return repo
    return _PKG / "_content"


def default_db_path() -> Path:
    """``QUIZAPP_DB`` if set, else ``quizapp.sqlite3`` in the platform's user data dir."""
    env = os.environ.get("QUIZAPP_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quizapp", appauthor=False)) / "quizapp.sqlite3"


def user_decks_dir(db_path: str | os.PathLike) -> Path:
    """The learner's own decks: ``decks/`` beside the progress database ``db_path``
    (cards imported from Anki or CSV are written there, in the deck format of
    content/README.md). Only the path; nothing is created here."""
    return Path(db_path).expanduser().absolute().parent / "decks"


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (fsync the directory);
    a folder that cannot be opened or synced is left as it is."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
