"""The frame engine (pipeline/extract/facts/engine/, frames of ontology/frames.yaml), one table per frame.

Each test below runs one table: a row is a short French sentence of our own, written in the
style of the press (never a published sentence), with the facts it MUST give and the facts it
must NOT give. A fact is a small tuple of names, compared as sets with what the engine reads:

- founding:    (organization, sorted founders)
- funding:     (sorted funders, sorted recipients, amount as Decimal or None, intermediary or None)
- role:        (person, role key of ontology/roles.ttl, organization or None, former)
- membership:  (member, collaboration, ended)
- partnership: (sorted members, what it is about or None)
- acquisition: (buyer, target)
- meeting:     (label, sorted attendees, organizer or None)
- quote:       (speaker, first three words of the quoted text)

Every MUST fact has to be read, and through its frame: its `evidence.rule` starts with the
frame's prefix ("founding/", "funding/", "membership/ended/" for a membership that ended...).
Every MUST-NOT fact has to be absent; NOTHING says the sentence gives no fact of the kind at
all. MUST-NOT rows are the denials and plans the engine leaves out ("n'a pas investi",
"envisage de racheter", "devrait rejoindre", "investira") and the look-alikes that are no fact
("Ubisoft a lancé Rayman, un jeu"). Rows marked "ported" come from the tests of the surface
rules (tests/test_facts_*.py), with the facts they expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest
from frame_support import frame_facts

from pipeline.records import (
    ChangeFact,
    CollaborationFact,
    EventFact,
    Fact,
    FoundingFact,
    GrantFact,
    PartnershipFact,
    QuotationFact,
    RoleFact,
)

NOTHING = "nothing"  # as MUST-NOT: the sentence gives no fact of the kind at all
R = pytest.param




def facts_of(text: str, kind: type) -> list[Fact]:
    """The facts of `kind` the frame engine reads from `text`, with the project's mention finder."""
    return [f for f in frame_facts(text) if isinstance(f, kind)]


def M(millions: str) -> Decimal:
    """An amount in millions of euros, as the engine reads it ("12 millions d'euros")."""
    return Decimal(millions) * 1_000_000


def _names(refs: Iterable) -> tuple[str, ...]:
    return tuple(sorted(r.name for r in refs))


def _check(text: str, kind: type, key: Callable[[Fact], tuple], must: Iterable[tuple], must_not: Iterable[tuple] | str,
           prefix: Callable[[tuple], str] | str) -> None:
    read = {key(f): f.evidence.rule for f in facts_of(text, kind)}
    for fact in must:
        assert fact in read, f"missing {fact!r}; read {read!r}"
        want = prefix(fact) if callable(prefix) else prefix
        assert read[fact].startswith(want), f"{fact!r} read by {read[fact]!r}, not {want!r}"
    if must_not == NOTHING:
        assert not read, f"read {read!r}"
    else:
        for fact in must_not:
            assert fact not in read, f"wrongly read {fact!r} ({read[fact]!r})"


# --- founding: (organization, sorted founders) --------------------------------------------

