"""The card browser's model: find cards, show one card's record, act on cards.

    b = Browser(store, bank)                       # Workspace.browser() keeps one per bank
    q = parse_query("adam topic:optimizers is:due lapses>1 sort:-lapses", bank)
    found = b.search(q, now, lang="en")            # Found: rows (sorted), total cards
    d = b.detail("optimizers.adam-first-step")     # CardDetail: memory, history, mistakes, flags

A query is what a person types in the browser's search line (``QUERY_HELP``):
words match a card's id, title and question (a numeric card's prompt, a steps
card's stages too) in English and Chinese, in any case; ``topic:``, ``tag:``,
``kind:``, ``is:flagged|due|suspended|new|mine`` (``-is:…`` for not),
``lapses>N`` and ``sort:due|title|topic|stability|difficulty|lapses|reviews`` (a
leading ``-`` sorts descending) narrow and order them. Every keyword has a
Chinese name too (``主题:``, ``是:到期``…). A word that cannot be read is a
``QueryError`` with one sentence.

The text of every card is joined and case-folded once per bank (``SearchIndex``),
and the cards' memory comes from one pass of the memory table, so a search of
50,000 cards is a few tens of milliseconds (benchmarks/browser.py); the app runs
it in a worker all the same.
"""

from __future__ import annotations

import bisect
import difflib
import re
import shlex
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Sequence

from quizapp.catalog import SaidError, say
from quizapp.content import Bank, Template, find_topic

SORTS = ("deck", "due", "title", "topic", "stability", "difficulty", "lapses", "reviews")
STATES = ("flagged", "due", "suspended", "new", "mine")
KINDS = ("concept", "choice", "numeric", "steps")
HISTORY_SHOWN = 50

# Chinese names of the keywords, so a query can be typed in either language.
_KEYS = {"topic": "topic", "主题": "topic", "tag": "tag", "标签": "tag", "kind": "kind", "类型": "kind",
         "is": "is", "是": "is", "sort": "sort", "排序": "sort", "lapses": "lapses", "遗忘": "lapses"}
_STATE_NAMES = {"flagged": "flagged", "已标记": "flagged", "标记": "flagged", "due": "due", "到期": "due",
                "suspended": "suspended", "暂停": "suspended", "已暂停": "suspended", "new": "new", "新卡": "new",
                "mine": "mine", "自己的": "mine", "我的": "mine"}
_SORT_NAMES = {"deck": "deck", "卡组": "deck", "due": "due", "到期": "due", "title": "title", "标题": "title",
               "topic": "topic", "主题": "topic", "stability": "stability", "稳定性": "stability",
               "difficulty": "difficulty", "难度": "difficulty", "lapses": "lapses", "遗忘": "lapses",
               "reviews": "reviews", "复习": "reviews"}
_KIND_NAMES = {"concept": "concept", "概念题": "concept", "概念": "concept", "choice": "choice", "选择题": "choice",
               "选择": "choice", "numeric": "numeric", "数值题": "numeric", "数值": "numeric", "steps": "steps",
               "分步题": "steps", "分步": "steps"}
_LAPSES = re.compile(r"(lapses|遗忘)(>=|>|:|=|≥)(\d{1,6})")
MAX_QUERY = 500  # characters of a query


class QueryError(SaidError, ValueError):
    """A query that cannot be read; ``msg`` says what and what is expected."""


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()  # each must appear in the card's text (case-folded)
    topic: str | None = None
    tag: str | None = None
    kind: str | None = None
    states: tuple[tuple[str, bool], ...] = ()  # ("due", True): is:due; ("flagged", False): -is:flagged
    min_lapses: int | None = None
    sort: str = "deck"
    descending: bool = False


