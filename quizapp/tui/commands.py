"""The command palette (ctrl+p): every app action and every topic ("deck: Optimizers")."""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizapp.tui.i18n import binding_label, t

# Palette entries that run an app action: (binding id for the label, action).
APP_ACTIONS = (
    ("home-study-all", "study_all"),
    ("settings", "settings"),
    ("help", "help"),
    ("language", "toggle_language"),
    ("theme", "toggle_theme"),
    ("quit", "quit"),
)


class QuizCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        lang = app.lang
        for label_id, action in APP_ACTIONS:
            target = app.start_study if action == "study_all" else partial(app.run_action, action)
            yield binding_label(label_id, lang), "", target
        for topic in app.topics():
            title = app.topic_title(topic)
            yield (t("palette.deck", lang, title=title), t("palette.deck_help", lang),
                   partial(app.start_study, [topic], "study"))
            yield (t("palette.cram", lang, title=title), t("palette.cram_help", lang),
                   partial(app.start_study, [topic], "cram"))

    async def discover(self) -> Hits:
        for title, help_, run in self._entries():
            yield DiscoveryHit(title, run, help=help_ or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_, run in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_ or None)
