"""Extraction quality on the development set: 129 French press articles of our own
(tests/fixtures/devset/articles) with hand-written gold (tests/fixtures/devset/gold);
dev11-dev129 were written, gold included, by people who had not seen the rules
(dev21-dev30 and dev31-dev40 were first measured untouched: see docs/extraction.md).

The seeds' bars show the rules fit the seeds; this set shows whether they
generalize to other phrasings (funding rounds, appointments, successions,
consortia joined and left, quotes introduced by "Selon"/"Pour"...). The floors
are the levels the rules reach today, so a regression fails; the report is
printed (pytest -s). Some misses and two false positives come from the entity
stage (names cut short or typed as products/projects), not from the fact rules.
"""

from __future__ import annotations

import shutil
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
    # read by the frame engine since issue 12 (was 0.95 / 0.71 with the surface rules); session 8:
    # 0.964 / 0.833 -> 0.958 / 0.839 (posts placed in the headline's organization)
    ("roles", 0.95, 0.83),
    # frame engine since session 6 (the surface rules read 0.921 / 0.412 and 0.957 / 0.400: the
    # switch costs 0.06 / 0.04 precision, within the 0.05 issue 12 allows of 0.91 / 0.94, and
    # gains recall)
    ("fundings", 0.86, 0.50),
    ("creations", 0.88, 0.43),  # session 8: 0.920 / 0.418 -> 0.889 / 0.436 (fronted participles)
    # frame engine since session 5 (the surface rules read 0.80 / 0.39: recall 0.02 lower, precision higher)
    ("memberships", 0.88, 0.36),
    ("quotes", 0.99, 0.98),  # frame engine (was 0.97 / 0.80)
]


# Each batch written for issue 12 by colleagues who never saw the rules, first measured
# untouched (docs/extraction.md); no rule was tuned on them since. The floors are the levels
# read today, rounded down. (first, last, floors)
BATCHES = [
    # dev41-70 (session 4)
    (41, 70, [
        ("entities", 0.89, 0.91),
        # frame engine; the surface rules read 0.618 / 0.215 untouched (0.690 / 0.380 before session 7,
        # 0.795 / 0.443 before session 8)
        ("roles", 0.77, 0.50),
        # frame engine since session 6 (the surface rules read 0.429 / 0.027 and 0.286 / 0.043)
        ("fundings", 0.33, 0.10),  # session 9: 0.312 / 0.091 -> 0.333 / 0.109 (grants to the headline's financed one)
        ("creations", 0.26, 0.08),  # session 8: 0.308 -> 0.267 (two foundings more read, wrong)
        # frame engine; the surface rules read 0.750 / 0.037. 0.588 before names read in pieces
        # were joined (session 5: entities 0.884 -> 0.895, one membership more read wrong)
        ("memberships", 0.57, 0.25),
        # frame engine; the surface rules read 0.859 / 0.465 untouched. Session 6: 0.982 / 0.778 ->
        # 0.974 / 0.771 (one quote given to another speaker since the engine's pronoun changes)
        ("quotes", 0.97, 0.77),
    ]),
    # dev71-90 (session 5): first measured at 0f47679, before the memberships moved to the engine;
    # roles studied on it since (docs/extraction.md), so no longer untouched for roles
    (71, 90, [
        ("entities", 0.87, 0.91),
        # session 6: 0.571 -> 0.554 (one wrong role more: a demonstrative read as the organization
        # named most); fundings and creations by the frame engine and studied on this batch
        # (the surface rules read 0.421 / 0.057 and 0.500 / 0.030)
        ("roles", 0.60, 0.31),  # 0.554 / 0.238 before session 7, 0.638 / 0.291 before session 8
        ("fundings", 0.56, 0.16),
        ("creations", 0.43, 0.21),
        ("memberships", 0.69, 0.30),  # frame engine; the surface rules read 0 of 59 untouched
        # session 7: 0.780 -> 0.770 ("Son fils Francis … insiste-t-il" now given to the father,
        # whose surname the text uses alone)
        ("quotes", 0.95, 0.77),
    ]),
    # dev91-99 (session 5, people and posts first): first measured at 03842dc, untouched since
    (91, 99, [
        # session 6: recall 0.913 -> 0.910 (one mention fewer found, not studied: untouched);
        # session 7: precision 0.850 -> 0.846 (generic nouns joined to the name they begin)
        ("entities", 0.84, 0.90),
        # session 6: 0.500 -> 0.488 ("cet établissement" read as the organization named most)
        ("roles", 0.58, 0.29),  # 0.488 / 0.174 before session 7, 0.556 / 0.217 before session 8
        # frame engine since session 6 (the surface rules read 0.333 / 0.028 and 0.333 / 0.091)
        ("fundings", 0.33, 0.11),  # session 9: 0.182 / 0.056 -> 0.333 / 0.111
        ("creations", 0.33, 0.18),
        ("memberships", 0.40, 0.20),
        ("quotes", 0.96, 0.80),  # session 8: 0.939 / 0.775 -> 0.970 / 0.800 (a speaker given by a post)
    ]),
    # dev100-109 (session 6): first measured at ac15655 (the engine on every kind), untouched since
    (100, 109, [
        # 0.891 built alone; 0.886 in this test, which builds the whole dev set at once (names
        # are propagated and resolved across articles)
        ("entities", 0.88, 0.92),
        ("roles", 0.72, 0.37),  # 0.659 / 0.290 before session 7, 0.778 / 0.350 before session 8
        ("fundings", 0.38, 0.10),
        ("creations", 0.45, 0.29),
        ("memberships", 0.50, 0.22),
        ("quotes", 0.84, 0.68),
    ]),
    # dev110-119 (sovereign cloud, written in session 7 while the rules changed, never read by
    # them): first measured in session 8 before any rule change, then glanced at (grants, roles)
    (110, 119, [
        ("entities", 0.92, 0.93),
        ("roles", 0.82, 0.42),  # untouched 0.853 / 0.382; rules changed since in session 8 (not studied on it)
        # untouched 0 of 34 read right, 14 wrong (receivers and channels); 2 right since session 8
        # (a channel said after a gapped remnant is the remnant's)
        ("fundings", 0.13, 0.05),
        ("creations", 0.85, 0.35),
        ("memberships", 0.61, 0.25),
        ("quotes", 0.97, 0.77),
    ]),
    # dev120-129 (economy beyond tech: banks, funds, energy, retail, farming, regions, insurers,
    # biotech, industry, ports; session 8): first measured in session 8 before any rule change,
    # then studied (roles, foundings): its untouched figures are in the comments
    (120, 129, [
        ("entities", 0.86, 0.92),
        ("roles", 0.61, 0.28),  # untouched 0.514 / 0.181; studied in session 8 (no longer unseen)
        ("fundings", 0.20, 0.05),  # untouched 0.154 / 0.039; 0.143 / 0.039 -> 0.200 / 0.059 in session 9
        ("creations", 0.57, 0.21),  # untouched 0.333 / 0.105
        ("memberships", 0.56, 0.25),
        ("quotes", 0.99, 0.79),
    ]),
    # dev130-139 (session 9: a textile start-up, a cargo-bike series A, a mayor's succession, a
    # rail-freight joint venture, a fragrance house interview, a court takeover, an outdoor
    # brand's history, a festival association, a ski-resort SEM, a Scop buyout): first measured
    # in session 9 before any rule change (entities 0.878 / 0.906, fundings 0 of 54 right and 16
    # wrong), then studied for names, roles and grants (docs/extraction.md)
    (130, 139, [
        ("entities", 0.88, 0.90),  # 0.881 since the verb cut ("Colivélo boucle")
        ("roles", 0.29, 0.09),  # untouched 0.250 / 0.083
        ("fundings", 0.18, 0.05),  # untouched 0 of 54 right; 3 since the headline's financed one
        ("creations", 0.50, 0.08),
        ("memberships", 0.30, 0.17),
        ("quotes", 0.96, 0.60),
    ]),
]


