"""The scratchpad's headless core: evaluate, complete, History, preload, crosscheck."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import scratchpad
from quizapp.catalog import Msg
from quizapp.content import instance_for, instantiate, load_bank
from quizapp.scratchpad import History, complete, crosscheck, evaluate, preload, value_text

ADAM = "adam params=[1,-2] grads=[[0.5,0.1]] lr=0.1"
CJK = range(0x4E00, 0xA000)


def _has_chinese(text: str) -> bool:
    return any(ord(c) in CJK for c in text)


def _one_sentence(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message and len(message) < 400


# ---------------------------------------------------------------- computations


def test_adam_one_step_from_the_issue():
    r = evaluate(ADAM, lang="en")
    assert r.ok and r.kind == "computation" and r.name == "adam"
    assert r.args == {"params": [1, -2], "grads": [[0.5, 0.1]], "lr": 0.1}
    # one step: m̂₁ = g, v̂₁ = g², so θ₁ = θ₀ − lr·g / (|g| + ε)
    want = [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 - 0.1 * 0.1 / (0.1 + 1e-8)]
    assert r.value == pytest.approx(want, rel=1e-12)
    assert r.text.startswith("[0.9") and "−2.09999999" in r.text and "-" not in r.text
    assert r.steps and all(isinstance(s, str) for s in r.steps)


def test_spaces_inside_brackets_and_a_unicode_minus_are_read():
    a = evaluate("adam params=[1, −2]  grads=[ [0.5, 0.1] ]   lr=0.1", lang="en")
    assert a.ok and a.value == evaluate(ADAM, lang="en").value


def test_adam_two_steps_agree_with_torch():
    torch = pytest.importorskip("torch")
    r = evaluate("adam params=[1.5, -0.3] grads=[[0.2, -0.1], [0.4, 0.05]] lr=0.05 betas=[0.8, 0.99]", lang="en")
    p = torch.tensor([1.5, -0.3], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.05, betas=(0.8, 0.99))
    for g in ([0.2, -0.1], [0.4, 0.05]):
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    assert r.ok and r.value == pytest.approx(p.detach().tolist(), rel=1e-9)


def test_a_dict_value_is_one_key_a_line():
    r = evaluate("binary_metrics tp=3 fp=1 fn=2 tn=4", lang="en")
    assert r.ok
    assert r.value["precision"] == pytest.approx(3 / 4)
    assert r.value["recall"] == pytest.approx(3 / 5)
    assert r.value["f1"] == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    lines = r.text.splitlines()
    assert "precision: 0.75" in lines and "recall: 0.6" in lines and "f1: 0.6666666667" in lines


def test_a_matrix_is_one_row_a_line():
    r = evaluate("confusion_matrix y_true=[0,1,1] y_pred=[0,1,0]", lang="en")
    assert r.ok and r.value == [[1, 0], [1, 1]]
    assert r.text.splitlines() == ["[1, 0]", "[1, 1]"]


def test_plain_string_and_json_string_values():
    r = evaluate('f1 y_true=[0,1,1,2] y_pred=[0,2,1,2] average=macro', lang="en")
    # per class F1: class 0 = 1, class 1 = 2/3, class 2 = 2/3
    assert r.ok and r.value == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    q = evaluate('f1 y_true=[0,1,1,2] y_pred=[0,2,1,2] average="macro"', lang="en")
    assert q.value == r.value


def test_chinese_steps_and_errors():
    en, zh = evaluate(ADAM, lang="en"), evaluate(ADAM, lang="zh")
    assert zh.value == en.value and zh.text == en.text
    assert zh.steps != en.steps and any(_has_chinese(s) for s in zh.steps)
    assert not any(_has_chinese(s) for s in en.steps)
    bad = evaluate("adam params=[1, -2]", lang="zh")  # grads missing: the engine's own sentence
    assert not bad.ok and _has_chinese(bad.message) and "grads" in bad.message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("adma params=[1] grads=[[1]]", ["adma", "did you mean adam"]),
        ("ADAM params=[1] grads=[[1]]", ["did you mean adam"]),
        ("frobnicate x=1", ["frobnicate", "Tab"]),
        ("adam params=[1] grads=[[1]] lrr=0.1", ["lrr", "did you mean lr"]),
        ("adam(params=[1], grads=[[1]])", ["without parentheses"]),
        ("lr=0.1 adam", ["starts with the computation's name"]),
        ("adam params=[1, -2 grads=[[1]]", ["'[' at position 13 is never closed"]),
        ("adam params=[1]] grads=[[1]]", ["']' at position 16"]),
        ('f1 y_true=[0] y_pred=[0] average="macro', ["quote at position 34"]),
        ("adam params=[1] params=[2] grads=[[1]]", ["twice"]),
        ("adam params=[1] grads=[[1]] lr=-0.1", ["lr", "≥ 0"]),
        ("sgd params=[1] grads=[[1]] lr=1e999", ["finite"]),
    ],
)
def test_a_line_that_cannot_be_worked_gets_one_sentence(line, words):
    r = evaluate(line, lang="en")
    assert not r.ok and r.kind == "computation" and r.value is None
    _one_sentence(r.message)
    for w in words:
        assert w in r.message
    zh = evaluate(line, lang="zh").message
    _one_sentence(zh)
    assert zh != r.message


# ---------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("sqrt(6/(256+128))", 0.125),  # 6/384 = 1/64
        ("5/6", 5 / 6),
        ("83%", 0.83),
        ("1×10^-3", 0.001),
        ("2^10", 1024),
        ("2**-3 * 4", 0.5),
        ("ln(e^2)", 2.0),
        ("（1＋2）×3", 9),  # typed with a Chinese input method
    ],
)
def test_arithmetic_is_read_by_grading_never_evaluated(line, value):
    r = evaluate(line, lang="en")
    assert r.ok and r.kind == "arithmetic" and r.value == pytest.approx(value, rel=1e-12)


def test_arithmetic_shows_the_line_in_unicode_math():
    r = evaluate("sqrt(6/(256+128))", lang="en")
    assert r.text == "0.125" and r.steps == ("√(6/(256+128)) = 0.125",)
    assert evaluate("2**-3 * pi", lang="en").steps[0].startswith("2⁻³ · π = 0.392699")
    assert evaluate("1 - 3", lang="en").text == "−2"
    assert evaluate("0.5", lang="en").steps == ()  # a plain number needs no working
    lst = evaluate("[1/2, 1/4]", lang="en")
    assert lst.value == [0.5, 0.25] and lst.text == "[0.5, 0.25]"


def test_code_is_never_run():
    r = evaluate("__import__('os').system('true')", lang="en")
    assert not r.ok
    _one_sentence(r.message)


def test_arithmetic_errors_in_both_languages():
    en, zh = evaluate("1/0", lang="en"), evaluate("1/0", lang="zh")
    assert not en.ok and "divides by zero" in en.message and "除以了零" in zh.message


# ---------------------------------------------------------------- before the verdict


def test_calculator_mode_refuses_computations_but_works_arithmetic():
    r = evaluate(ADAM, lang="en", allow_engine=False)
    assert not r.ok and r.value is None and r.steps == () and r.kind == "computation"
    assert "after the verdict" in r.message and "0.9" not in r.message
    assert "判定结果出来后" in evaluate(ADAM, lang="zh", allow_engine=False).message
    assert not evaluate("adam", lang="en", allow_engine=False).ok
    assert not evaluate("lr=0.1", lang="en", allow_engine=False).ok
    assert not evaluate("adma params=[1]", lang="en", allow_engine=False).ok
    calc = evaluate("sqrt(2)", lang="en", allow_engine=False)
    assert calc.ok and calc.value == pytest.approx(math.sqrt(2))
    typo = evaluate("sqrtt(2)", lang="en", allow_engine=False)  # a typo is arithmetic's to explain
    assert not typo.ok and typo.kind == "arithmetic" and "sqrtt" in typo.message


def test_an_empty_line_says_what_a_line_may_be():
    r = evaluate("   ", lang="en")
    assert r.kind == "empty" and not r.ok and "adam" in r.message and "sqrt" in r.message
    calc = evaluate("", lang="zh", allow_engine=False)
    assert "adam" not in calc.message and _has_chinese(calc.message)


# ---------------------------------------------------------------- hostile lines


@pytest.mark.parametrize(
    ("line", "words"),
    [
        pytest.param("1" * 1_000_000, ["1000000 characters"], id="a million characters"),
        pytest.param("(" * 3000 + "1" + ")" * 3000, ["nested"], id="deep parentheses"),
        pytest.param("adam params=" + "[" * 3000 + "]" * 3000 + " grads=[[1]]", ["nested more than 16"],
                     id="deep brackets"),
        pytest.param("relu x=" + "[" * 20 + "1" + "]" * 20, ["nested more than 16"], id="20 brackets"),
        pytest.param("9^9^9^9", ["too large"], id="tower of powers"),
        pytest.param("10^999999", ["too large"], id="huge exponent"),
        pytest.param("1e999999", ["too large"], id="huge literal"),
        pytest.param("2**2**2**2**2**2", ["too large"], id="tower of **"),
        pytest.param("exp(1e308)", ["too large"], id="exp overflow"),
        pytest.param("10⁹⁹⁹⁹⁹⁹⁹", ["too large"], id="superscript exponent"),
        pytest.param("adam params=[" + ",".join(["1"] * 3000) + "] grads=[[1]]", ["3001 numbers", "256"],
                     id="too many numbers"),
        pytest.param("kfold_split_sizes n_samples=" + "9" * 5000 + " n_splits=2", ["n_samples"],
                     id="5000-digit whole number"),
        pytest.param("kfold_split_sizes n_samples=1000000000000 n_splits=1000000000000", ["10000 numbers"],
                     id="a trillion folds"),
        pytest.param("sinusoidal_position_encoding position=1 d_model=1000000000", ["d_model", "10000 numbers"],
                     id="a billion-wide encoding"),
        pytest.param("sinusoidal_position_encoding position=1 d_model=1e12", ["d_model"], id="d_model as a float"),
        pytest.param("init_weights method=normal shape=[100000, 100000]", ["shape"], id="a huge weight"),
        pytest.param("tensor_memory shape=[" + ",".join(["99999999999999999"] * 4) + "]", ["±10¹⁵"],
                     id="whole numbers past 10^15"),
        pytest.param("adam\x1b[2J params=[1]", ["U+001B"], id="escape sequence"),
        pytest.param("1\x00", ["U+0000"], id="NUL"),
        pytest.param("sqrt(2)\u202e", ["U+202E"], id="bidi override"),
        pytest.param('f1 y_true=[0] y_pred=[0] average="' + "a" * 9000, ["never closed"], id="open quote"),
    ],
)
def test_hostile_lines_end_in_a_sentence(line, words):
    for lang in ("en", "zh"):
        r = evaluate(line, lang=lang)
        assert not r.ok
        _one_sentence(r.message)
        if lang == "en":
            for w in words:
                assert w in r.message


def test_a_huge_result_is_shown_short():
    # a 256-number vector is fine; its 256×256 Jacobian is written only up to MAX_SHOWN numbers
    r = evaluate("softmax_jacobian x=[" + ", ".join(str(i / 100) for i in range(256)) + "]", lang="en")
    assert r.ok and len(r.value) == 256 and len(r.value[0]) == 256
    shown = r.text.replace("…", "").replace("[", "").replace("]", "").replace("\n", ", ").split(", ")
    assert len([s for s in shown if s]) <= scratchpad.MAX_SHOWN and r.text.endswith("…")


text_lines = st.text(alphabet=st.sampled_from(list("adm sqrt()[]{}=,.-+*/^%0123456789e\"x_\\−√²")), max_size=80)


@settings(max_examples=200, deadline=None)
@given(line=text_lines, cursor=st.integers(-5, 90), engine=st.booleans())
def test_evaluate_and_complete_never_raise(line, cursor, engine):
    r = evaluate(line, lang="zh", allow_engine=engine)
    assert r.ok != bool(r.message)
    if not r.ok:
        _one_sentence(r.message)
    for c in complete(line, cursor, allow_engine=engine):
        assert 0 <= c.start <= c.end <= len(line) and c.text and c.describe("zh")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15), 10**15)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=12,
)


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) or isinstance(b, float):
        return not isinstance(a, (str, bool, type(None))) and not isinstance(b, (str, bool, type(None))) \
            and math.isclose(a, b, rel_tol=1e-12, abs_tol=0)
    return a == b and type(a) is type(b)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_value_text_reads_back_as_the_same_value(value):
    r = evaluate(f"relu x={value_text(value)}", lang="en")
    assert _same(r.args["x"], value), (value_text(value), r.args)


# ---------------------------------------------------------------- completion


def _texts(cs):
    return [c.text for c in cs]


def test_completes_computation_names_with_their_summary():
    cs = complete("ada", 3)
    assert _texts(cs) == ["adagrad", "adadelta", "adam", "adamw"]
    adam = cs[2]
    assert (adam.start, adam.end) == (0, 3) and "bias correction" in adam.describe("en")
    first = complete("")
    assert "adam" in _texts(first) and "sqrt(" in _texts(first)
    assert _texts(first).index("adam") < _texts(first).index("sqrt(")  # computations first


def test_completes_arguments_with_defaults_never_one_already_given():
    cs = complete("adam params=[1, -2] ", None)
    assert _texts(cs) == ["grads=", "lr=", "betas=", "eps=", "weight_decay=", "amsgrad="]
    labels = {c.text: c.label for c in cs}
    assert labels["lr="] == "lr=0.001" and labels["betas="] == "betas=[0.9, 0.999]" and labels["grads="] == "grads="
    by_text = {c.text: c for c in cs}
    assert by_text["grads="].describe("en") == "required" and by_text["grads="].describe("zh") == "必填"
    assert by_text["lr="].describe("zh") == "默认值 0.001"
    assert _texts(complete("adam lr=0.1 l")) == []  # lr is given
    assert _texts(complete("adam b")) == ["betas="]
    assert _texts(complete("f1 y_true=[0] a")) == ["average="]
    assert complete("bce_with_logits p")[0].label == "pos_weight="  # a None default: optional


def test_the_word_at_the_cursor_is_replaced_whole():
    line = "adam lr=0.1 be params=[1]"
    (c,) = complete(line, 13)  # cursor after "b"
    assert c.text == "betas=" and line[c.start:c.end] == "be"


def test_no_completion_inside_a_value():
    assert complete("adam params=[1, ") == []
    assert complete("adam lr=") == []
    assert complete("adam lr=0.1,x") == []
    assert complete("12") == [] and complete("1e") == []


def test_completes_arithmetic_functions_and_constants():
    assert _texts(complete("sqrt(2)+s")) == ["sqrt(", "sin("]
    inner = complete("2*(")
    assert _texts(inner)[:3] == ["sqrt(", "exp(", "ln("] and "pi" in _texts(inner)
    for c in inner:  # every function and constant is described in both languages
        assert c.describe("en") and _has_chinese(c.describe("zh"))


def test_calculator_mode_completes_arithmetic_only():
    assert _texts(complete("s", allow_engine=False)) == ["sqrt(", "sin("]
    assert complete("adam ", allow_engine=False) == []


# ---------------------------------------------------------------- history


def test_history_is_kept_across_runs(tmp_path):
    h = History(tmp_path)
    h.add("sqrt(2)")
    h.add(ADAM)
    assert History(tmp_path).entries == ["sqrt(2)", ADAM]
    lines = (tmp_path / scratchpad.HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == ["sqrt(2)", ADAM]
    assert h.problem is None


def test_history_creates_its_folder(tmp_path):
    History(tmp_path / "a" / "b").add("1+1")
    assert History(tmp_path / "a" / "b").entries == ["1+1"]


def test_a_repeat_of_the_previous_line_is_not_added(tmp_path):
    h = History(tmp_path)
    for line in ["1+1", "1+1", "  1+1 ", "2+2", "1+1"]:
        h.add(line)
    assert h.entries == ["1+1", "2+2", "1+1"]


def test_blank_and_unsafe_lines_are_not_kept(tmp_path):
    h = History(tmp_path)
    for line in ["", "   ", "a\nb", "x\x1b[2J", "1" * (scratchpad.MAX_LENGTH + 1)]:
        h.add(line)
    assert h.entries == [] and not (tmp_path / scratchpad.HISTORY_FILE).exists()


def test_history_is_capped_oldest_dropped(tmp_path):
    h = History(tmp_path, cap=5)
    for i in range(8):
        h.add(f"{i}+1")
    assert h.entries == [f"{i}+1" for i in range(3, 8)]
    assert len((tmp_path / scratchpad.HISTORY_FILE).read_text().splitlines()) == 5


def test_the_default_cap_keeps_the_newest_500(tmp_path):
    path = tmp_path / scratchpad.HISTORY_FILE
    path.write_text("".join(json.dumps(f"{i}*2") + "\n" for i in range(600)), encoding="utf-8")
    entries = History(tmp_path).entries
    assert len(entries) == 500 and entries[0] == "100*2" and entries[-1] == "599*2"


def test_up_and_down_walk_the_lines_and_return_to_the_draft(tmp_path):
    h = History(tmp_path)
    for line in ["a", "b", "c"]:
        h.add(line)
    assert h.newer() is None  # already on the draft
    assert h.older("half-typed") == "c"
    assert h.older("ignored: not on the draft") == "b"
    assert h.older() == "a"
    assert h.older() is None  # nothing older
    assert h.newer() == "b"
    assert h.newer() == "c"
    assert h.newer() == "half-typed"
    assert h.newer() is None
    h.add("d")  # submitting puts the cursor back on a new, empty draft
    assert h.older("") == "d" and h.newer() == ""


def test_an_empty_history_walks_nowhere(tmp_path):
    h = History(tmp_path)
    assert h.older("x") is None and h.newer() is None


def test_a_damaged_file_keeps_only_good_lines(tmp_path):
    path = tmp_path / scratchpad.HISTORY_FILE
    good = ["1+1", "sqrt(2)", ADAM]
    junk = [
        b"not json at all",
        b"42",
        b'{"line": "1+1"}',
        b'"unterminated',
        b"\xff\xfe\xfd invalid utf-8",
        json.dumps("x\u001b[2J").encode(),  # a control character a terminal would obey
        json.dumps("a\u202eb").encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps("7" * (scratchpad.MAX_LENGTH + 1)).encode(),
        b"",
        b"   ",
        b"\x00\x00\x00",
    ]
    lines = [json.dumps(good[0]).encode(), *junk[:6], json.dumps(good[1]).encode(), *junk[6:], json.dumps(good[2]).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    h = History(tmp_path)
    assert h.entries == good
    h.add("2+2")  # rewriting it leaves only good lines
    assert [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] == [*good, "2+2"]


def test_an_oversized_file_is_read_only_at_its_end(tmp_path):
    path = tmp_path / scratchpad.HISTORY_FILE
    with path.open("wb") as f:
        f.write(json.dumps("old").encode() + b"\n")
        f.write(b"x" * (scratchpad.HISTORY_MAX_BYTES + 10))  # one endless damaged line
        f.write(b"\n" + json.dumps("newest").encode() + b"\n")
    assert History(tmp_path).entries == ["newest"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_pipe_in_place_of_the_file_is_never_read_nor_replaced(tmp_path):
    path = tmp_path / scratchpad.HISTORY_FILE
    os.mkfifo(path)
    h = History(tmp_path)  # opening a pipe to read would block: it is never opened for that
    assert h.entries == []
    h.add("1+1")
    assert h.entries == ["1+1"] and isinstance(h.problem, Msg)
    assert "not a regular file" in h.problem.text("en") and _has_chinese(h.problem.text("zh"))
    assert path.is_fifo()


def test_a_folder_in_place_of_the_file(tmp_path):
    (tmp_path / scratchpad.HISTORY_FILE).mkdir()
    h = History(tmp_path)
    h.add("1+1")
    assert h.entries == ["1+1"] and h.problem is not None


def test_an_unwritable_place_keeps_history_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    h = History(blocker / "sub")  # its folder cannot be made: a file is in the way
    h.add("1+1")
    assert h.entries == ["1+1"] and isinstance(h.problem, Msg)
    assert str(blocker) in h.problem.text("en")


def test_writes_are_atomic(tmp_path, monkeypatch):
    h = History(tmp_path)
    h.add("1+1")
    path = tmp_path / scratchpad.HISTORY_FILE
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scratchpad.os, "replace", fail)
    h.add("2+2")
    assert path.read_bytes() == before  # the old file is whole, never half-written
    assert h.entries == ["1+1", "2+2"] and "No space left" in h.problem.text("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == [scratchpad.HISTORY_FILE]  # no temporary left
    monkeypatch.undo()
    h.add("3+3")
    assert History(tmp_path).entries == ["1+1", "2+2", "3+3"] and h.problem is None


def test_two_windows_keep_each_others_lines(tmp_path):
    a, b = History(tmp_path), History(tmp_path)
    a.add("1+1")
    b.add("2+2")
    a.add("3+3")
    assert History(tmp_path).entries == ["1+1", "2+2", "3+3"]


# ---------------------------------------------------------------- preload


def _picked(value, pick):
    for p in pick:
        value = value[p]
    return value


def _close(a, b, rtol):
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_close(x, y, rtol) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=rtol, abs_tol=1e-12)


def test_preload_reproduces_every_numeric_and_steps_stage_of_the_bank():
    bank = load_bank()
    templates = [t for t in bank.templates.values() if t.kind in ("numeric", "steps")]
    assert len(templates) > 50
    formulas = 0
    for t in templates:
        inst = instantiate(t, 1)
        for stage in inst.stages:
            line = preload(stage)
            r = evaluate(line, lang="en")
            assert r.ok, (t.id, line, r.message)
            if stage.computation:
                assert r.kind == "computation" and line.split()[0] == stage.computation
                assert _close(_picked(r.value, stage.pick), stage.expected, 1e-9), (t.id, line)
            else:
                # a formula with its numbers shown to six significant figures, or the value itself
                assert r.kind == "arithmetic" and _close(r.value, stage.expected, 1e-5), (t.id, line)
                formulas += bool(r.steps)
    assert formulas >= 10


def test_preload_of_an_adam_card():
    inst = instance_for("optimizers.adam-first-step", seed=4)
    m1, *_, last = inst.stages
    g = inst.params["g"]
    line = preload(m1)  # an expr stage: (1 − 0.9)·g with g filled in
    assert not m1.computation and "0.9" in line and "g" not in line
    assert evaluate(line, lang="en").value == pytest.approx(0.1 * g, rel=1e-5)
    line = preload(last)
    assert line.startswith("adam params=[") and "grads=[[" in line and "lr=" in line
    r = evaluate(line, lang="en")
    assert _picked(r.value, last.pick) == pytest.approx(last.expected, rel=1e-12)


def test_preload_writes_strings_plainly_and_numbers_short():
    (stage,) = instance_for("metrics.macro-f1-three-classes", seed=2).stages
    line = preload(stage)
    assert line.startswith("f1 y_true=[") and line.endswith(" average=macro")
    assert value_text(0.1 + 0.2) == "0.3" and value_text(1 / 3) == "0.333333333333"
    assert value_text(-2.5) == "-2.5" and value_text([1, -2]) == "[1, -2]"
    assert value_text("true") == '"true"' and value_text("macro avg") == '"macro avg"'


# ---------------------------------------------------------------- cross-check


def test_crosscheck_agrees_with_torch():
    pytest.importorskip("torch")
    m = crosscheck(ADAM)
    assert isinstance(m, Msg) and m.key == "scratchpad.crosscheck.agrees"
    assert "torch" in m.text("en") and _has_chinese(m.text("zh"))


def test_crosscheck_agrees_with_sklearn():
    pytest.importorskip("sklearn")
    m = crosscheck("f1 y_true=[0,1,1,2] y_pred=[0,2,1,2] average=macro")
    assert m.key == "scratchpad.crosscheck.agrees" and "sklearn" in m.text("en")


def test_crosscheck_reports_a_disagreement(monkeypatch):
    pytest.importorskip("torch")
    from quizapp.engine import crosscheck as reference

    reference._load_references()
    monkeypatch.setitem(reference.REFERENCES, "relu", lambda x: [999.0, 0.0])
    m = crosscheck("relu x=[1, -1]")
    assert m.key == "scratchpad.crosscheck.disagrees" and "999" in m.text("en") and "[1, 0]" in m.text("en")


def test_crosscheck_says_how_to_install_torch_when_it_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    m = crosscheck(ADAM)
    assert isinstance(m, Msg) and m.key == "engine.error.needs_torch"
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "torch==2.13.0" in m.text("en") and "torch==2.13.0" in readme  # the CPU build, as the README says
    assert _has_chinese(m.text("zh"))


def test_crosscheck_of_arithmetic_or_a_bad_line_is_a_sentence():
    assert crosscheck("sqrt(2)").key == "scratchpad.crosscheck.not_computation"
    assert crosscheck("adma x=1").key == "scratchpad.unknown_did_you_mean"
    assert crosscheck("x" * 20_000).key == "scratchpad.too_long"
    bad = crosscheck("adam params=[1]")
    assert isinstance(bad, Msg) and "grads" in bad.text("en")


# ---------------------------------------------------------------- layering


def test_the_scratchpad_is_headless():
    code = (
        "import json, sys, tempfile; from quizapp import scratchpad as s; "
        "s.evaluate('adam params=[1] grads=[[1]]', lang='en'); s.complete('ad'); "
        "s.History(tempfile.mkdtemp()).add('1+1'); s.torch_installed(); "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'torch', 'sklearn'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_a_file_of_a_million_tiny_lines_keeps_the_newest(tmp_path):
    path = tmp_path / scratchpad.HISTORY_FILE
    path.write_bytes(b"".join(json.dumps(str(i % 10)).encode() + b"\n" for i in range(1_000_000)))
    entries = History(tmp_path).entries
    assert len(entries) == 500 and entries[-1] == "9"


# ---------------------------------------------------------------- docs/scratchpad.md

DOC = Path(__file__).resolve().parent.parent / "docs" / "scratchpad.md"


def _doc_examples() -> list[str]:
    import re

    blocks = re.findall(r"```scratchpad\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_every_example_line_in_the_docs_works():
    lines = _doc_examples()
    assert len(lines) >= 10
    for line in lines:
        r = evaluate(line, lang="en")
        assert r.ok and r.text and r.kind in ("computation", "arithmetic"), (line, r.message)


def test_the_docs_state_the_limits_the_code_applies():
    doc = DOC.read_text(encoding="utf-8")
    for figure in (f"{scratchpad.MAX_LENGTH:,}".replace(",", " "), f"{scratchpad.MAX_NESTING} levels",
                   f"| {scratchpad.MAX_NUMBERS},", f"{scratchpad.MAX_VALUE_NUMBERS:,}".replace(",", " "),
                   f"newest {scratchpad.HISTORY_CAP}", f"last {scratchpad.HISTORY_MAX_BYTES // 2**20} MiB",
                   scratchpad.HISTORY_FILE):
        assert figure in doc, figure
