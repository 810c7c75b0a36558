"""The only place quizapp touches Textual's private API; ``tests/test_tui_compat.py``
checks each use against the installed Textual, so an upgrade that breaks one fails
there, by name, instead of somewhere in the app.

- ``localize_bindings``: Textual has no hook for translated key descriptions, so the
  descriptions of a node's bindings (``node._bindings``) are rewritten in place
  when the language changes; the footer and the palette then show them.
- ``CrashLog``: a mixin for the app whose ``_handle_exception`` writes the traceback
  to a log file and leaves one sentence on the terminal (Textual would print the
  traceback, whose frames may hold what the learner typed).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable


def localize_bindings(node: Any, label: Callable[[str], str | None],
                      group_label: Callable[[str], str | None] = lambda bid: None) -> None:
    """Rewrite the descriptions of ``node``'s own bindings with ``label(binding_id)``
    and of their groups (a footer entry for several keys) with
    ``group_label(binding_id)``; None leaves a description as it is."""
    bindings_map = node._bindings
    for key, bindings in bindings_map.key_to_bindings.items():
        out = []
        for b in bindings:
            text = label(b.id) if b.id else None
            if text is not None and text != b.description:
                b = dataclasses.replace(b, description=text)
            shared = group_label(b.id) if b.id and b.group else None
            if shared is not None and shared != b.group.description:
                b = dataclasses.replace(b, group=dataclasses.replace(b.group, description=shared))
            out.append(b)
        bindings_map.key_to_bindings[key] = out


class CrashLog:
    """Mixed into the App: an unexpected error is logged to a file and said in one
    sentence (``crash_sentence``) when the app exits; ``crash_log`` names the file."""

    crash_log: Path | None = None
    log_dir: Path | None = None

    def _handle_exception(self, error: Exception) -> None:  # Textual's private hook
        from quizapp.crashlog import crash_sentence, write_crash_log

        app: Any = self
        app._return_code = 1
        if app._exception is None:  # Pilot re-raises it in tests
            app._exception = error
            app._exception_event.set()
        self.crash_log = write_crash_log(error, self.log_dir)
        app._exit_renderables.append(crash_sentence(error, self.crash_log))
        app._close_messages_no_wait()


__all__ = ["CrashLog", "localize_bindings"]
