"""Help: every key, read from the bindings the app and its screens declare (with
the user's keymap applied), in the app's language; the last column is the id to
use in keymap.toml."""

from __future__ import annotations

from typing import Iterator

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t


def binding_owners() -> dict[str, list[type]]:
    """Where bindings are declared, in the order the help lists them."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.scratchpad import ScratchpadScreen
    from quizapp.tui.screens.settings import SettingsScreen
    from quizapp.tui.screens.statistics import StatisticsScreen
    from quizapp.tui.screens.study import FlagScreen, StudyScreen
    from quizapp.tui.screens.mock import EndInterviewScreen, MockScreen
    from quizapp.tui.screens.mock_results import KeyPointsScreen, MockHistoryScreen, ScorecardScreen
    from quizapp.tui.screens.mock_setup import MockSetupScreen
    from quizapp.tui.screens.add import AddCardScreen
    from quizapp.tui.screens.browser import BrowserScreen, CardTable
    from quizapp.tui.widgets.kinds import all_views

    return {"app": [QuizApp], "home": [HomeScreen], "study": [StudyScreen, *all_views().values(), FlagScreen],
            "browser": [BrowserScreen, CardTable], "add": [AddCardScreen],
            "settings": [SettingsScreen], "scratchpad": [ScratchpadScreen], "help": [HelpScreen],
            "statistics": [StatisticsScreen],
            "mock": [MockSetupScreen, MockScreen, EndInterviewScreen, KeyPointsScreen, ScorecardScreen,
                     MockHistoryScreen]}


def declared() -> Iterator[tuple[str, Binding]]:
    """(where, binding) for every binding with an id, once per id."""
    seen: set[str] = set()
    for where, owners in binding_owners().items():
        for owner in owners:
            for b in owner.BINDINGS:
                if isinstance(b, Binding) and b.id and b.id not in seen:
                    seen.add(b.id)
                    yield where, b


def family(binding_id: str) -> str:
    """``study-rate-3`` -> ``study-rate``; an id without a number is its own family."""
    head, _, tail = binding_id.rpartition("-")
    return head if tail.isdigit() else binding_id


def key_rows(keymap: dict[str, str]) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(where, family, keys, ids) per row; a numbered family (the 1–4 rating keys)
    is one row listing its ids."""
    rows: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for where, b in declared():
        keys, ids = rows.setdefault((where, family(b.id)), ([], []))
        keys.extend(k.strip() for k in keymap.get(b.id, b.key).split(","))
        ids.append(b.id)
    for (where, fam), (keys, ids) in rows.items():
        yield where, fam, keys, ids


def ids_text(ids: list[str]) -> str:
    """One id, or a numbered family as ``study-rate-1…4``."""
    return ids[0] if len(ids) == 1 else f"{ids[0]}…{ids[-1].rsplit('-', 1)[1]}"


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="help-title", classes="screen-title")
        yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        yield Static(markup=False, id="help-remap", classes="hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)

    def _relabel(self, lang: str) -> None:
        app = self.app
        app.localize(self)
        self.query_one("#help-title", Static).update(t("help.title", lang))
        self.query_one("#help-remap", Static).update(t("help.remap", lang, path=str(app.keymap_path)))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        rows = [(" ".join(app.get_key_display(Binding(k, "")) for k in keys), t(f"key.{fam}", lang),
                 t(f"help.where.{where}", lang), ids_text(ids)) for where, fam, keys, ids in key_rows(app.keymap)]
        # the ids and the places in full; keys and actions wrap in what is left, so nothing is cut
        id_width = max(cell_len(r[3]) for r in rows)
        where_width = max(cell_len(r[2]) for r in rows)
        room = max(30, self.size.width - id_width - where_width - 16)  # cell padding and the scrollbar
        key_width = min(max(cell_len(r[0]) for r in rows), max(6, room // 4))
        widths = (key_width, room - key_width, where_width, id_width)
        for label, width in zip((t("help.col.key", lang), t("help.col.action", lang), t("help.col.where", lang), "id"),
                                widths):
            table.add_column(label, width=width)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row), height=None)

    def on_resize(self) -> None:
        self._relabel(self.app.lang)
