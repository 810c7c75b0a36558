"""The user's own keys: binding id -> keys, read once at start-up.

Two places, the file winning over the setting for an id both name:

- the store's ``keymap`` setting, a JSON object: ``{"study-skip": "ctrl+k"}``;
- ``keymap.toml`` in the user config folder (``platformdirs.user_config_dir``)::

      study-skip = "ctrl+k"
      home-cram-topic = "x,shift+c"   # several keys: comma-separated

The ids are the last column of the help screen. ``read_keymap`` never raises: an
unreadable file, an unknown id or a value that is not keys is one sentence in the
problems it returns (the app shows them), and the rest still applies.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Callable

FILE_NAME = "keymap.toml"


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("quizapp", appauthor=False))


def read_keymap(setting: Any, path: Path, known: Callable[[str], bool]) -> tuple[dict[str, str], list[str]]:
    """The keymap from the ``keymap`` setting and the file at ``path`` (may be
    missing), keeping the ids ``known`` accepts; and one sentence per problem found."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    sources: list[tuple[str, Any]] = []
    if setting is not None:
        sources.append(("the keymap setting", setting))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{path} could not be read ({e}); its keys were not applied.")
    else:
        try:
            sources.append((str(path), tomllib.loads(text)))
        except tomllib.TOMLDecodeError as e:
            problems.append(f"{path} is not valid TOML ({e}); its keys were not applied.")
    for where, table in sources:
        if not isinstance(table, dict):
            problems.append(f"{where} is not a table of binding id = \"keys\"; it was not applied.")
            continue
        for bid, keys in table.items():
            if not known(bid):
                problems.append(f"{where}: there is no key binding {bid!r}; the ids are on the help screen (?).")
            elif not isinstance(keys, str) or not all(k.strip() for k in keys.split(",")):
                problems.append(f"{where}: {bid} must be keys in quotes, e.g. \"ctrl+k\" or \"x,shift+c\".")
            else:
                keymap[bid] = ",".join(k.strip() for k in keys.split(","))
    return keymap, problems
