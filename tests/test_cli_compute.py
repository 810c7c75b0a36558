"""``quizapp compute``: output shapes, --list, errors, --check torch."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch

from quizapp.cli import main
from quizapp.engine import computations
from quizapp.engine import crosscheck


def _run(capsys, *argv):
    status = main(["compute", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _torch_adam(params, grads, lr):
    p = torch.tensor(params, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr)
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    return p.detach().tolist()


def test_json_is_one_object_with_name_args_value_steps(capsys):
    status, out, err = _run(capsys, "adam", "params=[1,-2]", "grads=[[0.5,0.1],[0.2,-0.3]]", "lr=0.1", "--json")
    assert status == 0 and err == ""
    obj = json.loads(out)
    assert set(obj) == {"name", "args", "value", "steps"}
    assert obj["name"] == "adam"
    assert obj["args"] == {"params": [1, -2], "grads": [[0.5, 0.1], [0.2, -0.3]], "lr": 0.1}
    np.testing.assert_allclose(obj["value"], _torch_adam([1, -2], [[0.5, 0.1], [0.2, -0.3]], 0.1), rtol=1e-9)
    assert obj["steps"] and all(isinstance(s, str) for s in obj["steps"])


def test_options_may_come_before_or_between_assignments(capsys):
    status, out, _ = _run(capsys, "--json", "clip_grad_value", "grad=[-3,0.5]", "--json", "clip_value=1")
    assert status == 0
    assert json.loads(out)["value"] == [-1.0, 0.5]


def test_leading_minus_values_and_plain_strings(capsys):
    status, out, _ = _run(capsys, "calculate_gain", "nonlinearity=leaky_relu", "param=-0.5", "--json")
    assert status == 0
    obj = json.loads(out)
    assert obj["args"] == {"nonlinearity": "leaky_relu", "param": -0.5}  # a plain string and a negative number
    assert obj["value"] == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", -0.5))


def test_readable_output_has_value_then_steps(capsys):
    status, out, err = _run(capsys, "step_lr", "lr=0.1", "step_size=3", "epoch=7")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "value: 0.001"  # 0.1 · 0.1^⌊7/3⌋
    assert lines[1] == "steps:" and len(lines) > 2


def test_readable_dict_value(capsys):
    status, out, _ = _run(capsys, "fan_in_fan_out", "shape=[16,3,3,3]")
    assert status == 0
    assert "  fan_in = 27" in out.splitlines() and "  fan_out = 144" in out.splitlines()


def test_list_names_every_registered_computation(capsys):
    status, out, err = _run(capsys, "--list")
    assert status == 0 and err == ""
    comps = computations()
    assert comps
    for c in comps:
        assert c.usage() in out
        assert c.summary in out
        assert f"\n{c.group}\n" in f"\n{out}"


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["adamx", "lr=0.1"], "unknown computation 'adamx'"),
        (["adam", "params=[1]", "grads"], "expected KEY=VALUE"),
        (["adam", "=3"], "expected KEY=VALUE"),
        (["adam", "lr=1", "lr=2"], "given twice"),
        (["adam", "params=[1]", "grads=[[0.1]]", "lr=1", "lr=2", "--json"], "given twice"),
        (["nosuch", "x=1", "--json"], "unknown computation 'nosuch'"),
        (["adam", "params=[1]", "grads=" + "[" * 30000 + "]" * 30000], "nested too deeply"),
        (["adam", "params=[1,2]", "grads=[0.1,0.2]", "--json"], "grads"),
        (["adam", "params=[1]", "grads=[[0.1]]", "lr=-0.1", "--json"], "lr must be ≥ 0"),
        (["adam", "params=[1]"], "missing argument 'grads'"),
        (["sgd", "params=[1]", "grads=[[0.1]]", "lr=NaN"], "finite"),
        ([], "missing NAME"),
        (["--list", "adam"], "--list takes no NAME"),
        (["--list", "--check", "torch"], "--list takes no NAME, KEY=VALUE or --check"),
        (["adam", "--check", "sklearn"], "invalid choice"),
    ],
)
def test_errors_are_one_line_on_stderr_with_status_2(capsys, argv, fragment):
    status, out, err = _run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("quizapp: ") and err.endswith("\n") and err.count("\n") == 1
    assert fragment in err


def test_check_torch_agrees(capsys):
    status, out, err = _run(
        capsys, "rmsprop", "params=[0.5,-1]", "grads=[[0.1,0.2],[0.3,-0.4]]", "centered=true", "momentum=0.9",
        "--check", "torch", "--json",
    )
    assert status == 0 and err == ""
    obj = json.loads(out)
    assert obj["check"]["agree"] is True and obj["check"]["library"] == "torch"
    np.testing.assert_allclose(obj["check"]["reference"], obj["value"], rtol=1e-9)
    status, out, _ = _run(capsys, "cosine_lr", "lr=0.1", "t_max=10", "epoch=3", "--check", "torch")
    assert status == 0 and out.splitlines()[-1] == "check: agrees with torch"


def test_check_disagreement_exits_1(capsys, monkeypatch):
    crosscheck._load_references()
    wrong = lambda **kw: [0.0]  # noqa: E731
    wrong.library = "torch"
    monkeypatch.setitem(crosscheck.REFERENCES, "clip_grad_value", wrong)
    status, out, _ = _run(capsys, "clip_grad_value", "grad=[3]", "clip_value=1", "--check", "torch", "--json")
    assert status == 1
    assert json.loads(out)["check"]["agree"] is False


def test_missing_reference_is_status_2(capsys, monkeypatch):
    crosscheck._load_references()
    monkeypatch.delitem(crosscheck.REFERENCES, "clip_grad_value")
    status, out, err = _run(capsys, "clip_grad_value", "grad=[3]", "clip_value=1", "--check", "torch")
    assert (status, out) == (2, "")
    assert "no torch/sklearn reference" in err and err.count("\n") == 1


def test_real_subprocess_json():
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", "compute", "cosine_lr", "lr=0.1", "t_max=10", "epoch=4", "eta_min=0.01", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    obj = json.loads(proc.stdout)
    assert obj["value"] == pytest.approx(0.01 + 0.09 * (1 + math.cos(math.pi * 4 / 10)) / 2, rel=1e-12)
    bad = subprocess.run(
        [sys.executable, "-m", "quizapp", "compute", "cosine_lr", "lr=0.1", "t_max=0", "epoch=4"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1


def _strict_loads(text):
    def refuse(word):
        raise AssertionError(f"non-JSON constant {word} in output")

    return json.loads(text, parse_constant=refuse)


def test_json_output_is_strict_json_when_norm_type_is_infinity(capsys):
    # JSON's grammar has no Infinity; Python parses it, and used to echo it back as-is.
    status, out, err = _run(capsys, "clip_grad_norm", "grad=[3,4]", "max_norm=1", "norm_type=Infinity", "--json")
    assert (status, err) == (0, "")
    obj = _strict_loads(out)
    assert obj["args"]["norm_type"] == "inf"
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor([3.0, 4.0], dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_([p], 1.0, norm_type=math.inf)
    np.testing.assert_allclose(obj["value"], p.grad.tolist(), rtol=1e-12)


def test_json_output_is_strict_json_when_the_reference_gives_nan(capsys, monkeypatch):
    crosscheck._load_references()
    nan_ref = lambda **kw: [math.nan]  # noqa: E731
    nan_ref.library = "torch"
    monkeypatch.setitem(crosscheck.REFERENCES, "clip_grad_value", nan_ref)
    status, out, _ = _run(capsys, "clip_grad_value", "grad=[3]", "clip_value=1", "--check", "torch", "--json")
    assert status == 1
    obj = _strict_loads(out)
    assert obj["check"]["reference"] == ["nan"] and obj["check"]["agree"] is False


@pytest.mark.parametrize(
    "argv, want",
    [
        (["clip_grad_norm", "grad=[3,4]", "max_norm=1", "norm_type=inf"], math.inf),  # a plain string
        (["sgd", "params=[1,2]", "grads=[[0.1,0.2]]", "lr=0.1", "momentum=0.9", "nesterov=true"], None),
    ],
)
def test_plain_string_and_json_values_reach_the_engine(capsys, argv, want):
    status, out, err = _run(capsys, *argv, "--json")
    assert (status, err) == (0, "")
    obj = _strict_loads(out)
    if want is None:
        assert obj["args"]["nesterov"] is True
        p = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
        p.grad = torch.tensor([0.1, 0.2], dtype=torch.float64)
        opt.step()
        np.testing.assert_allclose(obj["value"], p.detach().tolist(), rtol=1e-12)
    else:
        assert obj["args"]["norm_type"] == "inf"
        np.testing.assert_allclose(obj["value"], [3 / 4.000001, 4 / 4.000001], rtol=1e-12)


def test_a_value_copied_from_quizapp_output_with_unicode_minus_parses(capsys):
    # quizapp prints −2 with U+2212; pasting it back must mean −2, as torch.optim gives.
    import torch

    assert main(["compute", "sgd", "params=[1.0, \u22122.0]", "grads=[[0.5, \u22120.1]]", "lr=0.1", "--json"]) == 0
    value = json.loads(capsys.readouterr().out)["value"]
    p = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    p.grad = torch.tensor([0.5, -0.1], dtype=torch.float64)
    opt.step()
    assert value == pytest.approx(p.detach().tolist())


@pytest.mark.parametrize("missing, package", [("sklearn.metrics", "scikit-learn"), ("torch", "torch==2.13.0")])
def test_missing_cross_check_library_names_the_package_to_install(monkeypatch, capsys, missing, package):
    from quizapp.engine import crosscheck

    def unavailable(**kwargs):
        raise ModuleNotFoundError(f"No module named {missing!r}", name=missing)

    crosscheck._load_references()
    monkeypatch.setitem(crosscheck.REFERENCES, "accuracy", unavailable)
    assert main(["compute", "accuracy", "y_true=[0,1]", "y_pred=[0,1]", "--check", "torch"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"pip install {package}" in err


# --- --lang ------------------------------------------------------------------------------


def test_json_steps_are_english_by_default_and_chinese_with_lang_zh(capsys):
    from quizapp.engine import compute

    argv = ["binary_metrics", "tp=3", "fp=0", "fn=1", "tn=0", "--json"]
    status, out, _ = _run(capsys, *argv)
    en = json.loads(out)
    status_zh, out_zh, _ = _run(capsys, *argv, "--lang", "zh")
    zh = json.loads(out_zh)
    assert status == status_zh == 0
    assert set(zh) == set(en) == {"name", "args", "value", "steps"}
    assert zh["value"] == en["value"] and zh["args"] == en["args"]
    r = compute("binary_metrics", tp=3, fp=0, fn=1, tn=0)
    assert en["steps"] == r.steps and en["steps"][-1] == "specificity = TN / (TN + FP) = 0 / 0 → 0"
    assert zh["steps"] == r.steps_in("zh") and zh["steps"][-1] == "特异度 = TN / (TN + FP) = 0 / 0 → 0"
    assert _run(capsys, *argv, "--lang", "en")[1] == out


def test_readable_output_in_chinese(capsys):
    status, out, err = _run(capsys, "--lang", "zh", "cosine_lr", "lr=0.1", "t_max=10", "epoch=3", "--check", "torch")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("值：0.0793892626") and lines[1] == "步骤："
    assert lines[-1] == "核对：与 torch 一致"
    status, out, _ = _run(capsys, "fan_in_fan_out", "shape=[16,3,3,3]", "--lang=zh")
    assert out.splitlines()[:4] == ["值：", "  fan_in = 27", "  fan_out = 144", "步骤："]
    assert "  感受野大小 = 9" in out.splitlines()


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["adam", "params=[1]", "grads=[[0.1]]", "lr=-0.1"], "lr 必须 ≥ 0，实际是 −0.1"),
        (["adamx", "lr=0.1"], "没有名为 'adamx' 的计算"),
        (["adam", "params=[1]", "grads"], "应写成 KEY=VALUE"),
        (["adam", "lr=1", "lr=2"], "参数 'lr' 给了两次"),
        ([], "缺少 NAME"),
        (["--list", "adam"], "--list 不能与 NAME"),
        (["group_norm", "x=[[1,2,3]]", "num_groups=2"], "num_groups 必须整除通道数 C = 3，实际是 2"),
    ],
)
def test_errors_follow_lang(capsys, argv, fragment):
    for words in ([*argv, "--lang", "zh"], ["--lang", "zh", *argv]):
        status, out, err = _run(capsys, *words)
        assert (status, out) == (2, "")
        assert err.startswith("quizapp: ") and err.count("\n") == 1
        assert fragment in err, err


def test_a_missing_cross_check_library_is_named_in_chinese(monkeypatch, capsys):
    def unavailable(**kwargs):
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    crosscheck._load_references()
    monkeypatch.setitem(crosscheck.REFERENCES, "accuracy", unavailable)
    assert main(["compute", "accuracy", "y_true=[0,1]", "y_pred=[0,1]", "--check", "torch", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "交叉核对需要 torch" in err and "pip install torch==2.13.0" in err


def test_an_unknown_lang_is_refused(capsys):
    status, out, err = _run(capsys, "accuracy", "y_true=[0,1]", "y_pred=[0,1]", "--lang", "fr")
    assert (status, out) == (2, "") and "invalid choice" in err
