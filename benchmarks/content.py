"""Content benchmark: how fast the bank loads and how fast a card is instantiated.

    .venv/bin/python benchmarks/content.py [--runs 7] [--cards 500]

- load time of the real bank (``content/``) and of a generated bank of ``--cards``
  cards (the fixture deck's cards of every kind, copied under new ids across four
  files), median of ``--runs`` loads after one warm-up (imports excluded). "cold" is
  with the checked-deck cache off (every load runs tomllib and checks every card),
  "warm" with it on (a temporary cache folder, so your own cache is untouched);
- instantiate time per card: median over seeds 0..49 for each template of the real
  bank, summarised per kind.

Aims: loading the real bank and 500 generated cards (warm) < 100 ms; instantiating a card < 5 ms. Exit status 1 when an
aim is missed or a deck has errors.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and its statistics.py (the statistics
# screen's benchmark) would shadow the standard library's module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
import statistics  # noqa: E402

from quizapp.content import instantiate, load_bank
from quizapp.paths import content_dir

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "decks"
LOAD_AIM_MS = 100.0
INSTANCE_AIM_MS = 5.0


def generate_bank(folder: Path, cards: int, files: int = 4) -> None:
    """Write ``cards`` cards (copies of the fixture cards with fresh ids) into ``files`` decks."""
    blocks = []
    for deck in sorted(FIXTURES.glob("*.toml")):
        text = deck.read_text(encoding="utf-8")
        blocks += ["[[card]]" + b for b in text.split("[[card]]")[1:]]
    per_file = -(-cards // files)
    n = 0
    for f in range(files):
        parts = [f'[deck]\ntopic = "gen{f}"\ntitle = {{ en = "Generated {f}", zh = "生成 {f}" }}\n']
        for _ in range(min(per_file, cards - n)):
            block = blocks[n % len(blocks)]
            parts.append(re.sub(r'^id = "[^"]+"', f'id = "gen{f}.card-{n}"', block, count=1, flags=re.M))
            n += 1
        (folder / f"gen{f}.toml").write_text("\n".join(parts), encoding="utf-8")


def time_load(path: Path, runs: int) -> tuple[float, int, int]:
    """Median load time in ms, the number of cards and of errors."""
    bank = load_bank(path)  # warm-up: imports and the engine registry
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        load_bank(path)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(bank.templates), len(bank.errors)


def time_instances(seeds: int = 50) -> dict[str, dict[str, float]]:
    """Per template, the median instantiate time in ms; grouped by kind (kind -> id -> ms)."""
    bank = load_bank()
    by_kind: dict[str, dict[str, float]] = {}
    for t in bank.templates.values():
        instantiate(t, 10_000)  # warm-up
        times = []
        for seed in range(seeds):
            t0 = time.perf_counter()
            instantiate(t, seed)
            times.append((time.perf_counter() - t0) * 1000)
        by_kind.setdefault(t.kind, {})[t.id] = statistics.median(times)
    return by_kind


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cards", type=int, default=500)
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
        generate_bank(Path(tmp), args.cards)
        for label, setting in (("cold", "off"), ("warm", cache)):
            os.environ["QUIZAPP_CACHE_DIR"] = setting
            aim = f"(aim < {LOAD_AIM_MS:.0f} ms)" if label == "warm" else ""
            ms, n, errors = time_load(content_dir(), args.runs)
            print(f"load real bank, {label}:       {n:4d} cards  {ms:7.1f} ms  {aim} ({errors} deck errors)")
            ok &= errors == 0 and (label == "cold" or ms < LOAD_AIM_MS)
            ms, n, errors = time_load(Path(tmp), args.runs)
            print(f"load generated bank, {label}:  {n:4d} cards  {ms:7.1f} ms  {aim}")
            ok &= errors == 0 and n == args.cards and (label == "cold" or ms < LOAD_AIM_MS)
    for kind, per_card in sorted(time_instances().items()):
        worst_id = max(per_card, key=per_card.get)
        worst = per_card[worst_id]
        print(
            f"instantiate {kind:8s} {len(per_card):4d} cards  median {statistics.median(per_card.values()):6.3f} ms"
            f"  worst card {worst:6.3f} ms  (aim < {INSTANCE_AIM_MS:.0f} ms)  {worst_id}"
        )
        ok &= worst < INSTANCE_AIM_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
