"""Draw a ``quizapp.pictures.Picture`` in the terminal: its title, the plot (with
plotext, through textual-plotext) and a legend that names each series, the axes
and the marked points, in the app's language.

plotext counts every character as one cell, so a Chinese word inside the plot
would push its frame out of line: the plot itself holds only lines, points and
numbers (ticks written as the app writes numbers, with the Unicode minus), and
every word is drawn around it with Rich (``Prose``), which measures wide
characters. The series' colours are fixed, so the legend can show them.
"""

from __future__ import annotations

import math

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from quizapp.catalog import render
from quizapp.pictures import Picture, show_number
from quizapp.tui.widgets.prose import Prose

PALETTE = ((0, 135, 255), (255, 135, 0), (0, 175, 95), (175, 95, 255), (0, 175, 175))
MARK = (215, 0, 95)
TICKS = 5


def rgb(color: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*color)


def nice_ticks(lo: float, hi: float, count: int = TICKS) -> list[float]:
    """About ``count`` round numbers (steps of 1, 2 or 5 × 10ᵏ) from ``lo`` to ``hi``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9 and len(ticks) < 4 * count:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value = first + len(ticks) * step
    return ticks


def _span(values: list[float], given: tuple[float, float] | None) -> tuple[float, float]:
    if given is not None:
        return given
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        lo, hi = lo - 1, hi + 1
    return lo, hi


class PlotCanvas(PlotextPlot):
    """The plot of a picture: lines, points, bars and marks, with numeric ticks."""

    DEFAULT_CSS = """
    PlotCanvas {
        height: 10;
        width: 1fr;
    }
    """

    def __init__(self, picture: Picture | None, **kwargs):
        super().__init__(**kwargs)
        self.picture = picture

    def render(self):
        if self.picture is None:
            return ""
        self.draw(self.size.width, self.size.height)
        return super().render()

    def draw(self, width: int, height: int) -> None:
        """Put the picture on plotext's figure for a plot ``width`` × ``height`` cells."""
        pic = self.picture
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        xs = [x for s in pic.series for x in s.x] + [m.x for m in pic.marks]
        ys = [y for s in pic.series for y in s.y] + [m.y for m in pic.marks]
        x_lo, x_hi = _span(xs, pic.x_range)
        y_lo, y_hi = _span(ys, pic.y_range)
        stacks = {}
        for s in pic.series:  # a stacked series reaches as high as the bars under it plus its own
            under = next((b for b in pic.series if b.style == "bars" and b.x == s.x), None)
            if s.style == "stacked" and under is not None:
                stacks = {x: a + b for x, a, b in zip(s.x, under.y, s.y)}
        if stacks:
            y_hi = max(y_hi, max(stacks.values()))
        if any(s.style in ("bars", "stacked") for s in pic.series):
            y_lo = min(0.0, y_lo)
        for n, s in enumerate(pic.series):
            color = PALETTE[n % len(PALETTE)]
            on_top = [t for t in pic.series[n + 1:n + 2] if t.style == "stacked" and t.x == s.x]
            if s.style == "bars" and on_top:
                plt.stacked_bar(list(s.x), [list(s.y), list(on_top[0].y)], color=[color, PALETTE[(n + 1) % len(PALETTE)]],
                                width=_bar_width(s.x, x_lo, x_hi, width), minimum=0)
            elif s.style == "stacked" and any(b.style == "bars" and b.x == s.x for b in pic.series):
                continue  # drawn with the bars below it
            elif s.style == "bars":
                plt.bar(list(s.x), list(s.y), color=color, width=_bar_width(s.x, x_lo, x_hi, width), minimum=0)
            elif s.style == "points":
                plt.scatter(list(s.x), list(s.y), marker="dot", color=color)
            else:  # a gap (NaN: not known) breaks the line rather than being bridged
                for run in _runs(s.x, s.y):
                    plot = plt.plot if len(run[0]) > 1 else plt.scatter
                    plot(*run, marker="braille", color=color)
        if pic.marks:
            plt.scatter([m.x for m in pic.marks], [m.y for m in pic.marks], marker="●", color=MARK)
        plt.xlim(x_lo, x_hi)
        plt.ylim(y_lo, y_hi)
        if pic.x_ticks:
            plt.xticks([x for x, _ in pic.x_ticks], [label for _, label in pic.x_ticks])
        else:
            ticks = nice_ticks(x_lo, x_hi, max(2, min(TICKS, width // 12)))
            plt.xticks(ticks, [show_number(t) for t in ticks])
        ticks = nice_ticks(y_lo, y_hi, max(2, min(TICKS, height // 2)))
        plt.yticks(ticks, [show_number(t) for t in ticks])


def _runs(xs: tuple[float, ...], ys: tuple[float, ...]) -> list[tuple[list[float], list[float]]]:
    """The stretches of a series between its unknown (NaN) points."""
    runs: list[tuple[list[float], list[float]]] = [([], [])]
    for x, y in zip(xs, ys):
        if math.isfinite(y):
            runs[-1][0].append(x)
            runs[-1][1].append(y)
        elif runs[-1][0]:
            runs.append(([], []))
    return [r for r in runs if r[0]]


def _bar_width(x: tuple[float, ...], lo: float, hi: float, width: int) -> float:
    """Bars a little narrower than their spacing."""
    return 0.8 if len(x) < 2 else 0.8 * min(b - a for a, b in zip(x, x[1:]))


def legend(picture: Picture, lang: str) -> RenderableType:
    """The series by colour, the marked points, the axes' names."""
    line = Text()
    for n, s in enumerate(picture.series):
        if n:
            line.append("   ")
        line.append("■ " if s.style in ("bars", "stacked") else "━ ", style=rgb(PALETTE[n % len(PALETTE)]))
        line.append(render(s.label, lang))
    parts: list[RenderableType] = [Prose(line)]
    for m in picture.marks:
        mark = Text("● ", style=rgb(MARK))
        mark.append(render(m.label, lang))
        parts.append(Prose(mark, indent=2))
    axes = [render(label, lang) for label in (picture.x_label, picture.y_label) if label is not None]
    if len(axes) == 2:  # (the statistics' plots need no names: their titles say what is counted)
        from quizapp.tui.render import t

        parts.append(Prose(Text(t("pictures.axes", lang, x=axes[0], y=axes[1]), style="dim")))
    return Group(*parts)


class PictureView(Vertical):
    """A picture with its title above and its legend below."""

    DEFAULT_CSS = """
    PictureView {
        height: auto;
    }
    PictureView > .picture-title {
        text-style: bold;
    }
    """

    def __init__(self, picture: Picture | None, *, plot_height: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.picture = picture
        self.plot_height = plot_height

    def compose(self) -> ComposeResult:
        yield Static(markup=False, classes="picture-title")
        canvas = PlotCanvas(self.picture)
        if self.plot_height is not None:
            canvas.styles.height = self.plot_height
        yield canvas
        yield Static(markup=False, classes="picture-legend")

    def on_mount(self) -> None:
        self.relabel(self.app.lang)

    def relabel(self, lang: str) -> None:
        if self.picture is None:
            return
        for title in self.query(".picture-title").results(Static):  # none yet before compose: on_mount draws
            title.update(Prose(render(self.picture.title, lang)))
        for caption in self.query(".picture-legend").results(Static):
            caption.update(legend(self.picture, lang))

    def show(self, picture: Picture | None, lang: str, plot_height: int | None = None) -> None:
        """Draw another picture in place (no new widgets: cheaper than mounting)."""
        self.picture = picture
        for canvas in self.query(PlotCanvas):
            canvas.picture = picture
            if plot_height is not None:
                canvas.styles.height = plot_height
            canvas.refresh()
        self.relabel(lang)


__all__ = ["PictureView", "PlotCanvas", "legend", "nice_ticks"]
