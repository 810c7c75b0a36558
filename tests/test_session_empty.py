"""An empty study session says why: the new-card limit, the review limit, nothing
due yet, or no card at all, with today's numbers."""

from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from quizapp.content import load_bank
from quizapp.session import EMPTY_REASONS, CramSession, StudySession
from quizapp.store import Store
from helpers import DECKS, T0, Clock, only, record


@pytest.fixture(scope="module")
def bank():
    return load_bank(DECKS)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "p.sqlite3")
    s.set_setting("fuzz", False)
    yield s
    s.close()


def review(store, bank, template_id, rating, now=T0):
    store.sync_templates((t.id, t.topic) for t in bank.templates.values())
    record(store, template_id, seed=1, answer="x", verdict="correct", rating=rating,
                        duration_ms=1000, now=now)


def session(store, bank, clock=None, **kw):
    return StudySession(store, bank, clock=clock or Clock(), tz=timezone.utc, **kw)


def test_a_session_with_cards_has_no_empty_reason(store, bank):
    s = session(store, bank)
    assert s.current is not None and s.empty is None and s.empty_reason is None


def test_new_limit_used_up_names_the_limit_and_what_was_introduced(store, bank):
    store.set_setting("new_per_day", 2)
    review(store, bank, "metrics.f1-counts", 3)
    review(store, bank, "metrics.r2-range", 3)
    s = session(store, bank, clock=Clock(T0 + timedelta(seconds=5)), topics=["optimizers"])
    assert s.current is None and s.progress.total == 0
    assert s.empty_reason == "new_limit"
    e = s.empty
    assert (e.new_limit, e.new_today, e.new_waiting, e.due_waiting) == (2, 2, 2, 0)


def test_review_limit_used_up_outranks_the_new_limit(store, bank):
    store.set_setting("new_per_day", 0)
    store.set_setting("reviews_per_day", 0)
    review(store, bank, "optimizers.l2-penalty", 4)  # Easy: straight to the review state
    due = store.memory("optimizers.l2-penalty").due
    s = session(store, bank, clock=Clock(due + timedelta(hours=1)), topics=["optimizers"])
    assert s.current is None and s.empty_reason == "review_limit"
    assert (s.empty.review_limit, s.empty.due_waiting, s.empty.new_waiting, s.empty.new_limit) == (0, 1, 1, 0)


def test_everything_studied_and_nothing_due(store, bank):
    small = only(bank, "metrics.f1-counts", "metrics.r2-range")
    for template_id in small.templates:
        review(store, small, template_id, 4)
    s = session(store, small, clock=Clock(T0 + timedelta(minutes=1)))
    assert s.empty_reason == "nothing_due"
    assert (s.empty.new_waiting, s.empty.due_waiting, s.empty.new_today) == (0, 0, 2)


def test_no_card_that_can_be_drawn(store, bank):
    t = bank.templates["metrics.f1-counts"]
    broken = only(bank, "metrics.f1-counts")
    broken.templates[t.id] = replace(t, spec={**t.spec, "constraints": ["tp < 0"]})
    s = session(store, broken)
    assert s.current is None and s.empty_reason == "no_cards" and len(s.problems) == 1
    cram = CramSession(store, broken, clock=Clock(), tz=timezone.utc)
    assert cram.empty_reason == "no_cards"


def test_cram_ignores_the_daily_limits(store, bank):
    store.set_setting("new_per_day", 0)
    assert session(store, bank).empty_reason == "new_limit"
    cram = CramSession(store, bank, clock=Clock(), tz=timezone.utc, topics=["optimizers"])
    assert cram.empty is None and cram.progress.total == 2
    assert set(EMPTY_REASONS) == {"new_limit", "review_limit", "nothing_due", "no_cards"}
