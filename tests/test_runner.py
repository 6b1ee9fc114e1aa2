"""The per-article stage run serially, in worker processes and from the cache: same results, same order."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.cache import ExtractionCache
from pipeline.config import Settings
from pipeline.errors import SouverainError
from pipeline.records import Article
from pipeline.runner import chunked, run_extraction

# Our own sentences (not from the seeds), of the kinds the extractor reads.
TEXTS = [
    "Marie Lestrade, directrice générale de Nuvola Systèmes, a présenté mardi la stratégie du groupe à Lyon.",
    "Le fonds Capitalia a apporté 30 millions d'euros à Nuvola Systèmes en mars 2014.",
    "« Nous garderons les données en France », a déclaré Paul Verbier, président de Datacentre Ouest.",
    "Datacentre Ouest a été fondée en 2009 par Paul Verbier et Jeanne Morlaix à Nantes.",
    "Hexagone Réseaux a rejoint le consortium Stratus au début de l'année 2013.",
    "Nuvola Systèmes et Hexagone Réseaux ont signé un partenariat pour une offre commune.",
    "Le ministre de l'Industrie, Victor Dalmas, a reçu les dirigeants de Hexagone Réseaux.",
]


def article(number: int, text: str) -> Article:
    return Article(stem=f"t{number:02d}", path=f"t{number:02d}.txt", text=text,
                   content_hash=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [article(i, text) for i, text in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def patterns() -> list[dict]:
    from pipeline.reference import load_reference, ruler_patterns

    return ruler_patterns(load_reference())


@pytest.fixture(scope="module")
def serial(articles, patterns):
    return run_extraction(articles, model=Settings().model, patterns=patterns)


def test_serial_results_are_in_input_order_and_find_entities(serial, articles) -> None:
    assert [r.article for r in serial] == articles
    assert any(m.text == "Nuvola Systèmes" for m in serial[0].mentions)
    assert sum(len(r.facts) for r in serial) > 0


def test_two_worker_processes_give_the_same_results_in_the_same_order(serial, articles, patterns) -> None:
    ticked: list[str] = []

    def progress(stream, total):
        assert total == len(articles)
        for item in stream:
            ticked.append(item.stem)
            yield item

    pooled = run_extraction(articles, model=Settings().model, patterns=patterns, jobs=2, progress=progress)
    assert pooled == serial
    assert ticked == [a.stem for a in articles]


def test_cached_results_need_no_model_and_new_ones_are_stored(serial, articles, patterns, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path, model=Settings().model, patterns=patterns)
    for result in serial[:-1]:
        cache.put(result)
    # every article but the last is known: only the last is extracted
    again = run_extraction(articles, model=Settings().model, patterns=patterns, cache=cache)
    assert again == serial
    assert (cache.stats.hits, cache.stats.writes) == (len(articles) - 1, len(articles))
    # now all are known: nothing is extracted
    cache = ExtractionCache(tmp_path, model=Settings().model, patterns=patterns)
    assert run_extraction(articles, model=Settings().model, patterns=patterns, cache=cache) == serial
    assert cache.stats.misses == 0


def test_an_unknown_model_is_an_error_not_a_silent_empty_result(articles) -> None:
    with pytest.raises((OSError, SouverainError)):
        run_extraction(articles[:1], model="fr_no_such_model_xx", patterns=[])


def test_chunks_cover_every_article_once_in_order(articles) -> None:
    many = articles * 30
    for workers in (1, 2, 7):
        chunks = chunked(many, workers)
        assert [a for chunk in chunks for a in chunk] == many
        assert max(len(c) for c in chunks) <= 16
    assert chunked([], 2) == []


def test_scheduler_without_dask_installed_or_reachable_is_a_clear_error(articles, patterns) -> None:
    with pytest.raises(SouverainError, match="scheduler"):
        run_extraction(articles[:1], model=Settings().model, patterns=patterns, scheduler="tcp://127.0.0.1:9")
