"""``quizapp stats [--json] [--db PATH] [--lang en|zh]``: progress figures (see
``quizapp.stats`` for what each one means).

The database is opened read-only, so this works while a quizapp is studying, and
a missing one is not created. New cards are counted from the question bank, so a
fresh user (no database at the default place yet) sees what there is to learn; a
``--db PATH`` that does not exist is an error, not zeros. The plain text names
topics by their titles; ``--json`` prints ``quizapp.stats.statistics``' figures as
they are (topics keyed by id): the totals and every series the statistics screen
plots (the calendar, retention by week, the due forecast, accuracy per topic, the
mistakes made most, the mock-interview trend).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from quizapp.catalog import render, say, text
from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the plain text")
    add_db_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.content import load_bank
    from quizapp.safe_text import json_printable, printable
    from quizapp.stats import statistics
    from quizapp.store import NoDatabase, Store, StoreError

    from quizapp.paths import user_decks_dir

    path = db_path(args)
    now = datetime.now(timezone.utc)
    bank = load_bank(user=user_decks_dir(path))
    known = bank if bank.templates else None
    if args.db is not None and not Path(path).exists():
        return fail(text("stats.no_file", args.lang, path=printable(str(path))))
    if not Path(path).exists():
        figures = statistics(None, now, bank=known)
    else:
        try:
            with Store.open(path, readonly=True) as store:
                figures = statistics(store, now, bank=known)
        except NoDatabase:
            figures = statistics(None, now, bank=known)
        except StoreError as e:
            return fail(render(e.msg, args.lang))
    if args.json:
        print(json_printable(json.dumps(figures, ensure_ascii=False, indent=2)), flush=True)
        return 0
    titles = {topic: title.get(args.lang) or title.get("en") or topic for topic, title in bank.topics.items()}
    print(printable(_text(figures, titles, args.lang), keep="\n"), flush=True)
    return 0


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _text(f: dict[str, Any], titles: dict[str, str], lang: str) -> str:
    """The figures in lines; topics by title, in the bank's order (others after).
    Every name from the database (a topic id, a card id, a mistake id: an import
    or a hand-edited file may hold anything) is escaped on its own, so none can
    break a line or drive the terminal."""
    from quizapp.safe_text import printable

    t = lambda key, **v: text(key, lang, **v)  # noqa: E731
    p = f["practice"]
    lines = [
        t("stats.reviews", reviews=f["reviews"], today=f["today"], retention=_percent(f["retention"]),
          week=_percent(f["retention_week"]), count=f["streak"]),
        t("stats.learned", learned=f["learned_today"], due=f["due"], new=f["new"]),
    ]
    if p["reviews"]:
        lines.append(t("stats.practice", reviews=p["reviews"], today=p["today"]))
    if f["by_topic"]:
        order = [k for k in titles if k in f["by_topic"]] + [k for k in f["by_topic"] if k not in titles]
        names = {topic: printable(titles.get(topic, topic)) for topic in order}
        width = max(map(len, names.values()))
        lines.append(t("stats.by_topic"))
        for topic in order:
            row = f["by_topic"][topic]
            lines.append(f"  {names[topic]:<{width}}  " + t("stats.topic", reviews=row["reviews"],
                         retention=_percent(row["retention"]), due=row["due"], new=row["new"]))
    week = f.get("forecast", [])[:7]
    if week:
        lines.append(t("statistics.cli.week_ahead", counts=" ".join(str(d["due"]) for d in week)))
    if f["mistakes"]:
        lines.append(t("stats.mistakes"))
        for m in f["mistakes"][:5]:
            label = (m.get("label") or {}).get(lang) or m["mistake"]
            lines.append(f"  {printable(m['template_id'])} · {printable(label)}: {m['count']}×")
    m = f["mock_interviews"]
    if m["count"]:
        lines.append(t("stats.mocks", count=m["count"], average=_percent(m["average_score"]),
                       best=_percent(m["best_score"])))
        lines.append("  " + _mock_trend(m, lang))
        for r in m["recent"]:
            lines.append("  " + t("stats.mock", started=r["started"], questions=r["questions"],
                                  score=_percent(r["score"])))
    else:
        lines.append(t("stats.no_mocks"))
    return "\n".join(lines)


def _mock_trend(m: dict[str, Any], lang: str) -> str:
    """The last scores as a sparkline, their trend and the time a question took."""
    from quizapp.mock import sparkline, trend_points

    trend = "" if m["trend"] is None else say("mock.trend", points=trend_points(m["trend"]))
    seconds = "–" if m["average_seconds_per_question"] is None else f"{m['average_seconds_per_question']:.0f}"
    return text("mock.stats_trend", lang, spark=sparkline(m["scores"]), trend=trend, seconds=seconds)


__all__ = ["add_parser", "run", "say"]
