"""Your own cards: the deck folder beside the progress database, and writing cards into it.

The user deck folder is ``decks/`` beside the progress database
(``quizapp.paths.user_decks_dir``). Its ``*.toml`` files are decks in the bank's
own format (content/README.md), read at start by the same reader with the same
checks (``content.load_bank(user=folder)`` calls ``read_user_decks``); they may add
topics or cards to the bank's topics, and every id is unique across everything.
A user deck is a hostile file like any other; the folder is bounded too: at most
``MAX_USER_DECKS`` files and ``MAX_USER_BYTES`` together.

Writing (``quizapp add``, the app's form): ``add_card(folder, draft, bank)`` turns a
``Draft`` into a ``[[card]]`` table written as TOML with every string escaped
(``toml_value``), appends it to the topic's deck file (one file per topic, made
with its ``[deck]`` header), reads the result back with the real reader (and
self-tests a numeric card with the engine) and only then replaces the file, in
one atomic rename: a refused card leaves the file as it was. A refusal is
``Refused`` carrying one sentence per problem (catalog ``Msg``s).

Editing (``quizapp edit``): ``locate(bank, card_id)`` finds a user card's file and
line (a card of the built-in bank is refused: it is not yours to edit);
``editor_command`` opens the file at that line in ``$VISUAL``/``$EDITOR``.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from quizapp.catalog import Msg, say
from quizapp.content import LANGS, Bank, DeckError, Template, Text, find_topic
from quizapp.paths import sync_folder

MAX_USER_DECKS = 500  # deck files read from the user deck folder
MAX_USER_BYTES = 16 << 20  # all user decks together (one deck: deck_format.MAX_DECK_BYTES)
KINDS = ("concept", "choice", "numeric")  # what ``add`` writes (a steps card is written by hand)
SELF_TEST_SEEDS = 50  # seeds a numeric card from ``add`` is self-tested with before it is kept
SOURCE = {"note": "000", "section": "quizapp add"}  # every card names its source; yours is you


# -- reading


def read_user_decks(bank: Bank, folder: Path) -> None:
    """Read the user's decks in ``folder`` into ``bank`` (after the built-in decks):
    the same reader and checks, an id clash reported at the user's card naming the
    first place. A missing folder is no decks; anything wrong with the folder itself
    is one problem, and the built-in bank still loads."""
    from quizapp import deck_format
    from quizapp.content import add_decks

    shown = deck_format.display_path(folder)
    bank.user_root = shown
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        bank.errors.append(DeckError(shown, 1, f"cannot open your deck folder: {getattr(exc, 'strerror', None) or exc}"))
        return
    if not stat.S_ISDIR(info.st_mode):
        bank.errors.append(DeckError(shown, 1, "your deck folder is not a folder; move this file aside and run "
                                               "`quizapp decks --create`"))
        return
    files, problems = deck_format.deck_files(folder)
    bank.errors.extend(problems)
    if len(files) > MAX_USER_DECKS:
        bank.errors.append(DeckError(shown, 1, f"your deck folder holds {len(files)} deck files; only the first "
                                               f"{MAX_USER_DECKS} (by name) are read"))
        files = files[:MAX_USER_DECKS]
    for f in files:
        bank.user_decks[deck_format.display_path(f)] = f.absolute()
    add_decks(bank, files, MAX_USER_BYTES)


def user_part(bank: Bank) -> Bank:
    """The user's own cards of ``bank`` and their problems (an id clash with the
    built-in bank among them), for checking only what a user wrote."""
    templates = {i: t for i, t in bank.templates.items() if bank.is_user(t)}
    topics = {k: v for k, v in bank.topics.items() if any(t.topic == k for t in templates.values())}
    return Bank(templates=templates, errors=bank.user_errors(), topics=topics, user_decks=dict(bank.user_decks),
                user_root=bank.user_root)


@dataclass(frozen=True)
class UserDeck:
    """One file of the user deck folder, as ``quizapp decks`` lists it."""

    path: Path
    file: str  # as problems name it
    topic: str | None
    cards: int  # cards loaded from it (a card with a problem is not)
    problems: tuple[DeckError, ...]


def list_user_decks(bank: Bank) -> list[UserDeck]:
    """The user decks read into ``bank``, by file name, with their cards and problems."""
    counts: dict[str, int] = {}
    topics: dict[str, str] = {}
    for t in bank.templates.values():
        if t.file in bank.user_decks:
            counts[t.file] = counts.get(t.file, 0) + 1
            topics.setdefault(t.file, t.topic)
    out = []
    for file, path in sorted(bank.user_decks.items(), key=lambda kv: kv[1].name):
        topic = topics.get(file) or _header_topic(path)
        out.append(UserDeck(path, file, topic, counts.get(file, 0), tuple(e for e in bank.errors if e.file == file)))
    return out


def _header_topic(path: Path) -> str | None:
    from quizapp import deck_format

    return deck_format.read_deck(path).topic


# -- TOML, written safely

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape_char(ch: str, keep_newline: bool) -> str:
    if ch == "\n" and keep_newline:
        return ch
    if ch == "\t" and keep_newline:
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
        return f"\\u{code:04X}"
    return ch


def toml_string(s: str) -> str:
    """``s`` as a TOML basic string: quotes, backslashes and control characters
    escaped, so no text can end the string or add a key. Text with line breaks is
    written as a multi-line string (one deck line per line of text)."""
    if "\n" in s:
        body = "".join(_escape_char(ch, True) for ch in s)
        if body.startswith("\n"):  # TOML drops a line break right after the opening quotes
            body = "\\n" + body[1:]
        return f'"""{body}"""'
    return '"' + "".join(_escape_char(ch, False) for ch in s) + '"'


def toml_key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else toml_string(k)


def toml_value(v: Any) -> str:
    """A value as TOML: text, true/false, whole and finite numbers, lists and inline tables."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("a deck holds finite numbers only")
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{toml_key(str(k))} = {toml_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(f"cannot write {type(v).__name__} to a deck")


def header_toml(topic: str, title: Text) -> str:
    return f"[deck]\ntopic = {toml_string(topic)}\ntitle = {toml_value(title)}\n"


def card_toml(card: Mapping[str, Any]) -> str:
    """One ``[[card]]`` table; a list of tables under ``mistake`` becomes
    ``[[card.mistake]]`` tables after the card's own keys."""
    lines = ["[[card]]"]
    tables = []
    for k, v in card.items():
        if k == "mistake" and isinstance(v, list):
            tables += [(k, m) for m in v]
        elif k == "key_points" or k == "options":  # one item a line: easy to edit
            items = "".join(f"  {toml_value(x)},\n" for x in v)
            lines.append(f"{toml_key(k)} = [\n{items}]")
        else:
            lines.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, m in tables:
        lines.append(f"\n[[card.{k}]]")
        lines += [f"{toml_key(mk)} = {toml_value(mv)}" for mk, mv in m.items()]
    return "\n".join(lines) + "\n"


# -- a new card


class Refused(Exception):
    """A card that cannot be written, or a card that cannot be edited: one sentence
    (a catalog ``Msg``) per problem in ``msgs``; ``str()`` is the English."""

    def __init__(self, msgs: Msg | list[Msg]):
        self.msgs = [msgs] if isinstance(msgs, Msg) else list(msgs)
        super().__init__(" ".join(m.text("en") for m in self.msgs))

    def text(self, lang: str) -> list[str]:
        return [m.text(lang) for m in self.msgs]


def both(en: str | None, zh: str | None = None) -> Text | None:
    """Card text from what a person wrote: a language left empty takes the other's
    text (write once, shown in both); None when both are empty."""
    en, zh = (_clean(x) for x in (en, zh))
    if not en and not zh:
        return None
    return {"en": en or zh, "zh": zh or en}


def _clean(text: str | None) -> str:
    """Typed text stripped, any lone surrogate (undecodable bytes) replaced."""
    return (text or "").encode("utf-8", "replace").decode("utf-8").strip()


@dataclass
class Draft:
    """A card as a person describes it (``quizapp add``, the app's form). Texts are
    ``{"en", "zh"}`` (see ``both``)."""

    kind: str  # concept | choice | numeric
    topic: str  # a topic's id or title; a new topic's id
    title: Text | None
    topic_title: Text | None = None  # a new topic's title (default: its id)
    question: Text | None = None  # concept, choice
    answer: Text | None = None  # concept
    key_points: list[Text] = field(default_factory=list)  # concept
    options: list[tuple[Text, bool]] = field(default_factory=list)  # choice: (text, right?)
    explanation: Text | None = None  # choice
    prompt: Text | None = None  # numeric: the question, {name} for each parameter
    params: dict[str, dict] = field(default_factory=dict)  # numeric: name -> declaration
    compute: str | None = None  # numeric: the engine computation
    args: dict[str, str] = field(default_factory=dict)  # numeric: default, each argument named like a parameter
    const: dict[str, Any] = field(default_factory=dict)
    pick: Any = None
    decimals: int | None = None
    sig: int | None = None
    tags: list[str] = field(default_factory=list)
    difficulty: int = 2
    id: str | None = None  # default: made from the topic and the English title


@dataclass(frozen=True)
class Added:
    path: Path  # the deck file written
    card_id: str
    line: int  # where the new card starts
    topic: str
    created: bool  # the deck file is new


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (``"F1 from counts"`` → ``f1-from-counts``)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60].strip("-")


