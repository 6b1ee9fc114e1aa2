"""Consortium memberships, partnerships and meetings."""

from __future__ import annotations

from test_facts_support import facts_of, names

from pipeline.records import CollaborationFact, EventFact, PartialDate, PartnershipFact


def test_leaving_a_named_consortium_with_date() -> None:
    facts = facts_of(
        "Siemens a annoncé en juin 2020 son départ du consortium Gaia-X.", kind=CollaborationFact
    )
    assert len(facts) == 1
    assert facts[0].member.name == "Siemens" and facts[0].ended and facts[0].end == PartialDate(2020, 6)
    assert facts[0].evidence.rule == "collaborations.leaving"


def test_members_of_a_consortium() -> None:
    facts = facts_of(
        "Le consortium Gaia-X, qui réunit Siemens, Bosch et SAP, avance.", kind=CollaborationFact
    )
    assert sorted(f.member.name for f in facts) == ["Bosch", "SAP", "Siemens"]
    assert {f.collaboration.name for f in facts} == {"Gaia-X"}
    assert not any(f.ended for f in facts)


def test_intention_to_join_is_not_a_membership() -> None:
    assert facts_of("Capgemini se dit prête à rejoindre le consortium Gaia-X.", kind=CollaborationFact) == []


def test_partnership_with_date_and_subject() -> None:
    text = "Capgemini a signé en mai 2021 un partenariat avec Google pour proposer Bleu aux administrations."
    facts = facts_of(text, kind=PartnershipFact)
    assert [(names(f.members), f.date, f.about.name if f.about else None) for f in facts] == [
        (["Capgemini", "Google"], PartialDate(2021, 5), "Bleu")
    ]


MEETING = (
    "Emmanuel Macron et Olaf Scholz se sont entretenus, le 3 février, "
    "avec le chancelier autrichien Karl Nehammer."
)


def test_meeting_with_day_and_article_year() -> None:
    text = MEETING
    facts = facts_of(text, PartialDate(2022, 5, 4), kind=EventFact)
    assert len(facts) == 1
    assert facts[0].date == PartialDate(2022, 2, 3)
    assert names(facts[0].attendees) == ["Emmanuel Macron", "Karl Nehammer", "Olaf Scholz"]


def test_meeting_date_stays_a_month_day_without_article_date() -> None:
    text = MEETING
    (fact,) = facts_of(text, kind=EventFact)
    assert fact.date is not None and fact.date.lexical == "--02-03"
