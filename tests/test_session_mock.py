"""Mock interviews: questions across topics or from the weakest areas, per-question
results, the time budgets, concept answers typed then scored by their key points,
and a scorecard that is stored."""

import json
from datetime import timedelta

import pytest

from quizapp.content import load_bank
from quizapp.session import MockInterview, SessionError
from quizapp.store import Store, StoreError
from helpers import DECKS, Clock, only, record

CONCEPT = "metrics.precision-meaning"
STEPS = "optimizers.adam-first-step"
F1 = "metrics.f1-counts"


@pytest.fixture(scope="module")
def bank():
    return load_bank(DECKS)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "p.sqlite3")
    yield s
    s.close()


def right(q):
    """A right answer, from the card's own answer key (grading is tested elsewhere)."""
    if q.kind == "choice":
        return ",".join(str(i + 1) for i in sorted(q.instance.correct))
    return q.instance.stages[q.stage or 0].answer_text


def finish_card(m, correct=True):
    """Answer the current question whole: right (or a wrong number); a concept
    question in a few words of one's own."""
    if m.current.kind == "concept":
        return m.answer("precision is TP over everything predicted positive")
    while True:
        o = m.answer(right(m.current) if correct else "12345")
        if o.card_done:
            return o


def stored(store, mock_id):
    head = store.db.conn.execute("SELECT question_count, time_limit_s, score, ended_us FROM mock_interview "
                                 "WHERE id = ?", (mock_id,)).fetchone()
    rows = store.db.conn.execute("SELECT position, template_id, verdict FROM mock_question WHERE mock_id = ? "
                                 "ORDER BY position", (mock_id,)).fetchall()
    return head, rows


def question_row(store, mock_id, position):
    return store.db.conn.execute(
        "SELECT answer, verdict, timed_out, key_points, duration_ms FROM mock_question "
        "WHERE mock_id = ? AND position = ?", (mock_id, position)).fetchone()


def review_count(store):
    return store.db.conn.execute("SELECT COUNT(*) FROM review").fetchone()[0]


def to_kind(m, kind):
    """Skip until a question of ``kind`` is up."""
    while m.current is not None and m.current.kind != kind:
        m.skip()
    assert m.current is not None, f"no {kind} question"


def test_questions_span_topics_and_the_scorecard_is_stored(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "metrics.macro-f1", STEPS, "optimizers.l2-penalty"), count=4,
                      time_limit_s=600, seed=11, clock=clock)
    asked = []
    while m.current is not None:
        asked.append(m.current.template_id)
        clock.advance(20)
        finish_card(m, correct=len(asked) != 2)  # the second one wrong
        m.next()
    card = m.scorecard
    assert card is not None and len(card.results) == 4 and len(set(asked)) == 4
    assert {bank.templates[t].topic for t in asked} == {"metrics", "optimizers"}
    assert [r.position for r in card.results] == [1, 2, 3, 4]
    assert [r.passed for r in card.results] == [True, False, True, True]
    assert card.score == pytest.approx(0.75) and not card.timed_out
    assert card.seconds == pytest.approx(80)
    assert [r.seconds for r in card.results] == [pytest.approx(20)] * 4
    passed = {t: p for t, (p, n) in card.by_topic().items()}
    assert sum(passed.values()) == 3
    head, rows = stored(store, m.mock_id)
    assert head[:3] == (4, 600, pytest.approx(0.75)) and head[3] is not None
    assert [r[1] for r in rows] == asked
    modes = store.db.conn.execute("SELECT DISTINCT mode FROM review").fetchall()
    assert modes == [("mock",)]
    assert m.finish() is card  # idempotent


def test_each_answer_is_a_review_rated_from_its_verdict_and_time(store, bank):
    """Graded as in study: right within 15 s is Easy (on a card of difficulty 2 or
    3), after a minute and a half Hard; wrong is Again. The schedule moves."""
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=None, seed=2, clock=clock)
    by_id = {}
    for seconds, correct in ((5, True), (95, True), (5, False)):
        clock.advance(seconds)
        by_id[m.current.template_id] = (finish_card(m, correct), correct, seconds)
        m.next()
    for tid, (o, correct, seconds) in by_id.items():
        assert o.card_verdict == ("correct" if correct else "wrong")
        rating = store.db.conn.execute("SELECT rating FROM review WHERE template_id = ?", (tid,)).fetchone()[0]
        assert rating == (1 if not correct else 4 if seconds == 5 else 2), tid
        assert store.memory(tid).due is not None  # scheduled
    assert [r.rating for r in m.scorecard.results] == [4, 2, 1]


