"""Records -> RDF: fact IRIs from content, kinds checked before publishing, evidence attached."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from pipeline.mapping import ArticleMapper
from pipeline.records import (
    Article,
    ChangeFact,
    Entity,
    EntityRef,
    Evidence,
    FoundingFact,
    GrantFact,
    Mention,
    RoleFact,
)
from pipeline.resolve import Resolution
from pipeline.vocab import OA, ORG, SCHEMA, SOV, Iris

TEXT = "Jeanne Morel, PDG de Nuvola, annonce que Nuvola rachète Lyon. Selon Nuvola, 5 millions d'euros de la BPI."


def setup(stem: str = "a") -> ArticleMapper:
    article = Article(stem=stem, path=f"{stem}.txt", text=TEXT, content_hash=hashlib.sha256(TEXT.encode()).hexdigest())
    res = Resolution()
    for slug, kind, name, cluster in [
        ("jeanne-morel", "person", "Jeanne Morel", 0),
        ("nuvola", "organization", "Nuvola", 1),
        ("lyon", "place", "Lyon", 2),
        ("bpi", "organization", "BPI", 3),
    ]:
        res.entities[slug] = Entity(slug=slug, kind=kind, name=name, label="ORG")  # type: ignore[arg-type]
        res.cluster_entity[(stem, cluster)] = slug
    return ArticleMapper(Iris(), res, article, stem)


def ref(name: str, cluster: int) -> EntityRef:
    return EntityRef(name, "ORG", cluster)


def test_a_role_is_a_membership_with_its_role_label_and_evidence() -> None:
    mapper = setup()
    graph = mapper.map_all(
        [], [RoleFact(ref("Jeanne Morel", 0), "pdg", "pdg", ref("Nuvola", 1), Evidence(0, 27, "roles.test"))]
    )
    membership = URIRef("https://w3id.org/souverain/id/membership/jeanne-morel-nuvola-pdg")
    assert (membership, RDF.type, ORG.Membership) in graph
    assert (membership, ORG.role, URIRef("https://w3id.org/souverain/id/role/pdg")) in graph
    assert (membership, PROV.wasDerivedFrom, mapper.article_iri) in graph
    annotations = list(graph.subjects(OA.hasBody, membership))
    assert len(annotations) == 1 and (annotations[0], SOV.rule, Literal("roles.test")) in graph


def test_a_fact_with_a_slot_of_the_wrong_kind_is_dropped_with_a_warning() -> None:
    mapper = setup()
    change = ChangeFact("acquisition", (ref("Lyon", 2),), ref("Nuvola", 1), Evidence(40, 61, "changes.test"))
    graph = mapper.map_all([], [change])
    assert not list(graph.subjects(RDF.type, ORG.ChangeEvent))
    assert mapper.skipped and "changes.test" in mapper.skipped[0] and "'Lyon' is a place" in mapper.skipped[0]


def test_the_same_grant_read_in_two_articles_is_one_resource() -> None:
    grant = GrantFact(ref("BPI", 3), (ref("Nuvola", 1),), Evidence(62, 108, "money.test"), Decimal(5000000), "EUR")
    first, second = setup("a"), setup("b")
    g1, g2 = first.map_all([], [grant]), second.map_all([], [grant])
    grants = set(g1.subjects(RDF.type, SCHEMA.MonetaryGrant)) | set(g2.subjects(RDF.type, SCHEMA.MonetaryGrant))
    assert len(grants) == 1
    amount = next(g1.objects(next(iter(grants)), SCHEMA.amount))
    assert g1.value(amount, SCHEMA.value) == Literal(Decimal("5000000"))


def test_a_grant_whose_names_resolve_to_its_funder_is_dropped_with_a_warning() -> None:
    # "L'État apporte 750 000 euros au hub France": both names resolved to France
    mapper = setup()
    grant = GrantFact(ref("BPI", 3), (ref("BPI", 3),), Evidence(62, 108, "money.test"), Decimal(5000000), "EUR")
    graph = mapper.map_all([], [grant])
    assert not list(graph.subjects(RDF.type, SCHEMA.MonetaryGrant))
    assert mapper.skipped and "'BPI' is also its recipient" in mapper.skipped[0]


def test_a_grant_keeps_its_other_recipients_when_one_is_its_funder() -> None:
    mapper = setup()
    grant = GrantFact(
        ref("BPI", 3), (ref("BPI", 3), ref("Nuvola", 1)), Evidence(62, 108, "money.test"), Decimal(5000000), "EUR"
    )
    graph = mapper.map_all([], [grant])
    (iri,) = graph.subjects(RDF.type, SCHEMA.MonetaryGrant)
    assert set(graph.objects(iri, SCHEMA.fundedItem)) == {URIRef("https://w3id.org/souverain/id/organization/nuvola")}
    assert not mapper.skipped


def test_a_founding_by_itself_is_dropped_with_a_warning() -> None:
    mapper = setup()
    founding = FoundingFact(ref("Nuvola", 1), (ref("Nuvola", 1),), Evidence(0, 27, "foundings.test"))
    graph = mapper.map_all([], [founding])
    assert not list(graph.subjects(RDF.type, SOV.Founding))
    assert mapper.skipped and "its only founder" in mapper.skipped[0]


def test_mentions_point_at_their_words() -> None:
    mapper = setup()
    graph = mapper.map_all([Mention(0, 12, "Jeanne Morel", "PER", 0)], [])
    body = URIRef("https://w3id.org/souverain/id/person/jeanne-morel")
    assert (mapper.article_iri, SCHEMA.mentions, body) in graph
    exact = [o for s, o in graph.subject_objects(OA.exact)]
    assert exact == [Literal("Jeanne Morel")]
