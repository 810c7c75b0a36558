"""Settings: language, desired retention, daily limits, the longest interval, the
hour a study day starts and theme. Every value is checked and saved through the
workspace with the one set of rules (``quizapp.settings``); a refused value is one
sentence naming the field, and the field shows the saved value again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from quizapp.catalog import LANG_NAMES, render
from quizapp.settings import SETTINGS, SettingError
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t
from quizapp.workspace import StoreError

NUMBER_FIELDS = ("desired_retention", "new_per_day", "reviews_per_day", "maximum_interval", "day_rollover_hour")


class SettingsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        ws = self.app.workspace
        with VerticalScroll(id="settings-form"):
            yield Static(markup=False, id="settings-title", classes="screen-title")
            yield Static(markup=False, id="settings-hint", classes="hint")  # above the fields: no dropdown covers it
            yield Label(markup=False, id="lbl-language")
            yield Select([(name, code) for code, name in LANG_NAMES.items()],
                         value=self.app.lang, allow_blank=False, id="set-language", compact=True)
            for key in NUMBER_FIELDS:
                yield Label(markup=False, id=f"lbl-{key}")
                # plain text, so "1.5" in a whole-number field reaches the rules and is refused
                yield Input(_shown(ws.setting(key)), id=f"set-{key}", compact=True, max_length=40)
            yield Label(markup=False, id="lbl-theme")
            yield Select([], value=Select.NULL, allow_blank=True, id="set-theme", compact=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        self.query_one("#settings-title", Static).update(t("settings.title", lang))
        self.query_one("#lbl-language", Label).update(t("settings.label.language", lang))
        for key in NUMBER_FIELDS:
            s = SETTINGS[key]
            low, high = (f"{v:g}" for v in (s.low, s.high))
            self.query_one(f"#lbl-{key}", Label).update(
                t("settings.range", lang, label=t(f"settings.label.{key}", lang), low=low, high=high))
        self.query_one("#lbl-theme", Label).update(t("settings.label.theme", lang))
        theme = self.query_one("#set-theme", Select)
        with self.prevent(Select.Changed):
            theme.set_options([(t(f"settings.theme.{n}", lang), n) for n in ("dark", "light")])
            theme.value = self.app.theme_name
        language = self.query_one("#set-language", Select)
        if language.value != lang:
            with self.prevent(Select.Changed):
                language.value = lang
        self.query_one("#settings-hint", Static).update(t("settings.hint", lang))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        if event.select.id == "set-language":
            self.app.lang = str(event.value)
        elif event.select.id == "set-theme":
            self.app.set_theme_name(str(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save_number(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self.save_number(event.input)

    def save_number(self, field: Input) -> bool:
        """Save one number field; an invalid value is explained (in one sentence
        naming the field) and put back."""
        key = field.id.removeprefix("set-")
        ws = self.app.workspace
        lang = self.app.lang
        current = ws.setting(key)
        if field.value.strip() == _shown(current):
            return True
        try:
            ws.change_typed(key, field.value)
        except SettingError as e:
            self.notify(render(e.msg, lang), severity="error")
            field.value = _shown(current)
            return False
        except StoreError as e:
            self.notify(t("error.store", lang, message=render(e.msg, lang)), severity="error")
            field.value = _shown(current)
            return False
        self.notify(t("settings.saved", lang))
        return True


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
