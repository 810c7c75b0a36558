"""The FSRS adapter: ratings from verdict and time, state updates, clamping, days."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from quizapp.srs import (
    NEW, MemoryState, Rating, SrsSettings, day_start, interleave, next_state, rating_for, self_rating,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
NO_FUZZ = SrsSettings(fuzz=False)


# The thresholds as documented in rating_for's docstring, written out again here.
@pytest.mark.parametrize("difficulty, easy, good", [(1, 8, 30), (2, 15, 60), (3, 25, 90), (4, 40, 150), (5, 60, 240)])
def test_rating_by_time_against_the_documented_thresholds(difficulty, easy, good):
    assert rating_for(True, 0, difficulty) == Rating.Easy
    assert rating_for(True, easy, difficulty) == Rating.Easy
    assert rating_for(True, easy + 0.1, difficulty) == Rating.Good
    assert rating_for(True, good, difficulty) == Rating.Good
    assert rating_for(True, good + 0.1, difficulty) == Rating.Hard
    assert rating_for(False, 1, difficulty) == Rating.Again
    assert rating_for(False, 10_000, difficulty) == Rating.Again


@pytest.mark.parametrize("bad", [0, 6, None])
def test_rating_refuses_unknown_difficulty(bad):
    with pytest.raises(ValueError, match="difficulty"):
        rating_for(True, 3, bad)


def test_rating_refuses_negative_time():
    with pytest.raises(ValueError, match="negative"):
        rating_for(True, -1, 3)


def test_self_rating():
    assert [self_rating(n) for n in (1, 2, 3, " 4 ")] == [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    for bad in (0, 5, "good", ""):
        with pytest.raises(ValueError, match="1, 2, 3 or 4"):
            self_rating(bad)


def test_new_template_follows_the_learning_steps():
    new = MemoryState("m.f1", "metrics")
    assert new.is_new and new.state == NEW
    # fsrs's default learning steps are 1 min and 10 min.
    again, at = next_state(new, Rating.Again, T0, NO_FUZZ)
    assert at == T0 and again.due == T0 + timedelta(minutes=1) and again.state == 1 and again.step == 0
    good, _ = next_state(new, Rating.Good, T0, NO_FUZZ)
    assert good.due == T0 + timedelta(minutes=10) and good.step == 1
    easy, _ = next_state(new, Rating.Easy, T0, NO_FUZZ)
    assert easy.state == 2 and easy.step is None and easy.due >= T0 + timedelta(days=1)
    assert easy.stability > good.stability > again.stability
    assert easy.last_review == T0 and easy.template_id == "m.f1" and easy.topic == "metrics"


def test_maximum_interval_caps_the_next_due_date():
    state = MemoryState("t", "x")
    capped = SrsSettings(maximum_interval=3, fuzz=False)
    now = T0
    for _ in range(6):
        state, now = next_state(state, Rating.Easy, now, capped)
        assert state.due - now <= timedelta(days=3)
        now = state.due


def test_review_dated_before_the_last_review_is_clamped():
    state, _ = next_state(MemoryState("t", "x"), Rating.Easy, T0, NO_FUZZ)
    earlier = T0 - timedelta(hours=5)  # the clock was set back
    after, at = next_state(state, Rating.Good, earlier, NO_FUZZ)
    assert at == T0
    assert after.last_review == T0 and after.due >= T0


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        next_state(MemoryState("t", "x"), Rating.Good, datetime(2024, 1, 1), NO_FUZZ)


def test_local_time_is_converted_to_utc():
    local = datetime(2024, 3, 1, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # 12:00 UTC
    state, at = next_state(MemoryState("t", "x"), Rating.Good, local, NO_FUZZ)
    assert at == T0 and at.tzinfo == timezone.utc and state.due == T0 + timedelta(minutes=10)


NY = ZoneInfo("America/New_York")  # DST starts 2024-03-10 02:00, ends 2024-11-03 02:00


@pytest.mark.parametrize("local, start_utc", [
    # the day before spring-forward: EST, UTC-5
    (datetime(2024, 3, 9, 10, 0, tzinfo=NY), datetime(2024, 3, 9, 9, 0, tzinfo=timezone.utc)),
    # after the skipped hour but before 04:00 local: still the previous day
    (datetime(2024, 3, 10, 3, 30, tzinfo=NY), datetime(2024, 3, 9, 9, 0, tzinfo=timezone.utc)),
    # the spring-forward day itself: 04:00 EDT is 08:00 UTC
    (datetime(2024, 3, 10, 10, 0, tzinfo=NY), datetime(2024, 3, 10, 8, 0, tzinfo=timezone.utc)),
    # the fall-back day: 01:30 happens twice; both belong to the previous day (04:00 EDT = 08:00 UTC)
    (datetime(2024, 11, 3, 1, 30, fold=0, tzinfo=NY), datetime(2024, 11, 2, 8, 0, tzinfo=timezone.utc)),
    (datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NY), datetime(2024, 11, 2, 8, 0, tzinfo=timezone.utc)),
    # later that day, 04:00 EST is 09:00 UTC
    (datetime(2024, 11, 3, 12, 0, tzinfo=NY), datetime(2024, 11, 3, 9, 0, tzinfo=timezone.utc)),
])
def test_day_start_across_daylight_saving_changes(local, start_utc):
    assert day_start(local.astimezone(timezone.utc), NY, 4) == start_utc


def test_interleave_round_robins_topics_in_order_of_first_appearance():
    items = [("a", 1), ("a", 2), ("a", 3), ("b", 1), ("c", 1), ("c", 2)]
    assert interleave(items, key=lambda x: x[0]) == [("a", 1), ("b", 1), ("c", 1), ("a", 2), ("c", 2), ("a", 3)]
    assert interleave([], key=lambda x: x) == []


@pytest.mark.parametrize("field, value, said", [
    ("desired_retention", 1.5, "Desired retention: 1.5 is outside 0.7–0.99"),
    ("desired_retention", "high", "Desired retention: “high” is not a number"),
    ("maximum_interval", 0, "Longest interval in days: 0 is outside 1–36500"),
    ("new_per_day", -1, "New cards per day: -1 is outside"), ("new_per_day", 2.5, "“2.5” is not a whole number"),
    ("day_rollover_hour", 24, "24 is outside 0–23"), ("fuzz", "yes", "fuzz: “yes” is not true or false"),
])
def test_settings_out_of_range_are_refused(field, value, said):
    with pytest.raises(ValueError, match=said):
        SrsSettings.from_mapping({field: value})


def test_fuzz_is_the_same_for_the_same_answer_and_spreads_different_cards():
    """The interval a rating key shows before the answer is the one the answer gets."""
    fuzzy = SrsSettings()
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    intervals = set()
    for i in range(40):
        state = MemoryState(f"t.card-{i}", "t")
        first, at = next_state(state, Rating.Easy, start, fuzzy)
        again = next_state(state, Rating.Easy, start + timedelta(seconds=30), fuzzy)[0]
        assert first.due - at == again.due - (start + timedelta(seconds=30))
        plain = next_state(state, Rating.Easy, start, NO_FUZZ)[0]
        days = (plain.due - at).days
        assert abs((first.due - at).days - days) <= max(1, round(0.15 * days + 1))
        intervals.add((first.due - at).days)
    assert len(intervals) > 1  # spread, not one interval for every card


def test_settings_ignore_unrelated_keys():
    s = SrsSettings.from_mapping({"desired_retention": 0.85, "backups_kept": 3})
    assert s.desired_retention == 0.85 and s.scheduler().desired_retention == 0.85
