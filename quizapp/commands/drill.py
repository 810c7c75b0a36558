"""``quizapp drill --plain [--topic T] [--count N] [--seed S] [--db PATH] [--lang en|zh] [--cram]``.

The study loop as plain lines on stdin/stdout, for scripts, pipes and terminals
without the app. Each card prints a header ``[n/total] <template id> · <title>
(<kind>)``, its question (choice cards: numbered options), then a cue line starting
with ``> `` and reads one line. The answer's verdict is one line starting with
``correct``, ``wrong`` or ``unreadable`` (retype after that one), followed by the
worked solution indented. A steps card asks stage by stage (``step k of n ...``
lines) and ends with the card's verdict line. A concept card reads your attempt
(or an empty line), prints the model answer and key points, then reads a
self-rating 1-4 and prints ``rated ...``. Every ``correct``/``wrong``/``rated``
line stands for one review, committed to the database before it is printed.

Instead of an answer: ``:skip``, ``:undo`` (the last step of this card, else the
last review), ``:flag NOTE`` (the
card looks wrong), ``:quit``. End of input or Ctrl-C ends the drill with a
one-line summary. The hidden ``--content PATH`` drills a deck file or folder
instead of the installed bank (tests use it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.commands import fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout (required)")
    p.add_argument("--topic", action="append", metavar="T", help="only this topic (repeatable)")
    p.add_argument("--count", type=int, metavar="N", help="at most N cards")
    p.add_argument("--seed", type=int, metavar="S", help="draw the numbers from seed S (reproducible runs)")
    p.add_argument("--db", type=Path, metavar="PATH", help="the progress database (default: QUIZAPP_DB or the user data folder)")
    p.add_argument("--lang", choices=("en", "zh"), help="language (default: the saved setting, else en)")
    p.add_argument("--cram", action="store_true", help="practise the topic now, due or not; the schedule is not moved")
    p.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        return fail("the interactive drill is the terminal app: run `quizapp`; "
                    "add --plain to drill in plain lines here")
    if args.count is not None and args.count < 1:
        return fail(f"--count {args.count} is too small; expected a whole number of at least 1")
    from quizapp.content import load_bank
    from quizapp.session import CramSession, SessionError, StudySession
    from quizapp.store import Store, StoreError

    bank = load_bank(args.content)
    for error in bank.errors:
        print(f"quizapp: skipped: {error}", file=sys.stderr, flush=True)
    if not bank.templates:
        return fail("the question bank has no usable cards")
    try:
        store = Store.open(args.db)
    except StoreError as e:
        return fail(str(e))
    kind = CramSession if args.cram else StudySession
    session = None
    try:
        lang = args.lang or store.get_setting("language", "en")
        session = kind(store, bank, topics=args.topic, count=args.count, seed=args.seed)
        for problem in session.problems:
            print(f"quizapp: skipped: {problem}", file=sys.stderr, flush=True)
        lang = lang if lang in ("en", "zh") else "en"
        if session.empty is not None:
            _say(_why_empty(session.empty, args.topic, lang))
        status = _Drill(session, lang).loop()
        _say(_summary(session.close()))
        return status
    except KeyboardInterrupt:
        if session is not None:
            _say(_summary(session.close()))
        return 130
    except (StoreError, SessionError) as e:
        return fail(str(e))
    finally:
        store.close()


def _say(line: str = "") -> None:
    print(line, flush=True)


_TEXT = {
    "new_limit": {
        "en": "Today's {new_limit} new cards are done; raise new cards per day in settings (f2), or cram: {cram}",
        "zh": "今天的 {new_limit} 张新卡已经学完；可在设置（f2）里调高每日新卡数，或者集中练习：{cram}"},
    "new_off": {
        "en": "New cards per day is 0, so no new card is shown; raise it in settings (f2), or cram: {cram}",
        "zh": "每日新卡数为 0，所以不出新卡；可在设置（f2）里调高，或者集中练习：{cram}"},
    "review_limit": {
        "en": "Today's {review_limit} reviews are done and {due_waiting} more are due; raise reviews per day "
              "in settings (f2), or cram: {cram}",
        "zh": "今天的 {review_limit} 次复习已经做完，还有 {due_waiting} 张到期；可在设置（f2）里调高每日复习数，"
              "或者集中练习：{cram}"},
    "nothing_due": {
        "en": "Nothing is due: every card here has been studied and none is due yet. Come back later, or cram: {cram}",
        "zh": "没有到期的卡：这里每张卡都学过了，还没有到期的。稍后再来，或者集中练习：{cram}"},
    "no_cards": {
        "en": "There is no card to drill here.",
        "zh": "这里没有可以练习的卡片。"},
}


def _t(key: str, lang: str, **values) -> str:
    return _TEXT[key][lang].format(**values)


def _why_empty(empty, topics: list[str] | None, lang: str) -> str:
    """One sentence on why there is nothing to study, with what to do about it."""
    cram = "quizapp drill --plain --cram" + "".join(f" --topic {t}" for t in dict.fromkeys(topics or ()))
    key = "new_off" if empty.reason == "new_limit" and empty.new_limit == 0 else empty.reason
    return _t(key, lang, cram=cram, new_limit=empty.new_limit, review_limit=empty.review_limit,
              due_waiting=empty.due_waiting)


def _summary(progress) -> str:
    """Graded cards count right or not; self-rated ones recalled or forgotten."""
    p = progress
    parts = []
    if p.correct or p.wrong:
        parts.append(f"{p.correct} right, {p.wrong} not")
    if p.rated:
        parts.append(f"{p.rated} rated: {p.recalled} recalled, {p.forgotten} forgotten")
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"done: {p.answered} answered{detail}, {p.skipped} skipped, {p.remaining} left"


_HEADS = {"correct": ("Correct", "正确"), "wrong": ("Not right", "不对")}


def _tidy(message: str, verdict: str) -> str:
    """The grader's message without a leading "Correct:" / "Not right:" that the
    verdict word already says."""
    for head in _HEADS.get(verdict, ()):
        rest = message[len(head):] if message.startswith(head) else None
        if rest is not None and rest[:1] in (":", "：", ".", "。", ""):
            return rest[1:].strip()
    return message


class _Drill:
    """Drives one session over stdin/stdout."""

    def __init__(self, session, lang: str):
        self.s, self.lang = session, lang
        self.shown: tuple | None = None  # (position, template id, stage) last printed

    def loop(self) -> int:
        while self.s.current is not None:
            q = self.s.current
            self._show(q)
            concept = q.kind == "concept"
            if concept and self.s.state == "revealed":
                cue = "> rate 1 Again, 2 Hard, 3 Good, 4 Easy"
            elif concept:
                cue = "> your answer (or an empty line), then the model answer is shown"
            elif q.kind == "choice":
                cue = "> answer with option numbers, e.g. 2 or 1,3"
            else:
                cue = "> answer"
            _say(cue)
            line = sys.stdin.readline()
            if not line:
                return 0
            text = line.rstrip("\r\n")
            if text.strip().startswith(":"):
                if not self._command(text.strip()):
                    return 0
            elif concept and self.s.state == "revealed":
                self._rate(text)
            elif concept:
                self._reveal(text)
            else:
                self._answer(text)
        return 0

    def _show(self, q) -> None:
        key = (q.position, q.template_id, q.stage)
        if key == self.shown:
            return
        if self.shown is None or self.shown[:2] != key[:2]:
            new = ", new" if q.is_new else ""
            _say(f"[{q.position}/{q.total}] {q.template_id} · {q.title(self.lang)} ({q.kind}{new})")
            _say(q.instance.prompt[self.lang])
            for number, option in enumerate(q.options(self.lang), 1):
                _say(f"  {number}. {option}")
        if q.stage is not None:
            stage = q.instance.stages[q.stage]
            _say(f"step {q.stage + 1} of {q.stages}: {stage.prompt[self.lang]}")
        self.shown = key

    def _answer(self, text: str) -> None:
        q = self.s.current
        o = self.s.answer(text)
        lang = self.lang
        if o.verdict == "unreadable":
            _say(f"unreadable: {o.message[lang]}")
            return
        message = _tidy(o.message[lang], o.verdict)
        if o.stage is not None:
            answer = "" if o.correct else f" The answer is {o.expected}."
            _say(f"step {o.stage + 1} of {q.stages} {o.verdict}: {message}{answer}".rstrip())
            self._stage_details(o)
            if o.card_done:
                _say(f"{o.card_verdict} ({self._rating(o.rating)}): "
                     + ("every step right" if o.card_verdict == "correct" else "not every step was right"))
                self._lines(o.solution[lang])
        else:
            answer = f" The answer is {o.expected}." if q.kind == "numeric" and not o.correct else ""
            _say(f"{o.verdict} ({self._rating(o.rating)}): {message}{answer}".rstrip(": "))
            self._lines(o.solution[lang])
        if o.card_done:
            self.s.next()

    def _stage_details(self, o) -> None:
        """How far off and the mistake by name, where the message does not say so."""
        message = o.message[self.lang]
        if o.off is not None and "%" not in message:
            _say(f"  off by {o.off:.0%}")
        if o.mistake is not None and o.mistake.label[self.lang] not in message:
            _say(f"  common mistake: {o.mistake.label[self.lang]}")

    def _reveal(self, text: str) -> None:
        r = self.s.reveal(text)
        _say(f"answer: {r.answer[self.lang]}")
        self._lines([f"• {p[self.lang]}" for p in r.key_points])
        if r.note:
            self._lines([r.note[self.lang]])

    def _rate(self, text: str) -> None:
        from quizapp.session import SessionError

        try:
            o = self.s.rate(text.strip())
        except SessionError as e:
            _say(f"unreadable: {e}")
            return
        _say(f"rated {o.rating} ({self._rating(o.rating)})")
        self.s.next()

    def _command(self, text: str) -> bool:
        """Run ``:skip``, ``:undo``, ``:flag NOTE`` or ``:quit``; False to stop."""
        name, _, rest = text[1:].partition(" ")
        if name == "quit":
            return False
        if name == "skip":
            self.s.skip()
            _say("skipped")
        elif name == "undo":
            before = self.s.current
            mid_card = before is not None and self.s.state == "asking" and bool(before.stage)
            q = self.s.undo()
            if q is None:
                _say("nothing to undo in this drill")
            elif mid_card:
                _say(f"undone: step {q.stage + 1} of {q.template_id}")
            else:
                _say(f"undone: the review of {q.template_id}")
            self.shown = None
        elif name == "flag":
            self.s.flag(rest)
            _say(f"flagged {self.s.current.template_id}; thank you")
        else:
            _say(f"unreadable: unknown command {text!r}; expected :skip, :undo, :flag NOTE or :quit")
        return True

    def _rating(self, rating: int) -> str:
        from quizapp.session import RATING_NAMES

        return RATING_NAMES[rating][self.lang]

    @staticmethod
    def _lines(lines) -> None:
        for line in lines:
            if line:
                _say(f"  {line}")
