"""``quizapp check-content``: exit codes, file:line problems, the --json summary."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from quizapp import content_check
from quizapp.cli import main
from quizapp.content import load_bank
from quizapp.content_check import check_bank, precision_ladder, typed_at

FIXTURES = Path(__file__).parent / "fixtures" / "decks"
GRADING = Path(__file__).parent / "fixtures" / "grading"


@pytest.fixture(autouse=True)
def _private_deck_cache(tmp_path, monkeypatch):
    """Parsed decks are cached under QUIZAPP_CACHE_DIR: keep the user's cache out of tests."""
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(tmp_path / "cache"))

DECK = """[deck]
topic = "t"
title = {{ en = "T", zh = "测" }}

[[card]]
id = "t.pen"
kind = "numeric"
difficulty = 1
source = {{ note = "002", section = "s" }}
title = {{ en = "P", zh = "罚" }}
prompt = {{ en = "w = {{w}}, λ = {{lam}}", zh = "w = {{w}}，λ = {{lam}}" }}
params = {{ w = {{ float = [-2, 2], decimals = 1, size = 3 }}, lam = {{ choice = {lams} }} }}
constraints = ["sum(abs(w)) > 1"]
compute = "l1_penalty"
args = {{ w = "w", lam = "lam" }}
{precision}

[[card.mistake]]
id = "m"
label = {{ en = "did something", zh = "做错了" }}
expr = "{mistake}"
"""


def _deck(tmp_path: Path, lams="[0.1, 0.5]", precision="sig = 3", mistake="lam * sum(w ** 2)") -> Path:
    p = tmp_path / "t.toml"
    p.write_text(DECK.format(lams=lams, precision=precision, mistake=mistake), encoding="utf-8")
    return p


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check-content", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_agreed_shape_and_the_fixture_decks_only_fail_the_named_mistake_check(capsys):
    code, out, _ = _run(capsys, str(FIXTURES), "--json", "--seeds", "200", "--crosscheck-seeds", "3")
    data = json.loads(out)
    assert set(data) == {"cards", "by_topic", "by_kind", "languages", "errors"}
    assert data["cards"] == 7
    assert data["by_topic"] == {"metrics": 5, "optimizers": 2}
    assert data["by_kind"] == {"concept": 1, "choice": 2, "numeric": 3, "steps": 1}
    assert data["languages"] == {"en": 7, "zh": 7}
    # The shared fixture decks ask for no precision, so their closest mistakes pass as right when
    # typed to two figures (the Adam one is the very case that led to requiring precision).
    assert code == 2
    passing = {re.search(r"card '([^']+)': (?:stage \w+: )?mistake '([^']+)' typed to 2 significant figures "
                         r"is graded right in \d+% of 200 seeds", e["message"]).groups() for e in data["errors"]}
    assert passing == {("metrics.f1-counts", "arithmetic-mean"), ("metrics.macro-f1", "micro"),
                       ("optimizers.adam-first-step", "no-bias-correction")}


def test_plain_output_ends_with_a_summary(capsys):
    code, out, _ = _run(capsys, str(FIXTURES / "optimizers.toml"), "--seeds", "20", "--crosscheck-seeds", "2")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("2 cards (1 numeric, 1 steps) checked with 20 seeds")
    assert out.strip().endswith("no problems")


