"""End to end: the installed ``quizapp`` in a real terminal (tmux), driven by keys.

It answers one typed card, quits, and checks with ``quizapp stats --json`` that
the review was stored; other runs end on SIGTERM or SIGHUP with status 0 and
the database intact. Waits poll ``capture-pane`` for expected text, never fixed sleeps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

QUIZAPP = Path(sys.executable).with_name("quizapp")
TIMEOUT = 60.0  # a ceiling for a busy 2-core machine, not a wait


class Tmux:
    def __init__(self, socket: str):
        self.socket = socket

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, command: str) -> None:
        env = " ".join(f"{k}={v}" for k, v in os.environ.items()
                       if k.startswith(("QUIZAPP_", "XDG_")) and "'" not in v)
        self("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30",
             f"env {env} TERM=xterm-256color {command}; echo QUIZAPP-EXIT=$?; sleep 30")

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", "e2e", *keys)

    def wait_until(self, ok, timeout: float = TIMEOUT) -> str:
        """Poll the pane until ``ok(screen)`` holds; return the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if ok(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"the screen did not change as expected; it shows:\n{self.screen()}{crash_logs()}")

    def settled(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until one of ``texts`` shows on a screen that stays the same
        for three polls (a card is drawn in more than one frame: its title can be
        new while its hint is still the last card's)."""
        deadline = time.monotonic() + timeout
        last, same = None, 0
        while time.monotonic() < deadline:
            screen = self.screen()
            same = same + 1 if screen == last else 0
            last = screen
            if same >= 2 and any(t in screen for t in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"none of {texts} appeared and stayed; the screen shows:\n{self.screen()}{crash_logs()}")

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until one of ``texts`` shows; return the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if any(t in screen for t in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"none of {texts} appeared; the screen shows:\n{self.screen()}{crash_logs()}")


def crash_logs() -> str:
    """Any crash log the app wrote (the test's own user folders), for a failure's message."""
    state = Path(os.environ.get("XDG_STATE_HOME", "/nonexistent"))
    logs = sorted(state.rglob("crash-*.log")) if state.is_dir() else []
    return "".join(f"\n--- {p}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)


def card_title(screen: str) -> str:
    """The card's title: the first non-blank line under the study screen's title bar
    (a toast's column, from its ▌ on, is not the card's: mid-redraw it can be all a
    line shows)."""
    lines = [line.split("▌")[0].strip() for line in screen.splitlines()]
    for i, line in enumerate(lines):
        if line.startswith(("Study ·", "Cram ·")):
            return next((x for x in lines[i + 1:] if x), "")
    return ""


@pytest.fixture
def tmux(tmp_path):
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test"
    assert QUIZAPP.exists(), f"the installed quizapp script is missing at {QUIZAPP}"
    t = Tmux(f"quizapp-test-{os.getpid()}-{tmp_path.name}")
    yield t
    t("kill-server")


def test_answer_a_card_by_typing_quit_and_find_the_review(tmux, tmp_path):
    db = tmp_path / "e2e.sqlite3"
    tmux.start(f"{QUIZAPP} --db {db} --lang en")
    tmux.wait_for("Evaluation metrics")
    tmux.wait_for("0%")  # the detailed figures: the bank has loaded
    tmux.keys("a")
    for _ in range(60):  # skip cards until a one-stage card takes a typed answer
        screen = tmux.settled("Type your answer", "Press 1", "press space", "Several are right")
        if "Type your answer" in screen and "Step 1 of" not in screen:  # a steps card records its review only after its last stage
            break
        title = card_title(screen)
        tmux.keys("C-n")  # skip moves the card to the end: wait until another card is on screen
        tmux.wait_until(lambda text: card_title(text) not in ("", title))
    else:
        raise AssertionError("no typed card came up")
    # Type, and see the answer in its box before pressing Enter: a key sent while the
    # new card is still taking the focus would otherwise be lost on a busy machine.
    for _ in range(5):
        tmux.keys("0.50")  # two figures are always judged (one may be asked again)
        try:
            tmux.wait_until(lambda text: "0.50" in text, timeout=10)
            break
        except AssertionError:
            tmux.keys("C-u")  # clear whatever did arrive, then type again
    tmux.keys("Enter")
    tmux.wait_for("✓ Correct", "✗ Not right")
    tmux.keys("Escape")
    tmux.wait_for("Evaluation metrics")
    tmux.keys("q")
    tmux.wait_for("QUIZAPP-EXIT=0")
    stats = subprocess.run([str(QUIZAPP), "stats", "--json", "--db", str(db)],
                           capture_output=True, text=True, timeout=60, check=True)
    figures = json.loads(stats.stdout)
    assert figures["reviews"] == 1 and figures["today"] == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_app_cleanly(tmux, tmp_path, sig):
    db = tmp_path / "term.sqlite3"
    tmux.start(f"{QUIZAPP} --db {db}")
    tmux.wait_for("Topic")
    shell = tmux("list-panes", "-t", "e2e", "-F", "#{pane_pid}").strip()
    child = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
    [pid] = [p for p in child if "quizapp" in Path(f"/proc/{p}/cmdline").read_text()]
    os.kill(int(pid), sig)
    screen = tmux.wait_for("QUIZAPP-EXIT=")
    assert "QUIZAPP-EXIT=0" in screen and "Traceback" not in screen
    check = subprocess.run([str(QUIZAPP), "stats", "--json", "--db", str(db)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr  # the database is intact and unlocked


def ctrl_c_at(tmux, command: str, cue: str) -> str:
    """Start ``command``, press Ctrl-C once ``cue`` shows; the screen once it has ended."""
    tmux.start(command)
    tmux.wait_for(cue)
    tmux.keys("C-c")
    screen = tmux.wait_for("QUIZAPP-EXIT=")
    assert "Traceback" not in screen, screen
    return screen


def test_ctrl_c_in_the_plain_drill_ends_it_with_its_summary_on_a_line_of_its_own(tmux, tmp_path):
    """On a terminal, Ctrl-C is echoed as ^C with no line end; the summary starts a line."""
    db = tmp_path / "drill.sqlite3"
    screen = ctrl_c_at(tmux, f"{QUIZAPP} drill --plain --db {db} --lang en --topic metrics --count 3", "> ")
    assert "QUIZAPP-EXIT=130" in screen
    assert re.search(r"^done: 0 answered, 0 skipped, 3 left$", screen, re.M), screen


def test_ctrl_c_at_a_question_of_quizapp_add_cancels_it_and_says_so(tmux, tmp_path):
    screen = ctrl_c_at(tmux, f"{QUIZAPP} add --db {tmp_path / 'add.sqlite3'} --lang en",
                       "Kind (concept, choice or numeric")
    assert "QUIZAPP-EXIT=2" in screen
    assert re.search(r"^quizapp: Cancelled; nothing was written\.$", screen, re.M), screen
    assert not (tmp_path / "decks").exists()
