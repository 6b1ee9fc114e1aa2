"""Quotations: words in quotation marks and who said them, read through the parse.

Quotation marks are found by pattern (« », “ ”, straight "…", ‘ ’; a quote that runs over
paragraphs reopens each one with «). The speaker comes from the clause of a verb of saying
next to the quote (ontology/lexicons/saying.yaml, by lemma, pronominal and two-word ones
included, parsed either way round: "fait savoir", "fait valoir"):
- after it, with the subject inverted: "« … », explique X", "« … », a-t-elle ajouté" (the
  clitic wins over any subject the parser read), "« … », a indiqué à l'AFP X" (a name that
  a preposition governs is no subject) (rule quote/speaker-after);
- before it, with a colon or "que", or with the quote hanging on the verb in the parse:
  "X a déclaré : « … »", "X juge qu'« … »", "X a salué « une étape majeure … »",
  "X ne cesse de le répéter : « … »" (quote/speaker-before);
- inside it, as an incise: "« …, estime X, … »", "« …, estime X. … »" (quote/incise);
- "Selon X, « … »", "D'après X", "« … », selon X", "Pour X, « … »", "X, selon laquelle
  « … »" (quote/according-to).
The speaker phrase gives: a name, or the name in apposition to a title ("le patron de
Scaleway, Yann Lechelle": the person, not the company); a pronoun (the person of that
gender the sentences before are about, their subject first, the given name settling the
gender); a title or a person noun ("le patron du groupe", "la nouvelle présidente", "le
milliardaire"): the holder a role fact gives (in the organization named), else the person
the sentences before are about; an organization ("a fait savoir Capgemini", "assure le
groupe"), a plural description for the body it speaks for ("écrivent les magistrats").
An unnamed speaker ("un proche du dossier", "le dirigeant d'une PME") gives no quotation,
and no quote after it continues anybody's words. A quote that follows an attributed one
with no speaker of its own, in the same paragraph or the next, with no other person named
between, continues it (quote/continuation).
Only statements are quotations: a sentence (at least four words, starting in capitals or a
figure, or after a colon or "que"), or words woven into the sentence as the object of a
verb of saying when they say something (five words, or a clause of their own); scare quotes
and names ("« associés »", "« espace Schengen des données »") are left alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ....records import EntityRef, Mention, QuotationFact, RoleFact
from ..common import Context, lexicon
from .clauses import lemmas
from .refs import Resolver, company_nouns, given_names, noun_word, post_heads

__all__ = ["extract_quotes", "find_quoted_spans"]

Token = Any
_PAIRS = {"«": "»", "“": "”", '"': '"', "‘": "’"}
# a speaker the text leaves unnamed ("un proche du dossier"): the quote is nobody's, and
# no quote after it continues an earlier speaker's words
UNNAMED = EntityRef("", "MISC")
Speaker = EntityRef | None


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each outermost pair of quotation marks; a « left open
    at a paragraph's end continues in the next paragraph that opens with «."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in _PAIRS and not (char == "‘" and pos > 0 and text[pos - 1].isalpha()):
            close = _closing(text, pos)
            if close > pos:
                spans.append((pos + 1, close))
                pos = close + 1
                continue
        pos += 1
    return spans


def _closing(text: str, pos: int) -> int:
    char = text[pos]
    closer = _PAIRS[char]
    if char == "«":
        depth, scan = 1, pos + 1
        while depth and scan < len(text):
            depth += {"«": 1, "»": -1}.get(text[scan], 0)
            if text[scan] == "\n" and depth:
                # a quote running over paragraphs reopens the next one with «
                rest = text[scan:].lstrip()
                if not rest.startswith("«"):
                    return -1
                scan = len(text) - len(rest)
            scan += 1
        return scan - 1 if depth == 0 else -1
    scan = pos + 1
    while scan < len(text):
        if text[scan] == "\n":
            return -1
        if text[scan] == closer and not (closer == "’" and scan + 1 < len(text) and text[scan + 1].isalpha()):
            return scan
        scan += 1
    return -1


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
    """(plain lemmas, pronominal lemmas, two-word verbs as (verb, second word))."""
    plain, pronominal, pairs = set(), set(), set()
    for verb in lexicon("saying")["verbs"]:
        if verb.startswith(("se ", "s'")):
            pronominal.add(verb.removeprefix("se ").removeprefix("s'"))
        elif " " in verb:
            first, second = verb.split()[0], verb.split()[-1]
            pairs.add((first, second))
        else:
            plain.add(verb)
    return frozenset(plain), frozenset(pronominal), frozenset(pairs)


def is_saying(token: Token) -> bool:
    plain, pronominal, pairs = _verbs()
    forms = lemmas(token)
    if token.pos_ in ("VERB", "ADJ", "X") and len(forms) == 1:
        # a lemma the lemmatizer cut short ("raconte-t-elle" -> "racont"): the form's infinitive
        forms = (*forms, *lemmas_of_form(token.lower_))
    lemma = next((f for f in forms if f in plain or f in pronominal), forms[0])
    if token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") and lemma not in plain:
        return False
    if lemma in plain:
        return True
    if lemma in pronominal:
        return any(c.lemma_ == "se" for c in token.children) or (
            token.i > 0 and token.doc[token.i - 1].lower_ in ("s'", "se", "s’"))
    for first, second in pairs:
        if lemma == first and (any(c.lemma_.lower() == second for c in token.children)
                               or token.head.lemma_.lower() == second and token.head.i > token.i):
            return True
        if lemma == second and (token.head.lemma_.lower() == first or any(
                c.lemma_.lower() == first and c.i < token.i for c in token.children)):
            return True  # "fait valoir", parsed either way round
    return False


def _pair_partner(token: Token) -> Token | None:
    """The other word of a two-word verb of saying ("fait" for "savoir", "savoir" for "fait")."""
    _, _, pairs = _verbs()
    lemma = token.lemma_.lower()
    for first, second in pairs:
        if lemma == first:
            found = [c for c in token.children if c.lemma_.lower() == second]
            if found:
                return found[0]
            if token.head.lemma_.lower() == second and token.head.i > token.i:
                return token.head
        if lemma == second:
            if token.head.lemma_.lower() == first:
                return token.head
            found = [c for c in token.children if c.lemma_.lower() == first]
            if found:
                return found[0]
    return None


def lemmas_of_form(word: str) -> tuple[str, ...]:
    """The infinitive a verb form of the first or second group may have ("raconte" -> "raconter")."""
    for ending, infinitive in (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ent", "er"),
                               ("es", "er"), ("e", "er"), ("it", "ir"), ("is", "ir")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return (word[: -len(ending)] + infinitive,)
    return ()


def _saying_head(token: Token) -> Token:
    """ "a fait savoir": the speaker hangs under "faire", not "savoir"."""
    plain, _, pairs = _verbs()
    if token.lemma_.lower() not in plain and any(token.lemma_.lower() == s and token.head.lemma_.lower() == f
                                                 for f, s in pairs):
        return token.head
    return token


class _Reader:
    """Finds the verb of saying next to a quote and the speaker it gives."""

    def __init__(self, ctx: Context, resolver: Resolver) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.resolver = resolver
        self.reporting = set(lexicon("saying")["reporting_verbs"])
        self.quoted = find_quoted_spans(ctx.text)
        self.genders: dict[int, str | None] = {}

    def tokens(self, start: int, end: int) -> list[Token]:
        if end <= start:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def saying(self, token: Token) -> bool:
        """A verb of saying whose subject spoke ("rapporte l'AFP" relays, it did not speak)."""
        return is_saying(token) and token.lemma_.lower() not in self.reporting

    # --- who a verb of saying gives as its speaker ----------------------------------

    def subject(self, verb: Token, inverted: bool = False) -> Speaker:
        """The speaker of a verb of saying: an inverted clitic ("a-t-elle souligné") first,
        then its subject (climbing "ne cesse de le répéter" to "cesser"); with the subject
        inverted and missed by the parser, the name right after the verb."""
        verb = _saying_head(verb)
        partner = _pair_partner(verb)
        clitic = self._clitic(verb)
        if clitic is not None:
            return clitic
        head = verb
        for _ in range(3):
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and not _has_case(child) \
                        and (child.i > verb.i) == inverted:
                    found = self.speaker_of(child)
                    if found is not None:
                        return found
            if head.dep_ not in ("xcomp", "conj") or head.head.i == head.i:
                break
            head = head.head
        if partner is not None:
            for child in partner.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and (child.i > verb.i) == inverted:
                    found = self.speaker_of(child)
                    if found is not None:
                        return found
        if inverted:
            return self._next_name(verb if partner is None else max(verb, partner, key=lambda t: t.i))
        if verb.dep_ in ("appos", "flat:name") and verb.head.i < verb.i:
            # "X, juge qu'« … »" with the verb read as a noun in apposition to its subject
            return self.speaker_of(verb.head)
        return None

    def _clitic(self, verb: Token) -> Speaker:
        """ "a-t-il déclaré", "explique-t-elle", "a-t-elle fait valoir": the inverted pronoun
        on the verb or its auxiliary, however the tokenizer cut it."""
        start = min([verb.i] + [c.i for c in verb.children if c.dep_.startswith("aux")])
        for token in self.doc[max(0, start) : min(len(self.doc), verb.i + 3)]:
            word = token.lower_.replace("-t-", "-").lstrip("-")
            if word in ("il", "elle") and (token.text.startswith("-") or self.doc[token.i - 1].text in ("-", "-t-")
                                           or token.i > start):
                return self.person_pronoun(token.idx, "m" if word == "il" else "f")
        return None

    def _next_name(self, verb: Token) -> Speaker:
        """The inverted subject the parser did not attach: the first name or noun phrase after
        the verb that no preposition governs ("a expliqué à l'AFP Octave Klaba", "a indiqué à
        l'AFP un porte-parole", "a réagi dans un communiqué X")."""
        in_phrase = False
        skip_to = -1
        for token in self.doc[verb.i + 1 : min(len(self.doc), verb.i + 12)]:
            if token.i < skip_to or token.pos_ in ("ADV", "AUX") or token.lower_.startswith(("-t-", "-il", "-elle")):
                continue
            if token.is_sent_start or token.text in (".", ";", ":", "«", "»", "?", "!"):
                return None
            if token.pos_ == "ADP":
                in_phrase = True
                continue
            mention = self.resolver.mention_at(token)
            if mention is not None:
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                skip_to = span.end if span is not None else token.i + 1
                if in_phrase:
                    in_phrase = False
                    continue
                return self.speaker_of(span.root if span is not None else token)
            if token.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or token.text == ",":
                if in_phrase:
                    in_phrase = False
                    continue
                if token.pos_ == "NOUN" or token.lower_ in ("il", "elle"):
                    return self.speaker_of(token)
                return None
            if token.pos_ not in ("DET", "ADJ", "PUNCT"):
                return None
        return None

    def speaker_of(self, token: Token) -> Speaker:
        """The entity a speaker phrase names: a name, or the name in apposition to a title
        ("le patron de Scaleway, Yann Lechelle"), a pronoun, the person a title or a
        description stands for ("le patron du groupe", "la dirigeante"), an organization
        ("Capgemini", "le groupe", "la préfecture"); UNNAMED for a speaker left unnamed
        ("un proche du dossier", "le dirigeant d'une PME")."""
        word = token.lower_.replace("-t-", "-").lstrip("-")
        if word in ("il", "elle"):
            return self.person_pronoun(token.idx, "m" if word == "il" else "f")
        if "Rel" in token.morph.get("PronType"):
            return self._antecedent(token)
        for child in token.children:
            if child.dep_ in ("appos", "flat:name", "nmod") and child.i > token.i and not _has_case(child):
                mention = self.resolver.mention_at(child)
                if mention is not None and self.resolver.label(mention) == "PER":
                    return self.ctx.ref(mention)
        mention = self.resolver.mention_at(token)
        if mention is not None:
            ref = self.ctx.ref(mention)
            return ref if ref.label in ("PER", "ORG", "MISC") else None
        if token.pos_ in ("NOUN", "ADJ") and token.dep_ == "appos":
            # "…, Marie-Laure Dufresne, coordinatrice du Hub": the title points to its name
            mention = self.resolver.mention_at(token.head)
            if mention is not None and self.resolver.label(mention) == "PER":
                return self.ctx.ref(mention)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            ref = self.resolver.entity(token)
            return ref if ref is not None and ref.label in ("PER", "ORG", "MISC") else None
        named = self._name_after(token)
        return named if named is not None else self._description(token)

    def _name_after(self, token: Token) -> EntityRef | None:
        """The person a title is followed by, the parse notwithstanding: "le lieutenant-colonel
        Dominique Hemmerlé", "le patron de Scaleway, Yann Lechelle"."""
        commas = 0
        for following in self.doc[token.i + 1 : min(len(self.doc), token.i + 9)]:
            mention = self.resolver.mention_at(following)
            if mention is not None and self.resolver.label(mention) == "PER":
                return self.ctx.ref(mention)
            if following.text == ",":
                commas += 1
                if commas > 1:
                    return None
                continue
            if mention is None and (following.pos_ not in ("NOUN", "ADJ", "ADP", "DET", "PUNCT", "PROPN")
                                    or following.text in (".", ";", ":", "(", "«", "»")):
                return None
        return None

    def _description(self, token: Token) -> Speaker:
        """A common noun as speaker: indefinite is unnamed; an organization noun, a document
        or an institution stands for an organization; a person noun for a person."""
        det = next((c for c in token.children if c.dep_ == "det"), None)
        if det is None or "Ind" in det.morph.get("Definite") or det.lower_ in ("un", "une", "des", "certains"):
            return UNNAMED
        if any("Ind" in d.morph.get("Definite") for c in token.children if c.dep_ == "nmod"
               for d in c.children if d.dep_ == "det"):
            return UNNAMED  # "le dirigeant d'une PME du secteur"
        named = self.resolver.named(token)
        noun = noun_word(token)
        if named is not None and self.resolver.label(named) != "PER" and noun in company_nouns():
            return self.ctx.ref(named)
        if noun in company_nouns() or noun in set(lexicon("saying")["document_nouns"]):
            ref = self.resolver.entity(token) if noun in company_nouns() else None
            if ref is None:
                found = self.resolver.salient_organization(token.idx)
                ref = self.ctx.ref(found) if found is not None else None
            return ref if ref is not None else UNNAMED
        if not _person_noun(token):
            # "indique le parquet de Lyon": an institution left unnamed, or the one it names
            org = self._nmod_organization(token)
            return org if org is not None else UNNAMED
        if "Plur" in token.morph.get("Number"):
            # "écrivent les magistrats", "indiquent les services de l'État": the body they speak for
            org = self._nmod_organization(token)
            if org is None:
                found = self.resolver.salient_organization(token.idx)
                org = self.ctx.ref(found) if found is not None else None
            return org if org is not None else UNNAMED
        holder = self._title_holder(token)
        return holder if holder is not None else UNNAMED

    def _nmod_organization(self, token: Token) -> EntityRef | None:
        """The organization a title is of: "le patron de Qubitel" -> Qubitel."""
        for child in token.children:
            if child.dep_ == "nmod":
                ref = self.resolver.entity(child, person=False)
                if ref is not None and ref.label in ("ORG", "MISC"):
                    return ref
        return None

    def _title_holder(self, token: Token, follow: bool = True) -> EntityRef | None:
        """Who "le patron du groupe", "la nouvelle présidente", "le milliardaire" is: the nearest
        person before that a role fact gave that post (in the organization named, if one is),
        else any post in that organization; else the person the sentences before are about,
        of the title's gender."""
        forms = {token.lower_, token.lemma_.lower()}
        stems = {_stem(f) for f in forms}
        org = self._nmod_organization(token)
        gender = "f" if "Fem" in token.morph.get("Gender") else "m" if "Masc" in token.morph.get("Gender") else None
        chiefs = {"dirigeant", "dirigeante", "patron", "patronne", "numéro"}
        ranked: list[tuple[int, int, EntityRef]] = []
        for fact in self.ctx.facts:
            if not isinstance(fact, RoleFact) or fact.evidence.start > token.idx or fact.former:
                continue
            if gender and fact.person.cluster is not None and self.gender(fact.person.cluster) not in (gender, None):
                continue
            words = fact.role_label.split()
            same = bool(words) and (words[0] in forms or _stem(words[0]) in stems or bool(
                forms & chiefs and fact.role in ("pdg", "dirigeant", "directeur-general", "president", "fondateur")))
            in_org = org is not None and fact.org is not None and (fact.org.cluster == org.cluster
                                                                   or fact.org.name == org.name)
            if org is not None and not in_org:
                continue
            rank = 2 if same else 1 if in_org else 0
            if rank:
                ranked.append((rank, fact.evidence.start, fact.person))
        if ranked:
            return max(ranked, key=lambda r: (r[0], r[1]))[2]
        return self.person_pronoun(token.idx, gender, window=4, follow=follow)

    def _antecedent(self, token: Token) -> Speaker:
        """ "X, …, selon laquelle « … »": the noun the relative clause hangs on, else the name
        nearest before the pronoun."""
        clause = token.head
        while clause.dep_ not in ("acl:relcl", "acl") and clause.head.i != clause.i and clause.i >= token.i - 1:
            clause = clause.head
        if clause.dep_ in ("acl:relcl", "acl") and clause.head.i < token.i:
            found = self.speaker_of(clause.head)
            if found is not None:
                return found
        sent_start = self.ctx.sentence_of(token.idx)[0]
        before = [m for m in self.ctx.mentions if sent_start <= m.start and m.end <= token.idx
                  and self.resolver.label(m) in ("PER", "ORG")]
        return self.ctx.ref(max(before, key=lambda m: m.start)) if before else None

    def _described_subject(self, start: int, end: int, gender: str | None) -> EntityRef | None:
        """ "Le membre du gouvernement n'a pas esquivé. « … », a-t-il plaidé": a sentence with no
        name whose subject is a title passes the pronoun on to the person holding it."""
        for token in self.tokens(start, end):
            if token.dep_ not in ("nsubj", "nsubj:pass") or token.pos_ != "NOUN" or token.head.dep_ != "ROOT" \
                    or self._quoted(token.idx, token.idx + 1):
                continue
            det = next((c for c in token.children if c.dep_ == "det"), None)
            noun = noun_word(token)
            if det is None or "Def" not in det.morph.get("Definite") or "Plur" in token.morph.get("Number") \
                    or noun in company_nouns() or not _person_noun(token):
                continue
            own = "f" if "Fem" in token.morph.get("Gender") else "m" if "Masc" in token.morph.get("Gender") else None
            if gender and own and own != gender:
                continue
            holder = self._title_holder(token, follow=False)
            if holder is not None:
                return holder
        return None

    def person_pronoun(self, offset: int, gender: str | None, window: int = 4,
                       follow: bool = True) -> EntityRef | None:
        """Who "il"/"elle" (or a title) stands for: in the nearest of the sentences before (this
        one first) naming a person of that gender, its subject, else its first such person;
        a person of known gender beats one of unknown gender."""
        sentences = [s for s in self.ctx.sentences if s[0] <= offset and not self._quoted(s[0], s[1])][-window:]
        fallback: Mention | None = None
        for start, end in reversed(sentences):
            persons = [m for m in self.ctx.mentions if start <= m.start and m.end <= min(end, offset)
                       and self.resolver.label(m) == "PER" and not self._quoted(m.start, m.end)]
            if not persons:
                described = self._described_subject(start, min(end, offset), gender) if follow else None
                if described is not None:
                    return described
                continue
            genders = {id(m): self.gender(m.cluster) for m in persons}
            known = [m for m in persons if gender is None or genders[id(m)] == gender]
            unknown = [m for m in persons if gender is not None and genders[id(m)] is None]
            if known:
                return self.ctx.ref(self._topic(known))
            if unknown and fallback is None:
                fallback = self._topic(unknown)
        return self.ctx.ref(fallback) if fallback is not None else None

    def _quoted(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside quotation marks (a name there is not a speaker)."""
        return any(q_start - 1 <= start and end <= q_end + 1 for q_start, q_end in self.quoted)

    def gender(self, cluster: int) -> str | None:
        """A person's gender: the given name's first (a title's grammatical gender misleads on
        "la maire", "le ministre" said of a woman), else the resolver's reading of the text."""
        if cluster not in self.genders:
            self.genders[cluster] = self._gender(cluster)
        return self.genders[cluster]

    def _gender(self, cluster: int) -> str | None:
        feminine, masculine = given_names()
        for mention in self.ctx.mentions:
            if mention.cluster == cluster and " " in mention.text.strip():
                first = mention.text.split()[0].split("-")[0]
                if first in feminine or first in masculine:
                    return "f" if first in feminine else "m"
        votes = {"f": 0, "m": 0}
        for mention in self.ctx.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand") \
                if mention.cluster == cluster else None
            if span is None:
                continue
            titles = [span.root.head] if span.root.dep_ == "appos" else []
            titles += [c for c in span.root.children if c.dep_ == "appos"]
            for title in titles:
                for det in title.children:
                    if det.dep_ == "det" and det.lower_ in ("la", "le", "une", "un"):
                        votes["f" if det.lower_ in ("la", "une") else "m"] += 1
        if votes["f"] != votes["m"]:
            return "f" if votes["f"] > votes["m"] else "m"
        return self.resolver.gender(cluster)

    def _topic(self, persons: list[Mention]) -> Mention:
        """Of the persons of one sentence, the subject (or the name in apposition to it), else the first."""
        for mention in persons:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ in ("nsubj", "nsubj:pass") or (root.dep_ in ("appos", "flat:name", "nmod")
                                                        and root.head.dep_ in ("nsubj", "nsubj:pass")):
                return mention
        return min(persons, key=lambda m: m.start)

    # --- where the verb of saying stands ----------------------------------------------

    def after(self, close: int, sent_end: int) -> tuple[Speaker, str] | None:
        """ "« … », explique X", "« … », a-t-elle ajouté", "« … », selon X"."""
        tokens = [t for t in self.tokens(close + 1, min(sent_end, close + 160)) if not t.is_space]
        for token in tokens[:7]:
            if token.is_punct and token.text not in ("-", "—"):
                if token.text in (".", "«", "!", "?", ";"):
                    return None
                continue
            if _according_word(token):
                return self._according(token), "according-to"
            if self.saying(token):
                return self.subject(token, inverted=True), "speaker-after"
            if token.pos_ not in ("AUX", "ADV", "PRON") and not token.lower_.startswith(("-t-", "-il", "-elle")):
                return None
        return None

    def inside(self, start: int, end: int) -> Speaker:
        """ "« …, estime X, … »", "« …, estime X. … »": a verb of saying right after a comma,
        its subject inverted after it."""
        tokens = self.tokens(start, end)
        for k, token in enumerate(tokens[1:-1], start=1):
            if tokens[k - 1].text != "," or not self.saying(token):
                continue
            if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < token.i for c in token.children):
                continue
            if not any(t.text in (",", ".", ";", "!", "?") for t in tokens[k + 1 : k + 16]):
                continue
            ref = self.subject(token, inverted=True)
            if ref is not None:
                return ref
        return None

    def before(self, open_at: int, close: int, sent_start: int) -> tuple[Speaker, str] | None:
        """ "X a déclaré : « … »", "X juge qu'« … »", "X a salué « une étape »" (the quote hangs
        on the verb in the parse), "Selon X, « … »", "Pour X, « … »"."""
        tokens = [t for t in self.tokens(sent_start, open_at) if not t.is_space]
        if not tokens:
            return None
        last = tokens[-1]
        governors = self._governors(open_at + 1, close)
        for token in reversed(tokens):
            if _according_word(token):
                ref = self._according(token)
                if ref is not None:
                    return ref, "according-to"
            if token.text in (".", ";", "?", "!", "»"):
                break
            if not self.saying(token):
                continue
            between = self.ctx.text[token.idx + len(token.text) : open_at]
            plain = ":" in between or between.strip().lower().endswith(("que", "qu'", "qu’")) \
                or between.strip() in ("", ",")
            if plain or token.i in governors or _saying_head(token).i in governors:
                ref = self.subject(token)
                if ref is not None:
                    return ref, "speaker-before"
        first = tokens[0]
        if first.lower_ in lexicon("saying")["according_to_initial"] and last.text == ",":
            ref = self._according(first)
            if ref is not None:
                return ref, "according-to"
        return None

    def statement(self, start: int, end: int) -> bool:
        """Whether words woven into the sentence ("a salué « un atout pour nos entreprises »")
        say something: five words at least, or a clause of their own ("« la technologie
        restera américaine »"); a name for a thing ("« espace Schengen des données »") does not."""
        tokens = [t for t in self.tokens(start, end) if not t.is_punct]
        return len(tokens) >= 5 or (len(tokens) >= 3 and any("Fin" in t.morph.get("VerbForm") for t in tokens))

    def _governors(self, start: int, end: int) -> set[int]:
        """The tokens a quote hangs on in the parse: the ancestors of its head, up to three."""
        inside = self.tokens(start, end)
        ids = {t.i for t in inside}
        heads = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
        if not heads:
            return set()
        out: set[int] = set()
        for ancestor in list(heads[0].ancestors)[:3]:
            out.add(ancestor.i)
        return out

    def _according(self, token: Token) -> Speaker:
        """The entity of "selon X", "d'après X", "pour X": the preposition's noun."""
        target = token.head if token.dep_ in ("case", "fixed") and token.head.i > token.i else None
        if target is None or target.i - token.i > 4:
            following = [t for t in self.doc[token.i + 1 : token.i + 6] if not t.is_punct]
            target = following[0] if following else None
        if target is None:
            return None
        return self.speaker_of(target)


def _according_word(token: Token) -> bool:
    """ "selon", "d'après" (one token or two)."""
    words = lexicon("saying")["according_to"]
    if token.lower_.replace("’", "'") in words:
        return True
    return token.lower_ == "après" and token.i > 0 and token.doc[token.i - 1].lower_ in ("d'", "d’")


@lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    return post_heads() | frozenset(lexicon("saying")["person_nouns"])


def _person_noun(token: Token) -> bool:
    """Whether a noun names a person ("le patron", "la nouvelle présidente", "le milliardaire")."""
    words = _person_words()
    return token.lower_ in words or token.lemma_.lower() in words or noun_word(token) in words


def _has_case(token: Token) -> bool:
    """Whether a preposition governs the token ("à l'AFP"): then it is no subject."""
    return any(c.dep_ == "case" for c in token.children)


def _stem(word: str) -> str:
    """A title's masculine stem, so that "présidente" finds "président"."""
    for end, repl in (("rice", "eur"), ("euse", "eur"), ("ière", "ier"), ("ienne", "ien"), ("nne", "n"), ("e", "")):
        if word.endswith(end) and len(word) > len(end) + 3:
            return word[: -len(end)] + repl
    return word


def _is_sentence(text: str, before: str) -> bool:
    words = text.split()
    if len(words) < 4:
        return False
    lead = before.rstrip()
    first = text.lstrip()[:1]
    return first.isupper() or first.isdigit() or lead.endswith(":") or lead.lower().endswith(("que", "qu'", "qu’"))


def extract_quotes(ctx: Context, resolver: Resolver) -> list[QuotationFact]:
    reader = _Reader(ctx, resolver)
    facts: list[QuotationFact] = []
    previous: tuple[QuotationFact, int] | None = None
    for start, end in find_quoted_spans(ctx.text):
        inner = ctx.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        q_start, q_end = start + lead, end - trail
        before_text = ctx.text[max(0, start - 8) : start - 1]
        sent_start = ctx.sentence_of(max(0, start - 1))[0]
        if sent_start >= start - 1:
            sent_start = ctx.sentence_of(max(0, start - 2))[0]
        sent_end = ctx.sentence_of(min(len(ctx.text) - 1, end + 1))[1]
        before = reader.before(start - 1, end, sent_start)
        if not _is_sentence(inner, before_text) and not (before and reader.statement(q_start, q_end)):
            continue
        quoted = ctx.text[q_start:q_end]
        found = reader.after(end, sent_end)
        speaker, rule = found if found else (None, None)
        if speaker is None and found is None:
            speaker = reader.inside(q_start, q_end)
            rule = "incise" if speaker is not None else None
        if speaker is None and found is None and before is not None:
            speaker, rule = before
        if speaker is None and found is None and previous is not None \
                and _continues(ctx, previous[0], previous[1], start):
            speaker, rule = previous[0].speaker, "continuation"
        if speaker is None or speaker is UNNAMED or rule is None:
            previous = None if found is not None or speaker is UNNAMED else previous
            continue
        fact = QuotationFact(speaker, q_start, q_end, quoted, ctx.evidence(start - 1, min(len(ctx.text), end + 1),
                                                                           "quote/" + rule))
        facts.append(fact)
        previous = (fact, end)
    return facts


def _continues(ctx: Context, previous: QuotationFact, previous_end: int, start: int) -> bool:
    """A quote goes on the one before when at most a short clause naming no other person
    stands between them, in the same paragraph or the next."""
    between = ctx.text[previous_end + 1 : start - 1]
    if between.count("\n\n") > 1 or len(between) > 200:
        return False
    return not any(previous_end < m.start < start and ctx.label_of(m) == "PER" and m.cluster != previous.speaker.cluster
                   for m in ctx.mentions)
