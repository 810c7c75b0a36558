"""Property-based: whatever a deck writes in an expression or a parameter
declaration, loading it, drawing instances and judging answers ends in one
``file:line: message`` sentence per problem or a normal result — never a
traceback, never past 1 GiB of memory, never past the time limit.

Each generated hostile case runs in a child process under RLIMIT_AS and a
subprocess timeout (``run_isolated`` in test_deck_hostile.py); several cases share
one child, so the whole file costs a few dozen child processes.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_deck_hostile import HEADER, run_isolated

CASES_PER_CHILD = 4
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- expressions

# Names the deck declares: an int, a float, a vector, a matrix, a text.
PARAMS = ('n = { int = [1, 5] }, x = { float = [-2, 2], decimals = 1 }, w = { float = [-1, 1], size = 8 }, '
          'm = { int = [0, 9], shape = [3, 4] }, s = { choice = ["ab", "cd"] }')  # fmt: skip
ATOMS = [
    "n", "x", "w", "m", "s", "0", "1", "2", "-1", "0.5", "9", "64", "1000", "10**9", "1e308", "True",
    "'a'", "'%s'", "'%0999999999d'", "'{0:.999999999f}'", "'9' * 4000", "[]", "[0]", "[[0]]", "[1, 2]",
    "[[0], [1], [2]]", "'\\x1b[2J'", "float('inf')", "2 ** 1000",
]  # fmt: skip
BINOPS = ["+", "-", "*", "/", "//", "%", "**"]
COMPARISONS = ["<", "<=", "==", "!=", ">", ">="]
FUNCS1 = ["abs", "min", "max", "sum", "len", "round", "sqrt", "exp", "log", "log2", "sign", "mean", "var", "std",
          "all", "any", "unique", "list", "float", "int"]  # fmt: skip
FUNCS2 = ["min", "max", "round", "count"]


def _combine(kids: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(kids, st.sampled_from(BINOPS), kids).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        st.tuples(kids, st.sampled_from(COMPARISONS), kids).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), kids).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(FUNCS1), kids).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(FUNCS2), kids, kids).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(kids, kids).map(lambda t: f"({t[0]})[{t[1]}]"),
        st.tuples(kids, kids, kids).map(lambda t: f"({t[0]})[{t[1]}:{t[2]}]"),
        st.tuples(kids, kids, kids).map(lambda t: f"({t[0]}) if ({t[1]}) else ({t[2]})"),
        st.tuples(kids, st.sampled_from(["and", "or"]), kids).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        st.lists(kids, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
    )


EXPRESSIONS = st.recursive(st.sampled_from(ATOMS), _combine, max_leaves=12)
SURFACES = ["constraint", "derived", "args", "mistake", "stage"]


def _expression_deck(surface: str, expr: str) -> str:
    """A deck whose one card uses ``expr`` on one surface."""
    e = json.dumps(expr)  # a JSON string is a TOML basic string
    common = f"""
[[card]]
id = "t.e"
difficulty = 1
source = {{ note = "001", section = "s" }}
title = {{ en = "E", zh = "式" }}
params = {{ {PARAMS} }}
"""
    if surface == "stage":
        return HEADER + common + f"""kind = "steps"
prompt = {{ en = "n = {{n}}", zh = "n = {{n}}" }}

[[card.stage]]
name = "a"
prompt = {{ en = "a?", zh = "a？" }}
expr = {e}

[[card.stage]]
name = "b"
prompt = {{ en = "b = {{a}}?", zh = "b = {{a}}？" }}
compute = "l2_penalty"
args = {{ w = "[a, 1]", lam = 0.1 }}
after = {{ en = "so {{b}}", zh = "所以 {{b}}" }}
"""
    derived = f"derived = {{ d = {e} }}\n" if surface == "derived" else ""
    shown = "{d} {d:.2f}" if surface == "derived" else "{w}"
    text = HEADER + common + f"""kind = "numeric"
