"""``quizapp stats [--json] [--db PATH]``: progress figures (see ``quizapp.stats``
for what each one means).

The database is opened read-only, so this works while a quizapp is studying, and
a missing one is not created. New cards are counted from the question bank, so a
fresh user sees what there is to learn. The plain text names topics by their
titles; ``--json`` prints ``quizapp.stats.gather``'s figures as they are (topics
keyed by id).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_db_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.content import load_bank
    from quizapp.stats import gather
    from quizapp.store import Store, StoreError

    path = db_path(args)
    now = datetime.now(timezone.utc)
    bank = load_bank()
    templates = [(tid, t.topic) for tid, t in bank.templates.items()] or None
    if not Path(path).exists():
        figures = gather(None, now, templates=templates)
    else:
        try:
            with Store.open(path, readonly=True) as store:
                figures = gather(store, now, templates=templates)
        except StoreError as e:
            return fail(str(e))
    titles = {topic: title.get("en") or topic for topic, title in bank.topics.items()}
    text = json.dumps(figures, ensure_ascii=False, indent=2) if args.json else _text(figures, titles)
    print(text, flush=True)
    return 0


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _text(f: dict[str, Any], titles: dict[str, str]) -> str:
    """The figures in lines; topics by title, in the bank's order (others after)."""
    days = "day" if f["streak"] == 1 else "days"
    lines = [
        f"reviews: {f['reviews']} ({f['today']} today), retention {_percent(f['retention'])}, "
        f"streak {f['streak']} {days}",
        f"due now: {f['due']}, new: {f['new']}",
    ]
    if f["by_topic"]:
        order = [t for t in titles if t in f["by_topic"]] + [t for t in f["by_topic"] if t not in titles]
        names = {topic: titles.get(topic, topic) for topic in order}
        width = max(map(len, names.values()))
        lines.append("by topic:")
        for topic in order:
            t = f["by_topic"][topic]
            lines.append(f"  {names[topic]:<{width}}  {t['reviews']} reviews, retention "
                         f"{_percent(t['retention'])}, {t['due']} due, {t['new']} new")
    m = f["mock_interviews"]
    if m["count"]:
        lines.append(f"mock interviews: {m['count']}, average {_percent(m['average_score'])}, "
                     f"best {_percent(m['best_score'])}")
        for r in m["recent"]:
            lines.append(f"  {r['started']}  {r['questions']} questions, {_percent(r['score'])}")
    else:
        lines.append("mock interviews: none yet")
    return "\n".join(lines)
