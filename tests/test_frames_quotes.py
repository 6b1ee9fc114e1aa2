"""Quotations read by the frame engine (pipeline/extract/facts/engine/quotes.py).

A row is a short French sentence of our own in the style of the press, with the quotations it
MUST give and must NOT give, as (speaker, first three words of the quoted text); MUST facts are
also checked for the construction that read them (`evidence.rule`, "quote/speaker-after" …).
NOTHING as MUST-NOT says the text gives no quotation at all. The rows cover where the speaker
stands (after the quote with inversion, before it with a colon or "que", inside it as an
incise, "selon"/"d'après"/"pour"), what the speaker is (a name, a pronoun, a title or a
description standing for a person, an organization) and what is no quotation of anyone (words
woven into a sentence that name a thing, an unnamed speaker).
"""

from __future__ import annotations

import pytest
from frame_support import frame_facts

from pipeline.records import QuotationFact

NOTHING = "nothing"
R = pytest.param




def _quotes(text: str) -> dict[tuple[str, str], str]:
    """(speaker, first three words) -> rule, for every quotation the engine reads in `text`."""
    facts = [f for f in frame_facts(text) if isinstance(f, QuotationFact)]
    return {(f.speaker.name, " ".join(f.text.split()[:3])): f.evidence.rule for f in facts}


