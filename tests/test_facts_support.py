"""Shared helper of the fact tests: run the build's pipeline pieces (fr_core_news_md with the
project's components, the mention finder, the frame engine) on one sentence of our own."""

from __future__ import annotations

from functools import lru_cache

from pipeline.extract.entities import build_nlp, find_mentions
from pipeline.extract.facts import extract_facts
from pipeline.records import Article, Fact, PartialDate


@lru_cache(maxsize=1)
def nlp():  # noqa: ANN201 - a spaCy Language
    return build_nlp("fr_core_news_md")


def facts_of(text: str, date: PartialDate | None = None, kind: type | None = None) -> list[Fact]:
    """The facts read from `text`, with the project's mention finder, optionally of one kind."""
    article = Article(stem="test", path="test.txt", text=text, content_hash="0", date_published=date)
    doc = nlp()(text)
    facts = extract_facts(doc, article, find_mentions(doc, article))
    return [f for f in facts if kind is None or isinstance(f, kind)]


def names(refs) -> list[str]:
    return sorted(r.name for r in refs)


def test_helper_reads_nothing_from_plain_prose() -> None:
    assert facts_of("Il fait beau aujourd'hui sur la côte.") == []
