"""A Static that is redrawn only when what it shows changes.

``Static.update`` always asks for a new layout and a new render, even with the same
content; the study screen redraws every part of the card after each answer, so the
question, the progress line and the hint were measured and drawn again for nothing
on the way to the verdict's frame. ``Drawn.show`` compares what is shown
(``render.signature``) and draws it through ``render.Drawing``, which keeps its lines
so that measuring the content and drawing it cost one render, not two.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import Static

from quizapp.tui.render import Drawing, signature

_NOTHING = object()


class Drawn(Static):
    def __init__(self, content: RenderableType = "", **kwargs):
        super().__init__(content, markup=False, **kwargs)
        self._shown: object = _NOTHING

    def show(self, content: RenderableType) -> bool:
        """Show ``content`` unless it is what is shown already; True when it changed."""
        shown = signature(content)
        if shown == self._shown:
            return False
        self.update(content if isinstance(content, str) else Drawing(content))
        self._shown = shown
        return True

    def update(self, content: RenderableType = "", *, layout: bool = True) -> None:
        self._shown = _NOTHING  # content from elsewhere: the next show() draws
        super().update(content, layout=layout)
