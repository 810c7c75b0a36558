"""The ``quizapp`` command.

With no subcommand it opens the terminal app. Each subcommand lives in its own
module under ``quizapp.commands`` with ``add_parser(subparsers)`` and
``run(args) -> int``; modules are imported only when their command runs, so
``quizapp compute`` never pays for Textual and the TUI never pays for torch.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "compute": ("quizapp.commands.compute", "run one engine computation with its worked solution"),
    "grade": ("quizapp.commands.grade", "judge one typed answer against an expected value"),
    "check-content": ("quizapp.commands.check_content", "validate and self-test the question bank"),
    "drill": ("quizapp.commands.drill", "study in plain lines on stdin/stdout"),
    "mock": ("quizapp.commands.mock", "a timed mock interview in plain lines on stdin/stdout"),
    "stats": ("quizapp.commands.stats", "progress figures"),
    "backup": ("quizapp.commands.backup", "back up the progress database now"),
    "restore": ("quizapp.commands.backup", "restore the progress database from a backup"),
    "export": ("quizapp.commands.transfer", "export all progress as JSON lines"),
    "import": ("quizapp.commands.transfer", "import progress exported as JSON lines"),
    "decks": ("quizapp.commands.decks", "where your own decks are, and their cards and problems"),
    "add": ("quizapp.commands.add", "add a card of your own"),
    "edit": ("quizapp.commands.edit", "open one of your cards in your editor"),
    "tui": ("quizapp.commands.tui", "open the terminal app (the default)"),
    "serve": ("quizapp.commands.serve", "open the app in a web browser"),
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line and exits 2 (never a usage dump)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="quizapp", description="Rehearse machine-learning interview fundamentals.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_) in COMMANDS.items():
        if command is not None and name != command:
            # Still list it in --help, but do not import its module.
            sub.add_parser(name, help=help_, add_help=False)
            continue
        mod = importlib.import_module(module)
        mod.add_parser(sub, name, help_)
    return parser


def _version() -> str:
    from quizapp import __version__

    return f"quizapp {__version__}"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        command: str | None = argv[0]
    elif not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["tui", *argv]  # bare `quizapp` (possibly with --db PATH) opens the app
        command = "tui"
    else:
        command = None  # --help, --version or an unknown command: argparse explains
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        from quizapp.commands import after_ctrl_c

        after_ctrl_c()
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a defect: one sentence and a log file, never a traceback
        from quizapp.crashlog import crash_sentence, write_crash_log

        print(crash_sentence(error, write_crash_log(error)), file=sys.stderr, flush=True)
        return 1
