"""Extraction quality on the development set: forty French press articles of our own
(tests/fixtures/devset/articles) with hand-written gold (tests/fixtures/devset/gold);
dev11-dev40 were written, gold included, by someone who had not seen the rules
(dev21-dev30 and dev31-dev40 were first measured untouched: see docs/extraction.md).

The seeds' bars show the rules fit the seeds; this set shows whether they
generalize to other phrasings (funding rounds, appointments, successions,
consortia joined and left, quotes introduced by "Selon"/"Pour"...). The floors
are the levels the rules reach today, so a regression fails; the report is
printed (pytest -s). Some misses and two false positives come from the entity
stage (names cut short or typed as products/projects), not from the fact rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_reproducibly

from pipeline.config import Settings
from pipeline.evaluate import evaluate, format_report

DEVSET = Path(__file__).parent / "fixtures" / "devset"

# (category, minimum precision, minimum recall): measured levels, rounded down
# (the last batch, dev31-40, is dense and written in ways the rules mostly do not read yet:
# the money, founding and membership floors are low because the measured levels are)
FLOORS = [
    ("entities", 0.92, 0.92),
    ("roles", 0.95, 0.71),
    ("fundings", 0.91, 0.40),
    ("creations", 0.94, 0.39),
    ("memberships", 0.80, 0.39),
    ("quotes", 0.97, 0.80),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("devset") / "dist"
    settings = Settings()
    settings.input_dir = DEVSET / "articles"
    settings.out_dir = out
    settings.cache_dir = tmp_path_factory.mktemp("devset-cache")
    build_reproducibly(settings)
    outcome = evaluate(out / "dataset.nq", DEVSET / "gold")
    print("\n" + format_report(outcome))
    return outcome


@pytest.mark.parametrize(("category", "precision", "recall"), FLOORS, ids=[f[0] for f in FLOORS])
def test_category_keeps_its_floor(result, category: str, precision: float, recall: float) -> None:
    scores = result.overall[category]
    assert scores.precision is not None and scores.precision >= precision, (category, scores)
    assert scores.recall is not None and scores.recall >= recall, (category, scores)


def test_every_dev_article_was_evaluated(result) -> None:
    assert len(result.articles) == len(list((DEVSET / "gold").glob("*.yaml")))
    assert all(a.in_dataset for a in result.articles)
