"""Every setting quizapp keeps, with its type, range and default: one place for the
rules that the settings screen, the store and ``quizapp import`` all apply.

    check(key, value) -> value        # the value as stored, or SettingError
    parse(key, text) -> value         # what a person typed in the settings screen
    DEFAULTS[key]

``SettingError.msg`` is a catalog message naming the setting and what is
expected; ``str(error)`` is the English sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from quizapp.catalog import SaidError, say


class SettingError(SaidError, ValueError):
    """A value a setting cannot take, and what it takes."""


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # "float", "int", "bool", "choice", "keymap", "titles", "text"
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    shown: bool = False  # on the settings screen


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("language", "choice", "en", choices=("en", "zh"), shown=True),
    Setting("theme", "choice", "dark", choices=("dark", "light"), shown=True),
    Setting("desired_retention", "float", 0.9, 0.7, 0.99, shown=True),
    Setting("new_per_day", "int", 20, 0, 10_000, shown=True),
    Setting("reviews_per_day", "int", 200, 0, 100_000, shown=True),
    Setting("maximum_interval", "int", 36500, 1, 36500, shown=True),
    Setting("day_rollover_hour", "int", 4, 0, 23, shown=True),
    Setting("fuzz", "bool", True),
    Setting("backups_kept", "int", 7, 1, 1000),
    Setting("last_daily_backup_us", "int", -1, -1, 2**62),
    Setting("last_full_check_day", "text", ""),
    Setting("bank_fingerprint", "text", ""),
    Setting("keymap", "keymap", None),
    Setting("topic_titles", "titles", None),
)}
DEFAULTS = {key: s.default for key, s in SETTINGS.items()}
MAX_TEXT = 10_000  # characters in a text setting, a keymap or topic title entry
MAX_ENTRIES = 1_000  # ids in a keymap, topics in topic_titles


def check(key: str, value: Any) -> Any:
    """``value`` if it is a valid value of setting ``key`` (ints stored as ints), else
    SettingError saying what is expected."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingError(say("settings.error.unknown", key=_short(key)))
    kind = setting.kind
    if kind in ("int", "float"):
        number = _number(value, kind == "int")
        if number is None:
            raise SettingError(say(f"settings.error.not_{'whole' if kind == 'int' else 'number'}",
                                   name=_name(key), value=_shown(value)))
        if not setting.low <= number <= setting.high:
            raise SettingError(say("settings.error.range", name=_name(key), value=_shown(value),
                                   low=_plain(setting.low), high=_plain(setting.high)))
        return number
    if kind == "bool":
        if not isinstance(value, bool):
            raise SettingError(say("settings.error.not_bool", name=_name(key), value=_shown(value)))
        return value
    if kind == "choice":
        if value not in setting.choices:
            raise SettingError(say("settings.error.choice", name=_name(key), value=_shown(value),
                                   choices=", ".join(setting.choices)))
        return value
    if kind == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise SettingError(say("settings.error.text", name=_name(key)))
        return _no_control(key, value)
    if kind == "keymap":  # each entry is checked, one sentence each, where the keymap is read
        ok = (isinstance(value, dict) and len(value) <= MAX_ENTRIES
              and all(isinstance(k, str) and len(k) <= 100 and (v is None or isinstance(v, (str, int, float, bool)))
                      and len(str(v)) <= 200 for k, v in value.items()))
        if not ok:
            raise SettingError(say("settings.error.keymap", name=_name(key)))
        return _no_control(key, value)
    if kind == "titles":
        ok = (isinstance(value, dict) and len(value) <= MAX_ENTRIES
              and all(isinstance(k, str) and len(k) <= 200 and isinstance(v, dict)
                      and all(isinstance(v.get(lang), str) and len(v[lang]) <= MAX_TEXT for lang in ("en", "zh"))
                      for k, v in value.items()))
        if not ok:
            raise SettingError(say("settings.error.titles", name=_name(key)))
        return _no_control(key, value)
    raise AssertionError(kind)  # every kind is handled above


def _no_control(key: str, value: Any) -> Any:
    """``value`` unless a text in it (a title, a key, an id) holds a control
    character or a lone surrogate: such text would drive the terminal it is shown
    on (a topic title before the bank loads, a keymap id in a notice)."""
    from quizapp.safe_text import unsafe_char

    texts = [value] if isinstance(value, str) else []
    if isinstance(value, dict):
        for k, v in value.items():
            texts += [k, *(v.values() if isinstance(v, dict) else [v])]
    for text in texts:
        if isinstance(text, str) and unsafe_char(text) is not None:
            raise SettingError(say("settings.error.control", name=_name(key), value=_short(text)))
    return value


def parse(key: str, text: str) -> Any:
    """What a person typed for setting ``key`` (whole numbers, decimals), checked."""
    setting = SETTINGS[key]
    typed = text.strip()
    if setting.kind in ("int", "float"):
        if len(typed) > 40 or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", typed):
            raise SettingError(say("settings.error.not_number", name=_name(key), value=_short(typed)))
        value: Any = float(typed)
        if setting.kind == "int":
            if not value.is_integer():
                raise SettingError(say("settings.error.not_whole", name=_name(key), value=_short(typed)))
            value = int(value)
        return check(key, value)
    return check(key, typed)


def _name(key: str) -> Any:
    """How a message names setting ``key``: its label on the settings screen, else its id."""
    return say(f"settings.label.{key}") if SETTINGS[key].shown else key


def _number(value: Any, whole: bool) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if whole:
        if isinstance(value, float):
            if not value.is_integer():
                return None
            value = int(value)
        return value
    if isinstance(value, int) and abs(value) > 2**1000:  # past what a float holds: outside every range
        return math.inf if value > 0 else -math.inf
    return float(value)


def _shown(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        # str() refuses past 4,300 digits; nobody reads that many anyway
        return f"{'-' if value < 0 else ''}10^{int(abs(value).bit_length() * 0.30103)}…"
    try:
        return _short(value if isinstance(value, str) else repr(value))
    except ValueError:  # a huge number nested in a list or mapping
        return f"{type(value).__name__}…"


def _plain(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _short(text: str, width: int = 40) -> str:
    """What was given, cut short and with control characters escaped (it is shown
    on a terminal and in the settings screen)."""
    from quizapp.safe_text import printable

    text = printable(text[: width * 2])
    return text if len(text) <= width else text[: width - 1] + "…"
