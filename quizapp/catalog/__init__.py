"""Every sentence quizapp says, in English and Chinese: one headless catalog.

The core (engine, grading, kinds, sessions, store, statistics) never writes a
sentence in a language; it returns a ``Msg``, a catalog key with values, and the
edge (the CLI, the plain drill, the terminal app) renders it in the chosen
language::

    m = say("grading.off_by", pct=12, side=say("grading.too_high"))
    m.text("zh")          # 偏差 12%（偏大）
    str(m)                # English: "off by 12% (too high)"
    text("home.streak", "en", count=1)    # "Streak: 1 day"

A catalog entry is ``{"en": "...", "zh": "..."}``; ``en_one`` (and ``zh_one``) is
the form used when the value ``count`` is 1. Placeholders are ``str.format``
fields; a value may itself be a ``Msg`` or a card text (``{"en", "zh"}`` dict),
rendered in the same language before it is filled in. Entries live in the
``_*.py`` modules beside this one, one per area, and in the modules of the
``PROVIDERS`` packages (a card kind carries its own name), merged on first use (a
key defined twice is an error); a test checks that every key has every language
with the same placeholders, and that every key the code names exists.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Iterable, Mapping

LANGS = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}

Text = dict  # card content: {"en": str, "zh": str}

_messages: dict[str, dict[str, str]] | None = None
_own: dict[str, dict[str, str]] | None = None


# Packages whose modules may carry their own entries (a card kind names itself):
# each module's ``MESSAGES``, if it has one, joins the catalog.
PROVIDERS = ("quizapp.kinds",)


def _tables(sources: list[str], merged: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    for source in sources:
        table = getattr(importlib.import_module(source), "MESSAGES", {})
        for key, entry in table.items():
            if key in merged:
                raise RuntimeError(f"catalog key {key!r} is defined twice (again in {source})")
            merged[key] = entry
    return merged


def _own_messages() -> dict[str, dict[str, str]]:
    """The entries of the catalog's own ``_*.py`` modules, loaded once: nearly every
    key is there, and loading them imports nothing else (the providers' modules
    import what their kinds need, ~30 ms, off the path to the first frame)."""
    global _own
    if _own is None:
        _own = _tables([f"{__name__}.{m.name}" for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
                        if m.name.startswith("_")], {})
    return _own


def messages() -> dict[str, dict[str, str]]:
    """Every catalog entry, key -> {lang: template}; loaded once."""
    global _messages
    if _messages is None:
        sources = []
        for package in PROVIDERS:
            path = importlib.import_module(package).__path__
            sources += [f"{package}.{m.name}" for m in sorted(pkgutil.iter_modules(path), key=lambda m: m.name)]
        _messages = _tables(sources, dict(_own_messages()))
    return _messages


def _entry(key: str) -> dict[str, str] | None:
    entry = _own_messages().get(key)
    return entry if entry is not None else messages().get(key)


class Msg:
    """A sentence (or phrase) to say: a catalog key and the values it is filled
    with. Immutable and comparable; ``str()`` is the English text."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Msg is immutable")

    def text(self, lang: str = "en") -> str:
        return render(self, lang)

    def __str__(self) -> str:
        return render(self, "en")

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Msg({self.key!r}{args})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and other.key == self.key and other.values == self.values

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.values.items()))))

    def __reduce__(self):  # picklable (workers, multiprocessing in check-content)
        return (_rebuild, (self.key, self.values))


def _rebuild(key: str, values: dict) -> Msg:
    return Msg(key, **values)


def say(key: str, /, **values: Any) -> Msg:
    """The message ``key`` with ``values`` (rendered later, in any language)."""
    return Msg(key, **values)


def text(key: str, lang: str, /, **values: Any) -> str:
    """The message ``key`` rendered in ``lang`` at once."""
    return render(Msg(key, **values), lang)


def has(key: str) -> bool:
    return _entry(key) is not None


def render(value: Any, lang: str) -> str:
    """Any value as text in ``lang``: a Msg through the catalog, a card text
    (``{"en", "zh"}``) in that language, a list of them joined, anything else
    with ``str``."""
    if isinstance(value, Msg):
        return _render_msg(value, lang)
    if isinstance(value, Mapping) and "en" in value:
        return str(value.get(lang) or value["en"])
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
        return separator(lang).join(render(v, lang) for v in value)
    return str(value)


def render_all(values: Iterable[Any], lang: str) -> list[str]:
    return [render(v, lang) for v in values]


def separator(lang: str) -> str:
    """Between phrases in a list: "; " or "；"."""
    return "；" if lang == "zh" else "; "


def template(key: str, lang: str, count: Any = None) -> str:
    """The raw template of ``key`` in ``lang`` (English if the language lacks it;
    the catalog test keeps that from happening), its singular when ``count == 1``."""
    entry = _entry(key)
    if entry is None:
        raise KeyError(f"no catalog entry {key!r}")
    if count == 1 and f"{lang}_one" in entry:
        return entry[f"{lang}_one"]
    return entry.get(lang) or entry["en"]


def _render_msg(m: Msg, lang: str) -> str:
    pattern = template(m.key, lang, m.values.get("count"))
    if not m.values:
        return pattern
    values = {k: _value(v, lang) for k, v in m.values.items()}
    return pattern.format(**values)


def _value(v: Any, lang: str) -> Any:
    if isinstance(v, (Msg, Mapping)) or (isinstance(v, (list, tuple)) and v and isinstance(v[0], Msg)):
        return render(v, lang)
    return v


class SaidError(Exception):
    """An error that says what went wrong in the learner's language: ``msg`` is the
    sentence (a catalog ``Msg``, or a plain string said the same in every language),
    ``text(lang)`` renders it and ``str()`` is the English sentence. Picklable with
    its message (workers, multiprocessing). Mix in ``ValueError`` where callers
    expect one."""

    def __init__(self, msg: Msg | str):
        super().__init__(msg)
        self.msg = msg

    def text(self, lang: str = "en") -> str:
        return render(self.msg, lang)

    def __str__(self) -> str:
        return render(self.msg, "en")

    def __reduce__(self):
        return (type(self), (self.msg,))


def duration(td: Any) -> Msg:
    """A time span as a learner reads it on a rating key: "<1m", "10m", "3h", "4d",
    "2.5mo", "1.2y" (Chinese: "10分钟", "4天", …)."""
    seconds = td.total_seconds()
    if seconds < 60:
        return Msg("time.under_minute")
    for limit, unit, size in ((3600, "minutes", 60), (86400, "hours", 3600), (30 * 86400, "days", 86400)):
        if seconds < limit:
            return Msg(f"time.{unit}", n=round(seconds / size))
    if seconds < 365 * 86400:
        return Msg("time.months", n=f"{seconds / (30 * 86400):.1f}".rstrip("0").rstrip("."))
    return Msg("time.years", n=f"{seconds / (365 * 86400):.1f}".rstrip("0").rstrip("."))


__all__ = ["duration", "LANGS", "LANG_NAMES", "Msg", "SaidError", "Text", "has", "messages", "render", "render_all", "say",
           "separator", "template", "text"]
