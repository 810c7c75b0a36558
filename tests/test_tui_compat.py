"""Every use of Textual's private API lives in quizapp/tui/compat.py; these tests
fail by name if an upgrade of Textual breaks one."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer
from tui_fixtures import sync

from quizapp.tui.compat import CrashLog, localize_bindings

GROUP = Binding.Group("Rate", compact=True)


class Demo(App):
    BINDINGS = [Binding("x", "bell", "Ex", id="demo-x"),
                *(Binding(str(n), "bell", "Rate", id=f"demo-rate-{n}", group=GROUP) for n in (1, 2))]

    def compose(self):
        yield Footer()


@sync
async def test_localize_bindings_rewrites_descriptions_and_group_names():
    app = Demo()
    async with app.run_test(size=(80, 10)) as pilot:
        localize_bindings(app, {"demo-x": "Ix", "demo-rate-1": "Again · 1m"}.get,
                          lambda bid: "评分" if bid.startswith("demo-rate") else None)
        app.refresh_bindings()
        await pilot.pause()
        shown = {b.id: (b.description, b.group.description if b.group else None)
                 for _, b, _, _ in app.screen.active_bindings.values()}
        assert shown["demo-x"] == ("Ix", None)
        assert shown["demo-rate-1"] == ("Again · 1m", "评分") and shown["demo-rate-2"] == ("Rate", "评分")


class Crashing(CrashLog, App):
    def on_mount(self) -> None:
        raise RuntimeError("boom")


@sync
async def test_a_crash_is_logged_and_said_in_one_sentence(tmp_path, capfd):
    app = Crashing()
    app.log_dir = tmp_path
    try:
        async with app.run_test():
            pass
    except RuntimeError:
        pass  # Pilot re-raises the app's error in tests
    assert app.return_code == 1 and app.crash_log is not None and app.crash_log.parent == tmp_path
    assert "RuntimeError: boom" in app.crash_log.read_text()
    said = capfd.readouterr().err.strip()
    assert said.startswith("quizapp stopped after an unexpected error (RuntimeError)") and "Traceback" not in said


def footer_text(app) -> str:
    """What the screen shows, as text (the app's own screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


class Switching(App):
    """Two states: Go (enabled or not) and Stop, or Go and Wait: as many keys in each."""

    BINDINGS = [Binding("g", "go", "Go", id="demo-go"), Binding("s", "stop", "Stop", id="demo-stop"),
                Binding("w", "wait", "Wait", id="demo-wait")]
    state = "stop"
    go_on = True

    def compose(self):
        from quizapp.tui.compat import KeyFooter

        yield KeyFooter(compact=True)

    def check_action(self, action, parameters):
        if action == "go":
            return True if self.go_on else None  # None: shown, dimmed
        if action in ("stop", "wait"):
            return action == self.state
        return True


@sync
async def test_key_footer_relabels_its_keys_in_place_and_rebuilds_only_for_a_new_shape():
    from textual.widgets._footer import FooterKey

    app = Switching()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert [k.description for k in keys][:2] == ["Go", "Stop"]
        app.go_on, app.state = False, "wait"  # same shape: relabelled, not rebuilt
        app.refresh_bindings()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys
        assert [k.description for k in keys][:2] == ["Go", "Wait"]
        assert keys[0].has_class("-disabled") and not keys[1].has_class("-disabled")
        assert "Wait" in footer_text(app) and "Stop" not in footer_text(app)
        app.state = "neither"  # one key fewer: a new footer
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        now = list(app.screen.query(FooterKey))
        assert not set(now) & set(keys) and [k.description for k in now][:1] == ["Go"]
        assert "Wait" not in footer_text(app)


class OneLine(App):
    def compose(self):
        from textual.widgets import Static

        yield Static("before", id="line")


@sync
async def test_paint_now_hands_a_widgets_repaint_to_its_screen_at_once():
    from textual.widgets import Static

    from quizapp.tui.compat import paint_now

    app = OneLine()
    async with app.run_test(size=(20, 3)) as pilot:
        line = app.query_one("#line", Static)
        line.update("after", layout=False)
        assert line._repaint_required  # waiting for the widget's own idle
        paint_now(line)
        assert not line._repaint_required  # handed to the screen now
        await pilot.pause()
        assert app.screen._compositor.render_strips()[0].text.startswith("after")
