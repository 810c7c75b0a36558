"""Enter → verdict frame written to the terminal, beside a bare Input → Static update.

    .venv/bin/python benchmarks/verdict.py [--quick] [--answers N] [--size 100x30] [--rebuild]

Three programs run side by side, each in its own pseudo-terminal (``_term.Terminal``):

- bare: a Textual app whose Input, on submit, updates a Static with what was typed;
- small: ``quizapp --db DB`` on the real bank's numeric cards (a copy of a
  database with a few hundred reviews), cramming the first topic;
- 50k/1M: the same on a copy of the 50,000-template / 1,000,000-review database
  (its first topic holds only numeric cards).

For each answer the parent types a number, waits until the typed text is drawn and
the terminal is quiet, then writes Enter and times until the frame holding the
verdict ("You answered …"; the bare app's "You answered …") has been written to
the terminal — the grading, the committed review (synchronous=FULL) and the
redraw, to the frame. Then Enter brings the next card. The programs take turns
(bare, small, big, bare, …), one answer each, after two untimed answers. A wrong
answer comes back at the end of a cram, so the supply never runs out.

Aim: the median within 2× the bare update's.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import _bench
from _term import Terminal
from startup import home_drawn

AIM = 2.0
BARE = """
from textual.app import App
from textual.widgets import Footer, Input, Static

class Bare(App):
    def compose(self):
        yield Static("Type a number and press Enter", id="out")
        yield Input(id="answer")
        yield Footer()

    def on_input_submitted(self, event):
        self.query_one("#out", Static).update("You answered " + event.value)
        event.input.value = ""

Bare().run()
"""
CARD = re.compile(r"card \d+ of \d+")


class Player:
    """One program answering cards in its terminal."""

    def __init__(self, name: str, argv: list[str], size: tuple[int, int], env: dict[str, str], quizapp: bool):
        self.name, self.quizapp = name, quizapp
        self.term = Terminal(argv, *size, env=env, cwd=env["XDG_CONFIG_HOME"])  # outside the checkout
        self.n = 0
        if quizapp:
            self.term.wait_for(home_drawn)
            self.term.mark()
            self.term.send("c")  # cram the first topic (it opens once the bank has loaded)
            self.term.wait_for(CARD.search)
        else:
            self.term.wait_for(lambda s: "Type a number" in s)
        self.term.settle()

    def answer(self) -> float:
        """Type an answer, then time Enter → the verdict's frame (ms); then go on."""
        term = self.term
        self.n += 1
        typed = f"0.{self.n + 1000}"
        term.mark()
        term.send(typed)
        term.wait_for(lambda s: typed in s)
        term.settle()
        term.mark()
        start = term.send("\r")
        ms = (term.wait_for(lambda s: "You answered" in s) - start) * 1000
        if self.quizapp:
            term.settle()
            term.mark()
            term.send("\r")  # the next card
            term.wait_for(CARD.search)
        term.settle()
        return ms

    def close(self) -> None:
        self.term.close(b"\x11")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 answers each instead of 30")
    parser.add_argument("--answers", type=int, help="timed answers per program (default 30, --quick 8)")
    parser.add_argument("--size", default="100x30", help="terminal columns x rows (default 100x30)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    args = parser.parse_args(argv)
    answers = args.answers or (8 if args.quick else 30)
    size = tuple(int(x) for x in args.size.lower().split("x"))
    small_source = _bench.small_database(_bench.numeric_bank(), rebuild=args.rebuild)
    big_source = _bench.big_database(rebuild=args.rebuild)
    players: list[Player] = []
    with tempfile.TemporaryDirectory(dir=_bench.CACHE) as tmp, tempfile.TemporaryDirectory() as config:
        small = _bench.working_copy(small_source, Path(tmp), "small.sqlite3")
        big = _bench.working_copy(big_source, Path(tmp), "big.sqlite3")
        from datetime import datetime, timezone

        for db in (small, big):
            _bench.set_last_backup(db, datetime.now(timezone.utc))
        env = {"XDG_CONFIG_HOME": config}
        try:
            players.append(Player("bare", [sys.executable, "-c", BARE], size, env, False))
            players.append(Player("small", _bench.quizapp_with("numeric_bank", small), size, env, True))
            players.append(Player("big", _bench.quizapp_with("synthetic_bank", big), size, env, True))
            got = _bench.interleaved({p.name: p.answer for p in players}, answers, warmup=2)
        finally:
            for p in players:
                p.close()
    print(f"{_bench.machine()}\nterminal {size[0]}x{size[1]}; numeric cards, crammed")
    rows = [
        _bench.Row("Enter → verdict frame, small", got["small"], "bare Input→Static", got["bare"],
                   f"≤ {AIM:g}× bare", _bench.ratio_aim(got["small"], got["bare"], AIM)),
        _bench.Row("Enter → verdict frame, 50k/1M", got["big"], "bare Input→Static", got["bare"],
                   f"≤ {AIM:g}× bare", _bench.ratio_aim(got["big"], got["bare"], AIM)),
    ]
    _bench.table("Enter to the verdict's frame on a real terminal (pty), interleaved", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
