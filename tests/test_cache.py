"""The incremental cache: what changes a key, atomic writes, unreadable entries are misses."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path

import pytest

from pipeline.cache import ExtractionCache, code_version, patterns_version
from pipeline.records import (
    Article,
    ArticleResult,
    EntityRef,
    Evidence,
    Mention,
    PartialDate,
    QuotationFact,
    RoleFact,
)

TEXT = "Claire Fontanet, présidente de Brume Informatique, affirme : « Le stockage restera en France. »"
PATTERNS = [{"label": "ORG", "pattern": "Brume Informatique", "id": "Q1"}]


def make_article(text: str = TEXT, **changes) -> Article:
    base = Article(stem="brume", path="brume.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    return dataclasses.replace(base, **changes)


def make_result(article: Article) -> ArticleResult:
    person = Mention(0, 15, "Claire Fontanet", "PER", 0)
    org = Mention(30, 48, "Brume Informatique", "ORG", 1, source="ruler")
    facts = [
        RoleFact(EntityRef("Claire Fontanet", "PER", 0), "president", "présidente",
                 EntityRef("Brume Informatique", "ORG", 1), Evidence(0, 48, "role-apposition"),
                 start=PartialDate(2014)),
        QuotationFact(EntityRef("Claire Fontanet", "PER", 0), 60, 93, "Le stockage restera en France.",
                      Evidence(0, 95, "quote-colon")),
    ]
    return ArticleResult(article, [person, org], facts)


@pytest.fixture
def cache(tmp_path: Path) -> ExtractionCache:
    return ExtractionCache(tmp_path, model="fr_core_news_md", patterns=PATTERNS)


def test_a_stored_result_comes_back_equal(cache: ExtractionCache) -> None:
    result = make_result(make_article())
    assert cache.get(result.article) is None
    cache.put(result)
    assert cache.get(result.article) == result
    assert (cache.stats.hits, cache.stats.misses, cache.stats.writes) == (1, 1, 1)


@pytest.mark.parametrize("change", [
    {"text": TEXT + " Fin."},
    {"stem": "brume-2"},
    {"path": "brume.md"},
    {"headline": "Un titre"},
    {"date_published": PartialDate(2015, 3)},
    {"publisher": "La Gazette"},
    {"language": "en"},
])
def test_any_change_to_the_article_or_its_metadata_is_a_miss(cache: ExtractionCache, change: dict) -> None:
    cache.put(make_result(make_article()))
    assert cache.get(make_article(**change)) is None


def test_another_model_or_reference_is_a_miss(tmp_path: Path, cache: ExtractionCache) -> None:
    article = make_article()
    cache.put(make_result(article))
    assert ExtractionCache(tmp_path, model="fr_core_news_md", patterns=PATTERNS).get(article) is not None
    assert ExtractionCache(tmp_path, model="fr_core_news_sm", patterns=PATTERNS).get(article) is None
    other = [*PATTERNS, {"label": "PER", "pattern": "Claire Fontanet"}]
    assert ExtractionCache(tmp_path, model="fr_core_news_md", patterns=other).get(article) is None


def test_versions_are_stable_digests() -> None:
    assert code_version() == code_version() and len(code_version()) == 64
    assert patterns_version(PATTERNS) == patterns_version([dict(PATTERNS[0])])
    assert patterns_version(PATTERNS) != patterns_version([])


@pytest.mark.parametrize("damage", [b"", b"\x80\x05garbage", pickle.dumps({"not": "an entry"})])
def test_a_corrupt_entry_is_a_miss_and_is_replaced(cache: ExtractionCache, damage: bytes) -> None:
    result = make_result(make_article())
    cache.put(result)
    [entry] = list(cache.directory.rglob("*.pickle"))
    entry.write_bytes(damage)
    assert cache.get(result.article) is None
    assert cache.stats.corrupt == 1
    assert not entry.exists()
    cache.put(result)
    assert cache.get(result.article) == result


def test_writes_leave_no_temporary_file(cache: ExtractionCache) -> None:
    for n in range(5):
        cache.put(make_result(make_article(TEXT + f" {n}")))
    files = [p for p in cache.directory.rglob("*") if p.is_file()]
    assert len(files) == 5 and all(p.suffix == ".pickle" and not p.name.startswith(".tmp-") for p in files)


def test_an_unwritable_cache_directory_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = ExtractionCache(blocker, model="m", patterns=[])
    result = make_result(make_article())
    cache.put(result)
    assert cache.get(result.article) is None and cache.stats.writes == 0


def test_the_link_memo_reuses_a_decision_only_under_the_same_inputs(tmp_path: Path) -> None:
    from pipeline.cache import LinkMemo
    from pipeline.records import LinkDecision

    calls: list[tuple] = []

    def link(name: str, label: str, context=()) -> LinkDecision:
        calls.append((name, label, tuple(context)))
        return LinkDecision(name=name, label=label, qid="Q1" if name == "Bull" else None, score=0.9, method="alias")

    first = LinkMemo(tmp_path, "salt-1", link)
    assert first("Bull", "ORG", ["serveur"]).qid == "Q1" and first("Atos", "ORG", []).qid is None
    first.save()
    again = LinkMemo(tmp_path, "salt-1", link)
    assert again("Bull", "ORG", ["serveur"]).qid == "Q1"
    assert len(calls) == 2 and (again.hits, again.misses) == (1, 0)
    again("Bull", "ORG", ["serveur", "calcul"])  # another context: linked again
    again("Bull", "PER", ["serveur"])  # another label: linked again
    assert len(calls) == 4
    again.save()  # keeps what this build used: "Atos" is dropped
    assert LinkMemo(tmp_path, "salt-1", link)._known.keys() == again._used.keys()
    assert len(again._used) == 3
    other = LinkMemo(tmp_path, "salt-2", link)  # other code or reference: nothing reused
    other("Bull", "ORG", ["serveur"])
    assert len(calls) == 5 and other.hits == 0
    (tmp_path / "links.pickle").write_bytes(b"not a pickle")
    broken = LinkMemo(tmp_path, "salt-1", link)  # an unreadable memo is an empty one
    broken("Bull", "ORG", ["serveur"])
    assert len(calls) == 6
