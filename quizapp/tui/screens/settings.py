"""Settings: language, desired retention, daily limits, the longest interval, the
hour a study day starts and theme, saved in the store."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from quizapp.srs import SrsSettings
from quizapp.tui.i18n import LANG_NAMES, localize_bindings, t

# Input id -> (store setting, label key, type); each field's range is the scheduler's
NUMBER_FIELDS = {
    "set-retention": ("desired_retention", "settings.retention", float),
    "set-new": ("new_per_day", "settings.new_per_day", int),
    "set-reviews": ("reviews_per_day", "settings.reviews_per_day", int),
    "set-max-interval": ("maximum_interval", "settings.maximum_interval", int),
    "set-rollover": ("day_rollover_hour", "settings.day_rollover_hour", int),
}


class SettingsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings-form"):
            yield Static(id="settings-title", classes="screen-title")
            yield Static(id="settings-hint", classes="hint")  # above the fields: no dropdown covers it
            yield Label(id="lbl-language")
            yield Select([(name, code) for code, name in LANG_NAMES.items()],
                         value=self.app.lang, allow_blank=False, id="set-language", compact=True)
            srs = self.app.store.srs_settings()
            for input_id, (name, _label, kind) in NUMBER_FIELDS.items():
                yield Label(id=f"lbl-{input_id}")
                # plain text, so "1.5" in a whole-number field reaches save_number and is refused
                yield Input(str(getattr(srs, name)), id=input_id, compact=True)
            yield Label(id="lbl-theme")
            yield Select([], value=Select.NULL, allow_blank=True, id="set-theme", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)

    def _relabel(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.query_one("#settings-title", Static).update(t("settings.title", lang))
        self.query_one("#lbl-language", Label).update(t("settings.language", lang))
        for input_id, (name, label, _kind) in NUMBER_FIELDS.items():
            low, high = bounds(name)
            self.query_one(f"#lbl-{input_id}", Label).update(
                t("settings.range", lang, label=t(label, lang), low=low, high=high))
        self.query_one("#lbl-theme", Label).update(t("settings.theme", lang))
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
        name, label, kind = NUMBER_FIELDS[field.id]
        lang = self.app.lang
        current = getattr(self.app.store.srs_settings(), name)
        problem = check_number(field.value, kind, bounds(name))
        if problem is not None:
            low, high = bounds(name)
            self.notify(t(problem, lang, label=t(label, lang), value=field.value.strip(), low=low, high=high),
                        severity="error")
            field.value = str(current)
            return False
        value = kind(field.value)
        if value == current:
            return True
        if not self.app.save_setting(name, value):
            field.value = str(current)
            return False
        self.notify(t("settings.saved", lang))
        return True


def bounds(name: str) -> tuple[float, float]:
    return SrsSettings._RANGES[name]


def check_number(text: str, kind: type, limits: tuple[float, float]) -> str | None:
    """The label key saying what is wrong with ``text`` for a ``kind`` field
    within ``limits``, or None when it can be saved."""
    try:
        value = float(text)
    except ValueError:
        return "settings.not_number"
    if kind is int and not text.strip().lstrip("+-").isdigit():
        return "settings.not_whole"
    low, high = limits
    return None if low <= value <= high else "settings.out_of_range"
