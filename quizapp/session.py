"""Study, cram and mock-interview sessions: plain state machines with no UI.

The Textual app and ``quizapp drill --plain`` hold a session and call its
methods; they never grade an answer or touch the database themselves.

    s = StudySession(store, bank, topics=None, count=None, seed=None, clock=system_clock)
    s = CramSession(store, bank, topics=["metrics"], move_schedule=False)
    q = s.current                  # Question | None (None once the queue is done)
    s.state                        # "asking" | "revealed" | "answered" | "finished"
    o = s.answer("0.83")           # numeric, steps (one stage per call), choice -> Outcome
    r = s.reveal("my attempt")     # concept -> Reveal; then
    o = s.rate(3)                  # concept: self-rating 1..4 -> Outcome
    s.next()                       # after an answered card: the next Question or None
    s.skip(); s.undo(); s.flag("the answer key is wrong")  # undo: the last stage, else the last review
    s.progress                     # Progress: n of total, correct, wrong, skipped
    s.empty_reason                 # why the queue is empty ("new_limit", ...), else None
    s.empty                        # EmptyQueue with today's numbers, else None
    s.close()                      # ends the session in the store (idempotent)

    m = MockInterview(store, bank, count=5, time_limit_s=600)
    ... the same answer/reveal/rate/next/skip ...; m.time_left(); m.finish() -> Scorecard

A review is committed to the store (one durable transaction) before ``answer``
or ``rate`` returns its Outcome, so before any UI can show the verdict. If the
store fails (``StoreError``, one sentence), the card stays exactly as it was.

An unreadable answer is not a review: the Outcome says so and the same card or
stage waits for a retype. A steps card is graded stage by stage; its single
review is recorded after the last stage, rated Again if any stage was wrong.
Graded cards are rated from verdict and time (``srs.rating_for``); concept cards
are self-rated.

Time comes from ``clock``, a callable returning aware datetimes. The session's
clock never runs backwards: a reading earlier than the last one is clamped to it
(``Outcome.clamped``), so durations are never negative and the log stays ordered.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone, tzinfo
from typing import Any, Callable, Iterable, NamedTuple

from quizapp.content import (
    Bank,
    Instance,
    Mistake,
    Template,
    TemplateError,
    instantiate,
    judge,
    judge_choice,
)
from quizapp.srs import interleave, rating_for, self_rating, utc
from quizapp.store import Store
from quizapp.verdict import Verdict

Clock = Callable[[], datetime]
Text = dict  # {"en": str, "zh": str}

RATING_NAMES: dict[int, Text] = {
    1: {"en": "Again", "zh": "重来"},
    2: {"en": "Hard", "zh": "困难"},
    3: {"en": "Good", "zh": "良好"},
    4: {"en": "Easy", "zh": "简单"},
}
PASSING_SELF_RATING = 3  # a concept card self-rated Good or Easy counts as right in a mock interview


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


class SessionError(Exception):
    """A method called in the wrong state or with a bad value; one sentence."""


@dataclass(frozen=True)
class Question:
    """The card in front of the learner. For a steps card, ``stage`` is the index
    of the stage being asked; the card's own prompt stays the context."""

    instance: Instance
    position: int  # 1-based, of ``total``
    total: int
    is_new: bool
    stage: int | None = None  # steps cards only

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
        return len(self.instance.stages) if self.kind == "steps" else 0

    def title(self, lang: str) -> str:
        return self.instance.template.title[lang]

    def text(self, lang: str) -> str:
        """The prompt with its numbers; for a steps card, the card's prompt and then
        the current stage's question."""
        if self.stage is None:
            return self.instance.prompt[lang]
        return f"{self.instance.prompt[lang]}\n{self.instance.stages[self.stage].prompt[lang]}"

    def options(self, lang: str) -> list[str]:
        """Choice cards: the options in this instance's order (answer 1-based)."""
        return [o[lang] for o in self.instance.options]


@dataclass(frozen=True)
class Reveal:
    """A concept card's model answer, shown before the learner rates themself."""

    answer: Text
    key_points: tuple[Text, ...]
    note: Text  # where the source notes are wrong, the correction (may be empty)


