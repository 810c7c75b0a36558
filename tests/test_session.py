"""Study and cram sessions: every card kind answered through the session, reviews
committed before the outcome returns, skip/undo/flag, cram, a clock set backwards."""

import json
import math
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.content import load_bank
from quizapp.session import CramSession, SessionError, StudySession
from quizapp.store import DiskFull, Store, StoreError
from helpers import DECKS, T0, Clock, only, record

@pytest.fixture(scope="module")
def bank():
    loaded = load_bank(DECKS)
    assert not loaded.errors
    return loaded


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "p.sqlite3")
    s.set_setting("fuzz", False)
    yield s
    s.close()


def study(store, bank, *ids, clock=None, **kw):
    kw.setdefault("seed", 11)  # fixed numbers: a test never depends on a lucky draw
    return StudySession(store, only(bank, *ids) if ids else bank, clock=clock or Clock(), tz=timezone.utc, **kw)


def reviews(store):
    rows = store.db.conn.execute("SELECT template_id, seed, answer, verdict, mistake, rating, duration_ms, "
                                 "mode, moved, reviewed_us FROM review ORDER BY id").fetchall()
    keys = ("template_id", "seed", "answer", "verdict", "mistake", "rating", "duration_ms", "mode", "moved", "us")
    return [dict(zip(keys, r)) for r in rows]


def f1_of(params):
    tp, fp, fn = params["tp"], params["fp"], params["fn"]
    return 2 * tp / (2 * tp + fp + fn)


# ---------------------------------------------------------------- numeric


def test_numeric_right_is_committed_before_the_outcome_returns(store, bank, tmp_path):
    clock = Clock()
    s = study(store, bank, "metrics.f1-counts", clock=clock)
    q = s.current
    assert (q.kind, q.position, q.total, q.is_new, s.state) == ("numeric", 1, 1, True, "asking")
    assert str(q.instance.params["tp"]) in q.text("en") and "F1" in q.text("en")
    assert "F1" in q.text("zh") and "分数" in q.text("zh")
    clock.advance(5)
    o = s.answer(f"{f1_of(q.instance.params):.4f}")
    # A second connection sees the review the moment answer() returns: it is committed.
    other = sqlite3.connect(f"file:{tmp_path / 'p.sqlite3'}?mode=ro", uri=True)
    row = other.execute("SELECT template_id, seed, verdict, rating, duration_ms FROM review").fetchall()
    other.close()
    assert row == [("metrics.f1-counts", q.instance.seed, "correct", 4, 5000)]  # 5 s at difficulty 2: Easy
    assert o.word == "correct" and o.correct and o.card_done and o.card_verdict == "correct"
    assert o.rating == 4 and o.review_id is not None and o.due > T0
    assert math.isclose(float(o.expected), f1_of(q.instance.params), abs_tol=5e-4)
    assert o.solution["en"] and o.solution["zh"]
    assert s.state == "answered" and s.progress.correct == 1
    assert store.memory("metrics.f1-counts").state != 0  # the schedule moved
    assert s.next() is None and s.state == "finished"


def test_numeric_rating_follows_time_taken(store, bank):
    clock = Clock()
    s = study(store, bank, "metrics.f1-counts", "optimizers.l2-penalty", clock=clock, seed=1)
    seen = []
    while s.current is not None:
        q = s.current
        clock.advance(40 if not seen else 300)  # difficulty 2: Good within 60 s, Hard after
        p = q.instance.params
        value = f1_of(p) if q.template_id == "metrics.f1-counts" else p["lam"] / 2 * sum(w * w for w in p["w"])
        seen.append(s.answer(repr(value)).rating)
        s.next()
    assert seen == [3, 2]


def test_numeric_wrong_says_how_far_off(store, bank):
    s = study(store, bank, "metrics.f1-counts")
    expected = f1_of(s.current.instance.params)
    o = s.answer(repr(expected * 1.5))
    assert o.word == "wrong" and o.rating == 1 and o.mistake is None
    assert o.off == pytest.approx(0.5, rel=1e-6)
    assert math.isclose(float(o.expected), expected, abs_tol=5e-4)
    assert reviews(store)[0]["verdict"] == "wrong" and reviews(store)[0]["rating"] == 1


def test_numeric_common_mistake_is_named_and_stored(store, bank):
    s = study(store, bank, "metrics.f1-counts")
    p = s.current.instance.params
    accuracy = (p["tp"] + p["tn"]) / (p["tp"] + p["fp"] + p["fn"] + p["tn"])
    o = s.answer(repr(accuracy))
    assert o.word == "wrong" and o.mistake is not None and o.mistake.id == "accuracy"
    assert "accuracy" in o.message["en"]
    assert reviews(store)[0]["mistake"] == "accuracy"