def card_table(draft: Draft, bank: Bank) -> tuple[str, dict]:
    """(topic id, the card's table in deck order) for ``draft``; Refused says what
    is missing or wrong before anything is written."""
    from quizapp.deck_format import ID_RE, MAX_ID

    problems: list[Msg] = []
    if draft.kind not in KINDS:
        raise Refused(say("userdecks.add.kind", kind=str(draft.kind)[:40], kinds=", ".join(KINDS)))
    typed = (draft.topic or "").strip()
    topic = find_topic(bank.topics, typed) if typed else None
    if topic is None:
        if not typed:
            problems.append(say("userdecks.add.no_topic"))
        elif not ID_RE.fullmatch(typed) or "." in typed:
            problems.append(say("userdecks.add.topic_id", topic=typed[:60]))
        else:
            topic = typed
    if draft.title is None:
        problems.append(say("userdecks.add.missing.title"))
    need = {"concept": ("question", "answer"), "choice": ("question", "explanation"), "numeric": ("prompt",)}
    problems += [say(f"userdecks.add.missing.{f}") for f in need[draft.kind] if getattr(draft, f) is None]
    if draft.kind == "concept" and not draft.key_points:
        problems.append(say("userdecks.add.key_points"))
    if draft.kind == "choice":
        if len(draft.options) < 2:
            problems.append(say("userdecks.add.options"))
        elif not any(right for _, right in draft.options):
            problems.append(say("userdecks.add.no_right_option"))
    if draft.kind == "numeric":
        if not draft.compute:
            problems.append(say("userdecks.add.missing.compute"))
        if not draft.params:
            problems.append(say("userdecks.add.no_params"))
    tags = [t.strip().lower() for t in draft.tags if t.strip()]
    bad_tags = [t for t in tags if not ID_RE.fullmatch(t)]
    if bad_tags:
        problems.append(say("userdecks.add.tag", tag=bad_tags[0][:40]))
    if not isinstance(draft.difficulty, int) or not 1 <= draft.difficulty <= 5:
        problems.append(say("userdecks.add.difficulty", value=str(draft.difficulty)[:20]))
    if problems:
        raise Refused(problems)
    assert topic is not None and draft.title is not None
    card_id = draft.id.strip() if draft.id else _new_id(topic, draft.title, bank)
    if not card_id.startswith(topic + ".") or not ID_RE.fullmatch(card_id) or len(card_id) > MAX_ID:
        raise Refused(say("userdecks.add.id", id=card_id[:MAX_ID + 10], topic=topic))
    if card_id in bank.templates:
        first = bank.templates[card_id]
        raise Refused(say("userdecks.add.id_taken", id=card_id, where=f"{first.file}:{first.line}"))
    card: dict[str, Any] = {"id": card_id, "kind": draft.kind}
    if tags:
        card["tags"] = list(dict.fromkeys(tags))
    card.update(difficulty=draft.difficulty, source=dict(SOURCE), title=draft.title)
    if draft.kind == "concept":
        card.update(question=draft.question, answer=draft.answer, key_points=list(draft.key_points))
    elif draft.kind == "choice":
        card.update(question=draft.question,
                    options=[{**text, **({"correct": True} if right else {})} for text, right in draft.options],
                    explanation=draft.explanation)
    else:
        card.update(prompt=draft.prompt, params=dict(draft.params), compute=draft.compute,
                    args=dict(draft.args) or _default_args(draft))
        if draft.const:
            card["const"] = dict(draft.const)
        if draft.pick is not None:
            card["pick"] = draft.pick
        if draft.decimals is not None:
            card["decimals"] = draft.decimals
        elif draft.sig is not None:
            card["sig"] = draft.sig
    return topic, card


