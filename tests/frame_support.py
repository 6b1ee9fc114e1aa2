"""Shared helper of the frame-engine tests: the build's pipeline (fr_core_news_md with the
project's tokenization and sentence components), the project's mention finder, the engine."""

from __future__ import annotations

from functools import lru_cache

from pipeline.extract.entities import build_nlp, find_mentions
from pipeline.extract.facts.engine import extract_facts
from pipeline.records import Article, Fact


@lru_cache(maxsize=1)
def nlp():  # noqa: ANN201 - a spaCy Language
    return build_nlp("fr_core_news_md")


def frame_facts(text: str, kind: type | None = None, headline: str | None = None) -> list[Fact]:
    """The facts (of `kind`) the frame engine reads from `text` (under `headline`, when given)."""
    if headline is not None:
        text = f"{headline}\n\n{text}"
    article = Article(stem="test", path="test.txt", text=text, content_hash="0", headline=headline)
    doc = nlp()(text)
    return [f for f in extract_facts(doc, article, find_mentions(doc, article)) if kind is None or isinstance(f, kind)]
