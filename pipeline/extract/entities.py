"""Text -> named-entity mentions, clustered within the article.

spaCy's French NER (plus an entity ruler fed from the reference data) proposes
spans; a list of small named passes cleans them (trim determiners and
trailing prose, split "A-B" pairs, drop common words), fixes their type, and
groups the mentions of one entity (surname -> full name, acronym -> the name
it abbreviates). Nothing here knows RDF or Wikidata.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..config import LEXICON_DIR, ONTOLOGY_DIR
from ..records import Article, Mention, NerLabel

__all__ = ["Candidate", "build_nlp", "find_mentions", "normalize_name"]


@dataclass(frozen=True)
class Candidate:
    """A span on its way to becoming a mention."""

    start: int
    end: int
    label: NerLabel
    source: str  # "ner", "ruler", "rule"
    sent_start: bool = False


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return yaml.safe_load((ONTOLOGY_DIR / "ner.yaml").read_text(encoding="utf-8"))


def _text(doc: Doc) -> str:
    """The doc's text, computed once: spaCy's `Doc.text` joins every token again at each call,
    and the passes below read it tens of thousands of times per article."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "souverain.text"


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Case-, accent-, apostrophe- and determiner-insensitive key of a name."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"^(l'|la |le |les |d')", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def build_nlp(model: str, patterns: Sequence[dict] = ()) -> Language:
    """The spaCy pipeline: the French model, then an entity ruler of the reference's
    labels and aliases that fills the gaps the NER left.

    The ruler comes after the NER so that the NER can still propose a longer name
    around a reference name ("Google Cloud" around "Google"); `find_mentions`
    weighs the ruler's matches against the NER's spans itself.
    """
    import spacy

    nlp = spacy.load(model)
    # a paragraph is never part of the sentence before it: the parser otherwise builds one
    # tree over a headline, a byline and a paragraph, and the facts read from it are wrong
    if "paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("final_initials", first=True)
        nlp.add_pipe("paragraph_breaks", before="parser")
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler", after="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}
        )
        ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    return nlp


_PARTICLES = frozenset({"de", "du", "des", "la", "le", "sur", "en", "lès", "et", "d'"})


def _one_name(span: Span) -> bool:
    """A hyphenated name to merge into one token: with a particle ("Île-de-France"), of three
    parts or more ("Auvergne-Rhône-Alpes"), or a compound given name ("Jean-Noël"); not two
    names joined ("SFR-Bull", a joint venture's parents), and not "Gaia-X", which the tagger
    reads better in its three tokens than as one unknown word."""
    parts = [t.text for t in span if t.text != "-"]
    if any(p.lower() in _PARTICLES for p in parts) or len(parts) >= 3:
        return True
    given = first_names()
    return all(p in given for p in parts)


@Language.component("final_initials")
def final_initials(doc: Doc) -> Doc:
    """Tokens the parser can read: "Gaia-X." at a sentence's end is the name and a full stop,
    not an initial "X." (the tokenizer's abbreviation rule would hide the sentence's end), and
    a long hyphenated proper name ("Auvergne-Rhône-Alpes", "Île-de-France", "Jean-Noël") is
    one token: split at its hyphens, the tagger reads its parts as nouns and the verb after
    them as an adjective."""
    with doc.retokenize() as retokenizer:
        for token in doc[1:]:
            if len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "." \
                    and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_:
                retokenizer.split(token, [token.text[0], "."], heads=[(token, 1), (token, 1)])
    spans = []
    i = 0
    while i < len(doc):
        j = i
        while (j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_
               and not doc[j + 1].whitespace_ and doc[j].text[:1].isupper()
               and (doc[j + 2].text[:1].isupper() or doc[j + 2].lower_ in _PARTICLES)):
            j += 2
            while doc[j].lower_ in _PARTICLES and j + 2 < len(doc) and doc[j + 1].text == "-" \
                    and not doc[j].whitespace_:
                j += 2
        if j > i and doc[j].text[:1].isupper() and not doc[j].text.endswith(".") and _one_name(doc[i : j + 1]):
            spans.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


_FINAL_MARKS = frozenset(".!?…")
_CLOSING = frozenset("»”\"')]")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentences for the parser: one starts after every line break (headline, byline,
    paragraphs) and none starts inside a line but after . ! ? … (with closing quotes): the
    parser otherwise cuts "Michelin et Faurecia | ont donné …" at an unknown name."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            token.is_sent_start = True
            continue
        k = token.i - 1
        while k > 0 and doc[k].text in _CLOSING:
            k -= 1
        if not (doc[k].text and doc[k].text[-1] in _FINAL_MARKS):
            token.is_sent_start = False
    return doc


# --- common-word knowledge --------------------------------------------------


class WordKnowledge:
    """Is a word a common French word? Read from the model's lemmatizer tables
    (a lookup of about 200,000 inflected forms, keyed by hash)."""

    def __init__(self, nlp: Language | None) -> None:
        self.tables: list = []
        self.words: set[str] = set()
        lookups = (
            getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if nlp and "lemmatizer" in nlp.pipe_names
            else None
        )
        if lookups is not None:
            if lookups.has_table("lemma_lookup"):
                self.tables.append(lookups.get_table("lemma_lookup"))
            if lookups.has_table("lemma_index"):
                index = lookups.get_table("lemma_index")
                for key in index.keys():
                    self.words.update(w for w in index[key] if isinstance(w, str))

    def is_common(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.words or any(lower in table for table in self.tables)


_KNOWLEDGE: dict[int, WordKnowledge] = {}


def _knowledge(nlp: Language) -> WordKnowledge:
    key = id(nlp)
    if key not in _KNOWLEDGE:
        _KNOWLEDGE[key] = WordKnowledge(nlp)
    return _KNOWLEDGE[key]


# --- passes over candidate spans --------------------------------------------


def _span(doc: Doc, cand: Candidate) -> Span | None:
    return doc.char_span(cand.start, cand.end, alignment_mode="expand")


_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Inc|Corp|Ltd|Co|Cie|Bros|St|Jr)\.$")


