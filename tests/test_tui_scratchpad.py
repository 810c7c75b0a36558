"""The scratchpad screen, driven with Pilot as a learner would: from anywhere (f5
and the palette), a value and worked solution as you type in both languages,
completion, the history across runs, the calculator before a card's verdict and the
card's computation after it, the cross-check in a worker, and a line that is slow to
work out never freezing the screen. Expected values are computed here from their
formulas, never by the engine under test."""

from __future__ import annotations

import math
import re
import sys
import threading

import numpy as np
import pytest
from tui_fixtures import bank, clock, make, reviews, store, sync, text_of, until  # noqa: F401

from quizapp import scratchpad
from quizapp.catalog import say
from quizapp.tui.screens.scratchpad import ScratchpadScreen
from test_tui_polish import footer_fits
from test_tui_study import at_typed_card, f1_from, open_topic, skip_to
from test_tui_study_loop import adam_stages

SIZE = (80, 24)
ADAM = "adam params=[1,-2] grads=[[0.5,0.1]] lr=0.1"


def adam_first_step(params, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """One Adam step from zero moments, from its formula."""
    theta, g = np.array(params, float), np.array(grads[0], float)
    m, v = (1 - b1) * g, (1 - b2) * g * g
    m_hat, v_hat = m / (1 - b1), v / (1 - b2)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)


def shown(x: float) -> str:
    """A number as the app writes a value: ten significant figures, Unicode minus."""
    return f"{x:.10g}".replace("-", "−")


async def open_pad(pilot) -> ScratchpadScreen:
    await pilot.press("f5")
    await until(pilot, lambda: isinstance(pilot.app.screen, ScratchpadScreen))
    pad = pilot.app.screen
    await until(pilot, lambda: pad.shown == line_of(pad) and pad.history is not None)
    return pad


def line_of(pad: ScratchpadScreen) -> str:
    return pad.query_one("#pad-line").value


async def type_line(pilot, pad: ScratchpadScreen, text: str, *, clear: bool = True) -> None:
    """Type ``text`` (after clearing the line) and wait until its value is drawn."""
    if clear:
        await pilot.press("ctrl+u", "end", "ctrl+u")
    await pilot.press(*text)
    await settled(pilot, pad)


async def settled(pilot, pad: ScratchpadScreen) -> None:
    await until(pilot, lambda: pad.shown == line_of(pad))
    await pilot.pause()


def drawn(pad: ScratchpadScreen) -> str:
    """Everything the result area shows, as plain text."""
    return "\n".join(text_of(pad.query_one(f"#pad-{part}")) for part in ("value", "pick", "steps", "check")
                     if pad.query_one(f"#pad-{part}").display)


def said(pad: ScratchpadScreen, part: str) -> str:
    widget = pad.query_one(f"#pad-{part}")
    return " ".join(text_of(widget).split()) if widget.display else ""


def options(pad: ScratchpadScreen) -> list[str]:
    listing = pad.query_one("#pad-complete")
    if not listing.display:
        return []
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


# -- from anywhere, as you type


