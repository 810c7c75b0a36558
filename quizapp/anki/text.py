"""Anki's HTML and card templates as plain card text.

``html_to_text`` turns a field's HTML into lines a terminal can show: tags are
removed (never interpreted), entities unescaped, ``<br>``, ``<div>``, ``<p>`` and
list items become line breaks, scripts and styles are dropped, and every media
reference (``<img>``, ``<audio>``, ``<video>``, ``[sound:…]``) becomes a marker
(``[image: x.png]`` / ``[图片：x.png]``) because a terminal cannot show it. The
result is a ``Plain``: the text with media tokens, rendered per language by
``Plain.text(lang)``.

``render_template`` fills a standard note type's card template (``{{Field}}``,
``{{#Field}}…{{/Field}}``, ``{{^Field}}``, filters such as ``text:``, ``type:``,
``hint:``, ``furigana:``), and ``cloze`` makes a Cloze card's question (the
deletion shown as ``[...]`` or its hint) and answer (the deleted text). Every
function is linear in its input and needs no recursion deeper than the
template's own sections (bounded by ``MAX_SECTIONS``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from quizapp.catalog import text as catalog_text
from quizapp.safe_text import _UNSAFE  # the one definition of what deck text may not hold

MEDIA_TOKEN = "\x00"  # around a media index in converted text (control characters never survive sanitising)
_KEPT = "\x03"  # a space inside <pre> while lines are cleaned up
MAX_SECTIONS = 32  # nested {{#Field}} sections in one template
MAX_TAG = 200  # characters inside one {{…}}


@dataclass(frozen=True)
class Plain:
    """Converted text with its media references as tokens (``\\x00<n>\\x00``)."""

    body: str
    media: tuple[tuple[str, str], ...] = ()  # (kind "image" | "sound" | "video", file name)

    def text(self, lang: str) -> str:
        if not self.media:
            return self.body
        def marker(m: re.Match) -> str:
            kind, name = self.media[int(m.group(1))]
            return catalog_text(f"anki.media.{kind}", lang, name=name)
        return _TOKEN_RE.sub(marker, self.body)

    @property
    def empty(self) -> bool:
        return not self.body.strip()


_TOKEN_RE = re.compile(MEDIA_TOKEN + r"(\d+)" + MEDIA_TOKEN)


def clean(text: str, keep: str = "\n\t") -> str:
    """``text`` without control characters, bidirectional overrides or lone
    surrogates (what a deck may not hold); CR LF and CR become LF first."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else "", text)


# ---------------------------------------------------------------- HTML → text

_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                    "blockquote", "pre", "section", "article", "header", "footer", "dl", "dt", "dd",
                    "figure", "figcaption", "hr"})
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
_MEDIA_TAGS = {"img": "image", "audio": "sound", "video": "video", "source": None, "embed": "image",
               "object": "image"}
_SOUND_RE = re.compile(r"\[sound:([^\]\n]{1,300})\]")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[tuple[str, str]] = []
        self.skip = 0
        self.pre = 0
        self.media_tag: str | None = None  # in an <audio>/<video> without src: its <source>'s kind
        self.line_empty = True  # nothing but whitespace since the last line break

    def _break(self) -> None:
        """``<br>``: always a line break (two in a row leave a blank line)."""
        self.parts.append("\n")
        self.line_empty = True

    def _block(self) -> None:
        """A block's edge: a line break unless the line is still empty, so nested
        and adjacent blocks never stack up blank lines."""
        if not self.line_empty:
            self._break()

    def _media(self, kind: str, src: str | None) -> None:
        name = clean(src or "", keep="").strip()
        name = name.rsplit("/", 1)[-1][:120] if not name.startswith("data:") else ""
        self.media.append((kind, name or "…"))
        self.parts.append(f"{MEDIA_TOKEN}{len(self.media) - 1}{MEDIA_TOKEN}")
        self.line_empty = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self._break()
        elif tag in _BLOCK:
            self._block()
            if tag == "li":
                self._text("• ")
            if tag == "pre":
                self.pre += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")
        if tag in _MEDIA_TAGS:
            src = dict(attrs).get("src")
            kind = _MEDIA_TAGS[tag]
            if kind is None:  # <source>: the file of the <audio>/<video> around it, if that had none
                if self.media_tag is not None and src:
                    self._media(self.media_tag, src)
                    self.media_tag = None
            elif kind in ("sound", "video") and not src:
                self.media_tag = kind
            else:
                self._media(kind, src)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK:
            self._block()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        if tag in ("audio", "video"):
            self.media_tag = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = clean(data, keep="\n\t")
        if not self.pre:
            data = re.sub(r"[ \t\n\xa0]+", " ", data)
        else:  # preformatted: its spaces survive the line clean-up below
            data = data.replace("\xa0", _KEPT).replace(" ", _KEPT).replace("\t", _KEPT * 4)
        last = 0
        for m in _SOUND_RE.finditer(data):
            self._text(data[last:m.start()])
            self._media("sound", m.group(1))
            last = m.end()
        self._text(data[last:])

    def _text(self, data: str) -> None:
        if not data:
            return
        self.parts.append(data)
        tail = data.rsplit("\n", 1)
        if len(tail) == 2:
            self.line_empty = not tail[1].strip()
        elif data.strip():
            self.line_empty = False