def drop_final_period(doc: Doc, cand: Candidate) -> Candidate:
    """'le projet Gaia-X.': the sentence's full stop is not part of the name
    (abbreviations such as 'S.A.' or 'Inc.' keep theirs)."""
    text = _text(doc)[cand.start : cand.end]
    if text.endswith(".") and len(text) > 1 and not _ABBREVIATION_END.search(text):
        return replace(cand, end=cand.end - 1)
    return cand


_SENTENCE_END = re.compile(r"(?<!\s[A-Z])(?<!^[A-Z])\.\s+(?=[A-ZÀ-Ý])")


def cut_at_newline(doc: Doc, cand: Candidate) -> Candidate | None:
    """A name never crosses a line break ("Cloud Act\\nDepuis") nor a sentence end
    ("Gaia-X. L'…"; an initial such as "J. Martin" is no sentence end): keep the first part."""
    text = _text(doc)[cand.start : cand.end]
    end = _SENTENCE_END.search(text)
    first = text.split("\n", 1)[0]
    if end is not None and end.start() < len(first):
        first = text[: end.start()]
    first = first.rstrip()
    if first == text:
        return cand
    return replace(cand, end=cand.start + len(first)) if first else None


def cut_at_colon(doc: Doc, cand: Candidate) -> Candidate | None:
    """A name never spans a spaced colon ("Data centers : la Banque des Territoires", a
    headline's topic and its subject): keep the part after it (determiners are trimmed next)."""
    text = _text(doc)[cand.start : cand.end]
    cut = text.rfind(" : ")
    if cut < 0:
        return cand
    rest = text[cut + 3 :]
    return replace(cand, start=cand.end - len(rest)) if rest.strip() else None


def trim_determiners(doc: Doc, cand: Candidate) -> Candidate | None:
    """'l'Europe' -> 'Europe', 'la France' -> 'France' (ruler spans are exact and kept)."""
    if cand.source == "ruler":
        return cand
    span = _span(doc, cand)
    determiners = set(_lexicon()["leading_determiners"])
    while span is not None and len(span) > 1 and span[0].lower_ in determiners:
        if cand.label == "PER" and span[0].is_title and span[0].i != span.sent.start:
            break  # part of a surname: "Le Maire", "La Fontaine"
        span = span[1:]
    if span is None:
        return None
    return replace(cand, start=span.start_char, end=span.end_char)


@lru_cache(maxsize=1)
def _amount_unit() -> re.Pattern[str]:
    """What follows the number of an amount: a multiplier, a currency or a percent sign
    (ontology/lexicons/money.yaml)."""
    money = yaml.safe_load((LEXICON_DIR / "money.yaml").read_text(encoding="utf-8"))
    units = sorted({*money["multipliers"], *money["currencies"], *money.get("compact_units", [])}, key=len,
                   reverse=True)
    words = "|".join(re.escape(u) for u in units)
    return re.compile(rf"\s*(?:%|(?:{words})(?![\wÀ-ÿ]))", re.IGNORECASE)


def trim_lowercase_edges(doc: Doc, cand: Candidate) -> Candidate | None:
    """Drop lower-case prose glued to a name: 'Les Echos de l'intérêt de…' -> 'Les Echos',
    'offre souveraine Nuvola' -> 'Nuvola'. Programme heads ('plan X') stay."""
    span = _span(doc, cand)
    if span is None:
        return None
    heads = set(_lexicon()["programme_heads"]) | set(_lexicon()["org_heads"])
    # leading lower-case words, unless a programme or institution head ("plan Cloud")
    start = 0
    while start < len(span) - 1 and (span[start].is_lower or span[start].text in "-–") and not (
        start == 0 and span[0].lower_ in heads
    ):
        start += 1  # also the tail of a hyphenated word: "start-up Lumio" tagged from "-up"
    # trailing: cut at the first lower-case word that only prose follows, when
    # the name before it is already complete ("Les Echos de l'intérêt…",
    # "Office 365 de l'éditeur"); a capitalized head with a lower-case
    # complement is a French name ("Caisse des dépôts") and stays whole.
    end = len(span)
    for i in range(start + 1, len(span)):
        # a conjugated verb ends the name: "Colivélo boucle une série A" (NER took the verb)
        if span[i].is_lower and span[i].pos_ in ("VERB", "AUX") and "Part" not in span[i].morph.get("VerbForm"):
            end = i
            break
        rest = span[i:]
        head = span[start:i]
        complete = sum(1 for t in head if t.is_title or t.is_upper or t.like_num) >= 2
        if complete and all(t.is_lower or t.is_punct for t in rest):
            end = i
            break
    while end > start + 1 and (
        span[end - 1].is_punct or span[end - 1].lower_ in {"de", "du", "des", "d'", "d’"}
    ):
        end -= 1
    # "Bull 45 millions", "la Caisse des dépôts 15 millions": a number an amount's unit follows
    # is no part of the name
    if end > start + 1 and span[end - 1].like_num and _amount_unit().match(
            _text(doc), span[end - 1].idx + len(span[end - 1].text)):
        end -= 1
    trimmed = span[start:end]
    if not len(trimmed) or (start > 0 and span[start - 1].lower_ in {"de", "du", "des", "d'", "d’"}):
        return None  # the complement of a common noun ("ministre du Redressement")
    return replace(cand, start=trimmed.start_char, end=trimmed.end_char)