def test_time_up_ends_the_interview_and_skips_the_rest(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=60, seed=4, clock=clock)
    clock.advance(10)
    finish_card(m)
    m.next()
    clock.advance(45)
    assert m.time_left() == pytest.approx(5)
    clock.advance(10)  # the budget is spent before the second answer
    o = m.answer("0.25")
    assert o.word == "skipped" and "time" in o.message["en"]
    card = m.scorecard
    assert card.timed_out and [r.verdict for r in card.results][1:] == ["skipped", "skipped"]
    assert all(r.timed_out for r in card.results[1:])
    assert card.score == pytest.approx(1 / 3) and card.seconds == 60
    assert m.current is None and m.time_left() == 0
    _, rows = stored(store, m.mock_id)
    assert [r[2] for r in rows][1:] == ["skipped", "skipped"]
    assert review_count(store) == 1  # the late answer was not graded...
    assert question_row(store, m.mock_id, 2)[:3] == ("0.25", "skipped", 1)  # ...but it is kept


def test_a_timer_ends_the_interview_when_no_answer_comes(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty"), count=2, time_limit_s=120, seed=4,
                      clock=clock)
    clock.advance(119)
    assert m.check_time() is None and m.current is not None
    clock.advance(1)
    assert m.check_time() == "total"
    assert m.scorecard is not None and m.current is None and m.scorecard.answered == 0
    assert m.check_time() is None


def test_the_per_question_limit_moves_on_and_counts_the_question_not_answered(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=600, question_limit_s=60, seed=3, clock=clock)
    first = m.current.template_id
    clock.advance(50)
    assert m.question_time_left() == pytest.approx(10) and m.time_left() == pytest.approx(550)
    clock.advance(10)
    assert m.check_time() == "question"  # the app's timer: no answer came
    second = m.current
    assert second.template_id != first and second.position == 2
    assert m.question_time_left() == pytest.approx(60)  # a fresh minute
    clock.advance(61)
    o = m.answer(right(second))  # right, but a second too late
    assert o.word == "skipped" and o.card_done and "this question" in o.message["en"]
    assert m.state == "answered"
    third = m.next()
    assert third.position == 3
    clock.advance(30)
    finish_card(m)
    assert m.next() is None
    card = m.scorecard
    assert [(r.verdict, r.timed_out) for r in card.results] == [("skipped", True), ("skipped", True),
                                                                  ("correct", False)]
    assert not card.timed_out and card.score == pytest.approx(1 / 3)
    assert question_row(store, m.mock_id, 2)[:3] == (right(second), "skipped", 1)
    assert review_count(store) == 1


def test_skip_and_finish_early(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=None, seed=8, clock=clock)
    assert m.time_left() is None and m.question_time_left() is None
    m.skip()
    finish_card(m, correct=False)
    card = m.finish()
    assert [r.verdict for r in card.results] == ["skipped", "wrong", "skipped"]
    assert not any(r.timed_out for r in card.results)  # left early: not out of time
    assert [r.passed_on for r in card.results] == [True, False, False]  # the third was never reached
    from quizapp.mock import unanswered_key

    assert [unanswered_key(r) for r in card.results if not r.answered] == ["mock.passed_on", "mock.not_answered"]
    assert card.score == 0.0 and card.answered == 1
    _, rows = stored(store, m.mock_id)
    assert len(rows) == 3


def test_leaving_in_the_middle_of_a_steps_card_keeps_what_was_typed(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, STEPS, F1), count=2, time_limit_s=600, seed=1, clock=clock)
    to_kind(m, "steps")
    position = m.current.position
    m1 = right(m.current)
    o = m.answer(m1)
    assert not o.card_done and o.word in ("correct", "wrong")  # the session knows; the screens do not show it
    card = m.finish()
    result = card.results[position - 1]
    assert result.verdict == "skipped" and result.answers == (m1,)
    assert question_row(store, m.mock_id, position)[:2] == (m1, "skipped")
    assert review_count(store) == 0


