"""Study, cram and mock-interview sessions: plain state machines with no UI.

The terminal app and ``quizapp drill --plain`` hold a session and call its
methods; they never grade an answer or touch the database themselves.

    s = StudySession(store, bank, topics=None, count=None, seed=None, clock=system_clock)
    s = CramSession(store, bank, topics=["metrics"])   # or templates=[ids]: exactly those cards
    q = s.current                  # Question | None (None once the session is done)
    s.state                        # "asking" | "revealed" | "answered" | "finished"
    o = s.answer("0.83")           # typed and choice kinds (steps: one stage per call) -> Outcome
    r = s.reveal()                 # self-rated kinds (concept) -> Reveal; then
    o = s.rate(3)                  # the self-rating 1..4 -> Outcome (the card is done: no verdict screen)
    s.intervals()                  # {rating: time until due} for the card in front of the learner
    s.next()                       # after an answered card: the next Question or None
    s.skip(); s.undo(); s.flag("the answer key is wrong")
    s.progress                     # Progress
    s.empty                        # EmptyQueue (why there is no card), else None
    s.close()                      # ends the session (idempotent)

    m = MockInterview(store, bank, count=5, time_limit_s=900, question_limit_s=None,
                      topics=None, weakest=False)
    m.answer("0.83")               # every kind typed; no verdict shown until the end
    m.next(); m.skip()             # a skipped question counts as not answered
    m.time_left(); m.question_time_left(); m.check_time()   # the countdowns and the limits
    card = m.finish()              # by itself at the end; call it to leave early -> Scorecard
    m.pending_concepts(); m.score_concept(position, [0, 2])  # tick a concept answer's key points

A card's kind (``quizapp.kinds``) instantiates, judges and explains it; the
session is the same for every kind. Every answer comes back as an ``Outcome``
carrying the one ``Verdict``. An answer the grader asks again (unreadable, or
right so far but too coarse) records nothing: the same card or stage waits for
a retype. A card whose answers are all judged becomes one review: the session
rates it (from the verdicts and the time, ``srs.rating_for``; self-rated kinds
by the learner), computes the FSRS step (``srs.next_state``) and hands the
store a ``ReviewRecord``, committed before ``answer``/``rate`` returns — so
before any UI can show the verdict. If the store fails (``StoreError``, one
sentence), the card stays as it was.

Learning steps, as in Anki: a card rated Again (or still in FSRS's short-term
steps) comes back later in the same session with fresh numbers, when it is due
again, or early — up to ``LEARN_AHEAD`` — once nothing else is left; in cram,
where the schedule does not move, a card answered wrong comes back at the end
until it is answered right. Skip moves the card to the end; nothing is stored.

Time comes from ``clock``, a callable returning aware datetimes. The session's
clock never runs backwards: a reading earlier than the last one is clamped to it
(``Outcome.clamped``), so durations are never negative and the log stays ordered.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Callable, Iterable, NamedTuple

from quizapp import kinds
from quizapp.catalog import Msg, SaidError, say
from quizapp.content import Bank, Instance, Template, TemplateError, find_topic, instantiate
from quizapp.kinds import Reveal
from quizapp.srs import MemoryState, next_state, rating_for, self_rating, study_day, utc
from quizapp.store import ReviewRecord, Store
from quizapp.verdict import CORRECT, WRONG, Mistake, Verdict

Clock = Callable[[], datetime]
LEARN_AHEAD = timedelta(minutes=20)  # a relearning card may come back this early when nothing else is left
PASSING_SELF_RATING = 3  # a concept card self-rated Good or Easy counts as right in a mock interview


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


class SessionError(SaidError):
    """A method called in the wrong state or with a bad value; ``msg`` says it in
    every language, ``str()`` in English."""


def worked_solution(inst: Instance, lang: str) -> tuple[str, ...]:
    """The worked solution for ``inst``'s numbers in ``lang`` (the same whatever the answer)."""
    return tuple(kinds.get(inst.kind).solution(inst, lang))


_SOLVED: dict[int, tuple[Instance, dict[str, tuple[str, ...]]]] = {}


def worked_solutions(inst: Instance) -> dict[str, tuple[str, ...]]:
    """``worked_solution`` in each language, as an ``Outcome`` carries it; kept for
    the last few instances (the screen draws a card's solution while it is asked,
    and its verdict carries the same lines). Do not change the dict it returns."""
    kept = _SOLVED.get(id(inst))
    if kept is not None and kept[0] is inst:
        return kept[1]
    solved = {lang: worked_solution(inst, lang) for lang in ("en", "zh")}
    if len(_SOLVED) >= 16:
        _SOLVED.clear()
    _SOLVED[id(inst)] = (inst, solved)
    return solved


@dataclass(frozen=True)
class Question:
    """The card in front of the learner. ``stage`` is the answer being asked on a
    card that takes several (a steps card); the card's own prompt stays the context."""

    instance: Instance
    position: int  # 1-based among the cards shown so far
    total: int  # cards in the session, counting those to come back
    is_new: bool
    stage: int | None = None
    again: bool = False  # shown again in this session (after Again, or answered wrong in cram)

    @property
    def template_id(self) -> str:
        return self.instance.template.id

    @property
    def kind(self) -> str:
        return self.instance.kind

    @property
    def topic(self) -> str:
        return self.instance.template.topic

    @property
    def stages(self) -> int:
        return kinds.get(self.kind).asks(self.instance) if self.stage is not None else 0

    def title(self, lang: str) -> str:
        return self.instance.template.title[lang]

    def text(self, lang: str) -> str:
        """The prompt with its numbers; for a card asked in stages, the card's prompt
        and then the current stage's question."""
        head = self.instance.prompt[lang]
        if self.stage is None:
            return head
        return f"{head}\n{kinds.get(self.kind).ask_prompt(self.instance, self.stage, lang)}"

    def solution(self, lang: str) -> tuple[str, ...]:
        """The worked solution for this instance's numbers, as its verdict will give
        it whatever the answer (the screen draws it ahead)."""
        return worked_solutions(self.instance)[lang]

    def options(self, lang: str) -> list[str]:
        """Choice cards: the options in this instance's order (answer 1-based)."""
        return [o[lang] for o in self.instance.options]