def _new_id(topic: str, title: Text, bank: Bank) -> str:
    base = f"{topic}.{slug(title['en']) or 'card'}"
    if base not in bank.templates and base != f"{topic}.card":
        return base
    n = 2
    while f"{base}-{n}" in bank.templates:
        n += 1
    return f"{base}-{n}"


def value_keys(draft: Draft) -> list[str]:
    """The names of the values the draft's computation gives for a sample draw (to
    choose ``pick`` from); [] when it gives one number or cannot be run yet."""
    import random

    from quizapp import engine
    from quizapp.expr import ExprError, budget, compile_expr
    from quizapp.params import draw

    try:
        with budget():
            env: dict = {}
            rng = random.Random(0)
            for name, decl in draft.params.items():
                env[name] = draw(decl, rng, env)
            args = draft.args or _default_args(draft)
            values = {k: compile_expr(v).evaluate(env) for k, v in args.items()}
            value = engine.compute(str(draft.compute), **values, **draft.const).value
    except (engine.EngineError, ExprError, ValueError, TypeError, KeyError, ArithmeticError):
        return []
    return [str(k) for k in value] if isinstance(value, dict) else []


def _default_args(draft: Draft) -> dict[str, str]:
    """Each argument of the computation that a parameter is named after, given that
    parameter (``binary_metrics`` with parameters tp, fp, fn, tn needs no ``args``)."""
    from quizapp import engine

    try:
        comp = engine.get(str(draft.compute))
    except engine.EngineError:
        return {}  # the deck check names the unknown computation
    return {p.name: p.name for p in comp.params if p.name in draft.params}


