"""Roles: one sentence of our own per rule; the roles vocabulary matches the lexicon."""

from __future__ import annotations

import rdflib
import yaml
from test_facts_support import facts_of

from pipeline.config import LEXICON_DIR, ROLES_FILE
from pipeline.records import RoleFact
from pipeline.vocab import SKOS


def _roles(text: str) -> list[tuple[str, str, str | None, bool, str]]:
    facts = facts_of(text, kind=RoleFact)
    return sorted(
        (f.person.name, f.role, f.org.name if f.org else None, f.former, f.evidence.rule) for f in facts
    )


def test_apposition() -> None:
    assert _roles("Marie Dupuis, directrice générale de Schneider Electric, a présenté les résultats.") == [
        ("Marie Dupuis", "directeur-general", "Schneider Electric", False, "roles.apposition")
    ]


def test_apposition_with_chez() -> None:
    assert _roles("Jean Martin, analyste chez Gartner, reste prudent.") == [
        ("Jean Martin", "analyste", "Gartner", False, "roles.apposition")
    ]


def test_apposition_chain_with_former_posts() -> None:
    roles = _roles(
        "Paul Hermelin, ex-directeur général de Sogeti et ancien ministre de la culture, sera présent."
    )
    assert ("Paul Hermelin", "directeur-general", "Sogeti", True, "roles.apposition") in roles
    assert ("Paul Hermelin", "ministre", "Gouvernement", True, "roles.apposition") in roles


def test_preposed_title() -> None:
    assert _roles("Selon le PDG de Capgemini, Paul Hermelin, la demande reste forte.") == [
        ("Paul Hermelin", "pdg", "Capgemini", False, "roles.preposed")
    ]


def test_preposed_public_office_with_a_portfolio_is_a_seat_in_the_government() -> None:
    facts = facts_of("Le ministre de l'Agriculture Julien Denormandie a visité l'usine.", kind=RoleFact)
    assert [(f.org.name, f.role_label) for f in facts] == [("Gouvernement", "ministre de l'agriculture")]


def test_public_office_belongs_to_the_ministry_the_text_names() -> None:
    facts = facts_of("Le ministre de l'Agriculture Julien Denormandie a visité l'usine. Le ministère de "
                     "l'Agriculture a publié un communiqué.", kind=RoleFact)
    assert [f.org.name for f in facts] == ["Ministère de l'Agriculture"]


def test_public_office_title_runs_through_enumerated_portfolios() -> None:
    facts = facts_of("Selon Jeanne Martin, ministre de l'Économie, des Finances et de la Souveraineté "
                     "industrielle et numérique, la reprise est là.", kind=RoleFact)
    assert [f.role_label for f in facts] == [
        "ministre de l'économie, des finances et de la souveraineté industrielle et numérique"]
    # an enumeration ends with "et": a comma and a verb after the portfolio end the title
    facts = facts_of("La veille, Paul Martin, ancien ministre de l'économie, vient de signaler son intérêt.",
                     kind=RoleFact)
    assert [f.role_label for f in facts] == ["ministre de l'économie"]


def test_head_of_state_with_nationality() -> None:
    assert _roles("Le président allemand Frank-Walter Steinmeier est arrivé à Paris.") == [
        ("Frank-Walter Steinmeier", "president", "Allemagne", False, "roles.preposed")
    ]


def test_parenthesis_needs_a_post() -> None:
    assert _roles("Paul Hermelin (président, Capgemini) a pris la parole.") == [
        ("Paul Hermelin", "president", "Capgemini", False, "roles.parenthesis")
    ]
    assert _roles("Paul Hermelin (Capgemini) a pris la parole.") == []


def test_headed_by() -> None:
    assert _roles(
        "Le comité d'orientation de Numeum, présidé par Pierre-Marie Lehucher, se réunira lundi."
    ) == [("Pierre-Marie Lehucher", "president", "Numeum", False, "roles.headed-by")]


def test_no_role_without_organization() -> None:
    assert _roles("Claire Petit, consultante, a rendu son rapport.") == []