def test_unreadable_is_not_a_review_and_can_be_retyped(store, bank):
    clock = Clock()
    s = study(store, bank, "metrics.f1-counts", clock=clock)
    clock.advance(3)
    o = s.answer("about a half")
    assert o.word == "again" and not o.card_done and o.review_id is None
    assert reviews(store) == [] and s.state == "asking" and s.progress.answered == 0
    clock.advance(4)
    o = s.answer(f"{f1_of(s.current.instance.params):.5f}")
    assert o.word == "correct"
    [row] = reviews(store)
    assert row["duration_ms"] == 7000  # timed from when the card was shown, not the retype


# ---------------------------------------------------------------- concept, choice, steps


def test_concept_reveal_then_self_rating(store, bank):
    s = study(store, bank, "metrics.precision-meaning")
    with pytest.raises(SessionError, match="reveal"):
        s.answer("TP / (TP + FP)")
    with pytest.raises(SessionError, match="reveal the answer before rating"):
        s.rate(3)
    r = s.reveal("true positives over predicted positives")
    assert "TP / (TP + FP)" in r.answer["en"] and len(r.key_points) == 2
    assert s.state == "revealed"
    with pytest.raises(SessionError, match="is not a rating"):
        s.rate("5")
    assert s.state == "revealed" and reviews(store) == []
    o = s.rate("2")
    assert (o.word, o.rating, o.card_done) == ("self", 2, True)
    assert o.solution["en"][0] == r.answer["en"]
    [row] = reviews(store)
    assert (row["verdict"], row["rating"], row["answer"]) == ("self", 2, "true positives over predicted positives")
    p = s.progress  # self-rated Hard: recalled, neither right nor wrong
    assert (p.answered, p.correct, p.wrong, p.recalled, p.forgotten, p.rated) == (1, 0, 0, 1, 0, 1)


def test_choice_single_and_multiple(store, bank):
    s = study(store, bank, "metrics.r2-range", "metrics.ratios-from-counts", seed=5)
    answered = {}
    while s.current is not None:
        q = s.current
        opts = q.options("en")
        if q.template_id == "metrics.r2-range":
            right = [opts.index("Any value ≤ 1, including negative ones") + 1]
            # another option (wrong) the first time; it comes back until it is answered right
            wrong = next(n for n in range(1, len(opts) + 1) if n not in right)
            o = s.answer(str(wrong) if q.template_id not in answered else str(right[0]))
        else:
            right = sorted(opts.index(x) + 1 for x in ("Precision", "False positive rate"))
            o = s.answer(f"{right[0]}, {right[1]}")
        answered.setdefault(q.template_id, []).append(o.word)
        assert o.expected == ", ".join("ABCD"[i - 1] for i in right)
        s.next()
    assert answered["metrics.r2-range"] == ["wrong", "correct"]  # it came back after Again
    assert answered["metrics.ratios-from-counts"] == ["correct"]
    assert sorted(r["verdict"] for r in reviews(store)) == ["correct", "correct", "wrong"]


def test_choice_unreadable_option(store, bank):
    s = study(store, bank, "metrics.r2-range")
    o = s.answer("7")
    assert o.word == "again" and not o.card_done and reviews(store) == []


def adam_answers(p):
    g, theta, lr = p["g"], p["theta"], p["lr"]
    m1, v1 = 0.1 * g, 0.001 * g * g
    theta1 = theta - lr * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)
    return m1, v1, theta1


def test_steps_card_stage_by_stage_one_review_any_wrong_is_again(store, bank):
    clock = Clock()
    s = study(store, bank, "optimizers.adam-first-step", clock=clock)
    q = s.current
    m1, v1, theta1 = adam_answers(q.instance.params)
    assert (q.kind, q.stage, q.stages) == ("steps", 0, 3)
    assert "m₁" in q.text("en") and q.instance.prompt["en"] in q.text("en")
    o = s.answer(repr(m1))
    assert (o.word, o.stage, o.card_done, o.review_id) == ("correct", 0, False, None)
    assert s.current.stage == 1 and reviews(store) == []
    o = s.answer("garbage!")
    assert o.word == "again" and s.current.stage == 1
    o = s.answer(repr(v1 * 3))
    assert (o.word, o.stage, o.card_done) == ("wrong", 1, False) and reviews(store) == []
    clock.advance(5)
    o = s.answer(repr(theta1))
    assert (o.word, o.stage, o.card_done, o.card_verdict, o.rating) == ("correct", 2, True, "wrong", 1)
    [row] = reviews(store)
    assert row["verdict"] == "wrong" and row["rating"] == 1
    assert json.loads(row["answer"]) == [repr(m1), repr(v1 * 3), repr(theta1)]