def test_the_scorecard_shows_every_question_with_its_solution_and_named_mistake(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty"), count=2, time_limit_s=600, seed=5,
                      clock=clock)
    while m.current.template_id != F1:
        m.skip()
    p = m.current.instance.params
    accuracy = (p["tp"] + p["tn"]) / (p["tp"] + p["fp"] + p["fn"] + p["tn"])
    o = m.answer(f"{accuracy:.3f}")
    assert o.card_verdict == "wrong"
    card = m.finish()
    by_id = {r.template_id: r for r in card.results}
    f1 = by_id[F1]
    assert f1.mistake is not None and f1.mistake.id == "accuracy" and f1.answers == (f"{accuracy:.3f}",)
    expected_f1 = 2 * p["tp"] / (2 * p["tp"] + p["fp"] + p["fn"])
    assert float(f1.expected[0]) == pytest.approx(expected_f1, abs=5e-4)
    assert any(f"TP = {p['tp']}" in line for line in f1.solution["en"])
    assert f1.solution["zh"] and f1.instance.params == p
    other = by_id["optimizers.l2-penalty"]  # skipped, still explained
    assert other.verdict == "skipped" and other.expected and other.solution["en"]
    [area] = [a for a in card.areas() if a.kind == "mistake"]
    said = area.message(bank.topics)
    assert said.text("en") == "Common mistake: computed accuracy instead of F1 (F1 from counts)"
    assert said.text("zh") == "常见错误：算成了准确率而不是 F1（由计数求 F1）"


# -- concept answers: typed in the interview, scored by their key points at the end


def test_a_concept_answer_is_stored_when_typed_and_scored_by_its_key_points(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, CONCEPT, F1), count=2, time_limit_s=600, seed=3, clock=clock)
    to_kind(m, "concept")
    position = m.current.position
    with pytest.raises(SessionError, match="own words"):
        m.reveal()
    with pytest.raises(SessionError, match="own words"):
        m.answer("   ")
    clock.advance(40)
    o = m.answer("TP over predicted positives; false negatives play no part")
    assert o.word == "pending" and o.card_done and o.verdict is None
    assert question_row(store, m.mock_id, position) == (
        "TP over predicted positives; false negatives play no part", "self", 0, None, 40000)
    assert review_count(store) == 0  # scored at the end
    with pytest.raises(SessionError, match="once the interview is over"):
        m.score_concept(position, [0])
    m.next()
    card = m.finish()
    assert [r.verdict for r in card.pending] == ["pending"] and card.results[position - 1].answered
    [pending] = m.pending_concepts()
    assert pending.position == position and len(pending.key_points) == 2
    with pytest.raises(SessionError, match="from 1 to 2"):
        m.score_concept(position, [2])
    clock.advance(30)  # ticking takes time; the answer's own time is what counts
    result = m.score_concept(position, [0, 1])
    assert (result.verdict, result.rating, result.passed, result.ticked) == ("self", 3, True, (0, 1))
    assert m.scorecard.score == pytest.approx(0.5) and m.pending_concepts() == []
    row = store.db.conn.execute("SELECT verdict, rating, mode, duration_ms, answer FROM review").fetchone()
    assert row == ("self", 3, "mock", 40000, "TP over predicted positives; false negatives play no part")
    assert json.loads(question_row(store, m.mock_id, position)[3]) == [0, 1]
    assert stored(store, m.mock_id)[0][2] == pytest.approx(0.5)
    with pytest.raises(SessionError, match="no concept answer waiting"):
        m.score_concept(position, [0])


@pytest.mark.parametrize(("ticked", "rating", "passed"), [([], 1, False), ([1], 2, False), ([0, 1], 3, True)])
def test_the_share_of_key_points_covered_rates_the_concept_answer(store, bank, ticked, rating, passed):
    m = MockInterview(store, only(bank, CONCEPT), count=1, time_limit_s=None, seed=1, clock=Clock())
    m.answer("something")
    assert m.next() is None and m.scorecard is not None
    result = m.score_concept(1, ticked)
    assert (result.rating, result.passed) == (rating, passed)
    assert store.memory(CONCEPT).state != 0  # the review moved the schedule


def test_concept_rating_thresholds():
    from quizapp.mock import concept_rating

    # Good from three quarters, Hard from half, else Again
    assert [concept_rating(n, 4) for n in range(5)] == [1, 1, 2, 3, 3]
    assert [concept_rating(n, 3) for n in range(4)] == [1, 1, 2, 3]
    with pytest.raises(ValueError):
        concept_rating(0, 0)


def test_an_unscored_concept_answer_counts_as_not_passed_and_is_kept(store, bank):
    m = MockInterview(store, only(bank, CONCEPT), count=1, time_limit_s=None, seed=1, clock=Clock())
    m.answer("words")
    m.next()
    assert m.scorecard.score == 0.0 and m.scorecard.answered == 1
    assert question_row(store, m.mock_id, 1)[:2] == ("words", "self")


