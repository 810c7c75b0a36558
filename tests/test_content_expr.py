"""The deck expression language: what it computes, and that nothing else runs."""

from __future__ import annotations


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
    assert e.explain({"g": -0.5}, show) == "(1 − 0.9)·(−0.5)^2"
    assert pretty("a * b - c ** 2") == "a·b − c^2"


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
