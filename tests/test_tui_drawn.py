"""Drawn widgets are drawn again only when what they show changes, and a Drawing
renders its content once per width however often Textual asks for it."""

from __future__ import annotations

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
    console = Console(width=width, record=True, color_system=None)
    with console.capture():
        console.print(renderable)
    return console.export_text().splitlines()


def test_a_drawing_renders_once_per_width_and_draws_the_same_lines():
    inner = Counted("gradient descent takes one step against the gradient " * 3)
    drawing = Drawing(inner)
    first = lines(drawing, 30)
    again = lines(drawing, 30)
    assert first == again == lines(Prose(inner.text), 30) and inner.renders == 1
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