def html_to_text(source: str) -> Plain:
    """A field's HTML as plain text: tags removed, entities unescaped, line breaks
    kept (at most one blank line in a row), media references as tokens."""
    conv = _Converter()
    conv.feed(clean(source, keep="\n\t"))
    conv.close()
    text = "".join(conv.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip().replace(_KEPT, " ").rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return Plain("\n".join(out).strip("\n"), tuple(conv.media))


# ---------------------------------------------------------------- templates

_TAG_RE = re.compile(r"\{\{(.{0,%d}?)\}\}" % MAX_TAG, re.S)
_RUBY_RE = re.compile(r" ?([^ >\[\]]+?)\[([^\]]+)\]")


def _ruby(value: str, mode: str) -> str:
    if mode == "kanji":
        return _RUBY_RE.sub(lambda m: m.group(1), value)
    if mode == "kana":
        return _RUBY_RE.sub(lambda m: m.group(2), value)
    return _RUBY_RE.sub(lambda m: f"{m.group(1)}({m.group(2)})", value)  # furigana


def _filtered(name: str, fields: dict[str, str], side: str) -> str:
    """``{{filter:…:Field}}``: the field's HTML through its filters, as the card
    shows it (``type:`` shows nothing on the question, the field on the answer;
    ``tts`` speaks, which a terminal cannot)."""
    parts = [p.strip() for p in name.split(":")]
    field, filters = parts[-1], parts[:-1]
    value = fields.get(field, "")
    for f in reversed(filters):
        f = f.split(" ", 1)[0].lower()
        if f in ("type", "cloze-only"):
            value = value if side == "answer" else ""
        elif f == "tts":
            value = ""
        elif f in ("kana", "kanji", "furigana"):
            value = _ruby(value, f)
    return value


def field_is_empty(value: str) -> bool:
    """What Anki treats as an empty field for ``{{#Field}}``: nothing but
    whitespace and empty markup."""
    return html_to_text(value).empty


def render_template(template: str, fields: dict[str, str], side: str, front: str = "") -> str:
    """A card template filled with a note's fields (HTML out). ``side`` is
    "question" or "answer"; ``front`` replaces ``{{FrontSide}}``. Unbalanced
    sections are closed at the end; a stray close is ignored."""
    out: list[str] = []
    # stack of (field, inverted, emitting-before-this-section)
    stack: list[tuple[str, bool, bool]] = []
    emitting = True
    last = 0
    empty_cache: dict[str, bool] = {}

    def is_empty(name: str) -> bool:
        if name not in empty_cache:
            empty_cache[name] = field_is_empty(fields.get(name, ""))
        return empty_cache[name]

    for m in _TAG_RE.finditer(template):
        if emitting:
            out.append(template[last:m.start()])
        last = m.end()
        tag = m.group(1).strip()
        if tag[:1] in ("#", "^"):
            if len(stack) >= MAX_SECTIONS:
                continue
            name = tag[1:].strip()
            stack.append((name, tag[0] == "^", emitting))
            shown = is_empty(name) if tag[0] == "^" else not is_empty(name)
            emitting = emitting and shown
        elif tag[:1] == "/":
            name = tag[1:].strip()
            if stack and stack[-1][0] == name:
                emitting = stack.pop()[2]
        elif not emitting:
            continue
        elif tag == "FrontSide":
            out.append(front)
        elif tag in ("Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"):
            continue  # Anki's special fields say nothing a card's text needs
        else:
            out.append(_filtered(tag, fields, side))
    if emitting:
        out.append(template[last:])
    return "".join(out)


_ANSWER_RULE = re.compile(r"<hr[^>]*\bid\s*=\s*[\"']?answer\b[^>]*>", re.I)
FRONT_MARK = "\x01front\x01"


def answer_only(template: str, fields: dict[str, str]) -> str:
    """The answer side without the question repeated above it: what follows
    ``<hr id=answer>``, else the answer side with ``{{FrontSide}}`` left out."""
    rendered = render_template(template, fields, "answer", FRONT_MARK)
    m = _ANSWER_RULE.search(rendered)
    if m:
        rendered = rendered[m.end():]
    return rendered.replace(FRONT_MARK, "")


# ---------------------------------------------------------------- cloze

_CLOZE_TOKEN = re.compile(r"\{\{c(\d{1,4})::|\}\}")


@dataclass
class _Cloze:
    number: int
    parts: list  # str | _Cloze


def _parse_cloze(text: str) -> list:
    """The text as a list of str and _Cloze (nested deletions kept); an opening
    without its close is plain text, a close without an opening too."""
    root: list = []
    stack: list[tuple[_Cloze, str]] = []  # (open deletion, its opening text)
    target = root
    last = 0
    for m in _CLOZE_TOKEN.finditer(text):
        target.append(text[last:m.start()])
        last = m.end()
        if m.group(1) is not None:
            node = _Cloze(int(m.group(1)), [])
            target.append(node)
            stack.append((node, m.group()))
            target = node.parts
        elif stack:
            stack.pop()
            target = stack[-1][0].parts if stack else root
        else:
            target.append(m.group())
    target.append(text[last:])
    while stack:  # unclosed: put the opening back as text, its parts after it
        node, opening = stack.pop()
        parent = stack[-1][0].parts if stack else root
        i = next(k for k in range(len(parent) - 1, -1, -1) if parent[k] is node)
        parent[i:i + 1] = [opening, *node.parts]
    return root


def _split_hint(parts: list) -> tuple[list, str | None]:
    """A deletion's content and its hint (after the first ``::`` at its own level)."""
    for i, p in enumerate(parts):
        if isinstance(p, str) and "::" in p:
            before, hint = p.split("::", 1)
            rest = "".join(_plain(x) for x in parts[i + 1:])
            return [*parts[:i], before], hint + rest
    return parts, None


def _plain(part) -> str:
    if isinstance(part, str):
        return part
    return "".join(_plain(p) for p in _split_hint(part.parts)[0])


def _render(parts: list, active: int) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        content, hint = _split_hint(p.parts)
        if p.number == active:
            out.append(f"[{hint.strip()}]" if hint and hint.strip() else "[...]")
        else:
            out.append(_render(content, active))
    return "".join(out)


def _answers(parts: list, active: int, found: list[str]) -> None:
    for p in parts:
        if isinstance(p, str):
            continue
        content, _hint = _split_hint(p.parts)
        if p.number == active:
            found.append(_render(content, 0))
        else:
            _answers(content, active, found)


def cloze_numbers(text: str) -> set[int]:
    found: set[int] = set()
    stack = [_parse_cloze(text)]
    while stack:
        for p in stack.pop():
            if not isinstance(p, str):
                found.add(p.number)
                stack.append(p.parts)
    return found


def cloze(text: str, number: int) -> tuple[str, list[str]]:
    """Card ``number`` of a Cloze field (HTML): the question with that deletion
    shown as ``[...]`` (or ``[hint]``) and the others filled in, and the deleted
    texts (HTML)."""
    parts = _parse_cloze(text)
    found: list[str] = []
    _answers(parts, number, found)
    return _render(parts, number), found


# ---------------------------------------------------------------- names

def slug(name: str, limit: int = 40) -> str:
    """A lower-case id from a name (``Japanese::Vocab`` → ``japanese-vocab``), ""
    when nothing of it is ASCII letters or digits."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return out[:limit].rstrip("-")


def tag_id(tag: str) -> str | None:
    """An Anki tag as a deck tag (lower-case word; ``A::B`` → ``a.b``), or None."""
    t = tag.lower().replace("::", ".")
    t = re.sub(r"[^a-z0-9_.-]+", "-", t)
    t = re.sub(r"^[^a-z0-9]+", "", t)[:40].rstrip("-.")
    return t or None


TITLE_CHARS = 60


def title_of(text: str) -> str:
    """A one-line title from a question: its first line, cut at a word near
    TITLE_CHARS characters with an ellipsis."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    line = re.sub(r"\s+", " ", line)
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[:TITLE_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > TITLE_CHARS // 2 else cut).rstrip() + "…"