def _gold_subset(tmp: Path, first: int, last: int) -> Path:
    out = tmp / f"gold-{first}-{last}"
    out.mkdir()
    for path in sorted((DEVSET / "gold").glob("dev*.yaml")):
        number = int(path.stem[3:].split("_", 1)[0])  # dev07_…, dev105_…
        if first <= number <= last:
            shutil.copy(path, out / path.name)
    return out


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("devset") / "dist"
    settings = Settings()
    settings.input_dir = DEVSET / "articles"
    settings.out_dir = out
    settings.cache_dir = tmp_path_factory.mktemp("devset-cache")
    build_reproducibly(settings)
    return out / "dataset.nq"


@pytest.fixture(scope="module")
def result(dataset: Path, tmp_path_factory: pytest.TempPathFactory):
    outcome = evaluate(dataset, _gold_subset(tmp_path_factory.mktemp("g"), 1, BATCHES[0][0] - 1))
    print("\n" + format_report(outcome))
    return outcome


@pytest.fixture(scope="module")
def batches(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = {}
    for first, last, _ in BATCHES:
        outcome = evaluate(dataset, _gold_subset(tmp_path_factory.mktemp("g"), first, last))
        print(f"\ndev{first}-{last}\n" + format_report(outcome))
        out[first] = outcome
    return out


@pytest.mark.parametrize(("category", "precision", "recall"), FLOORS, ids=[f[0] for f in FLOORS])
def test_category_keeps_its_floor(result, category: str, precision: float, recall: float) -> None:
    scores = result.overall[category]
    assert scores.precision is not None and scores.precision >= precision, (category, scores)
    assert scores.recall is not None and scores.recall >= recall, (category, scores)


@pytest.mark.parametrize(("first", "category", "precision", "recall"),
                         [(first, *floor) for first, _, floors in BATCHES for floor in floors],
                         ids=[f"dev{first}-{last}-{floor[0]}" for first, last, floors in BATCHES for floor in floors])
def test_untouched_batch_keeps_its_floor(batches, first: int, category: str, precision: float,
                                         recall: float) -> None:
    scores = batches[first].overall[category]
    assert scores.precision is not None and scores.precision >= precision, (category, scores)
    assert scores.recall is not None and scores.recall >= recall, (category, scores)


def test_every_dev_article_was_evaluated(result, batches) -> None:
    evaluated = result.articles + [a for outcome in batches.values() for a in outcome.articles]
    assert len(evaluated) == len(list((DEVSET / "gold").glob("*.yaml")))
    assert all(a.in_dataset for a in evaluated)
