"""Decks are hostile files: each class of attack an audit found ends in one
``file:line: message`` sentence (or a normal result), bounded in memory and time,
and the other decks still load.

Cases that could hang or exhaust memory if a bound regressed (a FIFO, /dev/zero)
run in a child process under a memory limit (RLIMIT_AS) and a wall-clock limit
(the subprocess timeout); ``run_isolated`` is shared with the property-based tests
in ``test_deck_hostile_props.py``. Nothing here measures speed: linear work is
asserted by counting the lines scanned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import deck_format
from quizapp.content import DeckError, TemplateError, instantiate, load_bank
from quizapp.kinds._computed import judge
from quizapp.expr import MAX_ELEMENTS, ExprError, compile_expr
from quizapp.safe_text import printable, unsafe_char

FIXTURES = Path(__file__).parent / "fixtures" / "decks"
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for a child
SECONDS_PER_CASE = 10  # wall-clock limit per case in a child
SENTENCE = re.compile(r"[^\n]+:\d+: [^\n]+")  # file:line: message, one line

HEADER = '[deck]\ntopic = "t"\ntitle = { en = "T", zh = "测" }\n'


def numeric(*, params: str = "n = { int = [1, 5] }", prompt: str = "n = {n}", args: str = 'w = "[n, 2 * n]", lam = 0.1',
            extra: str = "", mistake: str | None = None, cid: str = "t.n") -> str:  # fmt: skip
    """A numeric card (l2_penalty of a small vector) with one part replaced."""
    text = f"""
[[card]]
id = "{cid}"
kind = "numeric"
difficulty = 1
source = {{ note = "001", section = "s" }}
title = {{ en = "N", zh = "数" }}
prompt = {{ en = "{prompt}", zh = "{prompt}" }}
params = {{ {params} }}
compute = "l2_penalty"
args = {{ {args} }}
{extra}
"""
    if mistake is not None:
        text += f'\n[[card.mistake]]\nid = "m"\nlabel = {{ en = "x", zh = "错" }}\nexpr = {mistake}\n'
    return text


CONCEPT = """
[[card]]
id = "t.c"
kind = "concept"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "C", zh = "概" }
question = { en = "Q?", zh = "问？" }
answer = { en = "A.", zh = "答。" }
key_points = [{ en = "k", zh = "点" }]
"""


def _write(folder: Path, text: str, name: str = "t.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def _line_of(text: str, needle: str) -> int:
    return next(n for n, s in enumerate(text.split("\n"), 1) if needle in s)


def _one_sentence(tmp_path: Path, text: str) -> DeckError:
    """The deck's only problem: one file:line: message sentence."""
    bank = load_bank(_write(tmp_path, text))
    assert len(bank.errors) >= 1, "expected the deck to be refused"
    for e in bank.errors:
        assert SENTENCE.fullmatch(str(e)), str(e)
    return bank.errors[0]


# ---------------------------------------------------------------- the child process

RUNNER = r"""
import json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from quizapp.content import TemplateError, instantiate, load_bank
from quizapp.kinds._computed import judge
from quizapp.safe_text import unsafe_char

for case in json.load(sys.stdin):
    bank = load_bank(case["path"])
    out = {"errors": [str(e) for e in bank.errors], "loaded": sorted(bank.templates), "problems": [], "verdicts": [], "raw": []}
    for t in bank.templates.values():
        for seed in case.get("seeds", [0]):
            try:
                inst = instantiate(t, seed)
            except TemplateError as exc:
                out["problems"].append(str(exc.error))
                continue
            texts = [inst.prompt.get("en", "")]
            for st in inst.stages:
                texts += [st.answer_text, *st.worked("en"), *st.worked("zh")]
                for answer in case.get("answers", ["0.5", "1e9", "[1, 2]"]):
                    v = judge(st, answer)
                    out["verdicts"].append(v.text("en"))
            out["raw"] += [repr(s) for s in texts if unsafe_char(s, keep="\n")]
    print(json.dumps(out), flush=True)
"""


