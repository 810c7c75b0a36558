"""``quizapp drill --plain [--topic T] [--count N] [--seed S] [--db PATH] [--lang en|zh] [--cram]``.

The study loop as plain lines on stdin/stdout, for scripts, pipes and terminals
without the app, in the chosen language. Each card prints a header ``[n/total]
<template id> · <title> (<kind>)``, its question (choice cards: options lettered A, B, …),
then a cue line starting with ``> `` and reads one line. The answer's verdict is
one line whose first word, in every language, is ``correct``, ``wrong``,
``again`` (right so far but too coarse: retype with more figures) or
``unreadable`` (retype), followed by the worked solution indented. A steps card
asks stage by stage (``step k of n ...`` lines); the card's verdict line and its
whole worked solution come after the last stage. A concept card reads your
attempt (or an empty line), prints the model answer and key points, then reads
a self-rating 1-4 (the cue shows when each rating brings the card back) and
prints ``rated ...``. Every ``correct``/``wrong``/``rated`` line stands for one
review, committed to the database before it is printed. A card rated Again comes
back later in the session, with fresh numbers. An empty session says why and
how to go on. A card with a picture (``quizapp.pictures``) prints it as text — a
small table of its points or a Unicode sparkline — after its question or after
its worked solution, wherever the card shows it.

Instead of an answer: ``:skip`` (the card moves to the end), ``:undo`` (the last
step of this card, else the last review), ``:flag NOTE`` (the card looks wrong),
``:quit``. End of input or Ctrl-C ends the drill with a one-line summary. Any
bytes are read (invalid UTF-8 is replaced); a line longer than ``MAX_LINE``
characters is refused, and input with no line end at all stops the drill. The
hidden ``--content PATH`` drills a deck file or folder instead of the installed
bank (tests use it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.catalog import Msg, duration, render, say, text
from quizapp.commands import add_db_option, after_ctrl_c, db_path, fail, migration_notice

MAX_LINE = 100_000  # characters in one answer line
_GIVE_UP = 16 * 2**20  # bytes skipped looking for the end of an over-long line
_WAKE = 0.2  # seconds stdin is waited on before Python looks for a Ctrl-C again


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout (required)")
    p.add_argument("--topic", action="append", metavar="T", help="only this topic: its id or title (repeatable)")
    p.add_argument("--count", type=int, metavar="N", help="at most N cards")
    p.add_argument("--seed", type=int, metavar="S", help="draw the numbers from seed S (reproducible runs)")
    add_db_option(p)
    p.add_argument("--lang", choices=("en", "zh"), help="language (default: the saved setting, else en)")
    p.add_argument("--cram", action="store_true", help="practise the topic now, due or not; the schedule is not moved")
    p.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    if not args.plain:
        return fail(text("drill.need_plain", lang))
    if args.count is not None and args.count < 1:
        return fail(text("drill.bad_count", lang, count=args.count))
    from quizapp.content import load_bank
    from quizapp.safe_text import printable
    from quizapp.session import SessionError
    from quizapp.workspace import StoreError, Workspace

    from quizapp.paths import user_decks_dir

    bank = load_bank(args.content, user=None if args.content else user_decks_dir(db_path(args)))
    for error in bank.errors:
        print(text("drill.skipped_stderr", lang, problem=printable(str(error))), file=sys.stderr, flush=True)
    if not bank.templates:
        return fail(text("drill.no_cards", lang))
    try:
        ws = Workspace.open(db_path(args), on_migrate=migration_notice(db_path(args), args.lang))
    except StoreError as e:
        return fail(render(e.msg, lang))
    session = None
    upkeep = _Upkeep(ws)
    try:
        lang = args.lang or ws.setting("language")
        ws.set_bank(bank)
        upkeep.start()  # the day's first backup, beside the first card
        session = ws.study(args.topic, "cram" if args.cram else "study", seed=args.seed, count=args.count)
        for problem in session.problems:
            print(text("drill.skipped_stderr", lang, problem=printable(problem)), file=sys.stderr, flush=True)
        if session.empty is not None:
            _say(_why_empty(session.empty, args.topic, lang))
        status = _Drill(session, lang).loop()
        _say(_summary(session.close(), lang))
        return status
    except KeyboardInterrupt:
        after_ctrl_c()
        if session is not None:
            _say(_summary(session.close(), lang))
        return 130
    except SessionError as e:
        return fail(render(e.msg, lang))
    except StoreError as e:
        return fail(render(e.msg, lang))
    finally:
        if session is not None:  # whatever ended the drill (a reader that stopped early: `| head`)
            try:
                session.close()  # idempotent: the session row gets its end
            except StoreError:
                pass
        problem = upkeep.finish()
        if problem is not None:
            fail(render(problem, lang))
        ws.close()


class _Upkeep:
    """The workspace's upkeep (the day's first backup) in a thread, so the first card
    is not kept waiting; ``finish`` waits for it and returns its problem, if any."""

    def __init__(self, ws):
        self.ws, self.thread, self.problem = ws, None, None

    def start(self) -> None:
        import threading

        self.thread = threading.Thread(target=self._run, name="quizapp-upkeep", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from quizapp.workspace import StoreError

        try:
            self.ws.maintenance()
        except StoreError as e:
            self.problem = e.msg

    def finish(self) -> Msg | str | None:
        if self.thread is not None:
            self.thread.join()
        return self.problem


def _say(line: str = "") -> None:
    from quizapp.safe_text import printable

    print(printable(line, keep="\n\t"), flush=True)


def _why_empty(empty, topics: list[str] | None, lang: str) -> str:
    """One sentence on why there is nothing to study, with what to do about it."""
    import shlex

    cram = "quizapp drill --plain --cram" + "".join(f" --topic {shlex.quote(t)}" for t in dict.fromkeys(topics or ()))
    key = "new_off" if empty.reason == "new_limit" and empty.new_limit == 0 else empty.reason
    if key == "new_limit":
        return text("drill.empty.new_limit", lang, cram=cram, count=empty.new_limit)
    return text(f"drill.empty.{key}", lang, cram=cram, review_limit=empty.review_limit,
                due_waiting=empty.due_waiting)


def _summary(p, lang: str) -> str:
    """Graded cards count right or not; self-rated ones recalled or forgotten."""
    parts = []
    if p.correct or p.wrong:
        parts.append(say("drill.graded", right=p.correct, wrong=p.wrong))
    if p.rated:
        parts.append(say("drill.self_rated", rated=p.rated, recalled=p.recalled, forgotten=p.forgotten))
    detail = text("drill.detail", lang, parts=parts) if parts else ""
    return text("drill.done", lang, answered=p.answered, detail=detail, skipped=p.skipped, left=p.remaining)


class _Input:
    """Lines from stdin, whatever bytes they hold, never more than MAX_LINE at a time.

    stdin's file is read with ``os.read`` once ``select`` says it has bytes, and the
    wait comes back to Python every ``_WAKE`` seconds. Python raises Ctrl-C's
    KeyboardInterrupt between two of its own instructions: a SIGINT handled after
    the last of them but before a blocking ``read()`` began would be left waiting
    for the next line (a narrow window; ``_thread.interrupt_main`` leaves exactly
    that state, and tests/test_drill_input.py uses it)."""

    def __init__(self):
        import os

        self.stream = getattr(sys.stdin, "buffer", None)
        self.fd: int | None = None
        if self.stream is not None and os.name == "posix":  # select() takes any file there
            try:
                self.fd = self.stream.fileno()
            except (AttributeError, OSError, ValueError):
                self.fd = None
        self.pending = bytearray()
        self.ended = False

    def readline(self) -> str | None:
        """The next line without its end; "" for an over-long line (reported by the
        caller as too long); None at the end of input or when no line end comes."""
        if sys.stdin is None:  # started with stdin closed (<&-): there is no input
            return None
        if self.stream is None:  # a text stream (tests)
            line = sys.stdin.readline(MAX_LINE + 1)
            if not line:
                return None
            if len(line) > MAX_LINE and not line.endswith("\n"):
                return self._skip_text()
            return line.rstrip("\r\n")
        raw = self._raw_line(MAX_LINE * 4)
        if not raw:
            return None
        if not raw.endswith(b"\n") and len(raw) > MAX_LINE * 4:
            return self._skip_bytes()
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        return "" if len(line) > MAX_LINE else line.replace("\x00", "\ufffd")

    def _raw_line(self, limit: int) -> bytes:
        """Bytes up to and including the next line end, at most ``limit + 1`` of them
        (more means the line is longer); what is left at the end of input; b"" after it."""
        if self.fd is None:
            return self.stream.readline(limit + 1)
        while True:
            end = self.pending.find(b"\n", 0, limit + 1)
            if end >= 0 or len(self.pending) > limit or self.ended:
                n = end + 1 if end >= 0 else min(len(self.pending), limit + 1)
                line = bytes(self.pending[:n])
                del self.pending[:n]
                return line
            chunk = self._read()
            if chunk:
                self.pending += chunk
            else:
                self.ended = True

    def _read(self) -> bytes:
        import os
        import select

        while not select.select([self.fd], [], [], _WAKE)[0]:
            pass  # back in Python: a Ctrl-C that came before the wait is raised here
        return os.read(self.fd, 65536)

    def _skip_bytes(self) -> str | None:
        skipped = 0
        while skipped < _GIVE_UP:
            chunk = self._raw_line(65535)
            if not chunk:
                return None
            skipped += len(chunk)
            if chunk.endswith(b"\n"):
                return "\x00too-long"
        return None

    def _skip_text(self) -> str | None:
        skipped = 0
        while skipped < _GIVE_UP:
            chunk = sys.stdin.readline(65536)
            if not chunk:
                return None
            skipped += len(chunk)
            if chunk.endswith("\n"):
                return "\x00too-long"
        return None


class _Drill:
    """Drives one session over stdin/stdout."""

    def __init__(self, session, lang: str):
        self.s, self.lang = session, lang
        self.shown: tuple | None = None  # (position, template id, stage) last printed
        self.input = _Input()

    def t(self, key: str, **values) -> str:
        return text(key, self.lang, **values)

    def loop(self) -> int:
        from quizapp import kinds

        while self.s.current is not None:
            q = self.s.current
            self._show(q)
            mode = kinds.get(q.kind).answer_mode
            revealed = self.s.state == "revealed"
            _say(self._rate_cue() if revealed else self.t({"self": "drill.cue.concept", "choice": "drill.cue.choice"}
                                                             .get(mode, "drill.cue.answer")))
            line = self.input.readline()
            if line is None:
                return 0
            if line == "\x00too-long" or (line == "" and False):
                _say(self.t("drill.too_long", limit=f"{MAX_LINE:,}"))
                continue
            if line.strip().startswith(":"):
                if not self._command(line.strip()):
                    return 0
            elif revealed:
                self._rate(line)
            elif mode == "self":
                self._reveal(line)
            else:
                self._answer(line)
        return 0

    def _rate_cue(self) -> str:
        intervals = self.s.intervals()
        choices = []
        for n in (1, 2, 3, 4):
            name = say(f"rating.{n}")
            if n in intervals:
                choices.append(say("drill.cue.rate_choice_interval", n=n, name=name, interval=duration(intervals[n])))
            else:
                choices.append(say("drill.cue.rate_choice", n=n, name=name))
        sep = "，" if self.lang == "zh" else ", "
        return self.t("drill.cue.rate", choices=sep.join(render(c, self.lang) for c in choices))

    def _show(self, q) -> None:
        from quizapp import kinds

        key = (q.position, q.template_id, q.stage, id(q.instance))
        if key == self.shown:
            return
        lang = self.lang
        if self.shown is None or self.shown[:2] != key[:2] or self.shown[3] != key[3]:
            kind = say(f"kind.{q.kind}")
            if q.again:
                kind = say("drill.again_card", kind=kind)
            elif q.is_new:
                kind = say("drill.new", kind=kind)
            _say(self.t("drill.header", n=q.position, total=q.total, id=q.template_id, title=q.title(lang), kind=kind))
            for line in kinds.get(q.kind).plain_question(q.instance, lang):
                _say(line)
            self._picture(q.instance, "question")
        if q.stage is not None:
            prompt = kinds.get(q.kind).ask_prompt(q.instance, q.stage, lang)
            _say(self.t("drill.step", k=q.stage + 1, n=q.stages, prompt=prompt))
        self.shown = key

    def _verdict(self, head: str, *body: str) -> str:
        """``head``, then what there is to say after it."""
        sep = "" if self.lang == "zh" else " "
        rest = sep.join(b for b in body if b)
        return head + self.t("drill.sep") + rest if rest else head

    def _answer(self, typed: str) -> None:
        q = self.s.current
        o = self.s.answer(typed)
        lang = self.lang
        v = o.verdict
        if o.word == "again":
            word = "unreadable" if v.value is None else "again"
            _say(f"{word}: {v.text(lang)}")
            return
        message = _tidy(v.text(lang), o.word, lang)
        from quizapp import kinds

        names_answer = kinds.get(q.kind).answer_mode == "choice"  # a choice verdict names the answer itself
        answer = "" if o.correct or names_answer else self.t("drill.answer_is", answer=o.expected)
        if o.stage is not None:
            _say(self._verdict(self.t(f"drill.step.{o.word}", k=o.stage + 1, n=q.stages), message, answer))
            self._details(o)
            if o.card_done:
                steps = "drill.all_steps" if o.card_verdict == "correct" else "drill.not_all_steps"
                _say(self._verdict(self.t("drill.verdict", word=o.card_verdict, rating=say(f"rating.{o.rating}")),
                                   self.t(steps)))
                self._lines(o.solution[lang])
                self._picture(q.instance, "verdict")
                self._after(o)
        else:
            _say(self._verdict(self.t("drill.verdict", word=o.word, rating=say(f"rating.{o.rating}")), message, answer))
            self._details(o)
            self._lines(o.solution[lang])
            self._picture(q.instance, "verdict")
            self._after(o)
        if o.card_done:
            self.s.next()

    def _picture(self, instance, at: str) -> None:
        """The card's picture as text, when the card shows it ``at`` this point."""
        if "picture" not in instance.template.spec:
            return
        from quizapp.pictures import picture_for, plain_lines

        picture = picture_for(instance)
        if picture is not None and picture.at == at:
            for line in plain_lines(picture, self.lang):
                _say(line)

    def _after(self, o) -> None:
        if o.again_later:
            _say(self.t("drill.comes_back"))
        elif o.interval is not None:
            _say(self.t("drill.next_due", interval=duration(o.interval)))

    def _details(self, o) -> None:
        """How far off and the mistake by name, where the message does not say so."""
        message = o.verdict.text(self.lang)
        if o.off is not None and "%" not in message:
            _say(self.t("drill.off", off=f"{o.off:.0%}"))
        if o.mistake is not None and o.mistake.label[self.lang] not in message:
            _say(self.t("drill.mistake", label=o.mistake.label[self.lang]))

    def _reveal(self, typed: str) -> None:
        r = self.s.reveal(typed)
        _say(self.t("drill.model_answer", answer=r.answer[self.lang]))
        self._lines([f"• {p[self.lang]}" for p in r.key_points])
        if r.note:
            self._lines([self.t("drill.often_claimed", note=r.note[self.lang])])

    def _rate(self, typed: str) -> None:
        from quizapp.session import SessionError

        try:
            o = self.s.rate(typed.strip())
        except SessionError as e:
            _say(self.t("drill.bad_rating", error=render(e.msg, self.lang)))
            return
        _say(self.t("drill.rated", n=o.rating, name=say(f"rating.{o.rating}")))
        self._after(o)
        self.s.next()

    def _command(self, typed: str) -> bool:
        """Run ``:skip``, ``:undo``, ``:flag NOTE`` or ``:quit``; False to stop."""
        name, _, rest = typed[1:].partition(" ")
        if name == "quit":
            return False
        if name == "skip":
            q = self.s.skip()
            _say(self.t("drill.skipped" if q is not None else "drill.skipped_last"))
            self.shown = None
        elif name == "undo":
            from quizapp.session import SessionError

            before = self.s.current
            mid_card = before is not None and self.s.state == "asking" and bool(before.stage)
            try:
                q = self.s.undo()
            except SessionError as e:
                _say(self.t("drill.bad_rating", error=render(e.msg, self.lang)))
                return True
            if q is None:
                _say(self.t("drill.no_undo"))
            elif mid_card:
                _say(self.t("drill.undone_step", k=q.stage + 1, id=q.template_id))
            else:
                _say(self.t("drill.undone_review", id=q.template_id))
            self.shown = None
        elif name == "flag":
            self.s.flag(rest)
            _say(self.t("drill.flagged", id=self.s.current.template_id if self.s.current else ""))
        else:
            _say(self.t("drill.unknown", text=repr(typed[:60])))
        return True

    def _lines(self, lines) -> None:
        for line in lines:
            if line:
                _say(f"  {line}")


def _tidy(message: str, word: str, lang: str) -> str:
    """The verdict's sentence without a leading "Correct:" / "Not right:" that the
    verdict word already says."""
    for key in (f"verdict.{word}",):
        head = text(key, lang) if word in ("correct", "wrong") else None
        if head and message.startswith(head) and message[len(head):len(head) + 1] in (":", "：", ".", "。", ""):
            return message[len(head) + 1:].strip()
    return message
