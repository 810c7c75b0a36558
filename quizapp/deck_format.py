"""Read deck files: TOML syntax, the schema of every card, and where each problem is.

``read_deck(path)`` returns the deck's topic and title, the cards that passed the
schema (as ``Template``s) and a ``DeckError`` for every problem, with the line of
the card (or of the offending key inside it). The format is documented in
``content/README.md``. Nothing is instantiated here: loading stays fast. The
expression language and the engine (both numpy) are imported only to check a deck
the cache has not seen (see ``_checked``).

Every deck file is hostile (decks are shared, imported from Anki or CSV): only a
regular file is opened, without blocking, and read with a cap; its lines, nesting,
numbers and text are bounded and checked before anything else looks at them; every
step of reading and reporting is linear in the file's size. The limits are the
``MAX_*`` constants here and in ``params`` and ``expr`` (content/README.md, "Limits").
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import math
import os
import re
import stat
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp import content
from quizapp.safe_text import describe, unsafe_char

MAX_DECK_BYTES = 1 << 20  # one deck file: 1 MiB (the bank's largest: 65 KB)
MAX_BANK_BYTES = 16 << 20  # every deck of a bank together
MAX_DECK_FILES = 1000  # deck files read from one folder
MAX_LINE = 10_000  # characters on one line (the bank's longest: 1 037)
MAX_NESTING = 16  # tables and arrays nested inside a card or the header (the bank's deepest: 7)
MAX_NUMBER = 10**15  # |whole number| anywhere in a deck
MAX_ID = 100  # characters of a card id
MAX_ERRORS = 100  # problems reported per deck; the rest are counted in one more line
# How many of each a card may have (the bank's most, for comparison, in the comment).
MAX_ITEMS = {
    "params": 64,  # 6
    "derived": 64,  # 3
    "constraints": 64,  # 8
    "stage": 16,  # 5
    "mistake": 16,  # 3 (per stage)
    "options": 26,  # 6 (answered with the letters a..z)
    "key_points": 64,  # 4
    "tags": 32,  # 5
}

ID_RE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

COMMON = {"id", "kind", "tags", "difficulty", "source", "title", "note", "symbols"}


@dataclass
class Deck:
    file: str
    topic: str | None = None
    title: dict | None = None
    templates: list[content.Template] = field(default_factory=list)
    errors: list[content.DeckError] = field(default_factory=list)
    size: int = 0  # bytes read


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def deck_files(root: Path) -> tuple[list[Path], list[content.DeckError]]:
    """The deck files ``load_bank`` reads: ``root`` itself unless it is a folder
    (``read_deck`` says what is wrong with a path that is not a regular file), else
    its ``*.toml`` files by name, at most MAX_DECK_FILES."""
    shown = display_path(root)
    try:
        info = os.stat(root)
    except (OSError, ValueError):
        return [], [content.DeckError(shown, 1, "no such deck file or folder")]
    if not stat.S_ISDIR(info.st_mode):
        return [root], []
    names: list[str] = []
    try:
        with os.scandir(root) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".toml"))
    except OSError as exc:
        return [], [content.DeckError(shown, 1, f"cannot list the deck folder: {exc.strerror or exc}")]
    errors = []
    if len(names) > MAX_DECK_FILES:
        errors.append(content.DeckError(
            shown, 1, f"the folder holds {len(names)} deck files; only the first {MAX_DECK_FILES} (by name) are read"
        ))  # fmt: skip
    return [root / n for n in names[:MAX_DECK_FILES]], errors


class _Unreadable(Exception):
    pass


def read_deck(path: Path, max_bytes: int = MAX_DECK_BYTES) -> Deck:
    """Read and check one deck file (at most ``max_bytes`` of it: a larger file is an
    error, never read whole)."""
    deck = Deck(display_path(path))
    try:
        data = _read_capped(path, max_bytes)
    except _Unreadable as exc:
        deck.errors.append(content.DeckError(deck.file, 1, str(exc)))
        return deck
    deck.size = len(data)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the deck as UTF-8"
        deck.errors.append(content.DeckError(deck.file, line, message))
        return deck
    checked = _checked(text)
    deck.topic, deck.title = checked["topic"], checked["title"]
    deck.errors = [content.DeckError(deck.file, line, message) for line, message in checked["errors"]]
    for card, line in checked["cards"]:
        src = card["source"]
        deck.templates.append(
            content.Template(
                id=card["id"],
                topic=deck.topic,
                kind=card["kind"],
                tags=tuple(card.get("tags", ())),
                difficulty=card["difficulty"],
                source=f"{src['note']} § {src['section']}",
                title=card["title"],
                file=deck.file,
                line=line,
                spec=card,
            )
        )
    return deck


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``. Opened without blocking
    (a FIFO never stalls start-up) and checked with fstat before any read (a device
    such as /dev/zero is never read); read in chunks up to the cap, so a file that
    grows meanwhile is still refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as exc:
        raise _Unreadable(f"cannot open the deck: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable(f"not a regular file ({_file_kind(info.st_mode)}); a deck must be a plain .toml file")
        if info.st_size > max_bytes:
            raise _Unreadable(_too_large(f"{info.st_size} bytes", max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 16, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _Unreadable(_too_large(f"more than {max_bytes} bytes", max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise _Unreadable(f"cannot read the deck: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(size: str, max_bytes: int) -> str:
    if max_bytes >= MAX_DECK_BYTES:
        return f"the deck is {size}; a deck may be at most {_mib(MAX_DECK_BYTES)} ({MAX_DECK_BYTES} bytes)"
    return f"the deck is {size}, more than is left of the {_mib(MAX_BANK_BYTES)} all decks may hold together"


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return kind
    return "a special file"


def check_text(text: str) -> dict:
    """Parse and check one deck's text: ``{"topic", "title", "cards": [(card, line)],
    "errors": [(line, message)]}`` in plain data (the file name is added by the caller).
    Linear in the text's length, whatever the text."""
    out: dict = {"topic": None, "title": None, "cards": [], "errors": []}
    problem = _text_limits(text)
    if problem:
        out["errors"].append(problem)
        return out
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        out["errors"].append((int(m.group(1)) if m else 1, f"TOML syntax: {exc}"))
        return out
    except ValueError:  # Python refuses to read an integer of more than 4300 digits
        m = re.search(r"[0-9][0-9_]{4299}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        out["errors"].append((line, f"a whole number with thousands of digits; numbers in a deck must be within ±10¹⁵"))
        return out
    except RecursionError:
        out["errors"].append((_deep_line(text), f"arrays or tables nested more than {MAX_NESTING} levels deep"))
        return out
    lines = Lines(text)
    header = data.get("deck")
    problem = _check_header(header, set(data) - {"deck", "card"})
    if problem:
        out["errors"].append((lines.header(), problem))
        return out
    out["topic"], out["title"] = header["topic"], header["title"]
    cards = data.get("card", [])
    if not isinstance(cards, list):
        out["errors"].append((lines.header(), "card must be an array of tables: [[card]]"))
        return out
    for i, card in enumerate(cards):
        problems = check_card(card, out["topic"])
        cid = card.get("id") if isinstance(card, dict) else None
        named = isinstance(cid, str) and len(cid) <= MAX_ID and ID_RE.fullmatch(cid)
        where = f"card {cid!r}: " if named else f"card #{i + 1}: "
        for key, message in problems:
            out["errors"].append((lines.key(i, key), where + message))
        if not problems:
            out["cards"].append((card, lines.card(i)))
    errors = out["errors"]
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        errors[MAX_ERRORS:] = [(errors[MAX_ERRORS][0], f"and {more} more problems from here on (fix the ones above first)")]
    return out


def _text_limits(text: str) -> tuple[int, str] | None:
    """(line, problem) when the text is too long or has a line too long to check."""
    if len(text) > MAX_DECK_BYTES:
        return 1, f"the deck has more than {MAX_DECK_BYTES} characters; a deck may be at most {_mib(MAX_DECK_BYTES)}"
    lengths = list(map(len, text.split("\n")))
    if max(lengths) > MAX_LINE:
        n = next(n for n, k in enumerate(lengths, 1) if k > MAX_LINE)
        return n, f"line of {lengths[n - 1]} characters; a line may have at most {MAX_LINE} (split long text with a multi-line string)"
    return None


def _deep_line(text: str) -> int:
    """The first line where arrays and inline tables are open more than MAX_NESTING
    deep (quoted text ignored; only for the message, when TOML's reader gave up)."""
    depth = 0
    for n, line in enumerate(text.split("\n"), 1):
        bare = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", line)
        for ch in bare:
            if ch in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return n
            elif ch in "]}":
                depth = max(depth - 1, 0)
    return 1


def _data_problem(value: Any, depth_left: int) -> str | None:
    """The first thing in parsed TOML that a deck may not hold: nesting past the
    limit, a non-finite number, an absurd whole number, a control character in text
    (newline and tab are text). Iterative, linear in the size of ``value``."""
    stack = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, (dict, list)):
            if depth >= depth_left:
                return f"tables and arrays nested more than {MAX_NESTING} levels deep"
            items = v.items() if isinstance(v, dict) else enumerate(v)
            for k, x in items:
                if isinstance(k, str) and (ch := unsafe_char(k)):
                    return f"the key {k!r} holds the control character {describe(ch)}; deck text must be printable"
                stack.append((x, depth + 1))
        elif isinstance(v, str):
            ch = unsafe_char(v, keep="\n\t")
            if ch:
                return f"the control character {describe(ch)} is not allowed in deck text (printable text only)"
        elif isinstance(v, bool):
            continue
        elif isinstance(v, int) and abs(v) > MAX_NUMBER:
            return f"a whole number with {len(str(abs(v)))} digits; numbers in a deck must be within ±10¹⁵"
        elif isinstance(v, float) and not math.isfinite(v):
            return f"{v} is not allowed; numbers in a deck must be finite"
    return None