@dataclass(frozen=True)
class Outcome:
    """What one answer (or one self-rating) came to.

    ``verdict`` is "correct", "wrong", "unreadable" (nothing recorded; retype),
    "self" (a concept card's rating) or "skipped" (a mock interview answer given
    after the time was up, not graded). ``card_done`` is False for an unreadable
    answer and for a steps stage before the last; when it is True the review has
    been committed (``review_id``) unless the answer came too late.

    On a steps card, a stage before the last carries its verdict, ``off``,
    ``mistake`` and ``expected`` (that stage's value, which the next stage builds
    on) but an empty ``solution``: the engine's worked steps for one stage often
    hold later stages' answers. The last stage's Outcome carries the whole card's
    worked solution, every stage's lines in order, each line once.
    """

    template_id: str
    kind: str
    verdict: str
    message: Text  # one sentence per language
    expected: str = ""  # the answer as text: "0.833", choice "A, C"; "" for concept cards
    solution: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> lines
    value: Any = None  # what the answer was read as
    off: float | None = None  # relative distance from the expected number (wrong scalars)
    mistake: Mistake | None = None  # the common mistake this answer matches
    stage: int | None = None  # steps: the stage this answer was for
    card_done: bool = True
    card_verdict: str | None = None  # when card_done: the whole card's verdict
    rating: int | None = None  # 1..4 when a review was recorded
    review_id: int | None = None
    due: datetime | None = None  # when the template comes due again (unchanged in cram)
    seconds: float = 0.0  # time from the card being shown to this answer
    clamped: bool = False  # the clock read earlier than before; the time was clamped

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


class Progress(NamedTuple):
    position: int  # 1-based position of the current card (total when finished)
    total: int
    answered: int  # correct + wrong + recalled + forgotten
    correct: int  # graded cards answered right
    wrong: int  # graded cards answered wrong
    skipped: int
    recalled: int = 0  # self-rated (concept) cards rated Hard, Good or Easy
    forgotten: int = 0  # self-rated cards rated Again

    @property
    def remaining(self) -> int:
        return self.total - self.answered - self.skipped

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
    new_limit: int  # new cards per day (setting)
    new_today: int  # new cards introduced today (study mode; cram does not count)
    new_waiting: int  # new cards of these topics not yet studied
    review_limit: int  # reviews per day (setting)
    reviews_today: int
    due_waiting: int  # studied cards of these topics due now


class _Entry(NamedTuple):
    template: Template
    is_new: bool
    seed: int


@dataclass
class _Card:
    """The card being answered: which stage, the answers so far, when it was shown."""

    index: int
    instance: Instance
    shown_at: datetime
    stage: int = 0
    answers: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    attempt: str = ""  # concept: what was typed before revealing


