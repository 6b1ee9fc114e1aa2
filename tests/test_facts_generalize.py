"""Constructions added to generalize beyond the seeds: one sentence of our own each,
and what each must not read."""

from __future__ import annotations

from test_facts_support import facts_of, names

from pipeline.records import FoundingFact, GrantFact, PartnershipFact


def grants(text: str) -> list[tuple[str, list[str], object]]:
    return [(f.funder.name, names(f.recipients), f.amount) for f in facts_of(text, kind=GrantFact)]


def test_received_from_reads_subject_and_giver() -> None:
    found = grants("Le projet Hestia, porté par Scaleway, a obtenu 12 millions d'euros de Bpifrance, opérateur.")
    assert found == [("Bpifrance", ["Hestia"], 12_000_000)]


def test_received_from_several_givers_is_one_joint_grant() -> None:
    found = facts_of("La société Lumio lève 30 millions d'euros auprès d'Eurazeo et de Bpifrance.", kind=GrantFact)
    assert [(names(f.funders), names(f.recipients), f.amount) for f in found] == [
        (["Bpifrance", "Eurazeo"], ["Lumio"], 30_000_000)]
    assert found[0].evidence.rule == "funding/receive/active"
    assert grants("Lumio a réalisé 12 millions d'euros de chiffre d'affaires en 2022.") == []


def test_given_by_several_funders_without_each_is_joint() -> None:
    found = facts_of("Le financement de Lumio, soit 40 millions d'euros apportés par Eurazeo et Bpifrance, "
                     "est bouclé.", kind=GrantFact)
    assert [(names(f.funders), f.amount) for f in found] == [(["Bpifrance", "Eurazeo"], 40_000_000)]


def test_a_long_sentence_cut_at_a_comma_by_the_parser_is_read_whole() -> None:
    # the parser tends to end a sentence after a long relative clause; the grant spans the cut
    found = grants("La jeune pousse lyonnaise Lumio, qui conçoit des serveurs refroidis par immersion pour les "
                   "centres de données, lève 30 millions d'euros auprès de Bpifrance.")
    assert found == [("Bpifrance", ["Lumio"], 30_000_000)]


def test_round_led_by_funds_the_subject() -> None:
    found = grants("Le même jour, sa concurrente Vertiflux a annoncé une levée de fonds de 12 millions "
                   "d'euros menée par Eurazeo.")
    assert found == [("Eurazeo", ["Vertiflux"], 12_000_000)]


def test_round_without_subject_is_not_read() -> None:
    assert grants("Cette série B intervient après un tour de table de 8 millions d'euros mené par Eurazeo.") == []


def test_round_without_subject_funds_the_organization_the_article_is_about() -> None:
    found = grants("La start-up Lumio emploie 40 personnes à Lyon. Cette série B intervient après un premier "
                   "tour de table de 8 millions d'euros mené par Eurazeo.")
    assert found == [("Eurazeo", ["Lumio"], 8_000_000)]


def test_a_description_opening_the_sentence_is_the_subject_of_the_sentence_before() -> None:
    # the last name before ("Bpifrance") is not what "l'établissement" points to
    found = grants("La Banque des Territoires mise sur les régions avec Bpifrance. L'établissement public a pris "
                   "une participation de 20 millions d'euros dans Eclairion.")
    assert found == [("Banque des Territoires", ["Eclairion"], 20_000_000)]


def test_fronted_founding_with_a_description_after_the_founders() -> None:
    found = facts_of("La start-up Lumio lève 30 millions d'euros auprès de Bpifrance. Fondée en 2019 par "
                     "Claire Mandon et Hugo Ferrand, l'entreprise compte 85 salariés.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.date.year) for f in found] == [
        ("Lumio", ["Claire Mandon", "Hugo Ferrand"], 2019)]