QUOTES = [
    # --- speaker after the quote, subject inverted ----------------------------------------
    R("« Les discussions se poursuivent avec plusieurs acheteurs », a fait savoir Capgemini.",
      [("Capgemini", "Les discussions se", "speaker-after")], [], id="faire-savoir-organization"),
    R("« Aucune décision n'a encore été prise », indique Capgemini dans un communiqué.",
      [("Capgemini", "Aucune décision n'a", "speaker-after")], [], id="organization-communique"),
    R("« Le gouvernement ferme les yeux sur ces pratiques », s'indigne Marc Tournier.",
      [("Marc Tournier", "Le gouvernement ferme", "speaker-after")], [], id="reflexive-indigner"),
    R("« Nous ne voulons plus financer ce consortium », a justifié le patron de Qubitel, Jean Roux.",
      [("Jean Roux", "Nous ne voulons", "speaker-after")], [("Qubitel", "Nous ne voulons")],
      id="name-in-apposition-to-title"),
    R("« Nous voulons garder nos serveurs en France », a expliqué à l'AFP Octave Mercier, fondatrice de Nuvola.",
      [("Octave Mercier", "Nous voulons garder", "speaker-after")], [("Agence France-Presse", "Nous voulons garder"),
                                                                    ("AFP", "Nous voulons garder")],
      id="indirect-object-skipped"),
    R("« Nous tiendrons nos engagements envers nos clients », a indiqué à l'AFP un porte-parole du groupe.",
      [], NOTHING, id="unnamed-spokesperson-not-the-agency"),
    R("« 200 millions, c'est ce que nos concurrents dépensent en un mois », relève Lucie Garnier.",
      [("Lucie Garnier", "200 millions, c'est", "speaker-after")], [], id="quote-opening-on-a-number"),
    # --- pronouns, titles and descriptions as speakers ---------------------------------------
    R("La ministre chargée de l'Industrie, Sophie Lemarchand, a visité l'usine lundi. « Cette usine montre "
      "que l'industrie revient », a-t-elle souligné.",
      [("Sophie Lemarchand", "Cette usine montre", "speaker-after")], [], id="clitic-feminine"),
    R("Patrick Morel, PDG de Nuvola, voit dans l'accord une chance. « C'est une réponse aux attentes de nos "
      "clients », juge le patron du groupe.",
      [("Patrick Morel", "C'est une réponse", "speaker-after")], [], id="title-resolves-to-holder"),
    R("Le numéro un de Qubitel, Paul Garnier, assume ce choix. « Nous devenons le premier acteur européen du "
      "secteur. C'est un choix industriel », a déclaré l'ancien ministre de l'Industrie.",
      [("Paul Garnier", "Nous devenons le", "speaker-after")], [], id="description-after-two-sentences"),
    R("Paul Garnier a été nommé secrétaire d'État au Numérique en mai. Le membre du gouvernement n'a pas "
      "reculé. « Nous assumons ce choix devant les sénateurs », a-t-il plaidé.",
      [("Paul Garnier", "Nous assumons ce", "speaker-after")], [], id="pronoun-through-description-subject"),
    R("La Cour des comptes a publié son rapport mercredi. « L'État a dispersé ses moyens entre trop "
      "d'acteurs », écrivent les magistrats.",
      [("Cour des comptes", "L'État a dispersé", "speaker-after")], [], id="plural-description-body"),
    R("Xavier Durand a fondé Qubitel en 2001. « Nous voulons que les chercheurs restent en Europe », a lancé "
      "le milliardaire.",
      [("Xavier Durand", "Nous voulons que", "speaker-after")], [], id="person-noun-description"),
    R("Paul Garnier a rencontré Inès Robert mardi à Lyon. « Nous avançons ensemble sur ce dossier », a-t-elle "
      "ajouté.",
      [("Inès Robert", "Nous avançons ensemble", "speaker-after")], [("Paul Garnier", "Nous avançons ensemble")],
      id="pronoun-gender-chooses"),
    R("Paul Garnier est arrivé sur place vers midi. « Aucun blessé n'est à déplorer », indique le parquet de Lyon.",
      [], NOTHING, id="institution-noun-is-no-person"),
    R("« Nous ouvrirons trois centres de données l'an prochain.\n\n« Le premier sera à Marseille », a conclu "
      "Inès Robert.",
      [("Inès Robert", "Nous ouvrirons trois", "speaker-after")], [], id="quote-over-two-paragraphs"),
    # --- speaker before the quote ----------------------------------------------------------
    R("Jean Roux dirige Nuvola depuis 2019. Le patron de Nuvola se montre prudent : « Les commandes publiques "
      "tardent encore à venir. »",
      [("Jean Roux", "Les commandes publiques", "speaker-before")], [], id="colon-title-holder"),
    R("Paul Garnier juge qu'« aucune solution européenne n'est encore prête ».",
      [("Paul Garnier", "aucune solution européenne", "speaker-before")], [], id="juger-que"),
    R("Paul Garnier ne cesse de le répéter : « Une norme n'a de valeur que si elle est appliquée. »",
      [("Paul Garnier", "Une norme n'a", "speaker-before")], [], id="colon-verb-under-another"),
    R("La Caisse des dépôts, de son côté, fait valoir que « le marché a été bouleversé par l'arrivée des "
      "Américains ».",
      [("Caisse des dépôts", "le marché a", "speaker-before")], [], id="faire-valoir-que"),
    R("Inès Robert a salué « une étape décisive pour la souveraineté numérique européenne ».",
      [("Inès Robert", "une étape décisive", "speaker-before")], [], id="statement-woven-in"),
    # --- selon, d'après, incises -------------------------------------------------------------
    R("D'après Inès Robert, « la filière manque cruellement d'ingénieurs ».",
      [("Inès Robert", "la filière manque", "according-to")], [], id="d-apres"),
    R("Le texte a été salué par Inès Robert, présidente de Numalis, selon laquelle « les entreprises "
      "attendaient ce signal depuis des années ».",
      [("Inès Robert", "les entreprises attendaient", "according-to")], [], id="selon-laquelle"),
    R("« Le marché des puces se tend très vite, estime Paul Garnier. Les petits fondeurs vont souffrir. »",
      [("Paul Garnier", "Le marché des", "incise")], [], id="incise-before-a-full-stop"),
    # --- continuation --------------------------------------------------------------------------
    R("« Nous avons signé trois contrats », a déclaré Paul Garnier. « D'autres suivront avant l'été. »",
      [("Paul Garnier", "Nous avons signé", "speaker-after"), ("Paul Garnier", "D'autres suivront avant",
                                                              "continuation")], [], id="continuation-no-verb"),
    R("« Nous recrutons cent ingénieurs cette année », a expliqué Claire Fontenay.\n\n« Le site de Brest "
      "doublera de taille d'ici deux ans. »",
      [("Claire Fontenay", "Le site de", "continuation")], [], id="continuation-next-paragraph"),
    R("« Nous visons l'équilibre en 2026 », a déclaré Paul Garnier. « Le projet avance, avec ou sans eux », "
      "assure un proche du dossier.",
      [("Paul Garnier", "Nous visons l'équilibre", "speaker-after")], [("Paul Garnier", "Le projet avance,")],
      id="unnamed-speaker-does-not-continue"),
    # --- no quotation ------------------------------------------------------------------------
    R("Le ministre a plaidé pour un « espace de confiance numérique ».", [], NOTHING, id="name-of-a-thing"),
    R("Paul Garnier y voit un exemple de « patriotisme économique ».", [], NOTHING, id="scare-quotes"),
    R("« La demande reste forte », glisse un délégué syndical.", [], NOTHING, id="unnamed-delegate"),
    R("Selon le dirigeant d'une PME du secteur, « le label favorise les grands groupes américains ».",
      [], NOTHING, id="selon-unnamed"),
]


@pytest.mark.parametrize(("text", "must", "must_not"), QUOTES)
def test_quotes(text: str, must: list[tuple[str, str, str]], must_not: list[tuple[str, str]] | str) -> None:
    read = _quotes(text)
    for speaker, start, rule in must:
        assert (speaker, start) in read, f"missing {(speaker, start)!r}; read {read!r}"
        assert read[(speaker, start)] == "quote/" + rule, f"{(speaker, start)!r} read by {read[(speaker, start)]!r}"
    if must_not == NOTHING:
        assert not read, f"read {read!r}"
    else:
        for fact in must_not:
            assert fact not in read, f"wrongly read {fact!r}"
