"""The deck expression language: what it computes, and that nothing else runs."""

from __future__ import annotations


from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.expr import ExprError, compile_expr, pretty
from quizapp.params import answer_text, show


@pytest.mark.parametrize(
    "text, env, expected",
    [
        ("tp / (tp + fp)", {"tp": 3, "fp": 1}, 0.75),
        ("lam / 2 * sum(w ** 2)", {"lam": 0.1, "w": [1.0, -2.0]}, 0.25),
        ("count(y, 1)", {"y": [1, 0, 1, 1]}, 3),
        ("len(unique(y)) == 3", {"y": [2, 0, 1, 0]}, True),
        ("a if a > b else b", {"a": 2, "b": 5}, 5),
        ("x[1] + x[-1]", {"x": [1, 2, 3]}, 5),
        ("mean(x) - var(x)", {"x": [1.0, 3.0]}, 1.0),
        ("abs(-2) + min(3, 4) + max([1, 9])", {}, 14),
        ("[a, 2 * a]", {"a": 1.5}, [1.5, 3.0]),
        ("not (a > 1 and a < 3)", {"a": 2}, False),
        ("1 < a < 3", {"a": 2}, True),
    ],
)
def test_expressions_compute_like_the_maths(text, env, expected):
    assert compile_expr(text).evaluate(env) == pytest.approx(expected)


def test_results_are_plain_python():
    v = compile_expr("w * 2").evaluate({"w": [1, 2]})
    assert v == [2, 4] and type(v) is list and type(v[0]) is int


@pytest.mark.parametrize(
    "text, words",
    [
        ("__import__('os').system('echo hi')", "not a known function"),
        ("().__class__", "Attribute"),
        ("open('x')", "not a known function"),
        ("[x for x in y]", "ListComp"),
        ("lambda: 1", "Lambda"),
        ("x := 3", "cannot parse"),
        ("sum(w, start=1)", "not a known function"),
        ("a; b", "cannot parse"),
        ("", "non-empty"),
        ("1 +" * 400 + "1", "longer than"),
        ("1 +" * 300 + "1", "nested more than"),
    ],
)
def test_everything_else_is_refused_at_compile_time(text, words):
    with pytest.raises(ExprError, match=words):
        compile_expr(text)


def test_names_are_collected_without_the_functions():
    assert compile_expr("sqrt(a) + sum(w) * b").names == {"a", "w", "b"}


def test_huge_powers_are_refused():
    with pytest.raises(ExprError, match="exponent"):
        compile_expr("9 ** 9 ** 9").evaluate({})


@pytest.mark.parametrize("text, env", [("1 / a", {"a": 0}), ("x[5]", {"x": [1]}), ("y", {}), ("log(a)", {"a": -1.0})])
def test_evaluation_failures_are_expr_errors(text, env):
    with pytest.raises(ExprError):
        compile_expr(text).evaluate(env)


def test_explain_fills_in_values_with_parentheses_for_negatives():
    e = compile_expr("(1 - 0.9) * g ** 2")
    assert e.explain({"g": -0.5}, show) == "(1 − 0.9)·(−0.5)²"
    assert pretty("a * b - c ** 2") == "a·b − c²"
    assert pretty("a ** 10 + b ** 0.5 + c ** L") == "a¹⁰ + b^0.5 + c^L"


def test_show_renders_for_people():
    assert show(-0.5, decimals=2) == "−0.50"
    assert show([1, -2]) == "[1, −2]"
    assert show(0.1 + 0.2) == "0.3"
    assert show(1.5e-8) == "1.5×10⁻⁸"
    assert show(0.25, spec=".1%") == "25.0%"


@settings(max_examples=80, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-9), st.integers(2, 6))
def test_answer_text_keeps_the_significant_figures_asked_for(x, sig):
    text = answer_text(x, sig=sig)
    if x.is_integer():  # an exact whole number is written as one: 14, not 14.00
        assert text == str(int(x))
        return
    mantissa = text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    assert len(mantissa) == sig
    assert float(text) == pytest.approx(x, rel=10 ** (1 - sig))


def test_answer_text_decimals_and_no_negative_zero():
    assert answer_text(0.83333, decimals=3) == "0.833"
    assert answer_text(-0.0001, decimals=2) == "0.00"
    assert answer_text([0.5, -1.25], decimals=1) == "[0.5, -1.2]"
    assert answer_text(7) == "7"


# ---------------------------------------------------------------- names written as maths


@pytest.mark.parametrize(
    "name, shown",
    [
        ("theta", "θ"),
        ("lam", "λ"),
        ("eps", "ε"),
        ("theta2", "θ₂"),
        ("m1", "m₁"),
        ("G2", "G₂"),
        ("mhat1", "m̂₁"),
        ("vhat12", "v̂₁₂"),
        ("yhat", "ŷ"),
        ("xbar", "x̄"),
        ("l_2", "l₂"),
        ("x_k", "xₖ"),
        ("beta_1", "β₁"),
        ("g_total", "g_total"),  # no Unicode subscript for a word: left as written
        ("tp", "tp"),
        ("e", "e"),
    ],
)
def test_names_are_written_as_maths_by_default(name, shown):
    from quizapp.expr import symbol

    assert symbol(name) == shown


