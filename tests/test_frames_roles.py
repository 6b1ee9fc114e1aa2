"""Roles read by the frame engine (pipeline/extract/facts/engine/roles.py): a person holds a post.

Each row is a short French sentence of our own, in the style of the press, with the role facts
it MUST give and must NOT give, as (person, role key of ontology/roles.ttl, organization or
None, former). Every MUST fact is read through a "role/" rule; NOTHING says no role at all.
"""

from __future__ import annotations

import pytest
import rdflib
import yaml
from frame_support import frame_facts

from pipeline.config import LEXICON_DIR, ROLES_FILE
from pipeline.records import RoleFact
from pipeline.vocab import SKOS

NOTHING = "nothing"
R = pytest.param




def _roles(text: str, headline: str | None = None) -> dict[tuple, RoleFact]:
    facts = [f for f in frame_facts(text, headline=headline) if isinstance(f, RoleFact)]
    return {(f.person.name, f.role, f.org.name if f.org else None, f.former): f for f in facts}


ROLES = [
    # copulas and appointments
    R("Claire Fontenay est directrice générale de la société Qubitel depuis 2020.",
      [("Claire Fontenay", "directeur-general", "Qubitel", False)], [], id="copula-depuis"),
    R("Paul Garnier est devenu directeur général de Thales en 2022.",
      [("Paul Garnier", "directeur-general", "Thales", False)], [], id="devenir"),
    R("Le groupe Orange a nommé Christel Heydemann directrice générale.",
      [("Christel Heydemann", "directeur-general", "Orange", False)], [], id="appointer-organization"),
    R("Marie Durand a été nommée directrice générale de la société Lumio la semaine dernière.",
      [("Marie Durand", "directeur-general", "Lumio", False)], [], id="appointment-passive"),
    R("La direction générale de la société Kerlys a été confiée à Nicolas Ambrosino.",
      [("Nicolas Ambrosino", "directeur-general", "Kerlys", False)], [], id="office-entrusted-passive"),
    R("Julien Marchal, 47 ans, a pris la direction générale de la société Kerlys le 1er septembre.",
      [("Julien Marchal", "directeur-general", "Kerlys", False)], [("Julien Marchal", "directeur", "Kerlys", False)],
      id="heading-verb-with-a-precise-office"),
    R("La société Kerlys confie les rênes à Anne Morel.",
      [("Anne Morel", "dirigeant", "Kerlys", False)], [], id="office-entrusted-by-the-organization"),
    R("La société Kerlys a nommé Léa Morvan au poste de directrice générale.",
      [("Léa Morvan", "directeur-general", "Kerlys", False)], [], id="appointment-au-poste-de"),
    R("Le marché a été attribué à la société Fonteline, au grand dam de la société Kerlys, dont le PDG, Paul Morel, "
      "avait lui aussi fait une offre.", [("Paul Morel", "pdg", "Kerlys", False)], [], id="dont-le-post-apposed"),
    # appositions
    R("Paul Garnier et Marie Delorme, respectivement PDG et directrice financière d'Orange, ont signé.",
      [("Paul Garnier", "pdg", "Orange", False), ("Marie Delorme", "directeur-financier", "Orange", False)],
      [("Paul Garnier", "directeur-financier", "Orange", False), ("Marie Delorme", "pdg", "Orange", False)],
      id="respectivement"),
    R("Claire Fontenay, PDG et fondatrice de la société Qubitel, a pris la parole.",
      [("Claire Fontenay", "pdg", "Qubitel", False), ("Claire Fontenay", "fondateur", "Qubitel", False)], [],
      id="coordinated-posts-shared-organization"),
    R("« Nous recrutons », explique Sébastien Ravel, PDG et fondateur de Datanor.",
      [("Sébastien Ravel", "pdg", "Datanor", False), ("Sébastien Ravel", "fondateur", "Datanor", False)], [],
      id="coordinated-posts-after-quote"),
    R("« Le marché change », a ironisé Sébastien Ravel, le fondateur de Datanor, sur les réseaux sociaux.",
      [("Sébastien Ravel", "fondateur", "Datanor", False)], [], id="apposition-determiner-after-quote"),
    R("Hugo Lambert (président, Capgemini) a ouvert la séance.",
      [("Hugo Lambert", "president", "Capgemini", False)], [], id="parenthesized-post"),
    R("Les patrons Michel Rivière (Capgemini) et Anne Carel (Atos) restent confiants.",
      [("Michel Rivière", "dirigeant", "Capgemini", False), ("Anne Carel", "dirigeant", "Atos", False)],
      [("Michel Rivière", "dirigeant", "Atos", False)], id="plural-post-parenthesized"),
    R("Marie Durand, cofondatrice de l'éditeur Alter Way, a pris la parole.",
      [("Marie Durand", "fondateur", "Alter Way", False)], [], id="cofounder-company-noun"),
    R("Michel Rivière, président de Capgemini et ex-dirigeant de SFR, a pris la parole.",
      [("Michel Rivière", "president", "Capgemini", False), ("Michel Rivière", "dirigeant", "SFR", True)],
      [("Michel Rivière", "president", "SFR", False)],
      id="ex-coordinated"),
    R("Ancien directeur de la communication de Lumio, Paul Durand connaît bien la maison.",
      [("Paul Durand", "directeur-de-la-communication", "Lumio", True)], [], id="fronted-former"),
    R("La société a été créée par Lucie Vernet et Marc Aubry, deux anciens ingénieurs de Thales.",
      [("Lucie Vernet", "ingenieur", "Thales", True),
       ("Marc Aubry", "ingenieur", "Thales", True)], [], id="plural-former-coordinated"),
    R("« Le marché reste concentré », rappelle Paul Meunier, analyste chez Gartner.",
      [("Paul Meunier", "analyste", "Gartner", False)], [], id="apposition-chez-after-quote"),
    R("La société Qubitel accélère. « Nous voulons une pile complète », a expliqué Octave Laroche, fondateur et "
      "président du conseil d'administration du groupe.",
      [("Octave Laroche", "fondateur", "Qubitel", False),
       ("Octave Laroche", "president-du-conseil-d-administration", "Qubitel", False)], [],
      id="coordinated-posts-contracted-article"),
    R("Pour Paris, le plan a été présenté par Hugo Lambert, ministre de l'Économie, Anne Carel, alors ministre de la "
      "Culture, et Marc Aubry.",
      [("Hugo Lambert", "ministre", "Gouvernement", False), ("Anne Carel", "ministre", "Gouvernement", True)],
      [("Hugo Lambert", "ministre", "Gouvernement", True)], id="enumerated-ministers-alors"),
    # possessives
    R("La société Qubitel recrute. Paul Garnier, son directeur général, veut doubler les effectifs.",
      [("Paul Garnier", "directeur-general", "Qubitel", False)], [], id="possessive-previous-sentence"),
    R("Orange a cédé le terrain à Thales pour un euro, un geste que sa présidente, Anne Carel, assume.",
      [("Anne Carel", "president", "Orange", False)],
      [("Anne Carel", "president", "Thales", False)],
      id="possessive-subject"),
    # public offices
    R("À Lyon, le site a été inauguré en présence de la ministre déléguée chargée du Numérique, Anne Carel, et du "
      "maire de Lyon, Gérard Collomb.",
      [("Gérard Collomb", "maire", "Lyon", False), ("Anne Carel", "ministre", "Gouvernement", False)],
      [("Anne Carel", "maire", "Lyon", False)], id="coordinated-public-offices"),
    R("Selon Sophie Marin, vice-présidente chargée de la transition énergétique de la Région Occitanie, le "
      "projet avance.",
      [("Sophie Marin", "vice-president", "Région Occitanie", False)], [], id="remit-before-the-organization"),
    R("Le député de la Moselle Jean Marchal a interpellé le gouvernement mardi.",
      [("Jean Marchal", "depute", "Assemblée nationale", False)], [], id="assembly-seat"),
    R("Pour la sénatrice du Gard Anne Roussel, le texte arrive trop tard.",
      [("Anne Roussel", "senateur", "Sénat", False)], [], id="senate-seat"),
    R("L'eurodéputée Claire Fabre a salué le vote de Strasbourg.",
      [("Claire Fabre", "eurodepute", "Parlement européen", False)], [], id="european-seat"),
    # verbs of heading
    R("Inès Robert préside le conseil de surveillance de Michelin.",
      [("Inès Robert", "president-du-conseil-de-surveillance", "Michelin", False)], [],
      id="presider-board"),
    R("Julien Carrasco ne dirige plus la société Nexalis.",
      [("Julien Carrasco", "dirigeant", "Nexalis", True)], [("Julien Carrasco", "dirigeant", "Nexalis", False)],
      id="no-longer"),
    R("Marie Durand succède à Paul Lefèvre à la présidence de Numeum.",
      [("Marie Durand", "president", "Numeum", False), ("Paul Lefèvre", "president", "Numeum", True)], [],
      id="succeed-office"),
    R("Sébastien Ravel, à la tête de Datanor depuis 2012, défend son modèle.",
      [("Sébastien Ravel", "dirigeant", "Datanor", False)], [], id="apposition-head-of"),
    R("Claire Fontenay a été nommée à la tête de Datanor en mars.",
      [("Claire Fontenay", "dirigeant", "Datanor", False)], [], id="appointed-head-of"),
    R("Inès Robert a été nommée à la tête de Datanor, dont elle devient présidente exécutive.",
      [("Inès Robert", "president-executif", "Datanor", False)], [("Inès Robert", "dirigeant", "Datanor", False)],
      id="relative-dont-specific-over-generic"),
    # participles of appointment, the person's other post in the sentence, "jusqu'ici"
    R("La direction commerciale est confiée à Léa Morvan, nommée directrice générale de la société Kerlys.",
      [("Léa Morvan", "directeur-general", "Kerlys", False)], [], id="appointment-participle"),
    R("Nommé en mai directeur général de la société Pyxalis, Arthur Fleury succède à Anne Morel.",
      [("Arthur Fleury", "directeur-general", "Pyxalis", False)],
      [("Anne Morel", "directeur-general", "Pyxalis", False)],
      id="appointment-fronted-participle"),
    R("Léa Morvan, 51 ans, jusqu'ici directrice financière du groupe Kerlys, est nommée directrice générale.",
      [("Léa Morvan", "directeur-financier", "Kerlys", True), ("Léa Morvan", "directeur-general", "Kerlys", False)],
      [("Léa Morvan", "directeur-financier", "Kerlys", False)], id="jusqu-ici-then-appointment"),
    # a possessive post whose organization bears the holder's name, a remit after the organization
    R("Le site appartient au groupe Vasseur Métal, qui a racheté la société Fonteline en 2019. "
      "Son PDG, Marc Vasseur, promet des embauches.",
      [("Marc Vasseur", "pdg", "Vasseur Métal", False)], [("Marc Vasseur", "pdg", "Fonteline", False)],
      id="possessive-namesake"),
    R("La société Fonteline étudie le rachat de la société Pyxalis, a indiqué Anne Morel, son directeur général.",
      [("Anne Morel", "directeur-general", "Fonteline", False)],
      [("Anne Morel", "directeur-general", "Pyxalis", False)],
      id="possessive-described-subject"),
    # no role
    R("Claire Fontenay, consultante, a rendu son rapport.", [], NOTHING, id="no-organization"),
    R("Inès Robert ne dirige pas la société Aerolis.", [], NOTHING, id="negated"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), ROLES)
