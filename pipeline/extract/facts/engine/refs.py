"""From an argument's head token to the entity it names, the same way for every frame.

A token names an entity when a mention covers it ("Lumio"), when it is a common noun
introducing one ("la société Lumio", "le fonds Serena"), when it is the State or the
government ("l'État"), or when it points back to one: a definite description ("la
société", "l'entreprise") or a pronoun ("il", "elle", "lui") stands for the salient
entity before it, a person of the pronoun's gender, an organization otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import Any

from ....records import EntityRef, FoundingFact, Mention, RoleFact
from ..common import Context, lexicon
from .clauses import expand

__all__ = ["Resolver", "announced_count", "company_noun", "company_nouns", "post_heads", "given_names", "noun_word"]


# participles that introduce a name: "la société baptisée X"
_NAMING = frozenset({"baptiser", "appeler", "nommer", "dénommer", "surnommer", "intituler", "rebaptiser"})


def announced_count(candidates: Iterable[Token]) -> int:
    """How many items the first of `candidates` announces ("deux sociétés", "2 structures"),
    0 when it is no number word of the lexicon."""
    first = next(iter(candidates), None)
    if first is None:
        return 0
    if first.text.isdigit():
        return int(first.text)
    return lexicon("organizations")["numbers"].get(first.lower_, 0)


def case_of_token(token: Token) -> str | None:
    """The preposition a token's phrase starts with, if any (a plain "case" dependent)."""
    for child in token.children:
        if child.dep_ == "case" and child.i < token.i:
            return child.lower_
    return None

Token = Any

_PERSON_PRONOUNS = {"il": "m", "elle": "f", "ils": "p", "elles": "p", "lui": "m", "celui-ci": "m", "celle-ci": "f"}
_ORG_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "leur", "celui-ci", "celle-ci", "celle-là", "ceux-ci", "y",
                 "en"}


@lru_cache(maxsize=1)
def company_nouns() -> frozenset[str]:
    """Nouns that designate an organization; a noun of several words counts by each of its
    main words ("jeune pousse": "pousse"), a hyphenated one whole ("start-up")."""
    data = lexicon("organizations")
    words = data["company_nouns"] + data["collaboration_nouns"] + data["body_nouns"]
    heads = {w.split()[-1] for w in words if " " in w and w.split()[-1] not in ("commune", "public")}
    return frozenset(w.split()[0] for w in words) | frozenset(w.replace(" ", "-") for w in words) | heads


@lru_cache(maxsize=1)
def collaboration_nouns() -> frozenset[str]:
    """Nouns that designate a consortium, a project or an alliance."""
    return frozenset(w.split()[0] for w in lexicon("organizations")["collaboration_nouns"])


def apposed_noun(span: Any) -> Token | None:
    """The noun of a description set after a name: "Gaia-X, un projet censé …" -> "projet"."""
    after = [t for t in span.doc[span.end : span.end + 5] if t.pos_ != "ADJ"]
    if len(after) >= 3 and after[0].text == "," and after[1].pos_ == "DET":
        return after[2]
    return None


def company_noun(token: Token) -> bool:
    """Whether a noun designates an organization ("société", "start-up", "jeune pousse")."""
    return noun_word(token) in company_nouns()


