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
