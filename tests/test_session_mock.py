"""Mock interviews: questions across topics, per-question results, a time budget,
and a scorecard that is stored."""


import pytest

from quizapp.content import load_bank
from quizapp.session import MockInterview, SessionError
from quizapp.store import Store, StoreError
from helpers import DECKS, Clock

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


def finish_card(m, correct=True, rating=3):
    q = m.current
    if q.kind == "concept":
        m.reveal()
        return m.rate(rating)
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


def test_questions_span_topics_and_the_scorecard_is_stored(store, bank):
    clock = Clock()
    m = MockInterview(store, bank, count=4, time_limit_s=600, seed=11, clock=clock)
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
    passed = {t: p for t, (p, n) in card.by_topic().items()}
    assert sum(passed.values()) == 3
    head, rows = stored(store, m.mock_id)
    assert head[:3] == (4, 600, pytest.approx(0.75)) and head[3] is not None
    assert [r[1] for r in rows] == asked
    modes = store.db.conn.execute("SELECT DISTINCT mode FROM review").fetchall()
    assert modes == [("mock",)]
    assert m.finish() is card  # idempotent


def test_time_up_ends_the_interview_and_skips_the_rest(store, bank):
    clock = Clock()
    m = MockInterview(store, bank, count=3, time_limit_s=60, seed=4, clock=clock)
    clock.advance(10)
    finish_card(m)
    m.next()
    clock.advance(45)
    assert m.time_left() == pytest.approx(5)
    clock.advance(10)  # the budget is spent before the second answer
    q = m.current
    o = m.answer("1") if q.kind != "concept" else (m.reveal(), m.rate(4))[1]
    assert o.word == "skipped" and "time" in o.message["en"]
    card = m.scorecard
    assert card.timed_out and [r.verdict for r in card.results][1:] == ["skipped", "skipped"]
    assert card.score == pytest.approx(1 / 3)
    assert m.current is None and m.time_left() == 0
    _, rows = stored(store, m.mock_id)
    assert [r[2] for r in rows][1:] == ["skipped", "skipped"]
    reviews = store.db.conn.execute("SELECT COUNT(*) FROM review").fetchone()[0]
    assert reviews == 1  # the late answer was not graded


def test_skip_and_finish_early(store, bank):
    clock = Clock()
    m = MockInterview(store, bank, count=3, time_limit_s=None, seed=8, clock=clock)
    assert m.time_left() is None
    m.skip()
    finish_card(m, correct=False)
    card = m.finish()
    assert [r.verdict for r in card.results][0] == "skipped"
    assert card.results[1].verdict in ("wrong", "self") and card.results[2].verdict == "skipped"
    assert card.score == pytest.approx(1 / 3 if card.results[1].verdict == "self" else 0.0)  # self-rated Good
    _, rows = stored(store, m.mock_id)
    assert len(rows) == 3


def test_concept_self_rating_counts_as_passed_from_good(store, bank):
    clock = Clock()
    results = []
    for rating in (2, 3):
        m = MockInterview(store, bank, count=len(bank.templates), time_limit_s=None, seed=1, clock=clock)
        while m.current is not None and m.current.kind != "concept":
            m.skip()
        finish_card(m, rating=rating)
        results.append(m.finish().passed)
    assert results == [0, 1]


def test_no_undo_and_bad_limits(store, bank):
    m = MockInterview(store, bank, count=2, clock=Clock())
    with pytest.raises(SessionError, match="cannot be undone"):
        m.undo()
    with pytest.raises(SessionError, match="at least 1 second"):
        MockInterview(store, bank, count=2, time_limit_s=0, clock=Clock())


def test_every_answer_is_a_review_and_a_question_row_or_neither(store, bank):
    clock = Clock()
    m = MockInterview(store, bank, count=3, time_limit_s=None, seed=5, clock=clock)
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
    assert store.db.conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == 1
    assert m.state != "answered"