FOUNDING = [
    R("Autre annonce du jour : la naissance de Kyrel, un laboratoire de recherche. Il est fondé par Paul Martin, "
      "l'industriel Anne Roux et Hugo Petit.",
      [("Kyrel", ("Anne Roux", "Hugo Petit", "Paul Martin"))], [], id="pronoun-after-a-verbless-sentence"),
    R("Renault et Valeo ont présenté mardi Nexio, la société qu'ils ont fondée avec Bpifrance.",
      [("Nexio", ("Bpifrance", "Renault", "Valeo"))], [], id="plural-pronoun-founders"),
    R("Le gouvernement a détaillé les 34 plans de reconquête industrielle lancés en 2013 par le président.",
      [], NOTHING, id="policy-plan-is-no-company"),
    R("En 2016, Claire Fontenay a fondé la société Qubitel à Lyon.",
      [("Qubitel", ("Claire Fontenay",))], [], id="active"),
    R("Le groupe Michelin a fondé Symbio avec Faurecia en 2019.",
      [("Symbio", ("Faurecia", "Michelin"))], [], id="active-avec"),
    R("La société Qubitel a été fondée en 2019 par Claire Fontenay et Hugo Marchetti.",
      [("Qubitel", ("Claire Fontenay", "Hugo Marchetti"))], [], id="passive-coordinated-agents"),
    R("La start-up Qubitel, créée en 2012 par Claire Fontenay et Hugo Marchetti, emploie 60 salariés.",
      [("Qubitel", ("Claire Fontenay", "Hugo Marchetti"))], [], id="participle"),
    R("Fondée en 2014 par Julien Carrasco, la société Nexalis compte désormais 120 salariés.",
      [("Nexalis", ("Julien Carrasco",))], [], id="fronted-participle"),
    R("Cofondée en 2008 par Arnaud Castel et Delphine Marcadal, Solenne Énergies exploite des parcs solaires.",
      [("Solenne Énergies", ("Arnaud Castel", "Delphine Marcadal"))], [], id="fronted-participle-tagged-as-a-name"),
    R("Fondé en 1952 à Martigues par Henri Vernhes, le groupe Vernhes Chimie emploie 900 personnes.",
      [("Vernhes Chimie", ("Henri Vernhes",))], [], id="agent-hung-on-the-place"),
    R("La société Arvalis a été constituée en 2021 par le groupe Kerlys et le transporteur breton Fonteline.",
      [("Arvalis", ("Fonteline", "Kerlys"))], [], id="agent-introduced-by-a-trade-and-an-adjective"),
    R("Le groupe Thales s'allie à Atos pour créer la coentreprise Veridia.",
      [("Veridia", ("Atos", "Thales"))], [], id="purpose-clause"),
    R("Thales et Atos ont signé un accord pour créer Veridia.",
      [("Veridia", ("Atos", "Thales"))], [], id="purpose-clause-coordinated"),
    R("La création de la société Veridia par Thales et Atos a été annoncée lundi.",
      [("Veridia", ("Atos", "Thales"))], [], id="nominal"),
    R("Karim Benali, qui a cofondé Lumio en 2015, quitte l'entreprise.",
      [("Lumio", ("Karim Benali",))], [], id="relative"),
    R("La société Qubitel, que Paul Garnier a fondée en 2018, recrute.",
      [("Qubitel", ("Paul Garnier",))], [], id="relative-object"),
    R("Julien Carrasco a cofondé la société Nexalis et dirige aujourd'hui la start-up.",
      [("Nexalis", ("Julien Carrasco",))], [], id="coordinated-verbs"),
    R("Thales et Atos ont créé la coentreprise Veridia en 2021.",
      [("Veridia", ("Atos", "Thales"))], [], id="coordinated-subjects"),
    R("La start-up Qubitel a été montée en 2018 par Paul Garnier et Inès Robert.",
      [("Qubitel", ("Inès Robert", "Paul Garnier"))], [], id="passive-monter"),
    R("Le groupe Safran a créé en 2020 la filiale Aerolis.",
      [("Aerolis", ("Safran",))], [], id="active-date-before-object"),
    R("La société Aerolis, fondée par Safran, a été rachetée par Airbus.",
      [("Aerolis", ("Safran",))], [], id="participle-in-passive"),
    R("Claire Fontenay n'a pas fondé la société Qubitel.",
      [], [("Qubitel", ("Claire Fontenay",))], id="negated"),
    R("Thales envisage de créer la coentreprise Veridia avec Atos.",
      [], NOTHING, id="planned-envisager"),
    R("Thales et Atos devraient créer la coentreprise Veridia l'an prochain.",
      [], NOTHING, id="planned-conditional"),
    R("Thales créera la société Veridia en 2026.",
      [], NOTHING, id="planned-future"),
    R("Ubisoft a lancé Rayman, un jeu de plateforme.",
      [], NOTHING, id="ported-product-launch"),
    R("Le marché, remporté par Atos et Sopra, est clos.",
      [], NOTHING, id="ported-won-contract"),
    R("En 2018, Michelin a fondé Symbio avec Faurecia.",
      [("Symbio", ("Faurecia", "Michelin"))], [], id="ported-active-avec"),
    R("Le plan prévoit la création de Nubo, remporté par Atos et Sopra, pour héberger les données.",
      [("Nubo", ("Atos", "Sopra"))], [], id="ported-creation-won"),
    R("La société Nuvola, créée par Orange avec Capgemini, vise les ministères.",
      [("Nuvola", ("Capgemini", "Orange"))], [], id="ported-participle-avec"),
    R("Changement de tête chez Nubix. Paul Girard a été nommé directeur général. Il succède à Laurent Morel, "
      "qui avait fondé l'entreprise en 2010.",
      [("Nubix", ("Laurent Morel",))], [], id="ported-relative-description"),
    R("Changement de tête chez Nubix. Laurent Morel, qui avait lancé l'offre en 2010, part.",
      [], NOTHING, id="ported-launched-offer"),
    R("Fondée en 2019 par Claire Mandon et Hugo Ferrand, l'entreprise compte 85 salariés.",
      [], NOTHING, id="ported-fronted-needs-name"),
    R("La co-entreprise Bleu a été fondée par Orange et Capgemini afin de vendre du cloud.",
      [("Bleu", ("Capgemini", "Orange"))], [], id="ported-passive"),
    R("L'hébergeur Nubix change de dimension. La société, fondée par Octave Klaba en 1999, annonce une levée.",
      [("Nubix", ("Octave Klaba",))], [], id="ported-participle-description"),
    R("Pour mémoire, Nubix avait été créée en septembre 2012 par Orange et Thales.",
      [("Nubix", ("Orange", "Thales"))], [], id="ported-passive-date"),
    R("La société, filiale commune de Docaposte, de la Banque des Territoires et de Bouygues Telecom, a présenté "
      "ses offres.",
      [], NOTHING, id="ported-parents-not-a-name"),
    R("Ardelis a été fondée en 2015 par Paul Vidal, un ancien banquier, et Léa Morin, une ancienne avocate.",
      [("Ardelis", ("Léa Morin", "Paul Vidal"))], [], id="agents-past-an-apposition"),
    R("La société Ardelis recrute. Créée en 2012 par Paul Vidal, ancien ingénieur de Safran, elle emploie "
      "80 personnes.",
      [("Ardelis", ("Paul Vidal",))], [("Safran", ("Paul Vidal",))], id="pronoun-after-a-fronted-participle"),
    R("Passé par Safran jusqu'en 2017, Paul Vidal a fondé Ardelis la même année avec Léa Morin, une ancienne "
      "avocate.",
      [("Ardelis", ("Léa Morin", "Paul Vidal"))], [], id="avec-hung-on-a-time-noun"),
    R("Le groupe Vivendi a racheté Havas en 2017. La co-entreprise Symbio de Michelin et Faurecia emploie 500 "
      "personnes.",
      [("Symbio", ("Faurecia", "Michelin"))], [], id="joint-venture-with-its-parents-after-the-name"),
    R("Le groupe Valmor participe au capital de Kerlys, qu'il a cofondé en 2018 avec Safran.",
      [("Kerlys", ("Safran", "Valmor"))], [], id="misparsed-relative-and-main-subject"),
]

# --- origin: (organization, origin) ------------------------------------------------------

ORIGIN = [
    R("Le programme du nom de Hélios a débouché sur la création de deux nouvelles sociétés : Solvane et Ombria.",
      [("Solvane", "Hélios"), ("Ombria", "Hélios")], [], id="outcome-of-a-counted-description"),
    R("Le projet Hélios a abouti à la création de Solvane.",
      [("Solvane", "Hélios")], [], id="outcome-aboutir"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), ORIGIN)
def test_founding_origin(text: str, must: list, must_not: list | str) -> None:
    _check(text, FoundingFact, lambda f: (f.organization.name, f.origin.name if f.origin else None), must,
           must_not, "founding/")


@pytest.mark.parametrize(("text", "must", "must_not"), FOUNDING)
def test_founding(text: str, must: list, must_not: list | str) -> None:
    _check(text, FoundingFact, lambda f: (f.organization.name, _names(f.founders)), must, must_not, "founding/")


# --- funding: (sorted funders, sorted recipients, amount, intermediary) --------------------