prompt = {{ en = "n = {{n}}, {shown}", zh = "n = {{n}}，{shown}" }}
{derived}compute = "l2_penalty"
args = {{ w = {e if surface == "args" else '"w"'}, lam = 0.1 }}
"""
    if surface == "constraint":
        text += f"constraints = [{e}]\n"
    if surface == "mistake":
        text += f'\n[[card.mistake]]\nid = "m"\nlabel = {{ en = "x", zh = "错" }}\nexpr = {e}\n'
    return text


def _run(decks: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(decks):
            p = Path(tmp) / f"case{i}.toml"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
        results = run_isolated(paths, seeds=[0, 1])
    for r in results:
        assert r["errors"] or r["loaded"]  # a sentence, or a card that loaded (and then instances or sentences)
    return results


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SURFACES), EXPRESSIONS), min_size=CASES_PER_CHILD, max_size=CASES_PER_CHILD))
def test_any_expression_on_any_surface_ends_in_a_sentence_or_a_result(cases):
    _run([_expression_deck(surface, expr) for surface, expr in cases])


# ---------------------------------------------------------------- parameter declarations

NUMBERS = [
    "0", "1", "-1", "3", "0.25", "1e9", "1000000000", "10000000000000000", "1e308", "-1e308", "inf", "-inf",
    "nan", "9" * 4000, "9" * 5000, "1_000", "true", '"a"', "[]", "[1, 2]",
]  # fmt: skip
TEXTS = ['"ab"', '"\\u001b[2J"', '"\\u009b31m"', '"\\u202eab"', '"x\\ny"', '"' + "z" * 3000 + '"']
SIZES = ["0", "1", "8", "256", "257", "1e9", "1000000000", "[1, 5]", "[5, 1]", "[1, 100000]", '"n"', '"p0"',
         '"zz"', '"s"', "-3"]  # fmt: skip
SHAPES = ["[2, 3]", "[16, 16]", "[100000, 100000]", "[1]", '["n", 2]', "[0, 3]", '"n"', "[[1, 2], 3]"]
FORMATS = ["", ":.3f", ":.1%", ":.20g", ":.999999999f", ":>99999", ":.3e"]


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


ELEMENT = st.one_of(
    st.tuples(st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)).map(lambda t: f"int = [{t[0]}, {t[1]}]"),
    st.tuples(st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)).map(lambda t: f"float = [{t[0]}, {t[1]}]"),
    st.lists(st.one_of(st.sampled_from(NUMBERS + TEXTS), st.integers(1, 40).map(_nested)), max_size=4).map(
        lambda vs: "choice = [" + ", ".join(vs) + "]"
    ),
)
DECLARATION = st.tuples(
    ELEMENT,
    st.one_of(st.none(), st.sampled_from(["0", "2", "10", "11", "-1", "1e9", "2.5"])),
    st.one_of(st.none(), st.sampled_from(SIZES)),
    st.one_of(st.none(), st.sampled_from(SHAPES)),
).map(lambda t: "{ " + ", ".join([t[0]] + [f"{k} = {v}" for k, v in zip(("decimals", "size", "shape"), t[1:]) if v]) + " }")


def _params_deck(declarations: list[str], formats: list[str]) -> str:
    params = ", ".join(["n = { int = [1, 5] }", 's = { choice = ["ab"] }'] + [f"p{i} = {d}" for i, d in enumerate(declarations)])
    shown = " ".join(f"{{p{i}{f}}}" for i, f in enumerate(formats[: len(declarations)]))
    return HEADER + f"""
[[card]]
id = "t.p"
kind = "numeric"
difficulty = 1
source = {{ note = "001", section = "s" }}
title = {{ en = "P", zh = "参" }}
prompt = {{ en = "{shown}", zh = "{shown}" }}
params = {{ {params} }}
derived = {{ d = "p0" }}
constraints = ["len([d]) > 0"]
compute = "l2_penalty"
args = {{ w = "p0", lam = 0.1 }}

[[card.mistake]]
id = "m"
label = {{ en = "x", zh = "错" }}
expr = "p0 * 2"
"""


@SETTINGS
@given(st.lists(
    st.tuples(st.lists(DECLARATION, min_size=1, max_size=3), st.lists(st.sampled_from(FORMATS), min_size=3, max_size=3)),
    min_size=CASES_PER_CHILD, max_size=CASES_PER_CHILD,
))  # fmt: skip
def test_any_parameter_declaration_ends_in_a_sentence_or_a_result(cases):
    _run([_params_deck(declarations, formats) for declarations, formats in cases])


def test_a_derived_text_value_is_shown_escaped_in_the_prompt(tmp_path):
    # Found by the property test above: a derived value that is a string holding an
    # escape sequence ('\x1b[2J' clears the screen) reached the prompt raw.
    from quizapp.content import instantiate, load_bank
    from quizapp.safe_text import unsafe_char

    path = tmp_path / "t.toml"
    path.write_text(_expression_deck("derived", r"'\x1b[2J'"), encoding="utf-8")
    bank = load_bank(path)
    assert not bank.errors, bank.errors
    prompt = instantiate(bank.templates["t.e"], 0).prompt
    for lang in ("en", "zh"):
        assert unsafe_char(prompt[lang]) is None, prompt[lang]
        assert "\\x1b[2J" in prompt[lang]  # shown, as an escape anyone can read
