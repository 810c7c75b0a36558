"""Drawn widgets are drawn again only when what they show changes, and a Drawing
renders its content once per width however often Textual asks for it."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from textual.app import App
from tui_fixtures import sync

from quizapp.tui.render import Drawing, group, hanging, signature
from quizapp.tui.widgets.drawn import Drawn
from quizapp.tui.widgets.prose import Prose


class Counted:
    """A renderable that counts how often it is rendered."""

    def __init__(self, text: str):
        self.text, self.renders = text, 0

    def __rich_console__(self, console, options):
        self.renders += 1
        yield from console.render(Prose(self.text), options)


def lines(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text().splitlines()


def test_a_drawing_renders_once_per_width_and_draws_the_same_lines():
    inner = Counted("gradient descent takes one step against the gradient " * 3)
    drawing = Drawing(inner)
    first = lines(drawing, 30)
    again = lines(drawing, 30)
    assert first == again == lines(Prose(inner.text), 30) and len(first) == 6 and inner.renders == 1
    narrow = lines(drawing, 20)
    assert narrow == lines(Prose(inner.text), 20) and inner.renders == 2  # a new width: drawn at it


def test_equal_content_has_equal_signatures_and_any_difference_shows():
    def card(word: str, style: str = "bold"):
        head = Text("✓ ", style=style)
        head.append(word)
        return group([Prose(head), hanging([("  ", Text("m̂₁ = 0.1 / (1 − 0.9)"))])])

    assert signature(card("Correct")) == signature(card("Correct"))
    assert signature(card("Correct")) != signature(card("Wrong"))
    assert signature(card("Correct")) != signature(card("Correct", style="bold red"))
    assert signature(Counted("x")) != signature(Counted("x"))  # unknown renderables are never taken as equal


class One(App):
    def compose(self):
        yield Drawn(id="box")


@sync
async def test_drawn_shows_new_content_and_skips_the_same_content():
    app = One()
    async with app.run_test(size=(40, 5)) as pilot:
        box = app.query_one(Drawn)
        assert box.show(Prose(Text("learning rate 0.01")))
        await pilot.pause()
        content = box.content
        assert not box.show(Prose(Text("learning rate 0.01")))  # the same: not given again
        assert box.content is content
        assert box.show(Prose(Text("learning rate 0.1")))
        await pilot.pause()
        assert box.content is not content
        box.update("plain")  # content from elsewhere: the next show() draws again
        assert box.show(Prose(Text("learning rate 0.1")))


def screen_text(app) -> list[str]:
    """What the screen shows, line by line (the app's own render of it)."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


class Sized(App):
    CSS = "#fixed { height: 6; } #grows { height: auto; }"

    def compose(self):
        yield Drawn(id="fixed")
        yield Drawn("one line", id="grows")


@sync
async def test_a_drawn_widget_lays_the_screen_out_only_when_its_size_changes():
    app = Sized()
    async with app.run_test(size=(40, 12)) as pilot:
        layouts = []
        app.screen.screen_layout_refresh_signal.subscribe(app.screen, lambda screen: layouts.append(screen))
        fixed, grows = app.query_one("#fixed", Drawn), app.query_one("#grows", Drawn)
        await pilot.pause()
        layouts.clear()
        assert fixed.show(Prose(Text("a verdict\nin three\nlines")))  # a fixed height keeps its size
        assert grows.show(Prose(Text("another line")))  # still one line
        await pilot.pause()
        shown = screen_text(app)
        assert layouts == [] and shown[:3] == ["a verdict", "in three", "lines"] and shown[6] == "another line"
        assert grows.show(Prose(Text("now\ntwo lines")))  # one more line: the screen is laid out
        await pilot.pause()
        assert len(layouts) >= 1 and grows.size.height == 2 and screen_text(app)[6:8] == ["now", "two lines"]


def plain(strips) -> list[str]:
    return [strip.text for strip in strips]


def test_a_framed_drawing_draws_the_lines_of_the_panel_it_stands_for():
    from rich.style import Style

    from quizapp.tui.render import Framed, framing

    console = Console(width=100, color_system="truecolor")
    solution = Drawing(group([Text("\nWorked solution", style="bold"),
                              hanging([("  ", Text("对每个类别分别计算 F1,再按真实标签中的占比加权求和 = 0.177778 " * 2))])]))
    note = Drawing(Prose(Text("It comes back later in this session.")))
    base, frame = Style(color="white", bgcolor="black"), Style(color="yellow")
    for width in (12, 40, 96):
        verdict = Framed(group([Prose(Text("✗ Not right: 0.5 is off by 181% (too high).")), solution, note]), frame)
        expected = lines(verdict, width)  # as Rich draws it: the Panel
        drawn = Drawing(verdict).strips(console, console.options, width, base)
        assert [line.rstrip() for line in plain(drawn)] == [line.rstrip() for line in expected]
        assert all(strip.cell_length == width for strip in drawn)
        assert all(seg.style == framing(base, frame) for strip in drawn for seg in strip  # the frame's cells
                   if seg.text and set(seg.text) <= set("╭╮╰╯─│"))
        ahead = solution.framed(console, console.options, width - 4, base, framing(base, frame))
        assert all(any(a is b for b in drawn) for a in ahead)  # the solution's lines, drawn ahead, replayed
