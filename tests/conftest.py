"""Shared test set-up: keep every test away from the developer's own data.

Each test gets its own cache and data directories, so nothing reads or writes the
real user database, deck cache or logs (style.md: "keep the developer's own config
out of tests").
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("QUIZAPP_DB", str(home / "data" / "quizapp.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
