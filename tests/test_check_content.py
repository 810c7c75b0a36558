"""``quizapp check-content``: exit codes, file:line problems, the --json summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quizapp import content_check
from quizapp.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "decks"


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


def test_fixture_decks_are_clean_and_json_has_the_agreed_shape(capsys):
    code, out, _ = _run(capsys, str(FIXTURES), "--json", "--seeds", "40", "--crosscheck-seeds", "3")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"cards", "by_topic", "by_kind", "languages", "errors"}
    assert data["cards"] == 7
    assert data["by_topic"] == {"metrics": 5, "optimizers": 2}
    assert data["by_kind"] == {"concept": 1, "choice": 2, "numeric": 3, "steps": 1}
    assert data["languages"] == {"en": 7, "zh": 7}
    assert data["errors"] == []


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
    code, out, _ = _run(capsys, str(_deck(tmp_path)), "--seeds", "5", "--crosscheck-seeds", "0")
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
    code, out, _ = _run(capsys, str(_deck(tmp_path)), "--seeds", "10", "--crosscheck-seeds", "3")
    assert code == 2 and 1 <= len(calls) <= 3
    assert "cross-check with torch disagrees: engine 1.0 vs torch 2.0" in out


def test_without_torch_the_crosscheck_is_skipped_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(content_check, "crosscheck_available", lambda: "torch and sklearn")
    code, _, err = _run(capsys, str(_deck(tmp_path)), "--seeds", "5")
    assert code == 0
    assert err.strip() == "quizapp: torch and sklearn not installed: the torch/sklearn cross-check is skipped"


@pytest.mark.parametrize("argv", [["--seeds", "0"], ["--crosscheck-seeds", "-1"]])
def test_bad_options_are_one_line_errors(capsys, argv):
    code, out, err = _run(capsys, str(FIXTURES), *argv)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_a_missing_path_exits_2(tmp_path, capsys):
    code, out, _ = _run(capsys, str(tmp_path / "nope.toml"))
    assert code == 2 and "no such deck file or folder" in out


def _shown(p: Path) -> str:
    from quizapp.deck_format import display_path

    return display_path(p)
