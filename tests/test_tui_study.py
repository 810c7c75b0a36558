"""Pilot flows through the study screen: every kind of card, undo, skip, flag and a
language switch, asserting on the screen's state and on the reviews stored."""

from __future__ import annotations

from tui_fixtures import bank, clock, make, reviews, store, sync, text_of  # noqa: F401

from quizapp.tui.screens.study import StudyScreen


async def open_topic(pilot, topic: str, key: str = "s") -> StudyScreen:
    """From home, move the topic cursor to ``topic`` and press ``key`` (s study, c cram)."""
    app = pilot.app
    table = app.screen.query_one("#topics")
    table.move_cursor(row=table.get_row_index(topic))
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def skip_to(pilot, screen: StudyScreen, template_id: str) -> None:
    for _ in range(10):
        if screen.session.current.template_id == template_id:
            return
        await pilot.press("ctrl+n")
        await pilot.pause()
    raise AssertionError(f"{template_id} never came up")


async def at_typed_card(pilot) -> StudyScreen:
    """From home, the metrics topic's typed card (F1 from confusion counts): where most
    flows through a typed answer start."""
    screen = await open_topic(pilot, "metrics")
    await skip_to(pilot, screen, "metrics.f1-counts")
    return screen


def f1_from(params: dict) -> float:
    tp, fp, fn = params["tp"], params["fp"], params["fn"]
    return 2 * tp / (2 * tp + fp + fn)


async def answer_f1(make, clock, typed_for) -> tuple:
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        params = screen.session.current.instance.params
        assert app.focused is screen.query_one("#answer")
        clock.advance(5)
        await pilot.press(*typed_for(params), "enter")
        await pilot.pause()
        verdict = text_of(screen.query_one("#card-verdict"))
        state = screen.session.state
    return params, verdict, state


@sync
async def test_numeric_card_right(make, store, clock):
    params, verdict, state = await answer_f1(make, clock, lambda p: f"{f1_from(p):.3f}")
    assert state == "answered"
    assert "✓" in verdict and "Worked solution" in verdict
    [r] = reviews(store)
    assert r["template_id"] == "metrics.f1-counts" and r["verdict"] == "correct"
    assert r["rating"] == 4  # right within 5 s on a difficulty-2 card: Easy


@sync
async def test_numeric_card_wrong_shows_how_far_off_and_the_solution(make, store, clock):
    params, verdict, _ = await answer_f1(make, clock, lambda p: f"{f1_from(p) * 1.5:.3f}")
    assert "✗" in verdict and "off by" in verdict
    assert f"Expected {f1_from(params):.3f}" in verdict
    assert f"TP = {params['tp']}" in verdict  # the worked solution uses these numbers
    [r] = reviews(store)
    assert (r["verdict"], r["rating"], r["mistake"]) == ("wrong", 1, None)


@sync
async def test_numeric_card_common_mistake_is_named(make, store, clock):
    def accuracy(p):
        return f"{(p['tp'] + p['tn']) / (p['tp'] + p['fp'] + p['fn'] + p['tn']):.4f}"

    _, verdict, _ = await answer_f1(make, clock, accuracy)
    assert "common mistake" in verdict.lower()
    assert " ".join(verdict.split()).count("computed accuracy instead of F1") == 1  # named once
    [r] = reviews(store)
    assert (r["verdict"], r["mistake"]) == ("wrong", "accuracy")