def run_isolated(paths: list[Path | str], **case: object) -> list[dict]:
    """Load each path in one child process (RLIMIT_AS = 1 GiB, SECONDS_PER_CASE of
    wall time per path): instantiate every card that loads, judge some answers, and
    return what each path gave. Fails the test on a traceback, a non-zero exit,
    memory past the limit or time past the limit."""
    cases = [{"path": str(p), **case} for p in paths]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "QUIZAPP_CACHE_DIR": "off"}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", RUNNER, str(MEMORY_LIMIT)], input=json.dumps(cases), capture_output=True,
            text=True, timeout=SECONDS_PER_CASE * len(cases), env=env,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"past the time limit ({SECONDS_PER_CASE} s per case) on {[c['path'] for c in cases]}")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(cases)
    for r in results:
        for sentence in r["errors"] + r["problems"]:
            assert SENTENCE.fullmatch(sentence) and unsafe_char(sentence) is None, sentence
        assert r["raw"] == [], r["raw"]  # nothing a deck wrote reaches a terminal raw
    return results


# ---------------------------------------------------------------- files that are not decks


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_never_blocks_start_up_and_the_other_decks_load(tmp_path):
    shutil.copy(FIXTURES / "optimizers.toml", tmp_path / "optimizers.toml")
    os.mkfifo(tmp_path / "pipe.toml")
    folder, direct = run_isolated([tmp_path, tmp_path / "pipe.toml"])
    assert "optimizers.adam-first-step" in folder["loaded"]
    (e,) = folder["errors"]
    assert e.startswith("pipe.toml:1: ") or "/pipe.toml:1: " in e
    assert "not a regular file (a named pipe)" in e
    assert direct["loaded"] == [] and "named pipe" in direct["errors"][0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_deck_linked_to_dev_zero_is_refused_without_reading_it(tmp_path):
    _write(tmp_path, HEADER + CONCEPT, "good.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (r,) = run_isolated([tmp_path])
    assert r["loaded"] == ["t.c"]
    (e,) = r["errors"]
    assert "zero.toml:1: " in e and "not a regular file (a device)" in e


def test_a_folder_named_like_a_deck_and_a_missing_path(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    _write(tmp_path, HEADER + CONCEPT, "good.toml")
    bank = load_bank(tmp_path)
    assert list(bank.templates) == ["t.c"]
    (e,) = bank.errors
    assert "folder.toml:1: " in str(e) and "not a regular file (a folder)" in e.message
    assert "no such deck file or folder" in load_bank(tmp_path / "nope.toml").errors[0].message


def test_a_deck_past_the_size_limit_is_one_sentence_and_never_read_whole(tmp_path, monkeypatch):
    big = _write(tmp_path, HEADER + CONCEPT + "# padding\n" * 330_000, "big.toml")  # 3.3 MB
    _write(tmp_path, HEADER.replace('"t"', '"u"') + CONCEPT.replace("t.c", "u.c"), "small.toml")
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    bank = load_bank(tmp_path)
    assert list(bank.templates) == ["u.c"]
    (e,) = bank.errors
    assert e.file.endswith("big.toml") and e.line == 1 and "at most 1 MiB" in e.message
    assert big.stat().st_size > deck_format.MAX_DECK_BYTES
    assert sum(reads) <= deck_format.MAX_DECK_BYTES + 1  # fstat refused it: the big deck was never read


def test_a_deck_that_grows_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    """fstat said it was small (it grew after): the read still stops at the cap."""
    deck = _write(tmp_path, HEADER + CONCEPT + "#\n" * 1000)
    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 10  # st_size
        return os.stat_result(st)

    monkeypatch.setattr(os, "fstat", small_fstat)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    (e,) = deck_format.read_deck(deck, max_bytes=1000).errors
    assert "the deck is more than 1000 bytes" in e.message
    assert sum(reads) == 1001  # never more than the cap and one byte


def test_all_decks_together_are_bounded_and_so_is_the_number_of_files(tmp_path, monkeypatch):
    for i in range(5):
        _write(tmp_path, HEADER.replace('"t"', f'"t{i}"') + CONCEPT.replace("t.c", f"t{i}.c"), f"d{i}.toml")
    monkeypatch.setattr(deck_format, "MAX_DECK_FILES", 3)
    bank = load_bank(tmp_path)
    assert sorted(bank.templates) == ["t0.c", "t1.c", "t2.c"]
    assert any("holds 5 deck files; only the first 3" in e.message for e in bank.errors)
    monkeypatch.setattr(deck_format, "MAX_DECK_FILES", 1000)
    size = (tmp_path / "d0.toml").stat().st_size
    monkeypatch.setattr(deck_format, "MAX_BANK_BYTES", 2 * size + 1)
    bank = load_bank(tmp_path)
    assert sorted(bank.templates) == ["t0.c", "t1.c"]
    assert [e.file[-7:] for e in bank.errors] == ["d2.toml", "d3.toml", "d4.toml"]
    assert all("all decks may hold together" in e.message for e in bank.errors)


def test_a_deck_that_is_not_utf8_names_the_line(tmp_path):
    deck = tmp_path / "t.toml"
    deck.write_bytes((HEADER + CONCEPT).encode() + b'\n# caf\xe9\n')
    (e,) = load_bank(deck).errors
    assert e.line == len((HEADER + CONCEPT).split("\n")) + 1 and "not UTF-8" in e.message


# ---------------------------------------------------------------- declarations


@pytest.mark.parametrize(
    "params, words",
    [
        ("n = { int = [1, 5] }, w = { int = [0, 9], size = 1e9 }", "a size must be a whole number"),
        ("n = { int = [1, 5] }, w = { int = [0, 9], size = 1000000000 }", "at most 256"),
        ("n = { int = [1, 5] }, w = { int = [0, 9], shape = [100000, 100000] }", "at most 256"),
        ("n = { int = [1, 5] }, w = { int = [0, 9], size = [1, 100000] }", "1 ≤ lo ≤ hi ≤ 256"),
        ('n = { int = [1, 1000000000] }, w = { int = [0, 9], size = "n" }', "size 'n' can be 1000000000"),
        ('n = { int = [0, 5] }, w = { int = [0, 9], size = "n" }', "size 'n' can be 0"),
        ('n = { float = [1, 5] }, w = { int = [0, 9], size = "n" }', "one whole number"),
        ('n = { int = [1, 5], size = 3 }, w = { int = [0, 9], size = "n" }', "one whole number"),
        ("n = { int = [1, 5] }, w = { int = [0, 9], size = 200 }, v = { int = [0, 9], size = 200 }", "hold at most 256 together"),
        ("n = { int = [1, 5] }, w = { choice = [[1, 2, 3, 4]], size = 100 }", "up to 400 numbers"),
        ("n = { int = [1, 5] }, x = { float = [0, inf] }", "inf is not allowed; numbers in a deck must be finite"),
        ("n = { int = [1, 5] }, x = { float = [nan, 1] }", "nan is not allowed"),
        ("n = { int = [1, 5] }, x = { choice = [1.0, -inf] }", "-inf is not allowed"),
        ("n = { int = [1, 5] }, x = { float = [-1e300, 1e300], decimals = 2 }", "too wide"),
        ("n = { int = [1, 5] }, x = { float = [0, 1e14], decimals = 2 }", "too wide"),
        ("n = { int = [1, 5] }, x = { int = [0, 10000000000000000] }", "17 digits; numbers in a deck must be within ±10¹⁵"),
        ("n = { int = [1, 5] }, x = { int = [0, " + "9" * 4000 + "] }", "4000 digits"),
        ("n = { int = [1, 5] }, x = { int = [0, " + "9" * 5000 + "] }", "thousands of digits"),
    ],
)
def test_absurd_declarations_are_one_sentence_at_their_line(tmp_path, params, words):
    text = HEADER + numeric(params=params) + CONCEPT
    bank = load_bank(_write(tmp_path, text))
    (e,) = bank.errors
    assert words in e.message, e
    assert e.line == _line_of(text, "params =")
    assert SENTENCE.fullmatch(str(e))
    if "thousands" not in words:  # the TOML itself is readable: the next card still loads
        assert list(bank.templates) == ["t.c"]


def test_the_largest_declarations_the_limits_allow_still_draw(tmp_path):
    params = 'n = { int = [1, 255] }, w = { float = [-1e12, 1e12], decimals = 3, size = "n" }'
    text = HEADER + numeric(params=params, args='w = "w", lam = 0.1', prompt="{w}")
    bank = load_bank(_write(tmp_path, text))
    assert bank.errors == []
    inst = instantiate(bank.templates["t.n"], 3)
    assert 1 <= len(inst.params["w"]) <= 255


@pytest.mark.parametrize(
    "extra, words",
    [
        ("rtol = nan", "nan is not allowed"),
        ("atol = inf", "inf is not allowed"),
        ("const = { }\npick = 100000000000000000000", "21 digits"),
    ],
)
def test_non_finite_numbers_and_absurd_integers_anywhere_in_a_card(tmp_path, extra, words):
    text = HEADER + numeric(extra=extra)
    e = _one_sentence(tmp_path, text)
    assert words in e.message and e.line == _line_of(text, extra.split("\n")[-1].split(" ")[0] + " =")


# ---------------------------------------------------------------- TOML nesting


def test_arrays_nested_past_what_toml_can_read_are_one_sentence(tmp_path):
    text = HEADER + CONCEPT + "x = [\n" + "[\n" * 4999 + "]\n" * 5000
    e = _one_sentence(tmp_path, text)
    assert e.line == _line_of(text, "x = [") + 16 and "nested more than 16 levels" in e.message


@pytest.mark.parametrize(
    "extra",
    [
        "x = " + "[" * 100 + "]" * 100,
        "x = " + "{ a = " * 100 + "1" + " }" * 100,
        "[card." + ".".join(["a"] * 3000) + "]",  # dotted keys nest without brackets
    ],
)
def test_deep_tables_and_arrays_inside_a_card_are_refused_at_the_card(tmp_path, extra):
    text = HEADER + CONCEPT + extra + "\n" + CONCEPT.replace("t.c", "t.d")
    bank = load_bank(_write(tmp_path, text))
    (e,) = bank.errors
    assert "nested more than 16 levels deep" in e.message
    assert list(bank.templates) == ["t.d"]


def test_a_deep_header_is_refused(tmp_path):
    text = HEADER + "[deck." + ".".join(["a"] * 500) + "]\n" + CONCEPT
    e = _one_sentence(tmp_path, text)
    assert "nested more than" in e.message or "unknown key" in e.message


# ---------------------------------------------------------------- lines and text


def test_a_line_past_the_limit_is_refused_before_parsing(tmp_path):
    text = HEADER + CONCEPT.replace('question = { en = "Q?"', 'question = { en = "' + "Q" * 20_000 + '"')
    e = _one_sentence(tmp_path, text)
    assert e.line == _line_of(text, "question =") and "at most 10000" in e.message


@pytest.mark.parametrize(
    "edit, needle",
    [
        (lambda c: c.replace('title = { en = "C"', 'title = { en = "C\\u001b[2J"'), 'title = { en = "C'),
        (lambda c: c.replace('answer = { en = "A."', 'answer = { en = "A.\\u009b31m"'), "answer ="),
        (lambda c: c.replace('answer = { en = "A."', 'answer = { en = "A.\u0085raw C1"'), "answer ="),
        (lambda c: c.replace('answer = { en = "A."', 'answer = { en = "\\u202eA."'), "answer ="),
        (lambda c: c.replace('{ en = "k"', '{ en = "k\\u0007"'), "key_points ="),
        (lambda c: c.replace('section = "s"', 'section = "s\\u001b]0;pwned\\u0007"'), "source ="),
        (lambda c: c.replace('title = { en = "C"', 'title = { en = "two\\nlines"'), 'title = { en = "two'),
    ],
)
def test_control_characters_in_card_text_are_refused_at_their_line(tmp_path, edit, needle):
    text = HEADER + edit(CONCEPT) + CONCEPT.replace("t.c", "t.d")
    bank = load_bank(_write(tmp_path, text))
    (e,) = bank.errors
    assert e.line == _line_of(text, needle), e
    assert "printable" in e.message and unsafe_char(str(e)) is None
    assert list(bank.templates) == ["t.d"]


def test_multi_line_text_with_tabs_is_still_text(tmp_path):
    text = HEADER + CONCEPT.replace('answer = { en = "A."', 'answer = { en = "A.\\n\\tindented"')
    assert load_bank(_write(tmp_path, text)).errors == []


def test_control_characters_in_a_deck_title_and_in_expressions(tmp_path):
    e = _one_sentence(tmp_path / "a", HEADER.replace('en = "T"', 'en = "T\\u001b[31m"') + CONCEPT)
    assert e.line == 1 and "[deck]: the control character U+001B" in e.message  # the header's line
    e = _one_sentence(tmp_path / "c", HEADER.replace('en = "T"', 'en = "T\\tU"') + CONCEPT)
    assert "[deck] title.en holds a line break or tab; a title is one line" in e.message
    text = HEADER + numeric(mistake='"n + len(\'\\u001b[2J\')"')
    e = _one_sentence(tmp_path / "b", text)
    assert "U+001B" in e.message and e.line == _line_of(text, "[[card.mistake]]")


def test_deck_errors_never_print_a_file_name_or_text_raw(tmp_path, capsys):
    from quizapp.cli import main

    name = "evil\x1b[2J\x9b.toml"
    _write(tmp_path, "[deck]\noops", name)
    e = load_bank(tmp_path).errors[0]
    assert "\x1b" in e.file  # the data keeps the name as it is …
    assert "\x1b" not in str(e) and "\\x1b[2J\\x9b.toml" in str(e)  # … what is printed is inert
    assert main(["check-content", str(tmp_path), "--seeds", "1", "--crosscheck-seeds", "0"]) == 2
    out = capsys.readouterr().out
    assert unsafe_char(out, keep="\n") is None and "\\x1b[2J" in out
    assert main(["check-content", str(tmp_path), "--json", "--seeds", "1", "--crosscheck-seeds", "0"]) == 2
    out = capsys.readouterr().out
    assert unsafe_char(out, keep="\n") is None
    assert json.loads(out)["errors"][0]["file"].endswith(name)  # still the same name to a JSON reader


@pytest.mark.parametrize(
    "text, keep, shown",
    [
        ("plain 中文 θ₁ ‖w‖²", "", "plain 中文 θ₁ ‖w‖²"),
        ("a\x1b[31mb", "", "a\\x1b[31mb"),
        ("a\nb\tc", "\n\t", "a\nb\tc"),
        ("a\nb\tc", "", "a\\x0ab\\x09c"),
        ("csi\x9bx del\x7f nul\x00", "", "csi\\x9bx del\\x7f nul\\x00"),
        ("rtl\u202eabc\u2066", "", "rtl\\u202eabc\\u2066"),
        ("bad name \udcff", "", "bad name \\udcff"),
    ],
)
def test_printable_escapes_control_characters_and_keeps_the_rest(text, keep, shown):
    assert printable(text, keep) == shown
    assert unsafe_char(printable(text, keep), keep) is None
    printable(text).encode("utf-8")  # a lone surrogate could not even be printed


# ---------------------------------------------------------------- expressions


@pytest.mark.parametrize(
    "text, words",
    [
        ("'a' * 10**9", "text longer than"),
        ("10**9 * 'ab'", "text longer than"),
        ("('a' * 5000) + ('b' * 5001)", "text longer than"),
        ("'%0999999999d' % 1", "no % formatting"),
        ("'%s' % 'x'", "no % formatting"),
        ("((9 ** 64) ** 64) ** 64", "larger than 2^1000"),
        ("(2 ** 1000) * (2 ** 1000)", "larger than 2^1000"),
        ("[10.0] ** 1000", "overflow"),
        ("1e308 * 10", "not a finite number"),
        ("float('inf') + 1", "not a finite number"),
        ("int('9' * 4000)", "larger than 2^1000"),
        ("[[0]] * 10 ** 9 + [[1], [2]] + [0] * 10 ** 9", None),
        ("9 ** 9 ** 9", "exponent larger than 1000"),
        ("[" * 60 + "1" + "]" * 60, "nested"),
        ("len(['a', 1] * 3)", "arithmetic needs numbers"),
        ("-'abc'", "arithmetic needs numbers"),
        ("[2 ** 70] + [1]", "arithmetic needs numbers"),
    ],
)
def test_expressions_past_a_limit_fail_with_one_sentence(text, words):
    try:
        value = compile_expr(text).evaluate({})
    except ExprError as exc:
        assert words is not None and words in str(exc), exc
        assert "\n" not in str(exc)
    else:
        assert words is None, value


def test_list_times_a_number_is_element_wise_never_repetition():
    assert compile_expr("[0] * 10**9").evaluate({}) == [0]
    assert compile_expr("len(list([0, 1] * 10**9))").evaluate({}) == 2


def test_broadcasting_is_checked_before_numpy_allocates():
    col = "[" + ", ".join(["[0]"] * 150) + "]"  # 150 × 1
    w = list(range(100))
    e = compile_expr(f"{col} + w")  # 150 × 100 = 15 000 numbers
    with pytest.raises(ExprError, match="more than 10 000 numbers"):
        e.evaluate({"w": w})
    assert len(e.evaluate({"w": w[:60]})) == 150  # 9 000: fine


def test_evaluation_steps_are_counted_per_evaluation_and_per_instance():
    from quizapp import expr

    w = [float(i) for i in range(256)]
    heavy = compile_expr("sum(w * w + w * w + w * w) + " + " + ".join(["sum(w * w)"] * 30))
    assert heavy.evaluate({"w": w}) > 0  # one evaluation stays well within MAX_STEPS …
    with expr.budget(50_000):  # … but evaluations inside one budget share its count
        with pytest.raises(ExprError, match="too many steps for one instance"):
            for _ in range(100):
                heavy.evaluate({"w": w})
    deep = compile_expr("+".join(["sum(w * w * w * w * w * w * w * w)"] * 14))
    with pytest.raises(ExprError, match="more than 100 000 steps"):
        deep.evaluate({"w": w * 39})  # 9 984 numbers through ~230 operations


def test_an_instance_whose_constraints_never_hold_ends_in_one_sentence(tmp_path):
    params = "n = { int = [1, 5] }, w = { float = [0, 1], size = 255 }"
    text = HEADER + numeric(params=params, extra='constraints = ["sum(sqrt(w * w + w)) + len(unique(list(w))) < 0"]')
    bank = load_bank(_write(tmp_path, text))
    with pytest.raises(TemplateError) as info:
        instantiate(bank.templates["t.n"], 0)
    assert "too many steps for one instance" in str(info.value) and SENTENCE.fullmatch(str(info.value))


def test_long_and_deep_expressions_are_refused_when_compiled():
    with pytest.raises(ExprError, match="longer than 1000"):
        compile_expr("1 + " * 300 + "1")
    with pytest.raises(ExprError, match="nested more than 100 levels"):
        compile_expr("-" * 200 + "1")
    with pytest.raises(ExprError, match="larger than 2"):
        compile_expr("9" * 400)
    with pytest.raises(ExprError, match="finite"):
        compile_expr("1e999")


# ---------------------------------------------------------------- mistakes and stages


@pytest.mark.parametrize("mistake", ["\"'abc'\"", '"[[1, 2], [3]]"', '"[]"', "\"'a' * 10**9\"", '"((9 ** 64) ** 64) ** 64"'])
def test_a_mistake_that_is_not_a_number_is_left_out_and_every_answer_is_still_judged(tmp_path, mistake):
    text = HEADER + numeric(mistake=mistake)
    bank = load_bank(_write(tmp_path, text))
    assert bank.errors == []
    inst = instantiate(bank.templates["t.n"], 0)
    (stage,) = inst.stages
    assert stage.mistakes == ()
    for answer in ("0.5", "abc", "[1, 2]", stage.answer_text):
        assert judge(stage, answer).text("en")


def test_a_stage_expression_must_give_a_number(tmp_path):
    text = HEADER + """
[[card]]
id = "t.s"
kind = "steps"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "S", zh = "步" }
prompt = { en = "n = {n}", zh = "n = {n}" }
params = { n = { int = [1, 5] } }

[[card.stage]]
name = "a"
prompt = { en = "a?", zh = "a？" }
expr = "'text' * n"

[[card.stage]]
name = "b"
prompt = { en = "b?", zh = "b？" }
compute = "l2_penalty"
args = { w = "[n]", lam = 0.1 }
"""
    bank = load_bank(_write(tmp_path, text))
    with pytest.raises(TemplateError) as info:
        instantiate(bank.templates["t.s"], 0)
    assert "a stage's value must be a number or a list of numbers" in str(info.value)


def test_a_format_spec_asking_for_a_billion_digits_is_refused(tmp_path):
    text = HEADER + numeric(prompt="{n:.999999999f}")
    e = _one_sentence(tmp_path, text)
    assert e.line == _line_of(text, "prompt =") and "at most 20 digits" in e.message
    assert load_bank(_write(tmp_path / "ok", HEADER + numeric(prompt="{n:.20f}"))).errors == []


@pytest.mark.parametrize(
    "key, count, words",
    [("options", 27, "at most 26"), ("constraints", 65, "at most 64"), ("stage", 17, "at most 16")],
)
def test_counts_inside_a_card_are_bounded(tmp_path, key, count, words):
    if key == "options":
        opts = ", ".join(f'{{ en = "o{i}", zh = "项{i}", correct = {str(i == 0).lower()} }}' for i in range(count))
        card = CONCEPT.replace('kind = "concept"', 'kind = "choice"').replace(
            'answer = { en = "A.", zh = "答。" }\nkey_points = [{ en = "k", zh = "点" }]',
            f'explanation = {{ en = "E.", zh = "解。" }}\noptions = [{opts}]',
        )
    elif key == "constraints":
        card = numeric(extra="constraints = [" + ", ".join(['"n > 0"'] * count) + "]")
    else:
        stages = "".join(f'\n[[card.stage]]\nname = "s{i}"\nprompt = {{ en = "?", zh = "？" }}\nexpr = "n"\n' for i in range(count))
        card = numeric().replace('kind = "numeric"', 'kind = "steps"').split("compute =")[0] + stages
    e = _one_sentence(tmp_path, HEADER + card)
    assert words in e.message, e


# ---------------------------------------------------------------- linear reporting


def _bad_cards(n: int) -> str:
    """n cards, each with several problems (so each asks Lines for several keys)."""
    card = CONCEPT.replace("difficulty = 1", 'difficulty = "x"').replace('note = "001"', 'note = "x"')
    card += 'colour = "red"\n'
    return HEADER + "".join(card.replace("t.c", f"t.c{i}") for i in range(n))


@pytest.fixture
def made(monkeypatch) -> list:
    """Every ``Lines`` that check_text makes (to read how many lines it scanned)."""
    made: list[deck_format.Lines] = []

    class Counting(deck_format.Lines):
        def __init__(self, text: str):
            super().__init__(text)
            made.append(self)

    monkeypatch.setattr(deck_format, "Lines", Counting)
    return made


def test_reporting_scans_each_line_at_most_once_however_many_problems(made, monkeypatch):
    monkeypatch.setattr(deck_format, "MAX_DECK_BYTES", 4 << 20)
    text = _bad_cards(12_000)  # ~3 MB of bad cards: 36 000 problems
    assert len(text) > 3_000_000
    out = deck_format.check_text(text)
    (lines,) = made
    assert lines.scanned <= len(lines.lines)  # linear: every line scanned at most once
    assert len(out["errors"]) == deck_format.MAX_ERRORS + 1  # the rest are counted, not listed
    assert out["errors"][-1][1].startswith(f"and {3 * 12_000 - deck_format.MAX_ERRORS} more problems")


def test_cards_written_inline_never_make_each_problem_scan_the_file(made):
    """With ``card = [ {…}, {…} ]`` no line starts a card: a problem points at line 1
    at once instead of searching the whole file for every problem."""
    card = '{ id = "t.c{i}", kind = "concept", difficulty = 9 }'
    text = "card = [\n" + ",\n".join(card.replace("{i}", str(i)) for i in range(5000)) + "\n]\n" + HEADER
    out = deck_format.check_text(text)
    assert len(out["errors"]) == deck_format.MAX_ERRORS + 1
    assert made[0].scanned == 0


def test_lines_finds_keys_like_before():
    text = HEADER + numeric(mistake='"n"') + "\n[[card.stage.mistake]]\n"
    lines = deck_format.Lines(text)
    assert lines.key(0, "compute") == _line_of(text, "compute =")
    assert lines.key(0, ("nope", "args")) == _line_of(text, "args =")
    assert lines.key(0, "mistake") == _line_of(text, "[[card.mistake]]")
    assert lines.key(0, "stage") == _line_of(text, "[[card.stage.mistake]]")
    assert lines.key(0, "absent") == lines.card(0) == _line_of(text, "[[card]]")
    assert lines.key(3, "compute") == 1 and lines.header() == 1


def test_line_numbers_count_only_newlines_like_toml(tmp_path):
    """U+2028 or a form feed inside a string is not a line break to TOML."""
    text = HEADER + CONCEPT.replace('answer = { en = "A."', 'answer = { en = "A.\x0c"') + 'colour = "red"\n'
    e = _one_sentence(tmp_path, text)
    assert e.line == _line_of(text, "answer =")  # the form feed itself is the first problem, on its line


def test_a_compute_name_of_ten_thousand_characters_is_refused_without_a_search(tmp_path):
    text = HEADER + numeric().replace('compute = "l2_penalty"', f'compute = "{"l2_penalty" * 900}"')
    e = _one_sentence(tmp_path, text)
    assert "compute must name an engine computation" in e.message


def test_the_limits_are_documented_as_the_code_has_them():
    from quizapp import expr, params

    readme = (Path(__file__).parents[1] / "content" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]

    def spaced(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    for fact in [
        f"at most {deck_format.MAX_DECK_BYTES >> 20} MiB",
        f"{deck_format.MAX_BANK_BYTES >> 20} MiB together, at most {deck_format.MAX_DECK_FILES} files",
        f"{spaced(deck_format.MAX_LINE)} characters",
        f"{deck_format.MAX_NESTING} levels of tables and arrays",
        f"| a card id | {deck_format.MAX_ID} characters |",
        f"{deck_format.MAX_ITEMS['params']} params",
        f"{deck_format.MAX_ITEMS['options']} options",
        f"{deck_format.MAX_ITEMS['stage']} stages; {deck_format.MAX_ITEMS['mistake']} mistakes per stage",
        f"hold at most {params.MAX_PARAM_ELEMENTS} numbers together",
        f"N ≤ {params.MAX_FORMAT_PRECISION}",
        f"{expr.MAX_LENGTH} characters (488), nested at most {expr.MAX_DEPTH} levels",
        f"at most {spaced(expr.MAX_ELEMENTS)} numbers in a list",
        f"below 2¹⁰⁰⁰ (about 10³⁰¹); lists nested {expr.MAX_NESTING} deep",
        f"exponents at most {expr.MAX_EXPONENT}",
        f"{spaced(expr.MAX_STEPS)} per expression",
        f"{spaced(expr.MAX_INSTANCE_STEPS)} for one instance",
    ]:
        assert fact in section, fact
    assert deck_format.MAX_NUMBER == 10**15 and "±10¹⁵" in section and expr.MAX_INT_BITS == 1000


def test_a_mistake_of_another_shape_is_never_named(tmp_path):
    text = HEADER + numeric(mistake='"[n, n]"')
    bank = load_bank(_write(tmp_path, text))
    (stage,) = instantiate(bank.templates["t.n"], 0).stages
    (m,) = stage.mistakes  # kept, so check-content can say it has another shape …
    assert isinstance(stage.expected, float) and isinstance(m.value, list)
    v = judge(stage, json.dumps(m.value))
    assert v.mistake is None and not v.correct  # … but a list typed for a number is not that mistake
