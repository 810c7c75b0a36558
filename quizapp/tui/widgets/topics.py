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

    def show(self, rows: tuple[TopicRow, ...], lang: str) -> None:
        """Fill the table with ``rows`` in ``lang``, keeping the selected topic (the
        same rows again leave it as drawn). Titles are deck text: shown as ``Text``,
        never read as markup."""
        if getattr(self, "_shown", None) == (rows, lang):
            return
        self._shown = (rows, lang)
        selected = self.selected_topic
        self.clear(columns=True)
        titles = [r.title.get(lang) or r.title.get("en") or r.topic for r in rows]
        widths = {"topic": min(max(map(cell_len, titles), default=8), 30), "due": 5, "new": 5, "learned": 9,
                  "mastery": BAR_WIDTH + 5}
        for key, width in widths.items():
            label = t(f"home.col.{key}", lang)
            self.add_column(label, key=key, width=max(width, cell_len(label)))
        for r, title in zip(rows, titles):
            learned = f"{r.learned}/{r.total}" if r.total else "–"
            self.add_row(Text(title), str(r.due), str(r.new), learned, mastery_bar(r.mastery), key=r.topic)
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected))

    @property
    def selected_topic(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