FUNDING = [
    R("En mars, la société Arvalis a bouclé une augmentation de capital de 30 millions d'euros : Kerlys en a "
      "apporté 20 millions et la Caisse des dépôts 10 millions, par l'intermédiaire de Bpifrance.",
      [(("Kerlys",), ("Arvalis",), M("20"), None), (("Caisse des dépôts",), ("Arvalis",), M("10"), "Bpifrance")],
      [(("Kerlys",), ("Arvalis",), M("20"), "Bpifrance")], id="channel-after-the-remnant-is-its-own"),
    R("Les groupes Kerlys et Fonteline ont créé la société Arvalis en 2023. Kerlys reste son premier client. La "
      "nouvelle société a levé 5 millions d'euros auprès de Bpifrance.",
      [(("Bpifrance",), ("Arvalis",), M("5"), None)], [], id="receiver-said-new-is-the-one-just-founded"),
    R("La start-up Qubitel a levé 12 millions d'euros auprès de Partech et de Bpifrance.",
      [(("Bpifrance", "Partech"), ("Qubitel",), M("12"), None)], [], id="receive-joint"),
    R("La société Qubitel lève 8 millions d'euros auprès du fonds Eurazeo.",
      [(("Eurazeo",), ("Qubitel",), M("8"), None)], [], id="receive-described-funder"),
    R("La société Qubitel annonce une levée de fonds de 15 millions d'euros menée par Eurazeo.",
      [(("Eurazeo",), ("Qubitel",), M("15"), None)], [], id="round-led-by"),
    R("La start-up Qubitel a obtenu 3 millions d'euros de Bpifrance.",
      [(("Bpifrance",), ("Qubitel",), M("3"), None)], [], id="receive-de"),
    R("La Région Bretagne a accordé une subvention de 2 millions d'euros à la société Qubitel.",
      [(("Région Bretagne",), ("Qubitel",), M("2"), None)], [], id="give-grant-noun"),
    R("La société Qubitel emploie 40 personnes. Bpifrance lui a accordé un prêt de 4 millions d'euros.",
      [(("Bpifrance",), ("Qubitel",), M("4"), None)], [], id="give-pronoun"),
    R("La société Aerolis est financée par la Région Occitanie à hauteur de 3 millions d'euros.",
      [(("Région Occitanie",), ("Aerolis",), M("3"), None)], [], id="support-passive"),
    R("La société Aerolis, soutenue par Bpifrance à hauteur de 12 millions d'euros, recrute.",
      [(("Bpifrance",), ("Aerolis",), M("12"), None)], [], id="support-participle"),
    R("Eurazeo et Partech ont investi chacun 5 millions d'euros dans la société Qubitel.",
      [(("Eurazeo",), ("Qubitel",), M("5"), None), (("Partech",), ("Qubitel",), M("5"), None)],
      [(("Eurazeo", "Partech"), ("Qubitel",), M("5"), None)], id="give-chacun"),
    R("Eurazeo et Partech ont apporté 10 millions d'euros à la société Qubitel.",
      [(("Eurazeo", "Partech"), ("Qubitel",), M("10"), None)],
      [(("Eurazeo",), ("Qubitel",), M("10"), None)], id="give-joint"),
    R("Le fonds Eurazeo, qui a investi 6 millions d'euros dans la société Qubitel, siège au conseil.",
      [(("Eurazeo",), ("Qubitel",), M("6"), None)], [], id="give-relative"),
    R("L'investissement de Bpifrance dans la société Qubitel atteint 7 millions d'euros.",
      [(("Bpifrance",), ("Qubitel",), M("7"), None)], [], id="noun-nominal"),
    R("La Banque des Territoires a pris une participation de 20 millions d'euros dans la société Aerolis.",
      [(("Banque des Territoires",), ("Aerolis",), M("20"), None)], [], id="give-stake"),
    R("La start-up Qubitel a levé 9 millions d'euros auprès de Partech puis a recruté 30 ingénieurs.",
      [(("Partech",), ("Qubitel",), M("9"), None)], [], id="receive-coordinated-verbs"),
    R("La Caisse des Dépôts a versé 30 millions d'euros à la société Aerolis.",
      [(("Caisse des Dépôts",), ("Aerolis",), M("30"), None)], [], id="give-verser"),
    R("Bpifrance n'a pas investi dans la société Qubitel.",
      [], NOTHING, id="negated"),
    R("Eurazeo envisage d'investir 20 millions d'euros dans la société Qubitel.",
      [], NOTHING, id="planned-envisager"),
    R("Bpifrance investira 5 millions d'euros dans la société Qubitel l'an prochain.",
      [], NOTHING, id="planned-future"),
    R("Eurazeo devrait investir 20 millions d'euros dans la société Qubitel.",
      [], NOTHING, id="planned-conditional"),
    R("La société Qubitel a réalisé 12 millions d'euros de chiffre d'affaires en 2022.",
      [], NOTHING, id="revenue-is-no-grant"),
    R("Selon Gartner, ce marché pourrait peser 4 milliards d'euros en 2027.",
      [], NOTHING, id="ported-market-size"),
    R("Le projet Hestia, porté par Scaleway, a obtenu 12 millions d'euros de Bpifrance, opérateur.",
      [(("Bpifrance",), ("Hestia",), M("12"), None)], [], id="ported-received-from"),
    R("La société Lumio lève 30 millions d'euros auprès d'Eurazeo et de Bpifrance.",
      [(("Bpifrance", "Eurazeo"), ("Lumio",), M("30"), None)], [], id="ported-received-joint"),
    R("Lumio a réalisé 12 millions d'euros de chiffre d'affaires en 2022.",
      [], NOTHING, id="ported-revenue"),
    R("La jeune pousse lyonnaise Lumio, qui conçoit des serveurs refroidis par immersion pour les centres de "
      "données, lève 30 millions d'euros auprès de Bpifrance.",
      [(("Bpifrance",), ("Lumio",), M("30"), None)], [], id="ported-long-relative"),
    R("Le même jour, sa concurrente Vertiflux a annoncé une levée de fonds de 12 millions d'euros menée par Eurazeo.",
      [(("Eurazeo",), ("Vertiflux",), M("12"), None)], [], id="ported-round-led-by"),
    R("Cette série B intervient après un tour de table de 8 millions d'euros mené par Eurazeo.",
      [], NOTHING, id="ported-round-without-subject"),
    R("La start-up Lumio emploie 40 personnes à Lyon. Cette série B intervient après un premier tour de table de "
      "8 millions d'euros mené par Eurazeo.",
      [(("Eurazeo",), ("Lumio",), M("8"), None)], [], id="ported-round-salient-recipient"),
    R("La Banque des Territoires mise sur les régions avec Bpifrance. L'établissement public a pris une "
      "participation de 20 millions d'euros dans Eclairion.",
      [(("Banque des Territoires",), ("Eclairion",), M("20"), None)], [], id="ported-description-subject"),
    R("Dans le schéma initial, la Caisse des dépôts devait apporter 135 millions d'euros au nom de l'État.",
      [], NOTHING, id="ported-planned-without-receiver"),
    R("Son financement repose sur un prêt de 5 M€ accordé par Oséo à Nubix.",
      [(("Oséo",), ("Nubix",), M("5"), None)], [], id="ported-loan-participle"),
    R("L'État avait apporté 75 millions d'euros à Numergy en 2012, via le Fonds national pour la société numérique.",
      [(("État",), ("Numergy",), M("75"), "Fonds national pour la société numérique")], [], id="ported-via"),
    R("Le chantier naval a besoin de fonds propres (40 millions d'euros apportés par la Région Bretagne, via la "
      "société Breizh Invest).",
      [], [(("Région Bretagne",), ("Breizh Invest",), M("40"), None)], id="via-after-comma-is-no-receiver"),
    R("La société Vellior a levé 6 millions d'euros auprès de Sofimac, via son fonds Massif Innovation.",
      [(("Sofimac",), ("Vellior",), M("6"), "Massif Innovation")], [], id="via-after-comma"),
    R("Le programme Hélios a conduit à la création de deux sociétés : Solvane et Ombria. Le tout doté de "
      "20 millions d'euros chacun apportés par Bpifrance.",
      [(("Bpifrance",), ("Solvane",), M("20"), None), (("Bpifrance",), ("Ombria",), M("20"), None)], [],
      id="distributive-to-the-companies-just-founded"),
    R("La fintech nantaise Kalipay a annoncé une levée de fonds de 9 millions d'euros menée par Elaia, avec la "
      "participation de Bpifrance. Elaia apporte 5 millions d'euros.",
      [(("Bpifrance", "Elaia"), ("Kalipay",), M("9"), None), (("Elaia",), ("Kalipay",), M("5"), None)],
      [(("Elaia",), ("Bpifrance",), M("5"), None)], id="round-cofunders-and-a-share-of-the-deal"),
    R("Bpifrance a soutenu la société Kalipay avec un prêt de 2 millions d'euros, et la Région Pays de la Loire "
      "lui a octroyé une subvention de 500 000 euros.",
      [(("Région Pays de la Loire",), ("Kalipay",), M("0.5"), None)],
      [(("Région Pays de la Loire",), ("Bpifrance",), M("0.5"), None)], id="dative-clitic-after-a-deal"),
    R("Mathieu Roche a confirmé l'aide de 12 millions d'euros accordée par l'État, au titre de France 2030, au "
      "fabricant Vellior.",
      [(("État",), ("Vellior",), M("12"), None)], [(("Mathieu Roche",), ("Vellior",), M("12"), None)],
      id="agent-of-the-grant-before-the-announcer"),
    R("Le fonds Alpage Capital apporte 6 millions d'euros.",
      [], NOTHING, id="capital-in-a-name-is-no-capital"),
    R("La Caisse a repris la participation de la Région dans la société Vellior.",
      [], NOTHING, id="stake-without-amount"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), FUNDING)