def noun_word(token: Token) -> str:
    """A noun's lemma, joined with the hyphenated parts the tokenizer split off ("start-up")."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not doc[token.i].whitespace_ \
            and not doc[token.i + 1].whitespace_:
        return f"{token.lower_}-{doc[token.i + 2].lower_}"
    return token.lemma_.lower()


@lru_cache(maxsize=1)
def post_heads() -> frozenset[str]:
    heads: set[str] = set()
    for entry in lexicon("posts")["posts"]:
        for form in entry["forms"]:
            heads.add(form.split()[0])
    return frozenset(heads)


@lru_cache(maxsize=1)
def given_names() -> tuple[frozenset[str], frozenset[str]]:
    data = lexicon("first_names")
    return frozenset(data["feminine"]), frozenset(data["masculine"])


class Resolver:
    """Resolves tokens of one article's parse to entities."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc = ctx.doc

    @cached_property
    def _by_token(self) -> dict[int, Mention]:
        # one pass over the mentions, not over tokens x mentions: each mention claims the
        # tokens it covers; the earliest (and then longest) mention wins a token
        table: dict[int, Mention] = {}
        for mention in sorted(self.ctx.mentions, key=lambda m: (m.start, -(m.end - m.start))):
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in span or ():
                if mention.start <= token.idx < mention.end:
                    table.setdefault(token.i, mention)
        return table

    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def label(self, mention: Mention) -> str:
        return self.ctx.label_of(mention)

    # --- the entity a token names -----------------------------------------------

    def entity(self, token: Token, person: bool | None = None,
               exclude: tuple[EntityRef, ...] = ()) -> EntityRef | None:
        """The entity `token` names or stands for; `person` True wants a person, False an
        organization, None either."""
        mention = self.named(token)
        if mention is not None:
            ref = self.ctx.ref(mention)
            if person is True and ref.label != "PER":
                return None
            return ref
        lemma = token.lemma_.lower()
        state = lexicon("organizations")["state_words"].get(lemma) or lexicon("organizations")["state_words"].get(
            token.lower_)
        if state is not None and token.pos_ in ("NOUN", "PROPN"):
            return EntityRef(state["name"], state["label"])
        if token.pos_ == "PRON" or token.lower_ in _ORG_PRONOUNS:
            return self._pronoun(token, person, exclude)
        if token.dep_ == "det" and "Yes" in token.morph.get("Poss") and "3" in token.morph.get("Person", ["3"]):
            # "son retrait", "sa levée de fonds": the organization spoken of (a person only when asked)
            if person is True:
                return self.last_person(token.idx, None)
            found = self.salient_organization(token.idx, exclude)
            return self.ctx.ref(found) if found is not None else None
        if token.pos_ == "NOUN" and person is not True:
            founded = self.newly_founded(token, exclude)
            if founded is not None:
                return founded
        if token.pos_ == "NOUN" and self.definite(token, contracted=True) and person is not True:
            # "le laboratoire" after "Kyutai, un laboratoire de recherche": the name the text
            # described with that noun before
            described = self.described_as(token)
            if described is not None:
                return self.ctx.ref(described)
        if token.pos_ == "NOUN" and self.definite(token):
            if noun_word(token) in collaboration_nouns() and person is not True:
                # "le consortium", "le projet": what the article speaks of most, not the last doer
                found = self.most_mentioned(token.idx, exclude)
                return self.ctx.ref(found) if found is not None else None
            if noun_word(token) in company_nouns() and person is not True:
                if self._said_of_unknown_name(token):
                    return None
                found = self.salient_organization(token.idx, exclude)
                return self.ctx.ref(found) if found is not None else None
            if lemma in post_heads() and person is not False:
                return self.title_holder(token)
        return None

    def entities(self, tokens: list[Token], person: bool | None = None,
                 exclude: tuple[EntityRef, ...] = ()) -> list[EntityRef]:
        out: list[EntityRef] = []
        for token in tokens:
            if token.lower_ in ("ils", "elles") and person is not True:
                # "Orange et Thales ont présenté Cloudwatt, la société qu'ils ont fondée": the
                # names coordinated as the subject before
                plural = self._plural_subject(token.idx, exclude)
                if plural:
                    out.extend(r for r in plural if r not in out)
                    continue
            ref = self.entity(token, person, exclude)
            if ref is None:
                # (names listed after the colon may be named in the clause too: no exclusion)
                counted = self._counted_names(token) if person is not True else []
                out.extend(r for r in counted if r not in out)
                continue
            for listed in [*self._enumerated_before(token), ref, *self._enumerated_after(token)]:
                if listed not in out and (person is not True or listed.label == "PER"):
                    out.append(listed)
        return out

    def _counted_names(self, token: Token) -> list[EntityRef]:
        """ "la création de deux nouvelles sociétés … : A et B": a counted plural description
        of companies stands for the names listed after the colon that follows it (in its
        sentence or the next), as many as it counts."""
        if token.pos_ != "NOUN" or noun_word(token) not in company_nouns():
            return []
        count = announced_count(c for c in token.children if c.dep_ == "nummod")
        if count < 2:
            return []
        sentences = [s for s in self.ctx.sentences if s[1] > token.idx][:2]
        after = self._tokens_between(token.idx, sentences[-1][1]) if sentences else []
        colon = next((t.i for t in after if t.text == ":"), None)
        if colon is None:
            return []
        found: list[EntityRef] = []
        for later in after:
            if later.i <= colon:
                continue
            mention = self.mention_at(later)
            if mention is None or self.label(mention) == "PER":
                continue
            ref = self.ctx.ref(mention)
            if ref not in found:
                found.append(ref)
            if len(found) == count:
                return found
        return []

    def _said_of_unknown_name(self, token: Token) -> bool:
        """ "Bleu, la coentreprise …" where "Bleu" is no mention: the description is said of
        that name, not of the organization spoken of before."""
        k = token.i - 1
        while k > 0 and self.doc[k].pos_ == "ADJ":
            k -= 1
        if k < 2 or self.doc[k].pos_ != "DET" or self.doc[k - 1].text != ",":
            return False
        name = self.doc[k - 2]
        return name.pos_ == "PROPN" and name.text[:1].isupper() and self.mention_at(name) is None

    def _plural_subject(self, offset: int, exclude: tuple[EntityRef, ...]) -> list[EntityRef]:
        """The organizations coordinated as a subject in this sentence before `offset` or in the
        one before it ("A et B …")."""
        for start, end in reversed([s for s in self.ctx.sentences if s[0] <= offset][-2:]):
            for token in self._tokens_between(start, min(end, offset)):
                if token.dep_ == "nsubj" and token.lower_ not in ("ils", "elles"):
                    refs = [r for r in self.entities(expand(token), False, exclude) if r.label != "PER"]
                    if len(refs) > 1:
                        return refs
        return []

    def _mention_tokens(self, token: Token) -> tuple[int, int] | None:
        mention = self.mention_at(token)
        if mention is None:
            return None
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else None

    def _enumerated_before(self, token: Token) -> list[EntityRef]:
        """Names listed before the last of an enumeration the parser did not coordinate
        ("A, B, C et D font partie de …" parsed with D alone as the subject)."""
        bounds = self._mention_tokens(token)
        if bounds is None or bounds[0] < 2 or self.doc[bounds[0] - 1].lower_ not in ("et", "ou"):
            return []
        found: list[EntityRef] = []
        i = bounds[0] - 2
        while i >= 0:
            mention = self.mention_at(self.doc[i])
            if mention is None:
                break
            found.insert(0, self.ctx.ref(mention))
            start = self._mention_tokens(self.doc[i])[0]  # type: ignore[index]
            if start < 1 or self.doc[start - 1].text != ",":
                break
            i = start - 2
        return found

    def _enumerated_after(self, token: Token) -> list[EntityRef]:
        """Names listed after the first of an enumeration ending in "et": "A, B et C"."""
        bounds = self._mention_tokens(token)
        if bounds is None:
            return []
        found: list[EntityRef] = []
        i = bounds[1]
        # "SFR-Bull": two names joined by a hyphen, the parents of a joint venture
        if i + 1 < len(self.doc) and self.doc[i].text == "-" and not self.doc[i - 1].whitespace_ \
                and not self.doc[i].whitespace_:
            joined = self.mention_at(self.doc[i + 1])
            if joined is not None and self.ctx.ref(joined) != self.ctx.ref(self.mention_at(token)):
                return [self.ctx.ref(joined)]
        while i + 1 < len(self.doc) and self.doc[i].text in (",", "et", "ou"):
            last = self.doc[i].lower_ in ("et", "ou")
            mention = self.mention_at(self.doc[i + 1])
            if mention is None:
                return []
            found.append(self.ctx.ref(mention))
            i = self._mention_tokens(self.doc[i + 1])[1]  # type: ignore[index]
            if last:
                return found
        return []

    def named(self, token: Token) -> Mention | None:
        """The mention a token is part of, or that a common noun introduces ("la société
        Lumio", "le fonds Serena", "la start-up lyonnaise Qarnix")."""
        mention = self.mention_at(token)
        if mention is not None:
            return mention
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.i < token.i:
            # "Cloudwatt, la société créée par …", "Numergy, sa rivale": the name the description is said of
            described = self.mention_at(token.head)
            if described is not None and self.label(described) != "PER":
                return described
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "X") and noun_word(token) in company_nouns():
            # "la société Lumio", "la start-up lyonnaise Qarnix", "le fonds américain KKR":
            # the name that follows the noun and its adjectives
            doc = token.doc
            first = token.i + (3 if "-" in noun_word(token) and "-" not in token.text else 1)
            for k in range(first, min(len(doc), first + 6)):
                following = doc[k]
                mention = self.mention_at(following)
                if mention is not None:
                    return mention if self.label(mention) != "PER" else None
                # (a lower-case word the tagger called a proper noun is a common one: "de cloud")
                qualifier = following.lower_ in ("de", "d'", "d’", "du") and k + 1 < len(doc) and \
                    doc[k + 1].pos_ in ("NOUN", "PROPN") and doc[k + 1].text.islower() \
                    and self.mention_at(doc[k + 1]) is None
                if qualifier:
                    # "le pôle de compétitivité X", "le fonds d'investissement Y"
                    continue
                if (following.lower_ in ("de", "d'", "d’") and doc[k - 1].lower_ == "nom") \
                        or following.lemma_.lower() in _NAMING:
                    # "le projet du nom d'Andromède", "la société baptisée X"
                    continue
                if (following.pos_ not in ("ADJ", "PUNCT", "NOUN") and not following.text.islower()) \
                        or following.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "DET") \
                        or following.text in (",", "(", ")", ":", ";") \
                        or following.is_sent_start or following.text in (".", "!", "?", "…") \
                        or (following.pos_ == "NOUN" and not following.text.islower()):
                    break
        if token.pos_ == "NOUN" and noun_word(token) in company_nouns():
            # "Cloudwatt, la société …" however the parser hung the description: a name, a comma,
            # then the description's determiner (and adjectives) right before the noun
            doc = token.doc
            k = token.i - 1
            while k > 0 and doc[k].pos_ == "ADJ":
                k -= 1
            after = token.i + (3 if "-" in noun_word(token) and "-" not in token.text else 1)
            # (not "passés par l'Ensait, la start-up a bouclé …": a description that a verb
            # follows is that verb's subject, not an apposition)
            starts_clause = after < len(doc) and doc[after].pos_ in ("AUX", "VERB") \
                and "Fin" in doc[after].morph.get("VerbForm")
            if k >= 2 and doc[k].pos_ == "DET" and doc[k - 1].text == "," and not starts_clause:
                described = self.mention_at(doc[k - 2])
                if described is not None and self.label(described) != "PER":
                    return described
        if token.pos_ in ("NOUN", "ADJ", "PROPN") and token.text.islower() and token.i + 1 < len(token.doc) and any(
                c.dep_ == "det" for c in token.children):
            # "l'allemand Siemens", "le chinois Huawei", "le manutentionnaire nantais Sogemar": a word
            # that introduces the name right after it (and its adjectives)
            k = token.i + 1
            while k < len(token.doc) - 1 and k - token.i <= 2 and token.doc[k].pos_ == "ADJ" \
                    and token.doc[k].text.islower():
                k += 1
            following = self.mention_at(token.doc[k])
            if following is not None and self.label(following) != "PER" and following.start == token.doc[k].idx:
                return following
        if token.pos_ in ("NOUN", "PROPN", "ADJ", "X"):
            for child in token.children:
                if child.i <= token.i or child.dep_ in ("case", "det", "punct", "cc", "conj", "acl", "acl:relcl"):
                    continue
                if child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children):
                    continue
                if child.i - token.i > 4:
                    continue
                mention = self.mention_at(child)
                introducers = company_nouns() | post_heads() | collaboration_nouns()
                if mention is not None and token.lemma_.lower() in introducers:
                    return mention
                if mention is not None and child.dep_ in ("appos", "flat:name"):
                    return mention
        return None

    def described_as(self, token: Token) -> Mention | None:
        """The last name before `token` that the text described with the same noun: "X, un
        laboratoire …", "le laboratoire X", "X est un laboratoire"."""
        word = noun_word(token)
        best: Mention | None = None
        for other in self.doc[: token.i]:
            if other.pos_ != "NOUN" or noun_word(other) != word or other.i == token.i:
                continue
            candidates = [other.head] if other.dep_ == "appos" else []
            candidates += [c for c in other.children if c.dep_ in ("appos", "nsubj", "flat:name", "nmod")
                           and case_of_token(c) is None]
            if other.i + 1 < len(self.doc):
                candidates.append(self.doc[other.i + 1])
            k = other.i - 1
            while k > 0 and self.doc[k].pos_ == "ADJ":
                k -= 1
            if k >= 2 and self.doc[k].pos_ == "DET" and self.doc[k - 1].text == ",":
                candidates.append(self.doc[k - 2])
            introduced = self.named(other) if other.i != token.i else None
            if introduced is not None and self.label(introduced) != "PER" and introduced.end <= token.idx:
                best = introduced
                continue
            for candidate in candidates:
                mention = self.mention_at(candidate)
                if mention is not None and self.label(mention) != "PER" and mention.end <= token.idx:
                    best = mention
        return best

    def newly_founded(self, token: Token, exclude: tuple[EntityRef, ...] = ()) -> EntityRef | None:
        """ "La nouvelle société est dotée de 90 M€", "la coentreprise": a definite description
        that says the organization is new stands for the one whose founding was read last
        before it."""
        if token.pos_ != "NOUN" or not self.definite(token, contracted=True):
            return None
        data = lexicon("organizations")
        word = noun_word(token)
        new = any(c.dep_ == "amod" and c.lower_ in data["new_adjectives"] for c in token.children)
        if not ((new and word in data["new_nouns"]) or word in data["joint_nouns"]):
            return None
        founded = [f.organization for f in self.ctx.facts if isinstance(f, FoundingFact)
                   and f.evidence.start <= token.idx and f.organization not in exclude]
        return founded[-1] if founded else None

    def _mention_of(self, ref: EntityRef) -> Mention | None:
        return next((m for m in self.ctx.mentions if self.ctx.ref(m) == ref), None)

    @staticmethod
    def definite(token: Token, contracted: bool = False) -> bool:
        # "du projet", "au consortium": the article is in the contracted preposition (only
        # looked for where a description must find the very name it stands for)
        if contracted and any(c.dep_ == "case" and c.lower_ in ("du", "au", "aux", "des") for c in token.children):
            return True
        for child in token.children:
            if child.dep_ == "det":
                return "Def" in child.morph.get("Definite") or "Dem" in child.morph.get("PronType") or (
                    "Yes" in child.morph.get("Poss"))
        return False

    # --- what descriptions and pronouns point back to ---------------------------

    def _sentence_start(self, offset: int) -> int:
        return self.ctx.sentence_of(offset)[0]

    def salient_organization(self, offset: int, exclude: tuple[EntityRef, ...] = (),
                             depth: int = 0, singular: bool = False) -> Mention | None:
        """The organization a description or a pronoun at `offset` points back to: the
        organization subject of this sentence before it or of the nearest of the three
        sentences before (a subject that is itself a pronoun or a description, "Elle a signé
        …", is followed back), else the organization named most often before."""
        sentences = [s for s in self.ctx.sentences if s[0] <= offset][-4:]
        for start, end in reversed(sentences):
            for token in self._tokens_between(start, min(end, offset)):
                if token.dep_ not in ("nsubj", "nsubj:pass") or token.idx >= offset:
                    continue
                if token.head.dep_ == "acl:relcl":
                    continue  # the subject of a relative clause is not what the sentence is about
                if singular and ("Plur" in token.head.morph.get("Number")
                                 or any(c.dep_ == "conj" for c in token.children)):
                    continue  # "lui", "elle" do not stand for "A et B"
                mention = self.named(token)
                if mention is None:
                    founded = self.newly_founded(token, exclude)
                    mention = self._mention_of(founded) if founded is not None else None
                if mention is None and depth < 2 and (
                        token.lower_ in ("il", "elle", "celle-ci", "celui-ci")
                        or (token.pos_ == "NOUN" and noun_word(token) in company_nouns() and self.definite(token))):
                    mention = self.salient_organization(token.idx, exclude, depth + 1)
                if mention is not None and self.label(mention) in ("ORG", "MISC") and mention.end <= offset \
                        and self.ctx.ref(mention) not in exclude:
                    return mention
            # (a whole sentence: the words before a pronoun, "Créée en 2009 par X, ancien
            # ingénieur de Y, elle …", have no verb of their own but are no topic)
            spoken = self._verbless_topic(start, end, exclude) if end <= offset else None
            if spoken is not None:
                return spoken
        return self.most_mentioned(offset, exclude)

    def _verbless_topic(self, start: int, end: int, exclude: tuple[EntityRef, ...]) -> Mention | None:
        """The organization a sentence without a verb is about ("Autre annonce : la naissance de
        Kyutai, un laboratoire …"): its first one."""
        tokens = self._tokens_between(start, end)
        if not tokens or any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in tokens):
            return None
        for token in tokens:
            mention = self.mention_at(token)
            if mention is not None and self.label(mention) in ("ORG", "MISC") and mention.end <= end \
                    and self.ctx.ref(mention) not in exclude:
                return mention
        return None

    @cached_property
    def _described_places(self) -> frozenset[int]:
        """Clusters the tagger called places that the text calls an organization or a project
        somewhere ("le projet Andromède", "la société X")."""
        out = set()
        for mention in self.ctx.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            if span.start > 0 and self.doc[span.start - 1].pos_ == "NOUN" \
                    and noun_word(self.doc[span.start - 1]) in company_nouns():
                out.add(mention.cluster)
            apposed = apposed_noun(span)
            if apposed is not None and apposed.pos_ == "NOUN" and noun_word(apposed) in company_nouns():
                out.add(mention.cluster)
        return frozenset(c for c in out if c is not None)

    def most_mentioned(self, offset: int, exclude: tuple[EntityRef, ...] = ()) -> Mention | None:
        """The organization named most often before `offset` (its last mention)."""
        counts: Counter[int] = Counter()
        first: dict[int, Mention] = {}
        for mention in self.ctx.mentions:
            label = self.label(mention)
            if mention.end <= offset and (label in ("ORG", "MISC") or (
                    label == "LOC" and mention.cluster in self._described_places)) \
                    and self.ctx.ref(mention) not in exclude:
                counts[mention.cluster] += 1
                first[mention.cluster] = max(mention, first.get(mention.cluster, mention), key=lambda m: m.start)
        if not counts:
            return None
        best = max(counts, key=lambda c: (counts[c], first[c].start))
        return first[best]

    @cached_property
    def topic_organization(self) -> Mention | None:
        """The organization the article is about, from its headline: the one named before the
        headline's colon ("Banque Courtial : …", "Sophie Karadec (Mutuelle X) : …"), else the
        headline's organization the body names most ("Orange et Capgemini donnent naissance à
        Bleu": Bleu); none when the body never names it again as the headline writes it (a word
        the tagger took for a name, "Hydrogène : …")."""
        if self.ctx.headline_span is None:
            return None
        start, end, before_colon = self.ctx.headline_span
        named = [m for m in self.ctx.mentions if start <= m.start and m.end <= end and self.label(m) == "ORG"]
        if not named:
            return None
        # (named again as written: "Hydrogène : …" is not "France Hydrogène")
        written = {m.cluster: m.text for m in named}
        again = Counter(m.cluster for m in self.ctx.mentions if m.start >= end and m.text == written.get(m.cluster))
        fronted = [m for m in named if m.end <= before_colon and again[m.cluster]]
        if fronted:
            return min(fronted, key=lambda m: m.start)
        best = max(sorted(named, key=lambda m: m.start), key=lambda m: again[m.cluster])
        return best if again[best.cluster] >= 1 else None

    @property
    def topic_ref(self) -> EntityRef | None:
        """`topic_organization` as an entity reference."""
        topic = self.topic_organization
        return self.ctx.ref(topic) if topic is not None else None

    @staticmethod
    def _place_like(root: Token) -> bool:
        """Whether a name can be what "y" stands for: not a doer (a subject, a "par" agent)
        nor a "de" genitive ("le soutien de l'État"); the undergoer of a passive can be
        ("Cloudwatt a été créée … La Caisse y a engagé …")."""
        first = root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        # inside a subject ("Les groupes A et B y ont adhéré": B is no place)
        token = root
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            if token.dep_ in ("nsubj", "obl:agent"):
                return False
            token = token.head
        if first.dep_ in ("nsubj", "obl:agent"):
            return False
        case = case_of_token(first)
        if case == "par" or (case in ("de", "du", "des", "d'", "d’") and first.dep_ == "nmod"):
            return False
        return True

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, max(start, end), alignment_mode="expand")
        return list(span) if span is not None else []

    def _pronoun(self, token: Token, person: bool | None, exclude: tuple[EntityRef, ...] = ()) -> EntityRef | None:
        word = token.lower_.replace("-t-", "").lstrip("-")
        if word == "y":
            # "y" stands for a complement of place or of "à" said before, not for a subject:
            # the last name before it, not a person, that is no subject, within two sentences
            # (a name, or a description of one: "ont rejoint le consortium. A et B y ont adhéré")
            floor = ([s for s in self.ctx.sentences if s[0] <= token.idx][-3:] or [(0, 0)])[0][0]
            for before in reversed(self.doc[: token.i]):
                if before.idx < floor:
                    break
                if before.pos_ not in ("PROPN", "NOUN", "X") or not self._place_like(before):
                    continue
                mention = self.mention_at(before)
                if mention is not None:
                    span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                    if span is None or span.root.i != before.i:
                        continue
                    ref = self.ctx.ref(mention)
                elif before.pos_ == "NOUN" and self.definite(before, contracted=True) \
                        and noun_word(before) in company_nouns():
                    ref = self.entity(before, False, exclude)
                else:
                    continue
                if ref is not None and ref.label != "PER" and ref not in exclude:
                    return ref
            return None
        gender = _PERSON_PRONOUNS.get(word)
        if gender in ("m", "f") and person is None:
            said_of = self._main_subject(token, exclude)
            if said_of is not None:
                return said_of
        if gender in ("m", "f") and person is not False:
            found = self.last_person(token.idx, gender)
            if found is not None:
                return found
        if person is True:
            return None
        if word in _ORG_PRONOUNS:
            singular = word in ("il", "elle", "lui", "celui-ci", "celle-ci")
            mention = self.salient_organization(token.idx, exclude, singular=singular)
            return self.ctx.ref(mention) if mention is not None else None
        return None

    def _main_subject(self, token: Token, exclude: tuple[EntityRef, ...]) -> EntityRef | None:
        """ "Bull participe au capital de Numergy, qu'il a cofondé": the subject of a clause
        inside a sentence whose main subject, before it, is an organization and that names no
        person before it stands for that organization."""
        sentence = token.sent
        root = sentence.root
        if token.dep_ != "nsubj" or token.head.i == root.i:
            return None
        before = self.doc[sentence.start : token.i]
        if any((m := self.mention_at(t)) is not None and self.label(m) == "PER" for t in before):
            return None
        for child in root.children:
            if child.dep_ == "nsubj" and child.i < token.i:
                mention = self.named(child)
                if mention is not None and self.label(mention) in ("ORG", "MISC") \
                        and self.ctx.ref(mention) not in exclude:
                    return self.ctx.ref(mention)
        return None

    def last_person(self, offset: int, gender: str | None) -> EntityRef | None:
        """Who "il"/"elle" stands for: the subject of the nearest sentence before naming a
        person of that gender, else the last such person named."""
        persons = [m for m in self.ctx.mentions if m.end <= offset and self.label(m) == "PER"
                   and (gender not in ("m", "f") or self.gender(m.cluster) in (gender, None))]
        if not persons:
            return None
        persons.sort(key=lambda m: m.start)
        if gender in ("m", "f"):
            known = [p for p in persons if self.gender(p.cluster) == gender]
            if known and known[-1].start >= self._sentence_start(persons[-1].start):
                persons = known
        last = persons[-1]
        start = self._sentence_start(last.start)
        for token in self._tokens_between(start, offset):
            if token.dep_ in ("nsubj", "nsubj:pass"):
                mention = self.named(token)
                if mention is not None and any(p.cluster == mention.cluster for p in persons if p.start >= start):
                    return self.ctx.ref(mention)
        return self.ctx.ref(last)

    def title_holder(self, token: Token) -> EntityRef | None:
        """The person a title stands for ("le dirigeant", "la ministre"): one a role fact gave
        a post with that head word, the nearest before; else the last person of its gender."""
        head = token.lower_
        best: RoleFact | None = None
        for fact in self.ctx.facts:
            if isinstance(fact, RoleFact) and fact.evidence.start <= token.idx:
                words = fact.role_label.split()
                if words and (words[0] == head or fact.role in ("pdg", "dirigeant", "directeur-general")
                              and head in ("dirigeant", "dirigeante", "patron", "patronne")):
                    best = fact
        if best is not None:
            return best.person
        gender = "f" if "Fem" in token.morph.get("Gender") else "m" if "Masc" in token.morph.get("Gender") else None
        return self.last_person(token.idx, gender)

    # --- a person's gender ---------------------------------------------------------

    @cached_property
    def _genders(self) -> dict[int, str | None]:
        votes: dict[int, Counter[str]] = {}
        for mention in self.ctx.mentions:
            if self.label(mention) != "PER":
                continue
            tally = votes.setdefault(mention.cluster, Counter())
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            related = [root.head] if root.dep_ == "appos" else []
            related += [c for c in root.children if c.dep_ in ("appos", "amod")]
            if span.start > 0:
                related.append(self.doc[span.start - 1])
            for other in related:
                if other.pos_ in ("NOUN", "ADJ") and other.lemma_.lower() in post_heads() | {"mme", "madame"}:
                    for g in other.morph.get("Gender"):
                        tally["f" if g == "Fem" else "m"] += 1
                if other.lower_ in ("mme", "madame"):
                    tally["f"] += 2
        feminine, masculine = given_names()
        out: dict[int, str | None] = {}
        for cluster in {m.cluster for m in self.ctx.mentions}:
            tally = votes.get(cluster, Counter())
            if tally["f"] != tally["m"]:
                out[cluster] = "f" if tally["f"] > tally["m"] else "m"
                continue
            name = next((m.text for m in self.ctx.mentions if m.cluster == cluster and " " in m.text), "")
            first = name.split()[0].split("-")[0] if name else ""
            out[cluster] = "f" if first in feminine else "m" if first in masculine else None
        return out

    def gender(self, cluster: int) -> str | None:
        return self._genders.get(cluster)