@dataclass(frozen=True)
class Outcome:
    """What one answer (or one self-rating) came to.

    ``verdict`` is the answer's Verdict (None for a self-rating); ``word`` is
    "correct", "wrong", "again" (asked again: nothing recorded, retype), "self" (a
    self-rating), "pending" (a concept answer typed in a mock interview, scored at
    its end) or "skipped" (a mock-interview answer given after the time was up:
    stored, not graded). ``card_done`` is False for an answer asked again and for a stage before
    the last; when it is True the review has been committed (``review_id``).

    A stage before the last carries its verdict and ``expected`` (that stage's
    value, which the next stage builds on) but no ``solution``: the worked steps of
    one stage often hold later stages' answers. The last stage's Outcome carries
    the whole card's worked solution.
    """

    template_id: str
    kind: str
    word: str
    verdict: Verdict | None = None
    expected: str = ""  # the right answer as text: "0.833", choice "A, C"; "" for concept cards
    solution: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> lines
    stage: int | None = None
    card_done: bool = True
    card_verdict: str | None = None  # when card_done: "correct", "wrong" or "self"
    rating: int | None = None  # 1..4 when a review was recorded
    review_id: int | None = None
    due: datetime | None = None  # when the template comes due again (unchanged in cram)
    interval: timedelta | None = None  # due − the time of the review
    again_later: bool = False  # the card comes back later in this session
    seconds: float = 0.0  # time from the card being shown to this answer
    clamped: bool = False  # the clock read earlier than before; the time was clamped
    note: Msg | None = None  # a sentence about the whole card ("not every step was right…")

    @property
    def correct(self) -> bool:
        return self.word == CORRECT

    @property
    def message(self) -> dict[str, str]:
        """The verdict's sentence (else the note) in each language ({} for a self-rating)."""
        said = self.verdict.reason if self.verdict is not None else self.note
        if said is None:
            return {}
        return {"en": said.text("en"), "zh": said.text("zh")}

    @property
    def mistake(self) -> Mistake | None:
        return self.verdict.mistake if self.verdict is not None else None

    @property
    def off(self) -> float | None:
        return self.verdict.off if self.verdict is not None else None

    @property
    def value(self) -> Any:
        return self.verdict.value if self.verdict is not None else None


class Progress(NamedTuple):
    position: int  # 1-based position of the current card (total when finished)
    total: int  # cards shown so far plus those still to come
    answered: int  # reviews recorded: correct + wrong + recalled + forgotten
    correct: int  # graded cards answered right
    wrong: int  # graded cards answered wrong
    skipped: int  # cards skipped and not answered since
    recalled: int = 0  # self-rated (concept) cards rated Hard, Good or Easy
    forgotten: int = 0  # self-rated cards rated Again
    again: int = 0  # cards waiting to come back in this session
    remaining: int = 0  # cards still to answer, the current one included

    @property
    def rated(self) -> int:
        """Self-rated cards: not right or wrong, recalled or forgotten."""
        return self.recalled + self.forgotten


EMPTY_REASONS = ("new_limit", "review_limit", "nothing_due", "no_cards")


@dataclass(frozen=True)
class EmptyQueue:
    """Why a session has no card at all, with today's numbers for its topics.

    ``reason``: "review_limit" (reviews are due but today's review limit is used
    up), "new_limit" (new cards wait but today's new-card limit is used up),
    "nothing_due" (every card has been studied and none is due yet) or "no_cards"
    (the topics have no card that can be drawn). Due reviews outrank new cards:
    when both limits are hit the reason is "review_limit"; the numbers say both.
    """

    reason: str
    new_limit: int
    new_today: int
    new_waiting: int
    review_limit: int
    reviews_today: int
    due_waiting: int


@dataclass
class _Entry:
    """One showing of a card: the template, whether it was new, the seed of its numbers."""

    template: Template
    is_new: bool
    seed: int
    again: bool = False
    instance: Instance | None = None


@dataclass
class _Card:
    """The card being answered: which stage, the answers so far, when it was shown."""

    entry: _Entry
    instance: Instance
    shown_at: datetime
    stage: int = 0
    answers: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    attempt: str = ""
    revealed: bool = False
    intervals: dict | None = None


@dataclass
class _Done:
    """A recorded review this session may undo, and what it scheduled."""

    review_id: int
    entry: _Entry
    status: str  # a Progress word: "correct", "wrong", "recalled", "forgotten"
    again: _Entry | None  # the showing it queued to come back, if any


