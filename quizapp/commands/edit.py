"""``quizapp edit CARD_ID [--db PATH] [--lang en|zh]``: open your card in your editor.

Opens the deck file that holds the card in ``$VISUAL`` (else ``$EDITOR``, else vi),
at the card's line where the editor can be told one (``+LINE`` for vi, nano, emacs
and their kin; ``--goto FILE:LINE`` for VS Code). When the editor closes, the deck
is read again and every problem in it is one line (``file:line: message``); a card
with a problem is skipped until it is fixed, the rest load. Cards of the built-in
question bank are not yours to edit (``quizapp add`` writes your own version).
Exit status 0 when the deck is clean, 2 when it has a problem or the card cannot
be edited.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from quizapp.catalog import text
from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=__doc__.split("\n\n")[1])
    p.add_argument("card_id", metavar="CARD_ID", help="the id of one of your cards (the browser shows ids)")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.content import load_bank
    from quizapp.paths import user_decks_dir
    from quizapp.safe_text import printable
    from quizapp.userdecks import Refused, editor_command, locate, recheck

    lang = args.lang
    folder = user_decks_dir(db_path(args))
    try:
        path, line, _template = locate(load_bank(user=folder), args.card_id)
    except Refused as e:
        return fail(printable(" ".join(e.text(lang))))
    command = editor_command(path, line)
    try:
        done = subprocess.run(command, check=False)
    except OSError as e:
        return fail(text("userdecks.edit.no_editor", lang, editor=printable(command[0]), reason=e.strerror or str(e)))
    if done.returncode != 0:
        print(text("userdecks.edit.editor_failed", lang, editor=printable(command[0]), status=done.returncode),
              file=sys.stderr)
    bank = load_bank(user=folder)
    problems = recheck(path, bank)
    for e in problems:
        print(e, file=sys.stderr)  # DeckError's str() escapes control characters
    cards = sum(1 for t in bank.templates.values() if bank.user_decks.get(t.file) == path)
    if problems:
        print(text("userdecks.edit.problems", lang, path=printable(str(path)), count=len(problems)))
    else:
        print(text("userdecks.edit.clean", lang, path=printable(str(path)), count=cards))
    return 2 if problems else 0
