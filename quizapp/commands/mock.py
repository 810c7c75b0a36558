"""``quizapp mock [--plain] [--count N] [--minutes M] [--per-question M] [--topic T …] [--weakest] [--seed S] [--lang en|zh] [--db PATH]``.

Without ``--plain`` it opens the terminal app on the mock interview's setup, the
choices given already made there (the app offers 5, 10 or 20 questions, whole
minutes, and 1, 2, 3 or 5 minutes a question; anything else is one sentence on
stderr). With ``--plain``, a timed mock interview as plain lines on stdin/stdout,
the same interview the app runs: N questions (default 5) from the chosen topics (``--topic``, an id or a
title, repeatable or several after one ``--topic``; default every topic) or from
your weakest areas (``--weakest``, within the topics if given), M minutes in all
(default 3 a question) and, with ``--per-question``, at most that many minutes a
question. Like a real interview there is no verdict until the scorecard.

The line protocol (a line's first word is the same in every language where it is
English below):

- ``interview: …`` once: how many questions, the time, where they come from.
- Each question: a header ``[n/N] <template id> · <title> (<kind>) · <m:ss> left``,
  the question (a choice card's options numbered), a steps card's current stage
  ``step k of n: …``, then a cue line starting with ``> ``; one answer line is read.
  A concept question is answered in your own words on one line. Nothing is said
  about the answer: the next question (or stage) follows.
- ``unreadable: …`` (or ``again: …``, right so far but too coarse) asks the same
  question again; so does an empty line.
- ``:skip`` passes on the question (``skipped``: it counts as not answered); ``:quit``
  or the end of input ends the interview with what was answered (every answer is
  stored as it is given).
- ``late: …`` says an answer came after the question's (or the interview's) time
  ran out: it is kept but not graded; ``time: …`` says the interview's time is up.
- Then each concept answer is scored: ``key points [n/N] <template id> · <title>``,
  your answer, the model answer and its key points numbered, and a cue; type the
  numbers of the key points your answer covered (``1 3``, ``1,3``), or an empty line
  for none. ``scored: k of m key points (<rating>)`` follows. End of input leaves
  the rest unscored (not passed).
- The scorecard: ``scorecard: <p> of <N> passed (<score>), <a> answered, <time> of
  <limit>``; per question ``[n] <verdict> · <title> · <time>`` (verdict ``correct``,
  ``wrong``, ``self`` for a scored concept answer, ``pending`` for one not scored,
  ``skipped``), with your answer, the right answer, the named mistake and the
  worked solution indented under it; ``work on:`` and the three areas to work on;
  ``history: …`` the scores of your last interviews and their trend.

Every graded answer is a review (mode "mock") rated from its verdict and time, and
a scored concept answer one rated from the share of key points covered; both move
the schedule. Errors are one sentence on stderr and exit status 2. The hidden
``--content PATH`` runs the interview on a deck file or folder (tests use it).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from quizapp.catalog import render, say, text
from quizapp.commands import add_db_option, after_ctrl_c, db_path, fail, migration_notice

MAX_COUNT = 100
MAX_MINUTES = 600
MINUTES_PER_QUESTION = 3  # the default time: this many minutes a question


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--plain", action="store_true",
                   help="plain lines on stdin/stdout (without it: the app's mock interview setup)")
    p.add_argument("--count", type=int, metavar="N", help="how many questions (default 5)")
    p.add_argument("--minutes", type=float, metavar="M",
                   help=f"the time for the whole interview (default {MINUTES_PER_QUESTION} a question)")
    p.add_argument("--per-question", type=float, metavar="M", help="at most M minutes a question")
    p.add_argument("--topic", action="extend", nargs="+", metavar="T",
                   help="questions from these topics: ids or titles (default every topic)")
    p.add_argument("--weakest", action="store_true",
                   help="questions from your weakest areas (within the topics, if given)")
    p.add_argument("--seed", type=int, metavar="S", help="draw the questions and numbers from seed S")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), help="language (default: the saved setting, else en)")
    p.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def _clock():
    from quizapp.workspace import utc_now

    return utc_now()


def run(args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    if not args.plain:
        return _app(args, lang)
    args.count = 5 if args.count is None else args.count
    if not 1 <= args.count <= MAX_COUNT:
        return fail(text("mock.cli.bad_count", lang, count=args.count, most=MAX_COUNT))
    for option, value in (("--minutes", args.minutes), ("--per-question", args.per_question)):
        if value is not None and not (value * 60 >= 1 and value <= MAX_MINUTES):  # also refuses nan
            return fail(text("mock.cli.bad_minutes", lang, option=option, value=f"{value:g}", most=MAX_MINUTES))
    minutes = args.minutes if args.minutes is not None else MINUTES_PER_QUESTION * args.count
    from quizapp.content import load_bank
    from quizapp.safe_text import printable
    from quizapp.session import SessionError
    from quizapp.workspace import StoreError, Workspace

    bank = load_bank(args.content)
    for error in bank.errors:
        print(text("drill.skipped_stderr", lang, problem=printable(str(error))), file=sys.stderr, flush=True)
    if not bank.templates:
        return fail(text("drill.no_cards", lang))
    try:
        ws = Workspace.open(db_path(args), clock=_clock, on_migrate=migration_notice(db_path(args), args.lang))
    except StoreError as e:
        return fail(str(e))
    interview = None
    try:
        lang = args.lang or ws.setting("language")
        ws.set_bank(bank)
        per_question = None if args.per_question is None else round(args.per_question * 60)
        interview = ws.mock(count=args.count, time_limit_s=round(minutes * 60), question_limit_s=per_question,
                            topics=args.topic, weakest=args.weakest, seed=args.seed)
        plain = _Plain(interview, ws, lang)
        plain.run()
        return 0
    except KeyboardInterrupt:
        after_ctrl_c()
        if interview is not None:
            _Plain(interview, ws, lang).scorecard()
        return 130
    except SessionError as e:
        return fail(render(e.msg, lang))
    except StoreError as e:
        return fail(str(e))
    finally:
        ws.close()


def _app(args: argparse.Namespace, lang: str) -> int:
    """The terminal app, opened on the mock interview's setup with these choices."""
    from quizapp.tui.screens.mock_setup import COUNTS, MAX_MINUTES as APP_MINUTES, PER_QUESTION_MINUTES

    preset: dict = {}
    if args.count is not None:
        if args.count not in COUNTS:
            return fail(text("mock.cli.app_count", lang, count=args.count))
        preset["count"] = args.count
    if args.minutes is not None:
        if not (math.isfinite(args.minutes) and args.minutes == int(args.minutes) and 1 <= args.minutes <= APP_MINUTES):
            return fail(text("mock.cli.app_minutes", lang, value=f"{args.minutes:g}", most=APP_MINUTES))
        preset["minutes"] = int(args.minutes)
    if args.per_question is not None:
        if args.per_question not in PER_QUESTION_MINUTES[1:]:
            return fail(text("mock.cli.app_per_question", lang, value=f"{args.per_question:g}"))
        preset["per_question"] = int(args.per_question)
    if args.topic:
        preset["topics"] = list(args.topic)
    if args.weakest or args.topic:
        preset["weakest"] = bool(args.weakest)
    from quizapp.workspace import StoreError, Workspace

    try:
        workspace = Workspace.open(db_path(args), on_migrate=migration_notice(db_path(args), args.lang))
    except StoreError as e:
        return fail(str(e))
    from quizapp.crashlog import crash_sentence, write_crash_log
    from quizapp.tui.app import make_app

    try:
        app = make_app(workspace, lang=args.lang, seed=args.seed, handle_signals=True, mock_setup=preset)
        app.run()
        return app.return_code or 0
    except StoreError as e:
        return fail(str(e))
    except Exception as e:  # a crash outside the app's loop: one sentence and a log, as `quizapp` does
        return fail(crash_sentence(e, write_crash_log(e)), 1)
    finally:
        workspace.close()


