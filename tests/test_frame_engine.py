"""The frame engine (pipeline/extract/facts/engine, ontology/frames.yaml), frame by frame.

Each table row is a sentence of our own in the style of the press, with the facts it must
give and the facts it must not give; one parametrized test per frame. The engine is read
with the build's model (fr_core_news_md), since the parse is what it reads.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from frame_support import frame_facts

from pipeline.extract.facts.engine.quotes import find_quoted_spans
from pipeline.records import (
    ChangeFact,
    CollaborationFact,
    FoundingFact,
    GrantFact,
    QuotationFact,
    RoleFact,
)


def _facts(text: str, kind: type) -> list:
    return [f for f in frame_facts(text) if isinstance(f, kind)]


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


TABLES = {"founding": (_foundings, FOUNDING), "funding": (_grants, FUNDING), "roles": (_roles, ROLES),
          "quotes": (_quotes, QUOTES)}


@pytest.mark.parametrize(("frame", "text", "must", "must_not"),
                         [(frame, *row) for frame, (_, rows) in TABLES.items() for row in rows])
def test_frame_table(frame: str, text: str, must: set, must_not: set) -> None:
    found = TABLES[frame][0](text)
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


def test_quoted_spans_keep_inner_quotes() -> None:
    text = 'Il dit « un "petit" pas » puis "autre chose".'
    assert [text[s:e] for s, e in find_quoted_spans(text)] == [' un "petit" pas ', "autre chose"]


# --- mechanisms of the engine, one sentence of our own each -----------------------------

ENGINE_ROWS = [
    # "respectivement": the n-th amount is the n-th funder's, a bare number takes the unit after it
    ("Orange et Thales ont apporté respectivement 60 et 40 millions d'euros à la société NumSpot.",
     GrantFact, {("Orange", "NumSpot", Decimal(60000000)), ("Thales", "NumSpot", Decimal(40000000))}),
    # "y" stands for the collaboration named before; "suivis par" adds doers to the list
    ("Le consortium Gaia-X a été lancé en 2020. Siemens et SAP y ont adhéré dès 2021, suivis par Atos et Orange.",
     CollaborationFact, {("Siemens", "Gaia-X"), ("SAP", "Gaia-X"), ("Atos", "Gaia-X"), ("Orange", "Gaia-X")}),
    # "tout comme" coordinates the doers
    ("Atos fait partie des membres de l'association Hexatrust, tout comme Thales et Orange.",
     CollaborationFact, {("Atos", "Hexatrust"), ("Thales", "Hexatrust"), ("Orange", "Hexatrust")}),
    # an appositive description is the name it is said of, whatever the parser hung it under
    ("Le FSN a investi 75 millions d'euros dans Cloudwatt, la société de cloud créée par Orange et Thales.",
     FoundingFact, {("Cloudwatt", ("Orange", "Thales"))}),
    # "le laboratoire" is the name the text called a laboratory before
    ("La naissance de Kyutai, un laboratoire de recherche, a été annoncée. Le laboratoire reçoit 100 millions "
     "d'euros d'Iliad.", GrantFact, {("Iliad", "Kyutai", Decimal(100000000))}),
    # a hyphenated region is one token: the parser sees the verb after it
    ("La Région Auvergne-Rhône-Alpes a accordé 2 millions d'euros à la société Qarnix.",
     GrantFact, {("Région Auvergne-Rhône-Alpes", "Qarnix", Decimal(2000000))}),
]


def _row_key(fact) -> tuple:  # noqa: ANN001 - any fact record
    if isinstance(fact, GrantFact):
        return (fact.funder.name, fact.recipients[0].name, fact.amount)
    if isinstance(fact, CollaborationFact):
        return (fact.member.name, fact.collaboration.name)
    if isinstance(fact, FoundingFact):
        return (fact.organization.name, tuple(sorted(f.name for f in fact.founders)))
    raise TypeError(fact)


@pytest.mark.parametrize(("text", "kind", "must"), ENGINE_ROWS)
def test_engine_mechanism(text: str, kind: type, must: set) -> None:
    found = {_row_key(f) for f in _facts(text, kind)}
    assert must <= found, found
