"""Statistics: the calendar of answers, reviews per day, retention by week, the due
forecast, accuracy per topic, the mistakes made most and the mock-interview
trend, from ``Workspace.statistics`` (the read model, computed in a worker thread:
a long history never holds up the screen).

Everything is one scrolling column, so it reads at 80×24 as at 160×45. The
screen is made once and kept: opening it again draws the new figures into the same
widgets. Until the first figures are in, the screen says it is counting; a plot with nothing known to show
(no reviews yet, no mock interview) is a sentence, never a row of zeros; practice
(cram) is counted apart and says so.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from quizapp.catalog import render
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t
from quizapp.tui.widgets.picture import PictureView
from quizapp.tui.widgets.prose import Prose

HEAT = ("#0e4429", "#006d32", "#26a641", "#39d353")  # fewest to most answers
MOST_MISTAKES = 8
BAR = 16  # cells of an accuracy bar
TITLE = 24  # cells of a topic's title beside its bar (a longer one ends in …)
PLOTS = ("reviews", "retention", "forecast", "mocks")


def percent(share: float | None, lang: str) -> str:
    return t("statistics.unknown", lang) if share is None else f"{share:.0%}"


class Heatmap:
    """A calendar of answers per study day: a column per week (the last one holds
    today), a row per weekday, as many weeks as the width holds (up to a year)."""

    def __init__(self, counts: dict[str, int], today: date, lang: str):
        self.counts, self.today, self.lang = counts, today, lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lang = self.lang
        labels = {d: t(f"statistics.weekday.{d}", lang) for d in (0, 2, 4, 6)}
        pad = max(cell_len(x) for x in labels.values()) + 1
        weeks = max(4, min(53, (options.max_width - pad) // 2))
        first = self.today - timedelta(days=self.today.weekday(), weeks=weeks - 1)
        top = max([n for d, n in self.counts.items() if d >= first.isoformat()] or [0])
        months = Text(" " * pad)
        shown = None
        for w in range(weeks):
            day = first + timedelta(weeks=w)
            if day.month == shown:
                continue
            shown = day.month
            name = t(f"statistics.month.{day.month}", lang)
            soon = (day + timedelta(weeks=2)).month != day.month and w == 0  # a sliver of a month: no room
            fits = pad + 2 * w + cell_len(name) <= pad + 2 * weeks
            if not soon and fits and (months.cell_len < pad + 2 * w or months.cell_len == pad):
                months.append(" " * (pad + 2 * w - months.cell_len))
                months.append(name, style="dim")
        yield months
        for weekday in range(7):
            row = Text(labels.get(weekday, ""), style="dim")
            row.append(" " * (pad - row.cell_len))
            for w in range(weeks):
                day = first + timedelta(weeks=w, days=weekday)
                if day > self.today:
                    break
                n = self.counts.get(day.isoformat(), 0)
                if n == 0:
                    row.append("· ", style="dim")
                else:
                    row.append("■ ", style=HEAT[min(3, math.ceil(4 * n / top) - 1)])
            yield row
        key = Text(" " * pad)
        key.append(t("statistics.calendar.none", lang) + " ", style="dim")
        key.append("· ", style="dim")
        key.append(" " + t("statistics.calendar.less", lang) + " ", style="dim")
        for color in HEAT:
            key.append("■ ", style=color)
        key.append(t("statistics.calendar.more", lang), style="dim")
        if top:
            key.append(" · " + t("statistics.calendar.busiest", lang, count=top), style="dim")
        yield Prose(key)


class StatisticsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    class Loaded(Message):
        def __init__(self, figures: dict[str, Any]):
            super().__init__()
            self.figures = figures

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, Any] | None = None
        self.shown = 0  # how many times the figures have been drawn (tests and the benchmark wait on it)

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="statistics-title", classes="screen-title")
        with VerticalScroll(id="statistics-body"):
            yield Static(markup=False, id="statistics-status")
            yield Static(markup=False, id="statistics-calendar", classes="statistics-section")
            yield Static(markup=False, classes="statistics-heatmap")
            for name in PLOTS[:3]:
                yield from self._compose_plot(name)
            yield Static(markup=False, id="statistics-accuracy-title", classes="statistics-section")
            yield Static(markup=False, id="statistics-accuracy", classes="statistics-block")
            yield Static(markup=False, id="statistics-mistakes-title", classes="statistics-section")
            yield Static(markup=False, id="statistics-mistakes", classes="statistics-block")
            yield from self._compose_plot(PLOTS[3])
        yield KeyFooter(compact=True)

    def _compose_plot(self, name: str) -> ComposeResult:
        """A plot and the sentence said instead when there is nothing to plot."""
        yield PictureView(None, id=f"statistics-{name}", classes="statistics-section")
        yield Static(markup=False, id=f"statistics-{name}-empty", classes="statistics-section")

    def on_mount(self) -> None:
        self.app.localize(self)
        self.watch(self.app, "lang", self._relabel, init=False)
        self._title()
        for widget in self.query("#statistics-body > *"):
            widget.display = widget.id == "statistics-status"
        self.query_one("#statistics-status", Static).update(t("statistics.loading", self.app.lang))
        self.query_one("#statistics-body").focus()
        self.load()

    def _title(self) -> None:
        self.query_one("#statistics-title", Static).update(f"quizapp · {t('statistics.title', self.app.lang)}")

    async def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        self._title()
        if self.figures is not None:
            self.show(self.figures)

    def on_screen_resume(self) -> None:
        self.load()

    def on_bank_loaded(self) -> None:
        self.load()  # topic titles and the mistakes' own words are known now

    @work(thread=True, exclusive=True, exit_on_error=False, group="statistics")
    def load(self) -> None:
        app = self.app
        figures = app.workspace.statistics(app.clock())
        self.post_message(self.Loaded(figures))

    def on_statistics_screen_loaded(self, message: Loaded) -> None:
        self.figures = message.figures
        self.show(message.figures)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "statistics" and event.state == WorkerState.ERROR:
            from quizapp.workspace import StoreError

            error = event.worker.error
            if not isinstance(error, StoreError):
                raise error
            self.notify(t("error.store", self.app.lang, message=render(error.msg, self.app.lang)), severity="error")

    # -- drawing

    def show(self, f: dict[str, Any]) -> None:
        """Draw every section from the figures, in the app's language (in place:
        the widgets are made once, in ``compose``)."""
        from quizapp.pictures import from_statistics

        lang = self.app.lang
        height = max(7, min(14, self.app.size.height // 3))
        plots = from_statistics(f)
        self.query_one("#statistics-status", Static).update(Prose(self._summary(f, lang)))
        self.query_one("#statistics-calendar", Static).update(self._heading("statistics.section.calendar", lang))
        counts = {d["day"]: d["reviews"] + d["practice"] for d in f["days"]}
        self.query_one(".statistics-heatmap", Static).update(
            Heatmap(counts, date.fromisoformat(f["study_day"]), lang))
        for name in PLOTS:
            picture = plots[name]
            view = self.query_one(f"#statistics-{name}", PictureView)
            view.show(picture, lang, height)
            empty = self.query_one(f"#statistics-{name}-empty", Static)
            if picture is None:  # nothing known to draw: said, not plotted as zeros
                said = Text(t(f"statistics.plot.{name}", lang, count=_plot_span(name)), style="bold")
                said.append("\n")
                said.append(t(f"statistics.empty.{name}", lang, count=_plot_span(name)), style="dim")
                empty.update(Prose(said))
            view.display, empty.display = picture is not None, picture is None
        self.query_one("#statistics-accuracy-title", Static).update(self._heading("statistics.section.accuracy", lang))
        self.query_one("#statistics-accuracy", Static).update(self._accuracy(f, lang))
        self.query_one("#statistics-mistakes-title", Static).update(self._heading("statistics.section.mistakes", lang))
        self.query_one("#statistics-mistakes", Static).update(self._mistakes(f, lang))
        for widget in self.query("#statistics-body > *"):
            if not widget.id or not widget.id.startswith(tuple(f"statistics-{n}" for n in PLOTS)):
                widget.display = True
        self.shown += 1

    def _heading(self, key: str, lang: str) -> Prose:
        return Prose(Text(t(key, lang), style="bold"))

    def _summary(self, f: dict[str, Any], lang: str) -> Text:
        out = Text(t("statistics.summary", lang, reviews=f["reviews"], retention=percent(f["retention"], lang),
                     today=f["today"], count=f["streak"], due=f["due"]))
        p = f["practice"]
        if p["reviews"]:
            share = p["recalled"] / p["reviews"]
            out.append("\n" + t("statistics.practice", lang, count=p["reviews"], accuracy=percent(share, lang)),
                       style="dim")
        return out

    def _accuracy(self, f: dict[str, Any], lang: str) -> RenderableType:
        """A line per topic answered: its title, a bar, the share of its reviews
        recalled and, dim, its practice apart (plain lines: cheaper than a table)."""
        rows = [(topic, a) for topic, a in f["accuracy"].items() if a["reviews"] or a["practice"]]
        if not rows:
            return Text(t("statistics.empty.accuracy", lang), style="dim")
        titles = [_fit(self.app.topic_title(topic), TITLE) for topic, _ in rows]
        width = max(cell_len(x) for x in titles)
        said = [t("statistics.topic.row", lang, share=percent(a["accuracy"], lang), count=a["reviews"])
                for _, a in rows]
        said_width = max(cell_len(x) for x in said)
        out = Text()
        for n, ((topic, a), title, row) in enumerate(zip(rows, titles, said)):
            if n:
                out.append("\n")
            out.append(title + " " * (width - cell_len(title) + 1))
            share = a["accuracy"]
            if share is None:
                out.append("·" * BAR, style="dim")
            else:
                filled = round(share * BAR)
                out.append("█" * filled, style="green")
                out.append("░" * (BAR - filled), style="dim")
            out.append(" " + row + " " * (said_width - cell_len(row)))
            if a["practice"]:
                out.append("  " + t("statistics.topic.practice", lang, share=percent(a["practice_accuracy"], lang),
                                    count=a["practice"]), style="dim")
        return out

    def _mistakes(self, f: dict[str, Any], lang: str) -> RenderableType:
        mistakes = f["mistakes"][:MOST_MISTAKES]
        if not mistakes:
            return Text(t("statistics.empty.mistakes", lang), style="dim")
        lines = []
        for m in mistakes:
            label = render(m["label"], lang) if m.get("label") else m["mistake"]
            line = Text(t("statistics.mistake.row", lang, count=m["count"], label=label))
            title = render(m["title"], lang) if m.get("title") else m["template_id"]
            line.append("  " + t("statistics.mistake.card", lang, title=title), style="dim")
            lines.append(Prose(line, indent=2))
        return Group(*lines)


def open_statistics(app) -> None:
    """Show the statistics screen. It is made once and kept (installed), so opening
    it again costs only the new figures, drawn into the same widgets."""
    if not app.is_screen_installed("statistics"):
        app.install_screen(StatisticsScreen(), "statistics")
    if not isinstance(app.screen, StatisticsScreen):
        app.push_screen("statistics")


def _fit(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` terminal cells, ending in … when cut."""
    if cell_len(text) <= cells:
        return text
    while cell_len(text) > cells - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def _plot_span(name: str) -> int:
    from quizapp.pictures import RECENT_DAYS
    from quizapp.stats import FORECAST_DAYS, RETENTION_WEEKS, TREND_MOCKS

    return {"reviews": RECENT_DAYS, "retention": RETENTION_WEEKS, "forecast": FORECAST_DAYS,
            "mocks": TREND_MOCKS}[name]


__all__ = ["Heatmap", "StatisticsScreen", "open_statistics"]
