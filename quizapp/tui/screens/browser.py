"""The card browser: find cards by text, topic, tag, kind, state and lapses; read one
card's record (next due date, stability, difficulty, lapses, its history, the
mistakes made on it, its open flags); suspend or bring it back, reset it to new
(undo with ctrl+z), flag or unflag it, edit it (your own cards, in $EDITOR) and
cram every card found.

The search runs in a worker (``Workspace.browser``: the bank's text is indexed
once, memory is one pass of the memory table) and comes back as a message. The
list is a DataTable filled a page at a time as the cursor nears its end, so a
search that finds 50,000 cards draws as fast as one that finds ten. Card titles
are deck text: ``Text`` cells that wrap, never markup, never cut.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from quizapp.browse import CardDetail, Found, Query, QueryError, Row, parse_query
from quizapp.catalog import duration, render
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t
from quizapp.tui.widgets.prose import Prose

PAGE = 60  # rows added to the list at a time (a 45-line terminal shows 40)
WIDE = 140  # columns from which the card's record sits beside the list
SORT_CYCLE = ("deck", "due", "title", "lapses", "stability", "difficulty", "reviews", "topic")
COLUMNS = (("title", None), ("topic", 14), ("kind", 8), ("due", 10), ("stability", 6), ("lapses", 6))
NARROW_DROPS = ("stability",)  # left out of a list narrower than NARROW (the record shows it)
NARROW = 90
SORT_OF_COLUMN = {"title": "title", "topic": "topic", "kind": "deck", "due": "due", "stability": "stability",
                  "lapses": "lapses"}


class CardTable(DataTable):
    """The list of cards found (row key = card id); its keys act on the highlighted card."""

    BINDINGS = [
        Binding("slash", "screen.focus_search", "Search", id="browser-search", show=False),
        Binding("s", "screen.suspend", "Suspend", id="browser-suspend"),
        Binding("r", "screen.reset", "Reset", id="browser-reset"),
        Binding("f", "screen.flag", "Flag", id="browser-flag"),
        Binding("c", "screen.cram", "Cram these", id="browser-cram"),
        Binding("o", "screen.cycle_sort", "Sort", id="browser-sort", show=False),
        Binding("e", "screen.edit", "Edit", id="browser-edit", show=False),
    ]

    def key_label(self, binding_id: str) -> str | None:
        """Suspend and Flag say what they would do to the highlighted card
        (bring it back, unflag it)."""
        row = self.screen._row() if isinstance(self.screen, BrowserScreen) else None
        lang = self.app.lang
        if row is not None and binding_id == "browser-suspend" and row.suspended:
            return t("browser.key.unsuspend", lang)
        if row is not None and binding_id == "browser-flag" and row.flags:
            return t("browser.key.unflag", lang)
        return None


class BrowserScreen(Screen):
    BINDINGS = [
        Binding("escape", "home", "Home", id="browser-home"),
        Binding("ctrl+z", "undo_reset", "Undo reset", id="browser-undo", show=False, priority=True),
    ]

    class Searched(Message):
        """A search's result (or the sentence saying why the query cannot be read)."""

        def __init__(self, generation: int, found: Found | None, query: Query | None, error=None):
            super().__init__()
            self.generation, self.found, self.parsed, self.error = generation, found, query, error

    def __init__(self) -> None:
        super().__init__()
        self.found: Found | None = None
        self.shown_query: Query | None = None
        self.loaded = 0  # rows of found.rows in the table
        self.generation = 0  # searches asked for
        self.shown = -1  # the search whose result is on screen
        self.sort: tuple[str, bool] | None = None  # a sort chosen by key or header click
        self.undo: tuple[list, str, str] | None = None  # (saved memory, card id, title) of the last reset
        self.detail_id: str | None = None
        self.filled_width = -1  # the list's width when its columns were laid out
        self.columns: list[str] = []  # the list's columns (a narrow one leaves some out)

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="browser-title", classes="screen-title")
        yield Input(id="browser-search", compact=True, max_length=500)
        yield Static(markup=False, id="browser-hint", classes="hint")
        with Container(id="browser-body"):
            yield CardTable(id="browser-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browser-detail"):
                yield Static(markup=False, id="browser-detail-body")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._relabel(self.app.lang)
        self.watch(self.app, "lang", self._relabel, init=False)
        self.query_one("#browser-search", Input).focus()
        self.search()

    def on_resize(self) -> None:
        body = self.query_one("#browser-body")
        wide = self.size.width >= WIDE
        if body.has_class("-wide") != wide:
            body.set_class(wide, "-wide")
        if self.found is not None:  # the title column takes the width there is, once laid out
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.query_one(CardTable).size.width != self.filled_width:
            self._fill(keep=self._current_id())

    def _relabel(self, lang: str) -> None:
        app = self.app
        app.localize(self)
        app.localize(self.query_one(CardTable))
        self.query_one("#browser-search", Input).placeholder = t("browser.placeholder", lang)
        if self.found is not None:
            self._show_found()
            self._fill(keep=self._current_id())
        else:
            self.query_one("#browser-title", Static).update(t("browser.searching", lang))
            self.query_one("#browser-hint", Static).update(t("browser.hint", lang))

    # -- searching

    def search(self) -> None:
        """Search again for what the search line says (in a worker)."""
        self.generation += 1
        if self.app.workspace.bank is None:
            self.query_one("#browser-title", Static).update(t("browser.loading", self.app.lang))
            return
        self._search(self.query_one("#browser-search", Input).value, self.generation, self.sort, self.app.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse")
    def _search(self, typed: str, generation: int, sort: tuple[str, bool] | None, lang: str) -> None:
        ws = self.app.workspace
        browser = ws.browser()
        try:
            query = parse_query(typed, browser.bank)
        except QueryError as e:
            self.post_message(self.Searched(generation, None, None, e.msg))
            return
        if sort is not None and query.sort == "deck" and not query.descending and "sort:" not in typed:
            query = replace(query, sort=sort[0], descending=sort[1])
        found = browser.search(query, self.app.clock(), lang=lang)
        self.post_message(self.Searched(generation, found, query))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_focus_list()

    def on_browser_screen_searched(self, message: Searched) -> None:
        if message.generation != self.generation:
            return  # an older search finished after a newer one began
        self.shown = message.generation
        lang = self.app.lang
        if message.error is not None:
            self.query_one("#browser-hint", Static).update(Text(render(message.error, lang), style="bold"))
            return
        self.query_one("#browser-hint", Static).update(t("browser.hint", lang))
        self.found, self.shown_query = message.found, message.parsed
        self._show_found()
        self._fill(keep=self._current_id())

    def on_bank_loaded(self) -> None:
        self.search()

    async def on_screen_resume(self) -> None:
        self.search()  # back from cramming: mistakes and history changed

    def _show_found(self) -> None:
        lang = self.app.lang
        f = self.found
        title = t("browser.found", lang, count=len(f.rows), total=f.total)
        q = self.shown_query
        if q is not None and q.sort != "deck":
            column = t(f"browser.sort.{q.sort}", lang)
            title += " · " + t("browser.sorted_desc" if q.descending else "browser.sorted", lang, column=column)
        self.query_one("#browser-title", Static).update(title)

    # -- the list

    def _fill(self, keep: str | None = None) -> None:
        """Put the first page of the rows found in the list (more as the cursor goes
        down), the cursor on ``keep`` if it is among them."""
        table = self.query_one(CardTable)
        lang = self.app.lang
        table.clear(columns=True)
        rows = self.found.rows if self.found else []
        self.filled_width = table.size.width
        room = (table.size.width or self.size.width or 80) - 2  # the scrollbar
        topic_width = min(14 if room < NARROW else 20,
                          max((cell_len(self.app.topic_title(k)) for k in self.app.topics()), default=8))
        widths = {key: (topic_width if key == "topic" else w) for key, w in COLUMNS
                  if room >= NARROW or key not in NARROW_DROPS}
        self.columns = list(widths)
        labels = {key: t(f"browser.col.{key}", lang) for key in widths}
        fixed = sum(max(w, cell_len(labels[k])) + 2 for k, w in widths.items() if w)
        title_width = max(16, room - fixed - 2)
        for key, width in widths.items():
            table.add_column(labels[key], key=key, width=max(width or title_width, cell_len(labels[key])))
        self.loaded = 0
        position = rows.position_of(keep) if keep and rows else None
        self._load_more(upto=max(PAGE, (position or 0) + PAGE // 2))
        if position is not None:
            table.move_cursor(row=position, animate=False)
        if not rows:
            self._show_detail(None)
        elif position is None:
            table.move_cursor(row=0, animate=False)
            self._show_detail(rows[0].template_id)

    def _load_more(self, upto: int | None = None) -> None:
        table = self.query_one(CardTable)
        rows = self.found.rows if self.found else []
        end = min(len(rows), upto if upto is not None else self.loaded + PAGE)
        lang = self.app.lang
        now_us = self._now_us()
        for r in rows[self.loaded:end] if end > self.loaded else ():
            cells = self._cells(r, lang, now_us)
            table.add_row(*(cells[k] for k in self.columns), key=r.template_id, height=None)
        self.loaded = max(self.loaded, end)

    def _cells(self, r: Row, lang: str, now_us: int) -> dict[str, Text]:
        tpl = r.template
        title = Text(tpl.title.get(lang) or tpl.title.get("en") or tpl.id)
        if r.flags:
            title.append(" ⚑", style="bold yellow")
        if r.user:
            title.stylize("italic")
        topic = Text(self.app.topic_title(tpl.topic))
        kind = Text(t(f"kind.{tpl.kind}", lang))
        if r.suspended:
            due = Text(t("browser.state.suspended", lang), style="dim")
        elif r.state == 0 or r.due_us is None:
            due = Text(t("browser.state.new", lang), style="cyan")
        else:
            day = datetime.fromtimestamp(r.due_us / 1e6, timezone.utc).astimezone(self.app.workspace.tz)
            due = Text(day.strftime("%Y-%m-%d"), style="bold" if r.due_us <= now_us else "")
        stability = Text(render(duration(timedelta(days=r.stability)), lang) if r.stability else "–")
        lapses = Text(str(r.lapses) if r.reps else "–", style="bold red" if r.lapses >= 3 else "")
        return {"title": title, "topic": topic, "kind": kind, "due": due, "stability": stability, "lapses": lapses}

    def _now_us(self) -> int:
        return int(self.app.clock().timestamp() * 1_000_000)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key is None or event.row_key.value is None:
            return
        if event.cursor_row >= self.loaded - PAGE // 5 and self.found and self.loaded < len(self.found.rows):
            self._load_more()
        self._show_detail(event.row_key.value)
        self.app.localize(self.query_one(CardTable))  # Suspend / Bring back, Flag / Unflag

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        sort = SORT_OF_COLUMN.get(str(event.column_key.value), "deck")
        current = self.shown_query.sort if self.shown_query else "deck"
        descending = bool(self.shown_query and current == sort and not self.shown_query.descending)
        self.sort = (sort, descending)
        self.search()

    def _current_id(self) -> str | None:
        table = self.query_one(CardTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        except Exception:  # the cursor is past the rows just cleared
            return None

    def _row(self) -> Row | None:
        tid = self._current_id()
        if tid is None or self.found is None:
            return None
        position = self.found.rows.position_of(tid)
        return self.found.rows[position] if position is not None else None

    # -- one card's record

    def _show_detail(self, template_id: str | None) -> None:
        self.detail_id = template_id
        body = self.query_one("#browser-detail-body", Static)
        if template_id is None:
            body.update(Prose(Text(t("browser.none", self.app.lang))))
            return
        ws = self.app.workspace
        try:
            detail = ws.browser().detail(template_id)
        except KeyError:  # the bank changed under the list
            body.update("")
            return
        body.update(self._detail(detail, self.app.lang))
        self.query_one("#browser-detail", VerticalScroll).scroll_home(animate=False)

    def _detail(self, d: CardDetail, lang: str) -> RenderableType:
        tpl = d.template
        app = self.app
        parts: list[RenderableType] = []
        head = Text()
        head.append(tpl.title.get(lang) or tpl.id, style="bold")
        parts.append(Prose(head))
        where = (t("browser.detail.where_user", lang, file=tpl.file, line=tpl.line) if d.user
                 else t("browser.detail.where_bank", lang))
        facts = [tpl.id, t(f"kind.{tpl.kind}", lang), app.topic_title(tpl.topic), where]
        if tpl.tags:
            facts.append(t("browser.detail.tags", lang, tags=", ".join(tpl.tags)))
        parts.append(Prose(Text(" · ".join(facts), style="dim")))
        m = d.memory
        lines = []
        if m is None or m.state == 0:
            lines.append(t("browser.detail.new", lang))
        else:
            now_us = self._now_us()
            due = datetime.fromtimestamp(m.due_us / 1e6, timezone.utc).astimezone(app.workspace.tz)
            gap = timedelta(microseconds=abs(m.due_us - now_us))
            if gap < timedelta(minutes=1):
                when = t("browser.detail.due_now", lang)
            else:
                interval = render(duration(gap), lang)
                when = t("browser.detail.overdue" if m.due_us < now_us else "browser.detail.due_in", lang,
                         interval=interval)
            lines.append(t("browser.detail.due", lang, date=due.strftime("%Y-%m-%d %H:%M"), when=when))
            lines.append(t("browser.detail.memory", lang, stability=render(duration(timedelta(days=m.stability or 0)), lang),
                           difficulty=f"{m.difficulty or 0:.1f}", reps=m.reps, lapses=m.lapses))
        if m is not None and m.suspended:
            lines.append(t("browser.detail.suspended", lang))
        parts.append(Prose(Text("\n".join(lines))))
        if d.flags:
            parts.append(Text("\n" + t("browser.detail.flags", lang), style="bold yellow"))
            for f in d.flags:
                parts.append(_hanging(f"  {f.created.astimezone(app.workspace.tz):%Y-%m-%d}  ", Text(f.note)))
        if d.mistakes:
            parts.append(Text("\n" + t("browser.detail.mistakes", lang), style="bold"))
            for mc, label in d.mistakes:
                name = (label.get(lang) or label.get("en")) if label else mc.mistake
                parts.append(_hanging("  ", Text(t("browser.detail.mistake", lang, label=name, count=mc.count))))
        parts.append(Text("\n" + (t("browser.detail.history", lang, count=d.reviews) if d.history
                                  else t("browser.detail.no_history", lang)), style="bold"))
        for h in d.history:
            parts.append(self._history_line(h, tpl, lang))
        if d.reviews > len(d.history):
            parts.append(Text("  " + t("browser.detail.history_more", lang, count=d.reviews - len(d.history)),
                              style="dim"))
        question = tpl.spec.get("question") or tpl.spec.get("prompt")
        if isinstance(question, dict):
            parts.append(Text("\n" + t("browser.detail.question", lang), style="bold"))
            parts.append(Prose(Text(question.get(lang) or question.get("en", ""))))
        return Group(*parts)

    def _history_line(self, h, tpl, lang: str) -> RenderableType:
        from quizapp.browse import mistake_label
        from quizapp.tui.render import MARKS

        when = h.reviewed.astimezone(self.app.workspace.tz).strftime("%Y-%m-%d %H:%M")
        mark, style = MARKS.get(h.verdict if h.verdict in ("correct", "wrong") else "self", ("•", ""))
        line = Text()
        line.append(f"{mark} ", style=style)
        word = t("browser.detail.self", lang) if h.verdict == "self" else t(f"verdict.{h.verdict}", lang) \
            if h.verdict in ("correct", "wrong") else h.verdict
        line.append(f"{word} · {t(f'rating.{h.rating}', lang)} · {t(f'browser.mode.{h.mode}', lang)}")
        if h.verdict != "self" and h.answer:
            line.append(" · ")
            line.append(h.answer[:200])
        if h.mistake:
            label = mistake_label(tpl, h.mistake)
            line.append(" · ")
            line.append((label.get(lang) or label.get("en")) if label else h.mistake, style="magenta")
        return _hanging(f"  {when}  ", line)

    # -- actions on the highlighted card

    def _refresh_row(self, template_id: str) -> None:
        """Read one card's memory and flags again, and redraw its row and record."""
        found = self.found
        new = self.app.workspace.browser().row(template_id)
        if found is None or new is None:
            return
        found.rows.refresh(new)
        table = self.query_one(CardTable)
        if template_id in table.rows:
            cells = self._cells(new, self.app.lang, self._now_us())
            for key in self.columns:
                table.update_cell(template_id, key, cells[key])
        self._show_detail(template_id)
        self.app.localize(table)

    @property
    def selected_topic(self) -> str | None:
        """The highlighted card's topic."""
        r = self._row()
        return r.template.topic if r is not None else None

    def _title(self, r: Row) -> str:
        return r.template.title.get(self.app.lang) or r.template.id

    def _act(self, do, *args):
        from quizapp.workspace import StoreError

        try:
            return do(*args)
        except StoreError as e:
            self.notify(t("error.store", self.app.lang, message=render(e.msg, self.app.lang)), severity="error")
            return None

    def action_suspend(self) -> None:
        r = self._row()
        if r is None:
            return
        if self._act(self.app.workspace.suspend, [r.template_id], not r.suspended) is None:
            return
        key = "browser.unsuspended" if r.suspended else "browser.suspended"
        self.notify(t(key, self.app.lang, title=self._title(r)))
        self._refresh_row(r.template_id)

    def action_reset(self) -> None:
        r = self._row()
        if r is None:
            return
        saved = self._act(self.app.workspace.reset, [r.template_id])
        if saved is None:
            return
        lang = self.app.lang
        if not saved:
            self.notify(t("browser.reset_new", lang, title=self._title(r)))
            return
        self.undo = (saved, r.template_id, self._title(r))
        self.notify(t("browser.reset", lang, title=self._title(r), undo=self.app.key_of("browser-undo")), timeout=8)
        self._refresh_row(r.template_id)

    def action_undo_reset(self) -> None:
        lang = self.app.lang
        if self.undo is None:
            self.notify(t("browser.nothing_to_undo", lang), severity="warning")
            return
        saved, tid, title = self.undo
        done = self._act(self.app.workspace.undo_reset, saved)
        if done is None:
            return
        self.undo = None
        self.notify(t("browser.undone" if done else "browser.undo_stale", lang, title=title))
        self._refresh_row(tid)

    def action_flag(self) -> None:
        from quizapp.tui.screens.study import FlagScreen

        r = self._row()
        if r is None:
            return
        lang = self.app.lang
        if r.flags:
            if self._act(self.app.workspace.unflag, [r.template_id]) is not None:
                self.notify(t("browser.unflagged", lang, title=self._title(r), count=r.flags))
                self._refresh_row(r.template_id)
            return

        def save(note: str | None) -> None:
            if note is not None and self._act(self.app.workspace.flag, r.template_id, note) is not None:
                self.notify(t("browser.flagged", self.app.lang, title=self._title(r)))
                self._refresh_row(r.template_id)

        self.app.push_screen(FlagScreen(), save)

    def action_cram(self) -> None:
        rows = self.found.rows if self.found else []
        if not rows:
            self.notify(t("browser.cram_none", self.app.lang), severity="warning")
            return
        self.app.start_study(None, "cram", templates=rows.ids())

    def action_cycle_sort(self) -> None:
        current = self.shown_query.sort if self.shown_query else "deck"
        nxt = SORT_CYCLE[(SORT_CYCLE.index(current) + 1) % len(SORT_CYCLE)] if current in SORT_CYCLE else "deck"
        self.sort = (nxt, nxt in ("lapses", "difficulty", "reviews"))  # most lapses, hardest, most reviewed first
        self.search()

    def action_edit(self) -> None:
        """Open your own card in $EDITOR (the app steps aside meanwhile), then read
        the bank again and say what is wrong with the deck, if anything."""
        import subprocess

        from quizapp.userdecks import editor_command

        r = self._row()
        if r is None:
            return
        lang = self.app.lang
        bank = self.app.workspace.bank
        if bank is None or not bank.is_user(r.template):
            self.notify(t("browser.edit_built_in", lang, title=self._title(r)), severity="warning")
            return
        path = bank.user_decks[r.template.file]
        try:
            with self.app.suspend():
                subprocess.run(editor_command(path, r.template.line), check=False)
        except Exception:  # no terminal to hand over (the web page), or no editor
            self.notify(t("browser.no_editor", lang, id=r.template_id), severity="warning", timeout=10)
            return
        self.app.reload_bank(report=path)

    def action_focus_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one(CardTable).focus()

    def action_home(self) -> None:
        self.app.pop_screen()

    def on_key(self, event) -> None:
        """Down (or Enter) in the search line goes to the list."""
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.action_focus_list()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("suspend", "reset", "flag", "edit"):
            return self._current_id() is not None
        if action == "cram":
            return bool(self.found and self.found.rows)
        return True


def _hanging(lead: str, body: Text) -> RenderableType:
    from quizapp.tui.render import hanging

    return hanging([(lead, body)])


__all__ = ["BrowserScreen", "CardTable"]