def test_roles(text: str, must: list, must_not: list | str) -> None:
    _assert_roles(_roles(text), must, must_not)


def _assert_roles(read: dict[tuple, RoleFact], must: list, must_not: list | str) -> None:
    for fact in must:
        assert fact in read, f"missing {fact!r}; read {sorted(read)!r}"
        assert read[fact].evidence.rule.startswith("role/"), read[fact].evidence.rule
    if must_not == NOTHING:
        assert not read, f"read {sorted(read)!r}"
        return
    for fact in must_not:
        assert fact not in read, f"read {fact!r}"


def test_roles_vocabulary_holds_every_key_of_the_lexicon() -> None:
    graph = rdflib.Graph().parse(ROLES_FILE)
    scheme = rdflib.URIRef("https://w3id.org/souverain/id/role/scheme")
    in_scheme = {str(s).rsplit("/", 1)[1] for s in graph.subjects(SKOS.inScheme, scheme)}
    posts = yaml.safe_load((LEXICON_DIR / "posts.yaml").read_text(encoding="utf-8"))["posts"]
    assert {p["key"] for p in posts} == in_scheme
    for subject in graph.subjects(SKOS.inScheme, scheme):
        assert any(label.language == "fr" for label in graph.objects(subject, SKOS.prefLabel))