def _checked(text: str) -> dict:
    """``check_text(text)``, memoised on disk by the text's hash and the code that checks it.

    Checking a deck costs ~0.1 ms per card plus the engine's import (numpy, for the
    computations' signatures); tomllib another ~0.2 ms per card. A marshal copy of
    the result loads ~10× faster and needs neither, so the app's bank is ready
    before numpy is. The key covers this module, the expression language, the
    parameter checks, the card kinds (with the picture field's check) and the
    engine's sources (an edit or a reinstall is a new
    entry, never a stale one). The cache lives in ``QUIZAPP_CACHE_DIR`` (``off``
    disables it), else the platform's user cache dir; a missing, unwritable or
    corrupt cache just means checking again.
    """
    folder = _cache_dir()
    code = _code_key()
    if folder is None or code is None:
        return check_text(text)
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=code).hexdigest()
    entry = folder / (digest + ".marshal")
    try:
        data = marshal.loads(entry.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = check_text(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, entry)
        _prune(folder)
    except (OSError, ValueError):  # ValueError: a TOML datetime marshal cannot store
        pass
    return data


@functools.cache
def _code_key() -> bytes | None:
    """The Python version and the size and modification time of every source file
    a deck's check depends on (the card kinds' too; at most 64 bytes: a blake2b
    key); None if unreadable."""
    here = Path(__file__).parent
    files = [here / f"{m}.py" for m in ("deck_format", "content", "expr", "params", "safe_text", "pictures")]
    files += sorted((here / "engine").glob("*.py")) + sorted((here / "kinds").glob("*.py"))
    try:
        stats = [(f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files]
    except OSError:
        return None
    return hashlib.blake2b(repr((sys.hexversion, stats)).encode(), digest_size=32).digest()


CACHE_ENTRIES = 256


def _cache_dir() -> Path | None:
    env = os.environ.get("QUIZAPP_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off") else Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quizapp", appauthor=False)) / "decks"


def _prune(folder: Path) -> None:
    """Keep the newest CACHE_ENTRIES checked decks (old versions of edited decks go)."""
    entries = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-CACHE_ENTRIES]:
        old.unlink(missing_ok=True)


def _check_header(header: Any, extra: set[str]) -> str | None:
    if extra:
        return f"unknown top-level key {sorted(extra)[0]!r}; a deck has [deck] and [[card]] only"
    if not isinstance(header, dict):
        return "missing [deck] header with topic and title"
    problem = _data_problem(header, MAX_NESTING)
    if problem:
        return f"[deck]: {problem}"
    unknown = set(header) - {"topic", "title"}
    if unknown:
        return f"[deck]: unknown key {sorted(unknown)[0]!r}; expected topic and title"
    if not isinstance(header.get("topic"), str) or not ID_RE.fullmatch(header["topic"]):
        return "[deck]: topic must be a lower-case id like \"metrics\""
    return _text_problem("[deck] title", header.get("title"), one_line=True)


class Lines:
    """Line numbers of ``[deck]``, of each ``[[card]]`` and of keys inside a card.

    Linear in the text however many problems are reported: the lines are split once,
    and a card's lines are scanned once, the first time one of its keys is asked for
    (then every key is a dictionary look-up)."""

    _CARD = re.compile(r"\s*\[\[\s*card\s*\]\]")
    _HEADER = re.compile(r"\s*\[\s*deck\s*\]")
    # A table header inside a card ([[card.stage.mistake]]: stage, mistake) or a key = …
    _KEY = re.compile(r"[ \t]*(?:\[+[ \t]*card((?:\.[A-Za-z0-9_-]+)+)|([A-Za-z0-9_-]+)[ \t]*=)")

    def __init__(self, text: str):
        self.lines = text.split("\n")  # TOML's lines: only \n ends one (not U+2028, not \x0c)
        self.starts = [n for n, s in enumerate(self.lines, 1) if self._CARD.match(s)]
        self._header: int | None = None
        self._keys: dict[int, dict[str, int]] = {}
        self.scanned = 0  # lines scanned for keys (a test checks it stays linear)

    def header(self) -> int:
        if self._header is None:
            self._header = next((n for n, s in enumerate(self.lines, 1) if self._HEADER.match(s)), 1)
        return self._header

    def card(self, i: int) -> int:
        return self.starts[i] if i < len(self.starts) else 1

    def key(self, i: int, key: str | tuple[str, ...] | None) -> int:
        """The first line inside card ``i`` that sets ``key`` (or the first of several
        candidate keys found), else the card's own line."""
        if i >= len(self.starts):  # a card not written as [[card]]: its own line is unknown
            return 1
        index = self._keys.get(i)
        if index is None:
            index = self._keys[i] = self._index(i)
        for k in (key,) if isinstance(key, str) else key or ():
            if k in index:
                return index[k]
        return self.starts[i]

    def _index(self, i: int) -> dict[str, int]:
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.lines) + 1
        index: dict[str, int] = {}
        for n in range(start, end):
            m = self._KEY.match(self.lines[n - 1])
            if m:
                for k in m.group(1)[1:].split(".") if m.group(1) else (m.group(2),):
                    index.setdefault(k, n)
        self.scanned += end - start
        return index