_PARAM = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*(?:\[\s*(\d+)\s*\])?\s*$")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"({_NUMBER})\s*\.\.\s*({_NUMBER})")


def parse_param(text: str) -> tuple[str, dict]:
    """A parameter as typed: ``tp=1..40`` (whole numbers), ``lr=0.01..0.5`` (decimals
    as written), ``beta=0.9,0.99`` (one of), each optionally ``[8]`` for a vector
    of 8. Refused with one sentence when it is none of these."""
    m = _PARAM.fullmatch(text)
    if not m:
        raise Refused(say("userdecks.add.param", text=text[:80]))
    name, value, size = m.group(1), m.group(2), m.group(3)
    decl: dict[str, Any]
    r = _RANGE.fullmatch(value)
    try:
        if r:
            lo, hi = r.groups()
            if all(re.fullmatch(r"[-+]?\d+", x) for x in (lo, hi)):
                decl = {"int": [int(lo), int(hi)]}
            else:
                places = max(len(x.split(".")[1]) if "." in x and "e" not in x.lower() else 0 for x in (lo, hi))
                decl = {"float": [float(lo), float(hi)], "decimals": max(places, 1)}
        elif "," in value:
            choices = [c.strip() for c in value.split(",") if c.strip()]
            decl = {"choice": [_number_or_text(c) for c in choices]}
        else:
            raise ValueError
    except (ValueError, OverflowError):
        raise Refused(say("userdecks.add.param", text=text[:80])) from None
    if size is not None:
        decl["size"] = int(size)
    return name, decl


