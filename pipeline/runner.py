"""The per-article stage (spaCy, entity mentions, facts), run over many articles.

Each article is processed independently of the others, so the stage can run
in several processes; everything that needs the whole corpus (resolution,
linking, mapping) happens after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from .records import Article, ArticleResult

__all__ = ["Extractor", "run_extraction"]

Progress = Callable[[Iterator[Article], int], Iterator[Article]]


class Extractor:
    """spaCy with the entity ruler, then mentions and facts. Built once per process."""

    def __init__(self, model: str, patterns: Sequence[dict]) -> None:
        from .extract.entities import build_nlp

        self.nlp = build_nlp(model, patterns)

    def __call__(self, article: Article) -> ArticleResult:
        from .extract.entities import find_mentions
        from .extract.facts import extract_facts

        doc = self.nlp(article.text)
        mentions = find_mentions(doc, article, self.nlp)
        facts = extract_facts(doc, article, mentions)
        return ArticleResult(article=article, mentions=mentions, facts=facts)


def run_extraction(
    articles: Sequence[Article],
    *,
    model: str,
    patterns: Sequence[dict],
    progress: Progress | None = None,
) -> list[ArticleResult]:
    """Extract every article, in input order."""
    extractor = Extractor(model, patterns)
    stream: Iterator[Article] = iter(articles)
    if progress is not None:
        stream = progress(stream, len(articles))
    return [extractor(article) for article in stream]
