"""``quizapp`` / ``quizapp tui``: open the terminal app.

Textual is imported only here, when the app runs. A database that cannot be
opened (locked by another quizapp, damaged, written by a newer quizapp) is one
sentence on stderr and exit status 2; an unexpected crash inside the app is one
sentence naming the log file that holds the full traceback, and exit status 1.
"""

from __future__ import annotations

import argparse

from quizapp.commands import add_db_option, db_path, fail, migration_notice


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description="Open the terminal app.")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), help="language for this run (default: the saved setting)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.catalog import render
    from quizapp.workspace import StoreError, Workspace

    try:
        workspace = Workspace.open(db_path(args), check_later=True,  # the check starts once home is drawn
                                   on_migrate=migration_notice(db_path(args), args.lang))
    except StoreError as e:
        return fail(render(e.msg, args.lang or "en"))
    from quizapp.crashlog import crash_sentence, write_crash_log
    from quizapp.tui.app import make_app

    try:
        app = make_app(workspace, lang=args.lang, handle_signals=True)  # the bank loads in a worker
        app.run()  # prints its own one-sentence crash notice
        return app.return_code or 0
    except StoreError as e:
        return fail(render(e.msg, args.lang or "en"))
    except Exception as e:  # a crash outside the app's loop: same sentence, same log
        return fail(crash_sentence(e, write_crash_log(e)), 1)
    finally:
        workspace.close()