def test_steps_card_all_right_and_a_stage_mistake_named(store, bank):
    clock = Clock()
    s = study(store, bank, "optimizers.adam-first-step", clock=clock)
    m1, v1, theta1 = adam_answers(s.current.instance.params)
    for value in (m1, v1):
        assert s.answer(repr(value)).word == "correct"
    clock.advance(20)  # difficulty 3: Easy within 25 s
    o = s.answer(repr(theta1))
    assert (o.card_verdict, o.rating) == ("correct", 4)
    s.undo()
    p = s.current.instance.params
    for value in (m1, v1):
        s.answer(repr(value))
    no_correction = p["theta"] - p["lr"] * m1 / (math.sqrt(v1) + 1e-8)
    o = s.answer(repr(no_correction))
    assert o.mistake.id == "no-bias-correction" and o.card_verdict == "wrong"
    assert [r["mistake"] for r in reviews(store)] == ["theta1:no-bias-correction"]


def test_steps_stage_outcomes_hold_no_worked_solution_the_last_holds_the_whole_card(store, bank):
    s = study(store, bank, "optimizers.adam-first-step")
    inst = s.current.instance
    m1, v1, theta1 = adam_answers(inst.params)
    o = s.answer(repr(m1 * 2))
    assert o.solution == {} and o.off == pytest.approx(1.0) and float(o.expected) == pytest.approx(m1, rel=1e-2)
    o = s.answer(repr(v1))
    assert o.solution == {} and not o.card_done
    o = s.answer(repr(theta1))
    assert o.card_done
    for lang in ("en", "zh"):
        every = [line for st in inst.stages for line in st.worked(lang)]
        assert list(o.solution[lang]) == list(dict.fromkeys(every))
        assert len(o.solution[lang]) == len(set(o.solution[lang]))


# ---------------------------------------------------------------- skip, undo, flag


def test_skip_moves_the_card_to_the_end_and_records_nothing(store, bank):
    s = study(store, bank, "metrics.f1-counts", "metrics.r2-range")
    first = s.current.template_id
    q = s.skip()
    assert q.template_id != first and q.position == 1 and s.progress.total == 2
    assert reviews(store) == [] and s.progress.skipped == 1 and s.progress.remaining == 2
    q = s.skip()  # the first card comes round again, with fresh numbers
    assert q.template_id == first and s.progress.skipped == 2
    if q.kind == "numeric":
        s.answer(repr(f1_of(q.instance.params)))
    else:
        s.answer("1")
    assert s.progress.skipped == 1  # answered at last: no longer counted skipped
    s.next()
    last = s.current
    assert s.skip() is None and s.state == "finished"  # nothing else is left: it stays due
    assert s.progress.skipped == 1 and last is not None


def test_undo_restores_the_memory_state_and_asks_the_same_instance_again(store, bank):
    s = study(store, bank, "metrics.f1-counts", "optimizers.l2-penalty", seed=9)
    assert s.undo() is None  # nothing yet
    q = s.current
    before = store.memory(q.template_id)
    s.answer(repr(f1_of(q.instance.params)) if q.template_id == "metrics.f1-counts" else "0")
    assert store.memory(q.template_id) != before
    s.next()
    again = s.undo()
    assert again.template_id == q.template_id and again.instance.seed == q.instance.seed
    assert again.text("en") == q.text("en") and s.state == "asking"
    assert reviews(store) == [] and store.memory(q.template_id) == before
    assert s.progress.answered == 0


def test_undo_mid_steps_card_takes_back_the_last_stage_not_the_previous_card(store, bank):
    s = study(store, bank, "metrics.f1-counts", "optimizers.adam-first-step", seed=4)
    s.answer(repr(f1_of(s.current.instance.params)))
    s.next()
    first_review = reviews(store)
    assert len(first_review) == 1
    q = s.current
    m1, v1, theta1 = adam_answers(q.instance.params)
    s.answer(repr(m1 * 3))  # stage 1 wrong
    s.answer(repr(v1))
    back = s.undo()
    assert (back.template_id, back.stage, back.position) == (q.template_id, 1, q.position)
    assert s.state == "asking" and reviews(store) == first_review
    back = s.undo()
    assert back.stage == 0 and back.instance.seed == q.instance.seed
    s.answer(repr(m1))  # the retyped stage replaces the wrong one
    s.answer(repr(v1))
    o = s.answer(repr(theta1))
    assert o.card_verdict == "correct"
    assert json.loads(reviews(store)[-1]["answer"]) == [repr(m1), repr(v1), repr(theta1)]
    assert s.undo().template_id == q.template_id and len(reviews(store)) == len(first_review)