def test_funding(text: str, must: list, must_not: list | str) -> None:
    _check(text, GrantFact,
           lambda f: (_names(f.funders), _names(f.recipients), f.amount, f.through.name if f.through else None),
           must, must_not, "funding/")


@pytest.mark.parametrize(("headline", "expected"), [
    pytest.param("Logistique : la lilloise Pédalix lève 9 millions d'euros",
                 {(("Région Hauts-de-France",), ("Pédalix",), Decimal("250000"))}, id="headline-financed"),
    pytest.param("Logistique : la lilloise Pédalix ouvre un entrepôt", set(), id="headline-without-financing"),
    pytest.param("Roubaix : la société Pédalix lève 9 millions d'euros",
                 {(("Région Hauts-de-France",), ("Pédalix",), Decimal("250000"))}, id="fronted-place-is-no-receiver"),
])
def test_a_grant_without_receiver_goes_to_the_one_the_headline_says_is_financed(headline: str, expected: set) -> None:
    text = "La Région Hauts-de-France a accordé une subvention de 250 000 euros."
    grants = frame_facts(text, GrantFact, headline=headline)
    assert {(_names(f.funders), _names(f.recipients), f.amount) for f in grants} == expected


# --- roles: (person, role key, organization, former) ---------------------------------------

ROLES = [
    R("Claire Fontenay, directrice générale de la société Qubitel, a présenté les résultats.",
      [("Claire Fontenay", "directeur-general", "Qubitel", False)], [], id="apposition"),
    R("Le PDG de Capgemini, Aiman Ezzat, a présenté les résultats.",
      [("Aiman Ezzat", "pdg", "Capgemini", False)], [], id="preposed-apposition"),
    R("Paul Garnier est le PDG de la société Qubitel.",
      [("Paul Garnier", "pdg", "Qubitel", False)], [], id="copula"),
    R("Inès Robert est la présidente de Michelin.",
      [("Inès Robert", "president", "Michelin", False)], [], id="copula-2"),
    R("Inès Robert a été nommée directrice générale de la société Aerolis.",
      [("Inès Robert", "directeur-general", "Aerolis", False)], [], id="appointment"),
    R("Paul Garnier a été nommé directeur général de Thales en 2022.",
      [("Paul Garnier", "directeur-general", "Thales", False)], [], id="appointment-date"),
    R("Marie Delorme a été nommée directrice financière d'Orange, a annoncé le groupe lundi.",
      [("Marie Delorme", "directeur-financier", "Orange", False)], [], id="appointment-incise"),
    R("Nommée présidente de Renault en 2023, Inès Robert pilote la transformation du groupe.",
      [("Inès Robert", "president", "Renault", False)], [], id="fronted-participle"),
    R("Paul Garnier, ancien directeur financier d'Atos, rejoint la société Qubitel.",
      [("Paul Garnier", "directeur-financier", "Atos", True)], [], id="former"),
    R("L'ancienne directrice générale d'Atos, Inès Robert, rejoint Thales.",
      [("Inès Robert", "directeur-general", "Atos", True)], [], id="former-preposed"),
    R("Inès Robert, ex-présidente de Michelin et ancienne ministre de l'Industrie, siège au conseil.",
      [("Inès Robert", "president", "Michelin", True), ("Inès Robert", "ministre", "Gouvernement", True)], [],
      id="coordinated-posts"),
    R("Claire Fontenay, directrice générale de Thales, et Paul Garnier, PDG d'Atos, ont signé l'accord.",
      [("Claire Fontenay", "directeur-general", "Thales", False), ("Paul Garnier", "pdg", "Atos", False)], [],
      id="coordinated-appositions"),
    R("Sophie Lemarchand, analyste chez Gartner, reste prudente.",
      [("Sophie Lemarchand", "analyste", "Gartner", False)], [], id="apposition-chez"),
    R("Selon le directeur général de Thales, Patrice Caine, la demande reste forte.",
      [("Patrice Caine", "directeur-general", "Thales", False)], [], id="selon-preposed"),
    R("Paul Garnier, directeur technique de la société Qubitel depuis 2018, quitte ses fonctions.",
      [("Paul Garnier", "directeur-technique", "Qubitel", False)], [], id="apposition-depuis"),
    R("Marie Delorme, la nouvelle directrice commerciale d'Orange, arrive de SFR.",
      [("Marie Delorme", "directeur-commercial", "Orange", False)], [("Marie Delorme", "directeur-commercial", "SFR",
                                                                      False)], id="apposition-determiner"),
    R("Le patron d'Orange, Christel Heydemann, a annoncé le plan.",
      [("Christel Heydemann", "dirigeant", "Orange", False)], [], id="preposed-patron"),
    R("Le maire de Lyon, Grégory Doucet, a inauguré le site.",
      [("Grégory Doucet", "maire", "Lyon", False)], [], id="mayor"),
    R("Le ministre de l'Économie, Bruno Le Maire, a visité l'usine.",
      [("Bruno Le Maire", "ministre", "Gouvernement", False)], [], id="minister"),
    R("Julien Carrasco dirige la société Nexalis depuis 2019.",
      [("Julien Carrasco", "dirigeant", "Nexalis", False)], [], id="leading-active"),
    R("Paul Garnier, qui dirige la société Qubitel, a salué l'accord.",
      [("Paul Garnier", "dirigeant", "Qubitel", False)], [], id="leading-relative"),
    R("Claire Fontenay, qui préside Michelin, a salué l'accord.",
      [("Claire Fontenay", "president", "Michelin", False)], [], id="leading-presider-relative"),
    R("Inès Robert a pris la tête de la société Aerolis en janvier.",
      [("Inès Robert", "dirigeant", "Aerolis", False)], [], id="leading-prendre-la-tete"),
    R("Paul Garnier a pris la présidence de Michelin en 2021.",
      [("Paul Garnier", "president", "Michelin", False)], [], id="leading-prendre-la-presidence"),
    R("Inès Robert ne dirige pas la société Aerolis.",
      [], NOTHING, id="negated"),
    R("Inès Robert devrait prendre la tête de la société Aerolis.",
      [], NOTHING, id="planned-conditional"),
    R("Paul Garnier pourrait prendre la tête de Thales.",
      [], NOTHING, id="planned-pouvoir"),
    R("Paul Garnier dirigera Thales à partir de janvier.",
      [], NOTHING, id="planned-future"),
    R("Claire Fontenay, consultante, a rendu son rapport.",
      [], NOTHING, id="no-organization"),
    R("Marie Dupuis, directrice générale de Schneider Electric, a présenté les résultats.",
      [("Marie Dupuis", "directeur-general", "Schneider Electric", False)], [], id="ported-apposition"),
    R("Jean Martin, analyste chez Gartner, reste prudent.",
      [("Jean Martin", "analyste", "Gartner", False)], [], id="ported-chez"),
    R("Paul Hermelin, ex-directeur général de Sogeti et ancien ministre de la culture, sera présent.",
      [("Paul Hermelin", "directeur-general", "Sogeti", True), ("Paul Hermelin", "ministre", "Gouvernement", True)],
      [], id="ported-former-chain"),
    R("Selon le PDG de Capgemini, Paul Hermelin, la demande reste forte.",
      [("Paul Hermelin", "pdg", "Capgemini", False)], [], id="ported-preposed"),
    R("Le ministre de l'Agriculture Julien Denormandie a visité l'usine.",
      [("Julien Denormandie", "ministre", "Gouvernement", False)], [], id="ported-minister-government"),
    R("Le ministre de l'Agriculture Julien Denormandie a visité l'usine. Le ministère de l'Agriculture a publié un "
      "communiqué.",
      [("Julien Denormandie", "ministre", "Ministère de l'Agriculture", False)],
      [("Julien Denormandie", "ministre", "Gouvernement", False)], id="ported-minister-ministry"),
    R("Selon Jeanne Martin, ministre de l'Économie, des Finances et de la Souveraineté industrielle et numérique, "
      "la reprise est là.",
      [("Jeanne Martin", "ministre", "Gouvernement", False)], [], id="ported-minister-portfolios"),
    R("La veille, Paul Martin, ancien ministre de l'économie, vient de signaler son intérêt.",
      [("Paul Martin", "ministre", "Gouvernement", True)], [], id="ported-former-minister"),
    R("Le président allemand Frank-Walter Steinmeier est arrivé à Paris.",
      [("Frank-Walter Steinmeier", "president", "Allemagne", False)], [], id="ported-nationality"),
    R("Paul Hermelin (Capgemini) a pris la parole.",
      [], NOTHING, id="ported-parenthesis-needs-post"),
    R("Claire Petit, consultante, a rendu son rapport.",
      [], NOTHING, id="ported-no-organization"),
    R("Patrick Starck, qui dirige Cloudwatt, promet un service simple.",
      [("Patrick Starck", "dirigeant", "Cloudwatt", False)], [], id="ported-leads"),
    R("« Le temps dira », explique Mathilde Revel, directrice du département économie numérique de la Caisse des "
      "dépôts.",
      [("Mathilde Revel", "directeur", "Caisse des dépôts", False)], [], id="ported-unit"),
    R("Hubert Tardieu (Atos), président du conseil d'administration de Gaia-X, défend l'ouverture.",
      [("Hubert Tardieu", "president-du-conseil-d-administration", "Gaia-X", False)], [],
      id="ported-parenthesized-organization"),
    R("Créée en 2009 par Jeanne Martin, ancienne ingénieure de Thales, la société grandit.",
      [("Jeanne Martin", "ingenieur", "Thales", True)], [], id="ported-former-engineer"),
    R("Selon Jeanne Martin, ministre de l'Éducation nationale, de l'Enseignement supérieur et de la Recherche, "
      "l'accord tient. Le ministère de l'Éducation nationale a signé.",
      [("Jeanne Martin", "ministre", "Ministère de l'Éducation nationale", False)], [], id="ported-first-portfolio"),
    R("Selon le numéro un d'Atos, Thierry Breton, l'opération est saine.",
      [("Thierry Breton", "dirigeant", "Atos", False)], [], id="ported-number-one"),
    R("L'ancien président de Syntec Numérique, Godefroy de Bentzmann, y voit un mouvement.",
      [("Godefroy de Bentzmann", "president", "Syntec Numérique", True)], [], id="ported-elided-former"),
    R("Le ministre délégué chargé de la Transition numérique, Jean-Noël Barrot, a visité Lumio.",
      [("Jean-Noël Barrot", "ministre", "Gouvernement", False)], [], id="ported-delegate-minister"),
    R("Patrice Caine, PDG de Thales, voit un relais. « C'est une réponse concrète aux exigences », juge le patron "
      "du groupe de défense.",
      [("Patrice Caine", "pdg", "Thales", False)], [], id="ported-title-speaker"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), ROLES)
