"""What a demanding new user checked: steps cards read top-down, one verdict heading,
nothing-to-study says why, settings refuse what they cannot save, the keymap, the
footer at 80 columns and the command palette."""

from __future__ import annotations

import pytest
from textual.notifications import Notify
from textual.widgets import Footer
from tui_fixtures import bank, clock, make, store, sync, text_of, until  # noqa: F401

from quizapp.catalog import say
from quizapp.session import Outcome
from quizapp.tui.render import display_number, heading, solution_block
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.settings import SettingsScreen
from quizapp.tui.screens.study import StudyScreen
from quizapp.verdict import Verdict
from test_tui_study import open_topic, skip_to


def notes_hook(notes: list):
    return lambda m: isinstance(m, Notify) and notes.append(m.notification)


# -- steps cards in reading order


@sync
async def test_steps_card_shows_each_answered_stage_above_the_next_one(make):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        q = screen.session.current
        assert q.kind == "steps" and q.stage == 0
        m1 = 0.1 * q.instance.params["g"]
        await pilot.press(*f"{m1:.6g}", "enter")
        await pilot.pause()
        question, stages, step, answer = (screen.query_one(s) for s in
                                          ("#card-question", "#card-stages", "#card-step", "#answer"))
        shown = text_of(stages)
        # step 1's question, then its verdict; then step 2's question, then the answer box
        assert shown.startswith("Step 1 of 3: ") and shown.index("Step 1 of 3") < shown.index("✓")
        assert text_of(step).startswith("Step 2 of 3: ")
        assert "Step" not in text_of(question)
        assert question.region.y < stages.region.y < step.region.y < answer.region.y
        assert app.focused is answer


# -- one verdict heading, in both languages


def outcome(word: str, en: str, zh: str, kind: str = "numeric", **kw) -> Outcome:
    verdict = Verdict(word if word in ("correct", "wrong") else "again", say("text.plain", text={"en": en, "zh": zh}))
    return Outcome("t", kind, word if word in ("correct", "wrong") else "again", verdict, **kw)


@pytest.mark.parametrize(("o", "lang", "word"), [
    (outcome("wrong", "you chose 2 of the 3 right options and 0 wrong ones; the answer is A, B, C.",
             "3 个正确选项你选中了 2 个，另选错了 0 个；答案是 A, B, C。", "choice"), "en", "Not"),
    (outcome("wrong", "", "不对。与正确答案相差约 1%。"), "zh", "不对"),
    (outcome("unreadable", "Could not read 'about' at position 1: only numbers are understood.", ""),
     "en", "Could not read"),
    (outcome("wrong", "Not right: the answer is A.", "不对：答案是 A。", "choice"), "zh", "不对"),
    (outcome("correct", "Correct.", "正确。", "choice"), "zh", "正确"),
    (outcome("correct", "Correct.", "正确。", "choice"), "en", "Correct"),  # was "✓ Correct: Correct."
])
def test_a_verdict_word_is_said_once(o, lang, word):
    line = heading(o, lang).plain
    assert line.count(word) == 1, line


def test_a_message_without_a_verdict_word_gets_the_heading():
    o = outcome("wrong", "0.9 is off by 10% (too low).", "0.9 偏差 10%（偏小）。")
    assert heading(o, "en").plain == "✗ Not right: 0.9 is off by 10% (too low)."
    assert heading(o, "zh").plain == "✗ 不对：0.9 偏差 10%（偏小）。"


@sync
async def test_choice_card_verdict_names_the_answer_once_under_explanation(make):
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_topic(pilot, "metrics")
        await skip_to(pilot, screen, "metrics.r2-range")
        inst = screen.session.current.instance
        wrong = next(i for i, o in enumerate(inst.options) if not o["en"].startswith("Any value ≤ 1"))
        await pilot.press(str(wrong + 1))
        await pilot.pause()
        shown = text_of(screen.query_one("#card-verdict"))
        assert "Explanation" in shown and "Worked solution" not in shown and "Expected" not in shown
        assert shown.count("Not right") == 1
        app.lang = "zh"
        await pilot.pause()
        shown = text_of(screen.query_one("#card-verdict"))
        assert "解析" in shown and shown.count("不对") == 1


