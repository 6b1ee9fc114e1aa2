"""Money: amounts, distributive and elliptic grants, supports, investments, shares."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_facts_support import facts_of, names

from pipeline.extract.facts.engine.amounts import find_amounts
from pipeline.records import GrantFact


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("12 millions d'euros", Decimal("12000000"), "EUR"),
        ("1,5 milliard d'euros", Decimal("1500000000"), "EUR"),
        ("75 M€", Decimal("75000000"), "EUR"),
        ("€285 million", Decimal("285000000"), "EUR"),
        ("2 300 000 euros", Decimal("2300000"), "EUR"),
        ("40 millions de dollars", Decimal("40000000"), "USD"),
    ],
)
def test_amounts(text: str, value: Decimal, currency: str) -> None:
    amounts = [a for a in find_amounts(text) if a[4]]
    assert [(a[2], a[3]) for a in amounts] == [(value, currency)]


def test_supported_by_with_total_over_counted_companies() -> None:
    text = (
        "Le plan a permis la création de deux jeunes sociétés soutenues par la Région à hauteur de "
        "8 millions d'euros au total : Qarnot et Scaleway."
    )
    grants = facts_of(text, kind=GrantFact)
    assert len(grants) == 1
    assert grants[0].total and grants[0].amount == Decimal("8000000")
    assert grants[0].evidence.rule == "funding/support/participle"
    assert len(grants[0].recipients) == 2


def test_supported_by_a_single_named_company() -> None:
    grants = facts_of(
        "La start-up Qarnot, soutenue par Bpifrance à hauteur de 12 millions d'euros, recrute.",
        kind=GrantFact,
    )
    assert [(g.funder.name, names(g.recipients), g.amount) for g in grants] == [
        ("Bpifrance", ["Qarnot"], Decimal("12000000"))
    ]


def test_no_grant_from_a_market_size() -> None:
    assert (
        facts_of("Selon Gartner, ce marché pourrait peser 4 milliards d'euros en 2027.", kind=GrantFact) == []
    )


def grants_of(text: str) -> list[tuple[str, str, Decimal | None]]:
    return sorted(
        (g.funder.name, g.recipients[0].name, g.amount) for g in facts_of(text, kind=GrantFact)
    )


def test_a_giver_left_without_its_verb_and_a_receiver_named_by_chez() -> None:
    text = (
        "Les deux sociétés ont été créées en septembre. Chez Nuvola, Orange a mis 105 millions sur la "
        "table, et Thales, qui ne détiendra que 20 % des parts, 45 millions."
    )
    assert grants_of(text) == [
        ("Orange", "Nuvola", Decimal("105000000")),
        ("Thales", "Nuvola", Decimal("45000000")),
    ]