def drop_non_names(doc: Doc, cand: Candidate, words: WordKnowledge) -> Candidate | None:
    """A name has a capital letter or a digit; generic words and sentence-initial
    common words ("Initié en août…", "Lire : …") are not names."""
    text = _text(doc)[cand.start : cand.end].strip()
    if len(text) < 2 or not any(ch.isupper() for ch in text):
        return None
    key = normalize_name(text)
    if not key or key in {normalize_name(w) for w in _lexicon()["not_entities"]}:
        return None
    if cand.source == "ruler":
        return cand
    tokens = [t for t in text.replace("’", "'").split() if t]
    if len(tokens) == 1:
        word = tokens[0]
        at_sentence_start = cand.sent_start or cand.start == 0 or _text(doc)[cand.start - 1] == "\n"
        if at_sentence_start and words.is_common(word) and not word.isupper():
            return None
        # "Cofondée en 2008 par …", "Rachetée par …": a participle opening the sentence
        after = _text(doc)[cand.end : cand.end + 6]
        if at_sentence_start and word.lower().endswith(("é", "ée", "és", "ées")) \
                and re.match(r"\s+(?:en|par|à|au|dans|le|la|l['’]|il|fin|début|dès|sous|avec)\b", after):
            return None
        if word.endswith(("'", "’")):
            return None
    return cand


@lru_cache(maxsize=1)
def _portfolio_title() -> re.Pattern[str]:
    titles = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(_lexicon()["portfolio_titles"], key=len,
                                                                          reverse=True))
    return re.compile(rf"(?i:(?<![\wÀ-ÿ])(?:{titles})(?:\s+chargée?)?)\s+(?=(?:de|du|des|d['’]|à|au|aux)\b)")


# what ends the words between a title and one of its portfolios: a preposition
_PORTFOLIO_PREP = re.compile(r"(?<![\wÀ-ÿ])(?:de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la|à\s+l['’]|au|aux)\s*$")


def drop_portfolios(doc: Doc, cand: Candidate) -> Candidate | None:
    """'ministre de l'Économie, des Finances et de la Relance': the capitalized portfolios
    of a public office are not organizations; a name right after the title is kept
    ("ministre de l'Économie Bruno Le Maire": no preposition before it)."""
    if cand.source == "ruler" or cand.label == "PER":
        return cand
    line_start = _text(doc).rfind("\n", 0, cand.start) + 1
    window = _text(doc)[max(line_start, cand.start - 160) : cand.start]
    for title in _portfolio_title().finditer(window):
        between = window[title.end() :]
        if len(between.split()) <= 12 and _PORTFOLIO_PREP.search(between) and not re.search(r"[.;:«»()]", between):
            return None
    return cand


def drop_posts_and_headers(doc: Doc, cand: Candidate) -> Candidate | None:
    """A post written with a capital ("Première ministre") or a byline word opening the
    span ("Publié le 06/10/2022") is not a name."""
    if cand.source == "ruler":
        return cand
    text = _text(doc)[cand.start : cand.end]
    if _plain(text) in _post_forms():  # not normalize_name: "Le Maire" is a surname, not "maire"
        return None
    header = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _lexicon()["header_words"])
    if re.match(rf"(?i:{header})(?![\wÀ-ÿ])", text):
        return None
    return cand


@lru_cache(maxsize=1)
def _post_forms() -> frozenset[str]:
    posts = yaml.safe_load((LEXICON_DIR / "posts.yaml").read_text(encoding="utf-8"))["posts"]
    return frozenset(_plain(form) for entry in posts for form in entry["forms"])


def _plain(text: str) -> str:
    """Lower case, without accents, spaces collapsed; determiners kept."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def _named_alone(text: str, word: str) -> bool:
    """`word` occurs in `text` as a word of its own, not joined by a hyphen."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def split_place_prefix(doc: Doc, cand: Candidate) -> list[Candidate]:
    """ "présenté à Paris Cloudwatt" read as one place -> "Paris" and "Cloudwatt": a place
    after "à"/"en" glued to a name that the article writes on its own elsewhere."""
    span = _span(doc, cand)
    if cand.source == "ruler" or cand.label != "LOC" or span is None or len(span) < 2 or span.start == 0 \
            or doc[span.start - 1].lower_ not in ("à", "en") or not span[1].text[:1].isupper():
        return [cand]
    rest = _text(doc)[span[1].idx : cand.end]
    occurrences = len(re.findall(rf"(?<![\w-]){re.escape(rest)}(?![\w-])", _text(doc)))
    if occurrences < 2:
        return [cand]
    place = replace(cand, end=span[0].idx + len(span[0].text))
    return [place, replace(cand, start=span[1].idx, label="ORG")]


def split_pairs(doc: Doc, cand: Candidate) -> list[Candidate]:
    """'SFR-Bull' (a joint venture's parents) -> 'SFR' and 'Bull'.

    Only for organization spans whose both halves are capitalized words, that a
    company noun introduces ("la coentreprise SFR-Bull") or whose halves the
    article also names on their own ("Gaia-X", "IPCEI-CIS", "le consortium
    Nuage-IA" are one name), and that the ruler did not match as a whole
    (Hewlett-Packard stays).
    """
    text = _text(doc)[cand.start : cand.end]
    match = re.fullmatch(r"([A-Z][\w&.]+)-([A-Z][\w&.]+)", text)
    before = re.findall(r"[\w-]+", _text(doc)[max(0, cand.start - 30) : cand.start].lower())
    joint = bool(before) and before[-1] in set(_lexicon()["kind_cues"]["organization"]) | {"alliance"}
    if cand.source == "ruler" or not match:
        return [cand]
    halves = [half.rstrip(".") for half in match.groups()]
    # the tagger may call such a pair a person ("Bull-Vantor" after "Bull" and "Vantor"):
    # halves the article names on their own make it a pair whatever its label
    if not (cand.label == "ORG" or joint or all(_named_alone(_text(doc), half) for half in halves)):
        return [cand]
    if any(len(half) < 2 for half in halves) or not (
        joint or all(_named_alone(_text(doc), half) for half in halves)
    ):
        return [cand]
    cand = replace(cand, label="ORG")
    left = replace(cand, end=cand.start + len(match.group(1)))
    right = replace(cand, start=cand.start + len(match.group(1)) + 1)
    return [left, right]


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """First words of the posts of the role lexicon ("ministre", "directeur", "pdg")."""
    data = yaml.safe_load((ONTOLOGY_DIR / "lexicons" / "posts.yaml").read_text(encoding="utf-8"))
    return frozenset(form.split()[0] for post in data["posts"] for form in post["forms"])