def parse_query(typed: str, bank: Bank) -> Query:
    """The query a person typed (see the module's docstring); QueryError when a
    word cannot be read."""
    typed = typed[:MAX_QUERY]
    try:
        tokens = shlex.split(typed)
    except ValueError:  # an unclosed quote: the words as they are
        tokens = typed.replace('"', " ").replace("'", " ").split()
    words: list[str] = []
    values: dict[str, Any] = {}
    states: dict[str, bool] = {}
    for token in tokens:
        m = _LAPSES.fullmatch(token)
        if m:
            n = int(m.group(3))
            values["min_lapses"] = n + 1 if m.group(2) == ">" else n
            continue
        negated = token.startswith("-") and ":" in token
        head, sep, value = token.lstrip("-").partition(":") if negated else token.partition(":")
        if not sep or head.casefold() not in _KEYS:
            close = difflib.get_close_matches(head.casefold(), [k for k in _KEYS if k.isascii()], n=1, cutoff=0.7)
            if sep and close:  # a filter mistyped (tpoic:metrics), not text with a colon in it (tp:fp)
                raise QueryError(say("browser.query.did_you_mean", word=f"{head}:", key=f"{close[0]}:"))
            if sep and head and not value:
                raise QueryError(say("browser.query.unknown_key", word=token[:40]))
            words.append(token.casefold())
            continue
        key = _KEYS[head.casefold()]
        value = value.strip()
        if not value:
            raise QueryError(say("browser.query.empty", word=token[:40]))
        if key == "topic":
            topic = _find_topic(bank, value)
            if topic is None:
                raise QueryError(say("browser.query.topic", topic=value[:40], topics=", ".join(bank.topics)))
            values["topic"] = topic
        elif key == "tag":
            values["tag"] = value.casefold()
        elif key == "kind":
            kind = _KIND_NAMES.get(value.casefold())
            if kind is None:
                raise QueryError(say("browser.query.kind", kind=value[:40], kinds=", ".join(KINDS)))
            values["kind"] = kind
        elif key == "is":
            state = _STATE_NAMES.get(value.casefold())
            if state is None:
                raise QueryError(say("browser.query.state", state=value[:40], states=", ".join(STATES)))
            states[state] = not negated
        elif key == "sort":
            descending = value.startswith("-")
            name = _SORT_NAMES.get(value.lstrip("-").casefold())
            if name is None:
                raise QueryError(say("browser.query.sort", sort=value[:40], sorts=", ".join(SORTS)))
            values.update(sort=name, descending=descending)
        else:  # "lapses:x" that is not a number
            raise QueryError(say("browser.query.lapses", word=token[:40]))
    return Query(words=tuple(words), states=tuple(states.items()), **values)


def _find_topic(bank: Bank, typed: str) -> str | None:
    """A topic by id or title (``content.find_topic``), or by the start of its id
    when only one id starts so (``topic:metr``)."""
    found = find_topic(bank.topics, typed)
    if found is not None:
        return found
    prefixed = [t for t in bank.topics if t.startswith(typed.casefold())]
    return prefixed[0] if len(prefixed) == 1 else None


class SearchIndex:
    """Every card's searchable text, joined and case-folded once, in deck order,
    with what the filters look at; one per bank (``SearchIndex.of``)."""

    def __init__(self, bank: Bank):
        templates = list(bank.templates.values())
        self.templates = templates
        self.ids = [t.id for t in templates]
        self.position = {tid: i for i, tid in enumerate(self.ids)}
        self.text = [_haystack(t) for t in templates]
        # every card's text in one string (a word is found by str.find at C speed, then
        # mapped to its card by where the card's text starts)
        self.blob = "\0".join(self.text)
        self.starts, at = [], 0
        for text in self.text:
            self.starts.append(at)
            at += len(text) + 1
        self.topic = [t.topic for t in templates]
        self.kind = [t.kind for t in templates]
        self.user = [bank.is_user(t) for t in templates]
        self.by_topic: dict[str, list[int]] = {}
        for i, t in enumerate(templates):
            self.by_topic.setdefault(t.topic, []).append(i)
        self._titles: dict[str, list[str]] = {}

    @classmethod
    def of(cls, bank: Bank) -> SearchIndex:
        """The bank's index, built on first use and kept with the bank (the app
        builds it in a worker once the bank has loaded)."""
        index = bank.__dict__.get("_search_index")
        if index is None:
            index = bank.__dict__["_search_index"] = cls(bank)
        return index

    def matching(self, word: str) -> list[int]:
        """The positions of the cards whose text holds ``word``, in deck order."""
        blob, starts, out = self.blob, self.starts, []
        at = blob.find(word)
        while at != -1:
            p = bisect.bisect_right(starts, at) - 1
            out.append(p)
            at = blob.find(word, starts[p + 1]) if p + 1 < len(starts) else -1
        return out

    def titles(self, lang: str) -> list[str]:
        """Every card's title in ``lang``, case-folded (sorting by title)."""
        if lang not in self._titles:
            self._titles[lang] = [(t.title.get(lang) or t.title.get("en") or t.id).casefold() for t in self.templates]
        return self._titles[lang]