class _Session:
    """The machinery every session shares: a plan of cards, the card in front of
    the learner, answers judged by its kind and recorded through the store."""

    mode = "study"

    def __init__(self, store: Store, bank: Bank, *, topics: Iterable[str] | None = None,
                 count: int | None = None, seed: int | None = None, clock: Clock = system_clock,
                 tz: tzinfo | None = None):
        if count is not None and count < 1:
            raise SessionError(say("session.error.count", count=count))
        self._store, self._bank, self._clock, self._tz = store, bank, clock, tz
        self._last_now: datetime | None = None
        self._clock_went_back = False
        self.topics = _check_topics(bank, topics)
        self.problems: list[str] = []  # cards left out because they could not be drawn
        now = self._now()
        self.started = now
        store.sync_bank(bank)  # a no-op unless the bank changed
        self._rng = random.Random(seed)
        picked = self._plan(now)[:count]
        self._planned: list[_Entry] = [_Entry(t, is_new, self._fresh_seed()) for t, is_new in picked]
        self._later: list[tuple[datetime, int, _Entry]] = []  # (due, order, entry): cards coming back
        self._order = 0
        self._shown = 0  # cards shown so far (the position of the current one)
        self._done: list[_Done] = []
        self._skipped: list[_Entry] = []
        self.session_id: int | None = None
        self._closed = False
        self._card: _Card | None = None
        self._answered: Outcome | None = None
        self._advance(now)
        self.empty: EmptyQueue | None = None if self._card is not None else self._why_empty(bool(picked), now)

    def _fresh_seed(self) -> int:
        return self._rng.randrange(1 << 31)

    @property
    def empty_reason(self) -> str | None:
        return self.empty.reason if self.empty is not None else None

    def _why_empty(self, planned: bool, now: datetime) -> EmptyQueue:
        settings = self._store.srs_settings()
        new_today, reviews_today = self._store.today_counts(now, self._tz)
        counts = self._store.due_counts(now)
        chosen = [t for t in (self.topics or counts) if t in counts]
        due = sum(counts[t].due for t in chosen)
        new = sum(counts[t].new for t in chosen)
        drawable = any(t.topic in (self.topics or self._bank.topics) for t in self._bank.templates.values())
        if planned or not drawable:
            reason = "no_cards"
        elif self.mode == "study" and due:
            reason = "review_limit"
        elif self.mode == "study" and new:
            reason = "new_limit"
        else:
            reason = "nothing_due" if self.mode == "study" else "no_cards"
        return EmptyQueue(reason, settings.new_per_day, new_today, new, settings.reviews_per_day,
                          reviews_today, due)

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        raise NotImplementedError

    # -- what the UI renders

    @property
    def state(self) -> str:
        card = self._card
        if card is None:
            return "finished"
        if self._answered is not None:
            return "answered"
        return "revealed" if card.revealed else "asking"

    @property
    def current(self) -> Question | None:
        card = self._card
        if card is None:
            return None
        kind = kinds.get(card.instance.kind)
        stage = card.stage if kind.asks(card.instance) > 1 else None
        return Question(card.instance, self._shown, self._total(), card.entry.is_new, stage, card.entry.again)

    def _total(self) -> int:
        """Cards shown so far, plus those still planned or coming back."""
        return self._shown + len(self._planned) + len(self._later)

    @property
    def last_outcome(self) -> Outcome | None:
        return self._answered

    @property
    def progress(self) -> Progress:
        statuses = [d.status for d in self._done]
        n = statuses.count
        right, wrong, recalled, forgotten = n("correct"), n("wrong"), n("recalled"), n("forgotten")
        total = self._total()
        position = self._shown if self._card is not None else total
        current = int(self._card is not None and self._answered is None)
        remaining = len(self._planned) + len(self._later) + current
        return Progress(position, total, len(statuses), right, wrong, len(self._skipped), recalled,
                        forgotten, len(self._later), remaining)

    def intervals(self) -> dict[int, timedelta]:
        """For the card in front of the learner: how long until it is due again after
        each rating 1..4 (what the rating keys show, as Anki's "Good · 3d"). Empty
        once the card is answered, and in practice that leaves the schedule alone."""
        card = self._card
        if card is None or self._answered is not None or not self._moves_schedule():
            return {}
        if card.intervals is None:
            before = self._store.memory(card.entry.template.id)
            card.intervals = {}
            if before is not None:
                scheduler, settings = self._store.scheduler(), self._store.srs_settings()
                for rating in (1, 2, 3, 4):
                    after, at = next_state(before, rating, card.shown_at, settings, scheduler)
                    card.intervals[rating] = after.due - at if after.due is not None else timedelta(0)
        return dict(card.intervals)

    # -- answering

    def answer(self, text: str) -> Outcome:
        """Judge a typed or chosen answer (one stage of a card that takes several)."""
        card = self._asking()
        inst = card.instance
        kind = kinds.get(inst.kind)
        if kind.answer_mode == "self":
            raise SessionError(say("session.error.self_rated"))
        text = _clean(text)
        verdict = kind.judge(inst, card.stage, text)
        now = self._now()
        asks = kind.asks(inst)
        stage = card.stage if asks > 1 else None
        last = card.stage + 1 >= asks
        expected = kind.expected(inst, card.stage)
        if not verdict.readable:
            return Outcome(inst.template.id, inst.kind, "again", verdict, expected, stage=stage, card_done=False)
        word = CORRECT if verdict.correct else WRONG
        if not last:
            card.answers.append(text)
            card.verdicts.append(verdict)
            card.stage += 1
            return Outcome(inst.template.id, inst.kind, word, verdict, expected, stage=stage, card_done=False)
        verdicts = [*card.verdicts, verdict]
        right = all(v.correct for v in verdicts)
        seconds = (now - card.shown_at).total_seconds()
        rating = int(rating_for(right, seconds, inst.template.difficulty))
        answers = [*card.answers, text]
        typed = json.dumps(answers, ensure_ascii=False) if stage is not None else text
        mistake = _mistake_id(inst, verdicts)
        card_word = CORRECT if right else WRONG
        note = say("session.steps_again") if stage is not None and not right else None
        solution = worked_solutions(inst)
        draft = Outcome(inst.template.id, inst.kind, word, verdict, expected, solution, stage=stage,
                        card_verdict=card_word, rating=rating, seconds=seconds, note=note)
        return self._commit(card, draft, typed, card_word, mistake, now)

    def reveal(self, attempt: str = "") -> Reveal:
        """Show a self-rated card's model answer; ``attempt`` (what the learner typed,
        may be empty) is stored with the rating."""
        card = self._asking()
        kind = kinds.get(card.instance.kind)
        if kind.answer_mode != "self":
            raise SessionError(say("session.error.not_revealed", kind=card.instance.kind))
        card.attempt = _clean(attempt)
        card.revealed = True
        return kind.reveal(card.instance)

    def rate(self, rating: int | str) -> Outcome:
        """A self-rating after reveal(): 1 Again, 2 Hard, 3 Good, 4 Easy."""
        card = self._card
        if card is None or self._answered is not None or not card.revealed:
            raise SessionError(say("session.error.rate_first"))
        try:
            value = int(self_rating(rating))
        except ValueError:
            raise SessionError(say("session.error.rating", value=_clean(str(rating))[:20])) from None
        now = self._now()
        inst = card.instance
        seconds = (now - card.shown_at).total_seconds()
        solution = worked_solutions(inst)
        draft = Outcome(inst.template.id, inst.kind, "self", None, "", solution, card_verdict="self",
                        rating=value, seconds=seconds)
        return self._commit(card, draft, card.attempt, "self", None, now)

    def _moves_schedule(self) -> bool:
        return True

    def _commit(self, card: _Card, draft: Outcome, typed: str, verdict: str,
                mistake: str | None, now: datetime) -> Outcome:
        entry = card.entry
        tid = entry.template.id
        store = self._store
        before = store.memory(tid)
        if before is None:
            raise SessionError(say("session.error.unknown_template", id=tid))
        moves = self._moves_schedule()
        settings = store.srs_settings()
        if moves:
            after, at = next_state(before, draft.rating, now, settings, store.scheduler())
        else:
            after, at = before, max(now, before.last_review or now)
        clamped = at != now or self._clock_went_back
        if self.session_id is None:
            self.session_id = store.start_session(self.mode, self.started, self.topics)
        record = ReviewRecord(
            tid, entry.seed, typed, verdict, draft.rating, max(0, round(draft.seconds * 1000)), at,
            study_day(at, self._tz, settings.day_rollover_hour), self.mode, before, after, moves,
            mistake, self.session_id, self._mock_row(card), self._key_points_row(card))
        recorded = store.record_review(record)
        again = self._again(entry, after, at, draft)
        outcome = replace(draft, review_id=recorded.review_id, due=after.due if moves else None,
                          interval=(after.due - at) if moves and after.due is not None else None,
                          clamped=clamped, again_later=again is not None)
        self._after_commit(card, outcome)
        self._skipped = [e for e in self._skipped if e is not entry]
        self._done.append(_Done(recorded.review_id, entry, _status_word(outcome), again))
        self._answered = outcome
        return outcome

    def _again(self, entry: _Entry, after: MemoryState, at: datetime, draft: Outcome) -> _Entry | None:
        """Queue a card rated Again to come back in this session when FSRS's short-term
        step makes it due again (or sooner, when nothing else is left); once it is
        recalled it waits for its next review in the schedule."""
        if draft.rating != 1:
            return None
        due = after.due if after.due is not None and after.due - at <= timedelta(hours=1) else at
        return self._queue_again(entry, due)

    def _queue_again(self, entry: _Entry, due: datetime) -> _Entry:
        again = _Entry(entry.template, False, self._fresh_seed(), again=True)
        self._order += 1
        self._later.append((due, self._order, again))
        self._later.sort(key=lambda x: (x[0], x[1]))
        return again

    def _mock_row(self, card: _Card) -> tuple[int, int] | None:
        return None

    def _key_points_row(self, card: _Card) -> tuple[int, ...] | None:
        return None

    def _after_commit(self, card: _Card, outcome: Outcome) -> None:
        """Hook: what a session keeps of a recorded answer besides its review."""

    # -- moving on

    def next(self) -> Question | None:
        """After an answered card, show the next one (None when the session is done)."""
        if self._card is None:
            return None
        if self._answered is None:
            raise SessionError(say("session.error.answer_first"))
        self._advance(self._now())
        return self.current

    def skip(self) -> Question | None:
        """Leave the current card for later: it moves to the end of the session and
        nothing is recorded (an answered card: the same as next())."""
        card = self._card
        if card is None:
            return None
        if self._answered is not None:
            return self.next()
        if card.entry not in self._skipped:
            self._skipped.append(card.entry)
        if self._planned or self._later:
            self._planned.append(card.entry)
            card.entry.instance = None  # fresh numbers when it comes round again
            self._shown -= 1  # it will be shown (and counted) again
        self._card = None
        self._advance(self._now())
        return self.current

    def undo(self) -> Question | None:
        """Take back the last answer. In the middle of a card asked in stages that is
        the last stage answered (nothing is stored before the card is done): that
        stage is asked again. Otherwise it is this session's last review (the store
        restores the state it replaced), and that card is asked again with the same
        numbers. Returns the card, or None when there is nothing to undo."""
        card = self._card
        if card is not None and self._answered is None and card.verdicts:
            card.answers.pop()
            card.verdicts.pop()
            card.stage -= 1
            return self.current
        if not self._done:
            return None
        done = self._done[-1]
        self._store.undo_last_review(expect_id=done.review_id)
        self._done.pop()
        if done.again is not None:
            self._later = [x for x in self._later if x[2] is not done.again]
        if card is not None and self._answered is None:
            self._planned.insert(0, card.entry)  # the card that was showing waits its turn again
            self._shown -= 1
        self._answered = None
        self._show(done.entry, self._now(), recount=True)
        return self.current

    def flag(self, note: str) -> int:
        """Store that the current card (or, once finished, the last answered one) looks
        wrong, with the learner's note; returns the flag's id."""
        if self._card is not None:
            entry = self._card.entry
        elif self._done:
            entry = self._done[-1].entry
        else:
            raise SessionError(say("session.error.nothing_to_flag"))
        return self._store.flag(entry.template.id, _clean(note).strip()[:2000], self._now(), seed=entry.seed)

    def close(self) -> Progress:
        """End the session in the store (idempotent); returns the final progress."""
        if not self._closed:
            if self.session_id is not None:
                self._store.end_session(self.session_id, self._now())
            self._closed = True
        return self.progress

    # -- internals

    def _now(self) -> datetime:
        """The injected clock, never earlier than its previous reading."""
        try:
            now = utc(self._clock())
        except ValueError as e:
            raise SessionError(str(e)) from None
        if self._last_now is not None and now < self._last_now:
            self._clock_went_back = True
            now = self._last_now
        self._last_now = now
        return now

    def _asking(self) -> _Card:
        if self._card is None:
            raise SessionError(say("session.error.finished"))
        if self._answered is not None:
            raise SessionError(say("session.error.answered"))
        return self._card

    def _advance(self, now: datetime) -> None:
        """Show the next card: a card coming back that is due, else the next planned
        one, else a card coming back within LEARN_AHEAD; else the session is done."""
        self._answered = None
        while True:
            entry = None
            if self._later and self._later[0][0] <= now:
                entry = self._later.pop(0)[2]
            elif self._planned:
                entry = self._planned.pop(0)
            elif self._later and self._later[0][0] <= now + LEARN_AHEAD:
                entry = self._later.pop(0)[2]
            if entry is None:
                self._card = None
                return
            if self._show(entry, now):
                return

    def _show(self, entry: _Entry, now: datetime, recount: bool = False) -> bool:
        """Make ``entry`` the current card; False (and a problem noted) when its
        template cannot be drawn."""
        inst = entry.instance
        if inst is None:
            try:
                inst = instantiate(entry.template, entry.seed)
            except TemplateError as e:
                self.problems.append(str(e))
                return False
            entry.instance = inst
        self._card = _Card(entry, inst, now)
        self._clock_went_back = False
        if not recount:
            self._shown += 1
        return True


