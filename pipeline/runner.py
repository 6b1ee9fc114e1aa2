"""The per-article stage (spaCy, entity mentions, facts), run over many articles.

Each article is processed independently of the others, so the stage can run in
several processes (`jobs`) or on a Dask cluster (`scheduler`); everything that
needs the whole corpus (name propagation, resolution, linking, mapping) happens
after it. Whatever runs it, results come back in input order and are the same
objects a serial run gives (spaCy's output for a text does not depend on what
else is in its batch), so the dumps are byte-identical. An `ExtractionCache`
skips the articles whose result is already known.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from .errors import SouverainError
from .records import Article, ArticleResult, Fact, Mention

if TYPE_CHECKING:
    from .cache import ExtractionCache

__all__ = ["Extractor", "run_extraction", "chunked", "DaskUnavailable"]

Progress = Callable[[Iterator[Article], int], Iterator[Article]]
Extracted = tuple[list[Mention], list[Fact]]

# Articles per task sent to a worker: large enough that task overhead (pickling, scheduling)
# is noise next to ~50 ms of spaCy per article, small enough to balance the load.
MAX_CHUNK = 16


class DaskUnavailable(SouverainError):
    """`--scheduler` was given but the optional extra 'dask' is not installed."""


class Extractor:
    """spaCy with the entity ruler, then mentions and facts. Built once per process."""

    def __init__(self, model: str, patterns: Sequence[dict]) -> None:
        from .extract.entities import build_nlp

        self.nlp = build_nlp(model, patterns)

    def extract(self, article: Article) -> Extracted:
        """Mentions and facts of one article (what a worker sends back: not the article again)."""
        from .extract.entities import find_mentions
        from .extract.facts import extract_facts

        doc = self.nlp(article.text)
        mentions = find_mentions(doc, article, self.nlp)
        facts = extract_facts(doc, article, mentions)
        return mentions, facts

    def __call__(self, article: Article) -> ArticleResult:
        mentions, facts = self.extract(article)
        return ArticleResult(article=article, mentions=mentions, facts=facts)


def chunked(items: Sequence[Article], workers: int) -> list[list[Article]]:
    """Contiguous chunks, about four per worker, at most MAX_CHUNK articles each."""
    if not items:
        return []
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / (4 * max(1, workers)))))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


# --- serial -----------------------------------------------------------------------------------


def _serial(articles: Sequence[Article], model: str, patterns: Sequence[dict]) -> Iterator[Extracted]:
    extractor = Extractor(model, patterns)
    for article in articles:
        yield extractor.extract(article)


# --- process pool -----------------------------------------------------------------------------

_WORKER: Extractor | None = None


def _init_worker(model: str, patterns: Sequence[dict]) -> None:
    """Process-pool initializer: the spaCy pipeline is built once per worker process."""
    global _WORKER
    _WORKER = Extractor(model, patterns)


def _extract_chunk(chunk: list[Article]) -> list[Extracted]:
    assert _WORKER is not None, "worker not initialized"
    return [_WORKER.extract(article) for article in chunk]


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean single-threaded process (no inherited locks from
    # threads of the caller: tqdm's monitor, a test's server...) and import only what they need.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.runner", "pipeline.extract.entities", "pipeline.extract.facts"])
        return context
    return multiprocessing.get_context("spawn")


def _pooled(articles: Sequence[Article], model: str, patterns: Sequence[dict], jobs: int) -> Iterator[Extracted]:
    chunks = chunked(articles, jobs)
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_pool_context(),
                             initializer=_init_worker, initargs=(model, list(patterns))) as pool:
        for results in pool.map(_extract_chunk, chunks):
            yield from results


# --- Dask -------------------------------------------------------------------------------------

_DASK_EXTRACTORS: dict[tuple[str, str], Extractor] = {}


def _extract_chunk_dask(chunk: list[Article], model: str, version: str,
                        patterns: Sequence[dict]) -> list[Extracted]:
    """Runs on a Dask worker: one Extractor per worker process and (model, patterns version)."""
    extractor = _DASK_EXTRACTORS.get((model, version))
    if extractor is None:
        _DASK_EXTRACTORS.clear()
        extractor = _DASK_EXTRACTORS[(model, version)] = Extractor(model, patterns)
    return [extractor.extract(article) for article in chunk]


def _client(scheduler: str):  # noqa: ANN202 - distributed is optional
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable(
            f"--scheduler {scheduler}: Dask is not installed; install the optional extra: "
            "pip install 'souverain[dask]'"
        ) from None
    try:
        return Client(scheduler, timeout="30s")
    except OSError as error:
        raise SouverainError(f"--scheduler {scheduler}: cannot reach the Dask scheduler: {error}") from error


def _on_dask(articles: Sequence[Article], model: str, patterns: Sequence[dict],
             scheduler: str) -> Iterator[Extracted]:
    from .cache import patterns_version

    client = _client(scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        version = patterns_version(patterns)
        [shared] = client.scatter([list(patterns)], broadcast=True, hash=False)
        chunks = chunked(articles, workers)
        futures = client.map(_extract_chunk_dask, chunks, model=model, version=version, patterns=shared,
                             pure=False)
        for future in futures:
            yield from future.result()
    finally:
        client.close()


# --- the stage --------------------------------------------------------------------------------


def run_extraction(
    articles: Sequence[Article],
    *,
    model: str,
    patterns: Sequence[dict],
    progress: Progress | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
) -> list[ArticleResult]:
    """Extract every article, in input order: from `cache` when known, else serially, in `jobs`
    processes, or on the Dask cluster at `scheduler`; new results are stored in `cache`."""
    results: list[ArticleResult | None] = [None] * len(articles)
    todo: list[int] = []
    for index, article in enumerate(articles):
        cached = cache.get(article) if cache is not None else None
        if cached is None:
            todo.append(index)
        else:
            results[index] = cached
    pending = [articles[i] for i in todo]
    if pending:
        if scheduler:
            stream = _on_dask(pending, model, patterns, scheduler)
        elif jobs > 1 and len(pending) > 1:
            stream = _pooled(pending, model, patterns, jobs)
        else:
            stream = _serial(pending, model, patterns)
        ticks: Iterator[Article] = iter(pending)
        if progress is not None:
            ticks = progress(ticks, len(pending))
        for index, (mentions, facts), article in zip(todo, stream, ticks, strict=True):
            result = ArticleResult(article=article, mentions=mentions, facts=facts)
            results[index] = result
            if cache is not None:
                cache.put(result)
    return [r for r in results if r is not None]

