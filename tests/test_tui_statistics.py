"""The statistics screen (``t`` on home) and pictures in cards, driven with Pilot:
every section drawn from the stored history, nothing unknown drawn as 0, the
figures computed in a worker thread, both languages, the footer at 80 columns; a
card's picture under its verdict (or its question, when the deck says so)."""

from __future__ import annotations

import threading
from datetime import timedelta, timezone

import pytest
from textual.widgets import Static
from tui_fixtures import START, bank, clock, store, sync, text_of  # noqa: F401

from helpers import record
from quizapp.content import load_bank
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.statistics import StatisticsScreen
from quizapp.tui.widgets.picture import PictureView
from test_tui_polish import footer_fits

SIZE = (80, 24)


@pytest.fixture
def make(store, bank, clock, tmp_path):
    """The app on the fixture deck, its study days in UTC (pictures and dates do
    not depend on the machine's time zone)."""
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    def build(lang: str | None = None, the_bank=None):
        ws = Workspace(store, the_bank or bank, clock=clock, tz=timezone.utc)
        return make_app(ws, lang=lang, seed=7, log_dir=tmp_path / "logs", config_dir=tmp_path / "config")

    return build


def history(store, bank) -> None:
    """Three study days, practice apart, a named mistake twice, one mock interview."""
    store.set_setting("fuzz", False)
    store.sync_bank(bank)
    day = timedelta(days=1)
    for n, (tid, rating, mode, mistake) in enumerate([
        ("metrics.f1-counts", 1, "study", "accuracy"), ("metrics.macro-f1", 3, "study", None),
        ("optimizers.l2-penalty", 3, "study", None), ("metrics.f1-counts", 1, "cram", "accuracy"),
        ("optimizers.adam-first-step", 4, "cram", None),
    ]):
        record(store, tid, now=START - (n % 3) * day - timedelta(hours=1), rating=rating, mode=mode,
               mistake=mistake, tz=timezone.utc)
    mock = store.start_mock(START - 2 * day, question_count=5)
    store.finish_mock(mock, START - 2 * day + timedelta(minutes=10), 0.6)


async def open_statistics(pilot) -> StatisticsScreen:
    app = pilot.app
    shown = app.get_screen("statistics").shown if app.is_screen_installed("statistics") else 0
    await pilot.press("t")
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen)
    for _ in range(200):  # a generous ceiling; the worker usually answers at once
        if screen.shown > shown:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    return screen


def plotted(screen, name: str) -> bool:
    view = screen.query_one(f"#statistics-{name}", PictureView)
    return view.display and view.picture is not None and not screen.query_one(f"#statistics-{name}-empty").display


def shown(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, PictureView):
        return "\n".join(text_of(w) for w in widget.query(Static))
    return text_of(widget)