def test_roles(text: str, must: list, must_not: list | str) -> None:
    _check(text, RoleFact, lambda f: (f.person.name, f.role, f.org.name if f.org else None, f.former),
           must, must_not, "role/")


# --- membership: (member, collaboration, ended) ---------------------------------------------

MEMBERSHIP = [
    R("La société Qubitel a rejoint le consortium Gaia-X en 2021.",
      [("Qubitel", "Gaia-X", False)], [], id="active"),
    R("Atos a rejoint en mars le consortium Gaia-X.",
      [("Atos", "Gaia-X", False)], [], id="active-date-before-object"),
    R("Thales a adhéré à l'association Hexatrust.",
      [("Thales", "Hexatrust", False)], [], id="adherer"),
    R("Atos et Capgemini ont adhéré à l'association Hexatrust.",
      [("Atos", "Hexatrust", False), ("Capgemini", "Hexatrust", False)], [], id="coordinated-subjects"),
    R("Thales et Atos ont rejoint le consortium Gaia-X.",
      [("Thales", "Gaia-X", False), ("Atos", "Gaia-X", False)], [], id="coordinated-subjects-rejoindre"),
    R("Thales a intégré l'alliance Hexacloud en 2020.",
      [("Thales", "Hexacloud", False)], [], id="integrer"),
    R("Atos fait partie du consortium Gaia-X.",
      [("Atos", "Gaia-X", False)], [], id="faire-partie"),
    R("La société Qubitel, qui a rejoint le consortium Gaia-X, ouvre un centre à Lille.",
      [("Qubitel", "Gaia-X", False)], [], id="relative"),
    R("L'adhésion de Thales à l'association Hexatrust a été annoncée mardi.",
      [("Thales", "Hexatrust", False)], [], id="nominal"),
    R("Thales est membre de l'association Hexatrust depuis 2015.",
      [("Thales", "Hexatrust", False)], [], id="copula-membre"),
    R("La société Qubitel a quitté le consortium Gaia-X en 2022.",
      [("Qubitel", "Gaia-X", True)], [("Qubitel", "Gaia-X", False)], id="ended-active"),
    R("Le groupe Thales s'est retiré du consortium Gaia-X.",
      [("Thales", "Gaia-X", True)], [], id="ended-se-retirer"),
    R("Le groupe Thales n'a pas rejoint le consortium Gaia-X.",
      [], NOTHING, id="negated"),
    R("Atos n'a jamais adhéré à l'association Hexatrust.",
      [], NOTHING, id="negated-jamais"),
    R("La société Qubitel envisage de rejoindre le consortium Gaia-X.",
      [], NOTHING, id="planned-envisager"),
    R("Le groupe Thales devrait rejoindre le consortium Gaia-X.",
      [], NOTHING, id="planned-conditional"),
    R("Atos rejoindra le consortium Gaia-X en 2026.",
      [], NOTHING, id="planned-future"),
    R("Capgemini a décidé de quitter le consortium Gaia-X.",
      [], NOTHING, id="planned-decider"),
    R("Thales a rejoint la société Qubitel comme actionnaire.",
      [], NOTHING, id="joining-a-company"),
    R("Le groupe Thales a quitté la société Aerolis.",
      [], NOTHING, id="leaving-a-company"),
    R("Siemens a annoncé en juin 2020 son départ du consortium Gaia-X.",
      [("Siemens", "Gaia-X", True)], [], id="ported-leaving-nominal"),
    R("Capgemini se dit prête à rejoindre le consortium Gaia-X.",
      [], NOTHING, id="ported-ready-to-join"),
    R("Thales quitte Cloudwatt.",
      [], NOTHING, id="ported-company-quits-company"),
    R("Lumio a en revanche renoncé à rejoindre Gaia-X cette année.",
      [], NOTHING, id="ported-renounced"),
    R("La volonté d'Atos de rejoindre le consortium Gaia-X a éclipsé le reste du dossier cette année.",
      [], NOTHING, id="ported-wish"),
    R("L'alliance Numeria réunit des hébergeurs régionaux. Les groupes Sopra et Altec y ont adhéré en 2022.",
      [("Sopra", "Numeria", False), ("Altec", "Numeria", False)], [], id="y-after-a-described-alliance"),
    R("Gaia-X, un projet européen, compte déjà 300 membres. Le britannique Arqiva a rejoint le consortium en mai.",
      [("Arqiva", "Gaia-X", False)], [], id="consortium-is-the-project-spoken-of"),
    R("Le consortium Cloudea attire. L'allemand Verivox l'a rejoint, tout comme Sopra et Altec.",
      [("Sopra", "Cloudea", False), ("Altec", "Cloudea", False)], [], id="tout-comme"),
    R("Côté associations, Qubitel a adhéré en 2021 à l'association Hexatrust.",
      [("Qubitel", "Hexatrust", False)], [], id="opening-phrase-is-no-subject"),
    R("La société Altec semble très motivée pour rejoindre le consortium Gaia-X.",
      [], NOTHING, id="planned-motivated"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), MEMBERSHIP)