class StudySession(_Session):
    """Today's queue: due reviews first, then new templates up to the daily limit,
    interleaved across topics (``Store.queue``), optionally some topics only and at
    most ``count`` cards."""

    mode = "study"

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        templates = self._bank.templates
        items = self._store.queue(now, topics=self.topics, tz=self._tz)
        return [(templates[q.template_id], q.is_new) for q in items if q.template_id in templates]


class CramSession(StudySession):
    """Practise any topic now, due or not: every template of the chosen topics (all
    topics by default) in a shuffled, topic-interleaved order. Reviews are logged
    with mode "cram", leave the schedule alone and count apart from scheduled
    reviews in every figure. A card answered wrong comes back at the end."""

    mode = "cram"

    def __init__(self, store: Store, bank: Bank, *, templates: Iterable[str] | None = None, **kwargs: Any):
        # ``templates``: exactly these cards (the card browser's selection), shuffled
        self._only = None if templates is None else [t for t in dict.fromkeys(templates) if t in bank.templates]
        super().__init__(store, bank, **kwargs)

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        seen = self._store.reviewed_templates()
        if self._only is not None:
            picked = [self._bank.templates[t] for t in self._only]
            self._rng.shuffle(picked)
            return [(t, t.id not in seen) for t in picked]
        return [(t, t.id not in seen) for t in _shuffled(self._bank, self.topics, self._rng)]

    def _moves_schedule(self) -> bool:
        return False

    def _again(self, entry: _Entry, after: MemoryState, at: datetime, draft: Outcome) -> _Entry | None:
        if draft.card_verdict == WRONG or (draft.card_verdict == "self" and draft.rating == 1):
            return self._queue_again(entry, at)
        return None


