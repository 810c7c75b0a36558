"""Anki's HTML, card templates and cloze deletions as plain card text, and that
text written into a deck file the real deck reader reads back exactly."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import deck_format
from quizapp.anki.convert import NewCard
from quizapp.anki.deckfile import card_toml, header_toml, toml_string
from quizapp.anki.text import (Plain, answer_only, clean, cloze, cloze_numbers, html_to_text, render_template, slug,
                               tag_id, title_of)


@pytest.mark.parametrize("html, text", [
    ("What is <b>F1</b>?", "What is F1?"),
    ("a&nbsp;&amp;&nbsp;b &lt;i&gt; &#x3b8;&#8321;", "a & b <i> θ₁"),
    ("line one<br>line two<br/><br>line four", "line one\nline two\n\nline four"),
    ("<div>first</div><div>second</div><div><br></div><div>fourth</div>", "first\nsecond\n\nfourth"),
    ("<ul><li>adam</li><li>sgd</li></ul>after", "• adam\n• sgd\nafter"),
    ("  spaced \n\n  out\ttext  ", "spaced out text"),
    ("<pre>x = 1\n  y = 2</pre>", "x = 1\n  y = 2"),
    ("keep<script>alert(1)</script><style>b{}</style> going", "keep going"),
    ("<p>para</p><p>graph</p>", "para\ngraph"),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
    ("ESC \x1b[2J and bidi \u202e gone", "ESC [2J and bidi gone"),
    ("an <unclosed tag and < less", "an <unclosed tag and < less"),  # never a tag: kept as text
])
def test_html_becomes_plain_lines(html, text):
    assert html_to_text(html).text("en") == text


def test_media_become_markers_in_each_language():
    p = html_to_text('see <img src="dir/graph.png"> and [sound:say.mp3]<audio><source src="a.ogg"></audio>'
                     '<img src="data:image/png;base64,AAAA">')
    assert [k for k, _ in p.media] == ["image", "sound", "sound", "image"]
    assert p.text("en") == "see [image: graph.png] and [sound: say.mp3][sound: a.ogg][image: …]"
    assert p.text("zh") == "see [图片：graph.png] and [音频：say.mp3][音频：a.ogg][图片：…]"


def test_cloze_deletions_become_a_question_with_a_gap_and_its_answer():
    text = "{{c1::Adam}} keeps {{c2::bias correction::a fix}} and {{c1::m̂ {{c3::v̂}}}}"
    assert cloze(text, 1) == ("[...] keeps bias correction and [...]", ["Adam", "m̂ v̂"])
    assert cloze(text, 2) == ("Adam keeps [a fix] and m̂ v̂", ["bias correction"])
    assert cloze(text, 3) == ("Adam keeps bias correction and m̂ [...]", ["v̂"])
    assert cloze(text, 4)[1] == []
    assert cloze_numbers(text) == {1, 2, 3}


def test_broken_cloze_markup_is_text():
    assert cloze("{{c1::open and }} stray }} {{c2::never closed", 1) == ("[...] stray }} {{c2::never closed",
                                                                           ["open and "])
    assert cloze("{{c2::x", 2) == ("{{c2::x", [])


def test_card_templates_are_filled_as_anki_fills_them():
    fields = {"Front": "犬", "Back": "dog", "Extra": "<br>", "Reading": "犬[いぬ]"}
    assert render_template("{{Front}}{{#Extra}} (extra){{/Extra}}{{^Extra}} (none){{/Extra}}", fields,
                           "question") == "犬 (none)"
    assert render_template("{{type:Back}}", fields, "question") == ""
    assert render_template("{{type:Back}}", fields, "answer") == "dog"
    assert render_template("{{furigana:Reading}}|{{kana:Reading}}|{{kanji:Reading}}|{{tts en_US:Front}}",
                           fields, "question") == "犬(いぬ)|いぬ|犬|"
    assert render_template("{{#Missing}}x{{/Missing}}{{Nope}}{{Tags}}{{/Stray}}y", fields, "question") == "y"
    assert answer_only("{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}", fields) == "\n\ndog"
    assert answer_only("{{Front}}<HR ID='answer'>{{Back}}", fields) == "dog"
    assert answer_only("{{FrontSide}} means {{Back}}", fields) == " means dog"


def test_names_become_ids():
    assert slug("Languages::Japanese Vocab") == "languages-japanese-vocab"
    assert slug("Café crème") == "cafe-creme"
    assert slug("日语") == ""
    assert tag_id("Chapter::One two") == "chapter.one-two"
    assert tag_id("标签") is None and tag_id("__x") == "x"
    assert title_of("\n  short one\nsecond") == "short one"
    long = title_of("word " * 40)
    assert long.endswith("…") and len(long) <= 61 and "\n" not in long


# ---------------------------------------------------------------- into a deck file, and back

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3000)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_any_text_is_a_toml_string_that_reads_back_exactly(text):
    s = toml_string(text)
    assert tomllib.loads(f"v = {s}")["v"] == text
    assert max(len(line) for line in s.split("\n")) <= deck_format.MAX_LINE


@settings(max_examples=150, deadline=None)
@given(_text.filter(lambda t: clean(t).strip()), _text.filter(lambda t: clean(t).strip()),
       st.lists(st.sampled_from(["ml", "a.b", "x-y"]), max_size=3, unique=True))
def test_any_card_text_is_written_as_a_deck_the_reader_loads_unchanged(question, answer, tags):
    q, a = Plain(clean(question).strip()), Plain(clean(answer).strip())
    card = NewCard("imported.anki-1", "imported", Plain(title_of(q.body) or "t"), q, a, tuple(tags))
    checked = deck_format.check_text(header_toml("imported", "Imported [deck] \"x\"", "a file") + "\n"
                                     + card_toml(card))
    assert checked["errors"] == []
    (spec, line), = checked["cards"]
    assert line == 7  # the line scanner finds the card where it starts, whatever its text holds
    assert spec["question"] == {"en": q.body, "zh": q.body}
    assert spec["answer"] == {"en": a.body, "zh": a.body}
    assert spec["tags"] == tags