def test_membership(text: str, must: list, must_not: list | str) -> None:
    _check(text, CollaborationFact, lambda f: (f.member.name, f.collaboration.name, f.ended), must, must_not,
           lambda fact: "membership/ended/" if fact[2] else "membership/")


# --- partnership: (sorted members, about) ----------------------------------------------------

PARTNERSHIP = [
    R("Capgemini a noué un partenariat avec Google pour proposer Bleu aux administrations.",
      [(("Capgemini", "Google"), None)], [], id="nouer-un-partenariat"),
    R("Thales a signé un partenariat avec Atos.",
      [(("Atos", "Thales"), None)], [], id="nominal-support"),
    R("Le partenariat entre Thales et Atos porte sur la défense.",
      [(("Atos", "Thales"), None)], [], id="nominal-entre"),
    R("Thales et Atos se sont alliés pour répondre aux appels d'offres.",
      [(("Atos", "Thales"), None)], [], id="reflexive-coordinated"),
    R("Thales n'a pas noué de partenariat avec Atos.",
      [], NOTHING, id="negated"),
    R("Thales envisage de s'allier à Atos.",
      [], NOTHING, id="planned"),
    R("Claire Fontenay s'est associée à Paul Garnier pour écrire un livre.",
      [], NOTHING, id="persons-are-no-partnership"),
    R("Eclairion a par ailleurs noué un partenariat avec Microsoft pour accueillir des serveurs.",
      [(("Eclairion", "Microsoft"), None)], [], id="ported-adverb"),
    R("Marie Durand s'est associée à Paul Lefèvre pour écrire un livre.",
      [], NOTHING, id="ported-needs-organizations"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), PARTNERSHIP)
