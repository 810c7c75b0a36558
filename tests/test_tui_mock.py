"""Pilot flows through a mock interview in the app: setting it up from home (m) or
the palette, answering with no verdict shown, the countdowns driven by the injected
clock, passing and ending early, ticking a concept answer's key points, the
scorecard and the history — in English and Chinese, with the footers at 80 columns."""

from __future__ import annotations

import json
import re

import pytest
from textual.notifications import Notify
from textual.widgets import Input, RadioButton, Select, SelectionList
from textual.widgets import Footer
from tui_fixtures import _no_cursor_blink, bank, clock, make, reviews, store, sync, text_of, until  # noqa: F401

from quizapp.tui.screens.mock import EndInterviewScreen, MockScreen
from quizapp.tui.screens.mock_results import KeyPointsScreen, MockHistoryScreen, ScorecardScreen
from quizapp.tui.screens.mock_setup import MockSetupScreen
from test_tui_polish import footer_fits


def notes_hook(notes: list):
    return lambda m: isinstance(m, Notify) and notes.append(m.notification)


async def setup(pilot, *, topics: list[str] | None = None, count: int | None = None, minutes: str | None = None,
                per_question: int | None = None) -> MockSetupScreen:
    """From home, open the setup with m and choose (as a learner would, field by field)."""
    app = pilot.app
    await pilot.press("m")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MockSetupScreen)
    if count is not None:
        next(b for b in screen.query("#mock-count RadioButton") if str(b.label) == str(count)).value = True
    if topics is not None:
        screen.query_one("#mock-chosen", RadioButton).value = True  # any question, at random
        await pilot.pause()
        chosen = screen.query_one("#mock-topics", SelectionList)
        for topic in app.topics():
            (chosen.select if topic in topics else chosen.deselect)(topic)
    if minutes is not None:
        screen.query_one("#mock-minutes", Input).value = minutes
    if per_question is not None:
        screen.query_one("#mock-per-question", Select).value = per_question
    await pilot.pause()
    return screen


async def start(pilot, **choices) -> MockScreen:
    screen = await setup(pilot, **choices)
    screen.query_one("#mock-start-button").focus()
    await pilot.press("enter")
    await pilot.pause()
    interview = pilot.app.screen
    assert isinstance(interview, MockScreen), interview
    return interview


def shown(screen) -> str:
    """Every Static's text on ``screen``, in one string."""
    from textual.widgets import Static

    return "\n".join(text_of(w) for w in screen.query(Static) if w.display)


