"""The only place quizapp touches Textual's private API; ``tests/test_tui_compat.py``
checks each use against the installed Textual, so an upgrade that breaks one fails
there, by name, instead of somewhere in the app.

- ``localize_bindings``: Textual has no hook for translated key descriptions, so the
  descriptions of a node's bindings (``node._bindings``) are rewritten in place
  when the language changes; the footer and the palette then show them.
- ``CrashLog``: a mixin for the app whose ``_handle_exception`` writes the traceback
  to a log file and leaves one sentence on the terminal (Textual would print the
  traceback, whose frames may hold what the learner typed).
- ``KeyFooter``: Textual's ``Footer`` rebuilds itself (a new widget per key, ~10 ms)
  on every change of focus or bindings; this one keeps its keys while their number
  and grouping stay, relabelling them in place (``FooterKey._disabled`` with the
  key's attributes, and ``Footer._bindings_ready`` as the footer sets it).
- ``paint_now``: a widget asks its screen for a repaint from its own idle
  (``Widget._check_refresh``), a few message hops after ``refresh()``; by then the
  screen may have idled, run its after-refresh callbacks (the footer's relabelling)
  ahead of the frame, and drawn that frame without the widget. Asking at once puts
  the widget in the coming frame and the callbacks after it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from itertools import groupby
from typing import Any, Callable

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


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


def paint_now(*widgets: Any) -> None:
    """Put ``widgets``' pending repaints in their screen's coming frame, ahead of the
    screen's after-refresh callbacks (see the module's docstring)."""
    for widget in widgets:
        if widget.is_mounted:
            widget._check_refresh()


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


class KeyFooter(Footer):
    """The footer, rebuilt only when the shape of what it shows changes. A verdict
    (Skip gives way to Next) keeps the number of keys, so the keys are relabelled
    in place; a change of focus that shows the same keys costs nothing."""

    _shape: tuple | None = None

    def _plan(self) -> tuple[tuple, list[tuple]]:
        """The footer's shape (how many keys, which in a group) and each key as
        ``compose`` makes it: (key, display, description, action, enabled, tooltip)."""
        active = self.screen.active_bindings
        per_action: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                per_action.setdefault(binding.action, (binding, enabled, tooltip))
        shape, keys = [], []
        for group, members in groupby(per_action.values(), lambda m: m[0].group):
            members = list(members)
            grouped = group is not None and len(members) > 1
            shape.append((group.description, len(members)) if grouped else len(members))
            for binding, enabled, tooltip in members:
                keys.append((binding.key, self.app.get_key_display(binding), "" if grouped else binding.description,
                             binding.action, bool(enabled), (tooltip or binding.description) if grouped else tooltip))
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                shape.append("palette")
                keys.append((palette.binding.key, self.app.get_key_display(palette.binding),
                             palette.binding.description, palette.binding.action, bool(palette.enabled),
                             palette.binding.tooltip or palette.binding.description))
        return tuple(shape), keys

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shape, planned = self._plan()
        shown = list(self.query(FooterKey))
        if shape != self._shape or len(shown) != len(planned):
            self._shape = shape
            self.call_after_refresh(self.recompose)
            return
        for widget, (key, display, description, action, enabled, tooltip) in zip(shown, planned):
            now = (widget.key, widget.key_display, widget.description, widget.action, not widget._disabled)
            if now == (key, display, description, action, enabled):
                continue
            wider = (len(display), len(description)) != (len(widget.key_display), len(widget.description))
            widget.key, widget.key_display, widget.description, widget.action = key, display, description, action
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
            widget.tooltip = tooltip or None
            widget.refresh(layout=wider)


__all__ = ["CrashLog", "KeyFooter", "localize_bindings", "paint_now"]