def _haystack(t: Template) -> str:
    spec = t.spec
    parts = [t.id, *t.title.values(), *t.tags]
    for key in ("question", "prompt"):
        if isinstance(spec.get(key), dict):
            parts += spec[key].values()
    for stage in spec.get("stage", ()):
        if isinstance(stage, dict) and isinstance(stage.get("prompt"), dict):
            parts += stage["prompt"].values()
    return "\n".join(parts).casefold()


class Row(NamedTuple):
    """One card in the browser's list."""

    template: Template
    state: int  # 0 new, else FSRS learning/review/relearning
    due_us: int | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: bool
    flags: int  # open flags
    user: bool  # from the user's own decks

    @property
    def template_id(self) -> str:
        return self.template.id


_NO_MEMORY = (None, 0, None, None, None, 0, 0, 0, None)  # a card the database has not seen: new


class Rows(Sequence):
    """The cards a search found, in order, made into ``Row``s only when read (a
    search that finds 50,000 cards shows a page of them)."""

    def __init__(self, positions: list[int], index: SearchIndex, memories: dict, flags: dict):
        self._positions, self._index, self._memories, self._flags = positions, index, memories, flags
        self._where: dict[int, int] | None = None  # index position -> place in the list, when first asked

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._row(p) for p in self._positions[i]]
        return self._row(self._positions[i])

    def _row(self, position: int) -> Row:
        t = self._index.templates[position]
        m = self._memories.get(t.id, _NO_MEMORY)
        return Row(t, m[1], m[2], m[3], m[4], m[5], m[6], bool(m[7]), self._flags.get(t.id, 0),
                   self._index.user[position])

    def ids(self) -> list[str]:
        return [self._index.templates[p].id for p in self._positions]

    def position_of(self, template_id: str) -> int | None:
        """Where a card is in the list (None when it was not found)."""
        if self._where is None:
            self._where = {p: i for i, p in enumerate(self._positions)}
        p = self._index.position.get(template_id)
        return None if p is None else self._where.get(p)

    def refresh(self, row: Row) -> None:
        """Take a card's memory and flags as they are now (after an action on it)."""
        tid = row.template_id
        self._memories = {**self._memories, tid: (tid, row.state, row.due_us, row.stability, row.difficulty,
                                                  row.reps, row.lapses, int(row.suspended), None)}
        self._flags = {**self._flags, tid: row.flags}


@dataclass(frozen=True)
class Found:
    rows: Rows
    total: int  # cards searched


class Browser:
    """Search and read one bank's cards against one progress database. Every
    card's memory and open flags are read in one pass and kept until the database
    changes (``Store.change_mark``), so typing a search reads nothing again."""

    def __init__(self, store: Any, bank: Bank):
        self._store = store
        self.bank = bank
        self.index = SearchIndex.of(bank)
        self._cache: tuple[Any, dict, dict] | None = None

    def _memory(self) -> tuple[dict, dict]:
        mark = self._store.change_mark()
        if self._cache is None or self._cache[0] != mark:
            self._cache = (mark, self._store.card_memories(), self._store.open_flag_counts())
        return self._cache[1], self._cache[2]

    def search(self, query: Query, now: datetime, *, lang: str = "en") -> Found:
        from quizapp.store import to_us

        index = self.index
        memories, flags = self._memory()
        positions: Sequence[int] = range(len(index.templates))
        if query.words:
            first, *others = sorted(query.words, key=len, reverse=True)  # the longest is the rarest
            positions = index.matching(first)
            text = index.text
            for w in others:
                positions = [i for i in positions if w in text[i]]
            if query.topic is not None:
                positions = [i for i in positions if index.topic[i] == query.topic]
        elif query.topic is not None:
            positions = index.by_topic.get(query.topic, [])
        if query.kind is not None:
            positions = [i for i in positions if index.kind[i] == query.kind]
        if query.tag is not None:
            positions = [i for i in positions if query.tag in index.templates[i].tags]
        positions = list(positions)
        if query.min_lapses is not None or query.states:
            ids, n = index.ids, query.min_lapses
            now_us = to_us(now)
            wanted = dict(query.states)
            keep = []
            for i in positions:
                m = memories.get(ids[i], _NO_MEMORY)
                if n is not None and m[6] < n:
                    continue
                if wanted and not all(_is(m, flags.get(ids[i], 0), index.user[i], s, now_us) == want
                                      for s, want in wanted.items()):
                    continue
                keep.append(i)
            positions = keep
        _sort(positions, query, lang, index, memories)
        return Found(Rows(positions, index, memories, flags), len(index.templates))

    def row(self, template_id: str) -> Row | None:
        """One card's row as it is now (after suspending, resetting, flagging it)."""
        t = self.bank.templates.get(template_id)
        if t is None:
            return None
        m = self._store.card_memories([template_id]).get(template_id) or _NO_MEMORY
        flags = self._store.open_flag_counts([template_id]).get(template_id, 0)
        return Row(t, m[1], m[2], m[3], m[4], m[5], m[6], bool(m[7]), flags, self.bank.is_user(t))

    def detail(self, template_id: str) -> CardDetail:
        """One card's record: memory, its newest reviews, mistakes (with their
        labels) and open flags."""
        t = self.bank.templates[template_id]
        memory = self._store.card_memories([template_id]).get(template_id)
        history = self._store.card_history(template_id, HISTORY_SHOWN)
        total = len(history) if len(history) < HISTORY_SHOWN else self._store.card_review_count(template_id)
        mistakes = [(m, mistake_label(t, m.mistake)) for m in self._store.card_mistakes(template_id)]
        return CardDetail(t, self.bank.is_user(t), memory, history, total, mistakes,
                          self._store.card_flags(template_id))