def test_partnership(text: str, must: list, must_not: list | str) -> None:
    _check(text, PartnershipFact, lambda f: (_names(f.members), f.about.name if f.about else None), must, must_not,
           "partnership/")


# --- acquisition: (buyer, target) ----------------------------------------------------------------

ACQUISITION = [
    R("Capgemini a racheté Altran en 2020.",
      [("Capgemini", "Altran")], [], id="active"),
    R("Atos a acquis la société Nexalis pour 300 millions d'euros.",
      [("Atos", "Nexalis")], [], id="acquerir"),
    R("Le rachat d'Altran par Capgemini a été finalisé en mars.",
      [("Capgemini", "Altran")], [], id="nominal"),
    R("Capgemini, qui a racheté Altran en 2020, recrute.",
      [("Capgemini", "Altran")], [], id="relative"),
    R("Thales a mis la main sur la société Gemalto.",
      [("Thales", "Gemalto")], [], id="mettre-la-main-sur"),
    R("Capgemini envisage de racheter Altran.",
      [], NOTHING, id="planned"),
    R("Atos n'a pas racheté la société Nexalis.",
      [], NOTHING, id="negated"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), ACQUISITION)
def test_acquisition(text: str, must: list, must_not: list | str) -> None:
    _check(text, ChangeFact, lambda f: (f.resulting.name, ", ".join(_names(f.original))), must, must_not,
           "acquisition/")


# --- meeting: (label, sorted attendees, organizer) -------------------------------------------------

MEETING = [
    R("Emmanuel Macron a rencontré Olaf Scholz à Berlin.",
      [("rencontre", ("Emmanuel Macron", "Olaf Scholz"), None)], [], id="rencontrer"),
    R("Emmanuel Macron s'est entretenu avec Olaf Scholz lundi.",
      [("entretien", ("Emmanuel Macron", "Olaf Scholz"), None)], [], id="s-entretenir"),
    R("Emmanuel Macron et Olaf Scholz se sont réunis à Aix-la-Chapelle.",
      [("réunion", ("Emmanuel Macron", "Olaf Scholz"), None)], [], id="se-reunir"),
    R("Emmanuel Macron a reçu Olaf Scholz à l'Élysée.",
      [("réception", ("Olaf Scholz",), "Emmanuel Macron")], [], id="recevoir"),
    R("Olaf Scholz a été reçu par Emmanuel Macron à l'Élysée.",
      [("réception", ("Olaf Scholz",), "Emmanuel Macron")], [], id="recevoir-passive"),
    R("Emmanuel Macron devrait rencontrer Olaf Scholz la semaine prochaine.",
      [], NOTHING, id="planned"),
    R("Emmanuel Macron n'a pas rencontré Olaf Scholz.",
      [], NOTHING, id="negated"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), MEETING)
def test_meeting(text: str, must: list, must_not: list | str) -> None:
    _check(text, EventFact, lambda f: (f.label, _names(f.attendees), f.organizer.name if f.organizer else None),
           must, must_not, "meeting/")


# --- quotes: (speaker, first three words) -------------------------------------------------------

