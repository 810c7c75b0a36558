"""``quizapp drill --plain [--topic T] [--count N] [--seed S] [--db PATH] [--lang en|zh] [--cram]``.

The study loop as plain lines on stdin/stdout, for scripts, pipes and terminals
without the app, in the chosen language. Each card prints a header ``[n/total]
<template id> · <title> (<kind>)``, its question (choice cards: numbered options),
then a cue line starting with ``> `` and reads one line. The answer's verdict is
one line whose first word, in every language, is ``correct``, ``wrong`` or
``unreadable`` (retype after that one), followed by the worked solution indented.
A steps card asks stage by stage (``step k of n ...`` lines); each stage's line
gives its verdict, how far off, the mistake by name and that stage's value, and
the card's verdict line and whole worked solution come after the last stage. A
concept card reads your attempt (or an empty line), prints the model answer and
key points, then reads a self-rating 1-4 and prints ``rated ...``. Every
``correct``/``wrong``/``rated`` line stands for one review, committed to the
database before it is printed. An empty session says why (today's limits used
up, nothing due, no cards) and how to go on.

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

from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout (required)")
    p.add_argument("--topic", action="append", metavar="T", help="only this topic (repeatable)")
    p.add_argument("--count", type=int, metavar="N", help="at most N cards")
    p.add_argument("--seed", type=int, metavar="S", help="draw the numbers from seed S (reproducible runs)")
    add_db_option(p)
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
        store = Store.open(db_path(args))
    except StoreError as e:
        return fail(str(e))
    kind = CramSession if args.cram else StudySession
    session = None
    try:
        lang = args.lang or store.get_setting("language", "en")
        lang = lang if lang in ("en", "zh") else "en"
        session = kind(store, bank, topics=args.topic, count=args.count, seed=args.seed)
        for problem in session.problems:
            print(f"quizapp: skipped: {problem}", file=sys.stderr, flush=True)
        if session.empty is not None:
            _say(_why_empty(session.empty, args.topic, lang))
        status = _Drill(session, lang).loop()
        _say(_summary(session.close(), lang))
        return status
    except KeyboardInterrupt:
        if session is not None:
            _say(_summary(session.close(), lang))
        return 130
    except (StoreError, SessionError) as e:
        return fail(str(e))
    finally:
        store.close()


def _say(line: str = "") -> None:
    print(line, flush=True)


_TEXT = {
    # why a session is empty
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
    "no_cards": {"en": "There is no card to drill here.", "zh": "这里没有可以练习的卡片。"},
    # a card
    "numeric": {"en": "numeric", "zh": "数值题"},
    "steps": {"en": "steps", "zh": "分步题"},
    "choice": {"en": "choice", "zh": "选择题"},
    "concept": {"en": "concept", "zh": "概念题"},
    "header": {"en": "[{n}/{total}] {id} · {title} ({kind})", "zh": "[{n}/{total}] {id} · {title}（{kind}）"},
    "new": {"en": "{kind}, new", "zh": "{kind}，新卡"},
    "step": {"en": "step {k} of {n}: {prompt}", "zh": "第 {k} 步（共 {n} 步）：{prompt}"},
    "cue.rate": {"en": "> rate 1 Again, 2 Hard, 3 Good, 4 Easy", "zh": "> 自评：1 重来，2 困难，3 良好，4 简单"},
    "cue.concept": {"en": "> your answer (or an empty line), then the model answer is shown",
                    "zh": "> 你的回答（可留空行），之后显示参考答案"},
    "cue.choice": {"en": "> answer with option numbers, e.g. 2 or 1,3", "zh": "> 用选项编号作答，例如 2 或 1,3"},
    "cue.answer": {"en": "> answer", "zh": "> 作答"},
    # verdicts: the first word stays machine-readable (correct, wrong, unreadable, rated)
    "verdict": {"en": "{word} ({rating})", "zh": "{word}（{rating}）"},
    "sep": {"en": ": ", "zh": "："},
    "space": {"en": " ", "zh": ""},
    "step.correct": {"en": "step {k} of {n} correct", "zh": "第 {k} 步（共 {n} 步）正确"},
    "step.wrong": {"en": "step {k} of {n} wrong", "zh": "第 {k} 步（共 {n} 步）不对"},
    "answer_is": {"en": "The answer is {answer}.", "zh": "答案是 {answer}。"},
    "off": {"en": "  off by {off}", "zh": "  相差 {off}"},
    "mistake": {"en": "  common mistake: {label}", "zh": "  常见错误：{label}"},
    "all_steps": {"en": "every step right", "zh": "每一步都对"},
    "not_all_steps": {"en": "not every step was right", "zh": "并非每一步都对"},
    "model_answer": {"en": "answer: {answer}", "zh": "参考答案：{answer}"},
    "rated": {"en": "rated {n} ({name})", "zh": "rated {n}（{name}）"},
    "bad_rating": {"en": "unreadable: {error}", "zh": "unreadable: 自评 {typed!r} 无法识别；请填 1、2、3 或 4"},
    # commands
    "skipped": {"en": "skipped", "zh": "已跳过"},
    "no_undo": {"en": "nothing to undo in this drill", "zh": "这次练习没有可撤销的作答"},
    "undone_step": {"en": "undone: step {k} of {id}", "zh": "已撤销：{id} 的第 {k} 步"},
    "undone_review": {"en": "undone: the review of {id}", "zh": "已撤销：{id} 的复习"},
    "flagged": {"en": "flagged {id}; thank you", "zh": "已标记 {id}，谢谢"},
    "unknown": {"en": "unreadable: unknown command {text!r}; expected :skip, :undo, :flag NOTE or :quit",
                "zh": "unreadable: 未知命令 {text!r}；可用 :skip、:undo、:flag 说明 或 :quit"},
    # the summary
    "done": {"en": "done: {answered} answered{detail}, {skipped} skipped, {left} left",
             "zh": "完成：作答 {answered} 张{detail}，跳过 {skipped} 张，剩余 {left} 张"},
    "graded": {"en": "{right} right, {wrong} not", "zh": "对 {right} 张，错 {wrong} 张"},
    "self_rated": {"en": "{rated} rated: {recalled} recalled, {forgotten} forgotten",
                   "zh": "自评 {rated} 张：记得 {recalled} 张，忘了 {forgotten} 张"},
    "detail": {"en": " ({parts})", "zh": "（{parts}）"},
    "parts_sep": {"en": "; ", "zh": "；"},
}


def _t(key: str, lang: str, **values) -> str:
    return _TEXT[key][lang].format(**values)


def _why_empty(empty, topics: list[str] | None, lang: str) -> str:
    """One sentence on why there is nothing to study, with what to do about it."""
    cram = "quizapp drill --plain --cram" + "".join(f" --topic {t}" for t in dict.fromkeys(topics or ()))
    key = "new_off" if empty.reason == "new_limit" and empty.new_limit == 0 else empty.reason
    return _t(key, lang, cram=cram, new_limit=empty.new_limit, review_limit=empty.review_limit,
              due_waiting=empty.due_waiting)


def _summary(progress, lang: str) -> str:
    """Graded cards count right or not; self-rated ones recalled or forgotten."""
    p = progress
    parts = []
    if p.correct or p.wrong:
        parts.append(_t("graded", lang, right=p.correct, wrong=p.wrong))
    if p.rated:
        parts.append(_t("self_rated", lang, rated=p.rated, recalled=p.recalled, forgotten=p.forgotten))
    detail = _t("detail", lang, parts=_t("parts_sep", lang).join(parts)) if parts else ""
    return _t("done", lang, answered=p.answered, detail=detail, skipped=p.skipped, left=p.remaining)


_HEADS = {"correct": ("Correct", "正确"), "wrong": ("Not right", "不对")}


def _tidy(message: str, verdict: str) -> str:
    """The grader's message without a leading "Correct:" / "Not right:" that the
    verdict word already says."""
    from quizapp.content import split_verdict_word

    word, rest = split_verdict_word(message)
    if word in _HEADS.get(verdict, ()) and rest[:1] in (":", "：", ".", "。", ""):
        return rest[1:].strip()
    return message


class _Drill:
    """Drives one session over stdin/stdout."""

    def __init__(self, session, lang: str):
        self.s, self.lang = session, lang
        self.shown: tuple | None = None  # (position, template id, stage) last printed

    def t(self, key: str, **values) -> str:
        return _t(key, self.lang, **values)

    def loop(self) -> int:
        while self.s.current is not None:
            q = self.s.current
            self._show(q)
            concept = q.kind == "concept"
            if concept and self.s.state == "revealed":
                cue = "cue.rate"
            elif concept:
                cue = "cue.concept"
            elif q.kind == "choice":
                cue = "cue.choice"
            else:
                cue = "cue.answer"
            _say(self.t(cue))
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
        lang = self.lang
        if self.shown is None or self.shown[:2] != key[:2]:
            kind = self.t(q.kind)
            kind = self.t("new", kind=kind) if q.is_new else kind
            _say(self.t("header", n=q.position, total=q.total, id=q.template_id, title=q.title(lang), kind=kind))
            _say(q.instance.prompt[lang])
            for number, option in enumerate(q.options(lang), 1):
                _say(f"  {number}. {option}")
        if q.stage is not None:
            stage = q.instance.stages[q.stage]
            _say(self.t("step", k=q.stage + 1, n=q.stages, prompt=stage.prompt[lang]))
        self.shown = key

    def _verdict(self, head: str, *body: str) -> str:
        """``head``, then what there is to say after it."""
        text = self.t("space").join(b for b in body if b)
        return head + self.t("sep") + text if text else head

    def _answer(self, text: str) -> None:
        q = self.s.current
        o = self.s.answer(text)
        lang = self.lang
        if o.verdict == "unreadable":
            _say(f"unreadable: {o.message[lang]}")
            return
        message = _tidy(o.message[lang], o.verdict)
        answer = "" if o.correct or q.kind == "choice" else self.t("answer_is", answer=o.expected)
        if o.stage is not None:
            _say(self._verdict(self.t(f"step.{o.verdict}", k=o.stage + 1, n=q.stages), message, answer))
            self._details(o)
            if o.card_done:
                steps = "all_steps" if o.card_verdict == "correct" else "not_all_steps"
                _say(self._verdict(self.t("verdict", word=o.card_verdict, rating=self._rating(o.rating)),
                                   self.t(steps)))
                self._lines(o.solution[lang])
        else:
            _say(self._verdict(self.t("verdict", word=o.verdict, rating=self._rating(o.rating)), message, answer))
            self._details(o)
            self._lines(o.solution[lang])
        if o.card_done:
            self.s.next()

    def _details(self, o) -> None:
        """How far off and the mistake by name, where the message does not say so
        (the Chinese messages of a named mistake leave out how far off)."""
        message = o.message[self.lang]
        if o.off is not None and "%" not in message:
            _say(self.t("off", off=f"{o.off:.0%}"))
        if o.mistake is not None and o.mistake.label[self.lang] not in message:
            _say(self.t("mistake", label=o.mistake.label[self.lang]))

    def _reveal(self, text: str) -> None:
        r = self.s.reveal(text)
        _say(self.t("model_answer", answer=r.answer[self.lang]))
        self._lines([f"• {p[self.lang]}" for p in r.key_points])
        if r.note:
            self._lines([r.note[self.lang]])

    def _rate(self, text: str) -> None:
        from quizapp.session import SessionError

        try:
            o = self.s.rate(text.strip())
        except SessionError as e:
            _say(self.t("bad_rating", error=e, typed=text.strip()))
            return
        _say(self.t("rated", n=o.rating, name=self._rating(o.rating)))
        self.s.next()

    def _command(self, text: str) -> bool:
        """Run ``:skip``, ``:undo``, ``:flag NOTE`` or ``:quit``; False to stop."""
        name, _, rest = text[1:].partition(" ")
        if name == "quit":
            return False
        if name == "skip":
            self.s.skip()
            _say(self.t("skipped"))
        elif name == "undo":
            before = self.s.current
            mid_card = before is not None and self.s.state == "asking" and bool(before.stage)
            q = self.s.undo()
            if q is None:
                _say(self.t("no_undo"))
            elif mid_card:
                _say(self.t("undone_step", k=q.stage + 1, id=q.template_id))
            else:
                _say(self.t("undone_review", id=q.template_id))
            self.shown = None
        elif name == "flag":
            self.s.flag(rest)
            _say(self.t("flagged", id=self.s.current.template_id))
        else:
            _say(self.t("unknown", text=text))
        return True

    def _rating(self, rating: int) -> str:
        from quizapp.session import RATING_NAMES

        return RATING_NAMES[rating][self.lang]

    @staticmethod
    def _lines(lines) -> None:
        for line in lines:
            if line:
                _say(f"  {line}")