@sync
async def test_unreadable_answer_is_not_a_review_and_waits_for_a_retype(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        assert screen.session.state == "asking"
        assert "Could not read" in text_of(screen.query_one("#card-verdict"))
        assert screen.query_one("#answer").value == "abc"
    assert reviews(store) == []


@sync
async def test_concept_card_reveal_then_rate(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        assert screen.session.current.template_id == "metrics.precision-meaning"
        await pilot.press("3")  # rating before reveal does nothing
        assert reviews(store) == []
        await pilot.press("space")
        await pilot.pause()
        shown = text_of(screen.query_one("#card-verdict"))
        assert "Key points" in shown and "It ignores false negatives" in shown
        # each rating key says when the card comes back, as Anki's "Good · 3d"
        footer = {b.id: b.description for _, b, enabled, _ in screen.active_bindings.values() if enabled}
        assert footer["study-rate-1"] == "Again · 1m" and footer["study-rate-3"].startswith("Good · ")
        await pilot.press("2")  # the second press: rated, and the next card is up at once
        await pilot.pause()
        assert screen.session.current.template_id != "metrics.precision-meaning"
        assert screen.session.state == "asking" and screen.session.progress.recalled == 1
        assert any(n.message.startswith("Hard · next review in") for n in app._notifications)
    [r] = reviews(store)
    assert (r["template_id"], r["verdict"], r["rating"]) == ("metrics.precision-meaning", "self", 2)


@sync
async def test_choice_cards_single_and_multiple(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "metrics")
        await skip_to(pilot, screen, "metrics.r2-range")
        inst = screen.session.current.instance
        right = next(i for i, o in enumerate(inst.options) if o["en"].startswith("Any value ≤ 1"))
        await pilot.press(str(right + 1))
        await pilot.pause()
        assert "✓" in text_of(screen.query_one("#card-verdict"))
        await pilot.press("enter")
        await pilot.pause()
        inst = screen.session.current.instance
        assert inst.template.id == "metrics.ratios-from-counts"
        picks = [i for i, o in enumerate(inst.options) if o["en"] != "Recall"]
        for i in picks:
            await pilot.press(str(i + 1))
        await pilot.press(str(picks[0] + 1))  # a second press takes the pick back
        await pilot.pause()
        assert screen.view.chosen == frozenset(picks[1:])
        await pilot.press(str(picks[0] + 1), "enter")
        await pilot.pause()
        assert screen.session.state == "answered"
    assert [r["verdict"] for r in reviews(store)] == ["correct", "correct"]


@sync
async def test_steps_card_stage_by_stage(make, store, clock):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        q = screen.session.current
        assert q.template_id == "optimizers.adam-first-step" and q.stage == 0
        p = q.instance.params
        m1 = 0.1 * p["g"]
        v1 = 0.001 * p["g"] ** 2
        theta1 = p["theta"] - p["lr"] * (m1 / 0.1) / ((v1 / 0.001) ** 0.5 + 1e-8)  # bias-corrected
        for typed in (f"{m1:.6g}", f"{v1:.6g}"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        assert screen.session.current.stage == 2
        assert text_of(screen.query_one("#card-stages")).count("✓") == 2
        await pilot.press(*f"{theta1:.6f}", "enter")
        await pilot.pause()
        assert screen.session.state == "answered"
    [r] = reviews(store)
    assert (r["template_id"], r["verdict"]) == ("optimizers.adam-first-step", "correct")


@sync
async def test_undo_takes_back_the_review_and_asks_the_same_numbers(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        before = screen.session.current.instance.params
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        assert len(reviews(store)) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert reviews(store) == []
        assert screen.session.state == "asking"
        assert screen.session.current.instance.params == before
        assert text_of(screen.query_one("#card-verdict")) == ""  # no verdict on the card asked again


@sync
async def test_undo_mid_steps_card_takes_back_one_stage_and_keeps_the_earlier_ones(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        q = screen.session.current
        assert q.template_id == "optimizers.adam-first-step"
        g = q.instance.params["g"]
        for typed in (f"{0.1 * g:.6g}", f"{0.001 * g ** 2:.6g}"):  # m₁ and v₁ by hand
            await pilot.press(*typed, "enter")
            await pilot.pause()
        assert screen.session.current.stage == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.current.stage == 1  # v₁ is asked again
        stages = text_of(screen.query_one("#card-stages"))
        assert stages.count("✓") == 1  # m₁'s verdict is still shown
        assert reviews(store) == []  # nothing was stored mid-card


@sync
async def test_flag_is_stored_with_the_note(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "optimizers")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"typo", "enter")
        await pilot.pause()
        assert app.screen is screen
    rows = list(store.db.query("SELECT template_id, note FROM flag"))
    assert rows == [{"template_id": "optimizers.adam-first-step", "note": "typo"}]


@sync
async def test_switching_language_rerenders_the_same_instance(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_typed_card(pilot)
        inst = screen.session.current.instance
        await pilot.press(*"0.5", "enter")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert app.lang == "zh"
        assert screen.session.current.instance is inst
        assert text_of(screen.query_one("#card-question")).endswith(inst.prompt["zh"])
        assert "不对" in text_of(screen.query_one("#card-verdict"))
        assert "撤销" in [b.description for _, b, *_ in app.screen.active_bindings.values()]
    assert store.get_setting("language") == "zh"
    assert len(reviews(store)) == 1  # switching language is not a review


@sync
async def test_cram_logs_cram_reviews(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_topic(pilot, "optimizers", key="c")
        assert screen.session.mode == "cram"
        for _ in range(3):  # a steps card takes one answer per stage
            if screen.session.state == "answered":
                break
            await pilot.press("0", "enter")
            await pilot.pause()
        assert screen.session.state == "answered"
    assert [r["mode"] for r in reviews(store)] == ["cram"]
