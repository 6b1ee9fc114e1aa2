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


def _members(text: str) -> list[tuple[str, str, bool]]:
    return sorted((f.member.name, f.collaboration.name, f.ended) for f in facts_of(text, kind=CollaborationFact))


def test_part_of_the_founding_members() -> None:
    assert _members("Le consortium Gaia-X avance. Siemens, Orange et SAP font partie des membres fondateurs de "
                    "Gaia-X, tout comme Atos.") == [
        ("Atos", "Gaia-X", False), ("Orange", "Gaia-X", False), ("SAP", "Gaia-X", False),
        ("Siemens", "Gaia-X", False)]


def test_part_of_with_a_description_as_member() -> None:
    found = _members("Le projet Andromède tangue. Dassault Systèmes hésite encore. L'éditeur faisait pourtant "
                     "partie des membres fondateurs du projet Andromède.")
    assert ("Dassault Systèmes", "Andromède", False) in found


def test_several_subjects_joining_with_y_and_followers() -> None:
    found = _members("Le consortium Gaia-X s'ouvre. Huawei et Alibaba y ont adhéré en 2020, suivis par "
                     "Amazon Web Services (AWS), Microsoft et Google.")
    assert {m for m, _, _ in found} == {"Huawei", "Alibaba", "Amazon Web Services", "Microsoft", "Google"}
    assert {c for _, c, _ in found} == {"Gaia-X"}


def test_leaving_a_collaboration_named_bare_or_by_dont() -> None:
    assert _members("Le consortium Gaia-X déçoit. Scaleway quitte Gaia-X.") == [("Scaleway", "Gaia-X", True)]
    found = _members("Numergy est issue du projet Andromède, lancé en 2009 et dont Dassault Systèmes s'était "
                     "retiré fin 2011.")
    assert ("Dassault Systèmes", "Andromède", True) in found
    # a company quitting a company is not leaving a collaboration
    assert _members("Thales quitte Cloudwatt.") == []


def test_member_in_apposition_and_no_longer_member() -> None:
    assert ("Gandi", "Equinoxe", False) in _members("Le consortium Equinoxe avance. Gandi, membre du consortium "
                                                     "Equinoxe, en assure la coordination.")
    found = _members("L'alliance Hexacloud recrute, sans l'hébergeur Ikoula. Ikoula n'est plus membre de "
                     "l'alliance Hexacloud depuis 2014.")
    assert found == [("Ikoula", "Hexacloud", True)]


def memberships_of(text: str) -> list[tuple[str, str]]:
    return sorted((f.member.name, f.collaboration.name) for f in facts_of(text, kind=CollaborationFact))


def test_joining_with_adverbs_and_a_time_around_the_verb() -> None:
    text = (
        "Lumio a également adhéré cet été à l'association Hexatrust. Thales a rejoint en mai 2022 le "
        "consortium Gaia-X avec d'autres. Airbus vient d'ailleurs de rejoindre Gaia-X cette année."
    )
    assert memberships_of(text) == [("Airbus", "Gaia-X"), ("Lumio", "Hexatrust"), ("Thales", "Gaia-X")]


def test_a_description_joins_for_the_company_and_belongs_to_a_second_body() -> None:
    text = (
        "La société Nuvola, hébergeur lyonnais, ouvre un deuxième centre de données. L'entreprise a adhéré "
        "l'an dernier à l'association France "
        "Datacenter et fait partie du pôle de compétitivité Minalogic."
    )
    assert memberships_of(text) == [("Nuvola", "France Datacenter"), ("Nuvola", "Minalogic")]


def test_a_body_counts_members_among_its_ranks() -> None:
    text = "Le consortium Gaia-X, lancé en 2020, compte désormais parmi ses membres Huawei, Alibaba et Palantir."
    assert memberships_of(text) == [("Alibaba", "Gaia-X"), ("Huawei", "Gaia-X"), ("Palantir", "Gaia-X")]


def test_refusing_to_join_is_still_not_a_membership() -> None:
    assert memberships_of("Lumio a en revanche renoncé à rejoindre Gaia-X cette année.") == []


def test_a_wish_to_join_is_not_a_membership() -> None:
    text = "La volonté d'Atos de rejoindre le consortium Gaia-X a éclipsé le reste du dossier cette année."
    assert memberships_of(text) == []
