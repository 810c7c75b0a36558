"""A few snapshots of the key screens at 80×24 (fixed clock, seed, no cursor blink).

Check the snapshot report before updating: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tui_fixtures import bank, clock, make, store  # noqa: F401

SIZE = (80, 24)


async def _to_numeric_card(pilot) -> None:
    """Study the metrics topic and skip to its F1-from-counts card."""
    await pilot.press("s")  # the cursor starts on "metrics"
    await pilot.pause()
    screen = pilot.app.screen
    while screen.session.current.template_id != "metrics.f1-counts":
        await pilot.press("ctrl+n")
    await settle(pilot)


async def settle(pilot) -> None:
    """Let the screen finish drawing, with no toast left: a toast's 2 s would make
    the picture depend on how fast the machine is."""
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_home(make, snap_compare):
    assert snap_compare(make(), terminal_size=SIZE)


def test_study_numeric_card(make, snap_compare):
    assert snap_compare(make(), terminal_size=SIZE, run_before=_to_numeric_card)


def test_study_verdict_with_named_mistake(make, snap_compare):
    async def answer_with_the_accuracy_mistake(pilot):
        await _to_numeric_card(pilot)
        p = pilot.app.screen.session.current.instance.params
        accuracy = (p["tp"] + p["tn"]) / (p["tp"] + p["fp"] + p["fn"] + p["tn"])
        await pilot.press(*f"{accuracy:.3f}", "enter")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=answer_with_the_accuracy_mistake)


def test_settings_in_chinese(make, snap_compare):
    assert snap_compare(make(lang="zh"), terminal_size=SIZE, press=["f2"])


def test_study_steps_card_after_a_stage(make, snap_compare):
    async def answer_the_first_stage_wrong(pilot):
        await pilot.press("down", "s")  # the optimizers topic: its steps card comes first
        await pilot.pause()
        await pilot.press(*"0.5", "enter")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=answer_the_first_stage_wrong)


def test_card_browser(make, snap_compare):
    async def browse_f1(pilot):
        from test_tui_browser import open_browser, search

        screen = await open_browser(pilot)
        await search(pilot, screen, "f1")
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=browse_f1)