def test_a_person_who_founded_the_company_the_article_is_about() -> None:
    found = facts_of("Changement de tête chez Nubix. Paul Girard a été nommé directeur général. Il succède à "
                     "Laurent Morel, qui avait fondé l'entreprise en 2010.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders)) for f in found] == [("Nubix", ["Laurent Morel"])]
    # a person launches products as often as companies: no founding without fonder/cofonder
    assert facts_of("Changement de tête chez Nubix. Laurent Morel, qui avait lancé l'offre en 2010, "
                    "part.", kind=FoundingFact) == []


def test_invested_in_any_tense_and_stake() -> None:
    found = grants("Le fonds public Banque des Territoires a pris une participation de 20 millions d'euros "
                   "dans Eclairion, qui exploite un centre.")
    assert found == [("Banque des Territoires", ["Eclairion"], 20_000_000)]


def foundings(text: str) -> list[tuple[str, list[str]]]:
    return [(f.organization.name, names(f.founders)) for f in facts_of(text, kind=FoundingFact)]


def test_fronted_participle_with_person_founders() -> None:
    assert foundings("Fondée en 2015 par Mathieu Lévesque et Karim Benhaddou, Lumio emploie 40 personnes.") == [
        ("Lumio", ["Karim Benhaddou", "Mathieu Lévesque"])
    ]


def test_fronted_participle_needs_a_name() -> None:
    assert foundings("Fondée en 2019 par Claire Mandon et Hugo Ferrand, l'entreprise compte 85 salariés.") == []


def test_passive_with_auxiliary_and_described_passive() -> None:
    assert foundings("La co-entreprise Bleu a été fondée par Orange et Capgemini afin de vendre du cloud.") == [
        ("Bleu", ["Capgemini", "Orange"])
    ]
    assert foundings("Depuis un an, S3NS, la coentreprise créée par Thales et Google, a ouvert une région.") == [
        ("S3NS", ["Google", "Thales"])
    ]


def test_partnership_with_adverb() -> None:
    facts = facts_of("Eclairion a par ailleurs noué un partenariat avec Microsoft pour accueillir des serveurs.",
                     kind=PartnershipFact)
    assert [names(f.members) for f in facts] == [["Eclairion", "Microsoft"]]


def test_allied_needs_organizations() -> None:
    assert facts_of("Marie Durand s'est associée à Paul Lefèvre pour écrire un livre.", kind=PartnershipFact) == []


def _grants_full(text: str) -> list[tuple]:
    return sorted((names(f.funders), names(f.recipients), f.amount, f.through.name if f.through else None)
                  for f in facts_of(text, kind=GrantFact))


def test_giving_each_on_the_table_goes_to_the_subject_of_the_sentence() -> None:
    found = _grants_full("L'hébergeur Nubix change de dimension. La société annonce l'entrée à son capital des fonds "
                         "Ardian et Eurazeo, qui ont mis chacun 125 millions d'euros sur la table.")
    assert found == [(["Ardian"], ["Nubix"], 125_000_000, None), (["Eurazeo"], ["Nubix"], 125_000_000, None)]


def test_giving_with_y_and_a_second_clause() -> None:
    found = _grants_full("Pour mémoire, Nubix avait été créée en 2012 par Orange et Thales. La Caisse des dépôts y "
                         "avait engagé 75 millions d'euros au titre des investissements d'avenir et Thales avait "
                         "apporté 50 millions d'euros.")
    assert (["Caisse des dépôts"], ["Nubix"], 75_000_000, None) in found
    assert (["Thales"], ["Nubix"], 50_000_000, None) in found


def test_giving_without_capital_words_or_receiver_is_not_read() -> None:
    assert grants("Dans le schéma initial, la Caisse des dépôts devait apporter 135 millions d'euros au nom "
                  "de l'État.") == []


def test_founded_at_the_initiative_of() -> None:
    found = facts_of("La société Nubix a vu le jour à l'initiative d'Orange et de Thales.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.evidence.rule) for f in found] == [
        ("Nubix", ["Orange", "Thales"], "founding/active")]


def test_passive_founding_of_a_description_with_a_date_before_par() -> None:
    found = facts_of("L'hébergeur Nubix change de dimension. La société, fondée par Octave Klaba en 1999, "
                     "annonce une levée.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.date.year) for f in found] == [
        ("Nubix", ["Octave Klaba"], 1999)]
    found = facts_of("Pour mémoire, Nubix avait été créée en septembre 2012 par Orange et Thales.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders), f.date.month) for f in found] == [
        ("Nubix", ["Orange", "Thales"], 9)]


def test_fronted_founding_with_an_apposition_and_a_pronoun() -> None:
    found = facts_of("La start-up nantaise Nubix a bouclé une levée. Créée en 2009 par Jeanne Martin, ancienne "
                     "ingénieur de France Télécom, elle emploie cinquante personnes.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders)) for f in found] == [("Nubix", ["Jeanne Martin"])]


def test_active_founding_with_a_weekday_before_the_object() -> None:
    found = facts_of("SFR et Bull ont lancé mercredi la coentreprise Numergy.", kind=FoundingFact)
    assert [(f.organization.name, names(f.founders)) for f in found] == [("Numergy", ["Bull", "SFR"])]


def test_a_loan_granted_by_a_funder_to_a_named_receiver() -> None:
    found = _grants_full("Son financement repose sur un prêt de 5 M€ accordé par Oséo à Nubix.")
    assert found == [(["Oséo"], ["Nubix"], 5_000_000, None)]


def test_a_pronoun_receiver_is_the_organization_the_article_is_about() -> None:
    found = _grants_full("Nubix présente ses offres. Nubix vise les hôpitaux. Dassault Systèmes et Bouygues Telecom "
                         "détiennent 10 % chacun. Bpifrance lui a par ailleurs accordé une aide de 8 millions d'euros.")
    assert found == [(["Bpifrance"], ["Nubix"], 8_000_000, None)]


def test_respectively_splits_the_amounts() -> None:
    found = _grants_full("Le groupe Docaposte soutient Nubix. Docaposte et la Banque des Territoires ont apporté "
                         "respectivement 60 et 40 millions d'euros à Nubix.")
    assert found == [(["Banque des Territoires"], ["Nubix"], 40_000_000, None),
                     (["Docaposte"], ["Nubix"], 60_000_000, None)]


def test_giving_to_a_named_receiver_through_an_intermediary() -> None:
    found = _grants_full("L'État avait apporté 75 millions d'euros à Numergy en 2012, via le Fonds national pour "
                         "la société numérique.")
    assert found == [(["État"], ["Numergy"], 75_000_000, "Fonds national pour la société numérique")]


