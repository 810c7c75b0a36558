"""A Static that is redrawn only when what it shows changes, and laid out only when
its size does.

``Static.update`` always asks for a new layout and a new render, even with the same
content; the study screen redraws every part of the card after each answer, so the
question, the progress line and the hint were measured and drawn again for nothing
on the way to the verdict's frame. ``Drawn.show`` compares what is shown
(``render.signature``) and draws it through ``render.Drawing``, which keeps its lines
so that measuring the content and drawing it cost one render, not two.

A layout is the dearest part of a frame (Textual lays out the whole screen), and
most updates do not need one: a one-line hint stays one line, and a widget with a
fixed height keeps it whatever it shows. ``show`` repaints in place when the
widget's size stays, and asks the screen for a layout, in the coming frame, when it
changes.

A Drawing is drawn through ``_Lines``, which hands Textual the lines the Drawing
keeps (``Drawing.strips``), styled for the widget, instead of rendering it again
and restyling every segment on each redraw; a framed verdict's worked solution
comes already framed, drawn while the card was asked.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.measure import Measurement
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from quizapp.tui.render import Drawing, signature

_NOTHING = object()


class Drawn(Static):
    def __init__(self, content: RenderableType = "", **kwargs):
        super().__init__(content, markup=False, **kwargs)
        self._shown: object = _NOTHING
        # nothing drawn here is a link: spare Textual restyling every line for links (a new
        # Strip per line, ~0.3 ms of a verdict's frame)
        self.auto_links = False

    def show(self, content: RenderableType) -> bool:
        """Show ``content`` unless it is what is shown already; True when it changed."""
        shown = signature(content)
        if shown == self._shown:
            return False
        self.update(content if isinstance(content, str) else Drawing(content), layout=False)
        if not self.keeps_size():
            self.refresh(layout=True)
            self.screen.refresh(layout=True, repaint=False)  # in the coming frame, not a message later
        self._shown = shown
        return True

    def keeps_size(self) -> bool:
        """What is shown now fits the size the widget has: a fixed height and width, or
        as many lines as it has at its width."""
        if not self.is_mounted or not self.size or not self.display:
            return False
        styles = self.styles
        if styles.width is not None and styles.width.is_auto:
            return False
        if styles.height is not None and not styles.height.is_auto:
            return True
        return self.lines() == self.content_size.height

    def lines(self) -> int:
        """How many lines what is shown takes at the width the widget has."""
        return self.get_content_height(self.size, self.app.size, self.content_size.width)

    def render(self):
        content = self.content
        return _Lines(content, self) if isinstance(content, Drawing) else super().render()

    def update(self, content: RenderableType = "", *, layout: bool = True) -> None:
        self._shown = _NOTHING  # content from elsewhere: the next show() draws
        super().update(content, layout=layout)


class _Lines(Visual):
    """A Drawing as Textual's Visual: the lines it keeps, per width and style."""

    def __init__(self, drawing: Drawing, widget: Drawn):
        self.drawing = drawing
        self.widget = widget

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        app = self.widget.app
        strips = self.drawing.strips(app.console, app.console_options, width, style.rich_style)
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        app = self.widget.app
        options = app.console_options.update_width(container_width)
        return Measurement.get(app.console, options, self.drawing).maximum

    def get_height(self, rules: RulesMap, width: int) -> int:
        app = self.widget.app
        return self.drawing.height(app.console, app.console_options, width)
