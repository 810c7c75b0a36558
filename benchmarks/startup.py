"""Launch → home drawn with its figures, on a real terminal, beside a bare Textual app.

    .venv/bin/python benchmarks/startup.py [--quick] [--runs N] [--size 80x24] [--rebuild]

Each run spawns a program in a pseudo-terminal (``_term.Terminal``) and times from
the spawn to the frame that holds what the user waits for, as written to the
terminal (read from the pty, not the handler's return):

- bare: a Textual app with a Static and a Footer, to its first frame;
- small: ``quizapp --db DB`` on the real bank with a few hundred reviews, to the
  frame with home's figures: the "Today: N reviewed" line and the topic table's
  mastery column;
- 50k/1M: the same on 50,000 templates and 1,000,000 reviews. The child is
  ``quizapp --db DB`` with the bank loader returning the synthetic 50,000-template
  bank the database was built for (the app loads it in a worker, as it loads the
  real bank), so the launch is what a user with such a bank gets.

The three run interleaved, in a new order each round, after one
untimed round; the day's backup is recorded as made, so no launch makes one (the
backup runs in a worker after home is drawn anyway). Aim: each launch within 1.5×
the bare app's median. A second table gives the CPU each program had used by that
frame (Linux), a figure that the machine's load inflates far less than wall time.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import _bench
from _term import Terminal

AIM = 1.5
BARE_TEXT = "Today: 0 reviewed · bare"
BARE = f"""
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static({BARE_TEXT!r})
        yield Footer()

Bare().run()
"""
TODAY = re.compile(r"Today: \d+ reviewed")
MASTERY = re.compile(r"[█░]{10} +\d+%")


def home_drawn(text: str) -> bool:
    return bool(TODAY.search(text) and MASTERY.search(text))


def launch(argv: list[str], match, size: tuple[int, int], env: dict[str, str], quit_keys: bytes | None,
           cpu: list[float] | None = None, cwd: str | None = None) -> float:
    """ms from spawning ``argv`` in a pty to the frame ``match`` accepts; the CPU the
    program had used by then is appended to ``cpu``."""
    term = Terminal(argv, *size, env=env, cwd=cwd)
    try:
        ms = (term.wait_for(match) - term.started) * 1000
        used = term.cpu_ms()
        if cpu is not None and used is not None:
            cpu.append(used)
        return ms
    finally:
        term.close(quit_keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15")
    parser.add_argument("--runs", type=int, help="timed rounds (default 15, --quick 5)")
    parser.add_argument("--size", default="80x24", help="terminal columns x rows (default 80x24)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    args = parser.parse_args(argv)
    rounds = args.runs or (5 if args.quick else 15)
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    small = _bench.small_database(rebuild=args.rebuild)
    big = _bench.big_database(rebuild=args.rebuild)
    now = datetime.now(timezone.utc)
    for db in (small, big):
        _bench.set_last_backup(db, now)
    quizapp = str(Path(sys.executable).with_name("quizapp"))
    cpu: dict[str, list[float]] = {"bare": [], "small": [], "big": []}
    with tempfile.TemporaryDirectory() as config:
        # No personal keymap (the deck cache stays the user's); run outside the checkout,
        # so PYTHONPATH=<another tree> times that tree's code.
        env = {"XDG_CONFIG_HOME": config}
        size = (cols, rows)
        cases = {
            "bare": lambda: launch([sys.executable, "-c", BARE], lambda s: BARE_TEXT in s, size, env, None,
                                   cpu["bare"], config),
            "small": lambda: launch([quizapp, "--db", str(small)], home_drawn, size, env, b"\x11", cpu["small"],
                                    config),
            "big": lambda: launch(_bench.quizapp_with("synthetic_bank", big), home_drawn, size, env, b"\x11",
                                  cpu["big"], config),
        }
        got = _bench.interleaved(cases, rounds)
        for name in cpu:  # the untimed first round
            cpu[name] = cpu[name][-rounds:]
    print(f"{_bench.machine()}\nterminal {cols}x{rows}; small: {small.name} ({_bench.SMALL_REVIEWS} reviews); "
          f"big: {big.name} ({big.stat().st_size / 2**20:.0f} MiB)")
    rows_ = [
        _bench.Row(f"launch → home with figures, small", got["small"], "bare Textual app", got["bare"],
                   f"≤ {AIM}× bare", _bench.ratio_aim(got["small"], got["bare"], AIM)),
        _bench.Row(f"launch → home with figures, 50k/1M", got["big"], "bare Textual app", got["bare"],
                   f"≤ {AIM}× bare", _bench.ratio_aim(got["big"], got["bare"], AIM)),
    ]
    _bench.table("Launch to the first frame that matters, on a real terminal (pty), interleaved", rows_)
    if all(cpu.values()):
        _bench.table("The same launches: CPU the program had used by that frame (all threads; grows with the "
                     "work, not with the machine's load)", [
                         _bench.Row("CPU to home with figures, small", cpu["small"], "bare Textual app", cpu["bare"]),
                         _bench.Row("CPU to home with figures, 50k/1M", cpu["big"], "bare Textual app", cpu["bare"]),
                     ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