@dataclass(frozen=True)
class MockResult:
    """One question of a mock interview, as the scorecard shows it."""

    position: int  # 1-based
    template_id: str
    topic: str
    title: dict
    verdict: str  # "correct" | "wrong" | "self" (a concept answer scored) | "pending" (not scored yet) | "skipped"
    passed: bool  # correct, or a concept answer rated Good or better
    rating: int | None  # the review's rating (None: no review)
    seconds: float | None  # the time the answer took (None: not answered)
    mistake: Mistake | None = None  # the named mistake the answer matched (a steps card: the first)
    kind: str = ""
    answers: tuple[str, ...] = ()  # what was typed: one per stage of a steps card (also when left unfinished)
    expected: tuple[str, ...] = ()  # the right answers, one per stage ("" for a concept card)
    solution: dict = field(default_factory=dict)  # lang -> the worked solution (or model answer) lines
    timed_out: bool = False  # the time ran out before it was answered
    key_points: tuple[dict, ...] = ()  # a concept card's key points
    ticked: tuple[int, ...] | None = None  # the key points ticked (0-based); None until scored
    instance: Instance | None = None  # the question as it was asked (None if it could not be drawn)
    passed_on: bool = False  # skipped by the learner (``skip``), not left when the interview ended

    @property
    def answered(self) -> bool:
        return self.verdict != "skipped"


@dataclass(frozen=True)
class PendingConcept:
    """A concept answer typed during the interview, waiting for its key points."""

    position: int
    instance: Instance
    answer: str

    @property
    def key_points(self) -> tuple[dict, ...]:
        return self.instance.key_points


