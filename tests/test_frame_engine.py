"""The frame engine (pipeline/extract/facts/engine, ontology/frames.yaml), frame by frame.

Each table row is a sentence of our own in the style of the press, with the facts it must
give and the facts it must not give; one parametrized test per frame. The engine is read
with the build's model (fr_core_news_md), since the parse is what it reads.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest

from pipeline.extract.entities import build_nlp, find_mentions
from pipeline.extract.facts.engine import extract_facts
from pipeline.extract.facts.engine.quotes import find_quoted_spans
from pipeline.records import (
    ChangeFact,
    CollaborationFact,
    FoundingFact,
    GrantFact,
    QuotationFact,
    RoleFact,
)


@lru_cache(maxsize=1)
def _nlp():
    return build_nlp("fr_core_news_md")


def _facts(text: str, kind: type) -> list:
    from pipeline.records import Article

    article = Article(stem="test", path="test.txt", text=text, content_hash="0")
    doc = _nlp()(text)
    return [f for f in extract_facts(doc, article, find_mentions(doc, article)) if isinstance(f, kind)]


def _foundings(text: str) -> set[tuple]:
    return {(f.organization.name, tuple(sorted(r.name for r in f.founders)), f.evidence.rule.split("/")[0])
            for f in _facts(text, FoundingFact)}


def _grants(text: str) -> set[tuple]:
    return {(tuple(sorted(r.name for r in f.funders)), tuple(sorted(r.name for r in f.recipients)), f.amount)
            for f in _facts(text, GrantFact)}


def _roles(text: str) -> set[tuple]:
    return {(f.person.name, f.role, f.org.name if f.org else None, f.former) for f in _facts(text, RoleFact)}


def _quotes(text: str) -> set[tuple]:
    return {(f.speaker.name, " ".join(f.text.split()[:3])) for f in _facts(text, QuotationFact)}


FOUNDING = [
    ("Orange s'allie à Capgemini pour créer Bleu.", {("Bleu", ("Capgemini", "Orange"), "founding")}, set()),
    ("La société Lumio, créée en 2015 par Jeanne Martin et Paul Durand, a levé 12 millions d'euros auprès de "
     "Partech et de Bpifrance.", {("Lumio", ("Jeanne Martin", "Paul Durand"), "founding")}, set()),
    ("Fondée en 2015 par Mathieu Lévesque et Karim Benhaddou, la société ForePaaS emploie une quarantaine de "
     "personnes.", {("ForePaaS", ("Karim Benhaddou", "Mathieu Lévesque"), "founding")}, set()),
]

FUNDING = [
    ("La société Lumio, créée en 2015 par Jeanne Martin et Paul Durand, a levé 12 millions d'euros auprès de "
     "Partech et de Bpifrance.", {(("Bpifrance", "Partech"), ("Lumio",), Decimal(12000000))}, set()),
    ("Le projet Hestia, porté par Scaleway, a obtenu 12 millions d'euros de Bpifrance, opérateur du plan.",
     {(("Bpifrance",), ("Hestia",), Decimal(12000000))}, set()),
    ("La start-up Lumio emploie 40 personnes. Bpifrance lui a accordé un prêt de 2 millions d'euros.",
     {(("Bpifrance",), ("Lumio",), Decimal(2000000))}, {(("Bpifrance",), ("Bpifrance",), Decimal(2000000))}),
    # denied: never published
    ("Le fonds Serena n'a pas investi dans Qarnix.", set(), {(("Serena",), ("Qarnix",), None)}),
]

ROLES = [
    ("Paul Hermelin, ex-directeur général de Sogeti et ancien ministre de la culture, sera présent.",
     {("Paul Hermelin", "directeur-general", "Sogeti", True), ("Paul Hermelin", "ministre", "Gouvernement", True)},
     set()),
    ("Marie Dupuis a été nommée directrice générale de Schneider Electric.",
     {("Marie Dupuis", "directeur-general", "Schneider Electric", False)}, set()),
    # a post inside a person's name is no post
    ("Bruno Le Maire, ministre de l'Économie, des Finances et de la Souveraineté industrielle et numérique, a signé.",
     {("Bruno Le Maire", "ministre", "Gouvernement", False)}, {("Bruno Le Maire", "maire", None, False)}),
    ("Selon Thomas Coustenoble, analyste chez IDC, « OVHcloud cherche à monter dans la chaîne de valeur ».",
     {("Thomas Coustenoble", "analyste", "IDC", False)}, set()),
]

QUOTES = [
    ("« Nous allons recruter 40 personnes dans les deux ans », explique Jeanne Martin, directrice générale de "
     "Lumio.", {("Jeanne Martin", "Nous allons recruter")}, set()),
    ("Selon Thomas Coustenoble, analyste chez IDC, « OVHcloud cherche à monter dans la chaîne de valeur ».",
     {("Thomas Coustenoble", "OVHcloud cherche à")}, set()),
]


@pytest.mark.parametrize(("text", "must", "must_not"), FOUNDING)
def test_founding(text: str, must: set, must_not: set) -> None:
    found = _foundings(text)
    assert must <= found, found
    assert not (must_not & found), found


@pytest.mark.parametrize(("text", "must", "must_not"), FUNDING)
def test_funding(text: str, must: set, must_not: set) -> None:
    found = _grants(text)
    assert must <= found, found
    assert not (must_not & found), found


@pytest.mark.parametrize(("text", "must", "must_not"), ROLES)
def test_roles(text: str, must: set, must_not: set) -> None:
    found = _roles(text)
    assert must <= found, found
    assert not (must_not & found), found


@pytest.mark.parametrize(("text", "must", "must_not"), QUOTES)
def test_quotes(text: str, must: set, must_not: set) -> None:
    found = _quotes(text)
    assert must <= found, found
    assert not (must_not & found), found


def test_acquisition_reads_a_bare_object_the_parser_calls_an_adverb() -> None:
    facts = _facts("Le groupe Thales a racheté Gemalto en 2019.", ChangeFact)
    assert [(f.resulting.name, [o.name for o in f.original]) for f in facts] == [("groupe Thales", ["Gemalto"])]


def test_membership_reads_a_list_the_parser_did_not_coordinate() -> None:
    facts = _facts("OVHcloud, Outscale, Orange, Atos, EDF, Safran et Docaposte font partie des membres fondateurs "
                   "de l'association Gaia-X.", CollaborationFact)
    assert {f.member.name for f in facts} >= {"Orange", "Atos", "EDF", "Safran", "Docaposte"}


def test_every_frame_rule_names_frame_and_construction() -> None:
    facts = _facts("Orange s'allie à Capgemini pour créer Bleu.", FoundingFact)
    assert [f.evidence.rule for f in facts] == ["founding/purpose-clause"]


@pytest.mark.parametrize(("text", "inner"), [
    ("Il a dit « Nous signerons demain » hier.", "Nous signerons demain"),
    ("Il a dit “Nous signerons demain” hier.", "Nous signerons demain"),
    ('Il a dit "Nous signerons demain" hier.', "Nous signerons demain"),
    ("Il a dit ‘Nous signerons demain’ hier.", "Nous signerons demain"),
])
def test_every_quotation_mark_in_use(text: str, inner: str) -> None:
    assert [text[s:e].strip() for s, e in find_quoted_spans(text)] == [inner]


def test_a_quote_running_over_two_paragraphs() -> None:
    text = "« Nous ouvrirons trois usines.\n\n« Puis nous recruterons », dit-il."
    [(start, end)] = find_quoted_spans(text)
    quoted = text[start:end].strip()
    assert quoted.startswith("Nous ouvrirons") and quoted.endswith("nous recruterons")
