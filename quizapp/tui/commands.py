"""The command palette (ctrl+p): every key binding that works on the screen it was
opened from, in the app's language, and every topic ("deck: Optimizers"). When
nothing matches, it says so in the app's language too."""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizapp.tui.render import t


class QuizCommands(Provider):
    def _actions(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """(title, help, run) for each binding active on the screen below the
        palette, each title once (home's q and ctrl+q both quit)."""
        from quizapp.tui.screens.help import family

        app = self.app
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            bid = binding.id or ""
            if not enabled or not bid or bid == "palette" or bid.startswith("study-scroll") or bid.startswith("study-page"):
                continue
            keys = app.get_key_display(Binding(binding.key, ""))
            title = f"{binding.description} {keys}" if family(bid) != bid else binding.description
            if title not in seen:
                seen.add(title)
                yield title, keys, partial(app.run_action, binding.action, node)

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        lang = app.lang
        yield from self._actions()
        here = {b.id for _, b, enabled, _ in self.screen.active_bindings.values() if enabled}
        interviewing = getattr(self.screen, "in_interview", False)  # one interview at a time
        if "home-mock" not in here and not interviewing:  # home's own key says it already
            yield (t("palette.mock", lang), t("palette.mock_help", lang),
                   partial(self._open, "mock_setup", "MockSetupScreen"))
        if "mock-history" not in here and not interviewing:
            yield (t("palette.mock_history", lang), t("palette.mock_history_help", lang),
                   partial(self._open, "mock_results", "MockHistoryScreen"))
        for topic in app.topics():
            title = app.topic_title(topic)
            yield (t("palette.deck", lang, title=title), t("palette.deck_help", lang),
                   partial(app.start_study, [topic], "study"))
            yield (t("palette.cram", lang, title=title), t("palette.cram_help", lang),
                   partial(app.start_study, [topic], "cram"))

    def _open(self, module: str, screen: str) -> None:
        """Open a mock-interview screen (its module loads only when asked for)."""
        import importlib

        self.app.push_screen(getattr(importlib.import_module(f"quizapp.tui.screens.{module}"), screen)())

    async def discover(self) -> Hits:
        for title, help_, run in self._entries():
            yield DiscoveryHit(Text(title), run, help=help_ or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, help_, run in self._entries():
            score = matcher.match(title)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(title), run, help=help_ or None)
        if not found and query.strip():
            yield Hit(0.001, Text(t("palette.no_matches", self.app.lang), style="dim"), lambda: None)
