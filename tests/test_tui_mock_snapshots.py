"""Snapshots of the mock interview's screens at 80×24 (fixed clock, seed, no cursor
blink, no toast left): the setup, a question with both countdowns, a steps card in
Chinese after a stage (no verdict), and the scorecard.

Check the snapshot report before updating: pytest tests/test_tui_mock_snapshots.py --snapshot-update
"""

from __future__ import annotations

from textual.widgets import Input, Select
from tui_fixtures import _no_cursor_blink, bank, clock, make, store  # noqa: F401  (no blink: stable pictures)

from test_tui_snapshots import SIZE, settle


async def drawn(pilot, screen) -> None:
    """Wait (with a generous ceiling) until the card in view is the session's current one,
    its answer box focused: a pass mounts the next card after the session moved on."""
    for _ in range(200):
        view = screen.view
        focused = pilot.app.focused
        if (view is not None and view.is_mounted and view.question is screen.session.current
                and focused is not None and (focused.id == "answer" or focused is view)):
            break
        await pilot.pause(0.02)
    await settle(pilot)


async def _interview(pilot, per_question: int | None = None):
    await pilot.press("m")
    await pilot.pause()
    if per_question is not None:
        pilot.app.screen.query_one("#mock-per-question", Select).value = per_question
    pilot.app.screen.query_one("#mock-start-button").focus()
    await pilot.press("enter")
    await pilot.pause()
    await drawn(pilot, pilot.app.screen)
    return pilot.app.screen


def test_mock_setup(make, snap_compare):
    async def open_setup(pilot):
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=open_setup)


def test_mock_question_with_both_countdowns(make, clock, snap_compare):
    async def a_numeric_question(pilot):
        screen = await _interview(pilot, per_question=2)
        while screen.session.current.kind != "numeric":
            await pilot.press("ctrl+n")
            await pilot.pause()
        clock.advance(75)
        await screen.tick()
        await drawn(pilot, screen)

    assert snap_compare(make(), terminal_size=SIZE, run_before=a_numeric_question)


def test_mock_steps_card_in_chinese_shows_no_verdict(make, snap_compare):
    async def a_stage_answered(pilot):
        screen = await _interview(pilot)
        while screen.session.current.kind != "steps":
            await pilot.press("ctrl+n")
            await pilot.pause()
        await drawn(pilot, screen)
        screen.query_one("#answer", Input).value = "0.5"
        await pilot.press("enter")
        await drawn(pilot, screen)

    assert snap_compare(make(lang="zh"), terminal_size=SIZE, run_before=a_stage_answered)


def test_mock_scorecard(make, clock, snap_compare):
    async def a_wrong_answer_then_the_end(pilot):
        screen = await _interview(pilot)
        while screen.session.current.kind != "numeric":
            await pilot.press("ctrl+n")
            await pilot.pause()
        clock.advance(42)
        await drawn(pilot, screen)
        screen.query_one("#answer", Input).value = "12345"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "y")
        await pilot.pause()
        if type(pilot.app.screen).__name__ == "KeyPointsScreen":
            await pilot.press("escape")
        await settle(pilot)

    assert snap_compare(make(), terminal_size=SIZE, run_before=a_wrong_answer_then_the_end)