@pytest.mark.parametrize(("text", "person", "label"), [
    ("La Région Bretagne finance le projet. « C'est une chance », a dit Morgane Le Goff, vice-présidente de "
     "la Région chargée de la mer et de l'économie maritime.", "Morgane Le Goff",
     "vice-présidente chargée de la mer et de l'économie maritime"),
    ("Émilie Caron, jusqu'ici directrice des rédactions du groupe Lumio, prend la direction générale.",
     "Émilie Caron", "directrice des rédactions"),
], ids=["remit-after-organization", "unit-before-organization"])
def test_role_label_is_the_post_as_written(text: str, person: str, label: str) -> None:
    labels = {f.role_label for f in frame_facts(text) if isinstance(f, RoleFact) and f.person.name == person}
    assert label in labels, labels


def test_a_generic_noun_alone_is_the_longer_name_it_begins() -> None:
    facts = [f for f in frame_facts("La Région Occitanie a voté l'aide. Anne Morel, vice-présidente de la Région "
                                    "chargée de l'industrie, s'en félicite.") if isinstance(f, RoleFact)]
    assert [(f.person.name, f.org.name) for f in facts] == [("Anne Morel", "Région Occitanie")]


# Posts said with no organization, under a headline that names the organization the article is
# about: (headline, text, must, must_not)
TOPICAL = [
    R("La société Fonteline remanie son comité exécutif", "Le directeur financier de la société, Loïc Hennequin, "
      "est promu directeur général délégué.",
      [("Loïc Hennequin", "directeur-general-delegue", "Fonteline", False),
       ("Loïc Hennequin", "directeur-financier", "Fonteline", True)], [], id="promotion-in-the-topic"),
    R("Économie : un nouveau comité exécutif", "Le directeur financier, Loïc Hennequin, est promu directeur "
      "général délégué.", [], NOTHING, id="no-organization-in-the-headline"),
    R("Kerlys : l'usine recrute", "Paul Martin, ingénieur, a rejoint l'équipe de Kerlys.", [],
      NOTHING, id="a-trade-is-no-seat"),
    R("Banque Courtial : le conseil renouvelé", "Jean Morel, qui présidait le conseil depuis 2003, quitte la "
      "Banque Courtial.", [("Jean Morel", "president-du-conseil-d-administration", "Banque Courtial", True)], [],
      id="board-said-short-imperfect"),
    R("La société Kerlys change de président", "À la tête de la société Kerlys, Sandrine Aubert succède à "
      "Philippe Delmas, président depuis 2016.", [("Philippe Delmas", "president", "Kerlys", True)], [],
      id="predecessor-held-it"),
    R("Kerlys : Sandrine Aubert élue", "Sandrine Aubert succède à Pierre Lehu, patron de Berger-Levrault, qui "
      "présidait Kerlys depuis deux ans.", [("Pierre Lehu", "dirigeant", "Berger-Levrault", False)],
      [("Pierre Lehu", "dirigeant", "Berger-Levrault", True)], id="predecessor-keeps-his-own-post"),
]


