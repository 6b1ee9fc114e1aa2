"""Cross-article resolution: one entity per real-world thing, stable slugs, names propagated."""

from __future__ import annotations

import hashlib

from pipeline.records import Article, ArticleResult, LinkDecision, Mention
from pipeline.resolve import propagate_names, resolve


def result(stem: str, text: str, mentions: list[tuple[str, str, int]]) -> ArticleResult:
    article = Article(stem=stem, path=f"{stem}.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    found = []
    for surface, label, cluster in mentions:
        start = text.index(surface)
        found.append(Mention(start, start + len(surface), surface, label, cluster))  # type: ignore[arg-type]
    return ArticleResult(article, found, [])


def linker(table: dict[str, str]):
    def link(name, label, context):
        qid = table.get(name)
        return LinkDecision(name=name, label=label, qid=qid, score=1.0 if qid else 0.0, method="test")

    return link


def test_same_item_or_same_normalized_name_is_one_entity() -> None:
    a = result("a", "Alphacorp et la Banque Nova.", [("Alphacorp", "ORG", 0), ("Banque Nova", "ORG", 1)])
    b = result("b", "AlphaCorp, client de Nova Bank.", [("AlphaCorp", "ORG", 0), ("Nova Bank", "ORG", 1)])
    res = resolve([a, b], linker({"Banque Nova": "Q1", "Nova Bank": "Q1"}), label_of_qid=lambda q: "Banque Nova")
    assert res.cluster_entity[("a", 0)] == res.cluster_entity[("b", 0)]
    assert res.cluster_entity[("a", 1)] == res.cluster_entity[("b", 1)]
    assert res.entities[res.cluster_entity[("b", 1)]].qid == "Q1"
    assert len(res.entities) == 2


def test_two_items_never_merge_even_with_one_name() -> None:
    a = result("a", "Orangeville est une ville.", [("Orangeville", "LOC", 0)])
    b = result("b", "Orangeville SA recrute.", [("Orangeville", "ORG", 0)])
    res = resolve(
        [a, b],
        lambda n, label, c: LinkDecision(n, label, "Q9" if label == "LOC" else "Q8", 1.0, "t"),
        label_of_qid=lambda q: "Orangeville",
    )
    assert res.cluster_entity[("a", 0)] != res.cluster_entity[("b", 0)]


def test_slugs_do_not_depend_on_article_order() -> None:
    a = result("a", "Delta Systems a signé.", [("Delta Systems", "ORG", 0)])
    b = result("b", "Jeanne Dupont, PDG.", [("Jeanne Dupont", "PER", 0)])
    first = resolve([a, b])
    second = resolve([b, a])
    assert set(first.entities) == set(second.entities) == {"delta-systems", "jeanne-dupont"}


def test_a_multiword_name_is_found_lowercase_in_another_article() -> None:
    a = result("a", "Le Plan Calcul date de 1966.", [("Plan Calcul", "MISC", 0)])
    b = result("b", "On compare souvent ce projet au plan calcul des années soixante.", [])
    propagated = propagate_names([a, b])
    assert [m.text for m in propagated[1].mentions] == ["plan calcul"]


def test_what_a_fact_says_of_an_entity_settles_its_kind() -> None:
    from pipeline.records import EntityRef, Evidence, FoundingFact

    text = "Zentara, créée par Delta Systems, ouvre un site."
    base = result("a", text, [("Zentara", "MISC", 0), ("Delta Systems", "ORG", 1)])
    founded = FoundingFact(
        EntityRef("Zentara", "MISC", 0), (EntityRef("Delta Systems", "ORG", 1),), Evidence(0, 33, "t")
    )
    res = resolve([ArticleResult(base.article, base.mentions, [founded])])
    assert res.entities[res.cluster_entity[("a", 0)]].kind == "organization"
    plain = resolve([base])
    assert plain.entities[plain.cluster_entity[("a", 0)]].kind == "project"