def test_roles_vocabulary_holds_every_key_of_the_lexicon() -> None:
    graph = rdflib.Graph().parse(ROLES_FILE)
    scheme = rdflib.URIRef("https://w3id.org/souverain/id/role/scheme")
    in_scheme = {str(s).rsplit("/", 1)[1] for s in graph.subjects(SKOS.inScheme, scheme)}
    posts = yaml.safe_load((LEXICON_DIR / "posts.yaml").read_text(encoding="utf-8"))["posts"]
    assert {p["key"] for p in posts} == in_scheme
    for subject in graph.subjects(SKOS.inScheme, scheme):
        assert any(label.language == "fr" for label in graph.objects(subject, SKOS.prefLabel))


def test_chain_goes_on_after_a_time_and_a_present_post() -> None:
    found = _roles("Michel Paulin, directeur général d'OVHcloud depuis 2018 et ex-dirigeant de SFR, l'assure.")
    assert ("Michel Paulin", "directeur-general", "OVHcloud", False, "roles.apposition") in found
    assert ("Michel Paulin", "dirigeant", "SFR", True, "roles.apposition") in found


def test_two_posts_sharing_one_organization() -> None:
    found = {(p, r, o) for p, r, o, _, _ in _roles("« Nous allons croître », explique Octave Klaba, PDG et "
                                                    "fondateur d'OVH.")}
    assert {("Octave Klaba", "pdg", "OVH"), ("Octave Klaba", "fondateur", "OVH")} <= found


def test_who_leads_an_organization() -> None:
    assert _roles("Patrick Starck, qui dirige Cloudwatt, promet un service simple.") == [
        ("Patrick Starck", "dirigeant", "Cloudwatt", False, "roles.leads")]


def test_a_unit_stays_in_the_post() -> None:
    facts = facts_of("« Le temps dira », explique Mathilde Revel, directrice du département économie numérique "
                     "de la Caisse des dépôts.", kind=RoleFact)
    assert [(f.role_label, f.org.name) for f in facts] == [
        ("directrice du département économie numérique", "Caisse des dépôts")]


def test_parenthesized_organization_before_the_apposition() -> None:
    found = _roles("Hubert Tardieu (Atos), président du conseil d'administration de Gaia-X, défend l'ouverture.")
    assert [(p, o) for p, _, o, _, _ in found] == [("Hubert Tardieu", "Gaia-X")]


def test_a_federal_minister_is_no_seat_in_the_french_government() -> None:
    assert _roles("Son homologue Peter Altmaier, ministre fédéral de l'Économie, était présent.") == []


def test_its_post_belongs_to_the_organization_the_sentences_before_are_about() -> None:
    found = _roles("Le consortium Gaia-X s'ouvre au monde. Francesco Bonfiglio, son directeur général, défend "
                   "ce choix.")
    assert [(p, r, o) for p, r, o, _, _ in found] == [("Francesco Bonfiglio", "directeur-general", "Gaia-X")]


def test_former_engineer() -> None:
    found = _roles("Créée en 2009 par Jeanne Martin, ancienne ingénieure de Thales, la société grandit.")
    assert [(p, r, o, f) for p, r, o, f, _ in found] == [("Jeanne Martin", "ingenieur", "Thales", True)]


def test_a_mayor_belongs_to_the_town() -> None:
    found = _roles("Le maire de Lyon, Gérard Collomb, a inauguré le site.")
    assert [(p, r, o) for p, r, o, _, _ in found] == [("Gérard Collomb", "maire", "Lyon")]


def test_the_ministry_of_the_first_portfolio_when_the_text_names_it() -> None:
    facts = facts_of("Selon Jeanne Martin, ministre de l'Éducation nationale, de l'Enseignement supérieur et de "
                     "la Recherche, l'accord tient. Le ministère de l'Éducation nationale a signé.", kind=RoleFact)
    assert [f.org.name for f in facts] == ["Ministère de l'Éducation nationale"]


def test_number_one_is_the_head() -> None:
    found = _roles("Selon le numéro un d'Atos, Thierry Breton, l'opération est saine.")
    assert [(p, r, o) for p, r, o, _, _ in found] == [("Thierry Breton", "dirigeant", "Atos")]
