"""Read cards from a CSV file: ``front,back`` or ``front,back,tags`` per row.

UTF-8 (a byte-order mark is fine), comma-separated, fields quoted with ``"`` when
they hold commas, quotes (doubled) or line breaks. A first row that names the
columns (``front,back[,tags]``, or ``question,answer``, ``正面,背面``, ``问题,答案``,
``标签``) is a header and skipped. Tags are words separated by spaces. Text is
taken as it is written (plain text, not HTML).

Every row is checked before anything is imported; the first problem refuses the
file with its line number: text that is not UTF-8, a quote left open, a row
without a front and a back or with more than three fields, an empty side, a
field longer than ``MAX_FIELD_CHARS``, a question already asked on an earlier
line. Files larger than ``MAX_BYTES`` or with more than ``MAX_ROWS`` rows are
refused whole.

Ids come from the question: ``<topic>.csv-<10 hex digits of its hash>``, so the
same row imported again is found as already there.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from pathlib import Path

from quizapp.anki import AnkiError
from quizapp.anki.convert import NewCard, Plan
from quizapp.anki.text import Plain, clean, tag_id, title_of
from quizapp.catalog import say

MAX_BYTES = 8 << 20  # 8 MiB
MAX_ROWS = 20_000
MAX_FIELD_CHARS = 20_000
MAX_TAGS = 32
HEADERS = ({"front", "question", "正面", "问题", "問題"}, {"back", "answer", "背面", "答案"},
           {"tags", "tag", "标签", "標籤"})


def card_id(topic: str, question: str) -> str:
    return f"{topic}.csv-{hashlib.blake2b(question.encode('utf-8'), digest_size=5).hexdigest()}"


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise AnkiError(say("anki.error.cannot_read", path=shown, reason=e.strerror or str(e))) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise AnkiError(say("csv.error.not_file", path=shown))
        chunks, total = [], 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise AnkiError(say("csv.error.too_large", path=shown, limit=MAX_BYTES >> 20))
        return b"".join(chunks)
    except OSError as e:
        raise AnkiError(say("anki.error.cannot_read", path=shown, reason=e.strerror or str(e))) from None
    finally:
        os.close(fd)


def _is_header(row: list[str]) -> bool:
    names = [c.strip().lower() for c in row]
    return len(names) in (2, 3) and all(n in HEADERS[i] for i, n in enumerate(names))


def read_csv(path: str | os.PathLike, topic: str, title: str) -> Plan:
    """The cards of the CSV file at ``path`` in topic ``topic``, or AnkiError."""
    path = Path(path)
    shown = str(path)
    data = _read_bytes(path, shown)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise AnkiError(say("csv.error.not_utf8", path=shown, line=line)) from None
    if "\x00" in text:
        raise AnkiError(say("csv.error.nul", path=shown, line=text.count("\n", 0, text.index("\x00")) + 1))
    plan = Plan(titles={topic: title}, sources={topic: path.name})
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    seen: dict[str, int] = {}
    line = 1  # where the next row starts
    rows = 0
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            rows += 1
            if rows == 1 and _is_header(row):
                continue
            if rows > MAX_ROWS:
                raise AnkiError(say("csv.error.too_many_rows", path=shown, limit=MAX_ROWS))
            plan.cards.append(_card(row, start, topic, shown, seen))
    except csv.Error as e:
        raise AnkiError(say("csv.error.syntax", path=shown, line=line, reason=str(e))) from None
    if not plan.cards:
        raise AnkiError(say("csv.error.empty", path=shown))
    return plan


def _card(row: list[str], line: int, topic: str, shown: str, seen: dict[str, int]) -> NewCard:
    if len(row) not in (2, 3):
        raise AnkiError(say("csv.error.fields", path=shown, line=line, count=len(row)))
    for value in row:
        if len(value) > MAX_FIELD_CHARS:
            raise AnkiError(say("csv.error.field_too_long", path=shown, line=line, size=len(value),
                                limit=MAX_FIELD_CHARS))
    front, back = (_text(v) for v in row[:2])
    if not front or not back:
        raise AnkiError(say("csv.error.empty_side", path=shown, line=line,
                            side=say("csv.side.front" if not front else "csv.side.back")))
    if front in seen:
        raise AnkiError(say("csv.error.duplicate", path=shown, line=line, first=seen[front]))
    seen[front] = line
    words = row[2].split() if len(row) == 3 else []
    tags = tuple(dict.fromkeys(t for t in map(tag_id, words) if t))[:MAX_TAGS]
    return NewCard(card_id(topic, front), topic, Plain(title_of(front)), Plain(front), Plain(back), tags, "CSV")


def _text(value: str) -> str:
    """A field as card text: control characters out, lines stripped at their
    ends, at most one blank line in a row."""
    lines = [ln.rstrip() for ln in clean(value, keep="\n\t").replace("\t", " ").split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln.strip() or (out and out[-1].strip()):
            out.append(ln)
    return "\n".join(out).strip()
