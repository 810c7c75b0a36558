"""The card browser and the form for a card of your own, driven with Pilot: search,
the card's record, suspend, reset and undo, flag and unflag, cram what was found,
paging through many cards; adding a card that is then there to study and browse."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from textual.notifications import Notify
from tui_fixtures import bank, clock, make, store, sync, text_of  # noqa: F401

from helpers import DECKS, record
from quizapp.content import Bank
from quizapp.tui.screens.add import AddCardScreen
from quizapp.tui.screens.browser import PAGE, BrowserScreen, CardTable
from quizapp.tui.screens.study import FlagScreen, StudyScreen
from test_tui_polish import footer_fits


async def searched(pilot, screen: BrowserScreen) -> None:
    """Wait (with a generous ceiling) for the newest search to be on screen."""
    for _ in range(400):
        await pilot.pause()
        if screen.shown == screen.generation and screen.found is not None:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the search never came back")


async def open_browser(pilot) -> BrowserScreen:
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    await searched(pilot, screen)
    return screen


async def search(pilot, screen: BrowserScreen, typed: str) -> None:
    screen.query_one("#browser-search").value = typed
    await searched(pilot, screen)


def listed(screen: BrowserScreen) -> list[str]:
    table = screen.query_one(CardTable)
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


def notes_hook(notes: list):
    return lambda m: isinstance(m, Notify) and notes.append(m.notification.message)


@sync
async def test_b_opens_the_browser_and_words_filter_the_list(make, bank):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        assert listed(screen) == list(bank.templates)
        assert text_of(screen.query_one("#browser-title")) == f"Cards · {len(bank.templates)} of {len(bank.templates)} found"
        await search(pilot, screen, "由计数")  # the Chinese title, typed in an English app
        assert listed(screen) == ["metrics.f1-counts"]
        assert text_of(screen.query_one("#browser-title")) == f"Cards · 1 of {len(bank.templates)} found"
        detail = text_of(screen.query_one("#browser-detail-body"))
        assert detail.startswith("F1 from counts\nmetrics.f1-counts · numeric · Evaluation metrics · built-in")
        assert "New: not studied yet" in detail and "No reviews yet." in detail
        await search(pilot, screen, "zzzz")
        assert listed(screen) == [] and "No card matches." in text_of(screen.query_one("#browser-detail-body"))
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowserScreen)


@sync
async def test_a_query_that_cannot_be_read_is_one_sentence_and_the_list_stays(make):
    app = make(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        before = listed(screen)
        await search(pilot, screen, "kind:essay")
        assert text_of(screen.query_one("#browser-hint")) == "没有卡片类型“essay”；类型有：concept, choice, numeric, steps。"
        assert listed(screen) == before
        await search(pilot, screen, "kind:numeric")
        assert text_of(screen.query_one("#browser-hint")).startswith("is:due new flagged")
        assert text_of(screen.query_one("#browser-title")).startswith("卡片 · 共")


@sync
async def test_the_record_shows_history_mistakes_and_flags(make, store, bank, clock):
    store.sync_bank(bank)
    record(store, "metrics.f1-counts", rating=1, mistake="accuracy", answer="0.61", now=clock.now - timedelta(days=2))
    record(store, "metrics.f1-counts", rating=3, answer="0.44", now=clock.now - timedelta(days=1))
    store.flag("metrics.f1-counts", "the prompt is ambiguous", clock.now)
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_browser(pilot)
        await search(pilot, screen, "f1-counts")
        detail = text_of(screen.query_one("#browser-detail-body"), width=96)
        label = next(m["label"]["en"] for m in bank.templates["metrics.f1-counts"].spec["mistake"]
                     if m["id"] == "accuracy")
        assert "Flagged as wrong\n  2026-03-02  the prompt is ambiguous" in detail
        assert f"Mistakes made on it\n  {label} ×1" in detail
        assert "History (2 reviews, newest first)" in detail
        history = detail.split("History (2 reviews, newest first)\n")[1].splitlines()
        assert history[0].startswith("  2026-03-01") and "✓ Correct · Good · study · 0.44" in history[0]
        assert "✗ Not right · Again · study · 0.61 · " + label in history[1]
        assert "2 reviews · 0 lapses" in detail and " ⚑" in str(screen.query_one(CardTable).get_cell_at((0, 0)))


@sync
async def test_suspend_reset_undo_and_flag_act_on_the_highlighted_card(make, store, bank, clock):
    store.sync_bank(bank)
    record(store, "metrics.f1-counts", rating=3, now=clock.now - timedelta(days=2))
    before = store.memory("metrics.f1-counts")
    notes: list = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        screen = await open_browser(pilot)
        await search(pilot, screen, "f1-counts")
        await pilot.press("down")  # from the search line to the list
        table = screen.query_one(CardTable)
        assert app.focused is table
        await pilot.press("s")
        assert store.card_memories(["metrics.f1-counts"])["metrics.f1-counts"].suspended == 1
        assert str(table.get_cell_at((0, 3))) == "suspended"
        assert app.binding_label("browser-suspend", table) == "Bring back"
        await pilot.press("s")
        assert store.card_memories(["metrics.f1-counts"])["metrics.f1-counts"].suspended == 0
        await pilot.press("r")
        assert store.memory("metrics.f1-counts").state == 0 and str(table.get_cell_at((0, 3))) == "new"
        assert notes[-1] == ("Reset F1 from counts to new: its schedule starts over; its reviews are kept. "
                             "^z puts it back.")
        await pilot.press("ctrl+z")
        assert store.memory("metrics.f1-counts") == before
        assert notes[-1] == "Put back the schedule of F1 from counts."
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlagScreen)
        await pilot.press(*"wrong rounding", "enter")
        await pilot.pause()
        assert [f.note for f in store.card_flags("metrics.f1-counts")] == ["wrong rounding"]
        assert app.binding_label("browser-flag", table) == "Unflag"
        await pilot.press("f")
        assert store.card_flags("metrics.f1-counts") == []
        assert notes[-1] == "Resolved the flag of F1 from counts."


@sync
async def test_c_crams_exactly_the_cards_found(make, bank):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await search(pilot, screen, "kind:numeric")
        found = listed(screen)
        assert found and all(bank.templates[t].kind == "numeric" for t in found)
        await pilot.press("down", "c")
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen) and study.mode == "cram" and study.templates == found
        assert study.session.progress.total == len(found)
        n = len(found)
        title = f"{n} card from the browser" if n == 1 else f"{n} cards from the browser"
        assert text_of(study.query_one("#study-progress")).startswith(f"Cram · {title} · card 1 of {n}")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


@sync
async def test_sort_by_key_and_by_header(make, bank):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("down", "o")  # deck order -> due
        await searched(pilot, screen)
        assert screen.shown_query.sort == "due"
        assert text_of(screen.query_one("#browser-title")).endswith("· Sorted by due date")
        table = screen.query_one(CardTable)
        column = table.ordered_columns[0]
        table.post_message(CardTable.HeaderSelected(table, column.key, 0, column.label))
        await searched(pilot, screen)
        titles = [bank.templates[t].title["en"].casefold() for t in listed(screen)]
        assert titles == sorted(titles)


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_the_browsers_footer_fits_80_columns(make, lang):
    app = make(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        footer_fits(screen)
        await pilot.press("down")
        await pilot.pause()
        footer_fits(screen)


@sync
async def test_many_cards_are_listed_a_page_at_a_time(store, bank, clock, tmp_path):
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    originals = list(bank.templates.values())
    many = {}
    for i in range(3 * PAGE):
        t = originals[i % len(originals)]
        many[f"{t.id}-{i}"] = replace(t, id=f"{t.id}-{i}")
    big = Bank(templates=many, errors=[], topics=dict(bank.topics))
    app = make_app(Workspace(store, big, clock=clock), lang="en", seed=7, config_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        table = screen.query_one(CardTable)
        assert table.row_count == PAGE and len(screen.found.rows) == 3 * PAGE
        table.focus()
        table.move_cursor(row=PAGE - 1)
        await pilot.pause()
        assert table.row_count == 2 * PAGE
        assert listed(screen) == list(many)[: 2 * PAGE]


@sync
async def test_help_lists_the_browsers_keys(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [[str(table.get_cell_at((r, c))) for c in range(4)] for r in range(table.row_count)]
        assert ["s", "Suspend", "card browser", "browser-suspend"] in rows
        assert ["n", "Add a card", "home", "home-add-card"] in rows


# -- adding a card in the app


@pytest.fixture
def make_ws(store, bank, clock, tmp_path):
    """The app on a workspace that reads the fixture decks again when asked (so a
    card added in the app is loaded with them)."""
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    def build(lang: str = "en"):
        ws = Workspace(store, bank, clock=clock, content=DECKS)
        return ws, make_app(ws, lang=lang, seed=7, log_dir=tmp_path / "logs", config_dir=tmp_path / "config")

    return build


async def loaded(pilot, ws, card_id: str) -> None:
    for _ in range(400):
        await pilot.pause(0.01)
        if card_id in ws.bank.templates:
            return
    raise AssertionError(f"{card_id} never loaded")


@sync
async def test_n_adds_a_card_that_is_then_there_to_browse_and_study(make_ws):
    ws, app = make_ws()
    notes: list = []
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AddCardScreen)
        form.query_one("#add-title").value = "Why [bold]macro[/] F1"
        form.query_one("#add-title-zh").value = "为什么用宏平均 F1"
        form.query_one("#add-question").text = "When does macro-F1 differ from micro-F1?"
        form.query_one("#add-answer").text = "When classes are imbalanced."
        form.query_one("#add-points").text = "macro averages per class\nmicro pools the counts"
        form.query_one("#add-points-zh").text = "宏平均按类别求平均"
        await pilot.press("ctrl+s")
        await loaded(pilot, ws, "metrics.why-bold-macro-f1")
        assert not isinstance(app.screen, AddCardScreen)
        assert notes[0] == "Added metrics.why-bold-macro-f1 to your deck metrics.toml."
        card = ws.bank.templates["metrics.why-bold-macro-f1"]
        assert card.title == {"en": "Why [bold]macro[/] F1", "zh": "为什么用宏平均 F1"}
        assert card.spec["key_points"] == [{"en": "macro averages per class", "zh": "宏平均按类别求平均"},
                                           {"en": "micro pools the counts", "zh": "micro pools the counts"}]
        screen = await open_browser(pilot)
        await search(pilot, screen, "is:mine")
        assert listed(screen) == ["metrics.why-bold-macro-f1"]
        assert str(screen.query_one(CardTable).get_cell_at((0, 0))) == "Why [bold]macro[/] F1"  # never markup
        await pilot.press("down", "c")
        await pilot.pause()
        assert app.screen.session.current.template_id == "metrics.why-bold-macro-f1"


@sync
async def test_a_refused_card_keeps_the_form_and_says_why(make_ws):
    ws, app = make_ws(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#add-kind").value = "choice"
        await pilot.pause()
        assert form.query_one("#add-options").display and not form.query_one("#add-answer").display
        form.query_one("#add-title").value = "Pick"
        form.query_one("#add-question").text = "Which?"
        form.query_one("#add-options").text = "Yes\nNo"
        form.query_one("#add-explanation").text = "Because."
        await pilot.press("ctrl+s")
        for _ in range(200):
            await pilot.pause(0.01)
            if text_of(form.query_one("#add-problems")):
                break
        assert text_of(form.query_one("#add-problems")) == "请至少标出一个正确选项。"
        assert app.screen is form and not ws.user_decks_dir.exists()
        form.query_one("#add-options").text = "*Yes\nNo"
        await pilot.press("ctrl+s")
        await loaded(pilot, ws, "metrics.pick")
        assert ws.bank.templates["metrics.pick"].spec["options"][0] == {"en": "Yes", "zh": "Yes", "correct": True}


@sync
async def test_home_says_how_to_browse_and_add_and_counts_your_deck_problems(make_ws):
    ws, app = make_ws()
    ws.user_decks_dir.mkdir(parents=True)
    (ws.user_decks_dir / "bad.toml").write_text("[deck\n", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app.screen.query_one("#home-more")) == "b browses and finds every card · n adds a card of your own"
        app.reload_bank()
        for _ in range(400):
            await pilot.pause(0.01)
            if ws.bank.user_errors():
                break
        await pilot.pause()
        assert text_of(app.screen.query_one("#home-notice")) == (
            "Your own decks have a problem; run `quizapp decks` to see it.")


@sync
async def test_the_form_starts_on_the_topic_highlighted_on_home(make_ws):
    ws, app = make_ws()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#topics")
        table.move_cursor(row=table.get_row_index("optimizers"))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#add-topic").value == "optimizers"