def test_expected_numbers_use_the_unicode_minus_and_solutions_hang():
    assert display_number("-2.4039") == "−2.4039" and display_number("[-1, 2]") == "[−1, 2]"
    from rich.console import Group

    block = solution_block(("θ₂ = θ₁ − η·g₂ / (√G₂ + ε) " * 4,), "study.solution", "en")
    shown = text_of(type("W", (), {"content": Group(*block)}), width=40)
    solution = shown.split("Worked solution for these numbers\n", 1)[1].splitlines()
    assert len(solution) > 1 and all(line.startswith("  ") for line in solution)  # a hanging indent


# -- nothing to study


@sync
async def test_an_empty_study_says_why_and_offers_cram_and_settings(make, store):
    store.set_setting("new_per_day", 0)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        assert screen.session.empty_reason == "new_limit"
        said = text_of(screen.query_one("#card-empty"))
        assert "New cards per day is 0" in said and "(f2)" in said and "(c)" in said
        assert "card 0 of 0" not in text_of(screen.query_one("#study-progress"))
        await pilot.press("f2")  # raise the limit; back on the study screen the session is tried again
        await pilot.pause()
        field = app.screen.query_one("#set-new_per_day")
        field.value = "3"
        assert app.screen.save_number(field)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session.empty is None
        assert screen.session.current is not None


@sync
async def test_c_on_an_empty_study_crams_the_same_topics(make, store):
    store.set_setting("new_per_day", 0)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_topic(pilot, "optimizers")
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.mode == "cram" and screen.topics == ["optimizers"]
        assert screen.session.current is not None


