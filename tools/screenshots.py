"""Redraw the README's screenshots (data/screenshot-*.svg) from the app as it is.

    .venv/bin/python tools/screenshots.py [--lang en|zh] [--out data]

The app runs headless at 80×24 on a throwaway database with the installed bank and a
fixed clock and seed, so the pictures change only when the app does:

- ``screenshot-home.svg``: home after three days of study (due cards, retention, the
  topic table with its figures);
- ``screenshot-verdict.svg``: a numeric optimizer card answered with the value its
  first named mistake gives, so the verdict names the mistake and works the solution.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.content import load_bank  # noqa: E402
from quizapp.store import Store  # noqa: E402
from quizapp.workspace import Workspace  # noqa: E402

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def study_days(ws: Workspace, clock: Clock, days: int, per_day: int) -> None:
    """A few days of ordinary study through the sessions: most answers right, every
    fifth one wrong (a typed 0, or Again on a card rated by oneself)."""
    from quizapp import kinds

    for day in range(days):
        clock.now = START + timedelta(days=day, minutes=30)
        session = ws.study(seed=day)
        for n in range(per_day):
            q = session.current
            if q is None:
                break
            clock.now += timedelta(seconds=20)
            kind = kinds.get(q.kind)
            if kind.answer_mode == "self":
                session.reveal()
                session.rate(1 if n % 5 == 4 else 3)
            else:
                while True:
                    right = kind.expected(q.instance, q.stage or 0)
                    out = session.answer("0" if n % 5 == 4 else right)
                    if out.card_done or out.word == "again":
                        break
                    q = session.current
                if not out.card_done:
                    session.skip()
                    continue
            session.next()
        session.close()


async def shoot(out: Path, lang: str) -> None:
    from textual.widgets import Input

    from quizapp.tui.app import make_app
    from quizapp.tui.screens.study import StudyScreen

    Input.cursor_blink = False
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(START)
        store = Store.open(Path(tmp) / "progress.sqlite3")
        ws = Workspace(store, load_bank(), clock=clock)
        study_days(ws, clock, days=3, per_day=25)
        clock.now = START + timedelta(days=3, hours=1)
        app = make_app(ws, lang=lang, seed=11, log_dir=Path(tmp) / "logs", config_dir=Path(tmp) / "config")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.save_screenshot(filename="screenshot-home.svg", path=str(out))
            table = app.screen.query_one("#topics")
            table.move_cursor(row=table.get_row_index("optimizers"))
            await pilot.press("c")  # cram: every card of the topic, due or not
            for _ in range(200):
                await pilot.pause()
                if isinstance(app.screen, StudyScreen) and app.screen.session.current is not None:
                    break
            screen = app.screen
            for _ in range(60):  # the first numeric card with a named mistake
                q = screen.session.current
                stage = q.instance.stages[0] if q.instance.stages else None
                if q.instance.kind == "numeric" and stage.mistakes and stage.mistakes[0].value is not None:
                    break
                await pilot.press("ctrl+n")
                await pilot.pause()
            mistake = stage.mistakes[0]
            value = mistake.value
            typed = f"{value:.4g}" if isinstance(value, float) else str(value)
            await pilot.press(*typed, "enter")
            for _ in range(50):
                await pilot.pause()
            app.save_screenshot(filename="screenshot-verdict.svg", path=str(out))
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    asyncio.run(shoot(args.out, args.lang))
    print(f"wrote {args.out / 'screenshot-home.svg'} and {args.out / 'screenshot-verdict.svg'}")


if __name__ == "__main__":
    main()