Problems = list[tuple[str | tuple[str, ...] | None, str]]  # (key(s) to point at, message)


def _text_problem(what: str, v: Any, *, one_line: bool = False) -> str | None:
    if not isinstance(v, dict):
        return f"{what} must be a table with en and zh text, like {{ en = \"…\", zh = \"…\" }}"
    for lang in content.LANGS:
        if lang not in v:
            return f"{what}: missing language {lang!r}"
        if not isinstance(v[lang], str) or not v[lang].strip():
            return f"{what}.{lang} must be non-empty text"
        ch = unsafe_char(v[lang], keep="" if one_line else "\n\t")
        if ch:
            kind = "a line break or tab" if ch in "\n\t" else f"the control character {describe(ch)}"
            return f"{what}.{lang} holds {kind}; {'a title is one line of ' if one_line else ''}printable text only"
    extra = set(v) - set(content.LANGS)
    if extra:
        return f"{what}: unknown language {sorted(extra)[0]!r}; expected {', '.join(content.LANGS)}"
    return None


MAX_SYMBOLS, MAX_SYMBOL_CHARS = 64, 40  # entries in a card's symbols table; characters of one


def _symbols_problem(v: Any) -> str | None:
    """``symbols = { mhat1 = "m̂₁", lam = "λ" }``: how worked lines write a name."""
    if not isinstance(v, dict):
        return 'symbols must be a table of name = "text", like { mhat1 = "m̂₁", lam = "λ" }'
    if len(v) > MAX_SYMBOLS:
        return f"symbols: {len(v)} entries; a card may have at most {MAX_SYMBOLS}"
    for name, text in v.items():
        if not NAME_RE.fullmatch(name):
            return f"symbols: {name[:MAX_ID]!r} is not a valid name"
        if not isinstance(text, str) or not text.strip():
            return f"symbols.{name} must be non-empty text"
        if len(text) > MAX_SYMBOL_CHARS or unsafe_char(text, keep=""):
            return f"symbols.{name} must be one line of printable text, at most {MAX_SYMBOL_CHARS} characters"
    return None


