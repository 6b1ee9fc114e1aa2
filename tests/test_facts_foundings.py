"""Foundings, acquisitions and mergers: one sentence of our own per rule."""

from __future__ import annotations

from test_facts_support import facts_of, names

from pipeline.records import ChangeFact, FoundingFact, PartialDate


def test_active_founding_with_partner_and_date() -> None:
    facts = facts_of("En 2018, Michelin a fondé Symbio avec Faurecia.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.date, f.evidence.rule) for f in facts] == [
        ("Symbio", ["Faurecia", "Michelin"], PartialDate(2018), "founding/active")
    ]


def test_launch_needs_a_company_description() -> None:
    facts = facts_of(
        "En mars 2019, Ubisoft lançait Kinetix, une start-up dédiée à l'animation.", kind=FoundingFact
    )
    assert [(f.organization.name, names(f.founders), f.date) for f in facts] == [
        ("Kinetix", ["Ubisoft"], PartialDate(2019, 3))
    ]
    assert facts_of("Ubisoft a lancé Rayman, un jeu de plateforme.", kind=FoundingFact) == []


def test_joint_venture() -> None:
    facts = facts_of(
        "La co-entreprise Symbio de Michelin et Faurecia emploie 500 personnes.", kind=FoundingFact
    )
    assert [(f.organization.name, names(f.founders), f.evidence.rule) for f in facts] == [
        ("Symbio", ["Faurecia", "Michelin"], "founding/nominal")
    ]


def test_passive_winning_needs_a_creation_context() -> None:
    text = "Le plan prévoit la création de Nubo, remporté par Atos et Sopra, pour héberger les données."
    facts = facts_of(text, kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.evidence.rule) for f in facts] == [
        ("Nubo", ["Atos", "Sopra"], "founding/nominal")
    ]
    assert facts_of("Le marché, remporté par Atos et Sopra, est clos.", kind=FoundingFact) == []


def test_origin_of_counted_companies() -> None:
    text = (
        "Le consortium Gaia-X a débouché sur la création de deux nouvelles associations : "
        "la fondation Catena et Structura."
    )
    facts = facts_of(text, kind=FoundingFact)
    assert len(facts) == 2
    assert all(f.origin is not None and f.origin.name == "Gaia-X" and f.founders == () for f in facts)


def test_acquisition() -> None:
    facts = facts_of("Le groupe Vivendi a racheté Havas en 2017.", kind=ChangeFact)
    assert [(f.kind, names(f.original), f.resulting.name, f.date) for f in facts] == [
        ("acquisition", ["Havas"], "Vivendi", PartialDate(2017))
    ]


