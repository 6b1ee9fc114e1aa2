"""How the input side holds under hostile files: counts of outcomes over seeded random inputs,
and how reading time grows with the length of a hostile line.

    python bench/fuzz_report.py [--articles 20000] [--sidecars 20000] [--seed 1]

Prints figures, asserts nothing: the properties are in tests/test_fuzz_input.py and the
atheris harnesses in fuzz/. A line of the scaling table marked QUADRATIC grows about
4x per doubling of the input: read_article on a 10 MB file of that shape would not finish.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

from checks import PropertyBroken, check_article_file, check_sidecar_file  # noqa: E402
from generate import random_article, random_sidecar  # noqa: E402

from pipeline.ingest import clean_text  # noqa: E402
from pipeline.records import Article  # noqa: E402

HOSTILE_LINES = {"markdown link openers '[a '": "[a ", "emphasis openers '**a '": "**a ",
                 "unclosed '<script '": "<script ", "underscore openers '__a '": "__a ", "plain prose": "le nuage "}


def run_batch(count: int, make, check, suffix: str, seed: int) -> tuple[Counter, Counter, float]:
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    broken: Counter = Counter()
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / f"input{suffix}"
        started = time.perf_counter()
        for _ in range(count):
            path.write_bytes(make(rng))
            try:
                result = check(path, set())
            except PropertyBroken as finding:
                broken[str(finding).split(":")[0]] += 1
                continue
            outcomes[type(result).__name__ if not isinstance(result, Article) else "published Article"] += 1
        return outcomes, broken, time.perf_counter() - started


def scaling(sizes: tuple[int, ...] = (5_000, 10_000, 20_000, 40_000)) -> None:
    print("\nreading time of one hostile line (clean_text), by length:")
    print(f"  {'shape':32} " + " ".join(f"{n:>9}" for n in sizes) + "   growth per doubling")
    for label, unit in HOSTILE_LINES.items():
        times = []
        for n in sizes:
            text = "Titre\n" + unit * (n // len(unit))
            started = time.perf_counter()
            clean_text(text)
            times.append(time.perf_counter() - started)
        growth = (times[-1] / max(times[-2], 1e-6))
        verdict = "QUADRATIC" if growth > 3 and times[-1] > 0.2 else "linear"
        print(f"  {label:32} " + " ".join(f"{t:8.3f}s" for t in times) + f"   x{growth:.1f} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--sidecars", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for label, count, make, check, suffix in (
        ("article files", args.articles, random_article, check_article_file, ".txt"),
        ("sidecar files", args.sidecars, random_sidecar, check_sidecar_file, ".meta.yaml"),
    ):
        outcomes, broken, seconds = run_batch(count, make, check, suffix, args.seed)
        print(f"{label}: {count} inputs in {seconds:.1f} s ({count / seconds:.0f}/s)")
        for name, n in outcomes.most_common():
            print(f"  {name:28} {n}")
        for name, n in broken.most_common():
            print(f"  FINDING {name:20} {n}")
        if not broken:
            print("  no other exception, no broken promise")
    scaling()


if __name__ == "__main__":
    main()