def palette_titles(app) -> list[str]:
    """The palette's entries as listed (first lines), [] while it is still searching."""
    found = app.screen.query("CommandList")
    if not found:
        return []
    options = found.first()
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def palette(pilot, title: str) -> None:
    """Open the command palette, type ``title`` and run the entry once it is the best match
    (the palette searches in a worker: wait for it, with a ceiling)."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: bool(palette_titles(pilot.app)), what="the palette's list")
    await pilot.press(*title)
    await until(pilot, lambda: palette_titles(pilot.app)[:1] == [title], what="the palette's search")
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot, screen: MockScreen, text: str) -> None:
    box = screen.query_one("#answer")
    if isinstance(box, Input):
        box.value = text
    else:  # a concept question's box, which wraps
        box.text = text
    box.focus()
    await pilot.press("enter")
    await pilot.pause()


async def answer_any(pilot, screen: MockScreen) -> None:
    """Answer the question in front (a wrong number, option 1, or a few words)."""
    q = screen.session.current
    if q.kind == "choice":
        await pilot.press("1")
        if q.instance.multiple:
            await pilot.press("enter")
        await pilot.pause()
    elif q.kind == "concept":
        await answer(pilot, screen, "precision is TP over everything predicted positive")
    else:
        await answer(pilot, screen, "12345")


@sync
async def test_m_opens_the_setup_with_defaults_and_enter_starts(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await setup(pilot)
        assert (screen.count, screen.weakest, screen.topics, screen.per_question_s) == (5, True, None, None)
        assert screen.query_one("#mock-minutes", Input).value == "15"
        next(b for b in screen.query("#mock-count RadioButton") if str(b.label) == "10").value = True
        await pilot.pause()
        assert screen.query_one("#mock-minutes", Input).value == "30"  # three minutes a question
        footer_fits(screen)
        assert app.focused is screen.query_one("#mock-start-button")
        await pilot.press("enter")
        await pilot.pause()
        interview = app.screen
        assert isinstance(interview, MockScreen)
        assert interview.session.question_count == 7  # the fixture bank has 7 cards, fewer than 10
        assert text_of(interview.query_one("#mock-progress")) == "Mock interview · question 1 of 7 · 0 answered"
        assert text_of(interview.query_one("#mock-clock")) == "Time left 30:00"
        assert "No verdict until the end" in text_of(interview.query_one("#mock-hint"))
        footer_fits(interview)
    head = store.db.conn.execute("SELECT question_count, time_limit_s, weakest FROM mock_interview").fetchone()
    assert head == (7, 1800, 1)


@sync
async def test_answers_show_no_verdict_and_are_stored_as_reviews(make, store, clock):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["optimizers"])
        session = screen.session
        for _ in range(4):  # the steps card's three stages and the numeric card
            q = session.current
            clock.advance(10)
            await answer(pilot, screen, "12345")
            if app.screen is not screen:
                break
            said = shown(screen)
            assert "✗" not in said and "Not right" not in said and "Expected" not in said, said
            if q.kind == "steps" and session.current is not None and session.current.stage:
                stages = text_of(screen.query_one("#card-stages"))
                assert "You answered 12345" in stages and "✓" not in stages
        assert isinstance(app.screen, ScorecardScreen)
    rows = reviews(store)
    assert [(r["verdict"], r["mode"], r["rating"]) for r in rows] == [("wrong", "mock", 1)] * 2


@sync
async def test_an_unreadable_answer_is_said_and_asked_again(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["optimizers"])
        await answer(pilot, screen, "abc")
        assert "Could not read" in text_of(screen.query_one("#card-verdict"))
        assert screen.session.state == "asking" and screen.session.answered == 0
    assert reviews(store) == []


@sync
async def test_the_countdown_moves_with_the_clock_and_a_question_times_out(make, store, clock):
    notes = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        screen = await start(pilot, topics=["metrics"], minutes="10", per_question=1)
        first = screen.session.current.template_id
        assert text_of(screen.query_one("#mock-clock")) == "Time left 10:00 · this question 1:00"
        clock.advance(45)
        await screen.tick()
        await pilot.pause()
        assert text_of(screen.query_one("#mock-clock")) == "Time left 9:15 · this question 0:15"
        clock.advance(15)
        await screen.tick()
        await pilot.pause()
        assert screen.session.current.template_id != first and screen.session.current.position == 2
        assert text_of(screen.query_one("#mock-clock")) == "Time left 9:00 · this question 1:00"
        assert any("Time is up for that question" in n.message for n in notes)
    row = store.db.conn.execute("SELECT verdict, timed_out FROM mock_question WHERE position = 1").fetchone()
    assert row == ("skipped", 1)


@sync
async def test_when_the_time_is_up_the_interview_ends_with_what_was_answered(make, store, clock):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["metrics"], minutes="2")
        await pilot.press("ctrl+n")  # pass on the first
        await pilot.pause()
        while screen.session.current.kind != "numeric":
            await answer_any(pilot, screen)
        clock.advance(30)
        await answer(pilot, screen, "12345")
        answered = screen.session.answered
        clock.advance(90)
        await screen.tick()
        await pilot.pause()
        if isinstance(app.screen, KeyPointsScreen):
            await pilot.press("escape")
            await pilot.pause()
        card = app.screen
        assert isinstance(card, ScorecardScreen)
        title = text_of(card.query_one("#score-title"))
        assert title.startswith("Scorecard · ") and title.endswith(" · 2:00 of 2:00")
        body = text_of(card.query_one("#score-body"))
        assert f"{answered} of 5 answered · the time ran out" in body and "Passed on" in body
        assert "Out of time" in body  # the questions never reached
    assert "wrong" in [r["verdict"] for r in reviews(store)]


@sync
async def test_escape_asks_first_then_ends_early_keeping_the_answers(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["optimizers"])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndInterviewScreen)
        assert "What you answered is kept" in text_of(app.screen.query_one("#mock-end-text"))
        footer_fits(app.screen)
        await pilot.press("n")  # go on
        await pilot.pause()
        assert app.screen is screen and screen.session.scorecard is None
        await answer(pilot, screen, "0.5")  # one stage of the steps card, or the numeric card
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert screen.session.scorecard.answered <= 1
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    rows = store.db.conn.execute("SELECT answer, verdict FROM mock_question ORDER BY position").fetchall()
    assert len(rows) == 2 and rows[0][0] == "0.5"  # kept, whether graded or left mid-card


@sync
async def test_leaving_early_says_not_answered_apart_from_the_questions_passed_on(make, store):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await start(pilot, topics=["metrics"])
        await pilot.press("ctrl+n")  # pass on the first
        await pilot.pause()
        await pilot.press("escape", "y")  # then leave: the second and the three after it were not answered
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        body = " ".join(text_of(app.screen.query_one("#score-body"), width=200).split())
        assert body.count("Passed on") == 1 and body.count("Not answered") == 4
        app.lang = "zh"
        await pilot.pause()
        body = " ".join(text_of(app.screen.query_one("#score-body"), width=200).split())
        assert body.count("跳过") == 1 and body.count("未作答") == 4
    assert screen.session.scorecard.answered == 0


@sync
async def test_a_choice_answer_on_the_scorecard_reads_like_the_expected_one(make, store):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await start(pilot, topics=["metrics"])
        while screen.session.current.template_id != "metrics.ratios-from-counts":
            await pilot.press("ctrl+n")
            await pilot.pause()
        await pilot.press("1", "3", "enter")  # precision and recall: recall is wrong
        await pilot.pause()
        while isinstance(app.screen, MockScreen):
            await pilot.press("ctrl+n")
            await pilot.pause()
        if isinstance(app.screen, KeyPointsScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        body = " ".join(text_of(app.screen.query_one("#score-body"), width=200).split())
        assert re.search(r"You answered A, C Expected [ABC], [ABC] ", body)  # options are shuffled per draw
        assert "A,C" not in body


@sync
async def test_an_unscored_concept_answer_is_said_to_make_no_review(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["metrics"])
        while isinstance(app.screen, MockScreen):
            if screen.session.current.kind == "concept":
                await answer_any(pilot, screen)
            else:
                await pilot.press("ctrl+n")
                await pilot.pause()
        assert isinstance(app.screen, KeyPointsScreen)
        await pilot.press("escape")  # leave it unscored
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        body = " ".join(text_of(app.screen.query_one("#score-body"), width=200).split())
        assert "1 of 5 answered" in body and "your schedule has moved" not in body
        assert "The concept answer whose key points were not ticked makes no review and counts as not passed." in body
    assert reviews(store) == []


@sync
async def test_a_concept_answer_is_typed_then_its_key_points_ticked(make, store, clock):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["metrics"])
        while screen.session.current.kind != "concept":
            await pilot.press("ctrl+n")
            await pilot.pause()
        box = screen.query_one("#answer")
        assert "own words" in str(box.placeholder) and app.focused is box
        await pilot.press("enter")  # nothing typed: said, nothing stored
        await pilot.pause()
        assert screen.session.state == "asking"
        clock.advance(30)
        await answer(pilot, screen, "TP over all predicted positive; false negatives do not count")
        while isinstance(app.screen, MockScreen):
            await pilot.press("ctrl+n")
            await pilot.pause()
        kp = app.screen
        assert isinstance(kp, KeyPointsScreen)
        body = text_of(kp.query_one("#kp-body"))
        assert "TP over all predicted positive" in body and "It ignores false negatives" in body
        footer_fits(kp)
        await pilot.press("1", "2", "2", "2")  # tick, tick, untick, tick
        await pilot.pause()
        assert kp.ticked == {0, 1}
        await pilot.press("enter")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, ScorecardScreen)
        body = text_of(card.query_one("#score-body"))
        assert "2 of 2 key points (Good)" in body and "✓ It ignores false negatives" in body
        assert text_of(card.query_one("#score-title")).startswith("Scorecard · 1 of 5 passed (20%)")
    [r] = reviews(store)
    assert (r["verdict"], r["rating"], r["mode"]) == ("self", 3, "mock")
    ticked = store.db.conn.execute("SELECT key_points FROM mock_question WHERE key_points IS NOT NULL").fetchone()
    assert json.loads(ticked[0]) == [0, 1]


@sync
async def test_the_scorecard_names_the_mistake_and_works_the_solution(make, store):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await start(pilot, topics=["metrics"])
        while screen.session.current.template_id != "metrics.f1-counts":
            await pilot.press("ctrl+n")
            await pilot.pause()
        p = screen.session.current.instance.params
        accuracy = (p["tp"] + p["tn"]) / (p["tp"] + p["fp"] + p["fn"] + p["tn"])
        await answer(pilot, screen, f"{accuracy:.3f}")
        while isinstance(app.screen, MockScreen):
            await pilot.press("ctrl+n")
            await pilot.pause()
        if isinstance(app.screen, KeyPointsScreen):
            await pilot.press("escape")  # score the concept answers later: never
            await pilot.pause()
        card = app.screen
        assert isinstance(card, ScorecardScreen)
        body = " ".join(text_of(card.query_one("#score-body"), width=200).split())
        assert ("Work on 1. Evaluation metrics: 4 of 5 questions not passed "
                "2. Common mistake: computed accuracy instead of F1 (F1 from counts)") in body
        assert f"You answered {accuracy:.3f}" in body and "Worked solution for these numbers" in body
        assert f"TP = {p['tp']}" in body
        footer_fits(card)
        app.lang = "zh"
        await pilot.pause()
        body = " ".join(text_of(card.query_one("#score-body"), width=200).split())
        assert "常见错误：算成了准确率而不是 F1（由计数求 F1）" in body and "本题数字的详细解答" in body
        assert text_of(card.query_one("#score-title")).startswith("成绩单 · 5 题通过 0 题（0%）")
        footer_fits(card)


@sync
async def test_history_lists_past_interviews_with_the_trend(make, store, clock):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            screen = await start(pilot, topics=["optimizers"])
            while screen.session.current.kind != "numeric":
                await pilot.press("ctrl+n")
                await pilot.pause()
            clock.advance(20)
            await answer(pilot, screen, "12345")  # wrong: every score is 0
            await pilot.press("escape", "y")
            await pilot.pause()
            await pilot.press("escape")  # home
            await pilot.pause()
            clock.advance(3600)
        screen = await start(pilot, topics=["optimizers"])  # left before anything was answered
        await pilot.press("escape", "y")
        await pilot.pause()
        assert "does not count in your history" in text_of(app.screen.query_one("#score-body"))
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, MockHistoryScreen)
        said = text_of(history.query_one("#history-trend"))
        assert said == ("Scores: ▁▁▁ (your last 3, oldest first); trend +0 points an interview\n"
                        "An answered question took 0:20 on average.")
        table = history.query_one("#history-table")
        assert table.row_count == 3
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1:5] == ["2", "0%", "0:20", "0:20"] and row[5] == "Optimizers"
        footer_fits(history)
        app.lang = "zh"
        await pilot.pause()
        assert text_of(history.query_one("#history-trend")).startswith("得分：▁▁▁（最近 3 次，从早到晚）")


@sync
async def test_a_first_interview_in_the_history_in_both_languages(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["metrics", "optimizers"])
        await answer_any(pilot, screen)
        await pilot.press("escape", "y")
        await pilot.pause()
        if isinstance(app.screen, KeyPointsScreen):
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, MockHistoryScreen)
        assert text_of(history.query_one("#history-trend")).startswith("Score: ")
        assert "(your first)" in text_of(history.query_one("#history-trend"))
        app.lang = "zh"
        await pilot.pause()
        said = text_of(history.query_one("#history-trend"))
        assert "（你的第一次）" in said and "从早到晚" not in said


@sync
async def test_a_new_interview_starts_from_the_last_choices(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["metrics"], minutes="7", per_question=2)
        await answer_any(pilot, screen)
        await pilot.press("escape", "y")
        await pilot.pause()
        if isinstance(app.screen, KeyPointsScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        for way in ("m on the scorecard", "m on home", "the palette"):
            if way == "the palette":  # from the history, where no key opens the setup
                await palette(pilot, "mock interview history")
                await until(pilot, lambda: isinstance(app.screen, MockHistoryScreen), what="the history")
                await palette(pilot, "mock interview")
                await until(pilot, lambda: isinstance(app.screen, MockSetupScreen), what="the setup")
            else:
                await pilot.press("m")
                await pilot.pause()
            setup = app.screen
            assert isinstance(setup, MockSetupScreen), way
            assert list(setup.query_one("#mock-topics", SelectionList).selected) == ["metrics"], way
            assert setup.query_one("#mock-minutes", Input).value == "7", way
            assert setup.query_one("#mock-per-question", Select).value == 2, way
            assert setup.query_one("#mock-chosen", RadioButton).value, way  # at random, as chosen
            assert (setup.count, setup.weakest, setup.per_question_s) == (5, False, 120), way
            await pilot.press("escape")  # home
            await pilot.pause()


@sync
async def test_no_topic_ticked_and_bad_minutes_are_one_sentence(make, store):
    notes = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        screen = await setup(pilot, topics=[])
        screen.query_one("#mock-start-button").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert notes[-1].message == "Tick at least one topic to draw the questions from (space ticks one)."
        screen.query_one("#mock-weakest", RadioButton).value = True  # weakest of no topic: still none
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and notes[-1].message.startswith("Tick at least one topic")
        screen.query_one("#mock-topics", SelectionList).select("metrics")
        screen.query_one("#mock-minutes", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert notes[-1].message == "Minutes in all: “0” is not a whole number from 1 to 600."
    assert store.db.conn.execute("SELECT COUNT(*) FROM mock_interview").fetchone()[0] == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_every_mock_footer_fits_80_columns_and_speaks_the_language(make, lang):
    app = make(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        # home is the default screen: its footer lists its keys once the first refresh is done
        await until(pilot, lambda: any(w.display for w in app.screen.query_one(Footer).children), what="home's footer")
        footer_fits(app.screen)  # home, with m
        screen = await start(pilot, topics=["metrics"])
        while screen.session.current is not None and app.screen is screen:
            footer_fits(screen)
            await answer_any(pilot, screen)
        footer_fits(app.screen)
        progress = "Key points" if lang == "en" else "核对要点"
        assert text_of(app.screen.query_one("#kp-title")).startswith(progress)


@sync
async def test_the_language_switches_mid_interview(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, topics=["optimizers"])
        await pilot.press("f3")
        await pilot.pause()
        assert text_of(screen.query_one("#mock-progress")) == "模拟面试 · 第 1 / 2 题 · 已答 0 题"
        assert text_of(screen.query_one("#mock-clock")) == "剩余时间 15:00"


@sync
async def test_the_palette_opens_the_setup_and_the_history(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "mock interview history" in palette_titles(app), what="the palette's list")
        titles = palette_titles(app)
        assert "Mock" in titles and "mock interview" not in titles  # home's m, once
        await pilot.press("escape")
        await pilot.pause()
        await palette(pilot, "mock interview history")
        await until(pilot, lambda: isinstance(app.screen, MockHistoryScreen), what="the history")
        said = text_of(app.screen.query_one("#history-trend"))
        assert said == "No mock interview yet: press m on the home screen to start one."


@sync
async def test_quizapp_mock_opens_the_setup_with_its_choices_made(store, bank, clock, tmp_path):
    """``quizapp mock --count 10 --minutes 20 --per-question 2 --topic Optimizers --weakest``."""
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    notes = []
    preset = {"count": 10, "minutes": 20, "per_question": 2, "topics": ["Optimizers", "astrology"], "weakest": True}
    app = make_app(Workspace(store, bank, clock=clock), seed=7, log_dir=tmp_path / "logs",
                   config_dir=tmp_path / "config", mock_setup=preset)
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockSetupScreen)
        assert (screen.count, screen.weakest, screen.topics, screen.per_question_s) == (10, True, ["optimizers"], 120)
        assert screen.query_one("#mock-minutes", Input).value == "20"
        assert notes[-1].message == "There is no topic astrology; the topics are metrics, optimizers."
        await pilot.press("ctrl+s")
        await pilot.pause()
        interview = app.screen
        assert isinstance(interview, MockScreen)
        assert interview.session.topics == ["optimizers"] and interview.session.weakest
        assert text_of(interview.query_one("#mock-clock")) == "Time left 20:00 · this question 2:00"
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"  # home was underneath


@sync
async def test_deck_text_that_looks_like_markup_is_shown_literally(tmp_path, clock):
    from pathlib import Path

    from quizapp.content import load_bank
    from quizapp.store import Store
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    fixture = Path(__file__).parent / "fixtures" / "decks" / "optimizers.toml"
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "optimizers.toml").write_text(fixture.read_text(encoding="utf-8").replace(
        'title = { en = "Optimizers", zh = "优化器" }', 'title = { en = "[/bad] [bold]x", zh = "[/bad]" }').replace(
        'title = { en = "L2 penalty of a weight vector"', 'title = { en = "[red]L2[/] [/oops]"'), encoding="utf-8")
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(Workspace(store, load_bank(decks), clock=clock), seed=7, log_dir=tmp_path / "logs",
                   config_dir=tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await setup(pilot)
            prompt = screen.query_one("#mock-topics", SelectionList).get_option_at_index(0).prompt
            assert str(prompt) == "[/bad] [bold]x"
            interview = await start(pilot)
            while interview.session.current.template_id != "optimizers.l2-penalty":
                await pilot.press("ctrl+n")
                await pilot.pause()
            assert "[red]L2[/] [/oops]" in text_of(interview.query_one("#card-question"))
            await answer(pilot, interview, "12345")
            card = app.screen
            assert isinstance(card, ScorecardScreen)
            body = text_of(card.query_one("#score-body"))
            assert "[red]L2[/] [/oops] · [/bad] [bold]x" in body
            await pilot.press("h")
            await pilot.pause()
            row = [str(c) for c in app.screen.query_one("#history-table").get_row_at(0)]
            assert row[5] == "Your weakest areas"
        assert app.return_code in (None, 0)
    finally:
        store.close()