def _say(line: str = "") -> None:
    from quizapp.safe_text import printable

    print(printable(line, keep="\n\t"), flush=True)


class _Plain:
    """Drives one mock interview over stdin/stdout."""

    def __init__(self, interview, workspace, lang: str):
        from quizapp.commands.drill import _Input

        self.m, self.ws, self.lang = interview, workspace, lang
        self.input = _Input()
        self.shown: tuple | None = None

    def t(self, key: str, **values) -> str:
        return text(key, self.lang, **values)

    def run(self) -> None:
        self._intro()
        self._questions()
        self._key_points()
        self.scorecard()

    def _intro(self) -> None:
        from quizapp.mock import clock

        m = self.m
        source = say("mock.source.weakest") if m.weakest else say("mock.source.topics", topics=self._topics())
        per = say("mock.per_question", time=clock(m.question_limit_s)) if m.question_limit_s else ""
        _say(self.t("mock.cli.intro", count=m.question_count, time=clock(m.time_limit_s), per=per, source=source))

    def _topics(self) -> str:
        bank = self.ws.bank
        chosen = self.m.topics or list(bank.topics)
        return self.t("mock.list_sep").join(render(bank.topics.get(t, t), self.lang) for t in chosen)

    # -- the interview

    def _questions(self) -> None:
        from quizapp import kinds
        from quizapp.session import SessionError

        m = self.m
        while m.current is not None:
            if m.check_time() is not None:
                self._time_said()
                continue
            q = m.current
            self._show(q)
            mode = kinds.get(q.kind).answer_mode
            cue = {"self": "mock.cli.cue.concept", "choice": "drill.cue.choice"}.get(mode, "drill.cue.answer")
            _say(self.t(cue))
            line = self.input.readline()
            if line is None:
                m.finish()
                return
            if line == "\x00too-long":
                from quizapp.commands.drill import MAX_LINE

                _say(self.t("drill.too_long", limit=f"{MAX_LINE:,}"))
                continue
            typed = line.strip()
            if typed.startswith(":"):
                if not self._command(typed):
                    m.finish()
                    return
                continue
            if not typed:
                _say(self.t("mock.cli.empty"))
                continue
            try:
                o = m.answer(line)
            except SessionError as e:
                _say(self.t("drill.bad_rating", error=render(e.msg, self.lang)))
                continue
            if o.word == "again":
                word = "unreadable" if o.verdict.value is None else "again"
                _say(f"{word}: {o.verdict.text(self.lang)}")
                continue
            if o.word == "skipped":
                _say(self.t("mock.cli.late", said=render(o.note, self.lang)))
            if o.card_done and m.current is not None:
                m.next()

    def _time_said(self) -> None:
        if self.m.scorecard is not None:
            _say(self.t("mock.cli.time_up"))
        else:
            _say(self.t("mock.cli.question_time_up"))
        self.shown = None

    def _show(self, q) -> None:
        from quizapp import kinds
        from quizapp.mock import clock

        key = (q.position, q.template_id, q.stage)
        if key == self.shown:
            return
        lang = self.lang
        if self.shown is None or self.shown[:2] != key[:2]:
            left = self.m.time_left()
            if self.m.question_limit_s is not None:
                question_left = self.m.question_time_left()
                left = question_left if left is None or (question_left is not None and question_left < left) else left
            _say(self.t("mock.cli.header", n=q.position, total=self.m.question_count, id=q.template_id,
                        title=q.title(lang), kind=say(f"kind.{q.kind}"), left=clock(left, countdown=True)))
            for line in kinds.get(q.kind).plain_question(q.instance, lang):
                _say(line)
        if q.stage is not None:
            prompt = kinds.get(q.kind).ask_prompt(q.instance, q.stage, lang)
            _say(self.t("drill.step", k=q.stage + 1, n=q.stages, prompt=prompt))
        self.shown = key

    def _command(self, typed: str) -> bool:
        """``:skip`` or ``:quit``; False to end the interview."""
        name = typed[1:].split(" ", 1)[0]
        if name == "quit":
            return False
        if name == "skip":
            self.m.skip()
            _say(self.t("mock.cli.skipped"))
            self.shown = None
        else:
            _say(self.t("mock.cli.unknown", text=repr(typed[:60])))
        return True

    # -- after the interview

    def _key_points(self) -> None:
        from quizapp.session import SessionError

        pending = self.m.pending_concepts()
        for p in pending:
            lang = self.lang
            inst = p.instance
            _say(self.t("mock.cli.key_points", n=p.position, total=self.m.question_count, id=inst.template.id,
                        title=inst.template.title[lang]))
            _say(self.t("mock.cli.your_answer", answer=p.answer))
            _say(self.t("drill.model_answer", answer=inst.answer[lang]))
            for n, point in enumerate(p.key_points, 1):
                _say(f"  {n}. {point[lang]}")
            while True:
                _say(self.t("mock.cli.cue.key_points", total=len(p.key_points)))
                line = self.input.readline()
                if line is None:
                    return
                numbers = _numbers(line)
                if numbers is None:
                    _say(self.t("drill.bad_rating", error=self.t("mock.error.key_point", total=len(p.key_points))))
                    continue
                try:
                    result = self.m.score_concept(p.position, [n - 1 for n in numbers])
                except SessionError as e:
                    _say(self.t("drill.bad_rating", error=render(e.msg, lang)))
                    continue
                _say(self.t("mock.cli.scored", ticked=len(result.ticked or ()), total=len(p.key_points),
                            rating=say(f"rating.{result.rating}")))
                break

    def scorecard(self) -> None:
        from quizapp.mock import clock, sparkline, trend_points

        card = self.m.finish()
        lang = self.lang
        limit = clock(card.time_limit_s) if card.time_limit_s is not None else "–"
        _say(self.t("mock.cli.scorecard", passed=card.passed, total=len(card.results), score=f"{card.score:.0%}",
                    answered=card.answered, time=clock(card.seconds), limit=limit))
        for r in card.results:
            _say(self._result_line(r))
            for line in self._result_details(r):
                _say(f"  {line}")
        if not card.counted:
            _say(self.t("mock.cli.not_counted"))
        areas = card.areas()
        if areas:
            _say(self.t("mock.cli.work_on"))
            for n, area in enumerate(areas, 1):
                _say(f"  {n}. {area.message(self.ws.bank.topics).text(lang)}")
        else:
            _say(self.t("mock.cli.all_passed"))
        history = self.ws.mock_history()
        if history.scores:
            trend = "" if history.trend is None else say("mock.trend", points=trend_points(history.trend))
            _say(self.t("mock.cli.history", spark=sparkline(history.scores), count=len(history.scores),
                        trend=trend))

    def _result_line(self, r) -> str:
        from quizapp.mock import clock, unanswered_key

        lang = self.lang
        if r.verdict == "skipped":
            how = say(unanswered_key(r))
        elif r.verdict == "self":
            how = say("mock.key_points_covered", ticked=len(r.ticked or ()), total=len(r.key_points),
                      rating=say(f"rating.{r.rating}"))
        elif r.verdict == "pending":
            how = say("mock.not_scored")
        else:
            how = say("mock.took", time=clock(r.seconds))
        return self.t("mock.cli.result", n=r.position, verdict=r.verdict, title=r.title[lang], how=how)

    def _result_details(self, r) -> list[str]:
        """Under a result: what was typed, the right answer, the named mistake and the
        worked solution (a concept card: the model answer and its key points, ticked)."""
        lang = self.lang
        out = []
        if r.answers:
            out.append(self.t("mock.cli.your_answer", answer=" · ".join(r.answers)))
        if r.key_points:
            out.append(self.t("drill.model_answer", answer=r.instance.answer[lang] if r.instance else ""))
            for n, point in enumerate(r.key_points):
                mark = "•" if r.ticked is None else "✓" if n in r.ticked else "✗"
                out.append(f"  {mark} {point[lang]}")
            return out
        expected = [e for e in r.expected if e]
        if expected and r.verdict != "correct":
            out.append(self.t("mock.cli.expected", answer=" · ".join(e.replace("-", "\u2212") for e in expected)))
        if r.mistake is not None:
            out.append(self.t("drill.mistake", label=r.mistake.label[lang]).strip())
        out += [f"  {line}" for line in r.solution.get(lang, ()) if line]
        return out


def _numbers(line: str) -> list[int] | None:
    """Key point numbers as typed: ``1 3``, ``1,3``, ``1、3``; [] for an empty line;
    None when anything else is there."""
    parts = [p for p in re.split(r"[\s,，、;；]+", line.strip()) if p]
    if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
        return None
    return [int(p) for p in parts]