@pytest.mark.parametrize(("headline", "text", "must", "must_not"), TOPICAL)
def test_a_post_without_organization_is_in_the_headline_organization(headline: str, text: str, must: list,
                                                                     must_not: list | str) -> None:
    _assert_roles(_roles(text, headline), must, must_not)


@pytest.mark.parametrize(("text", "person", "key", "org", "label"), [
    ("Marc Thiollier préside désormais le comité des risques de la société Pyxalis.", "Marc Thiollier",
     "president", "Pyxalis", "président du comité des risques"),
    ("Claire Dumas préside la commission des finances de la société Pyxalis.", "Claire Dumas", "president",
     "Pyxalis", "présidente de la commission des finances"),
    ("Bertrand Lafourcade prend la présidence du conseil d'administration de la société Pyxalis.",
     "Bertrand Lafourcade", "president-du-conseil-d-administration", "Pyxalis",
     "président du conseil d'administration"),
    ("Le conseil d'administration de la société Pyxalis est présidé par Françoise Vernhes.", "Françoise Vernhes",
     "president-du-conseil-d-administration", "Pyxalis", "présidente du conseil d'administration"),
], ids=["presides-committee", "presides-committee-feminine", "takes-the-board-chair", "board-presided-by"])
def test_presiding_a_board_is_a_post_named_after_it(text: str, person: str, key: str, org: str, label: str) -> None:
    facts = [f for f in frame_facts(text) if isinstance(f, RoleFact) and f.person.name == person]
    assert [(f.role, f.org.name, f.role_label, f.former) for f in facts] == [(key, org, label, False)]
