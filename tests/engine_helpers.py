"""Assertions shared by the engine's cross-check tests."""

from __future__ import annotations

import json


def kinds(v):
    """The value's structure with each number replaced by its type (int vs float matters)."""
    if isinstance(v, dict):
        return {k: kinds(e) for k, e in v.items()}
    return [kinds(e) for e in v] if isinstance(v, list) else type(v)


def assert_plain_like_reference(result):
    """Agrees with torch/sklearn, has its shape and number types, and survives strict JSON."""
    assert result.agree, result.detail
    assert kinds(result.engine) == kinds(result.reference)
    assert json.loads(json.dumps(result.engine, allow_nan=False)) == result.engine