@sync
async def test_arithmetic_from_home_shows_its_value_and_the_line_in_unicode_math(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        assert text_of(pad.query_one("#pad-title")) == "Scratchpad"
        assert "Type a computation" in drawn(pad)  # an empty line says what a line may be
        await type_line(pilot, pad, "sqrt(6/(256+128))")
        value = math.sqrt(6 / (256 + 128))
        assert pad.result.value == pytest.approx(value)
        assert f"= {shown(value)}" in drawn(pad)
        assert f"√(6/(256+128)) = {shown(value)}" in drawn(pad)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        pad = await open_pad(pilot)
        await pilot.press("f5")  # f5 on the scratchpad closes it too
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.parametrize(("lang", "heading", "step"), [("en", "Worked solution", "step 1:"),
                                                       ("zh", "详细解答", "第 1 步")])
@sync
async def test_a_computation_shows_its_value_and_worked_solution(make, lang, heading, step):
    app = make(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        assert text_of(pad.query_one("#pad-title")) == ("Scratchpad" if lang == "en" else "草稿本")
        await type_line(pilot, pad, ADAM)
        want = adam_first_step([1, -2], [[0.5, 0.1]], 0.1)
        assert pad.result.value == pytest.approx(list(want), rel=1e-12)
        text = drawn(pad)
        assert f"= [{shown(want[0])}, {shown(want[1])}]" in text
        assert heading in text and step in text and "m̂₁" in text  # Unicode math, never mhat1


@sync
async def test_switching_language_redraws_the_worked_solution(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, ADAM)
        assert "Worked solution" in drawn(pad)
        await pilot.press("f3")
        await until(pilot, lambda: "详细解答" in drawn(pad))
        assert text_of(pad.query_one("#pad-title")) == "草稿本"
        assert "第 1 步" in drawn(pad) and "Worked solution" not in drawn(pad)


@sync
async def test_a_line_that_cannot_be_worked_is_one_sentence(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "adma lr=0.1")
        assert said(pad, "value") == "There is no computation named 'adma'; did you mean adam?"
        await type_line(pilot, pad, "9^9^9")
        assert said(pad, "value") == "'9^9^9' is too large to compute."
        pad.query_one("#pad-line").value = "1" * 10_001  # a paste
        await settled(pilot, pad)
        assert said(pad, "value") == "The line is 10001 characters long; the scratchpad reads at most 10000."
        assert not pad.query_one("#pad-steps").display


@sync
async def test_a_slow_line_never_freezes_the_screen_and_a_stale_answer_is_dropped(make, monkeypatch):
    gate, finished = threading.Event(), threading.Event()
    real = scratchpad.evaluate

    def slow(line, **kw):
        if line == "1+1":
            gate.wait(120)
            result = real(line, **kw)
            finished.set()
            return result
        return real(line, **kw)

    monkeypatch.setattr(scratchpad, "evaluate", slow)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await pilot.press(*"1+1")
        await until(pilot, lambda: said(pad, "status") == "Working it out…")  # and the screen still answers:
        await pilot.press(*"+1")
        await settled(pilot, pad)
        assert pad.result.value == 3 and said(pad, "status") == ""
        gate.set()
        await until(pilot, finished.is_set)
        await pilot.pause()
        await pilot.pause()
        assert pad.result.value == 3 and line_of(pad) == "1+1+1"  # the answer for "1+1" came too late


@sync
async def test_a_line_wider_than_its_box_is_shown_whole_above_its_value(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "1+1")
        assert not pad.query_one("#pad-echo").display
        line = "f1 y_true=[0, 1, 1, 2, 2, 0, 1, 2, 0, 1] y_pred=[0, 2, 1, 2, 0, 0, 1, 2, 1, 1] average=macro"
        await type_line(pilot, pad, line)
        assert said(pad, "echo") == line  # the box shows a part; the whole line is here, wrapped
        await pilot.press("ctrl+u", "end", "ctrl+u", "ctrl+r")  # nothing to cross-check: say what to type
        assert said(pad, "check").startswith("Type a computation to cross-check")


# -- completion


@sync
async def test_tab_completes_names_then_arguments_with_their_defaults(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "xavier_u")
        await pilot.press("tab")  # one name fits: it is written out, with a space for its arguments
        await settled(pilot, pad)
        assert line_of(pad) == "xavier_uniform_bound "
        listed = options(pad)
        assert [o.split()[0] for o in listed] == ["fan_in=", "fan_out=", "gain="]
        assert "required" in listed[0] and "default 1" in listed[2]
        await pilot.press("tab", *"256 ")
        await settled(pilot, pad)
        assert line_of(pad) == "xavier_uniform_bound fan_in=256 "
        assert [o.split()[0] for o in options(pad)] == ["fan_out=", "gain="]  # never one already given
        await pilot.press("tab", *"128")
        await settled(pilot, pad)
        assert pad.result.value == pytest.approx(math.sqrt(6 / (256 + 128)))
        await type_line(pilot, pad, "adam ")
        assert any(o.split()[:3] == ["lr=", "default", "0.001"] for o in options(pad))  # torch's default lr


@sync
async def test_tab_again_moves_through_the_candidates(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "ada")
        names = [o.split()[0] for o in options(pad)]
        assert {"adam", "adamw", "adagrad"} <= set(names)
        await pilot.press("tab")
        assert line_of(pad) == names[0]
        await pilot.press("tab")
        assert line_of(pad) == names[1]
        await pilot.press("shift+tab")
        assert line_of(pad) == names[0]
        listing = pad.query_one("#pad-complete")
        assert listing.display and listing.highlighted == 0


@sync
async def test_the_calculator_completes_functions_only_and_says_when_there_is_nothing(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await at_typed_card(pilot)
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "ada")
        await pilot.press("tab")
        assert line_of(pad) == "ada"
        assert said(pad, "status").startswith("Nothing to complete here")
        await type_line(pilot, pad, "sq")
        await pilot.press("tab")
        assert line_of(pad) == "sqrt("


# -- history


@sync
async def test_up_and_down_walk_the_kept_lines_across_runs(make, tmp_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        assert app.workspace.data_dir == tmp_path  # beside the progress database
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "1+1")
        await pilot.press("enter")
        assert said(pad, "status").startswith("Kept")
        await type_line(pilot, pad, "2+2")
        await pilot.press("enter")
        await type_line(pilot, pad, "3*")  # a draft
        for key, line in [("up", "2+2"), ("up", "1+1"), ("up", "1+1"), ("down", "2+2"), ("down", "3*")]:
            await pilot.press(key)
            assert line_of(pad) == line, key
        await type_line(pilot, pad, "5*5")  # worked, not kept with Enter: kept on closing
        await pilot.press("escape")
        await pilot.pause()
    assert (tmp_path / scratchpad.HISTORY_FILE).is_file()
    app = make()
    async with app.run_test(size=SIZE) as pilot:  # the next run
        pad = await open_pad(pilot)
        for line in ("5*5", "2+2", "1+1"):
            await pilot.press("up")
            assert line_of(pad) == line
        await settled(pilot, pad)
        assert pad.result.value == 2


@sync
async def test_a_history_that_cannot_be_saved_says_so_and_lasts_while_quizapp_runs(make, tmp_path):
    (tmp_path / scratchpad.HISTORY_FILE).mkdir()  # a folder where the file would be
    app = make(lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "1+1")
        await pilot.press("enter")
        assert "不是普通文件" in said(pad, "status") and "已记下" not in said(pad, "status")
        await pilot.press("escape")
        pad = await open_pad(pilot)
        assert "不是普通文件" in said(pad, "status")
        await pilot.press("up")
        assert line_of(pad) == "1+1"


# -- from a card


@sync
async def test_before_the_verdict_it_is_a_calculator_and_the_card_is_left_as_it_was(make, store):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        study = await open_topic(pilot, "metrics")
        await skip_to(pilot, study, "metrics.f1-counts")
        p = study.session.current.instance.params
        await pilot.press(*"0.5")  # half an answer typed
        pad = await open_pad(pilot)
        assert not pad.allow_engine
        assert "calculator" in text_of(pad.query_one("#pad-title"))
        assert "would give the answer away" in said(pad, "mode")
        await type_line(pilot, pad, f"binary_metrics tp={p['tp']} fp={p['fp']} fn={p['fn']} tn={p['tn']}")
        assert "opens after the verdict" in said(pad, "value") and pad.result.value is None
        bindings = {b.id: enabled for _, b, enabled, _ in pad.active_bindings.values()}
        assert "scratchpad-crosscheck" not in bindings or not bindings["scratchpad-crosscheck"]
        await pilot.press("ctrl+r")  # no cross-check of the card's numbers either
        await pilot.pause()
        assert not pad.checking and said(pad, "check") == ""
        tp, fp, fn = p["tp"], p["fp"], p["fn"]
        await type_line(pilot, pad, f"2*{tp}/(2*{tp}+{fp}+{fn})")  # arithmetic is worked
        assert pad.result.value == pytest.approx(f1_from(p))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is study and study.session.state == "asking"
        answer = study.query_one("#answer")
        assert answer.value == "0.5" and app.focused is answer
        assert answer.selection.start == answer.selection.end == 3  # not selected: typing goes on
    assert reviews(store) == []


@sync
async def test_after_the_verdict_it_holds_the_cards_computation_to_change(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        study = await open_topic(pilot, "metrics")
        await skip_to(pilot, study, "metrics.f1-counts")
        p = study.session.current.instance.params
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        verdict = text_of(study.query_one("#card-verdict"))
        assert "f5: change this card's numbers in the scratchpad" in text_of(study.query_one("#study-hint"))
        pad = await open_pad(pilot)
        assert pad.allow_engine
        assert line_of(pad) == f"binary_metrics tp={p['tp']} fp={p['fp']} fn={p['fn']} tn={p['tn']}"
        assert "change an argument and see what moves" in said(pad, "mode")
        assert pad.result.value["f1"] == pytest.approx(f1_from(p))
        assert said(pad, "pick") == f"This card asked for f1: {shown(f1_from(p))}"
        accuracy = pad.result.value["accuracy"]
        # TN moves accuracy, never F1
        await type_line(pilot, pad, re.sub(r"tn=\d+", "tn=1000", line_of(pad)))
        assert pad.result.value["f1"] == pytest.approx(f1_from(p))
        n = p["tp"] + p["fp"] + p["fn"] + 1000
        assert pad.result.value["accuracy"] == pytest.approx((p["tp"] + 1000) / n) != accuracy
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is study and study.session.state == "answered"
        assert text_of(study.query_one("#card-verdict")) == verdict


@sync
async def test_after_a_steps_card_it_holds_the_engine_stage(make):
    app = make(lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        study = await open_topic(pilot, "optimizers")
        p = study.session.current.instance.params
        for value in adam_stages(p):
            await pilot.press(*f"{value:.6g}", "enter")
            await pilot.pause()
        assert study.session.state == "answered"
        pad = await open_pad(pilot)
        assert line_of(pad).startswith("adam params=[") and "grads=[[" in line_of(pad)
        theta = adam_stages(p)[2]
        assert pad.result.value[0] == pytest.approx(theta, rel=1e-9)
        assert said(pad, "pick") == f"这张卡片问的是：{shown(pad.result.value[0])}"
        assert "这是本题的计算和数字" in said(pad, "mode")


# -- the cross-check


@sync
async def test_the_cross_check_runs_in_a_worker_and_torch_agrees(make):
    pytest.importorskip("torch")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, ADAM)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not pad.checking, ceiling=300)  # loading torch takes seconds
        assert said(pad, "check") == "Cross-check: torch gives the same value."
        assert said(pad, "status") == ""
        await pilot.press("f3")  # the same answer, in Chinese
        await until(pilot, lambda: "详细解答" in drawn(pad))
        assert said(pad, "check") == "交叉核对：torch 算出的值相同。"
        await pilot.press("backspace")  # the line changed: that answer was for another line
        await pilot.pause()
        assert said(pad, "check") == ""


@sync
async def test_the_screen_says_while_it_cross_checks_and_drops_an_answer_for_another_line(make, monkeypatch):
    gate, finished = threading.Event(), threading.Event()

    def slow(line):
        gate.wait(120)
        finished.set()
        return say("scratchpad.crosscheck.agrees", library="torch")

    monkeypatch.setattr(scratchpad, "crosscheck", slow)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, ADAM)
        await pilot.press("ctrl+r")
        assert pad.checking
        assert said(pad, "status") == ("Cross-checking with torch and scikit-learn "
                                       "(loading torch takes a few seconds)…")
        await type_line(pilot, pad, "0", clear=False)  # typing goes on meanwhile
        assert not pad.checking and said(pad, "status") == ""
        gate.set()
        await until(pilot, finished.is_set)
        await pilot.pause()
        await pilot.pause()
        assert said(pad, "check") == ""  # that answer was for the line before


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_without_torch_the_cross_check_says_how_to_install_it(make, monkeypatch, lang):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    app = make(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        await type_line(pilot, pad, ADAM)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not pad.checking)
        text = said(pad, "check")
        assert "pip install torch==2.13.0" in text
        assert text.startswith("The cross-check needs torch" if lang == "en" else "交叉核对需要 torch")


# -- the palette, the footer, the help


@pytest.mark.parametrize(("lang", "title"), [("en", "Scratchpad"), ("zh", "草稿本")])
@sync
async def test_the_palette_opens_it(make, lang, title):
    app = make(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query("CommandList"))

        def titles():
            listing = app.screen.query_one("CommandList")
            return [str(listing.get_option_at_index(i).prompt).split("\n")[0] for i in range(listing.option_count)]

        await pilot.press(*title)
        await until(pilot, lambda: title in titles())
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ScratchpadScreen))


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_the_footer_fits_80_columns(make, lang):
    app = make(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pad = await open_pad(pilot)
        footer_fits(pad)
        await pilot.press("escape")
        study = await open_topic(pilot, "metrics")
        await skip_to(pilot, study, "metrics.f1-counts")
        pad = await open_pad(pilot)  # the calculator
        footer_fits(pad)
        await pilot.press("escape")
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        footer_fits(study)


@sync
async def test_the_help_screen_lists_the_scratchpad_keys(make):
    app = make(lang="zh")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["f5", "草稿本", "任意位置", "scratchpad"] in rows
        assert ["^r", "交叉核对", "草稿本", "scratchpad-crosscheck"] in rows


def test_every_label_the_screen_names_is_in_the_catalog():
    from pathlib import Path

    from quizapp.catalog import has
    from quizapp.tui.screens import scratchpad as screen

    source = Path(screen.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r"""(?:\bt|Msg)\(\s*["']([a-z][\w.-]+)["']""", source))
    keys |= set(re.findall(r'"(pad\.[\w.]+)"', source))
    assert {"pad.title", "pad.calculator", "pad.checking"} <= keys
    assert [k for k in sorted(keys) if not has(k)] == []
    for b in ScratchpadScreen.BINDINGS:
        assert has(f"key.{b.id}"), b.id


# -- snapshots


async def settle(pilot) -> None:
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_snapshot_a_computation(make, snap_compare):
    async def work_adam(pilot):
        pad = await open_pad(pilot)
        await type_line(pilot, pad, ADAM)
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=work_adam)


def test_snapshot_the_calculator_in_chinese(make, snap_compare):
    async def calculator(pilot):
        await pilot.press("s")  # metrics: a card being answered
        await pilot.pause()
        pad = await open_pad(pilot)
        await type_line(pilot, pad, "sq")
        await settle(pilot)

    assert snap_compare(make(lang="zh"), terminal_size=SIZE, run_before=calculator)
