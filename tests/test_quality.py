"""Extraction and linking quality on the seeds, measured by `souverain evaluate` against the gold.

The figures are printed (run pytest with -s, or read the README) and the
issues' acceptance bars are asserted. The gold is read by this test only,
never by the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLD_DIR

from pipeline.evaluate import evaluate, format_report

# (category, minimum precision, minimum recall, minimum F1) from issues 2, 3 and 4
BARS = [
    ("entities", 0.85, 0.90, None),
    ("linking", 0.95, 0.90, None),
    ("roles", 0.80, None, 0.80),
    ("fundings", 0.80, None, 0.80),
    ("creations", 0.80, None, 0.70),
    ("memberships", 0.80, None, 0.70),
    ("quotes", 0.80, None, 0.70),
]


@pytest.fixture(scope="module")
def result(seeds_build: Path):
    outcome = evaluate(seeds_build / "dataset.nq", GOLD_DIR)
    print("\n" + format_report(outcome))
    return outcome


@pytest.mark.parametrize(("category", "precision", "recall", "f1"), BARS, ids=[b[0] for b in BARS])
def test_category_meets_its_bar(result, category: str, precision, recall, f1) -> None:
    scores = result.overall[category]
    assert scores.precision is not None and scores.precision >= precision, (category, scores)
    if recall is not None:
        assert scores.recall is not None and scores.recall >= recall, (category, scores)
    if f1 is not None:
        assert scores.f1 is not None and scores.f1 >= f1, (category, scores)


def test_no_nil_gold_entity_is_linked(result) -> None:
    assert result.nil_linked == 0


def test_every_seed_article_was_evaluated(result) -> None:
    assert len(result.articles) == 5 and all(a.in_dataset for a in result.articles)
