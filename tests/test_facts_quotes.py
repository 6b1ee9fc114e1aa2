"""Quotations and their speakers."""

from __future__ import annotations

from test_facts_support import facts_of

from pipeline.extract.facts.quotes import find_quoted_spans
from pipeline.records import QuotationFact


def _quotes(text: str) -> list[tuple[str, str, str]]:
    return [(q.speaker.name, q.text, q.evidence.rule) for q in facts_of(text, kind=QuotationFact)]


def test_speaker_named_after_the_quote() -> None:
    text = (
        "« Nous allons doubler nos capacités d'ici deux ans », "
        "a affirmé Octavie Mercier, directrice de Nuvola."
    )
    assert _quotes(text) == [
        ("Octavie Mercier", "Nous allons doubler nos capacités d'ici deux ans", "quotes.speaker-after")
    ]


def test_pronoun_speaker_is_the_last_person_named() -> None:
    text = (
        "Jean Roux, patron de Nuvola, était confiant. « La demande explose partout en Europe » ajoutait-il."
    )
    assert _quotes(text) == [("Jean Roux", "La demande explose partout en Europe", "quotes.speaker-after")]


def test_speaker_before_a_colon() -> None:
    text = "Jean Roux a déclaré : « Nous ne vendrons pas la société à un groupe américain. »"
    assert _quotes(text) == [
        ("Jean Roux", "Nous ne vendrons pas la société à un groupe américain.", "quotes.speaker-before")
    ]


def test_speaker_in_an_incise_inside_the_quote() -> None:
    text = (
        "« Le marché se consolide très vite, observe Léa Morin, analyste chez IDC. Les petits acteurs "
        "devront s'allier. »"
    )
    quotes = _quotes(text)
    assert len(quotes) == 1 and quotes[0][0] == "Léa Morin" and quotes[0][2] == "quotes.incise"


def test_scare_quotes_are_not_quotations() -> None:
    assert _quotes("Le cabinet parle de « souveraineté numérique » sans plus de détails.") == []


def test_quoted_spans_keep_inner_quotes() -> None:
    text = 'Il dit « un "petit" pas » puis "autre chose".'
    assert [text[s:e] for s, e in find_quoted_spans(text)] == [' un "petit" pas ', "autre chose"]


def test_pronoun_takes_the_subject_of_the_sentence_before_over_the_last_name() -> None:
    text = ("Le fondateur Octave Klaba a sonné la cloche aux côtés de Stéphane Boujnah, président d'Euronext. "
            "« Il y a vingt ans, je louais un serveur », a-t-il lancé.")
    assert [q[0] for q in _quotes(text)] == ["Octave Klaba"]


def test_feminine_pronoun_skips_a_man_named_later() -> None:
    text = ("La ministre déléguée chargée du Numérique, Clara Chappaz, est venue avec le maire, Yann Bompard. "
            "« Souveraineté et territoire vont de pair », a-t-elle souligné.")
    assert [q[0] for q in _quotes(text)] == ["Clara Chappaz"]


def test_selon_lui_is_the_person_named_before() -> None:
    text = ("Son patron, Louis Gallois, plaide pour la rigueur. Selon lui, « l'argent public doit servir "
            "d'effet de levier, pas de béquille ».")
    assert [q[0] for q in _quotes(text)] == ["Louis Gallois"]


def test_title_after_the_quote_followed_by_the_name() -> None:
    text = ("Scaleway quitte le projet. « Nous ne voulons pas cautionner ce projet », a justifié le patron "
            "de Scaleway, Yann Lechelle.")
    assert [q[0] for q in _quotes(text)] == ["Yann Lechelle"]


def test_speaker_before_a_colon_after_an_apposition() -> None:
    text = ("Nicolas Ferrier, directeur général délégué d'OVH, précise que l'argent servira aussi à recruter : "
            "« Nous allons embaucher un millier de personnes d'ici trois ans. »")
    assert [q[0] for q in _quotes(text)] == ["Nicolas Ferrier"]


def test_speaker_before_a_colon_with_an_object_pronoun() -> None:
    text = ("Michel Paulin, directeur général d'OVHcloud depuis 2018, l'assure : « Cette introduction en Bourse "
            "nous donne les moyens de grandir. »")
    assert [q[0] for q in _quotes(text)] == ["Michel Paulin"]


def test_a_title_between_the_verb_and_the_name() -> None:
    text = ("« Le feu a été circonscrit vers 5 heures, mais le refroidissement prendra du temps », a précisé le "
            "lieutenant-colonel Dominique Hemmerlé, porte-parole des pompiers.")
    assert [q[0] for q in _quotes(text)] == ["Dominique Hemmerlé"]


def test_selon_a_person_with_a_long_title() -> None:
    text = ("Selon Arnaud Montebourg, ministre de l'Économie, du Redressement productif et du Numérique, « ce "
            "rapprochement crée un champion français capable de rivaliser ».")
    assert [q[0] for q in _quotes(text)] == ["Arnaud Montebourg"]


def test_reflexive_verbs_of_saying() -> None:
    text = "« L'État offre un marché captif sans appel d'offres », s'indigne Marc Tournier, porte-parole d'EduNathon."
    assert [q[0] for q in _quotes(text)] == ["Marc Tournier"]