def split_title_from_person(doc: Doc, cand: Candidate, words: WordKnowledge) -> Candidate:
    """'le ministre de l'[Économie Bruno Le Maire]': the NER glued the portfolio of a
    pre-posed title to the name that follows it; keep the name, as a person."""
    span = _span(doc, cand)
    if span is None or len(span) < 3 or cand.source == "ruler":
        return cand
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in {"de", "du", "des", "l'", "l’", "d'", "d’", "la"}:
        i -= 1
    if i < 0 or i == span.start - 1 or doc[i].lower_ not in _title_words():
        return cand
    run = len(span)
    while run > 0 and (span[run - 1].is_title or span[run - 1].lower_ in {"le", "la", "de", "du"}):
        run -= 1
    start = run if run > 0 else 1
    person = span[start:]
    if len(person) < 2 or not person[0].is_title or not person[-1].is_title:
        return cand
    # the cut-off words are a portfolio ("Économie"), the rest no organization's name
    if not all(words.is_common(t.text) for t in span[:start] if t.is_alpha):
        return cand
    if person[-1].lower_ in set(_lexicon()["org_suffixes"]) or person[0].lower_ in set(_lexicon()["org_heads"]):
        return cand
    return replace(cand, start=person.start_char, end=person.end_char, label="PER")


def attach_programme_head(doc: Doc, cand: Candidate) -> Candidate:
    """'le plan Cloud Computing': a plan or programme is named with its head noun."""
    span = _span(doc, cand)
    if span is None or span.start == 0 or span[0].is_lower:
        return cand
    previous = doc[span.start - 1]
    if previous.lower_ in set(_lexicon()["programme_heads"]) and previous.is_lower:
        # the name runs on through capitalized words and numbers: "plan France 2030",
        # "plan France Très Haut Débit" (the reference knows only "France")
        end = span.end
        while end < len(doc) and (doc[end].is_title or doc[end].is_upper or doc[end].like_num) and (
            doc[end].idx == doc[end - 1].idx + len(doc[end - 1].text) + 1
        ):
            end += 1
        return replace(cand, start=previous.idx, end=doc[end - 1].idx + len(doc[end - 1].text), label="MISC")
    return cand


def extend_institutions(doc: Doc, cand: Candidate) -> Candidate:
    """'ministère du Redressement' -> 'ministère du Redressement productif': an
    institution's name runs over the adjectives that follow it, and starts at
    its head noun when the NER left it out ('ministère de la [Transition écologique]')."""
    span = _span(doc, cand)
    heads = set(_lexicon()["org_heads"])
    if span is not None and span[0].lower_ not in heads:
        i = span.start - 1
        while i >= 0 and doc[i].lower_ in {"de", "du", "des", "la", "l'", "l’", "d'", "d’"}:
            i -= 1
        if 0 <= i < span.start - 1 and doc[i].lower_ in heads and doc[i].is_lower:
            cand = replace(cand, start=doc[i].idx)
            span = _span(doc, cand)
    if span is not None and span[-1].lower_ in _INSTITUTION_ADJECTIVES and span[0].is_title:
        # "Commissariat général [à l'investissement]", "Conseil national [du numérique]": the
        # complement of an institution's name belongs to it
        end = span.end
        while (end < len(doc) and end - span.end < 6 and doc[end].is_lower
               and doc[end].pos_ in ("ADP", "DET", "NOUN", "ADJ")):
            end += 1
        while end > span.end and doc[end - 1].pos_ not in ("NOUN", "ADJ"):
            end -= 1
        if end > span.end:
            return replace(cand, end=doc[end - 1].idx + len(doc[end - 1].text), label="ORG")
    if span is None or span[0].lower_ not in heads:
        return cand
    end = span.end
    while end < len(doc) and doc[end].is_lower and doc[end].pos_ == "ADJ":
        end += 1
    return replace(cand, end=doc[end - 1].idx + len(doc[end - 1].text), label="ORG")


_INSTITUTION_ADJECTIVES = frozenset({
    "général", "générale", "national", "nationale", "supérieur", "supérieure", "interministériel",
    "interministérielle", "fédéral", "fédérale",
})


# --- types ------------------------------------------------------------------


def fix_label(doc: Doc, cand: Candidate, known: WordKnowledge | None = None) -> Candidate:
    """Correct the statistical label with what the words themselves say."""
    if cand.source == "ruler":
        return cand
    text = _text(doc)[cand.start : cand.end]
    words = text.lower().split()
    lex = _lexicon()
    if known is not None and len(words) >= 2 and (cand.label == "PER" or cand.label == "LOC" and words[0].endswith(
            ("erie", "eries"))) and _trade_name(text.split()[0], known):
        return replace(cand, label="ORG")  # "Tissages Delcourt", "Biscuiterie Le Guennec": a firm
    if words and words[0] in set(lex["programme_heads"]):
        return replace(cand, label="MISC")
    if words and (words[-1] in set(lex["org_suffixes"]) or words[0] in set(lex["org_heads"])):
        return replace(cand, label="ORG")
    if cand.label == "PER" and (len(words) == 1 and text.isupper()):
        return replace(cand, label="ORG")  # an acronym is not a person
    if cand.label in ("LOC", "MISC") and _company_noun_before().search(_text(doc), max(0, cand.start - 60), cand.start):
        return replace(cand, label="ORG")  # "la start-up lyonnaise Lumio" is neither a place nor a product
    return cand