def test_undo_at_stage_one_undoes_the_last_review(store, bank):
    s = study(store, bank, "metrics.f1-counts", "optimizers.adam-first-step", seed=4)
    assert s.current.kind == "numeric"  # new cards come in deck order, metrics first
    s.answer(repr(f1_of(s.current.instance.params)))
    s.next()
    assert s.current.stage == 0
    back = s.undo()
    assert back.template_id == "metrics.f1-counts" and reviews(store) == []


def test_undo_refuses_when_another_review_came_after(store, bank):
    s = study(store, bank, "metrics.f1-counts")
    q = s.current
    s.answer("0.5")
    store.sync_templates([("metrics.f1-counts", "metrics"), ("metrics.r2-range", "metrics")])
    record(store, "metrics.r2-range", seed=1, answer="1", verdict="correct", rating=3,
                        duration_ms=1, now=T0)
    with pytest.raises(StoreError, match="came after it"):
        s.undo()
    assert [r["template_id"] for r in reviews(store)] == [q.template_id, "metrics.r2-range"]


def test_flag_is_stored_with_the_instance_seed(store, bank):
    s = study(store, bank, "metrics.f1-counts")
    q = s.current
    s.flag("  the answer key rounds wrongly  ")
    s.answer(repr(f1_of(q.instance.params)))
    assert s.next() is None
    s.flag("after the end: the last card")
    rows = store.db.conn.execute("SELECT template_id, seed, note FROM flag ORDER BY id").fetchall()
    assert rows == [("metrics.f1-counts", q.instance.seed, "the answer key rounds wrongly"),
                    ("metrics.f1-counts", q.instance.seed, "after the end: the last card")]


# ---------------------------------------------------------------- queues, cram, seeds


def test_queue_topic_filter_count_and_unknown_topic(store, bank):
    s = study(store, bank, topics=["optimizers"])
    assert s.current.topic == "optimizers" and s.progress.total == 2
    s.close()
    assert study(store, bank, count=3).progress.total == 3
    with pytest.raises(SessionError, match="no topic 'optimisers'; the topics are metrics, optimizers"):
        study(store, bank, topics=["optimisers"])
    with pytest.raises(SessionError, match="at least 1"):
        study(store, bank, count=0)


def test_new_cards_are_interleaved_across_topics(store, bank):
    s = study(store, bank)
    topics = []
    for _ in range(4):
        topics.append(s.current.topic)
        s.skip()
    assert topics == ["metrics", "optimizers", "metrics", "optimizers"]


def test_same_seed_same_cards_and_numbers(tmp_path, bank):
    runs = []
    for name in ("a", "b"):
        with Store.open(tmp_path / f"{name}.sqlite3") as st:
            s = StudySession(st, bank, seed=42, clock=Clock(), tz=timezone.utc)
            seen = []
            for _ in range(len(bank.templates)):  # skipping moves each card to the end: once round
                seen.append((s.current.template_id, s.current.instance.seed, s.current.text("en")))
                s.skip()
            runs.append(seen)
    assert runs[0] == runs[1] and len({tid for tid, _, _ in runs[0]}) == len(bank.templates)
    assert len({seed for _, seed, _ in runs[0]}) > 1


def test_due_reviews_come_before_new_cards(store, bank):
    clock = Clock()
    s = study(store, bank, "metrics.f1-counts", "metrics.r2-range", "optimizers.l2-penalty", clock=clock)
    first = s.current
    s.answer(repr(f1_of(first.instance.params)) if first.kind == "numeric" else "1")
    s.close()
    clock.now = store.memory(first.template_id).due + timedelta(minutes=1)
    s2 = study(store, bank, "metrics.f1-counts", "metrics.r2-range", "optimizers.l2-penalty", clock=clock)
    assert s2.current.template_id == first.template_id and not s2.current.is_new