def check_card(card: Any, topic: str) -> Problems:
    """Every schema problem of one card, each with the key to point at."""
    if not isinstance(card, dict):
        return [(None, "a card must be a table")]
    for key, value in card.items():  # first: nothing past the limits reaches the checks below
        problem = _data_problem({key: value}, MAX_NESTING)
        if problem:
            return [(key, f"{key if NAME_RE.fullmatch(key) else repr(key)}: {problem}")]
    from quizapp import kinds

    kind = card.get("kind")
    if kind not in kinds.names():
        return [("kind", f"kind must be one of {', '.join(kinds.names())}, got {kind!r}")]
    spec = kinds.get(kind)
    out: Problems = []
    missing = [k for k in ("id", "difficulty", "source", "title", *spec.required) if k not in card]
    out += [(None, f"missing field {k!r}") for k in missing]
    out += [(k, f"unknown field {k!r} for a {kind} card") for k in sorted(set(card) - COMMON - spec.fields)]
    cid = card.get("id")
    if "id" in card and (not isinstance(cid, str) or not ID_RE.fullmatch(cid) or not cid.startswith(topic + ".")
                         or len(cid) > MAX_ID):  # fmt: skip
        out.append(("id", f"id must be a lower-case id of at most {MAX_ID} characters starting with the topic, like \"{topic}.f1-counts\""))
    tags = card.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and ID_RE.fullmatch(t) for t in tags):
        out.append(("tags", "tags must be a list of lower-case words"))
    d = card.get("difficulty", 1)
    if not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= 5:
        out.append(("difficulty", f"difficulty must be a whole number 1..5, got {d!r}"))
    src = card.get("source", {"note": "000", "section": "-"})
    if not isinstance(src, dict) or set(src) != {"note", "section"} or not all(isinstance(v, str) and v for v in src.values()):
        out.append(("source", 'source must be { note = "003", section = "ROC and AUC" }'))
    elif not re.fullmatch(r"\d{3}", src["note"]):
        out.append(("source", f"source.note must be the note's three-digit number, got {src['note']!r}"))
    for key in ("title", "note", "question", "answer", "explanation", "prompt"):
        if key in card:
            p = _text_problem(key, card[key], one_line=key == "title")
            if p:
                out.append((key, p))
    if "symbols" in card and (p := _symbols_problem(card["symbols"])):
        out.append(("symbols", p))
    out += _too_many(card, ("tags", "params", "derived", "constraints", "stage", "options", "key_points"))
    if out:
        return out
    return out + kinds.get(kind).check(card, topic)


def _too_many(table: dict, keys: tuple[str, ...]) -> Problems:
    """Each of ``keys`` that holds more entries than a card may have (MAX_ITEMS)."""
    return [
        (k, f"{k}: {len(table[k])} entries; a card may have at most {MAX_ITEMS[k]}")
        for k in keys
        if isinstance(table.get(k), (list, dict)) and len(table[k]) > MAX_ITEMS[k]
    ]


def _check_list_of_text(card: dict, key: str) -> Problems:
    items = card[key]
    if not isinstance(items, list) or not items:
        return [(key, f"{key} must be a non-empty list of {{ en, zh }} tables")]
    return [(key, p) for i, v in enumerate(items) if (p := _text_problem(f"{key}[{i + 1}]", v))]


