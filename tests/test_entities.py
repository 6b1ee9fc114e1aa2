"""Entity mentions: cleaning, typing and clustering of spaCy's spans (sentences of our own)."""

from __future__ import annotations

import hashlib

import spacy

from pipeline.extract.entities import Candidate, _acronym_of, join_name_pieces, normalize_name
from pipeline.records import Article


def article(text: str) -> Article:
    return Article(stem="t", path="t.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())


def clusters(extractor, text: str) -> dict[int, tuple[set[str], str]]:
    result = extractor(article(text))
    out: dict[int, tuple[set[str], str]] = {}
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        names, _ = out.get(m.cluster, (set(), m.label))
        names.add(m.text)
        out[m.cluster] = (names, m.label)
    return out


def names(extractor, text: str) -> set[str]:
    return {n for group, _ in clusters(extractor, text).values() for n in group}


def test_normalize_name_ignores_case_accents_articles_and_apostrophes() -> None:
    assert normalize_name("la Caisse des Dépôts") == normalize_name("Caisse des dépôts")
    assert normalize_name("l’État") == normalize_name("Etat")
    assert normalize_name("CloudWatt") == normalize_name("Cloudwatt")


def test_acronyms_are_recognized_from_initials() -> None:
    assert _acronym_of("BPI", "Banque publique d'investissement")
    assert _acronym_of("CNIL", "Commission nationale de l'informatique et des libertés")
    assert not _acronym_of("XYZ", "Banque publique d'investissement")


def test_a_surname_alone_joins_the_full_name(extractor) -> None:
    text = (
        "Le ministre Bruno Le Maire a rencontré les dirigeants de Renault à Paris. "
        "Selon Le Maire, l'accord sera signé en mars."
    )
    groups = clusters(extractor, text)
    joined = [g for g, label in groups.values() if "Bruno Le Maire" in g]
    assert joined and "Le Maire" in joined[0]


def test_an_acronym_in_brackets_is_the_name_before_it(extractor) -> None:
    text = (
        "La Banque publique d'investissement (BPI) soutient la start-up Qwant. "
        "La BPI a déjà investi dans plusieurs entreprises françaises."
    )
    groups = clusters(extractor, text)
    assert any({"BPI"} < g and any(n.startswith("Banque publique") for n in g) for g, _ in groups.values())


def test_hyphenated_partners_are_two_organizations(extractor) -> None:
    found = names(extractor, "La coentreprise Alpha-Vantor a été créée l'an dernier par deux groupes.")
    assert {"Alpha", "Vantor"} <= found
    found = names(
        extractor,
        "Le groupe Bull et l'opérateur Vantor ont signé hier. Bull-Vantor détiendra les serveurs de la région.",
    )
    assert {"Bull", "Vantor"} <= found and "Bull-Vantor" not in found


def test_a_hyphenated_name_whose_halves_are_not_names_stays_whole(extractor) -> None:
    found = names(extractor, "Airbus a adhéré à Gaia-X. Le consortium Nuage-IA et IPCEI-CIS recrutent.")
    assert {"Gaia-X", "Nuage-IA", "IPCEI-CIS"} <= found and not found & {"Gaia", "Nuage", "IA", "CIS"}


def test_sentence_initial_common_words_are_not_entities(extractor) -> None:
    found = names(
        extractor,
        "Tempête sur le marché des serveurs. Lancé en 2010, le service de Google reste cher. "
        "Voici ce que Microsoft propose.",
    )
    assert "Tempête" not in found and "Lancé" not in found and "Voici" not in found
    assert {"Google", "Microsoft"} <= found


def test_generic_capitalized_words_are_not_entities(extractor) -> None:
    found = names(extractor, "Le Cloud et le Big Data intéressent les SSII comme Capgemini.")
    assert not {"Cloud", "Big Data", "SSII"} & found
    assert "Capgemini" in found


def test_determiners_are_trimmed_and_prose_tails_cut(extractor) -> None:
    found = names(extractor, "Le président a parlé de l'Europe et de la France devant Les Echos.")
    assert "Europe" in found and "France" in found
    assert not any(n.startswith(("l'", "la ")) for n in found)


def test_a_conjugated_verb_ends_a_name(extractor) -> None:
    # the model tags "Pédalix boucle" as one name
    found = names(extractor, "Logistique : la lilloise Pédalix boucle une levée de 5 millions d'euros.")
    assert "Pédalix" in found and not any("boucle" in n for n in found)


def test_a_lone_word_tagged_person_becomes_an_organization(extractor) -> None:
    groups = clusters(
        extractor, "Le contrat a été remporté par Zentrix, qui ouvrira un centre de données à Lyon."
    )
    labels = {label for g, label in groups.values() if "Zentrix" in g}
    assert labels and "PER" not in labels


def test_institution_names_run_over_their_adjectives(extractor) -> None:
    found = names(extractor, "Le ministère de la Transition écologique a publié un rapport.")
    assert any(n.startswith("ministère de la Transition") and n.endswith("écologique") for n in found)


def test_a_word_and_a_number_name_a_product(extractor) -> None:
    found = names(
        extractor, "L'éditeur vend désormais Windows 10 aux administrations, selon l'article 3 du contrat."
    )
    assert "Windows 10" in found
    assert not any(n.lower().startswith("article") for n in found)


def test_a_portfolio_glued_to_a_ministers_name_is_cut_off(extractor) -> None:
    groups = clusters(extractor, "Hier, le ministre de l'Économie Bruno Le Maire a reçu les patrons du secteur.")
    people = [g for g, label in groups.values() if label == "PER"]
    assert {"Bruno Le Maire"} in people
    assert not any("Économie" in n for g in groups.values() for n in g[0])


def test_the_sentences_full_stop_is_not_part_of_a_name(extractor) -> None:
    found = names(extractor, "En 2021, Thales a rejoint le projet Gaia-X. Le consortium compte 300 membres.")
    assert "Gaia-X" in found and "Gaia-X." not in found


def test_a_longer_name_around_a_reference_name_is_kept(extractor) -> None:
    found = names(extractor, "Le contrat a été confié à Google Cloud, la division de Google dédiée aux entreprises.")
    assert "Google Cloud" in found and "Google" in found


def test_portfolios_of_a_public_office_are_not_organizations(extractor) -> None:
    found = names(extractor, "Selon Jeanne Martin, ministre de l'Économie, des Finances et de la Relance, "
                             "la reprise est là.")
    assert "Jeanne Martin" in found
    assert not found & {"Économie", "Finances", "Relance"}


def test_a_name_right_after_a_title_is_kept(extractor) -> None:
    assert "Bruno Le Maire" in names(extractor, "Le ministre de l'Économie Bruno Le Maire a visité l'usine de Lyon.")


def test_posts_and_byline_words_are_not_names(extractor) -> None:
    found = names(extractor, "Tech en région\nPublié le 06/10/2022\nLa Première ministre a visité Lyon.")
    assert not any(n.startswith("Publié") for n in found)
    assert "Première ministre" not in found


def test_a_name_after_a_company_noun_is_an_organization(extractor) -> None:
    groups = clusters(extractor, "Hier, la jeune pousse lyonnaise Qarnix et l'éditeur Alter Way ont signé à Lyon.")
    labels = {name: label for group, label in groups.values() for name in group}
    assert labels.get("Qarnix") == "ORG"
    assert labels.get("Alter Way") == "ORG"
    assert labels.get("Lyon") == "LOC"  # "ont signé à Lyon": a preposition, not an adjective, before it


def test_a_programme_name_runs_through_capitalized_words_and_numbers(extractor) -> None:
    assert "plan France 2030" in names(extractor, "Les lauréats du plan France 2030 ont été annoncés mardi.")


def test_a_name_found_once_is_found_where_the_model_missed_it(extractor) -> None:
    text = "Le projet a vu le jour à l'initiative d'Orange et de Thales. Orange a injecté 100 millions d'euros."
    starts = [m.start for m in extractor(article(text)).mentions if m.text == "Orange"]
    assert starts == [text.index("Orange"), text.rindex("Orange")]


def test_a_given_name_and_a_surname_with_a_particle_are_one_person(extractor) -> None:
    groups = clusters(extractor, "Créée en 2009 par Antoine Le Bihan, la société emploie cinquante personnes. "
                                 "Amélie de Montchalin était présente.")
    persons = {name for group, label in groups.values() if label == "PER" for name in group}
    assert {"Antoine Le Bihan", "Amélie de Montchalin"} <= persons


def test_a_given_name_opening_an_organization_name_is_not_a_person(extractor) -> None:
    groups = clusters(extractor, "Matthieu Poujol, analyste chez Pierre Audoin Consultants, est prudent.")
    labels = {name: label for group, label in groups.values() for name in group}
    assert labels.get("Pierre Audoin Consultants") != "PER"
    assert "Pierre Audoin" not in labels


def test_the_state_and_the_government_are_entities(extractor) -> None:
    found = names(extractor, "L'État apportera 75 millions d'euros, a annoncé le gouvernement. "
                             "Le gouvernement allemand, lui, se tait.")
    assert {"État", "gouvernement"} <= found
    text = "Le gouvernement allemand se tait."
    assert not any(m.text.startswith("gouvernement") for m in extractor(article(text)).mentions)


def test_an_institution_name_keeps_its_complement(extractor) -> None:
    found = names(extractor, "Selon nos informations, le Commissariat général à l'investissement étudie le dossier.")
    assert "Commissariat général à l'investissement" in found


def test_the_stock_exchange_and_demonyms_are_not_entities(extractor) -> None:
    found = names(extractor, "OVHcloud a réussi son entrée en Bourse. Les Européens en sortiront gagnants.")
    assert not found & {"Bourse", "Européens"}


def test_a_name_read_in_pieces_is_one_name(extractor) -> None:
    found = names(extractor, "« Nous irons vite », a expliqué Paul Martin, président de Sologne Horizons, qui "
                             "préside aussi la société.")
    assert "Sologne Horizons" in found and "Sologne" not in found


def test_name_pieces_are_joined_over_a_space_or_a_de() -> None:
    doc = spacy.blank("fr")("Henri Morel présidera le conseil d'Alpes Vercors Banque et des Fonderies du Quercy.")
    text = doc.text

    def cand(name: str, label: str) -> Candidate:
        return Candidate(text.index(name), text.index(name) + len(name), label, "ner")

    joined = join_name_pieces(doc, [cand("Henri Morel", "PER"), cand("Alpes", "LOC"), cand("Vercors Banque", "ORG"),
                                    cand("Quercy", "LOC")])
    assert [(text[c.start : c.end], c.label) for c in joined] == [
        ("Henri Morel", "PER"), ("Alpes Vercors Banque", "ORG"), ("Fonderies du Quercy", "ORG")]


def test_an_owner_a_site_or_a_person_after_a_name_stays_apart(extractor) -> None:
    found = names(extractor, "La filiale Outscale de Dassault Systèmes recrute à Paris.")
    assert {"Outscale", "Dassault Systèmes"} <= found
    found = names(extractor, "L'usine Renault de Douai tourne à plein régime.")
    assert {"Renault", "Douai"} <= found
    found = names(extractor, "L'ancien patron de Google Eric Schmidt a investi dans la société.")
    assert "Eric Schmidt" in found and not any(n.startswith("Google ") for n in found)


def test_a_given_name_before_an_organization_word_is_a_firm(extractor) -> None:
    # "Solenne" is a given name, "Énergies" ends an organization's name
    groups = clusters(extractor, "Cofondée en 2008, Solenne Énergies exploite 1,2 gigawatt de parcs solaires et "
                                 "éoliens en France. Solenne Énergies vise l'Espagne.")
    labels = {label for names, label in groups.values() if "Solenne Énergies" in names}
    assert labels == {"ORG"}


def test_a_participle_opening_a_sentence_is_no_name(extractor) -> None:
    groups = clusters(extractor, "Cofondée en 2008 par Arnaud Castel, la société Kerlys emploie 40 personnes.")
    assert not any("Cofondée" in names for names, _ in groups.values())


def test_a_number_an_amount_unit_follows_is_no_part_of_a_name(extractor) -> None:
    groups = clusters(extractor, "Orange a apporté 25 millions d'euros et la Caisse des dépôts 15 millions.")
    names = {name for members, _ in groups.values() for name in members}
    assert "Caisse des dépôts" in names and not any(name.endswith("15") for name in names)
