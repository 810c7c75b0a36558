"""The user's own keys: binding id -> keys, read once at start-up.

Two places, the file winning over the setting for an id both name:

- the ``keymap`` setting, a JSON object: ``{"study-skip": "ctrl+k"}``;
- ``keymap.toml`` in the user config folder (``platformdirs.user_config_dir``)::

      study-skip = "ctrl+k"
      home-cram-topic = "x,shift+c"   # several keys: comma-separated

The ids are the last column of the help screen. ``read_keymap`` never raises: an
unreadable or hostile file (not a regular file, too large, not TOML), an unknown
id, a value that is not keys, or a printable key for a binding that works while
an answer is typed (it would never reach the answer box) is one sentence in the
problems it returns (the app shows them in its language), and the rest still
applies.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Callable

from quizapp.catalog import Msg, say

FILE_NAME = "keymap.toml"
MAX_BYTES = 64 * 1024


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("quizapp", appauthor=False))


def read_keymap(setting: Any, path: Path, known: Callable[[str], bool],
                while_typing: Callable[[str], bool] = lambda bid: False) -> tuple[dict[str, str], list[Msg]]:
    """The keymap from the ``keymap`` setting and the file at ``path`` (may be
    missing), keeping the ids ``known`` accepts; and one message per problem found.
    ``while_typing(id)``: the binding acts while the answer box has focus, so a
    plain printable key cannot be given to it."""
    keymap: dict[str, str] = {}
    problems: list[Msg] = []
    sources: list[tuple[str, Any]] = []
    if setting is not None:
        sources.append((say("keymap.setting"), setting))
    table = _read_file(path, problems)
    if table is not None:
        sources.append((str(path), table))
    for where, entries in sources:
        if not isinstance(entries, dict):
            problems.append(say("keymap.not_table", where=where))
            continue
        for bid, keys in entries.items():
            shown = str(bid)[:60]
            if not isinstance(bid, str) or not known(bid):
                problems.append(say("keymap.unknown_id", where=where, id=shown))
            elif not isinstance(keys, str) or len(keys) > 200 or not all(k.strip() for k in keys.split(",")):
                problems.append(say("keymap.not_keys", where=where, id=shown))
            elif while_typing(bid) and any(_printable(k.strip()) for k in keys.split(",")):
                problems.append(say("keymap.typed_key", where=where, id=shown, keys=keys[:40]))
            else:
                keymap[bid] = ",".join(k.strip() for k in keys.split(","))
    return keymap, problems


def _read_file(path: Path, problems: list[Msg]) -> Any:
    """The parsed file, or None (missing, or a problem noted)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        problems.append(say("keymap.unreadable", path=str(path), reason=e.strerror or str(e)))
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problems.append(say("keymap.not_file", path=str(path)))
            return None
        if info.st_size > MAX_BYTES:
            problems.append(say("keymap.too_large", path=str(path), limit=MAX_BYTES // 1024))
            return None
        data = os.read(fd, MAX_BYTES + 1)
    except OSError as e:
        problems.append(say("keymap.unreadable", path=str(path), reason=e.strerror or str(e)))
        return None
    finally:
        os.close(fd)
    import tomllib  # only when there is a file: ~2 ms of the launch otherwise

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError) as e:
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        problems.append(say("keymap.not_toml", path=str(path), reason=reason))
        return None


def _printable(key: str) -> bool:
    """A key that types a character: one printable character, or its name."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    return key in _CHARACTER_NAMES


_CHARACTER_NAMES = frozenset({
    "space", "exclamation_mark", "quotation_mark", "number_sign", "dollar_sign", "percent_sign", "ampersand",
    "apostrophe", "left_parenthesis", "right_parenthesis", "asterisk", "plus", "comma", "minus", "full_stop",
    "slash", "colon", "semicolon", "less_than_sign", "equals_sign", "greater_than_sign", "question_mark",
    "at", "left_square_bracket", "backslash", "right_square_bracket", "circumflex_accent", "underscore",
    "grave_accent", "left_curly_bracket", "vertical_line", "right_curly_bracket", "tilde",
})