def _is(m: tuple, flags: int, user: bool, state: str, now_us: int) -> bool:
    """Whether a card (its memory row ``m``) is in ``state``."""
    if state == "flagged":
        return flags > 0
    if state == "due":
        return m[1] > 0 and not m[7] and m[2] is not None and m[2] <= now_us
    if state == "suspended":
        return bool(m[7])
    if state == "new":
        return m[1] == 0
    return user  # mine


# Sort keys: the memory row's column (None: not sorted by memory).
_SORT_COLUMN = {"due": 2, "stability": 3, "difficulty": 4, "reviews": 5, "lapses": 6}


def _sort(positions: list[int], q: Query, lang: str, index: SearchIndex, memories: dict) -> None:
    """Sort in place; cards without the sorted figure (new cards have no due date)
    go last either way, and ties keep deck order."""
    if q.sort == "deck":
        if q.descending:
            positions.reverse()
        return
    if q.sort == "title":
        titles = index.titles(lang)
        positions.sort(key=titles.__getitem__, reverse=q.descending)
        return
    if q.sort == "topic":
        topics = [t.topic for t in index.templates]
        positions.sort(key=topics.__getitem__, reverse=q.descending)
        return
    column, ids = _SORT_COLUMN[q.sort], index.ids
    sign = -1 if q.descending else 1

    def key(i: int) -> tuple:
        m = memories.get(ids[i])
        v = m[column] if m is not None else None
        return (1, 0) if v is None else (0, sign * v)

    positions.sort(key=key)


@dataclass(frozen=True)
class CardDetail:
    template: Template
    user: bool  # a user's own card (editable with quizapp edit)
    memory: Any  # store.CardMemory, or None before the bank is registered
    history: list  # store.HistoryRow, newest first (at most HISTORY_SHOWN)
    reviews: int  # every review of the card (history may show fewer)
    mistakes: list  # (store.MistakeCount, label {"en","zh"} or None)
    flags: list  # store.FlagRow, the open ones


def mistake_label(t: Template, mistake: str) -> dict | None:
    """The label a card gives a named mistake (``id``, or ``stage:id`` on a steps card)."""
    spec = t.spec
    stage_name, _, mid = mistake.rpartition(":")
    tables = [spec] if not stage_name else [s for s in spec.get("stage", ()) if s.get("name") == stage_name]
    for table in tables:
        for m in table.get("mistake", ()):
            if isinstance(m, dict) and m.get("id") == mid and isinstance(m.get("label"), dict):
                return m["label"]
    return None


__all__ = ["Browser", "CardDetail", "Found", "HISTORY_SHOWN", "KINDS", "Query", "QueryError", "Row", "Rows", "SORTS",
           "STATES",
           "SearchIndex", "mistake_label", "parse_query"]
