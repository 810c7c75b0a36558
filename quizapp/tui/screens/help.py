"""Help: every key binding, generated from the bindings themselves."""

from __future__ import annotations

from typing import Iterator

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from quizapp.tui.i18n import binding_id_of, binding_label, localize_bindings, t


def binding_owners() -> dict[str, type]:
    """Where bindings live, in the order the help lists them."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.settings import SettingsScreen
    from quizapp.tui.screens.study import StudyScreen

    return {"app": QuizApp, "home": HomeScreen, "study": StudyScreen,
            "settings": SettingsScreen, "help": HelpScreen}


def key_rows(app: App | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """(where, binding id, keys) for every binding the app declares, with the
    app's keymap applied; a family of bindings sharing an id (the 1–4 rating keys)
    is one row."""
    for where, owner in binding_owners().items():
        bindings = owner._merged_bindings.copy()
        if app is not None:
            bindings.apply_keymap(app._keymap)
        rows: dict[str, list[str]] = {}
        for b in (b for bs in bindings.key_to_bindings.values() for b in bs):
            if b.id is not None and not b.system:  # not Textual's own hidden bindings
                rows.setdefault(binding_id_of(b), []).append(b.key)
        for bid, keys in rows.items():
            yield where, bid, keys


def key_display(app: App, keys: list[str]) -> str:
    return " ".join(app.get_key_display(Binding(k, "")) for k in keys)


def key_of(app: App, binding_id: str) -> str:
    """The first key of ``binding_id`` as the footer shows it, the keymap applied."""
    keys = next(keys for _, bid, keys in key_rows(app) if bid == binding_id)
    return key_display(app, keys[:1])


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        yield Static(id="help-title", classes="screen-title")
        yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        yield Static(id="help-remap", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)

    def _relabel(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.query_one("#help-title", Static).update(t("help.title", lang))
        self.query_one("#help-remap", Static).update(t("help.remap", lang, path=self.app.keymap_path))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(t("help.col.key", lang), t("help.col.action", lang),
                          t("help.col.where", lang), "id")
        for where, bid, keys in key_rows(self.app):
            table.add_row(key_display(self.app, keys), binding_label(bid, lang),
                          t(f"help.where.{where}", lang), bid)