class _Session:
    """The machinery shared by every session: a planned list of cards, one current
    card, answers graded through ``content`` and recorded through ``store``."""

    mode = "study"

    def __init__(self, store: Store, bank: Bank, *, topics: Iterable[str] | None = None,
                 count: int | None = None, seed: int | None = None, clock: Clock = system_clock,
                 tz: tzinfo | None = None):
        if count is not None and count < 1:
            raise SessionError(f"count {count} is too small; ask for at least 1 card")
        self._store, self._bank, self._clock, self._tz = store, bank, clock, tz
        self._last_now: datetime | None = None
        self._clock_went_back = False
        self.topics = _check_topics(bank, topics)
        self.problems: list[str] = []  # cards left out because they could not be drawn
        now = self._now()
        store.sync_templates((t.id, t.topic) for t in bank.templates.values())
        store.daily_backup(now, tz)
        self._rng = random.Random(seed)
        picked = self._plan(now)[:count]
        self._entries = [_Entry(t, is_new, self._rng.randrange(1 << 31)) for t, is_new in picked]
        self._instances: dict[int, Instance] = {}
        self._status: dict[int, str] = {}  # entry index -> a Progress word ("correct", "skipped", ...)
        self._history: list[tuple[int, int]] = []  # (review id, entry index), newest last
        self.session_id = store.start_session(self.mode, now, self.topics)
        self._closed = False
        self._card: _Card | None = None
        self._answered: Outcome | None = None
        self._show(0, now)
        self.empty: EmptyQueue | None = None if self._entries else self._why_empty(bool(picked), now)

    @property
    def empty_reason(self) -> str | None:
        """Why the session has no card at all (one of ``EMPTY_REASONS``), else None."""
        return self.empty.reason if self.empty is not None else None

    def _why_empty(self, planned: bool, now: datetime) -> EmptyQueue:
        """Explain an empty plan from the store's counts (``planned``: there were
        cards, but none could be drawn)."""
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
        if self._card is None:
            return "finished"
        if self._answered is not None:
            return "answered"
        return "revealed" if self._revealed else "asking"

    @property
    def current(self) -> Question | None:
        card = self._card
        if card is None:
            return None
        entry = self._entries[card.index]
        stage = card.stage if card.instance.kind == "steps" else None
        return Question(card.instance, card.index + 1, len(self._entries), entry.is_new, stage)

    @property
    def last_outcome(self) -> Outcome | None:
        """The outcome of the card just answered, while the state is "answered"."""
        return self._answered

    @property
    def progress(self) -> Progress:
        n = list(self._status.values()).count
        counts = [n(word) for word in ("correct", "wrong", "skipped", "recalled", "forgotten")]
        right, wrong, skipped, recalled, forgotten = counts
        position = self._card.index + 1 if self._card is not None else len(self._entries)
        return Progress(position, len(self._entries), right + wrong + recalled + forgotten, right, wrong,
                        skipped, recalled, forgotten)

    # -- answering

    def answer(self, text: str) -> Outcome:
        """Grade a numeric card, one stage of a steps card, or a choice card."""
        card = self._asking()
        inst = card.instance
        if inst.kind == "concept":
            raise SessionError("a concept card is not typed in: call reveal(), then rate(1..4)")
        now = self._now()
        if inst.kind == "choice":
            verdict, index = judge_choice(inst, text), None
        else:
            verdict, index = judge(inst.stages[card.stage], text), card.stage
        stage = index if inst.kind == "steps" else None
        last = stage is None or stage + 1 == len(inst.stages)
        base = _graded_fields(inst, index, verdict, solution=last)
        message = {lang: verdict.text(lang) for lang in ("en", "zh")}
        if not verdict.readable:  # unreadable, or right so far but too coarse: asked again
            return Outcome(inst.template.id, inst.kind, "unreadable", message,
                           card_done=False, stage=stage, **base)
        word = "correct" if verdict.correct else "wrong"
        if not last:
            card.answers.append(text)
            card.verdicts.append(verdict)
            card.stage += 1
            return Outcome(inst.template.id, inst.kind, word, message, stage=stage,
                           card_done=False, **base)
        verdicts = [*card.verdicts, verdict]
        right = all(v.correct for v in verdicts)
        seconds = (now - card.shown_at).total_seconds()
        rating = int(rating_for(right, seconds, inst.template.difficulty))
        answers = [*card.answers, text]
        typed = json.dumps(answers, ensure_ascii=False) if stage is not None else text
        mistake = _mistake_id(inst, verdicts)
        card_word = "correct" if right else "wrong"
        draft = Outcome(inst.template.id, inst.kind, word, message, stage=stage,
                        card_verdict=card_word, rating=rating, seconds=seconds, **base)
        return self._commit(card, draft, typed, card_word, mistake, now)

    def reveal(self, attempt: str = "") -> Reveal:
        """Show a concept card's model answer; ``attempt`` (what the learner typed or
        said, may be empty) is stored with the rating."""
        card = self._asking()
        inst = card.instance
        if inst.kind != "concept":
            raise SessionError(f"only concept cards are revealed; this {inst.kind} card takes answer(text)")
        card.attempt = attempt
        self._revealed = True
        return Reveal(inst.answer, inst.key_points, inst.note)

    def rate(self, rating: int | str) -> Outcome:
        """A concept card's self-rating after reveal(): 1 Again, 2 Hard, 3 Good, 4 Easy."""
        card = self._card
        if card is None or self._answered is not None or not self._revealed:
            raise SessionError("rate() comes after reveal() on a concept card")
        try:
            value = int(self_rating(rating))
        except ValueError as e:
            raise SessionError(str(e)) from None
        now = self._now()
        inst = card.instance
        seconds = (now - card.shown_at).total_seconds()
        name = RATING_NAMES[value]
        draft = Outcome(inst.template.id, inst.kind, "self",
                        {lang: f"Rated {name[lang]}." if lang == "en" else f"自评：{name[lang]}。" for lang in name},
                        solution=_concept_solution(inst), card_verdict="self", rating=value,
                        seconds=seconds)
        return self._commit(card, draft, card.attempt, "self", None, now)

    def _commit(self, card: _Card, draft: Outcome, typed: str, verdict: str,
                mistake: str | None, now: datetime) -> Outcome:
        entry = self._entries[card.index]
        recorded = self._store.record_review(
            entry.template.id, seed=entry.seed, answer=typed, verdict=verdict, rating=draft.rating,
            duration_ms=round(draft.seconds * 1000), now=now, mode=self.mode, mistake=mistake,
            session_id=self.session_id, move_schedule=self._move_schedule(), mock=self._mock_row(card))
        outcome = replace(draft, review_id=recorded.review_id, due=recorded.after.due,
                           clamped=recorded.clamped or self._clock_went_back)
        self._after_commit(card, outcome)
        self._history.append((recorded.review_id, card.index))
        self._status[card.index] = _status_word(outcome)
        self._answered = outcome
        return outcome

    def _move_schedule(self) -> bool | None:
        return None

    def _mock_row(self, card: _Card) -> tuple[int, int] | None:
        """Hook: the (mock_id, position) an answer is also recorded as, in the
        review's own transaction."""
        return None

    def _after_commit(self, card: _Card, outcome: Outcome) -> None:
        """Hook: what a session keeps of a recorded answer besides its review."""

    # -- moving on

    def next(self) -> Question | None:
        """After an answered card, show the next one (None when the session is done)."""
        if self._card is None:
            return None
        if self._answered is None:
            raise SessionError("answer, skip or rate this card before moving on")
        self._show(self._card.index + 1, self._now())
        return self.current

    def skip(self) -> Question | None:
        """Leave the current card unanswered (nothing is recorded) and show the next."""
        card = self._card
        if card is None:
            return None
        if self._answered is not None:
            return self.next()
        self._status[card.index] = "skipped"
        self._skipped(card)
        self._show(card.index + 1, self._now())
        return self.current

    def _skipped(self, card: _Card) -> None:
        """Hook: what a session records for a skipped card."""

    def flag(self, note: str) -> int:
        """Store that the current card (or, once finished, the last answered one) looks
        wrong, with the learner's note; returns the flag's id."""
        if self._card is not None:
            index = self._card.index
        elif self._history:
            index = self._history[-1][1]
        else:
            raise SessionError("there is no card to flag")
        entry = self._entries[index]
        return self._store.flag(entry.template.id, note.strip(), self._now(), seed=entry.seed)

    def close(self) -> Progress:
        """End the session in the store (idempotent); returns the final progress."""
        if not self._closed:
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
            raise SessionError("the session is finished; there is no card to answer")
        if self._answered is not None:
            raise SessionError("this card is already answered; call next() for the next one")
        return self._card

    def _show(self, index: int, now: datetime) -> None:
        """Make entry ``index`` (or the first drawable one after it) the current card."""
        self._answered = None
        self._revealed = False
        self._clock_went_back = False
        while index < len(self._entries):
            entry = self._entries[index]
            inst = self._instances.get(index)
            if inst is None:
                try:
                    inst = instantiate(entry.template, entry.seed)
                except TemplateError as e:
                    self.problems.append(str(e))
                    del self._entries[index]
                    self._renumber(index)
                    continue
                self._instances[index] = inst
            self._card = _Card(index, inst, now)
            return
        self._card = None

    def _renumber(self, removed: int) -> None:
        """Shift the per-index records after ``removed`` (an entry dropped from the plan)."""
        self._instances = {i - (i > removed): v for i, v in self._instances.items() if i != removed}
        self._status = {i - (i > removed): v for i, v in self._status.items() if i != removed}
        self._history = [(r, i - (i > removed)) for r, i in self._history]


