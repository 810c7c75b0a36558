"""Regression tests for what a new user met in the study loop (tried at 80×24 and
wider, in English and Chinese): each test names the problem it keeps fixed."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.notifications import Notify
from tui_fixtures import bank, clock, make, reviews, store, sync, text_of, until  # noqa: F401

from quizapp.tui.widgets.prose import Prose, break_points
from test_tui_study import at_typed_card, open_topic, skip_to


def notes_hook(notes: list):
    return lambda m: isinstance(m, Notify) and notes.append(m.notification)


def adam_stages(p: dict) -> tuple[float, float, float]:
    m1, v1 = 0.1 * p["g"], 0.001 * p["g"] ** 2
    return m1, v1, p["theta"] - p["lr"] * (m1 / 0.1) / ((v1 / 0.001) ** 0.5 + 1e-8)


# -- a steps card at 80×24: the view follows the answer box down the screen


@pytest.mark.parametrize("height", [24, 18])
@sync
async def test_a_steps_card_keeps_its_answer_box_on_screen_at_80_columns(make, height):
    app = make()
    async with app.run_test(size=(80, height)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        q = screen.session.current
        m1, v1, _ = adam_stages(q.instance.params)
        for typed in (f"{m1 * 3:.6g}", f"{v1 * 3:.6g}"):  # wrong answers: each stage's verdict takes room
            await pilot.press(*typed, "enter")
            await pilot.pause()
            await pilot.pause()
        box = screen.query_one("#answer")
        card = screen.query_one("#card", VerticalScroll)
        assert screen.session.current.stage == 2 and app.focused is box
        assert card.max_scroll_y > 0 or height == 24  # on a short screen the card is taller than the screen …
        assert card.region.contains_region(box.region)  # … and the answer box is in view, not below it


# -- text always wraps; nothing a card says is ever cut


def render(renderable, width: int) -> list[str]:
    import io

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_chinese_wraps_between_characters_not_at_the_spaces_around_numbers():
    text = "某信用卡数据集中，10000 笔交易中有 13 笔是欺诈交易。一个模型把所有交易都判为正常，它的准确率是多少？"
    lines = render(Prose(text), 30)
    assert lines[0] == "某信用卡数据集中，10000 笔交易"  # the line is filled, not broken at "13"
    assert "".join(line.replace(" ", "") for line in lines) == text.replace(" ", "")  # nothing cut
    assert not any(line.startswith(("，", "。", "？")) for line in lines)  # no line opens with closing punctuation
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 30 for line in lines)


def test_a_word_longer_than_the_line_is_folded_not_cut():
    assert break_points("x" * 70, 30) == [0, 30, 60]
    assert "".join(render(Prose("x" * 70), 30)) == "x" * 70


@pytest.mark.parametrize("width", range(8, 80))
def test_numbers_and_formulas_are_never_broken_inside(width):
    # Seen in tmux at 80x24: "β₂ = 0." at a line's end and "999 averages" on the next.
    text = ("β₁ = 0.9 averages gradients over roughly the last 10 steps and β₂ = 0.999 averages "
            "squared gradients (η·g, f(x), 3.5e-4, 12,000); 学习率为 0.001，β₂ 取 0.999。")
    words = ["0.999", "η·g", "f(x)", "3.5e-4", "12,000);", "0.001，"]
    lines = render(Prose(text), width)
    for word in words:
        assert any(word in line for line in lines), (word, lines)


@sync
async def test_a_chinese_explanation_is_shown_whole(make):
    app = make(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        await skip_to(pilot, screen, "metrics.r2-range")
        inst = screen.session.current.instance
        await pilot.press("1")
        await pilot.pause()
        shown = text_of(screen.query_one("#card-verdict"), width=60)
        assert "…" not in shown
        assert inst.answer["zh"].replace(" ", "")[:40] in shown.replace("\n", "").replace(" ", "").replace("│", "")


# -- the card scrolls while the answer box has focus; focus comes back for the next card


@sync
async def test_page_down_scrolls_the_card_while_typing_and_the_next_card_gets_the_focus(make):
    app = make()
    async with app.run_test(size=(80, 16)) as pilot:
        screen = await at_typed_card(pilot)
        await pilot.press(*"0.5", "enter")  # a worked solution longer than the screen
        await pilot.pause()
        card = screen.query_one("#card", VerticalScroll)
        assert card.max_scroll_y > 0 and card.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.press("end")  # after the verdict End (a screen key) goes to the bottom
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y
        await pilot.press("home")  # and Home to the top
        await pilot.pause()
        assert card.scroll_y == 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        q = screen.session.current
        if q.kind in ("numeric", "steps"):
            assert app.focused is screen.query_one("#answer")
            await pilot.press("down")  # the arrow keys scroll the card while typing too
            await pilot.pause()
            assert app.focused is screen.query_one("#answer")


# -- the README's keymap example works; a keymap naming an id that does not exist is said


@sync
async def test_the_readme_keymap_example_skips_with_ctrl_k(make, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text('study-skip = "ctrl+k"\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        for _ in range(10):  # skip with the README's key to a typed card: the answer box has the focus
            if screen.session.current.template_id == "metrics.f1-counts":
                break
            await pilot.press("ctrl+k")
            await pilot.pause()
        assert app.focused is screen.query_one("#answer")
        await pilot.press("ctrl+k")  # the answer box's own ctrl+k does not eat it
        await pilot.pause()
        assert screen.session.current.template_id != "metrics.f1-counts"
    assert app.keymap_problems == []


@sync
async def test_a_keymap_naming_a_family_id_or_a_typed_key_is_told_in_the_apps_language(make, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text('study-rate = "j"\nstudy-skip = "x"\n', encoding="utf-8")
    notes = []
    app = make(lang="zh")
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await pilot.pause()
        said = [n.message for n in notes if n.severity == "warning"]
        assert len(said) == 2
        assert "study-rate" in said[0] and "帮助页" in said[0]  # not silently ignored, and in Chinese
        assert "study-skip" in said[1] and "答案框" in said[1]  # "x" would never reach the answer box


# -- a choice verdict marks what was picked and what was right


@sync
async def test_a_choice_verdict_marks_the_picks_and_the_right_options(make):
    app = make()
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_topic(pilot, "metrics")
        await skip_to(pilot, screen, "metrics.ratios-from-counts")
        inst = screen.session.current.instance
        right = sorted(inst.correct)
        wrong = next(i for i in range(len(inst.options)) if i not in inst.correct)
        for i in (right[0], wrong):  # one right pick, one wrong, one right option missed
            await pilot.press(str(i + 1))
        await pilot.press("enter")
        await pilot.pause()
        options = text_of(screen.query_one("#card-question"))
        letters = "ABCDEFGH"
        assert f"✓ {letters[right[0]]}." in options
        assert f"✗ {letters[wrong]}." in options
        assert f"○ {letters[right[1]]}." in options
        assert "✓ your pick, right" in text_of(screen.query_one("#card-verdict"))


# -- 中文: the worked solution, the palette and the verdict speak Chinese


@sync
async def test_the_worked_solution_is_chinese_in_chinese(make):
    app = make(lang="zh")
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await at_typed_card(pilot)
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        shown = text_of(screen.query_one("#card-verdict"), width=76)
        assert "准确率 = (TP + TN) / n" in shown and "精确率 = TP / (TP + FP)" in shown
        assert "accuracy" not in shown and "precision" not in shown and "step " not in shown


@sync
async def test_the_palette_says_no_matches_in_chinese(make):
    app = make(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zzzqqq")
        for _ in range(100):  # the palette searches in a worker: wait for its answer (a ceiling)
            await pilot.pause(0.02)
            shown = " ".join(str(o.prompt) for o in app.screen.query("CommandList").first().options) \
                if app.screen.query("CommandList") else ""
            if shown:
                break
        assert "没有找到匹配项" in shown and "No matches" not in shown


# -- progress that moves from the first session; practice kept apart


@sync
async def test_home_shows_learning_and_practice_apart_from_the_first_session(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        assert screen.session.current.template_id == "metrics.precision-meaning"
        await pilot.press("space", "4")  # a new card learned, recalled
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await open_topic(pilot, "optimizers", key="c")  # cram: practice, not a review
        cram = app.screen
        q = cram.session.current
        if q.kind == "steps":
            await pilot.press(*"1", "enter", *"1", "enter", *"1", "enter")
        else:
            await pilot.press(*"1", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        today = text_of(app.screen.query_one("#home-today"))
        assert "1 reviewed" in today and "1 new learned" in today and "retention this week 100%" in today
        assert "1 practised (not counted)" in today
        learned = app.screen.query_one("#topics").get_row("metrics")[3]
        assert learned == "1/5"  # moves from the first card, while mastery waits for weeks
    assert [(r["template_id"], r["mode"]) for r in reviews(store)] == [
        ("metrics.precision-meaning", "study"), (q.template_id, "cram")]


@sync
async def test_a_cram_skip_does_not_say_the_card_stays_due(make):
    notes = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await open_topic(pilot, "metrics", key="c")
        await pilot.press("ctrl+n")
        await pilot.pause()
        said = [n.message for n in notes]
        assert "Skipped; it comes back at the end." in said and not any("stays due" in m for m in said)


# -- a steps card that is not all right says it counts as Again


@sync
async def test_a_steps_card_with_a_wrong_stage_says_it_counts_as_again(make, store):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        m1, v1, theta1 = adam_stages(screen.session.current.instance.params)
        for typed in (f"{m1 * 3:.6g}", f"{v1:.6g}", f"{theta1:.6f}"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        shown = " ".join(text_of(screen.query_one("#card-verdict"), width=76).split())
        assert "Not every step was right" in shown and "counts as Again" in shown
        assert shown.count("Not every step was right") == 1 and shown.count("comes back") == 1  # said once
        assert "It comes back later in this session" in shown
    assert [(r["verdict"], r["rating"]) for r in reviews(store)] == [("wrong", 1)]


# -- deck text is text: a title that looks like markup is shown as it is, everywhere


@sync
async def test_a_deck_title_that_looks_like_markup_is_shown_literally(tmp_path, clock):
    from pathlib import Path

    from quizapp.content import load_bank
    from quizapp.store import Store
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    fixture = Path(__file__).parent / "fixtures" / "decks" / "metrics.toml"
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "metrics.toml").write_text(fixture.read_text(encoding="utf-8").replace(
        'title = { en = "Evaluation metrics", zh = "评估指标" }', 'title = { en = "[/bad] [bold]x", zh = "[/bad]" }'),
        encoding="utf-8")
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(Workspace(store, load_bank(decks), clock=clock), seed=7, log_dir=tmp_path / "logs",
                   config_dir=tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert str(app.screen.query_one("#topics").get_row("metrics")[0]) == "[/bad] [bold]x"
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"bad")
            for _ in range(50):
                await pilot.pause(0.02)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            assert "[/bad] [bold]x" in text_of(app.screen.query_one("#study-progress"))
            app.notify("a notice with [/bad] in it")  # notices are plain text too
            await pilot.pause()
        assert app.return_code in (None, 0)
    finally:
        store.close()


# -- keys typed ahead of a new card's first frame go into its answer box


def burst(app, *keys: tuple[str, str | None]) -> None:
    """Queue ``keys`` (name, character) at once, as a terminal delivers keys read together."""
    from textual import events

    for key, character in keys:
        app.post_message(events.Key(key, character))


@sync
async def test_an_answer_typed_right_after_next_is_not_lost(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        # Enter for the next card and the next answer in one burst, queued before the app
        # has drawn the new card (as a fast typist or a pasted line does)
        burst(app, ("enter", None), ("0", "0"), ("full_stop", "."), ("2", "2"), ("5", "5"))
        for _ in range(5):
            await pilot.pause()
        q = screen.session.current
        assert q.template_id == "metrics.macro-f1"  # a typed card comes next in the fixture deck
        assert screen.query_one("#answer").value == "0.25"


@sync
async def test_editing_keys_typed_in_one_burst_apply_in_the_order_they_were_typed(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        # "x12", backspace, "3", Home, Delete, Enter arriving together (a fast typist, a terminal
        # that sends them in one read): the box's own keys must not wait behind the characters
        burst(app, ("x", "x"), ("1", "1"), ("2", "2"), ("backspace", None), ("3", "3"), ("ctrl+a", None),
              ("delete", None), ("enter", None))
        await until(pilot, lambda: screen.session.state == "answered")
        assert [r["answer"] for r in reviews(store)] == ["13"]


# -- a verdict neither rebuilds the footer, nor moves the focus, nor draws again what did not change


@sync
async def test_a_verdict_relabels_the_footer_in_place_and_keeps_the_question_drawn(make):
    from textual.widgets._footer import FooterKey

    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_typed_card(pilot)
        keys = list(screen.query(FooterKey))
        described = [k.description for k in keys]
        assert "Skip" in described and "Next" not in described
        question = screen.query_one("#card-question")
        drawn = question.content
        await pilot.press(*"0.5", "enter")
        await until(pilot, lambda: "Next" in [k.description for k in screen.query(FooterKey)])
        assert list(screen.query(FooterKey)) == keys  # the same widgets, relabelled
        described = [k.description for k in keys]
        assert "Next" in described and "Skip" not in described
        assert question.content is drawn  # the question was not given again
        assert "Not right" in text_of(screen.query_one("#card-verdict"))
        box = screen.query_one("#answer")  # the answer stays in its box, which keeps the focus, locked
        assert box.display and box.value == "0.5" and app.focused is box
        await pilot.press("backspace", "ctrl+u")
        await pilot.pause()
        assert box.value == "0.5" and screen.session.state == "answered"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)])
@sync
async def test_the_worked_solution_is_drawn_while_the_card_is_asked_and_replayed_in_the_verdict(make, size):
    from quizapp.tui.render import FRAME, framing, solution_ahead

    app = make()
    async with app.run_test(size=size) as pilot:
        screen = await at_typed_card(pilot)
        ahead = solution_ahead(screen.view.question.solution("en"), "study.solution", "en")
        await until(pilot, lambda: bool(ahead.framed_at))  # drawn, framed, once the card is on screen
        before = set(ahead.framed_at)
        await pilot.press(*"0.5", "enter")
        verdict = screen.query_one("#card-verdict")
        await until(pilot, lambda: "Not right" in text_of(verdict))
        frame = verdict.content.renderable  # the verdict's frame, around its parts
        assert any(part is ahead for part in frame.inner.renderables)  # the very drawing made ahead
        width = verdict.content_region.width
        assert width - FRAME in before  # at the width the verdict got
        drawn = verdict.content.strips(app.console, app.console_options, width, verdict.visual_style.rich_style)
        replayed = ahead.framed(app.console, app.console_options, width - FRAME, verdict.visual_style.rich_style,
                                framing(verdict.visual_style.rich_style, frame.style))
        assert replayed and all(any(line is mine for mine in drawn) for line in replayed)  # its lines, not redrawn
        assert "F1 = 2·TP / (2·TP + FP + FN)" in text_of(verdict, width=verdict.content_region.width)


@sync
async def test_the_verdict_fills_a_pane_sized_before_the_answer_and_scrolls_in_it(make):
    from quizapp.tui.widgets.kinds.base import VerdictPane

    app = make()
    async with app.run_test(size=(100, 24)) as pilot:  # a verdict longer than the room left
        screen = await at_typed_card(pilot)
        card = screen.query_one("#card", VerticalScroll)
        pane = screen.query_one(VerdictPane)
        await until(pilot, lambda: pane.size.height >= VerdictPane.LEAST)
        box = screen.query_one("#answer")
        sized, box_at = pane.size, box.region
        assert pane.region.bottom == card.scrollable_content_region.bottom  # the room left, no more
        await pilot.press(*"0.5", "enter")
        await until(pilot, lambda: pane.max_scroll_y > 0)  # once the verdict has grown to its length
        assert pane.size == sized and box.region == box_at and card.max_scroll_y == 0  # nothing else moved
        await pilot.press("pagedown")
        await until(pilot, lambda: pane.scroll_y > 0)
        await pilot.press("home")
        await until(pilot, lambda: pane.scroll_y == 0)
        assert card.scroll_y == 0


@sync
async def test_a_revealed_answer_longer_than_its_pane_scrolls_with_the_keys(make):
    from quizapp.tui.widgets.kinds.base import VerdictPane

    app = make()
    async with app.run_test(size=(80, 18)) as pilot:  # the model answer and key points overflow the pane
        screen = await open_topic(pilot, "metrics")
        assert screen.session.current.kind == "concept"
        pane = screen.query_one(VerdictPane)
        await pilot.press("space")
        await until(pilot, lambda: pane.max_scroll_y > 0 or screen.query_one("#card").max_scroll_y > 0)
        card = screen.query_one("#card")
        for _ in range(6):
            await pilot.press("pagedown")
        await until(pilot, lambda: pane.scroll_y == pane.max_scroll_y and card.scroll_y == card.max_scroll_y)
        assert pane.scroll_y > 0 or card.scroll_y > 0


@sync
async def test_the_verdicts_frame_takes_the_new_themes_colour(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_typed_card(pilot)
        await pilot.press(*"0.5", "enter")
        verdict = screen.query_one("#card-verdict")
        await until(pilot, lambda: "Not right" in text_of(verdict))
        app.theme = "nord"  # an accent unlike the default themes'
        await until(pilot, lambda: str(verdict.content.renderable.style.color.name).lower()
                    == app.current_theme.accent.lower())
        assert "Not right" in text_of(verdict)