@sync
async def test_every_section_is_drawn_from_the_history(make, store, bank):
    history(store, bank)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        status = shown(screen, "#statistics-status")
        assert status.startswith("3 reviews, 67% recalled · today 1 ·")
        assert "Practice (cram) is counted apart: 2 answers, 50% right." in status
        heat = text_of(screen.query_one(".statistics-heatmap"), width=76).splitlines()
        assert len(heat) == 9 and "".join(heat[1:8]).count("■") == 3  # a month line, 7 weekdays, the key
        assert "busiest day: 2 answers" in heat[8]
        for name in ("reviews", "retention", "forecast", "mocks"):
            assert plotted(screen, name), name
        assert "Answers per day, the last 30 days" in shown(screen, "#statistics-reviews")
        assert "practice (cram, apart)" in shown(screen, "#statistics-reviews")
        accuracy = shown(screen, "#statistics-accuracy")
        assert "Evaluation metrics" in accuracy and "50% of 2" in accuracy and "practice 0% of 1" in accuracy
        assert "Optimizers" in accuracy and "100% of 1" in accuracy and "practice 100% of 1" in accuracy
        mistakes = shown(screen, "#statistics-mistakes")
        assert "2× computed accuracy instead of F1" in mistakes and "F1 from counts" in mistakes
        assert "Mock-interview score (%), the last one" in shown(screen, "#statistics-mocks")
        footer_fits(screen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_nothing_unknown_is_drawn_as_zero(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_statistics(pilot)
        for name in ("reviews", "retention", "forecast", "mocks"):
            assert not plotted(screen, name), name
        assert "so no retention to show" in shown(screen, "#statistics-retention-empty")
        assert "No answers yet." in shown(screen, "#statistics-accuracy")
        assert "No mock interview finished yet." in shown(screen, "#statistics-mocks-empty")
        assert "0 reviews, – recalled" in shown(screen, "#statistics-status")
        assert "0%" not in "".join(text_of(w) for w in screen.query(Static) if w.display)


@sync
async def test_the_figures_are_counted_in_a_worker_while_the_screen_says_so(make, monkeypatch):
    from quizapp.workspace import Workspace

    release, threads = threading.Event(), []
    counted = Workspace.statistics

    def slow(self, now=None):
        threads.append(threading.current_thread())
        assert release.wait(30)  # a ceiling, not a sleep: the test releases it
        return counted(self, now)

    monkeypatch.setattr(Workspace, "statistics", slow)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        screen = app.screen
        for _ in range(200):
            if threads:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert threads and threads[0] is not threading.main_thread()
        assert shown(screen, "#statistics-status") == "Counting…"  # the UI draws while the worker counts
        release.set()
        for _ in range(200):
            if screen.figures is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        assert shown(screen, "#statistics-status").startswith("0 reviews")


@sync
async def test_chinese_labels_and_a_language_switch(make, store, bank):
    history(store, bank)
    app = make(lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        footer_fits(app.screen)  # home, with its statistics key
        screen = await open_statistics(pilot)
        footer_fits(screen)
        assert shown(screen, "#statistics-title").endswith("学习统计")
        assert "各主题正确率" in shown(screen, "#statistics-accuracy-title")
        assert "2 次中 50%" in shown(screen, "#statistics-accuracy")
        assert "算成了准确率而不是 F1" in shown(screen, "#statistics-mistakes")
        assert "最近 30 天每天的作答次数" in shown(screen, "#statistics-reviews")
        heat = text_of(screen.query_one(".statistics-heatmap"), width=76)
        assert heat.splitlines()[1].startswith("一") and "2月" in heat and "1月" in heat
        await pilot.press("f3")
        await pilot.pause()
        assert "Accuracy per topic" in shown(screen, "#statistics-accuracy-title")
        assert "Mon" in text_of(screen.query_one(".statistics-heatmap"), width=76)


def test_statistics_snapshot(make, store, bank, snap_compare):
    history(store, bank)

    async def opened(pilot):
        await open_statistics(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make(), terminal_size=SIZE, run_before=opened)


def test_statistics_snapshot_scrolled_in_chinese(make, store, bank, snap_compare):
    history(store, bank)

    async def scrolled(pilot):
        await open_statistics(pilot)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make(lang="zh"), terminal_size=SIZE, run_before=scrolled)


# -- pictures in cards

DECK = """[deck]
topic = "pics"
title = { en = "Pictures", zh = "图" }

[[card]]
id = "pics.auc"
kind = "numeric"
difficulty = 2
source = { note = "003", section = "ROC" }
title = { en = "AUC of six scores", zh = "六个分数的 AUC" }
prompt = { en = "Scores {s}, labels {y}. What is the AUC?", zh = "分数 {s}，标签 {y}。AUC 是多少？" }
params = { s = { int = [1, 5], size = 6 }, y = { int = [0, 1], size = 6 } }
constraints = ["sum(y) >= 2", "sum(y) <= 4"]
compute = "roc_auc"
args = { y_true = "y", y_score = "s" }
decimals = 3
picture = { kind = "roc", scores = "s", labels = "y" }

[[card]]
id = "pics.valley"
kind = "numeric"
difficulty = 2
source = { note = "003", section = "momentum" }
title = { en = "Momentum steps", zh = "动量步" }
prompt = { en = "θ₀ = {theta}, g = {g}, η = {lr}, μ = 0.9: θ₂ after two steps?", zh = "θ₀ = {theta}，g = {g}，η = {lr}，μ = 0.9：两步后 θ₂ 是多少？" }
params = { theta = { float = [-2, 2], decimals = 1 }, g = { float = [0.2, 1], decimals = 1 }, lr = { choice = [0.1, 0.05] } }
compute = "sgd"
args = { params = "[theta]", grads = "[[g], [g]]", lr = "lr", momentum = 0.9 }
pick = 0
decimals = 4
picture = { kind = "path", curvature = [0.5, 5], start = [-3, 1], lr = "lr", momentum = 0.9, steps = 20, at = "question" }
"""


async def card(pilot, template_id: str):
    screen = pilot.app.screen
    for _ in range(4):
        if screen.session.current.template_id == template_id:
            break
        await pilot.press("ctrl+n")
        await pilot.pause()
    view = screen.view
    assert view.question.template_id == template_id
    for _ in range(200):
        if view.picture is not None and view.query(PictureView):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    return screen, view


@sync
async def test_a_picture_waits_for_the_verdict_and_one_for_the_question_does_not(make, tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "pics.toml").write_text(DECK, encoding="utf-8")
    pics = load_bank(tmp_path / "decks")
    assert not pics.errors
    app = make(the_bank=pics)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study(["pics"], "cram")
        await pilot.pause()
        screen, view = await card(pilot, "pics.auc")
        box = view.query_one("#card-picture-verdict")
        assert view.picture.at == "verdict" and not box.display  # the curve would give the answer away
        await pilot.press(*"0.50", "enter")
        await pilot.pause()
        assert box.display and box.region.y > view.query_one("#card-verdict").region.y
        drawn = "\n".join(text_of(w) for w in box.query(Static))
        assert "The ROC curve of these scores" in drawn and "chance" in drawn
        assert "across: false-positive rate (FPR); up: true-positive rate (TPR)" in drawn
        await pilot.press("f3")
        await pilot.pause()
        assert "这组分数的 ROC 曲线" in "\n".join(text_of(w) for w in box.query(Static))
        await pilot.press("enter")
        await pilot.pause()
        screen, view = await card(pilot, "pics.valley")
        box = view.query_one("#card-picture-question")
        assert box.display and box.region.y > view.query_one("#answer").region.y  # under the answer box
        drawn = "\n".join(text_of(w) for w in box.query(Static))
        assert "动量，η = " in drawn and "μ = 0.9" in drawn
        assert app.focused is view.query_one("#answer")


@sync
async def test_opening_again_reuses_the_screen_with_fresh_figures(make, store, bank, clock):
    history(store, bank)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        first = await open_statistics(pilot)
        assert shown(first, "#statistics-status").startswith("3 reviews")
        await pilot.press("escape")
        await pilot.pause()
        record(store, "optimizers.adam-first-step", now=clock.now, rating=3, tz=timezone.utc)
        again = await open_statistics(pilot)
        assert again is first and shown(again, "#statistics-status").startswith("4 reviews")