QUOTES = [
    R("« Nous allons doubler nos effectifs d'ici deux ans », a déclaré Claire Fontenay, directrice générale de la "
      "société Qubitel.",
      [("Claire Fontenay", "Nous allons doubler")], [], id="speaker-after-apposition"),
    R("« La demande explose dans toute l'Europe », explique Paul Garnier.",
      [("Paul Garnier", "La demande explose")], [], id="speaker-after-inverted"),
    R("« Nous allons ouvrir deux usines en Europe », a annoncé Inès Robert.",
      [("Inès Robert", "Nous allons ouvrir")], [], id="speaker-after-compound-tense"),
    R("“Nous voulons bâtir un champion européen”, a affirmé Inès Robert.",
      [("Inès Robert", "Nous voulons bâtir")], [], id="curly-quotes"),
    R('"Nous voulons bâtir un champion européen", a affirmé Inès Robert.',
      [("Inès Robert", "Nous voulons bâtir")], [], id="straight-quotes"),
    R("« L'État doit montrer l'exemple », s'agace Sophie Lemarchand.",
      [("Sophie Lemarchand", "L'État doit montrer")], [], id="reflexive-verb"),
    R("« Il faut investir massivement dans les semi-conducteurs », juge Paul Garnier, directeur financier d'Atos.",
      [("Paul Garnier", "Il faut investir")], [], id="juger"),
    R("Paul Garnier a déclaré : « Nous ne céderons pas la société à un fonds américain. »",
      [("Paul Garnier", "Nous ne céderons")], [], id="speaker-before-colon"),
    R("Claire Fontenay l'assure : « Nous serons rentables dès l'an prochain. »",
      [("Claire Fontenay", "Nous serons rentables")], [], id="speaker-before-object-pronoun"),
    R("Paul Garnier a expliqué que « la demande publique reste le premier levier ».",
      [("Paul Garnier", "la demande publique")], [], id="speaker-before-que"),
    R("« Nous ne céderons rien, prévient Inès Robert, présidente de Michelin. La filière doit tenir. »",
      [("Inès Robert", "Nous ne céderons")], [], id="incise-apposition"),
    R("Selon Paul Garnier, « la souveraineté numérique passe par la commande publique ».",
      [("Paul Garnier", "la souveraineté numérique")], [], id="selon"),
    R("Pour Claire Fontenay, « le cloud de confiance n'est plus une option ».",
      [("Claire Fontenay", "le cloud de")], [], id="pour"),
    R("« Les prix de l'énergie pèsent lourdement sur nos marges », selon Inès Robert.",
      [("Inès Robert", "Les prix de")], [], id="selon-after"),
    R("Inès Robert, présidente de Michelin, était confiante. « Nos usines tourneront à plein régime cette année », "
      "a-t-elle déclaré.",
      [("Inès Robert", "Nos usines tourneront")], [], id="pronoun-feminine"),
    R("Paul Garnier, patron de la société Qubitel, reste prudent. « Nous attendons les arbitrages de l'État », "
      "a-t-il ajouté.",
      [("Paul Garnier", "Nous attendons les")], [], id="pronoun-masculine"),
    R("Inès Robert dirige Michelin depuis 2021. « Nous visons la rentabilité dès 2026 », déclare-t-elle.",
      [("Inès Robert", "Nous visons la")], [], id="pronoun-inverted-present"),
    R("« Nous avons signé avec trois ministères », a déclaré Paul Garnier. « Deux autres contrats sont en "
      "discussion », a-t-il ajouté.",
      [("Paul Garnier", "Nous avons signé"), ("Paul Garnier", "Deux autres contrats")], [], id="second-quote-pronoun"),
    R("« Le projet reste rentable », assure le groupe Michelin.",
      [("Michelin", "Le projet reste")], [], id="organization-described"),
    R("Capgemini a déclaré : « Nous maintenons nos objectifs pour l'année. »",
      [("Capgemini", "Nous maintenons nos")], [], id="organization-before-colon"),
    R("« Nous n'avons reçu aucune offre sérieuse », indique Capgemini dans un communiqué.",
      [("Capgemini", "Nous n'avons reçu")], [], id="organization-communique"),
    R("Le cabinet évoque des « partenaires stratégiques » sans les nommer.",
      [], NOTHING, id="scare-quotes"),
    R("« Nous voulons que les entreprises aient le choix », a déclaré le ministre.",
      [], NOTHING, id="ported-unheld-title"),
    R("« Nous allons doubler nos capacités d'ici deux ans », a affirmé Octavie Mercier, directrice de Nuvola.",
      [("Octavie Mercier", "Nous allons doubler")], [], id="ported-speaker-after"),
    R("Jean Roux, patron de Nuvola, était confiant. « La demande explose partout en Europe » ajoutait-il.",
      [("Jean Roux", "La demande explose")], [], id="ported-pronoun"),
    R("Jean Roux a déclaré : « Nous ne vendrons pas la société à un groupe américain. »",
      [("Jean Roux", "Nous ne vendrons")], [], id="ported-speaker-before"),
    R("« Le marché se consolide très vite, observe Léa Morin, analyste chez IDC. Les petits acteurs devront "
      "s'allier. »",
      [("Léa Morin", "Le marché se")], [], id="ported-incise"),
    R("Le cabinet parle de « souveraineté numérique » sans plus de détails.",
      [], NOTHING, id="ported-scare-quotes"),
    R("Le fondateur Octave Klaba a sonné la cloche aux côtés de Stéphane Boujnah, président d'Euronext. « Il y a "
      "vingt ans, je louais un serveur », a-t-il lancé.",
      [("Octave Klaba", "Il y a")], [("Stéphane Boujnah", "Il y a")], id="ported-pronoun-subject-before"),
    R("Son patron, Louis Gallois, plaide pour la rigueur. Selon lui, « l'argent public doit servir d'effet de "
      "levier, pas de béquille ».",
      [("Louis Gallois", "l'argent public doit")], [], id="ported-selon-lui"),
    R("Nicolas Ferrier, directeur général délégué d'OVH, précise que l'argent servira aussi à recruter : « Nous "
      "allons embaucher un millier de personnes d'ici trois ans. »",
      [("Nicolas Ferrier", "Nous allons embaucher")], [], id="ported-colon-after-apposition"),
    R("Michel Paulin, directeur général d'OVHcloud depuis 2018, l'assure : « Cette introduction en Bourse nous "
      "donne les moyens de grandir. »",
      [("Michel Paulin", "Cette introduction en")], [], id="ported-colon-object-pronoun"),
    R("« Le feu a été circonscrit vers 5 heures, mais le refroidissement prendra du temps », a précisé le "
      "lieutenant-colonel Dominique Hemmerlé, porte-parole des pompiers.",
      [("Dominique Hemmerlé", "Le feu a")], [], id="ported-title-before-name"),
    R("Selon Arnaud Montebourg, ministre de l'Économie, du Redressement productif et du Numérique, « ce "
      "rapprochement crée un champion français capable de rivaliser ».",
      [("Arnaud Montebourg", "ce rapprochement crée")], [], id="ported-selon-long-title"),
    R("« L'État offre un marché captif sans appel d'offres », s'indigne Marc Tournier, porte-parole d'EduNathon.",
      [("Marc Tournier", "L'État offre un")], [], id="ported-reflexive"),
    R("Selon Thomas Coustenoble, analyste chez IDC, « OVHcloud cherche à monter dans la chaîne ».",
      [("Thomas Coustenoble", "OVHcloud cherche à")], [], id="ported-selon-apposition"),
    R("Pour Aiman Ezzat, directeur général de Capgemini, « le cloud de confiance n'est plus une option ».",
      [("Aiman Ezzat", "le cloud de")], [], id="ported-pour-apposition"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), QUOTES)
def test_quotes(text: str, must: list, must_not: list | str) -> None:
    _check(text, QuotationFact, lambda f: (f.speaker.name, " ".join(f.text.split()[:3])), must, must_not,
           "quote/")


def test_a_year_in_a_programme_name_is_no_date() -> None:
    grants = frame_facts("L'État accorde 3 millions d'euros à la société Vellior au titre de France 2030.", GrantFact)
    assert [(g.funder.name, g.date) for g in grants] == [("État", None)]
    dated = frame_facts("En 2016, l'État a accordé 3 millions d'euros à la société Vellior.", GrantFact)
    assert [g.date.year for g in dated if g.date] == [2016]
