"""How fast typed answers are judged, and how fast hostile ones are refused.

    .venv/bin/python benchmarks/grading.py [--quick]

Aims (grading contract and issue 3): a typical answer well under 1 ms; a huge power,
deep nesting or a 10 000-character answer refused in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.grading import grade  # noqa: E402

TYPICAL = [
    ("0.83", 5 / 6),
    ("5/6", 5 / 6),
    ("0.84", 5 / 6),
    ("83.3%", 5 / 6),
    ("sqrt(6/(256+128))", 0.125),
    ("1×10^-3", 0.001),
    ("[0.1, 0.2, 0.7]", [0.1, 0.2, 0.7]),
    ("[[1,2],[3,4]]", [[1, 2], [3, 4]]),
]
HOSTILE = [
    ("9^9^9", 1.0),
    ("10^10^10", 1.0),
    ("1" * 10_001, 1.0),
    ("(" * 4_000 + "1" + ")" * 4_000, 1.0),
    ("2^" * 3_000 + "2", 1.0),
    ("+".join(["1"] * 4_999), 4999.0),
]


def median_us(text: str, expected, calls: int) -> float:
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        grade(text, expected)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the calls")
    quick = parser.parse_args(argv).quick
    worst = 0.0
    print(f"{'answer':<28} {'median':>10}")
    for text, expected in TYPICAL:
        us = median_us(text, expected, 200 if quick else 2000)
        worst = max(worst, us)
        print(f"{text:<28} {us:>8.1f} µs")
    print()
    slowest_refusal = 0.0
    for text, expected in HOSTILE:
        us = median_us(text, expected, 5 if quick else 20)
        slowest_refusal = max(slowest_refusal, us)
        shown = text if len(text) <= 24 else text[:21] + "..."
        print(f"{shown:<28} {us / 1000:>8.2f} ms")
    ok = worst < 1000 and slowest_refusal < 100_000
    print(f"\ntypical worst {worst:.1f} µs (aim < 1000 µs); hostile worst {slowest_refusal / 1000:.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