class StudySession(_Session):
    """Today's queue: due reviews first, then new templates up to the daily limit,
    interleaved across topics (``Store.queue``), optionally one or more topics and
    at most ``count`` cards."""

    mode = "study"

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        templates = self._bank.templates
        items = self._store.queue(now, topics=self.topics, tz=self._tz)
        return [(templates[q.template_id], q.is_new) for q in items if q.template_id in templates]

    def undo(self) -> Question | None:
        """Take back the last answer. In the middle of a steps card that is the last
        stage answered (nothing is stored before the card is done): that stage is
        asked again. Otherwise it is this session's last review (the store restores
        the FSRS state it replaced), and that card is asked again with the same
        numbers. Returns the card, or None when there is nothing to undo."""
        card = self._card
        if card is not None and self._answered is None and card.verdicts:
            card.answers.pop()
            card.verdicts.pop()
            card.stage -= 1
            return self.current
        if not self._history:
            return None
        review_id, index = self._history[-1]
        self._store.undo_last_review(expect_id=review_id)
        self._history.pop()
        self._status.pop(index, None)
        self._show(index, self._now())
        return self.current


class CramSession(StudySession):
    """Practise any topic now, due or not: every template of the chosen topics (all
    topics by default) in a shuffled, topic-interleaved order. Reviews are logged
    with mode "cram" and leave the schedule alone unless ``move_schedule=True``."""

    mode = "cram"

    def __init__(self, store: Store, bank: Bank, *, move_schedule: bool = False, **kwargs: Any):
        self._moves = move_schedule
        super().__init__(store, bank, **kwargs)

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        return [(t, self._store.memory(t.id).is_new) for t in _shuffled(self._bank, self.topics, self._rng)]

    def _move_schedule(self) -> bool | None:
        return self._moves