def _trade_name(first: str, known: WordKnowledge) -> bool:
    """A name that begins with a common noun that is neither a given name nor a title: a
    trade and a family name make a firm's name ("Transports Berthelot", "Caves Fabrèges")."""
    if len(first) < 4 or not first[0].isupper() or "-" in first or not first.isalpha():
        return False
    lower = first.lower()
    # a plural ("Tissages", "Transports") or a trade in -erie ("Biscuiterie"): singular common
    # words are too often given names too ("Marine", "Claire")
    if not lower.endswith(("s", "x", "erie", "eries")):
        return False
    return known.is_common(first) and first not in first_names() and first.capitalize() not in first_names() \
        and lower not in _title_words() and lower not in _post_forms()


@lru_cache(maxsize=1)
def _company_noun_before() -> re.Pattern[str]:
    """A company noun and at most two lower-case words just before a name."""
    nouns = yaml.safe_load((LEXICON_DIR / "organizations.yaml").read_text(encoding="utf-8"))["company_nouns"]
    words = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(nouns, key=len, reverse=True))
    # the words between are adjectives ("lyonnaise"), never a preposition ("des entreprises en France")
    between = r"(?:\s+(?!(?:en|à|au|aux|de|du|des|pour|par|sur|dans|chez|vers|et|ou|comme|avec|contre)\b)[a-zà-ÿ-]+)"
    return re.compile(rf"(?<![\wÀ-ÿ-])(?i:{words}){between}{{0,2}}\s+$")


# --- clustering -------------------------------------------------------------


def _acronym_of(short: str, long: str) -> bool:
    """'FSN' abbreviates 'Fonds national pour la société numérique', 'WEF' 'World Economic Forum'."""
    letters = [w[0].upper() for w in re.findall(r"\w+", long) if len(w) > 2 or w[0].isupper()]
    initials = "".join(letters)
    short = short.replace(".", "").upper()
    if not short or short[0] != initials[:1]:
        return False
    it = iter(initials)
    return all(ch in it for ch in short)  # subsequence of the initials


def cluster_mentions(text: str, cands: list[Candidate], is_head: Callable[[str], bool] | None = None) -> list[Mention]:
    """Group the candidates of one entity; give every mention of a cluster one label.

    `is_head` tells a generic noun that, capitalized and alone ("la Région", "les
    Laminoirs"), stands for the one longer name of the article it begins."""
    keys = [normalize_name(text[c.start : c.end]) for c in cands]
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in by_key:
            union(i, by_key[key])
        else:
            by_key[key] = i
    persons = [i for i, c in enumerate(cands) if c.label == "PER" and len(keys[i].split()) > 1]
    for i, cand in enumerate(cands):
        words = keys[i].split()
        # a surname alone refers to the one full name of the article that ends with it
        if len(words) == 1 and cand.label in ("PER", "ORG", "LOC", "MISC"):
            owners = {find(p) for p in persons if keys[p].split()[-1] == words[0]}
            if len(owners) == 1 and (cand.label == "PER" or text[cand.start : cand.end][0].isupper()):
                if cand.label == "PER" or not any(
                    keys[j] == keys[i] and cands[j].label != "PER"
                    for j in range(len(cands))
                    if j != i and cands[j].source == "ruler"
                ):
                    union(i, owners.pop())
        # "Name (ACR)": the acronym in brackets right after a name is that name
        raw = text[cand.start : cand.end]
        if raw.isupper() and 2 <= len(raw) <= 8 and cand.start > 1 and text[cand.start - 1] == "(":
            for j, other in enumerate(cands):
                gap = text[other.end : cand.start]
                if (
                    j != i
                    and other.end <= cand.start
                    and re.fullmatch(r"\s*\(", gap)
                    and _acronym_of(raw, text[other.start : other.end])
                ):
                    union(i, j)
    # a shorter form of a longer name of the same type ("plan Cloud" / "plan Cloud Computing")
    for i, key in enumerate(keys):
        for j, other_key in enumerate(keys):
            if (
                i != j
                and cands[i].label == cands[j].label
                and len(key.split()) >= 2
                and other_key.startswith(key + " ")
            ):
                union(i, j)
    # "la Région" after "la Région Bretagne", "les Laminoirs" after "les Laminoirs de la Fensch":
    # a generic noun alone is the one longer name of the article that it begins
    # (never a name of the reference: "Orange" is not "Orange Business")
    if is_head is not None:
        for i, key in enumerate(keys):
            raw = text[cands[i].start : cands[i].end]
            if " " in key or cands[i].source == "ruler" or cands[i].label == "PER" or not is_head(raw):
                continue
            owners = {find(j) for j, other_key in enumerate(keys)
                      if cands[j].label != "PER" and other_key.startswith(key + " ")}
            if len(owners) == 1:
                union(i, owners.pop())
    # acronym used elsewhere in the article: same cluster as its bracketed first use
    for i, key in enumerate(keys):
        for j, other_key in enumerate(keys):
            if i != j and key == other_key:
                union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(cands)):
        groups.setdefault(find(i), []).append(i)
    mentions: list[Mention] = []
    for cluster_id, (_, members) in enumerate(sorted(groups.items(), key=lambda kv: cands[kv[1][0]].start)):
        votes = Counter()
        for m in members:
            weight = 3 if cands[m].source == "ruler" else 1
            votes[cands[m].label] += weight * (2 if len(keys[m].split()) > 1 else 1)
        label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if (
            label == "PER"
            and all(len(keys[m].split()) < 2 for m in members)
            and not any(cands[m].source != "ner" for m in members)
        ):
            # news introduce people by full name: a lone single word tagged PER
            # ("Zentrix") is far more often a company or a product.
            label = "ORG"
        for m in members:
            c = cands[m]
            mentions.append(Mention(c.start, c.end, text[c.start : c.end], label, cluster_id, c.source))
    return sorted(mentions, key=lambda m: (m.start, m.end))


