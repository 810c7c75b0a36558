"""``quizapp decks [--create] [--db PATH] [--lang en|zh]``: where your own decks live.

Prints the user deck folder (``decks/`` beside the progress database), creating it
with ``--create``, then each deck in it with its topic, its cards and every
problem found in it (``file:line: message``; a card with a problem is skipped, the
rest load). Exit status 2 when a deck has a problem, else 0.
"""

from __future__ import annotations

import argparse

from quizapp.catalog import text
from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=__doc__.split("\n\n")[1])
    p.add_argument("--create", action="store_true", help="create the folder if it does not exist")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.content import load_bank
    from quizapp.paths import user_decks_dir
    from quizapp.safe_text import printable
    from quizapp.userdecks import list_user_decks

    lang = args.lang
    folder = user_decks_dir(db_path(args))
    shown = printable(str(folder))
    if args.create and not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            return fail(text("userdecks.decks.cannot_create", lang, path=shown, reason=e.strerror or str(e)))
        print(text("userdecks.decks.created", lang, path=shown))
    elif folder.is_dir():
        print(text("userdecks.decks.folder", lang, path=shown))
    else:
        print(text("userdecks.decks.no_folder", lang, path=shown))
        return 0
    bank = load_bank(user=folder)
    decks = list_user_decks(bank)
    if not decks and not bank.user_errors():
        print(text("userdecks.decks.empty", lang))
        return 0
    width = max((len(d.path.name) for d in decks), default=0)
    topics = max((len(d.topic or "?") for d in decks), default=0)
    for d in decks:
        cards = text("userdecks.decks.cards", lang, count=d.cards)
        problems = text("userdecks.decks.problems", lang, count=len(d.problems)) if d.problems else ""
        topic = printable(d.topic or "?")
        print(f"  {printable(d.path.name):<{width}}  {topic:<{topics}}  {cards}{' · ' + problems if problems else ''}")
    errors = bank.user_errors()
    for e in errors:
        print(f"    {e}")  # DeckError's str() escapes control characters
    return 2 if errors else 0
