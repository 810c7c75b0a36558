"""Fixtures for the terminal-app tests (imported by tests/test_tui*.py; the shared
conftest already keeps every test away from the developer's own data).

The app is built through ``make_app`` on a temporary database and the fixture deck,
with a fixed clock and seed, and the text cursor does not blink (stable snapshots).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from quizapp.content import load_bank
from quizapp.store import Store
from helpers import DECKS, Clock

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank():
    return load_bank(DECKS)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def make(store, bank, clock, tmp_path):
    """``make(lang=None, seed=7)`` builds the app on the temp store and fixture deck;
    its keymap.toml would be in ``tmp_path / "config"``."""
    from quizapp.tui.app import make_app

    def build(lang: str | None = None, seed: int = 7):
        from quizapp.workspace import Workspace

        return make_app(Workspace(store, bank, clock=clock), lang=lang, seed=seed, log_dir=tmp_path / "logs",
                        config_dir=tmp_path / "config")

    return build


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


def text_of(widget, width: int = 78) -> str:
    """The plain text a Static shows (a grid or group rendered at ``width``, each
    line without its trailing spaces)."""
    from rich.console import Console
    from rich.text import Text

    content = widget.content
    if isinstance(content, (str, Text)):
        return str(content)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(content)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def reviews(store: Store) -> list[dict]:
    return list(store.db.query("SELECT template_id, answer, verdict, mistake, rating, mode FROM review ORDER BY id"))


def sync(test):
    """Run an ``async def`` test with asyncio.run (no async pytest plugin needed);
    pytest still sees the test's fixtures through ``functools.wraps``."""
    import asyncio
    import functools

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


async def until(pilot, ready, ceiling: float = 60.0, what: str = "the app") -> None:
    """Wait for an event, not a fixed time: until ``ready()`` holds (workers, timers and
    the command palette's searches are real), failing after a generous ``ceiling``."""
    import asyncio

    loop = asyncio.get_running_loop()
    end = loop.time() + ceiling
    while not ready():
        assert loop.time() < end, f"{what} never got there"
        await pilot.pause(0.02)