@sync
async def test_the_empty_reason_names_remapped_keys(make, store, tmp_path):
    store.set_setting("new_per_day", 0)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text('settings = "f6"\nstudy-cram = "x"\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        said = text_of(screen.query_one("#card-empty"))
        assert "(f6)" in said and "(x)" in said


# -- settings


@sync
async def test_a_fraction_in_a_whole_number_field_is_refused_in_a_sentence(make, store):
    notes = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        field = app.screen.query_one("#set-new_per_day")
        field.focus()
        field.value = ""
        await pilot.press("1", ".", "5", "enter")  # typed, so an input that drops the dot would save 15
        await pilot.pause()
        assert field.value == "20" and store.srs_settings().new_per_day == 20
        [error] = [n.message for n in notes if n.severity == "error"]
        assert error == "New cards per day: “1.5” is not a whole number; nothing was changed."
        app.lang = "zh"
        field.value = "-5"
        assert not app.screen.save_number(field)
        await pilot.pause()
        assert notes[-1].message == "每天新卡数：-5 超出 0–10000 的范围；未作更改。"


@sync
async def test_the_settings_hint_is_above_the_fields_so_no_dropdown_covers_it(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#settings-hint").region.y < screen.query_one("#set-theme").region.y


# -- the keymap


@sync
async def test_keymap_toml_and_the_keymap_setting_remap_keys_at_start(make, store, tmp_path):
    store.set_setting("keymap", {"study-skip": "ctrl+k", "home-cram-topic": "x"})
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text('study-skip = "ctrl+j"\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")  # the setting's key for cram
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.mode == "cram"
        first = screen.session.current.template_id
        await pilot.press("ctrl+k")  # the file wins over the setting for study-skip
        await pilot.pause()
        assert screen.session.current.template_id == first
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert screen.session.current.template_id != first
    assert app.keymap_problems == []


@sync
async def test_a_bad_keymap_is_one_sentence_per_problem_and_the_rest_applies(make, store, tmp_path):
    store.set_setting("keymap", {"no-such-key": "z", "study-skip": 5, "home-cram-topic": "x"})
    notes = []
    app = make()
    async with app.run_test(size=(80, 24), message_hook=notes_hook(notes)) as pilot:
        await pilot.pause()
        warned = [n.message for n in notes if n.severity == "warning"]
        assert len(warned) == 2
        assert "'no-such-key'" in warned[0] and "help screen" in warned[0]
        assert "study-skip" in warned[1] and '"ctrl+k"' in warned[1]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


@sync
async def test_a_keymap_file_that_is_not_toml_is_reported(make, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "keymap.toml").write_text("study-skip = ctrl+k\n", encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [problem] = app.keymap_problems
        said = str(problem)
        assert "keymap.toml is not valid TOML" in said and said.count("\n") == 0


@sync
async def test_help_says_where_the_keymap_file_is(make, tmp_path):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        said = text_of(app.screen.query_one("#help-remap"))
        assert str(tmp_path / "config" / "keymap.toml") in said and "set_keymap" not in said


# -- the footer at 80 columns


def footer_fits(screen) -> None:
    footer = screen.query_one(Footer)
    keys = sorted((w.region for w in footer.children if w.display), key=lambda r: r.x)
    assert keys and keys[-1].right <= 80, [str(w.render()) for w in footer.children]
    for left, right in zip(keys, keys[1:]):
        assert left.right <= right.x, (left, right)  # nothing overlaps, so nothing is cut


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_every_footer_fits_80_columns(make, lang):
    app = make(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer_fits(app.screen)
        for key in ("f2", "f1"):
            await pilot.press(key)
            await pilot.pause()
            footer_fits(app.screen)
            await pilot.press("escape")
            await pilot.pause()
        screen = await open_topic(pilot, "metrics")  # concept card: asking, then revealed
        footer_fits(screen)
        await pilot.press("space")
        await pilot.pause()
        footer_fits(screen)
        await pilot.press("3")  # rated: the next card is up at once
        await pilot.pause()
        footer_fits(screen)
        await skip_to(pilot, screen, "metrics.r2-range")
        footer_fits(screen)  # choice
        await skip_to(pilot, screen, "metrics.f1-counts")
        footer_fits(screen)  # typing


# -- the command palette


@sync
async def test_the_palette_has_each_action_once_in_the_apps_language(make):
    app = make(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")

        def listed() -> bool:  # the palette fills its list in batches: wait for the last
            options = app.screen.query("CommandList")
            if not options:
                return False
            shown = [str(options.first().get_option_at_index(i).prompt) for i in range(options.first().option_count)]
            return any("按键" in t for t in shown) and any("浅色/深色" in t for t in shown)

        await until(pilot, listed, what="the palette's list")
        palette = app.screen
        assert palette.query_one("CommandInput").placeholder == "搜索命令和主题…"
        options = palette.query_one("CommandList")
        titles = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
        assert len(titles) == len(set(titles)), titles
        assert "按键" in titles and "Keys" not in titles and "Theme" not in titles
        assert "浅色/深色" in titles  # the app's own theme switch, which is saved


# -- home's topic table


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@sync
async def test_topic_titles_are_whole_at_80_columns_and_end_in_an_ellipsis_when_they_cannot_be(make, size):
    from rich.cells import cell_len

    from quizapp.stats import TopicRow
    from quizapp.tui.widgets.topics import TopicTable

    long = "Generalization, model selection and everything a long title can hold " * 2
    rows = (TopicRow("a", {"en": "Neural-network basics and training", "zh": "神经网络"}, 1, 2, 3, 4, 0.5),
            TopicRow("b", {"en": long.strip(), "zh": "很长" * 40}, 0, 0, 0, 0, 0.0))
    app = make()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(TopicTable)
        table.show(rows, "en")
        await pilot.pause()
        width = table.columns[next(k for k in table.columns if k.value == "topic")].width
        first = table.get_cell("a", "topic").plain
        second = table.get_cell("b", "topic").plain
        if size[0] >= 80:
            assert first == "Neural-network basics and training"  # 34 columns, whole at 80
        assert second.endswith("…") and cell_len(second) <= width
        rendered = "\n".join(line.text for line in table.render_lines(table.region.reset_offset))
        assert "…" in rendered
