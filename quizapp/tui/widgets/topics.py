"""The home screen's topic table: due and new counts, cards learned and a mastery
bar per topic."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from quizapp.stats import TopicRow
from quizapp.tui.render import t

BAR_WIDTH = 10


def mastery_bar(share: float, width: int = BAR_WIDTH) -> str:
    """``share`` (0..1) as a bar of full and empty blocks and a percentage."""
    share = min(max(share, 0.0), 1.0)
    full = round(share * width)
    return "█" * full + "░" * (width - full) + f" {share:4.0%}"


class TopicTable(DataTable):
    """One row per topic (row key = topic id); the cursor picks the topic to study."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True

    _shown: tuple | None = None
    _laid_for = 0

    def show(self, rows: tuple[TopicRow, ...], lang: str) -> None:
        """Fill the table with ``rows`` in ``lang``, keeping the selected topic.
        Titles are deck text: shown as ``Text``, never read as markup. The topic
        column takes the room the others leave (a title longer than that ends in "…")."""
        self._shown = (rows, lang)
        self._laid_for = self._room()
        selected = self.selected_topic
        self.clear(columns=True)
        titles = [r.title.get(lang) or r.title.get("en") or r.topic for r in rows]
        widths = {"due": 5, "new": 5, "learned": 7, "mastery": BAR_WIDTH + 5}
        labels = {key: t(f"home.col.{key}", lang) for key in ("topic", *widths)}
        widths = {key: max(w, cell_len(labels[key])) for key, w in widths.items()}
        room = self._room() - sum(widths.values()) - 2 * (len(widths) + 1) - 2  # cell padding, scrollbar
        longest = max(map(cell_len, titles), default=8)
        widths = {"topic": max(cell_len(labels["topic"]), min(longest, max(room, 16))), **widths}
        for key, width in widths.items():
            self.add_column(labels[key], key=key, width=width)
        for r, title in zip(rows, titles):
            learned = f"{r.learned}/{r.total}" if r.total else "–"
            cell = Text(title, no_wrap=True, overflow="ellipsis")
            cell.truncate(widths["topic"], overflow="ellipsis")
            self.add_row(cell, str(r.due), str(r.new), learned, mastery_bar(r.mastery), key=r.topic)
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected))

    def _room(self) -> int:
        """The columns the table may use: its own width once laid out, else the screen's."""
        return self.size.width or self.app.size.width

    def on_resize(self) -> None:
        if self._shown is not None and self.size.width and self.size.width != self._laid_for:
            self.show(*self._shown)

    @property
    def selected_topic(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