@dataclass(frozen=True)
class Scorecard:
    mock_id: int
    results: tuple[MockResult, ...]
    seconds: float  # from the start to the finish (at most the time limit when it ran out)
    time_limit_s: int | None
    timed_out: bool
    question_limit_s: int | None = None

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def answered(self) -> int:
        return sum(r.answered for r in self.results)

    @property
    def score(self) -> float:
        """Share of questions passed (skipped, timed-out and unscored ones count as not
        passed)."""
        return self.passed / len(self.results) if self.results else 0.0

    @property
    def pending(self) -> tuple[MockResult, ...]:
        return tuple(r for r in self.results if r.verdict == "pending")

    @property
    def counted(self) -> bool:
        """Whether the interview counts in the history and the figures: not when it was
        left before anything was answered (its score is not stored)."""
        return self.answered > 0 or self.timed_out

    def by_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (passed, asked)."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.results:
            p, n = out.get(r.topic, (0, 0))
            out[r.topic] = (p + r.passed, n + 1)
        return out

    def areas(self, limit: int = 3) -> list:
        """The areas to work on (``quizapp.mock.areas``): named mistakes and topics
        with the worst results, at most ``limit``."""
        from quizapp.mock import areas

        return areas(self.results, limit)


class MockInterview(_Session):
    """A timed set of ``count`` questions, like a real interview: no verdict until the
    end. The questions come from ``topics`` (default all), or with ``weakest`` from
    the learner's weakest templates (``quizapp.mock``). Each graded answer is a review
    (mode "mock", rated from its verdict and time as in study) and the question's row
    of the interview, in one transaction. A concept answer is typed: its row is stored
    at once, and at the end ``score_concept`` ticks the key points it covered, which
    rates its review. ``time_limit_s`` bounds the interview, ``question_limit_s``
    (optional) each question: an answer given after either ran out is stored but not
    graded, and counts as not answered. ``finish()`` (by itself when the last question
    is done or the time is up; call it to leave early) records every question not
    answered as skipped and returns the Scorecard; ``check_time()`` applies the limits
    when no answer comes (the app's timer calls it)."""

    mode = "mock"

    def __init__(self, store: Store, bank: Bank, *, count: int = 5, time_limit_s: int | None = 900,
                 question_limit_s: int | None = None, weakest: bool = False, **kwargs: Any):
        for limit in (time_limit_s, question_limit_s):
            if limit is not None and limit < 1:
                raise SessionError(say("session.error.time_limit", seconds=limit))
        self.time_limit_s = time_limit_s
        self.question_limit_s = question_limit_s
        self.weakest = bool(weakest)
        self._count = count
        self._results: dict[int, MockResult] = {}
        self._scorecard: Scorecard | None = None
        self._positions: dict[int, int] = {}  # id(entry) -> 1-based position
        self._typed: dict[int, tuple[_Card, str, float]] = {}  # position -> a concept answer to score
        self._ticking: tuple[int, ...] | None = None
        self._last_typed = ""
        super().__init__(store, bank, count=count, **kwargs)
        self._entries = [self._card.entry, *self._planned] if self._card is not None else list(self._planned)
        if not self._entries:
            raise SessionError(say("mock.error.no_cards"))
        self._positions = {id(e): i + 1 for i, e in enumerate(self._entries)}
        self.session_id = store.start_session(self.mode, self.started, self.topics)
        self.mock_id = store.start_mock(self.started, question_count=len(self._entries),
                                        time_limit_s=time_limit_s, topics=self.topics,
                                        session_id=self.session_id, question_limit_s=question_limit_s,
                                        weakest=self.weakest)

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        from quizapp.mock import weakest_first
        from quizapp.srs import interleave

        shuffled = _shuffled(self._bank, self.topics, self._rng)
        if not self.weakest:
            return [(t, False) for t in shuffled]
        templates = self._bank.templates
        rows = [r for r in self._store.weakness_rows(self.topics) if r.template_id in templates]
        ranked = [templates[t] for t in weakest_first(rows, now, [t.id for t in shuffled])]
        count = self._count or len(ranked)
        return [(t, False) for t in interleave(ranked[:count], lambda t: t.topic) + ranked[count:]]

    def _again(self, entry: _Entry, after: MemoryState, at: datetime, draft: Outcome) -> _Entry | None:
        return None  # an interview asks each question once

    # -- time

    @property
    def question_count(self) -> int:
        return len(self._entries)

    @property
    def answered(self) -> int:
        """Questions answered so far (a concept answer counts once it is typed)."""
        return sum(r.answered for r in self._results.values())

    def time_left(self) -> float | None:
        """Seconds left (never below 0), or None without a time limit."""
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - (self._now() - self.started).total_seconds())

    def question_time_left(self) -> float | None:
        """Seconds left for the question in front of the learner (never below 0), or
        None without a per-question limit or when no question is waiting."""
        card = self._card
        if self.question_limit_s is None or card is None or self._answered is not None:
            return None
        return max(0.0, self.question_limit_s - (self._now() - card.shown_at).total_seconds())

    def check_time(self) -> str | None:
        """Apply the time limits now: "total" when the interview's time has run out (it
        is finished), "question" when the current question's has (it counts as not
        answered and the next one is up, or the interview is finished after the
        last), else None."""
        if self._scorecard is not None:
            return None
        if self.time_left() == 0.0:
            card = self._card
            if card is not None and self._answered is None:
                self._time_out(card, "")
            self.finish()
            return "total"
        card = self._card
        if card is not None and self.question_time_left() == 0.0:
            self._time_out(card, "")
            self._advance(self._now())
            if self._card is None:
                self.finish()
            return "question"
        return None

    def _late(self, typed: str) -> Outcome | None:
        """An answer given after the time ran out: stored as typed, not graded."""
        card = self._card
        if card is None or self._answered is not None:
            return None
        inst = card.instance
        if self.time_left() == 0.0:
            self._time_out(card, typed)
            self.finish()
            return Outcome(inst.template.id, inst.kind, "skipped", None, card_done=True, note=say("mock.too_late"))
        if self.question_time_left() == 0.0:
            self._time_out(card, typed)
            self._answered = Outcome(inst.template.id, inst.kind, "skipped", None, card_done=True,
                                     note=say("mock.question_too_late"))
            return self._answered
        return None

    def _time_out(self, card: _Card, typed: str) -> None:
        answers = [*card.answers, *([_clean(typed)] if typed.strip() else [])]
        self._record_skip(card.entry, answers, timed_out=True)
        self._skipped.append(card.entry)

    # -- answering

    def answer(self, text: str) -> Outcome:
        """A typed or chosen answer, or a concept card's answer in your own words
        (stored now, scored at the end: the Outcome's word is "pending")."""
        late = self._late(text)
        if late is not None:
            return late
        card = self._asking()
        if kinds.get(card.instance.kind).answer_mode == "self":
            return self._typed_concept(card, text)
        self._last_typed = _clean(text)
        return super().answer(text)

    def reveal(self, attempt: str = "") -> Reveal:
        raise SessionError(say("mock.error.no_reveal"))

    def rate(self, rating: int | str) -> Outcome:
        raise SessionError(say("mock.error.no_reveal"))

    def _typed_concept(self, card: _Card, text: str) -> Outcome:
        typed = _clean(text).strip()
        if not typed:
            raise SessionError(say("mock.error.empty_answer"))
        inst = card.instance
        entry = card.entry
        now = self._now()
        seconds = (now - card.shown_at).total_seconds()
        position = self._position(entry)
        self._store.record_mock_question(self.mock_id, position, inst.template.id, entry.seed, "self",
                                         answer=typed, duration_ms=max(0, round(seconds * 1000)))
        self._typed[position] = (card, typed, seconds)
        self._results[position] = self._result(entry, "pending", answers=(typed,), seconds=seconds)
        self._skipped = [e for e in self._skipped if e is not entry]
        self._answered = Outcome(inst.template.id, inst.kind, "pending", None, card_done=True, seconds=seconds)
        return self._answered

    def _position(self, entry: _Entry) -> int:
        return self._positions[id(entry)]

    def _mock_row(self, card: _Card) -> tuple[int, int]:
        return self.mock_id, self._position(card.entry)

    def _key_points_row(self, card: _Card) -> tuple[int, ...] | None:
        return self._ticking

    def _after_commit(self, card: _Card, outcome: Outcome) -> None:
        entry = card.entry
        position = self._position(entry)
        if outcome.card_verdict == "self":  # a concept answer, scored
            _, typed, _ = self._typed[position]
            self._results[position] = self._result(
                entry, "self", passed=_passed(outcome), rating=outcome.rating, seconds=outcome.seconds,
                answers=(typed,), ticked=self._ticking)
            return
        verdicts = [*card.verdicts, outcome.verdict]
        mistake = next((v.mistake for v in verdicts if v is not None and v.mistake is not None), None)
        self._results[position] = self._result(
            entry, outcome.card_verdict or outcome.word, passed=_passed(outcome), rating=outcome.rating,
            seconds=outcome.seconds, mistake=mistake, answers=(*card.answers, self._last_typed))

    def _result(self, entry: _Entry, verdict: str, *, passed: bool = False, rating: int | None = None,
                seconds: float | None = None, mistake: Mistake | None = None, answers: Iterable[str] = (),
                timed_out: bool = False, ticked: tuple[int, ...] | None = None,
                passed_on: bool = False) -> MockResult:
        """A question's result, with what the scorecard shows of it: the right answers
        and the worked solution for the numbers it was asked with (drawn now for a
        question never reached)."""
        template = entry.template
        inst = entry.instance
        if inst is None:
            try:
                inst = instantiate(template, entry.seed)
            except TemplateError as e:
                self.problems.append(str(e))
        expected: tuple[str, ...] = ()
        solution: dict = {}
        key_points: tuple[dict, ...] = ()
        if inst is not None:
            kind = kinds.get(inst.kind)
            expected = tuple(kind.expected(inst, i) for i in range(kind.asks(inst)))
            solution = worked_solutions(inst)
            key_points = tuple(inst.key_points or ())
        return MockResult(self._position(entry), template.id, template.topic, template.title, verdict, passed,
                          rating, seconds, mistake, template.kind, tuple(answers), expected, solution, timed_out,
                          key_points, ticked, inst, passed_on)

    # -- moving on

    def skip(self) -> Question | None:
        """Pass on the question in front of the learner: it counts as not answered
        (what was typed of a steps card is kept), and the next one is up."""
        card = self._card
        if card is None:
            return None
        if self._answered is not None:
            return self.next()
        self._record_skip(card.entry, card.answers, passed_on=True)
        self._skipped.append(card.entry)
        self._advance(self._now())
        if self._card is None:
            self.finish()
        return self.current

    def _record_skip(self, entry: _Entry, answers: Iterable[str] = (), timed_out: bool = False,
                     passed_on: bool = False) -> None:
        (position, template_id, seed, typed, _), result = self._skip_row(entry, answers, timed_out, passed_on)
        self._store.record_mock_question(self.mock_id, position, template_id, seed, "skipped", answer=typed,
                                         timed_out=timed_out)
        self._results[position] = result

    def _skip_row(self, entry: _Entry, answers: Iterable[str], timed_out: bool,
                  passed_on: bool = False) -> tuple[tuple, MockResult]:
        """A question not answered: its row for the store (position, template, seed,
        what was typed of it) and its result."""
        position = self._position(entry)
        answers = [a for a in answers if a]
        stored = None if not answers else answers[0] if len(answers) == 1 else json.dumps(answers, ensure_ascii=False)
        row = (position, entry.template.id, entry.seed, stored, timed_out)
        return row, self._result(entry, "skipped", answers=answers, timed_out=timed_out, passed_on=passed_on)

    @property
    def scorecard(self) -> Scorecard | None:
        return self._scorecard

    def finish(self) -> Scorecard:
        """End the interview (leaving early, or by itself when the questions or the
        time are done): every question not answered is recorded as skipped (what was
        typed of a steps card kept; out of time when the time ran out), the score
        stored — unless it was left before anything was answered, which then does not
        count in the history; idempotent. Concept answers can then be scored
        (``score_concept``)."""
        if self._scorecard is not None:
            return self._scorecard
        now = self._now()
        elapsed = (now - self.started).total_seconds()
        timed_out = self.time_limit_s is not None and elapsed >= self.time_limit_s
        card = self._card
        rows, results = [], dict(self._results)
        for entry in self._entries:
            if self._position(entry) not in results:
                partial = card.answers if card is not None and card.entry is entry else []
                row, result = self._skip_row(entry, partial, timed_out)
                rows.append(row)
                results[result.position] = result
        if timed_out:
            elapsed = float(self.time_limit_s)
        scorecard = Scorecard(self.mock_id, tuple(results[i] for i in sorted(results)), elapsed, self.time_limit_s,
                              timed_out, self.question_limit_s)
        # one transaction: the questions not answered, the score, the session's end
        self._store.finish_mock(self.mock_id, now, scorecard.score if scorecard.counted else None,
                                unanswered=rows, session_id=self.session_id)
        self._closed = True
        self._results, self._scorecard = results, scorecard
        self._skipped += [e for e in self._entries if results[self._position(e)].verdict == "skipped"
                          and e not in self._skipped]
        self._card, self._answered = None, None
        self._planned = []
        return scorecard

    def pending_concepts(self) -> list[PendingConcept]:
        """Concept answers typed and not scored yet, in the order they were asked."""
        return [PendingConcept(pos, card.instance, typed) for pos, (card, typed, _) in sorted(self._typed.items())]

    def score_concept(self, position: int, ticked: Iterable[int]) -> MockResult:
        """Score the concept answer at ``position`` (after ``finish``) by the key points
        it covered (0-based numbers): its review is recorded, rated by the share
        covered (``quizapp.mock.concept_rating``), and the stored score updated."""
        from quizapp.mock import concept_rating

        if self._scorecard is None:
            raise SessionError(say("mock.error.score_after"))
        if position not in self._typed:
            raise SessionError(say("mock.error.not_pending", position=position))
        card, typed, seconds = self._typed[position]
        inst = card.instance
        total = len(inst.key_points)
        try:
            chosen = tuple(sorted({int(i) for i in ticked}))
        except (TypeError, ValueError):
            raise SessionError(say("mock.error.key_point", total=total)) from None
        if any(not 0 <= i < total for i in chosen):
            raise SessionError(say("mock.error.key_point", total=total))
        rating = concept_rating(len(chosen), total)
        solution = worked_solutions(inst)
        draft = Outcome(inst.template.id, inst.kind, "self", None, "", solution, card_verdict="self",
                        rating=rating, seconds=seconds)
        self._ticking = chosen
        try:
            self._commit(card, draft, typed, "self", None, self._now())
        finally:
            self._ticking = None
            self._answered = None
        del self._typed[position]
        sc = self._scorecard
        self._scorecard = replace(sc, results=tuple(self._results[i] for i in sorted(self._results)))
        self._store.set_mock_score(self.mock_id, self._scorecard.score)
        return self._results[position]

    def next(self) -> Question | None:
        question = super().next()
        if question is None or self.time_left() == 0.0:
            self.finish()
            return None
        return question

    def undo(self) -> Question | None:
        raise SessionError(say("mock.no_undo"))