def test_no_undo_and_bad_limits(store, bank):
    m = MockInterview(store, bank, count=2, clock=Clock())
    with pytest.raises(SessionError, match="cannot be undone"):
        m.undo()
    with pytest.raises(SessionError, match="at least 1 second"):
        MockInterview(store, bank, count=2, time_limit_s=0, clock=Clock())
    with pytest.raises(SessionError, match="at least 1 second"):
        MockInterview(store, bank, count=2, question_limit_s=0, clock=Clock())


def test_every_answer_is_a_review_and_a_question_row_or_neither(store, bank):
    clock = Clock()
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=None, seed=5, clock=clock)
    clock.advance(12)
    o = finish_card(m, correct=False)
    m.next()
    joined = store.db.conn.execute(
        "SELECT q.position, q.verdict, q.duration_ms, r.verdict, r.mode FROM mock_question q "
        "JOIN review r ON r.template_id = q.template_id AND r.seed = q.seed WHERE q.mock_id = ?",
        (m.mock_id,)).fetchall()
    assert joined == [(1, o.card_verdict, 12000, o.card_verdict, "mock")]
    # Make the second question's row fail (its position is taken already): the answer
    # is refused whole, leaving no review of its own.
    store.record_mock_question(m.mock_id, 2, m.current.template_id, 0, "skipped")
    with pytest.raises(StoreError):
        finish_card(m)
    assert review_count(store) == 1
    assert m.state != "answered"


# -- the weakest areas


def test_retrievability_is_fsrs_own():
    """Checked against the fsrs package's own formula (it counts whole days)."""
    from fsrs import Card, Scheduler, State

    from quizapp.mock import retrievability
    from helpers import T0

    scheduler = Scheduler()
    for stability, days in ((1.0, 0), (2.5, 1), (10.0, 10), (3.0, 40)):
        card = Card(card_id=1, state=State.Review, stability=stability, difficulty=5.0, due=T0,
                    last_review=T0)
        want = scheduler.get_card_retrievability(card, T0 + timedelta(days=days))
        assert retrievability(stability, T0, T0 + timedelta(days=days)) == pytest.approx(want, rel=1e-12)
    assert retrievability(10.0, T0, T0 + timedelta(days=10)) == pytest.approx(0.9)  # S is the 90% point
    assert retrievability(None, None, T0) == 0.0


def test_weakest_first_ranks_lapses_mistakes_and_forgetting(bank):
    from quizapp.mock import weakest_first
    from quizapp.store.figures import WeaknessRow
    from helpers import T0

    now = T0 + timedelta(days=30)
    rows = [
        WeaknessRow("fresh", "a", 100.0, now - timedelta(days=1), 0, 0),  # R ≈ 1: known well
        WeaknessRow("new", "a", None, None, 0, 0),  # never studied: a coin flip, ½
        WeaknessRow("forgotten", "b", 2.0, T0, 0, 0),  # 30 days on a 2-day stability: R ≈ 0.65
        WeaknessRow("lapsed", "a", 100.0, now - timedelta(days=1), 2, 0),
        WeaknessRow("mistaken", "b", 100.0, now - timedelta(days=1), 0, 1),  # ½ and a little
        WeaknessRow("both", "b", 100.0, now - timedelta(days=1), 1, 3),
        WeaknessRow("new-too", "b", None, None, 0, 0),
        WeaknessRow("long-ago", "a", 2.0, T0 - timedelta(days=3000), 0, 0),  # R ≈ 0.32: below a coin flip
    ]
    assert weakest_first(rows, now) == ["both", "lapsed", "long-ago", "mistaken", "new", "new-too", "forgotten",
                                        "fresh"]
    assert weakest_first(rows, now, order=["new-too", "new"])[4:6] == ["new-too", "new"]  # a seeded order on ties


def test_a_weakest_areas_interview_asks_the_weak_cards_first(store, bank):
    clock = Clock()
    store.sync_bank(bank)
    weak = {"optimizers.l2-penalty", "metrics.macro-f1"}
    for tid in bank.templates:
        record(store, tid, rating=4, now=clock.now)  # everything learnt well...
    for tid in weak:  # ...but two forgotten once learnt, and one with a named mistake
        clock.advance(86400 * 20)
        record(store, tid, rating=1, now=clock.now, mistake="micro" if "macro" in tid else None)
    clock.advance(3600)
    m = MockInterview(store, bank, count=2, time_limit_s=600, weakest=True, seed=9, clock=clock)
    assert {m.current.template_id, *[e.template.id for e in m._planned]} == weak
    head = store.db.conn.execute("SELECT weakest, question_count FROM mock_interview").fetchone()
    assert head == (1, 2)
    # Weakest within one topic only
    m.finish()
    m2 = MockInterview(store, bank, count=1, time_limit_s=600, weakest=True, topics=["metrics"], seed=9,
                       clock=clock)
    assert m2.current.template_id == "metrics.macro-f1"