# --- the step ---------------------------------------------------------------


def _ruler_candidates(doc: Doc, nlp: Language | None) -> list[Candidate]:
    """Every match of the reference's names, whether or not the NER covered the words."""
    if nlp is None or "entity_ruler" not in nlp.pipe_names:
        return []
    ruler = nlp.get_pipe("entity_ruler")
    cands = []
    for match_id, start, end in ruler.match(doc):  # type: ignore[attr-defined]
        label, _ = ruler._split_label(doc.vocab.strings[match_id])  # type: ignore[attr-defined]
        if label in ("PER", "ORG", "LOC", "MISC"):
            span = doc[start:end]
            cands.append(Candidate(span.start_char, span.end_char, label, "ruler", span[0].is_sent_start))
    return cands


def _doc_candidates(doc: Doc) -> list[Candidate]:
    cands = []
    for ent in doc.ents:
        if ent.label_ not in ("PER", "ORG", "LOC", "MISC"):
            continue
        source = "ruler" if ent.ent_id_ else "ner"
        cands.append(Candidate(ent.start_char, ent.end_char, ent.label_, source, ent[0].is_sent_start))  # type: ignore[arg-type]
    return cands


def _named_in_metadata(article: Article) -> list[Candidate]:
    """The relayed source's author and publisher, wherever the text names them
    (credit lines are often lower case, which NER misses)."""
    found: list[Candidate] = []
    names: list[tuple[str, NerLabel]] = []
    if article.is_based_on is not None:
        if article.is_based_on.publisher:
            names.append((article.is_based_on.publisher, "ORG"))
        if article.is_based_on.author:
            names.append((article.is_based_on.author, "PER"))
    if article.publisher:
        names.append((article.publisher, "ORG"))
    if article.author:
        names.append((article.author, "PER"))
    for name, label in names:
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", article.text, re.IGNORECASE):
            found.append(Candidate(match.start(), match.end(), label, "rule"))
    return found


