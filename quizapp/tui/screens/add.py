"""A form for a card of your own: a concept or a choice card, written into your deck
for its topic by the same code as ``quizapp add`` (``quizapp.userdecks``), read
back before it is kept. Text written once is used in both languages; the Chinese
fields are for a Chinese version. The writing runs in a worker; a refused card
keeps the form as it was and says why, one sentence per problem. Once added, the
bank is read again, so the card is there to study and to browse."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t

NEW_TOPIC = "\0new"  # the topic menu's entry for a new topic
# (field id, catalog label, kinds it belongs to, many lines?)
FIELDS = (
    ("title", "add.label.title", ("concept", "choice"), False),
    ("title-zh", "add.label.title_zh", ("concept", "choice"), False),
    ("question", "add.label.question", ("concept", "choice"), True),
    ("question-zh", "add.label.question_zh", ("concept", "choice"), True),
    ("answer", "add.label.answer", ("concept",), True),
    ("answer-zh", "add.label.answer_zh", ("concept",), True),
    ("points", "add.label.points", ("concept",), True),
    ("points-zh", "add.label.points_zh", ("concept",), True),
    ("options", "add.label.options", ("choice",), True),
    ("options-zh", "add.label.options_zh", ("choice",), True),
    ("explanation", "add.label.explanation", ("choice",), True),
    ("explanation-zh", "add.label.explanation_zh", ("choice",), True),
    ("tags", "add.label.tags", ("concept", "choice"), False),
)


class AddCardScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="add-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="add-cancel"),
    ]

    class Done(Message):
        """The card was written (``added``), or refused (``refused``: sentences)."""

        def __init__(self, added=None, refused=None):
            super().__init__()
            self.added, self.refused = added, refused

    def __init__(self, topic: str | None = None) -> None:
        super().__init__()
        self.saving = False
        self.topic = topic  # the topic chosen at first (the one on screen when the form was opened)

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        kinds = [(t(f"kind.{k}", lang), k) for k in ("concept", "choice")]
        topics = [(self.app.topic_title(k), k) for k in self.app.topics()] + [(t("add.new_topic", lang), NEW_TOPIC)]
        with VerticalScroll(id="add-form"):
            yield Static(markup=False, id="add-heading", classes="screen-title")
            yield Static(markup=False, id="add-hint", classes="hint")
            yield Label(markup=False, id="lbl-add-kind")
            yield Select(kinds, id="add-kind", allow_blank=False, compact=True, value="concept")
            yield Label(markup=False, id="lbl-add-topic")
            first = self.topic if self.topic in self.app.topics() else topics[0][1]
            yield Select(topics, id="add-topic", allow_blank=False, compact=True, value=first)
            yield Label(markup=False, id="lbl-add-topic-id", classes="new-topic")
            yield Input(id="add-topic-id", compact=True, max_length=60, classes="new-topic")
            yield Label(markup=False, id="lbl-add-topic-title", classes="new-topic")
            yield Input(id="add-topic-title", compact=True, max_length=200, classes="new-topic")
            for name, _, kinds, many in FIELDS:
                yield Label(markup=False, id=f"lbl-add-{name}", classes=" ".join(f"for-{k}" for k in kinds))
                if many:
                    yield TextArea(id=f"add-{name}", classes=" ".join(f"for-{k}" for k in kinds), compact=True,
                                   soft_wrap=True, show_line_numbers=False)
                else:
                    yield Input(id=f"add-{name}", classes=" ".join(f"for-{k}" for k in kinds), compact=True,
                                max_length=2000)
            yield Label(markup=False, id="lbl-add-difficulty")
            yield Select([(str(n), n) for n in range(1, 6)], id="add-difficulty", value=2, allow_blank=False,
                         compact=True)
            yield Static(markup=False, id="add-problems", classes="notice")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._relabel(self.app.lang)
        self.watch(self.app, "lang", self._relabel, init=False)
        self._show_kind()
        self.query_one("#add-kind", Select).focus()

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        q = self.query_one
        q("#add-heading", Static).update(t("add.title", lang))
        q("#add-hint", Static).update(t("add.hint", lang, folder=str(self.app.workspace.user_decks_dir),
                                        save=self.app.key_of("add-save")))
        q("#lbl-add-kind", Label).update(t("add.label.kind", lang))
        q("#lbl-add-topic", Label).update(t("add.label.topic", lang))
        q("#lbl-add-topic-id", Label).update(t("add.label.topic_id", lang))
        q("#lbl-add-topic-title", Label).update(t("add.label.topic_title", lang))
        q("#lbl-add-difficulty", Label).update(t("add.label.difficulty", lang))
        for name, label, _, _ in FIELDS:
            q(f"#lbl-add-{name}", Label).update(t(label, lang))
        kind = q("#add-kind", Select)
        with self.prevent(Select.Changed):
            value = kind.value
            kind.set_options([(t(f"kind.{k}", lang), k) for k in ("concept", "choice")])
            kind.value = value
        topic = q("#add-topic", Select)
        with self.prevent(Select.Changed):
            value = topic.value
            options = [(self.app.topic_title(k), k) for k in self.app.topics()]
            options.append((t("add.new_topic", lang), NEW_TOPIC))
            topic.set_options(options)
            topic.value = value
        self._show_kind()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_kind()

    def _show_kind(self) -> None:
        kind = self.query_one("#add-kind", Select).value
        for widget in self.query(".for-concept, .for-choice"):
            widget.display = widget.has_class(f"for-{kind}")
        new = self.query_one("#add-topic", Select).value == NEW_TOPIC
        for widget in self.query(".new-topic"):
            widget.display = new

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#add-{name}")
        return widget.text if isinstance(widget, TextArea) else widget.value

    def draft(self):
        """The form as a ``userdecks.Draft``."""
        from quizapp.userdecks import Draft, both

        v = self._value
        kind = str(self.query_one("#add-kind", Select).value)
        topic = self.query_one("#add-topic", Select).value
        topic_title = None
        if topic == NEW_TOPIC:
            topic = v("topic-id").strip()
            topic_title = both(v("topic-title")) or both(topic)
        draft = Draft(kind=kind, topic=str(topic), title=both(v("title"), v("title-zh")), topic_title=topic_title,
                      question=both(v("question"), v("question-zh")),
                      tags=v("tags").replace(",", " ").split(),
                      difficulty=int(self.query_one("#add-difficulty", Select).value))
        if kind == "concept":
            draft.answer = both(v("answer"), v("answer-zh"))
            draft.key_points = _paired(v("points"), v("points-zh"))
        else:
            lines = _lines(v("options"))
            rights = [line.startswith("*") for line in lines]
            texts = [line[1:].strip() if r else line for line, r in zip(lines, rights)]
            zh = _lines(v("options-zh"))
            zh = [z[1:].strip() if z.startswith("*") else z for z in zh]
            draft.options = [(both(e, zh[i] if i < len(zh) else None), r) for i, (e, r) in enumerate(zip(texts, rights))]
            draft.explanation = both(v("explanation"), v("explanation-zh"))
        return draft

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.query_one("#add-problems", Static).update("")
        self._write(self.draft())

    @work(thread=True, exclusive=True, exit_on_error=False, group="add-card")
    def _write(self, draft) -> None:
        from quizapp.userdecks import Refused

        try:
            added = self.app.workspace.add_card(draft)
        except Refused as e:
            self.post_message(self.Done(refused=e.msgs))
            return
        except OSError as e:  # the folder vanished mid-way and the like
            from quizapp.catalog import say

            self.post_message(self.Done(refused=[say("userdecks.add.cannot_write", path=str(e.filename or ""),
                                                     reason=e.strerror or str(e))]))
            return
        self.post_message(self.Done(added=added))

    def on_add_card_screen_done(self, message: Done) -> None:
        from quizapp.catalog import render

        self.saving = False
        lang = self.app.lang
        if message.refused:
            lines = [render(m, lang) for m in message.refused]
            self.query_one("#add-problems", Static).update(Text("\n".join(lines)))
            self.query_one("#add-problems", Static).scroll_visible()
            self.notify(lines[0], severity="error", timeout=8)
            return
        a = message.added
        self.app.notify(t("add.added", lang, id=a.card_id, file=a.path.name))
        self.app.reload_bank()
        self.app.pop_screen()

    def action_cancel(self) -> None:
        self.app.pop_screen()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _paired(en: str, zh: str) -> list:
    from quizapp.userdecks import both

    zh_lines = _lines(zh)
    return [both(e, zh_lines[i] if i < len(zh_lines) else None) for i, e in enumerate(_lines(en))]


__all__ = ["AddCardScreen"]