def test_cram_logs_without_moving_the_schedule_unless_asked(store, bank):
    s = CramSession(store, only(bank, "metrics.f1-counts"), clock=Clock(), tz=timezone.utc)
    before = store.memory("metrics.f1-counts")
    o = s.answer(repr(f1_of(s.current.instance.params)))
    assert o.word == "correct" and o.due == before.due
    assert store.memory("metrics.f1-counts") == before
    assert s.intervals() == {} and s.next() is None  # practice shows no schedule, and a right answer is done
    s2 = CramSession(store, only(bank, "metrics.f1-counts"), clock=Clock(), tz=timezone.utc)
    first = s2.current.instance.seed
    assert s2.answer("2").again_later  # wrong in practice (F1 is at most 1): it comes back, with fresh numbers
    q = s2.next()
    assert q.template_id == "metrics.f1-counts" and q.again and q.instance.seed != first
    assert store.memory("metrics.f1-counts") == before
    assert [(r["mode"], r["moved"]) for r in reviews(store)] == [("cram", 0), ("cram", 0)]


def test_cram_serves_cards_that_are_not_due(store, bank):
    ids = ("metrics.r2-range", "metrics.ratios-from-counts")
    clock = Clock()
    s = study(store, bank, *ids, clock=clock)
    for _ in range(8):  # a card answered wrong comes back until it is right
        if s.current is None:
            break
        q = s.current
        right = sorted(q.instance.correct)
        s.answer(",".join(str(i + 1) for i in right))
        s.next()
    assert s.current is None
    assert study(store, bank, *ids, clock=clock).current is None  # nothing due now
    cram = CramSession(store, only(bank, *ids), clock=clock, tz=timezone.utc, seed=3)
    assert cram.progress.total == 2 and not cram.current.is_new


# ---------------------------------------------------------------- clock and failures


def test_clock_set_backwards_is_clamped_and_never_corrupts(store, bank, tmp_path):
    clock = Clock()
    s = study(store, bank, "metrics.f1-counts", "optimizers.l2-penalty", "metrics.r2-range", clock=clock, seed=2)
    clock.advance(10)
    s.answer("0.5")
    s.next()
    clock.advance(-3600)  # the system clock is set back an hour
    o = s.answer("0.5")
    assert o.clamped and o.seconds == 0.0 and o.card_done
    s.next()
    clock.advance(30)  # still before the first answer
    o = s.answer("1")
    assert o.seconds >= 0
    rows = reviews(store)
    assert len(rows) == 3 and [r["us"] for r in rows] == sorted(r["us"] for r in rows)
    assert all(r["duration_ms"] >= 0 for r in rows)
    for tid in {r["template_id"] for r in rows}:
        m = store.memory(tid)
        assert m.last_review <= m.due
    assert store.db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_naive_clock_is_refused_in_a_sentence(store, bank):
    with pytest.raises(SessionError, match="no time zone"):
        StudySession(store, bank, clock=lambda: datetime(2025, 3, 3, 9, 0))


def test_a_failed_write_leaves_the_card_as_it_was(store, bank, monkeypatch):
    s = study(store, bank, "metrics.f1-counts")

    def full(*a, **k):
        raise DiskFull("could not write: the disk is full")

    monkeypatch.setattr(store, "record_review", full)
    with pytest.raises(DiskFull):
        s.answer("0.5")
    assert s.state == "asking" and s.progress.answered == 0
    monkeypatch.undo()
    assert s.answer("0.5").card_done and len(reviews(store)) == 1


def test_a_template_that_cannot_be_drawn_is_left_out_with_its_problem(store, bank):
    t = bank.templates["metrics.f1-counts"]
    spec = {**t.spec, "constraints": ["tp < 0"]}
    broken = replace(t, spec=spec)
    b = only(bank, "metrics.f1-counts", "metrics.r2-range")
    b.templates["metrics.f1-counts"] = broken
    s = StudySession(store, b, clock=Clock(), tz=timezone.utc)
    assert s.progress.total == 1 and s.current.template_id == "metrics.r2-range"
    assert len(s.problems) == 1 and "constraints" in s.problems[0]


def test_close_ends_the_session_once(store, bank):
    clock = Clock()
    s = study(store, bank, "metrics.r2-range", clock=clock)
    assert s.session_id is None  # a session leaves a row only once something is answered
    right = sorted(s.current.instance.correct)
    s.answer(str(right[0] + 1))
    clock.advance(60)
    p = s.close()
    s.close()
    assert p.total == 1 and p.answered == 1
    (started, ended) = store.db.conn.execute("SELECT started_us, ended_us FROM study_session WHERE id = ?",
                                             (s.session_id,)).fetchone()
    assert ended - started == 60_000_000
    quiet = study(store, bank, "metrics.f1-counts")
    quiet.close()
    assert quiet.session_id is None and store.db["study_session"].count == 1