def test_a_weakest_areas_interview_for_a_new_learner_draws_new_cards(store, bank):
    m = MockInterview(store, bank, count=3, time_limit_s=600, weakest=True, seed=2, clock=Clock())
    assert m.question_count == 3


def test_no_card_to_ask_is_one_sentence(store, bank):
    empty = only(bank)
    with pytest.raises(SessionError, match="no question to ask"):
        MockInterview(store, empty, count=3, clock=Clock())


# -- the areas to work on, the trend, the clock


def result(position, topic, passed, mistake=None, template_id=None, verdict=None):
    from quizapp.session import MockResult

    return MockResult(position, template_id or f"{topic}.{position}", topic, {"en": f"Card {position}", "zh": "卡"},
                      verdict or ("correct" if passed else "wrong"), passed, None, 10.0, mistake)


def test_the_three_areas_to_work_on():
    from quizapp.mock import areas
    from quizapp.verdict import Mistake

    bias = Mistake("no-bias", {"en": "forgot Adam's bias correction", "zh": "忘了偏差修正"})
    micro = Mistake("micro", {"en": "micro instead of macro", "zh": "微平均"})
    results = [
        result(1, "optim", False, bias, "optim.adam"), result(2, "optim", False, bias, "optim.adam"),
        result(3, "metrics", False), result(4, "metrics", False, verdict="skipped"), result(5, "metrics", True),
        result(6, "init", False), result(7, "init", True), result(8, "init", True),
        result(9, "metrics", False, micro, "metrics.macro"),
        result(10, "losses", True),
    ]
    found = areas(results)
    # two questions lost to the bias correction, two to metrics otherwise; the named
    # mistake first on a tie; then init (1 of 3) and the micro mistake (1) tie, the mistake first
    assert [(a.kind, a.topic, a.missed) for a in found] == [
        ("mistake", "optim", 2), ("topic", "metrics", 2), ("mistake", "metrics", 1)]
    titles = {"metrics": {"en": "Evaluation metrics", "zh": "评估指标"}}
    assert found[1].message(titles).text("en") == "Evaluation metrics: 2 of 4 questions not passed"
    assert found[1].message(titles).text("zh") == "评估指标：4 题中 2 题没有通过"
    assert found[0].message(titles).text("en") == ("Common mistake: forgot Adam's bias correction (Card 1), "
                                                   "made 2 times")
    assert areas([result(1, "a", True)]) == []


def test_trend_sparkline_and_clock():
    from quizapp.mock import clock, sparkline, trend, trend_points

    assert trend([0.2, 0.4, 0.6]) == pytest.approx(0.2)
    assert trend([0.8, 0.6, 0.8, 0.6]) == pytest.approx(-0.04)
    assert trend([0.5]) is None
    assert sparkline([0.0, 0.5, 1.0, 0.99]) == "▁▅██"
    assert clock(0) == "0:00" and clock(65) == "1:05" and clock(3725) == "1:02:05" and clock(None) == "–"
    assert clock(0.2, countdown=True) == "0:01" and clock(59.5) == "1:00"
    assert [trend_points(x) for x in (0.05, -0.13, -0.004, 0.0)] == ["+5", "\u221213", "+0", "+0"]  # a true minus


def test_a_finish_the_store_refuses_changes_nothing_and_can_be_tried_again(store, bank, monkeypatch):
    m = MockInterview(store, only(bank, F1, "optimizers.l2-penalty", "metrics.macro-f1"), count=3,
                      time_limit_s=None, seed=8, clock=Clock())
    finish_card(m, correct=False)
    m.next()
    real = store.finish_mock

    def full_disk(*args, **kwargs):
        raise StoreError("the disk is full")

    monkeypatch.setattr(store, "finish_mock", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        m.finish()
    assert m.scorecard is None and m.current is not None and len(stored(store, m.mock_id)[1]) == 1
    monkeypatch.setattr(store, "finish_mock", real)
    card = m.finish()
    assert [r.verdict for r in card.results] == ["wrong", "skipped", "skipped"]
    head, rows = stored(store, m.mock_id)
    assert head[2] == 0.0 and head[3] is not None and [r[2] for r in rows] == ["wrong", "skipped", "skipped"]
    ended = store.db.conn.execute("SELECT ended_us FROM study_session WHERE id = ?", (m.session_id,)).fetchone()
    assert ended[0] is not None