def _number_or_text(s: str) -> Any:
    if re.fullmatch(r"[-+]?\d+", s):
        return int(s)
    if re.fullmatch(_NUMBER, s):
        return float(s)
    return s.strip("\"'")


def add_card(folder: Path, draft: Draft, bank: Bank, *, seeds: int = SELF_TEST_SEEDS) -> Added:
    """Write ``draft`` into its topic's user deck in ``folder`` (made if needed) and
    return where it went. The deck is read back with the real reader, and a numeric
    card self-tested with ``seeds`` seeds, before the file is replaced (atomically);
    a refused card (``Refused``) leaves every file as it was."""
    from quizapp import deck_format

    topic, card = card_table(draft, bank)
    if card["kind"] == "numeric" and "pick" not in card and (keys := value_keys(draft)):
        raise Refused(say("userdecks.add.pick", compute=card["compute"], keys=", ".join(keys)))
    block = card_toml(card)
    path, old, created = _target(folder, topic, bank)
    if created:
        title = bank.topics.get(topic) or draft.topic_title or {lang: topic for lang in LANGS}
        head = header_toml(topic, title) + "\n"
    else:
        head = old if old.endswith("\n") or not old else old + "\n"
        head += "\n"
    text = head + block
    start = head.count("\n") + 1
    data = text.encode("utf-8")
    others = sum(_size(p) for p in bank.user_decks.values() if p != path)
    if others + len(data) > MAX_USER_BYTES:
        raise Refused(say("userdecks.add.folder_full", limit=MAX_USER_BYTES >> 20))
    if created and sum(1 for p in bank.user_decks.values() if p.exists()) >= MAX_USER_DECKS:
        raise Refused(say("userdecks.add.too_many_decks", limit=MAX_USER_DECKS))
    shown = deck_format.display_path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise Refused(say("userdecks.add.cannot_write", path=str(folder), reason=exc.strerror or str(exc))) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        deck = deck_format.read_deck(tmp)
        _check_written(deck, card["id"], start, shown, bank)
        if card["kind"] == "numeric":
            _self_test(deck, card["id"], shown, seeds)
        if not created:
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
        sync_folder(folder)
    except OSError as exc:
        raise Refused(say("userdecks.add.cannot_write", path=str(path), reason=exc.strerror or str(exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Added(path, card["id"], start, topic, created)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _target(folder: Path, topic: str, bank: Bank) -> tuple[Path, str, bool]:
    """(the deck file of ``topic`` in ``folder``, its text, whether it is new). The
    file a loaded user card of the topic came from, else ``<topic>.toml`` (another
    name if that one holds another topic)."""
    from quizapp import deck_format

    folder = folder.absolute()
    candidates = [bank.user_decks[t.file] for t in bank.templates.values()
                  if t.topic == topic and t.file in bank.user_decks]
    candidates.append(folder / f"{topic}.toml")
    for path in dict.fromkeys(candidates):
        if path.parent != folder or not path.exists():
            continue
        try:
            raw = deck_format._read_capped(path, deck_format.MAX_DECK_BYTES)
            text = raw.decode("utf-8")
        except deck_format._Unreadable as exc:
            raise Refused(say("userdecks.add.unreadable", path=str(path), reason=str(exc))) from None
        except UnicodeDecodeError:
            raise Refused(say("userdecks.add.not_utf8", path=str(path))) from None
        if deck_format.read_deck(path).topic in (topic, None):
            return path, text, False
    n = 1
    path = folder / f"{topic}.toml"
    while path.exists():
        n += 1
        path = folder / f"{topic}-{n}.toml"
    return path, "", True


def _check_written(deck, card_id: str, start: int, shown: str, bank: Bank) -> None:
    """Refuse unless the deck read back holds the new card, with no problem in it."""
    from quizapp.safe_text import printable

    ours = [e for e in deck.errors if e.line >= start]
    if ours:
        raise Refused([say("userdecks.add.problem", problem=_problem(e.message, card_id)) for e in ours])
    if not any(t.id == card_id for t in deck.templates):
        first = deck.errors[0] if deck.errors else None
        where = f"{shown}:{first.line}: {first.message}" if first else shown
        raise Refused(say("userdecks.add.deck_broken", problem=printable(where)))


def _self_test(deck, card_id: str, shown: str, seeds: int) -> None:
    """A numeric card must give a gradable answer for every seed: the checks of
    ``quizapp check-content`` (without the torch cross-check)."""
    from quizapp.content_check import _check_template, _CrossCheck

    from quizapp.content import TemplateError, instantiate

    template = next(t for t in deck.templates if t.id == card_id)
    try:
        instantiate(template, 0)  # the first problem alone, said plainly
    except TemplateError as exc:
        raise Refused(say("userdecks.add.problem", problem=_problem(exc.error.message, card_id))) from None
    errors = _check_template(template, seeds, 0, _CrossCheck(enabled=False))
    if errors:
        raise Refused([say("userdecks.add.problem", problem=_problem(e.message, card_id)) for e in errors])


def _problem(message: str, card_id: str) -> str:
    """A reader's or self-test's message about the one new card, without naming
    the card (there is only one) and without its closing full stop."""
    from quizapp.safe_text import printable

    for head in (f"card {card_id!r}: ", f"{card_id}, "):
        message = message.removeprefix(head)
    message = printable(message).strip()
    return message if message.endswith((".", "?", "!", ")")) else message + "."



# -- editing


def locate(bank: Bank, card_id: str) -> tuple[Path, int, Template]:
    """The user deck file and line of card ``card_id``; Refused for a card of the
    built-in bank (not editable) or an id no deck has."""
    t = bank.templates.get(card_id)
    if t is None:
        import difflib

        close = difflib.get_close_matches(card_id, bank.templates, n=1)
        raise Refused(say("userdecks.edit.unknown_close" if close else "userdecks.edit.unknown",
                          id=card_id[:120], close=close[0] if close else ""))
    if not bank.is_user(t):
        raise Refused(say("userdecks.edit.built_in", id=card_id))
    return bank.user_decks[t.file], t.line, t


# Editors that open a file at a line given as ``+LINE`` before the file.
PLUS_LINE = frozenset({"vi", "vim", "nvim", "gvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "joe",
                       "jed", "ne", "mg", "kak", "hx", "helix", "kate", "gedit", "mousepad", "pluma", "xed"})
COLON_LINE = frozenset({"code", "codium", "code-insiders", "subl", "zed"})  # FILE:LINE (code: with --goto)


def editor_command(path: Path, line: int, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens ``path`` at ``line`` in the user's editor (``$VISUAL``,
    else ``$EDITOR``, else vi): ``+LINE FILE`` for vi, nano, emacs and their kin,
    ``--goto FILE:LINE`` for VS Code, else just the file."""
    env = os.environ if env is None else env
    chosen = (env.get("VISUAL") or env.get("EDITOR") or "vi").strip()
    try:
        words = shlex.split(chosen)
    except ValueError:
        words = [chosen]
    words = words or ["vi"]
    name = Path(words[0]).name.lower().removesuffix(".exe")
    if name in PLUS_LINE:
        return [*words, f"+{line}", str(path)]
    if name in COLON_LINE:
        goto = ["--goto"] if name.startswith("cod") else []
        return [*words, *goto, f"{path}:{line}"]
    return [*words, str(path)]


def recheck(path: Path, bank: Bank) -> list[DeckError]:
    """The problems of the user deck ``path`` after an edit (``bank`` loaded afresh,
    so a clash with another deck's id is one of them)."""
    from quizapp import deck_format

    shown = deck_format.display_path(path)
    return [e for e in bank.errors if e.file == shown]


__all__ = ["Added", "Draft", "KINDS", "MAX_USER_BYTES", "MAX_USER_DECKS", "Refused", "UserDeck", "add_card", "both",
           "card_table", "card_toml", "editor_command", "list_user_decks", "locate", "parse_param",
           "read_user_decks", "recheck", "slug", "toml_string", "toml_value", "user_part", "value_keys"]
