"""After a mock interview: tick each concept answer's key points (1–9 tick, Enter
scores it), then the scorecard — the score, the time, the three areas to work on,
and every question with its verdict, the time it took, what you answered, the
right answer, the named mistake and the worked solution. The history screen lists
past interviews with a sparkline of the scores and their trend."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.catalog import render, say
from quizapp.mock import clock, sparkline, trend_points, unanswered_key
from quizapp.pictures import Picture, Series
from quizapp.session import MockInterview, MockResult, SessionError
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import display_number, group, hanging, note_block, solution_block, t
from quizapp.tui.widgets.prose import Prose
from quizapp.workspace import StoreError

TICK = Binding.Group("Tick", compact=True)
MAX_POINTS = 9


class KeyPointsScreen(Screen):
    """One concept answer at a time: the question, your answer, the model answer and
    its key points; tick those your answer covered, Enter scores it."""

    in_interview = True  # the palette offers no second interview meanwhile
    BINDINGS = [
        *(Binding(str(n), f"tick({n})", "Tick", id=f"mock-tick-{n}", group=TICK) for n in range(1, MAX_POINTS + 1)),
        Binding("enter", "score", "Score", id="mock-score"),
        Binding("escape", "later", "Skip the rest", id="mock-score-skip"),
    ]

    def __init__(self, interview: MockInterview):
        super().__init__()
        self.session = interview
        self.ticked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="kp-title", classes="screen-title")
        with VerticalScroll(id="kp-scroll"):
            yield Static(markup=False, id="kp-body")
        yield Static(markup=False, id="kp-hint", classes="hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)
        self.query_one("#kp-scroll").focus()

    @property
    def pending(self):
        waiting = self.session.pending_concepts()
        return waiting[0] if waiting else None

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        self.redraw()

    def redraw(self) -> None:
        lang = self.app.lang
        p = self.pending
        if p is None:
            return
        waiting = len(self.session.pending_concepts())
        done = len([r for r in self.session.scorecard.results if r.verdict == "self"]) if self.session.scorecard else 0
        self.query_one("#kp-title", Static).update(
            t("mock.tui.kp_title", lang, n=done + 1, total=done + waiting))
        inst = p.instance
        head = Text()
        head.append(inst.template.title[lang], style="bold")
        head.append("\n\n" + inst.prompt[lang])
        points = [(f" {'✓' if i in self.ticked else '·'} {i + 1}. ",
                   Text(point[lang], style="green" if i in self.ticked else ""))
                  for i, point in enumerate(p.key_points)]
        parts: list[RenderableType] = [
            Prose(head),
            Text("\n" + t("mock.tui.your_answer", lang), style="bold"), Prose(Text(p.answer)),
            Text("\n" + t("mock.tui.kp_points", lang), style="bold"), hanging(points),
            Text("\n" + t("mock.tui.model_answer", lang), style="bold"), Prose(Text(inst.answer[lang])),
        ]
        self.query_one("#kp-body", Static).update(group(parts))
        n = len(p.key_points)
        self.query_one("#kp-hint", Static).update(
            t("mock.tui.kp_hint", lang, last=min(n, MAX_POINTS), score=self.app.key_of("mock-score")))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        p = self.pending
        if action == "tick":
            return p is not None and int(parameters[0]) <= len(p.key_points)
        return True

    def action_tick(self, n: int) -> None:
        self.ticked ^= {n - 1}
        self.redraw()

    def action_score(self) -> None:
        p = self.pending
        if p is None:
            return self._done()
        try:
            result = self.session.score_concept(p.position, sorted(self.ticked))
        except (SessionError, StoreError) as e:
            msg = getattr(e, "msg", None)
            self.notify(render(msg, self.app.lang) if msg is not None else str(e), severity="error")
            return
        self.notify(t("mock.tui.scored", self.app.lang, ticked=len(result.ticked or ()), total=len(p.key_points),
                      rating=t(f"rating.{result.rating}", self.app.lang)), timeout=3)
        self.ticked = set()
        if self.pending is None:
            self._done()
        else:
            self.query_one("#kp-scroll", VerticalScroll).scroll_home(animate=False)
            self.redraw()

    def action_later(self) -> None:
        self._done()

    def _done(self) -> None:
        self.app.switch_screen(ScorecardScreen(self.session))


class ScorecardScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Home", id="mock-score-home"),
        Binding("m", "again", "New interview", id="mock-again"),
        Binding("h", "history", "History", id="mock-history"),
    ]

    def __init__(self, interview: MockInterview):
        super().__init__()
        self.session = interview

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="score-title", classes="screen-title")
        with VerticalScroll(id="scorecard"):
            yield Static(markup=False, id="score-body")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)
        self.query_one("#scorecard").focus()

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        card = self.session.finish()
        limit = clock(card.time_limit_s) if card.time_limit_s is not None else "–"
        self.query_one("#score-title", Static).update(
            t("mock.tui.score_title", lang, passed=card.passed, total=len(card.results), score=f"{card.score:.0%}",
              time=clock(card.seconds), limit=limit))
        self.query_one("#score-body", Static).update(scorecard_text(card, self.app.topics(), lang))

    def action_again(self) -> None:
        from quizapp.tui.screens.mock_setup import MockSetupScreen

        self.app.switch_screen(MockSetupScreen())  # the choices just made

    def action_history(self) -> None:
        self.app.push_screen(MockHistoryScreen())


def scorecard_text(card, topics: dict, lang: str) -> RenderableType:
    """The scorecard below its title: how it went, the areas to work on, then every
    question."""
    summary = Text()
    summary.append(t("mock.tui.answered", lang, answered=card.answered, total=len(card.results)))
    if card.timed_out:
        summary.append(" · " + t("mock.tui.ran_out", lang))
    if not card.counted:
        summary.append("\n" + t("mock.tui.not_counted", lang), style="dim")
    elif card.answered:
        reviews = sum(r.rating is not None for r in card.results)
        if reviews:  # every answer a review, unless a concept answer was left unscored
            summary.append("\n" + t("mock.tui.feeds_schedule_some" if card.pending else "mock.tui.feeds_schedule",
                                    lang), style="dim")
        if card.pending:
            summary.append("\n" + t("mock.tui.unscored", lang, count=len(card.pending)), style="dim")
    parts: list[RenderableType] = [Prose(summary), Text("\n" + t("mock.tui.work_on", lang), style="bold")]
    found = card.areas()
    if found:
        parts.append(hanging([(f" {n}. ", Text(area.message(topics).text(lang))) for n, area in enumerate(found, 1)]))
    else:
        parts.append(Prose(Text(t("mock.tui.nothing_to_work_on", lang))))
    for r in card.results:
        parts += result_text(r, topics, lang)
    return group(parts)


def result_text(r: MockResult, topics: dict, lang: str) -> list[RenderableType]:
    """One question on the scorecard."""
    if r.verdict == "skipped":
        mark, style, word = "–", "dim", t(unanswered_key(r), lang)
    elif r.verdict == "pending":
        mark, style, word = "?", "bold yellow", t("mock.not_scored", lang)
    elif r.verdict == "self":
        mark, style = ("✓", "bold green") if r.passed else ("✗", "bold red")
        word = t("mock.key_points_covered", lang, ticked=len(r.ticked or ()), total=len(r.key_points),
                 rating=say(f"rating.{r.rating}"))
    else:
        mark, style = ("✓", "bold green") if r.passed else ("✗", "bold red")
        word = t(f"verdict.{r.verdict}", lang)
    head = Text("\n")
    head.append(f"{r.position}. {mark} ", style=style)
    head.append(r.title[lang], style="bold")
    topic = (topics.get(r.topic) or {}).get(lang) or r.topic
    head.append(f" · {topic}")
    if r.seconds is not None:
        head.append(f" · {clock(r.seconds)}")
    head.append("\n")
    head.append(word[:1].upper() + word[1:], style=style)
    inst = r.instance
    if r.key_points:  # a concept answer: yours, then the model answer and its key points
        if r.answers:
            head.append("\n" + t("mock.tui.your_answer", lang) + t("colon", lang) + r.answers[0])
        out: list[RenderableType] = [Prose(head)]
        if inst is not None:
            out += [Text(t("mock.tui.model_answer", lang), style="bold"), Prose(Text(inst.answer[lang]))]
        marks = [("•" if r.ticked is None else "✓" if i in r.ticked else "✗") for i in range(len(r.key_points))]
        out.append(hanging([(f" {m} ", Text(p[lang])) for m, p in zip(marks, r.key_points)]))
        return out
    if r.answers:
        answers = r.answers
        if r.kind == "choice":  # "A,B,E" as typed reads as the expected letters do: "A, B, E"
            answers = [", ".join(x.strip() for x in a.split(",") if x.strip()) for a in answers]
        head.append("\n" + t("study.your_answer", lang, answer=" · ".join(answers)))
    expected = [display_number(e) for e in r.expected if e]
    if expected and r.verdict != "correct":
        head.append("\n")
        head.append(t("study.expected", lang, answer=" · ".join(expected)), style="bold")
    if r.mistake is not None:
        head.append("\n")
        head.append(t("study.mistake", lang, label=r.mistake.label.get(lang, "")), style="bold yellow")
    out = [Prose(head)]
    title = "study.explanation" if r.kind == "choice" else "study.solution"
    lines = r.solution.get(lang) or ()
    out += solution_block(lines[-1:] if r.kind == "choice" else lines, title, lang)
    if inst is not None and not r.passed:
        out += note_block(inst.note, lang)
    return out


class MockHistoryScreen(Screen):
    """Past mock interviews, newest first, and the trend of the scores."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        from quizapp.tui.widgets.picture import PictureView

        self.history = self.app.workspace.mock_history()
        yield Static(markup=False, id="history-title", classes="screen-title")
        with VerticalScroll(id="history-scroll"):
            yield Static(markup=False, id="history-trend")
            plot = PictureView(history_picture(self.history), plot_height=8, id="history-plot")
            plot.display = len(self.history.scores) > 1  # one point is no trend: the line above says it
            yield plot
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)
        self.query_one(DataTable).focus()

    def _relabel(self, lang: str) -> None:
        from quizapp.tui.widgets.picture import PictureView

        self.app.localize(self)
        h = self.history
        self.query_one("#history-plot", PictureView).relabel(lang)
        self.query_one("#history-title", Static).update(t("mock.tui.history_title", lang))
        if not h.rows:
            said = Text(t("mock.tui.no_history", lang, shortcut=self.app.key_of("home-mock")))
        else:
            said = Text(t("mock.tui.history_scores", lang, count=len(h.scores), spark=sparkline(h.scores)))
            if h.trend is not None:
                said.append(render(say("mock.trend", points=trend_points(h.trend)), lang))
            if h.average_seconds is not None:
                said.append("\n" + t("mock.tui.history_seconds", lang, time=clock(h.average_seconds)))
        self.query_one("#history-trend", Static).update(Prose(said))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*(t(f"mock.tui.col.{c}", lang) for c in ("date", "questions", "score", "time", "each",
                                                                    "from")))
        tz = self.app.workspace.tz
        for r in h.rows:
            started = r.started.astimezone(tz) if tz is not None else r.started.astimezone()
            source = (t("mock.tui.weakest", lang) if r.weakest else
                      t("mock.list_sep", lang).join(self.app.topic_title(x) for x in r.topics) if r.topics else t("study.all_topics", lang))
            each = clock(r.answer_ms / 1000) if r.answer_ms is not None else "–"
            table.add_row(started.strftime("%Y-%m-%d %H:%M"), str(r.question_count), f"{r.score:.0%}",
                          clock(r.seconds), each, Text(source))  # topic titles are deck text, never markup


def history_picture(history) -> Picture | None:
    """The scores of the last interviews (oldest first) as a plot, in percent."""
    scores = history.scores
    if not scores:
        return None
    xs = tuple(float(i + 1) for i in range(len(scores)))
    return Picture("mocks", say("statistics.plot.mocks", count=len(scores)), None, None,
                   (Series(say("statistics.series.score"), xs, tuple(100 * s for s in scores),
                           "line" if len(scores) > 1 else "points"),),
                   x_ticks=tuple((x, str(int(x))) for x in xs if len(xs) <= 10 or int(x) % 5 == 0),
                   x_range=(0.5, len(scores) + 0.5), y_range=(0.0, 100.0))