def test_a_cards_symbols_table_overrides_the_defaults():
    from quizapp.expr import symbol

    table = {"g_total": "g′", "lr": "η"}
    assert symbol("g_total", table) == "g′"
    assert symbol("lr", table) == "η"
    assert symbol("theta", table) == "θ"  # names the table leaves out keep the default


def test_pretty_writes_names_as_symbols_but_keeps_functions_keywords_and_strings():
    assert pretty("m1 / (1 - 0.9)") == "m₁ / (1 − 0.9)"
    assert pretty("g + lam * theta") == "g + λ·θ"
    assert pretty("sqrt(v1) + mean(e)") == "sqrt(v₁) + mean(e)"
    assert pretty("a if lam > 0 else b") == "a if λ > 0 else b"
    assert pretty("avg == 'theta'") == "avg == 'theta'"
    assert pretty("lr * g", {"lr": "η"}) == "η·g"


def test_pretty_writes_powers_of_ten_not_e_notation():
    assert pretty("theta - lr * m1 / (sqrt(v1) + 1e-8)", {"lr": "η"}) == "θ − η·m₁ / (sqrt(v₁) + 10⁻⁸)"
    assert pretty("2.5e-3 * x") == "2.5×10⁻³·x"
    assert pretty("x1e3") == "x1e3"  # part of a name, not a number


def test_explain_fills_values_and_writes_the_names_it_has_no_value_for_as_maths():
    e = compile_expr("m1 / (1 - beta1)")
    assert e.explain({"m1": -0.05}, show) == "(−0.05) / (1 − β₁)"
    assert e.explain({"m1": -0.05}, show, {"beta1": "β₁′"}) == "(−0.05) / (1 − β₁′)"
    assert e.explain({"m1": 0.5, "beta1": 0.9}, show) == "0.5 / (1 − 0.9)"


def _deck(tmp_path, stage_name: str, expr: str, symbols: str = "") -> Path:
    text = f'''
[deck]
topic = "t"
title = {{ en = "T", zh = "T" }}

[[card]]
id = "t.one"
kind = "steps"
difficulty = 1
source = {{ note = "003", section = "3.6 Adam" }}
title = {{ en = "One", zh = "一" }}
prompt = {{ en = "g = {{g}}", zh = "g = {{g}}" }}
params = {{ g = {{ float = [0.1, 0.9], decimals = 1 }}, lam = {{ choice = [0.5] }} }}
{symbols}

[[card.stage]]
name = "{stage_name}"
prompt = {{ en = "First?", zh = "第一问？" }}
expr = "{expr}"

[[card.stage]]
name = "last"
prompt = {{ en = "Then?", zh = "然后？" }}
compute = "l2_penalty_grad"
args = {{ w = "[g]", lam = "lam" }}
pick = 0
'''
    p = tmp_path / "t.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_worked_line_of_an_expr_stage_reads_as_maths(tmp_path, monkeypatch):
    from quizapp.content import instantiate, load_bank

    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    bank = load_bank(_deck(tmp_path, "mhat1", "(1 - 0.9) * g / (1 - 0.9) + lam * 0"))
    assert bank.errors == []
    inst = instantiate(bank.templates["t.one"], 3)
    g = show(inst.params["g"])
    line = inst.stages[0].worked("en")[0]
    assert line.startswith(f"m̂₁ = (1 − 0.9)·g / (1 − 0.9) + λ·0 = (1 − 0.9)·{g} / (1 − 0.9) + 0.5·0 = ")
    assert "mhat" not in line and "lam" not in line


def test_worked_line_uses_the_cards_symbols_table(tmp_path, monkeypatch):
    from quizapp.content import instantiate, load_bank

    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    bank = load_bank(_deck(tmp_path, "g_total", "g + lam * g", 'symbols = { g_total = "g′", lam = "λ′" }'))
    assert bank.errors == []
    line = instantiate(bank.templates["t.one"], 0).stages[0].worked("zh")[0]
    assert line.startswith("g′ = g + λ′·g = ")


@pytest.mark.parametrize(
    "symbols, words",
    [
        ('symbols = "θ"', "symbols must be a table"),
        ('symbols = { lam = "" }', "symbols.lam must be non-empty text"),
        ('symbols = { lam = 3 }', "symbols.lam must be non-empty text"),
        ('symbols = { "2x" = "x" }', "not a valid name"),
        ('symbols = { lam = "' + "λ" * 41 + '" }', "at most 40 characters"),
        ('symbols = { lam = "λ\\u001b[2J" }', "printable text"),
    ],
)
def test_a_malformed_symbols_table_is_reported_at_the_card(tmp_path, monkeypatch, symbols, words):
    from quizapp.content import load_bank

    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    bank = load_bank(_deck(tmp_path, "m1", "g", symbols))
    assert bank.templates == {}
    assert len(bank.errors) == 1 and words in bank.errors[0].message
