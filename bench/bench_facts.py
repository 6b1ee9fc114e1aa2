"""Benchmark: what the fact stage costs after spaCy, per article (issue 12's speed target).

Why: facts are read from the parse spaCy computes anyway; the fact stage (the clause engine,
the frames, the readers of each kind) must stay cheap next to it: at most 25 % of spaCy's own
time per article. This script parses real articles of the project (the seeds and the dev set)
with the build's pipeline, finds their mentions, then times the fact stage alone (the frame
engine on every kind) and prints the figures and the ratio to spaCy's time.

CPU time (process time) is measured, so the figures hold on a loaded machine; each step is
repeated --reps times and the best run is kept.

Usage: python bench/bench_facts.py [--model fr_core_news_md] [--reps 3] [--input DIR ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.config import SEEDS_DIR, SPACY_MODEL
from pipeline.extract.entities import build_nlp, find_mentions
from pipeline.extract.facts import extract_facts
from pipeline.ingest import find_article_files, read_article

HERE = Path(__file__).resolve().parent
DEVSET = HERE.parent / "tests" / "fixtures" / "devset" / "articles"


def _best(function, reps: int) -> float:  # noqa: ANN001 - any callable
    best = float("inf")
    for _ in range(reps):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=SPACY_MODEL, help=f"spaCy model (default {SPACY_MODEL})")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each step; the best is kept")
    parser.add_argument("--input", type=Path, nargs="*", default=[SEEDS_DIR, DEVSET],
                        help="directories of articles (default: the seeds and the dev set)")
    args = parser.parse_args()
    articles = [read_article(path) for directory in args.input for path in find_article_files(directory)]
    words = sum(a.word_count for a in articles)
    nlp = build_nlp(args.model)
    texts = [a.text for a in articles]
    list(nlp.pipe(texts[:2]))  # warm up
    parse_time = _best(lambda: list(nlp.pipe(texts)), args.reps)
    docs = list(nlp.pipe(texts))
    mentions = [find_mentions(doc, article, nlp) for doc, article in zip(docs, articles, strict=True)]
    mention_time = _best(lambda: [find_mentions(d, a, nlp) for d, a in zip(docs, articles, strict=True)], args.reps)
    n = len(articles)
    print(f"articles {n}, words {words}, model {args.model}, best of {args.reps} (CPU time)")
    print(f"{'step':<28}{'total s':>10}{'ms/article':>12}{'x spaCy':>9}")
    print(f"{'spaCy nlp.pipe':<28}{parse_time:>10.2f}{1000 * parse_time / n:>12.1f}{1:>9.2f}")
    print(f"{'mention finding':<28}{mention_time:>10.2f}{1000 * mention_time / n:>12.1f}"
          f"{mention_time / parse_time:>9.2f}")
    def run() -> None:
        for doc, article, found in zip(docs, articles, mentions, strict=True):
            extract_facts(doc, article, found)

    fact_time = _best(run, args.reps)
    ratio = fact_time / parse_time
    print(f"{'facts (frame engine)':<28}{fact_time:>10.2f}{1000 * fact_time / n:>12.1f}{ratio:>9.2f}")
    print(f"target: fact stage <= 0.25 x spaCy; measured {ratio:.2f} x: {'met' if ratio <= 0.25 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