def hyphen_partners(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """'SFR-Bull' where the ruler matched 'SFR': the capitalized word joined to an
    organization by a hyphen is its partner organization ('Renault-Nissan')."""
    text = _text(doc)
    found: list[Candidate] = []
    for cand in cands:
        if cand.label != "ORG":
            continue
        after = re.match(r"-([A-Z][\w&]+)\b", text[cand.end : cand.end + 40])
        if after:
            start = cand.end + 1
            found.append(Candidate(start, start + len(after.group(1)), "ORG", "ner"))
        before = re.search(r"\b([A-Z][\w&]+)-$", text[max(0, cand.start - 40) : cand.start])
        if before:
            start = cand.start - 1 - len(before.group(1))
            found.append(Candidate(start, cand.start - 1, "ORG", "ner"))
    return found


_PRODUCT = re.compile(
    r"(?<![\w.])([A-Z][a-zA-Z]+) ([0-9]{1,3}|[0-9]{5,}|X{0,3}(?:IX|IV|V?I{1,3}))(?![\w,.][0-9])\b"
)


def product_names(doc: Doc) -> list[Candidate]:
    """'Office 365', 'Windows 10': a capitalized word and a number (not a year)
    name a product; the NER often misses them."""
    excluded = set(_lexicon()["not_product_heads"])
    found = []
    for match in _PRODUCT.finditer(_text(doc)):
        start = match.start()
        line_start = start == 0 or _text(doc)[start - 1] == "\n"
        sentence_start = line_start or re.search(r"[.!?:»]\s*$", _text(doc)[max(0, start - 3) : start])
        if match.group(1).lower() in excluded or sentence_start:
            continue
        found.append(Candidate(start, match.end(), "MISC", "rule"))
    return found


_NAME_AFTER_NOUN = r"(?P<name>[A-Z][\w&’'.-]*[\w&](?:\s+(?:[A-Z0-9][\w&.-]*[\w&]|&))*)"


@lru_cache(maxsize=1)
def _described_name_pattern() -> re.Pattern[str]:
    return re.compile(_company_noun_before().pattern.removesuffix(r"\s+$") + r"\s+" + _NAME_AFTER_NOUN)


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Given name -> "m", "f" or "" (either), from ontology/lexicons/first_names.yaml."""
    data = yaml.safe_load((LEXICON_DIR / "first_names.yaml").read_text(encoding="utf-8"))
    table = {name: "m" for name in data["masculine"]}
    table.update({name: "f" for name in data["feminine"]})
    table.update({name: "" for name in data["epicene"]})
    return table


@lru_cache(maxsize=1)
def _person_name_pattern() -> re.Pattern[str]:
    given = "|".join(re.escape(n) for n in sorted(first_names(), key=len, reverse=True))
    surname = r"[A-ZÀ-Ý](?:[\wÀ-ÿ’'-]*[\wÀ-ÿ])?"
    return re.compile(
        rf"(?<![\wÀ-ÿ’'-])(?:{given})(?:-(?:{given}))?"
        rf"\s+(?:(?:de|du|des|d['’]|Le|La|De|Du|van|von|di|da|del|ben|Ben)\s*)?{surname}"
        rf"(?:[ -](?!(?:Le|La|Les|De|Du|Des)\b){surname})?(?![\wÀ-ÿ])"
    )


def person_names(doc: Doc) -> list[Candidate]:
    """'Bruno Le Maire', 'Antoine Le Bihan', 'Amélie de Montchalin': a known given name and
    a capitalized surname (with its particle) name a person where the model cuts at the
    particle or calls the first name an organization. A name at the start of a line that
    a colon follows is a heading, not a person."""
    found = []
    suffixes = {s.lower() for s in _lexicon()["org_suffixes"]}
    for match in _person_name_pattern().finditer(_text(doc)):
        last = match.group().split()[-1].lower()
        # "Pierre Audoin Consultants", "Jean Jaurès Avenue": the capitals go on into another name
        if last in suffixes or re.match(r"[ -]+[A-ZÀ-Ý&]", _text(doc)[match.end() : match.end() + 3]):
            continue
        found.append(Candidate(match.start(), match.end(), "PER", "rule"))
    return found


_STATE = re.compile(r"(?<=\b[lL]['’])(?:État|Etat)(?![\wÀ-ÿ-])")
_GOVERNMENT = re.compile(
    r"(?<=\b(?:le|Le|du|Du|au|Au)\s)gouvernement(?:\s+français)?(?![\wÀ-ÿ-])"
    r"(?!\s+(?:de|d['’]|du|des)\s)(?!\s+(?!français)[a-zà-ÿ]+(?:ien|ienne|ais|aise|and|ande|ain|aine|ol|ole|ois|oise|en|enne)\b)"
)


def state_names(doc: Doc) -> list[Candidate]:
    """'l'État' and 'le gouvernement' (without a complement or another nationality) name the
    French state and its government in French press; the curated links say which items."""
    found = [Candidate(m.start(), m.end(), "LOC", "rule") for m in _STATE.finditer(_text(doc))]
    found += [Candidate(m.start(), m.end(), "ORG", "rule") for m in _GOVERNMENT.finditer(_text(doc))]
    return found


def described_names(doc: Doc) -> list[Candidate]:
    """'la start-up lyonnaise Lumio', 'l'éditeur Alter Way': capitalized words right after a
    company noun name an organization; the statistical model misses little-known ones."""
    found = []
    for match in _described_name_pattern().finditer(_text(doc)):
        name = match.group("name")
        if name.endswith(".") or normalize_name(name) in {normalize_name(w) for w in _lexicon()["not_entities"]}:
            name = name.rstrip(".")
        if len(name) < 2 or re.search(r"[\wÀ-ÿ]-[A-ZÀ-Ý]", name):
            continue  # "la coentreprise SFR-Bull": two partners, read by split_pairs
        found.append(Candidate(match.start("name"), match.start("name") + len(name), "ORG", "ner"))
    return found


def _extends_with_names(text: str, outer: Candidate, inner: Candidate) -> bool:
    """'Google Cloud' around the reference's 'Google': the extra words are capitalized
    name words, so the longer span names something else (a division, a subsidiary)."""
    inside = outer.start <= inner.start and inner.end <= outer.end
    if not inside or (outer.start, outer.end) == (inner.start, inner.end):
        return False
    extra = (text[outer.start : inner.start] + " " + text[inner.end : outer.end]).split()
    return bool(extra) and all(w[:1].isupper() or w[:1].isdigit() for w in extra)


def _without_overlaps(cands: list[Candidate], text: str = "") -> list[Candidate]:
    """Keep the longest of overlapping spans (ruler and rule spans first, unless a
    statistical span extends a reference name with more name words)."""
    if text:
        cands = [
            c
            for c in cands
            if not (
                c.source == "ruler" and any(o.source == "ner" and _extends_with_names(text, o, c) for o in cands)
            )
        ]
    priority = {"ruler": 0, "rule": 1, "ner": 2}
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (priority[c.source], -(c.end - c.start), c.start)):
        if all(cand.end <= other.start or cand.start >= other.end for other in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


CandidatePass = Callable[[Doc, Candidate], "Candidate | None"]


def find_mentions(doc: Doc, article: Article, nlp: Language | None = None) -> list[Mention]:
    """The named-entity mentions of an article, cleaned, typed and clustered."""
    words = _knowledge(nlp) if nlp is not None else WordKnowledge(None)
    cands: list[Candidate] = []
    for cand in _doc_candidates(doc) + _ruler_candidates(doc, nlp):
        for part in (piece for split in split_place_prefix(doc, cand) for piece in split_pairs(doc, split)):
            current: Candidate | None = part
            for step in (cut_at_newline, cut_at_colon, trim_determiners, trim_lowercase_edges):
                if current is None:
                    break
                current = step(doc, current)
            if current is None:
                continue
            current = attach_programme_head(doc, extend_institutions(doc, split_title_from_person(doc, current, words)))
            # character-level, after every token-aligned pass (a token may carry the full stop: "X.")
            current = drop_final_period(doc, current)
            current = drop_non_names(doc, current, words)
            if current is not None:
                current = drop_portfolios(doc, current)
            if current is not None:
                current = drop_posts_and_headers(doc, current)
            if current is not None:
                cands.append(fix_label(doc, current, words))
    # a described name competes with the model's spans on length ("l'éditeur Alter Way" over "Alter"),
    # never with the reference's
    described = [
        c for c in described_names(doc)
        if all(c.end <= o.start or c.start >= o.end or o.source == "ner" for o in cands)
    ]
    # a person's full name competes with the model's spans, never with the reference's names
    persons = [
        c for c in person_names(doc)
        if all(c.end <= o.start or c.start >= o.end or o.source == "ner" for o in cands)
    ]
    cands = _without_overlaps(
        cands + _named_in_metadata(article) + product_names(doc) + described + persons + state_names(doc), _text(doc)
    )
    cands = _without_overlaps(cands + hyphen_partners(doc, cands))
    cands = _without_overlaps(cands + repeated_names(doc, cands))
    heads = frozenset(_lexicon()["standalone_heads"])
    return cluster_mentions(_text(doc), join_name_pieces(doc, cands),
                            lambda word: word.lower() in heads or _trade_name(word, words))


_NAME_LINKS = frozenset({"de", "du", "des", "d'", "d’"})


def _capitalized(token: Token) -> bool:
    """A capitalized word inside a sentence that can be part of a name (not a post: "PDG")."""
    return token.text[:1].isupper() and token.is_alpha and not token.is_sent_start \
        and _plain(token.text) not in _post_forms()


def join_name_pieces(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """One name the model read as pieces ("Alpes" + "Dufresne Banque", "Beauce" + "Horizons",
    "Vignerons" + "d'Oc Associés", "Fonderies" + "du Perthois"): a name runs over capitalized
    words right after it and over the next name right after it; a capitalized word or a name
    joined by "de"/"du"/"d'" to a name is one organization's name ("la Banque de France"),
    except a one-word place after another name ("Renault de Douai": the site, not a name).
    Persons are never joined."""
    out: list[Candidate] = []
    starts = {c.start for c in cands}
    surfaces = Counter(_text(doc)[c.start : c.end] for c in cands)
    for cand in sorted(cands, key=lambda c: c.start):
        span = _span(doc, cand)
        if span is None or cand.label == "PER":
            out.append(cand)
            continue
        previous = out[-1] if out else None
        if previous is not None and cand.start < previous.end:
            # a name the one before was extended over ("Alpes" over "Dufresne Banque")
            out[-1] = replace(previous, end=max(previous.end, cand.end), label=cand.label)
            continue
        prev_span = _span(doc, previous) if previous is not None else None
        start = cand.start
        if prev_span is not None and previous.label != "PER" and prev_span.end <= span.start:
            gap = doc[prev_span.end : span.start]
            # (not "la filiale Outscale de Dassault Systèmes", "Numergy de SFR", "Renault de Douai":
            # an organization's unit, owner or site)
            common_head = len(prev_span) == 1 and prev_span[0].pos_ == "NOUN"  # "Forges" + "du Vivarais"
            linked = len(gap) == 1 and gap[0].lower_ in _NAME_LINKS and cand.label != "ORG" \
                and (common_head or not (cand.label == "LOC" and len(span) == 1))
            # (not "présenté à Paris Cloudwatt": a one-word place before a name the text
            # also writes on its own)
            place_before = previous.label == "LOC" and len(prev_span) == 1 and len(gap) == 0 \
                and surfaces[span.text] > 1
            if (len(gap) == 0 or linked) and not doc[span.start].is_sent_start and not place_before:
                # the head of a joined name is its last piece ("Alpes" + "Dufresne Banque")
                out[-1] = replace(previous, end=cand.end, label="ORG" if linked else cand.label)
                continue
        k = span.start
        if k >= 2 and doc[k - 1].lower_ in _NAME_LINKS and _capitalized(doc[k - 2]) and doc[k - 2].is_title and (
                previous is None or previous.end <= doc[k - 2].idx):
            # "des Fonderies du Perthois": a capitalized common noun and its "de" complement
            start = doc[k - 2].idx
        end = span.end
        while end < len(doc) and _capitalized(doc[end]) and doc[end].pos_ != "VERB" and not doc[end].is_stop \
                and end - span.end < 3 and doc[end].idx not in starts:
            end += 1
        if start != cand.start or end != span.end:
            # a place followed by more name words is an organization's name ("Beauce Horizons")
            label = "ORG" if start != cand.start or cand.label == "LOC" else cand.label
            cand = replace(cand, start=start, end=doc[end - 1].idx + len(doc[end - 1].text), label=label)
        out.append(cand)
    return out


def repeated_names(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """A name found once is the same name where the model missed it in the same article
    ("Orange a injecté …" after "d'Orange et de Thales"): every other exact occurrence.

    One pass over the text: the names are indexed by their first word, so the cost does
    not grow with the number of names times the length of the text."""
    text = _text(doc)
    labels: dict[str, Counter] = {}
    for cand in cands:
        surface = text[cand.start : cand.end]
        if len(surface) >= 2 and surface[:1].isupper() and "\n" not in surface:
            labels.setdefault(surface, Counter())[cand.label] += 1
    by_first: dict[str, list[str]] = {}
    for surface in sorted(labels, key=len, reverse=True):
        first = re.match(r"[^\s'’-]+", surface)
        by_first.setdefault(first.group() if first else surface, []).append(surface)
    taken = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in taken]
    found: list[Candidate] = []
    for word in re.finditer(r"(?<![\wÀ-ÿ'’-])[A-ZÀ-Ý][^\s'’-]*", text):
        for surface in by_first.get(word.group(), ()):
            start, end = word.start(), word.start() + len(surface)
            if not text.startswith(surface, start) or (end < len(text) and re.match(r"[\wÀ-ÿ-]", text[end])):
                continue
            i = bisect.bisect_right(starts, end) - 1
            if any(s < end and start < e for s, e in taken[max(0, i - 2) : i + 1]):
                break
            label = labels[surface].most_common(1)[0][0]
            # the model's reading, carried over: it counts as the model's for the label vote
            found.append(Candidate(start, end, label, "ner"))
            break
    return found