@dataclass(frozen=True)
class MockResult:
    position: int  # 1-based
    template_id: str
    topic: str
    title: Text
    verdict: str  # "correct" | "wrong" | "self" | "skipped"
    passed: bool  # correct, or self-rated Good/Easy
    rating: int | None
    seconds: float | None
    mistake: Mistake | None = None


@dataclass(frozen=True)
class Scorecard:
    mock_id: int
    results: tuple[MockResult, ...]
    seconds: float  # from the start to the finish
    time_limit_s: int | None
    timed_out: bool

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def score(self) -> float:
        """Share of questions passed (skipped ones count as not passed)."""
        return self.passed / len(self.results) if self.results else 0.0

    def by_topic(self) -> dict[str, tuple[int, int]]:
        """topic -> (passed, asked)."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.results:
            p, n = out.get(r.topic, (0, 0))
            out[r.topic] = (p + r.passed, n + 1)
        return out


class MockInterview(_Session):
    """A timed set of ``count`` questions drawn across topics. Each answer is a review
    (mode "mock") and a row of the mock interview; ``finish()`` (called by itself
    when the time runs out) records the rest as skipped and returns the Scorecard."""

    mode = "mock"

    def __init__(self, store: Store, bank: Bank, *, count: int = 5, time_limit_s: int | None = 900,
                 **kwargs: Any):
        if time_limit_s is not None and time_limit_s < 1:
            raise SessionError(f"time limit {time_limit_s} s is too short; give at least 1 second")
        self.time_limit_s = time_limit_s
        self._results: dict[int, MockResult] = {}
        self._scorecard: Scorecard | None = None
        super().__init__(store, bank, count=count, **kwargs)
        self._started = self._last_now
        self.mock_id = store.start_mock(self._started, question_count=len(self._entries),
                                        time_limit_s=time_limit_s, topics=self.topics,
                                        session_id=self.session_id)

    def _plan(self, now: datetime) -> list[tuple[Template, bool]]:
        return [(t, False) for t in _shuffled(self._bank, self.topics, self._rng)]

    def time_left(self) -> float | None:
        """Seconds left (never below 0), or None without a time limit."""
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - (self._now() - self._started).total_seconds())

    def answer(self, text: str) -> Outcome:
        late = self._late()
        return late if late is not None else super().answer(text)

    def rate(self, rating: int | str) -> Outcome:
        late = self._late()
        return late if late is not None else super().rate(rating)

    def _late(self) -> Outcome | None:
        card = self._card
        if card is None or self._answered is not None or self.time_left() != 0.0:
            return None
        inst = card.instance
        self.finish()
        return Outcome(inst.template.id, inst.kind, "skipped",
                       {"en": "The time was up, so this answer was not graded.",
                        "zh": "时间已到，这个答案没有评分。"}, card_done=True)

    def _mock_row(self, card: _Card) -> tuple[int, int]:
        return self.mock_id, card.index + 1

    def _after_commit(self, card: _Card, outcome: Outcome) -> None:
        entry = self._entries[card.index]
        verdict = outcome.card_verdict or outcome.verdict
        self._results[card.index] = MockResult(
            card.index + 1, entry.template.id, entry.template.topic, entry.template.title, verdict,
            _passed(outcome), outcome.rating, outcome.seconds, outcome.mistake)

    def _skipped(self, card: _Card) -> None:
        self._record_skip(card.index)

    def _record_skip(self, index: int) -> None:
        entry = self._entries[index]
        self._store.record_mock_question(self.mock_id, index + 1, entry.template.id, entry.seed, "skipped")
        self._results[index] = MockResult(index + 1, entry.template.id, entry.template.topic,
                                          entry.template.title, "skipped", False, None, None)

    @property
    def scorecard(self) -> Scorecard | None:
        return self._scorecard

    def finish(self) -> Scorecard:
        """End the interview: every question not answered is recorded as skipped, the
        score stored; idempotent."""
        if self._scorecard is not None:
            return self._scorecard
        now = self._now()
        for index in range(len(self._entries)):
            if index not in self._results:
                self._status[index] = "skipped"
                self._record_skip(index)
        elapsed = (now - self._started).total_seconds()
        timed_out = self.time_limit_s is not None and elapsed >= self.time_limit_s
        card = Scorecard(self.mock_id, tuple(self._results[i] for i in sorted(self._results)),
                         elapsed, self.time_limit_s, timed_out)
        self._store.finish_mock(self.mock_id, now, card.score)
        self._card, self._answered = None, None
        self._scorecard = card
        self.close()
        return card

    def next(self) -> Question | None:
        question = super().next()
        if question is None or self.time_left() == 0.0:
            self.finish()
            return None
        return question

    def skip(self) -> Question | None:
        question = super().skip()
        if question is None:
            self.finish()
        return question


# ---------------------------------------------------------------- helpers

def _check_topics(bank: Bank, topics: Iterable[str] | None) -> list[str] | None:
    if topics is None:
        return None
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in bank.topics]
    if unknown:
        known = ", ".join(bank.topics) or "none"
        raise SessionError(f"there is no topic {unknown[0]!r}; the topics are {known}")
    return chosen or None


def _shuffled(bank: Bank, topics: list[str] | None, rng: random.Random) -> list[Template]:
    """Every template of ``topics`` (default all), shuffled within each topic, topics
    in a shuffled order, then interleaved so neighbours differ in topic."""
    chosen = list(topics if topics is not None else bank.topics)
    rng.shuffle(chosen)
    rank = {t: i for i, t in enumerate(chosen)}
    picked = [t for t in bank.templates.values() if t.topic in rank]
    rng.shuffle(picked)
    picked.sort(key=lambda t: rank[t.topic])
    return interleave(picked, lambda t: t.topic)


def _graded_fields(inst: Instance, stage: int | None, verdict: Verdict, *,
                   solution: bool) -> dict[str, Any]:
    """The Outcome fields that describe a graded answer against its key (``stage``:
    the index into ``inst.stages``, None for a choice card); the worked solution
    (the whole card's) only when ``solution``."""
    if stage is None:  # choice
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        expected = ", ".join(letters[i] for i in sorted(inst.correct))
        solution = {lang: (*(f"{letters[i]}. {inst.options[i][lang]}" for i in sorted(inst.correct)),
                           inst.answer.get(lang, "")) for lang in ("en", "zh")}
        return {"expected": expected, "solution": solution, "value": verdict.value}
    st = inst.stages[stage]
    worked = {lang: _worked(inst, lang) for lang in ("en", "zh")} if solution else {}
    return {"expected": st.answer_text, "solution": worked,
            "value": verdict.value, "off": _off(verdict, st.expected), "mistake": verdict.mistake}


def _worked(inst: Instance, lang: str) -> tuple[str, ...]:
    """Every stage's worked lines in order, a line repeated by a later stage (the
    same computation's steps) shown once."""
    return tuple(dict.fromkeys(line for st in inst.stages for line in st.worked(lang)))


def _off(verdict: Verdict, expected: Any) -> float | None:
    v = verdict.value
    if verdict.correct or not isinstance(v, (int, float)) or not isinstance(expected, (int, float)):
        return None
    return abs(v - expected) / abs(expected) if expected else abs(v)


def _concept_solution(inst: Instance) -> dict[str, tuple[str, ...]]:
    return {lang: (inst.answer[lang], *(f"• {p[lang]}" for p in inst.key_points)) for lang in ("en", "zh")}


def _mistake_id(inst: Instance, verdicts: list[Verdict]) -> str | None:
    """The common mistake an answer matched: its id, or ``stage:id`` on a steps card
    (the first stage that matched one)."""
    for stage, v in zip(inst.stages or [None], verdicts):
        if v.mistake is not None:
            return v.mistake.id if inst.kind != "steps" else f"{stage.name}:{v.mistake.id}"
    return None


def _status_word(outcome: Outcome) -> str:
    """How a recorded card counts in ``Progress``: graded right or wrong, or
    self-rated recalled (Hard and up) or forgotten (Again)."""
    if outcome.card_verdict == "self":
        return "recalled" if (outcome.rating or 1) >= 2 else "forgotten"
    return "correct" if outcome.card_verdict == "correct" else "wrong"


def _passed(outcome: Outcome) -> bool:
    if outcome.card_verdict == "self":
        return (outcome.rating or 0) >= PASSING_SELF_RATING
    return outcome.card_verdict == "correct"