def test_a_malformed_deck_is_reported_and_the_good_one_still_checked(tmp_path, capsys):
    shutil.copy(FIXTURES / "optimizers.toml", tmp_path)
    (tmp_path / "bad.toml").write_text('[deck]\ntopic = "bad"\n\n[[card]]\nid = 3\n', encoding="utf-8")
    code, out, _ = _run(capsys, str(tmp_path), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 2
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{_shown(tmp_path / 'bad.toml')}:1: [deck] title must be")
    assert "2 cards" in lines[-1] and lines[-1].endswith(": 1 problem")


def test_engine_rejecting_a_drawn_range_is_a_problem_at_the_card(tmp_path, capsys):
    deck = _deck(tmp_path, lams="[-0.1]")
    code, out, _ = _run(capsys, str(deck), "--seeds", "5", "--crosscheck-seeds", "0")
    assert code == 2
    first = out.splitlines()[0]
    assert first.startswith(f"{_shown(deck)}:5: card 't.pen': ")
    assert "lam" in first and "(and 4 more seeds)" in first


def test_displayed_precision_too_coarse_for_the_grader(tmp_path, capsys):
    deck = _deck(tmp_path, lams="[0.01]", precision="decimals = 1")
    code, out, _ = _run(capsys, str(deck), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 2
    assert "is not graded correct" in out and "use more decimals or sig" in out


def test_a_mistake_equal_to_the_answer_is_reported(tmp_path, capsys):
    deck = _deck(tmp_path, mistake="lam * sum(abs(w))")
    code, out, _ = _run(capsys, str(deck), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 2
    assert "mistake 'm' is clearly different from the answer in only 0% of 10 seeds" in out


def test_a_mistake_of_another_shape_can_never_be_named_and_is_reported(tmp_path, capsys):
    deck = _deck(tmp_path, mistake="lam * abs(w)")  # a vector where the answer is a number
    code, out, _ = _run(capsys, str(deck), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 2
    assert "mistake 'm' has shape (3,) but the answer has scalar" in out


def test_one_coincidence_in_a_handful_of_seeds_is_not_a_problem(tmp_path, capsys, monkeypatch):
    # 4 of 5 seeds differ (80%): with so few seeds a single coincidence is no evidence.
    real = content_check._check_stage
    calls = []

    def one_coincidence(st, spec, seed, where, note, differs):
        real(st, spec, seed, where, note, differs)
        calls.append(seed)
        if seed == 0:
            differs[(where, "m")] -= 1

    monkeypatch.setattr(content_check, "_check_stage", one_coincidence)
    code, out, _ = _run(capsys, str(_deck(tmp_path)), "--seeds", "5", "--crosscheck-seeds", "0", "--jobs", "1")
    assert calls == [0, 1, 2, 3, 4]
    assert code == 0, out


def test_a_distinct_mistake_passes(tmp_path, capsys):
    code, out, _ = _run(capsys, str(_deck(tmp_path)), "--seeds", "30", "--crosscheck-seeds", "0")
    assert code == 0, out


def test_crosscheck_disagreement_is_reported(tmp_path, capsys, monkeypatch):
    from quizapp.engine import crosscheck

    calls = []

    def fake(name, **kwargs):
        calls.append(name)
        return crosscheck.CheckResult(name, False, 1.0, 2.0, "torch", "engine 1.0 vs torch 2.0")

    monkeypatch.setattr(content_check, "crosscheck_available", lambda: None)
    monkeypatch.setattr(crosscheck, "check", fake)
    code, out, _ = _run(capsys, str(_deck(tmp_path)), "--seeds", "10", "--crosscheck-seeds", "3", "--jobs", "1")
    assert code == 2 and 1 <= len(calls) <= 3
    assert "cross-check with torch disagrees: engine 1.0 vs torch 2.0" in out


def test_without_torch_the_crosscheck_is_skipped_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(content_check, "crosscheck_available", lambda: "torch and sklearn")
    code, _, err = _run(capsys, str(_deck(tmp_path)), "--seeds", "5")
    assert code == 0
    assert err.strip() == "quizapp: torch and sklearn not installed: the torch/sklearn cross-check is skipped"


@pytest.mark.parametrize("argv", [["--seeds", "0"], ["--crosscheck-seeds", "-1"], ["--jobs", "0"]])
def test_bad_options_are_one_line_errors(capsys, argv):
    code, out, err = _run(capsys, str(FIXTURES), *argv)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_a_missing_path_exits_2(tmp_path, capsys):
    code, out, _ = _run(capsys, str(tmp_path / "nope.toml"))
    assert code == 2 and "no such deck file or folder" in out


def _shown(p: Path) -> str:
    from quizapp.deck_format import display_path

    return display_path(p)


# ------------------------------------------------------------------ named mistakes that pass as right


def test_a_mistake_a_fraction_of_a_percent_off_fails_without_a_required_precision(capsys):
    deck = GRADING / "close-mistake.toml"
    code, out, _ = _run(capsys, str(deck), "--crosscheck-seeds", "0")
    assert code == 2
    [problem] = [line for line in out.splitlines() if "slightly-off" in line]
    assert re.fullmatch(
        rf"{re.escape(_shown(deck))}:9: card 'penalty.l2': mistake 'slightly-off' typed to 2 significant figures "
        r"is graded right in \d+% of 200 seeds \(and still in \d+% at 3 significant figures\); require more "
        r"precision \(min_sig/min_decimals\) or ask for a quantity where the mistake is far off",
        problem,
    ), problem


def test_the_same_mistake_passes_when_the_card_requires_four_figures(capsys):
    code, out, _ = _run(capsys, str(GRADING / "close-mistake-min-sig.toml"), "--crosscheck-seeds", "0")
    assert code == 0, out
    assert out.strip().endswith("no problems")


def test_cards_requiring_decimals_or_figures_pass_when_their_mistakes_are_far_off(capsys):
    code, out, _ = _run(capsys, str(GRADING / "precision.toml"), "--crosscheck-seeds", "2")
    assert code == 0, out


VECTOR = """[deck]
topic = "v"
title = {{ en = "V", zh = "向" }}

[[card]]
id = "v.sigmoid"
kind = "numeric"
difficulty = 1
source = {{ note = "002", section = "s" }}
title = {{ en = "Sigmoid", zh = "Sigmoid" }}
prompt = {{ en = "x = {{x}}", zh = "x = {{x}}" }}
params = {{ x = {{ float = [-3, 3], decimals = 1, size = 3 }} }}
compute = "sigmoid"
args = {{ x = "x" }}
{precision}

[[card.mistake]]
id = "close"
label = {{ en = "a slip of 0.2%", zh = "差了 0.2%" }}
expr = "1 / (1 + exp(-x)) * 1.002"
"""


@pytest.mark.parametrize("precision, passes", [("sig = 4", False), ("sig = 4\nmin_sig = 4", True)])
def test_a_vector_mistake_is_typed_element_by_element(tmp_path, capsys, precision, passes):
    deck = tmp_path / "v.toml"
    deck.write_text(VECTOR.format(precision=precision), encoding="utf-8")
    code, out, _ = _run(capsys, str(deck), "--seeds", "40", "--crosscheck-seeds", "0")
    assert (code == 0) is passes, out
    assert ("mistake 'close' typed to 2 significant figures is graded right" in out) is not passes


def test_a_card_that_rejects_the_answer_typed_to_seven_figures_is_reported(tmp_path, capsys):
    deck = tmp_path / "v.toml"  # seven figures are always within a relative millionth: only a tolerance can refuse them
    deck.write_text(VECTOR.format(precision="sig = 9\nrtol = 1e-9"), encoding="utf-8")
    code, out, _ = _run(capsys, str(deck), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 2
    [line] = [line for line in out.splitlines() if "typed to 7 significant figures" in line]
    assert "seed 0: the answer typed to 7 significant figures, [" in line and "is not graded correct" in line
    assert "widen the tolerance" in line and "(and 9 more seeds)" in line


def test_a_parallel_check_reports_exactly_what_a_serial_one_does():
    bank = load_bank(FIXTURES)
    extra = load_bank(GRADING / "precision.toml")
    bank.templates.update(extra.templates)
    serial = check_bank(bank, seeds=30, crosscheck_seeds=2, jobs=1)
    parallel = check_bank(bank, seeds=30, crosscheck_seeds=2, jobs=2)
    assert serial.errors and parallel.errors == serial.errors  # the fixture decks have problems to compare
    assert parallel.notes == serial.notes and parallel.to_dict() == serial.to_dict()


@pytest.mark.parametrize(
    "value, kwargs, typed",
    [
        (5 / 6, {"sig": 2}, "0.83"),
        (5 / 6, {"sig": 6}, "0.833333"),
        (5 / 6, {"decimals": 4}, "0.8333"),
        (0.000123456, {"sig": 3}, "0.000123"),
        (12345.678, {"sig": 2}, "1.2e4"),  # not 12000, whose zeros would claim five figures
        (12345.678, {"sig": 5}, "12346"),
        (9.96, {"sig": 2}, "10"),
        (-2.5e-7, {"sig": 2}, "-0.00000025"),
        ([0.5, -1.26], {"sig": 2}, "[0.50, -1.3]"),
        ([[1.0, 2.0]], {"decimals": 1}, "[[1.0, 2.0]]"),
    ],
)
def test_values_are_typed_as_a_learner_would(value, kwargs, typed):
    assert typed_at(value, **kwargs) == typed


def test_the_precisions_tried_run_from_the_coarsest_accepted_to_six_figures():
    assert precision_ladder(0.8, None, None) == [("sig", n) for n in (2, 3, 4, 5, 6)]
    assert precision_ladder(0.8, None, 4) == [("sig", 4), ("sig", 5), ("sig", 6)]
    assert precision_ladder(0.8, None, 8) == [("sig", 8)]
    assert precision_ladder(0.8, 4, None) == [("decimals", n) for n in (4, 5, 6)]  # 0.800000 shows six figures
    assert precision_ladder(0.012, 4, None) == [("decimals", n) for n in range(4, 8)]
    assert precision_ladder(1234.5, 2, None) == [("decimals", 2)]  # already more than six figures
    assert precision_ladder([0.5, 0.0012], 3, None) == [("decimals", n) for n in range(3, 9)]


COUNT = """[deck]
topic = "c"
title = { en = "C", zh = "计" }

[[card]]
id = "c.params"
kind = "numeric"
difficulty = 1
source = { note = "002", section = "s" }
title = { en = "Count", zh = "计数" }
prompt = { en = "n = {n}", zh = "n = {n}" }
params = { n = { int = [3163, 9000] } }
compute = "l2_penalty"
args = { w = "[n]", lam = 2 }
atol = 0.5
"""


def test_a_whole_number_answer_is_typed_in_full_not_to_seven_figures(tmp_path, capsys):
    deck = tmp_path / "c.toml"  # n² with eight or more digits, exact to ±0.5: a count typed digit for digit
    deck.write_text(COUNT, encoding="utf-8")
    code, out, _ = _run(capsys, str(deck), "--seeds", "10", "--crosscheck-seeds", "0")
    assert code == 0, out
