"""``quizapp add [--kind concept|choice|numeric] [--topic T] [--title TEXT] … [--db PATH] [--lang en|zh]``.

Writes one card into your own deck for its topic (``decks/<topic>.toml`` beside the
progress database, made with its ``[deck]`` header when new). Whatever the flags
leave out is asked for, one line at a time, when the input is a terminal; from a
script, give everything as flags.

Text is written once and used in both languages: ``--title TEXT`` alone is the
title in English and Chinese; add ``--title-zh TEXT`` for a Chinese one (then
``--title`` is the English). The same holds for every text: ``--question``,
``--answer``, ``--explanation``, ``--prompt``, ``--topic-title``, and, by position,
``--point``/``--point-zh`` and ``--option``/``--option-zh``.

- concept: ``--question``, ``--answer``, ``--point`` (a key point; repeat it).
- choice: ``--question``, ``--option`` (repeat it; start a right option with ``*``),
  ``--explanation``.
- numeric: ``--prompt`` with ``{name}`` where each number goes, ``--param
  name=LO..HI`` (``tp=1..40``; ``lr=0.01..0.50`` keeps two decimals; ``beta=0.9,0.99``
  one of; add ``[8]`` for a vector of 8), ``--compute NAME`` (``quizapp compute
  --list``), ``--arg NAME=EXPR`` (default: each argument named like a parameter),
  ``--pick KEY`` when the computation gives several values, ``--decimals N`` or
  ``--sig N`` for the answer shown.

The card is read back with the deck reader (and a numeric one self-tested on 50
draws) before the deck file is replaced; a refused card changes nothing and each
reason is one line. Exit status 0 when the card was added, 2 when not.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from quizapp.catalog import text
from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=__doc__.split("\n\n")[1],
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    p.add_argument("--kind", choices=("concept", "choice", "numeric"), help="the kind of card (default: asked, else concept)")
    p.add_argument("--topic", metavar="T", help="a topic's id or title, or a new topic's id")
    p.add_argument("--id", metavar="ID", help="the card's id (default: the topic and the title, like metrics.my-card)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
    p.add_argument("--difficulty", type=int, default=None, metavar="N", help="1 (easy) .. 5 (hard); default 2")
    for name_, help_text in (("topic-title", "a new topic's title"), ("title", "a short name for lists"),
                             ("question", "the question (concept, choice)"), ("answer", "the answer (concept)"),
                             ("explanation", "why the right options are right (choice)"),
                             ("prompt", "the question with {name} for each number (numeric)")):
        p.add_argument(f"--{name_}", metavar="TEXT", help=f"{help_text}; used for both languages unless --{name_}-zh")
        p.add_argument(f"--{name_}-zh", metavar="TEXT", help="the same in Chinese")
    p.add_argument("--point", action="append", default=[], metavar="TEXT", help="a key point (concept; repeatable)")
    p.add_argument("--point-zh", action="append", default=[], metavar="TEXT", help="the n-th key point in Chinese")
    p.add_argument("--option", action="append", default=[], metavar="TEXT",
                   help="an option (choice; repeatable); start a right one with *")
    p.add_argument("--option-zh", action="append", default=[], metavar="TEXT", help="the n-th option in Chinese")
    p.add_argument("--param", action="append", default=[], metavar="NAME=RANGE", help="a parameter (numeric)")
    p.add_argument("--compute", metavar="NAME", help="the engine computation (numeric)")
    p.add_argument("--arg", action="append", default=[], metavar="NAME=EXPR", help="a computation argument")
    p.add_argument("--pick", metavar="KEY", help="which of the computation's values is the answer")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--decimals", type=int, metavar="N", help="decimals of the answer shown")
    group.add_argument("--sig", type=int, metavar="N", help="significant figures of the answer shown")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the questions and messages")
    p.set_defaults(run=run)


class Cancelled(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    from quizapp.content import load_bank
    from quizapp.paths import user_decks_dir
    from quizapp.safe_text import printable
    from quizapp.userdecks import Refused, add_card

    lang = args.lang
    folder = user_decks_dir(db_path(args))
    bank = load_bank(user=folder)
    ask = _Asker(lang) if sys.stdin.isatty() else None
    try:
        draft = _draft(args, bank, ask)
        added = add_card(folder, draft, bank)
    except Cancelled:
        return fail(text("userdecks.add.cancelled", lang))
    except Refused as e:
        for line in e.text(lang):
            print(f"quizapp: {printable(line)}", file=sys.stderr, flush=True)
        return 2
    key = "userdecks.add.created" if added.created else "userdecks.add.added"
    print(text(key, lang, id=added.card_id, path=printable(str(added.path)), line=added.line))
    return 0


class _Asker:
    """Questions on a terminal, one line each; end of input cancels."""

    def __init__(self, lang: str):
        self.lang = lang

    def line(self, key: str, **values) -> str:
        try:
            return input(text(key, self.lang, **values) + " ")
        except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C: nothing is added
            print()
            raise Cancelled from None

    def lines(self, key: str, **values) -> list[str]:
        """Lines until an empty one."""
        print(text(key, self.lang, **values))
        out = []
        while (typed := self.line("userdecks.ask.more").strip()):
            out.append(typed)
        return out


def _text(args, ask: _Asker | None, name: str, key: str, **values):
    """A card text from ``--name``/``--name-zh``, else asked for (English, or one
    language for both, then Chinese)."""
    from quizapp.userdecks import both

    en, zh = getattr(args, name), getattr(args, f"{name}_zh")
    if en is None and zh is None and ask is not None:
        en = ask.line(key, **values)
        if en.strip():
            zh = ask.line("userdecks.ask.in_chinese")
    return both(en, zh)


def _draft(args, bank, ask: _Asker | None):
    from quizapp.content import find_topic
    from quizapp.userdecks import Draft, Refused, both, parse_param

    kind = args.kind
    if kind is None:
        kind = ((ask.line("userdecks.ask.kind") if ask else "").strip().lower() or "concept")
    topic = args.topic
    if topic is None and ask is not None:
        names = ", ".join(bank.topics)
        topic = ask.line("userdecks.ask.topic", topics=names).strip()
    topic_title = None
    if topic and find_topic(bank.topics, topic) is None:
        topic_title = _text(args, ask, "topic_title", "userdecks.ask.topic_title", topic=topic)
    draft = Draft(kind=kind, topic=topic or "", title=None, topic_title=topic_title,
                  tags=[t for tag in args.tag for t in tag.replace(",", " ").split()], id=args.id,
                  difficulty=args.difficulty if args.difficulty is not None else 2)
    if kind not in ("concept", "choice", "numeric"):
        return draft  # card_table names the kinds there are
    draft.title = _text(args, ask, "title", "userdecks.ask.title")
    if kind in ("concept", "choice"):
        draft.question = _text(args, ask, "question", "userdecks.ask.question")
    if kind == "concept":
        draft.answer = _text(args, ask, "answer", "userdecks.ask.answer")
        points = args.point or (ask.lines("userdecks.ask.points") if ask else [])
        draft.key_points = [p for p in _paired(points, args.point_zh, both, ask) if p]
    elif kind == "choice":
        options = args.option or (ask.lines("userdecks.ask.options") if ask else [])
        rights = [o.startswith("*") for o in options]
        options = [o[1:].lstrip() if r else o.removeprefix("\\") for o, r in zip(options, rights)]
        texts = _paired(options, args.option_zh, both, ask)
        draft.options = [(t, r) for t, r in zip(texts, rights) if t]
        draft.explanation = _text(args, ask, "explanation", "userdecks.ask.explanation")
    else:
        _numeric(args, draft, ask, parse_param, Refused)
    if args.tag == [] and ask is not None:
        draft.tags = ask.line("userdecks.ask.tags").replace(",", " ").split()
    if args.difficulty is None and ask is not None:
        typed = ask.line("userdecks.ask.difficulty").strip()
        if typed:
            draft.difficulty = int(typed) if typed.isdigit() else typed  # type: ignore[assignment]
    return draft


def _paired(en: list[str], zh: list[str], both: Callable, ask: _Asker | None) -> list:
    """Texts given as two lists (``--point`` and ``--point-zh``, by position); on a
    terminal, each one without a Chinese version is asked for."""
    out = []
    for i, e in enumerate(en):
        z = zh[i] if i < len(zh) else None
        if z is None and ask is not None and not zh:
            z = ask.line("userdecks.ask.item_in_chinese", text=e[:60])
        out.append(both(e, z))
    return out


def _numeric(args, draft, ask: _Asker | None, parse_param, Refused) -> None:
    from quizapp import engine
    from quizapp.userdecks import value_keys

    draft.compute = args.compute
    if draft.compute is None and ask is not None:
        draft.compute = ask.line("userdecks.ask.compute").strip() or None
    if draft.compute and ask is not None:
        try:
            comp = engine.get(draft.compute)
            print(text("userdecks.ask.usage", ask.lang, usage=comp.usage()))
        except engine.EngineError as e:
            raise Refused(e.msg) from None
    params = args.param or (ask.lines("userdecks.ask.params") if ask else [])
    problems = []
    for typed in params:
        try:
            name, decl = parse_param(typed)
            draft.params[name] = decl
        except Refused as e:
            problems += e.msgs
    for typed in args.arg:
        name, sep, expr = typed.partition("=")
        if not sep or not name.strip():
            from quizapp.catalog import say

            problems.append(say("userdecks.add.arg", text=typed[:80]))
        else:
            draft.args[name.strip()] = expr.strip()
    if problems:
        raise Refused(problems)
    draft.prompt = _text(args, ask, "prompt", "userdecks.ask.prompt", names=", ".join(f"{{{n}}}" for n in draft.params))
    draft.pick = args.pick
    if draft.pick is None and ask is not None and draft.compute:
        keys = value_keys(draft)
        if keys:
            draft.pick = ask.line("userdecks.ask.pick", keys=", ".join(keys)).strip() or None
    if draft.pick is not None and isinstance(draft.pick, str) and draft.pick.isdigit():
        draft.pick = int(draft.pick)
    draft.decimals, draft.sig = args.decimals, args.sig
    if draft.decimals is None and draft.sig is None and ask is not None:
        typed = ask.line("userdecks.ask.decimals").strip()
        if typed.isdigit():
            draft.decimals = int(typed)