# ---------------------------------------------------------------- helpers

def _clean(text: str) -> str:
    """Typed text as the session keeps it: any lone surrogate (from undecodable
    bytes) replaced, so it can always be stored and shown."""
    return text.encode("utf-8", "replace").decode("utf-8") if isinstance(text, str) else str(text)


def _check_topics(bank: Bank, topics: Iterable[str] | None) -> list[str] | None:
    """Topic ids from what the learner typed: an id, or a title in either language,
    in any case; an unknown one is a SessionError naming the topics there are."""
    if topics is None:
        return None
    chosen = []
    for typed in dict.fromkeys(topics):
        topic = find_topic(bank.topics, typed)
        if topic is None:
            known = ", ".join(bank.topics) or "—"
            raise SessionError(say("session.error.topic", topic=_clean(typed)[:60], known=known))
        chosen.append(topic)
    return list(dict.fromkeys(chosen)) or None


def _shuffled(bank: Bank, topics: list[str] | None, rng: random.Random) -> list[Template]:
    """Every template of ``topics`` (default all), shuffled within each topic, topics
    in a shuffled order, then interleaved so neighbours differ in topic."""
    from quizapp.srs import interleave

    chosen = list(topics if topics is not None else bank.topics)
    rng.shuffle(chosen)
    rank = {t: i for i, t in enumerate(chosen)}
    picked = [t for t in bank.templates.values() if t.topic in rank]
    rng.shuffle(picked)
    picked.sort(key=lambda t: rank[t.topic])
    return interleave(picked, lambda t: t.topic)


def _mistake_id(inst: Instance, verdicts: list[Verdict]) -> str | None:
    """The named mistake an answer matched: its id, or ``stage:id`` on a card asked
    in stages (the first stage that matched one)."""
    staged = kinds.get(inst.kind).asks(inst) > 1
    for i, v in enumerate(verdicts):
        if v.mistake is not None:
            return f"{inst.stages[i].name}:{v.mistake.id}" if staged else v.mistake.id
    return None


def _status_word(outcome: Outcome) -> str:
    if outcome.card_verdict == "self":
        return "recalled" if (outcome.rating or 1) >= 2 else "forgotten"
    return "correct" if outcome.card_verdict == CORRECT else "wrong"


def _passed(outcome: Outcome) -> bool:
    if outcome.card_verdict == "self":
        return (outcome.rating or 0) >= PASSING_SELF_RATING
    return outcome.card_verdict == CORRECT
