"""The scratchpad: one typed line worked out as you type, from anywhere.

A line is an engine computation (``adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1``)
or plain arithmetic (``sqrt(6/(256+128))``); the value and its worked solution are
drawn a moment after each keystroke, worked out in a thread worker (the first line
imports the engine, and a hostile line must never freeze the screen). The headless
core is ``quizapp.scratchpad`` (what a line may be: ``docs/scratchpad.md``); this
screen only draws what it returns.

- Tab completes the word at the cursor (computation names, then their arguments
  with their defaults, arithmetic functions); Tab again moves to the next candidate,
  shift+Tab back. The candidates are listed under the line.
- Up and down walk the lines kept (Enter keeps one; a line changed and worked is
  kept on closing too), in ``scratchpad-history.jsonl`` beside the progress database
  (``Workspace.data_dir``).
- ctrl+r runs the torch / scikit-learn cross-check in a worker; without torch the
  answer says how to install it.
- Opened from a card after its verdict (``StudyScreen.scratchpad_start``) the line is
  the card's computation with its numbers, and the part the card asked for is
  named; before the verdict it is a calculator (``allow_engine=False``) and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from quizapp.catalog import Msg, render
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import group, hanging, t
from quizapp.tui.widgets.prose import Prose

DEBOUNCE_S = 0.12  # a line is worked out once typing pauses this long
SLOW_S = 0.4  # a line still being worked out after this long says so
MAX_TYPED = 100_000  # the box takes more than the core reads, so a long paste is told its length
LIST_ROWS = 6


@dataclass(frozen=True)
class Preload:
    """How the scratchpad opens: the line to start with, whether engine
    computations may run (False while a card is being answered), and the card's
    computation and the part of its value the card asked for (``pick``)."""

    line: str = ""
    allow_engine: bool = True
    computation: str = ""
    pick: tuple = ()


@dataclass
class _Cycle:
    """Tab pressed on several candidates: ``base`` is the line before, the word
    ``start:end`` is replaced by ``candidates[index]``, giving ``line`` (cursor at
    ``cursor``); Tab again moves to the next candidate while the line is unchanged."""

    base: str
    start: int
    end: int
    candidates: list
    index: int
    line: str = ""
    cursor: int = 0


class CompletionList(OptionList, can_focus=False):
    """The candidates for the word at the cursor; the line keeps the focus."""


class ScratchpadScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Close", id="scratchpad-close", priority=True),
        Binding("tab", "complete(1)", "Complete", id="scratchpad-complete", priority=True),
        Binding("shift+tab", "complete(-1)", "Previous completion", id="scratchpad-complete-back",
                show=False, priority=True),
        Binding("enter", "keep", "Keep", id="scratchpad-keep", show=False, priority=True),
        Binding("up", "history('older')", "Older", id="scratchpad-older", show=False, priority=True),
        Binding("down", "history('newer')", "Newer", id="scratchpad-newer", show=False, priority=True),
        Binding("ctrl+r", "crosscheck", "Cross-check", id="scratchpad-crosscheck", priority=True),
        Binding("pageup", "scroll('page_up')", "Page up", id="scratchpad-page-up", show=False, priority=True),
        Binding("pagedown", "scroll('page_down')", "Page down", id="scratchpad-page-down", show=False,
                priority=True),
    ]

    DEFAULT_CSS = """
    ScratchpadScreen #pad-mode { padding: 0 1; height: auto; }
    ScratchpadScreen #pad-mode.-calculator { color: $warning; }
    ScratchpadScreen #pad-line { margin: 0 0; }
    ScratchpadScreen CompletionList { height: auto; max-height: 6; margin: 0 1; border: none; padding: 0; }
    ScratchpadScreen #pad-result { height: 1fr; padding: 0 1; }
    ScratchpadScreen #pad-result > Static { height: auto; max-width: 100; }
    ScratchpadScreen #pad-check { margin: 1 0 0 0; }
    ScratchpadScreen #pad-echo { margin: 0 0 1 0; }
    ScratchpadScreen #pad-status { height: auto; }
    """

    class Worked(Message):
        """``line`` worked out in the worker (``seq`` tells a stale one)."""

        def __init__(self, seq: int, line: str, result: Any):
            super().__init__()
            self.seq = seq
            self.line = line
            self.result = result

    class Checked(Message):
        """The cross-check's sentence for ``line``."""

        def __init__(self, line: str, said: Msg):
            super().__init__()
            self.line = line
            self.said = said

    def __init__(self, start: Preload | None = None):
        super().__init__()
        self.start = start or Preload()
        self.allow_engine = self.start.allow_engine
        self.history = None  # quizapp.scratchpad.History once read (in a worker)
        self.result = None  # the Result drawn, for the line ``shown``
        self.shown: str | None = None
        self.check: Msg | None = None  # the cross-check's sentence for the line shown
        self.checking = False
        self.status: Msg | None = None
        self.status_warning = False
        self._seq = 0  # one per line worked out; a worker's answer for an older one is dropped
        self._timer: Timer | None = None
        self._slow: Timer | None = None
        self._cycle: _Cycle | None = None
        self._walked_to: str | None = None  # the line the history walk put in the box
        self.engine_ready = False  # computations registered (by the first line's worker)

    # -- building

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="pad-title", classes="screen-title")
        yield Static(markup=False, id="pad-mode", classes="hint")
        yield Input(self.start.line, id="pad-line", max_length=MAX_TYPED, select_on_focus=False)
        yield CompletionList(id="pad-complete", markup=False)
        with VerticalScroll(id="pad-result", can_focus=False):
            yield Static(markup=False, id="pad-echo")  # the whole line, when the box shows only part of it
            yield Static(markup=False, id="pad-value")
            yield Static(markup=False, id="pad-pick")
            yield Static(markup=False, id="pad-steps")
            yield Static(markup=False, id="pad-check")
        yield Static(markup=False, id="pad-status", classes="hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.app.localize(self)
        self.watch(self.app, "lang", self._relabel, init=False)
        self.watch(self.app, "theme", lambda _theme: self._draw(), init=False)
        box = self.query_one("#pad-line", Input)
        self.watch(box, "cursor_position", self._cursor_moved, init=False)
        box.focus()
        self.call_after_refresh(self._cursor_to_end)  # once the box has its width, so the view follows
        self.query_one(CompletionList).display = False
        self._relabel(self.app.lang)
        self._open_history()
        self._edited(at_once=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self._redraw_for_width)

    def _redraw_for_width(self) -> None:
        """A new width: the whole-line echo and the one-line candidates follow it."""
        self._show_completions()
        if self.result is not None:
            self._draw()

    def _cursor_to_end(self) -> None:
        box = self.query_one("#pad-line", Input)
        box.cursor_position = len(box.value)

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        calculator = not self.allow_engine
        self.query_one("#pad-title", Static).update(t("pad.title_calculator" if calculator else "pad.title", lang))
        mode = self.query_one("#pad-mode", Static)
        key = "pad.calculator" if calculator else "pad.hint_preloaded" if self.start.line else "pad.hint"
        mode.update(Prose(Text(t(key, lang))))
        mode.set_class(calculator, "-calculator")
        self.query_one("#pad-line", Input).placeholder = t(
            "pad.placeholder_calculator" if calculator else "pad.placeholder", lang)
        self._show_completions()
        if self.shown is not None:  # the worked solution in the new language; a cross-check stays
            self._seq += 1
            self._work()
        self._draw_check()
        self._draw_status()

    # -- working the line out

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.history is not None and event.input.value != self._walked_to:
            self.history.reset()  # typing leaves the history walk: the typed line is the draft
        self._edited()

    def _edited(self, at_once: bool = False) -> None:
        """The line changed: work it out once typing pauses (at once when asked)."""
        self._seq += 1
        self.check = None  # that answer was for another line
        self.checking = False
        self._draw_check()
        if self.status is not None and self.status.key in ("pad.kept", "pad.nothing_to_complete", "pad.checking"):
            self.status = None
        self._show_completions()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if at_once:
            self._work()
        else:
            self._timer = self.set_timer(DEBOUNCE_S, self._work)

    def _work(self) -> None:
        self._timer = None
        line = self.query_one("#pad-line", Input).value
        if self._slow is not None:
            self._slow.stop()
        self._slow = self.set_timer(SLOW_S, self._still_working)  # said only if this line takes long
        self._evaluate(self._seq, line, self.app.lang, self.allow_engine)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pad-evaluate")
    def _evaluate(self, seq: int, line: str, lang: str, allow_engine: bool) -> None:
        from quizapp.engine import computations
        from quizapp.scratchpad import evaluate

        computations()  # registered once (numpy and every engine module): completion needs them
        self.post_message(self.Worked(seq, line, evaluate(line, lang=lang, allow_engine=allow_engine)))

    def on_scratchpad_screen_worked(self, message: Worked) -> None:
        message.stop()
        self.engine_ready = True
        if message.seq != self._seq:
            return  # typed on since: a newer answer is coming
        if self._slow is not None:
            self._slow.stop()
            self._slow = None
        self.result = message.result
        self.shown = message.line
        if self.status is not None and self.status.key == "pad.working":
            self.status = None
        self._draw()
        self._draw_status()
        self._show_completions()  # the engine is loaded now: names can be completed

    def _still_working(self) -> None:
        self._slow = None
        if self.shown != self.query_one("#pad-line", Input).value:
            self._say(Msg("pad.working"))

    def _draw(self) -> None:
        lang = self.app.lang
        r = self.result
        value = self.query_one("#pad-value", Static)
        steps = self.query_one("#pad-steps", Static)
        pick = self.query_one("#pad-pick", Static)
        if r is None:
            return
        echo = self.query_one("#pad-echo", Static)
        box = self.query_one("#pad-line", Input)
        line = self.shown or ""
        wide = cell_len(line) >= max(1, box.content_region.width - 1)
        echo.update(Prose(Text(line, style="dim")) if wide else "")
        echo.display = wide
        if not r.ok:
            style = "dim" if r.kind == "empty" else "yellow"
            value.update(Prose(Text(r.message, style=style)))
            steps.update("")
            pick.update("")
        else:
            value.update(hanging([("= ", Text(r.text, style="bold"))]))
            steps.update(group(_solution(r.steps, lang)))
            pick.update(self._pick_text(r, lang))
        steps.display = bool(r.ok and r.steps)
        pick.display = bool(r.ok and self._pick_text(r, lang))
        self._draw_check()

    def _pick_text(self, r: Any, lang: str) -> RenderableType:
        """The part of the value the card asked for, while the line is the card's computation."""
        start = self.start
        if not start.computation or not start.pick or r.name != start.computation:
            return ""
        picked = r.value
        try:
            for p in start.pick:
                picked = picked[p]
        except (KeyError, IndexError, TypeError):
            return ""  # the arguments changed its shape
        from quizapp.scratchpad import show

        path = _path(start.pick)
        said = (t("pad.card_pick_named", lang, path=path, value=show(picked)) if path
                else t("pad.card_pick", lang, value=show(picked)))
        return Prose(Text(said, style=f"bold {self.app.current_theme.primary}"))  # readable in both themes

    # -- completion

    def _cursor_moved(self, _cursor: int) -> None:
        self._show_completions()

    def _candidates(self) -> list:
        from quizapp.scratchpad import complete

        if not self.engine_ready:
            return []  # the first line is still loading the engine, off this thread
        box = self.query_one("#pad-line", Input)
        return complete(box.value, box.cursor_position, allow_engine=self.allow_engine)

    def _show_completions(self) -> None:
        """List the candidates for the word at the cursor (while Tab cycles, the
        cycle's, with the one on the line highlighted)."""
        if not self.is_mounted:
            return
        box = self.query_one("#pad-line", Input)
        listing = self.query_one(CompletionList)
        cycle = self._cycle
        if cycle is not None and (box.value, box.cursor_position) != (cycle.line, cycle.cursor):
            cycle = self._cycle = None
        if cycle is not None:
            candidates, highlight = cycle.candidates, cycle.index
        else:
            candidates, highlight = self._candidates(), 0
            word = box.value[candidates[0].start:box.cursor_position] if candidates else ""
            arguments = bool(candidates) and candidates[0].text.endswith("=")
            if not (word or arguments) or (len(candidates) == 1 and candidates[0].text == word):
                candidates = []  # an empty word offers everything: not a list worth showing
        listing.clear_options()
        listing.display = bool(candidates)
        if not candidates:
            return
        lang = self.app.lang
        width = min(24, max(len(_shown_label(c)) for c in candidates))
        room = max(20, self.app.size.width - 5)  # its margins and a scrollbar: one line each, never wrapped
        listing.add_options([Option(_option(c, width, lang, room)) for c in candidates])
        listing.highlighted = highlight

    def action_complete(self, step: int) -> None:
        box = self.query_one("#pad-line", Input)
        cycle = self._cycle
        if cycle is not None and (box.value, box.cursor_position) == (cycle.line, cycle.cursor):
            cycle.index = (cycle.index + step) % len(cycle.candidates)
            self._put(cycle, cycle.candidates[cycle.index].text)
            return
        candidates = self._candidates()
        if not candidates:
            self._say(Msg("pad.nothing_to_complete"))
            return
        first = candidates[0]
        line = box.value
        if len(candidates) == 1:
            text = first.text
            if not text.endswith(("=", "(")) and not line[first.end:first.end + 1].isspace():
                text += " "  # a whole name: its arguments come next
            self._cycle = None
            self._replace(line, first.start, first.end, text)
            return
        typed = line[first.start:box.cursor_position]
        common = _common_prefix([c.text for c in candidates])
        if len(common) > len(typed) and common.lower().startswith(typed.lower()):
            self._cycle = None
            self._replace(line, first.start, first.end, common)
            return
        index = 0 if step > 0 else len(candidates) - 1
        self._cycle = _Cycle(line, first.start, first.end, candidates, index)
        self._put(self._cycle, candidates[index].text)

    def _put(self, cycle: _Cycle, text: str) -> None:
        cycle.line = cycle.base[:cycle.start] + text + cycle.base[cycle.end:]
        cycle.cursor = cycle.start + len(text)
        self._set_line(cycle.line, cycle.cursor)

    def _replace(self, line: str, start: int, end: int, text: str) -> None:
        self._set_line(line[:start] + text + line[end:], start + len(text))

    def _set_line(self, line: str, cursor: int) -> None:
        box = self.query_one("#pad-line", Input)
        box.value = line
        box.cursor_position = cursor
        self._show_completions()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A candidate clicked: put it on the line."""
        event.stop()
        box = self.query_one("#pad-line", Input)
        cycle = self._cycle
        if cycle is not None and (box.value, box.cursor_position) == (cycle.line, cycle.cursor):
            cycle.index = event.option_index
            self._put(cycle, cycle.candidates[cycle.index].text)
        else:
            candidates = self._candidates()
            if event.option_index < len(candidates):
                c = candidates[event.option_index]
                self._replace(box.value, c.start, c.end, c.text)
        box.focus()

    # -- history

    def _open_history(self) -> None:
        """The lines kept: read afresh (another window may have added some), unless
        the file could not be written, when the lines of this run live only in the
        app's copy (kept until quizapp closes)."""
        held = getattr(self.app, "scratchpad_history", None)
        if held is not None and held.problem is not None and held.path.parent == self.app.workspace.data_dir:
            held.reset()
            self._history_read(held)
        else:
            self._read_history()

    @work(thread=True, exclusive=True, exit_on_error=False, group="pad-history")
    def _read_history(self) -> None:
        from quizapp.scratchpad import History

        history = History(self.app.workspace.data_dir)  # a damaged file is bounded, but may take 50 ms
        self.app.call_from_thread(self._history_read, history)

    def _history_read(self, history: Any) -> None:
        self.history = history
        self.app.scratchpad_history = history
        if history.problem is not None:
            self._say(history.problem, warning=True)

    def action_history(self, way: str) -> None:
        if self.history is None:
            return
        box = self.query_one("#pad-line", Input)
        line = self.history.older(box.value) if way == "older" else self.history.newer()
        if line is None:
            return
        self._cycle = None
        self._walked_to = line
        box.value = line
        box.cursor_position = len(line)

    def action_keep(self) -> None:
        """Keep the line in the history (and work it out now, if typing had not paused yet)."""
        box = self.query_one("#pad-line", Input)
        if self._timer is not None:
            self._timer.stop()
            self._work()
        if self._keep(box.value):
            self._say(Msg("pad.kept"))

    def _keep(self, line: str) -> bool:
        if self.history is None or not line.strip():
            return False
        self.history.add(line)
        if self.history.problem is not None:
            self._say(self.history.problem, warning=True)
            return False
        return True

    # -- the cross-check

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "crosscheck":
            return self.allow_engine  # before a verdict: no engine on this card's numbers
        return True

    def action_crosscheck(self) -> None:
        if not self.allow_engine:
            return
        line = self.query_one("#pad-line", Input).value
        if not line.strip():
            self.check = Msg("pad.check_empty")
            self._draw_check()
            return
        self.check = None
        self.checking = True
        self._say(Msg("pad.checking"))
        self._draw_check()
        self._crosscheck(line)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pad-crosscheck")
    def _crosscheck(self, line: str) -> None:
        from quizapp.scratchpad import crosscheck

        self.post_message(self.Checked(line, crosscheck(line)))

    def on_scratchpad_screen_checked(self, message: Checked) -> None:
        message.stop()
        if message.line != self.query_one("#pad-line", Input).value:
            return  # the line changed meanwhile: that answer was for another line
        self.checking = False
        self.check = message.said
        if self.status is not None and self.status.key == "pad.checking":
            self.status = None
        self._draw_check()
        self._draw_status()

    def _draw_check(self) -> None:
        box = self.query_one("#pad-check", Static)
        said = render(self.check, self.app.lang) if self.check is not None else ""
        if said:
            said = said[:1].upper() + said[1:]
            agrees = self.check.key == "scratchpad.crosscheck.agrees"
            box.update(Prose(Text(said, style="green" if agrees else "yellow")))
        box.display = bool(said)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed (a defect below): one sentence, never a traceback."""
        if event.state != WorkerState.ERROR or not event.worker.group.startswith("pad-"):
            return
        from quizapp.catalog import say

        error = event.worker.error
        said = say("scratchpad.failed", detail=f"{type(error).__name__}: {error}"[:200])
        if event.worker.group == "pad-crosscheck":
            self.checking = False
            self.check = say("scratchpad.crosscheck.failed", detail=f"{type(error).__name__}: {error}"[:200])
            self._draw_check()
        self._say(said, warning=True)

    # -- the status line and leaving

    def _say(self, msg: Msg | None, warning: bool = False) -> None:
        self.status = msg
        self.status_warning = warning
        self._draw_status()

    def _draw_status(self) -> None:
        if not self.is_mounted:
            return
        box = self.query_one("#pad-status", Static)
        said = render(self.status, self.app.lang) if self.status is not None else ""
        box.update(Prose(Text(said, style="yellow" if self.status_warning else "")))
        box.display = bool(said)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#pad-result", VerticalScroll), f"action_{how}")()

    def action_close(self) -> None:
        """Back where the scratchpad was opened; a line changed and worked is kept."""
        line = self.query_one("#pad-line", Input).value
        r = self.result
        if (r is not None and r.ok and r.kind != "empty" and self.shown == line
                and line.strip() != self.start.line.strip()):
            self._keep(line)
        self.dismiss()

    def on_unmount(self) -> None:
        for timer in (self._timer, self._slow):
            if timer is not None:
                timer.stop()


# -- helpers


def _solution(steps: tuple[str, ...], lang: str) -> list[RenderableType]:
    if not steps:
        return []
    return [Text("\n" + t("pad.solution", lang), style="bold"), hanging([("  ", Text(line)) for line in steps])]


def _path(pick: tuple) -> str:
    """``("weights", 0, 0)`` as ``weights[0][0]``; a pick that starts with an index
    has no name to show (the card's answer is then said without one)."""
    if not pick or not isinstance(pick[0], str):
        return ""
    out = str(pick[0])
    for p in pick[1:]:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def _shown_label(c: Any) -> str:
    """What the list shows for a candidate: an argument as ``lr=`` (its default is
    in the description), else its label (``sqrt(x)``, ``adam``)."""
    return c.text if c.text.endswith("=") else c.label


def _option(c: Any, width: int, lang: str, room: int) -> Text:
    label = _shown_label(c)
    if isinstance(c.description, str) and lang != "en":
        # a computation's summary is written in English only: show how it is called instead
        from quizapp.engine import get

        described = get(c.text).usage()
    else:
        described = c.describe(lang)
    out = Text()
    out.append(label.ljust(width), style="bold")
    out.append("  ")
    out.append(described, style="dim")
    out.truncate(room, overflow="ellipsis")  # a summary is a reminder: its first line is enough
    return out


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


__all__ = ["Preload", "ScratchpadScreen"]
