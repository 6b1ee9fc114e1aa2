"""Roles: a person holds a post in an organization.

Posts are the nouns of ontology/lexicons/posts.yaml, found by a PhraseMatcher over the
tokens; the parse then gives, the same way for every post:
- the holder: the person the post is in apposition with ("X, directrice de Y"; "le PDG
  de Y, X"; "le ministre Paul Durand"), the subject of a copula ("X est le PDG de Y",
  "X devient directrice"), the one an appointment names ("X a été nommée directrice de
  Y", "Y a nommé X directeur"), or the holder of the post it is coordinated with ("PDG
  de A et ancien ministre");
- the organization: the post's complement ("de Y", "chez Y", "au sein de Y"), the
  possessive's referent ("son directeur général"), a nationality ("le président
  allemand"), or for a public office the ministry the text names, else the government;
- "former": "ancien", "ex-" before the post.
Verbs of heading ("X dirige Y", "prendre la tête de Y") are the leading frame of
ontology/frames.yaml. Rules are named "role/<construction>".
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher

from ....records import EntityRef, RoleFact
from ..common import Context, lexicon, norm
from .clauses import case_of, expand
from .frames import Reading
from .refs import Resolver, noun_word

__all__ = ["extract_roles", "post_spans"]

Token = Any
_CHARGED = frozenset({"chargé", "chargée", "chargés", "chargées"})
_APPOINTING = {"nommer", "désigner", "élire", "promouvoir", "choisir", "reconduire", "recruter", "installer",
               "confirmer", "introniser", "propulser", "nomme", "nommé", "nommée", "élu", "élue"}
_BECOMING = {"devenir", "rester", "redevenir", "être", "demeurer"}
_ORG_CASES = {"de", "chez", "au sein de", "à la tête de", "auprès de", "à"}


@lru_cache(maxsize=1)
def _posts() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for entry in lexicon("posts")["posts"]:
        for form in entry["forms"]:
            table[norm(form)] = entry
    return table


@lru_cache(maxsize=4)
def _matcher(vocab: Any) -> PhraseMatcher:
    import spacy

    maker = spacy.blank("fr")
    matcher = PhraseMatcher(vocab, attr="LOWER")
    forms = list(_posts())
    patterns = [maker.make_doc(f) for f in forms] + [maker.make_doc("ex-" + f) for f in forms]
    matcher.add("POST", patterns)
    return matcher


def post_spans(doc: Any) -> list[Any]:
    """The posts of a parsed text, longest first where they overlap."""
    matches = [doc[s:e] for _, s, e in _matcher(doc.vocab)(doc)]
    matches.sort(key=lambda span: (-(span.end - span.start), span.start))
    taken: set[int] = set()
    out = []
    for span in matches:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append(span)
    return sorted(out, key=lambda span: span.start)


def extract_roles(ctx: Context, found: list[Reading], resolver: Resolver) -> list[RoleFact]:
    facts: list[RoleFact] = []
    # "Bruno Le Maire" holds no post of mayor: a post inside a person's name is none
    spans = [s for s in post_spans(ctx.doc) if not any(
        (m := resolver.mention_at(t)) is not None and resolver.label(m) == "PER" for t in s)]
    by_root = {span.root.i: span for span in spans}
    holders: dict[int, tuple[list[Held], str]] = {}
    for span in spans:
        held = _holder(span, resolver, holders, by_root)
        if held is not None:
            holders[span.root.i] = held
    _respectively(spans, holders, resolver)
    for span in spans:
        if span.root.i not in holders:
            continue
        persons, construction = holders[span.root.i]
        for person, holder_token in persons:
            fact = _role(ctx, resolver, span, person, construction, holder_token, spans, len(persons) > 1)
            if fact is not None and all(_key(fact) != _key(f) for f in facts):
                facts.append(fact)
    for reading in found:
        if reading.frame.fact != "role" or reading.clause.negated or reading.clause.planned:
            continue
        holder, org = reading.one("holder"), reading.one("organization")
        if holder is None or holder.label != "PER" or org is None or org.label == "PER":
            continue
        key = _specific_office(ctx, reading.clause.trigger, reading.frame.post or "dirigeant")
        evidence = ctx.evidence(*reading.sentence, f"role/{reading.frame.frame}/{reading.clause.construction}")
        fact = RoleFact(holder, key, _key_label(key), org, evidence,
                        former=reading.clause.no_longer or _past_state(reading.clause.trigger))
        if all(_key(fact)[:3] != _key(f)[:3] for f in facts):
            facts.append(fact)
    facts = _superseded(facts)
    for fact in _boards(ctx, resolver) + _offices(ctx, resolver) + _entrusted(ctx, resolver):
        if all(_key(fact)[:3] != _key(f)[:3] for f in facts):
            facts.append(fact)
    # "X prend la tête de Y … X a été nommé directeur général de Y": the generic post of a
    # verb of heading says no more than the post the text names
    return [f for f in facts if not (f.role == "dirigeant" and f.evidence.rule.startswith("role/leading") and any(
        g.person == f.person and g.org == f.org and g.former == f.former and g.role != "dirigeant"
        and g.evidence.rule.startswith("role/post") for g in facts))]


def _specific_office(ctx: Context, verb: Token, key: str) -> str:
    """The post of a verb of heading, as precise as its office noun is written: "prendre la
    direction générale de Y" is the post of "direction générale", not of "direction"."""
    offices = _office_nouns()
    for noun in verb.children:
        if noun.dep_ == "obj" and noun.pos_ == "NOUN" and offices.get(norm(noun.lemma_)) == key:
            return _office_key(ctx, noun, offices) or key
    return key


def _superseded(facts: list[RoleFact]) -> list[RoleFact]:
    """ "Le directeur financier, Loïc Hennequin, est promu directeur général délégué": the post
    a person is given beside an appointment in the same organization is the one left."""
    out = []
    for fact in facts:
        promoted = not fact.former and not fact.evidence.rule.endswith("/appointment") and any(
            other.evidence.rule.endswith("/appointment") and other.person == fact.person and other.org == fact.org
            and other.evidence.start == fact.evidence.start and other.role != fact.role and not other.former
            for other in facts)
        out.append(replace(fact, former=True) if promoted else fact)
    return out


def _key_label(key: str) -> str:
    return next((e["label"] for e in lexicon("posts")["posts"] if e["key"] == key), key).lower()


def _past_state(verb: Token) -> bool:
    """ "X a présidé Y", "X dirigeait Y": a state verb in a past tense is a post no longer held;
    taking a post ("a pris la tête de") is not."""
    if verb.lemma_.lower() not in ("diriger", "présider") or verb.pos_ != "VERB":
        return False
    # (the tagger calls some imperfects present: "qui présidait le conseil")
    if "Imp" in verb.morph.get("Tense") or verb.lower_.endswith(("ait", "aient")):
        return True
    return "Past" in verb.morph.get("Tense") and any(
        c.dep_ == "aux:tense" and c.lemma_ == "avoir" and "Fin" in c.morph.get("VerbForm") for c in verb.children)


def _modality(verb: Token) -> str | None:
    """ "denied" or "planned" for a verb that states no post held, "ended" for "ne … plus"."""
    words = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    if words & {"pas", "jamais"}:
        return "denied"
    for token in [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]:
        if {"Cnd"} & set(token.morph.get("Mood")) or {"Fut"} & set(token.morph.get("Tense")):
            return "planned"
    return "ended" if "plus" in words else None


def _subject_person(resolver: Resolver, verb: Token) -> tuple[EntityRef, Token] | None:
    """The person a verb's subject names; a relative pronoun stands for the noun it hangs on."""
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        token = verb.head if child.lower_ in ("qui", "lequel", "laquelle") and verb.dep_.startswith("acl") else child
        ref = resolver.entity(token, person=True)
        if ref is not None and ref.label == "PER":
            return ref, token
    return None


def _without_trailing_preposition(text: str) -> str:
    """ "directrice des rédactions du" -> "directrice des rédactions"."""
    return re.sub(r"\s+(?:de la|de l'|de|du|des|d')$", "", text).strip()


@lru_cache(maxsize=1)
def _office_nouns() -> dict[str, str]:
    """The office nouns of posts.yaml, normalized ("direction générale" -> directeur-general)."""
    return {norm(k): v for k, v in lexicon("posts")["post_nouns"].items()}


def _office_key(ctx: Context, noun: Token, offices: dict[str, str]) -> str | None:
    """The post an office noun names ("direction générale", "présidence", "tête"), or None."""
    nxt = ctx.doc[noun.i + 1] if noun.i + 1 < len(ctx.doc) else None
    two = offices.get(norm(f"{noun.lower_} {nxt.lower_}")) if nxt is not None else None
    return two or offices.get(norm(noun.lemma_)) or offices.get(norm(noun.lower_))


def _office_org(resolver: Resolver, noun: Token) -> EntityRef | None:
    """The organization an office noun is of: its "de" complement ("la présidence de Y")."""
    return next((ref for t in noun.children if t.dep_ == "nmod" and (case_of(t) or "").endswith("de")
                 and (ref := _entity(resolver, t)) is not None and ref.label != "PER"), None)


def _board(ctx: Context, resolver: Resolver, noun: Token, topical: bool = True) -> tuple[EntityRef, str, str] | None:
    """The organization, post key and label of presiding a board: "le conseil de surveillance
    de Y", "le comité des risques" (of the organization the article is about when the text
    names none); None when `noun` is no board."""
    data = lexicon("posts")
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in data["board_nouns"]:
        return None
    org: EntityRef | None = None
    end = noun.i + 1
    for token in noun.subtree:
        if token.i <= noun.i:
            continue
        if token.dep_ == "nmod" and (case_of(token) or "").endswith(("de", "du", "d'", "d’")):
            ref = _entity(resolver, token)
            if ref is not None and ref.label != "PER":
                org = ref
                break
        if token.pos_ in ("PUNCT", "VERB", "AUX") or token.dep_.startswith(("acl", "conj")):
            break
        end = token.i + 1
    if org is None and topical:
        org = resolver.topic_ref
    if org is None:
        return None
    body = _without_trailing_preposition(norm(ctx.doc[noun.i : end].text))
    bodies = {norm(k): v for k, v in data["presided_bodies"].items()}
    key = bodies.get(body, "president")
    if key != "president":
        return org, key, _key_label(key)
    of = "de l'" if body[:1] in "aeéèêioôuh" else "des " if "Plur" in noun.morph.get("Number") else \
        "de la " if "Fem" in noun.morph.get("Gender") else "du "
    return org, key, f"président {of}{body}"


def _boards(ctx: Context, resolver: Resolver) -> list[RoleFact]:
    """ "X préside le conseil de surveillance de Y", "X prend la présidence du comité des
    risques": the board's organization, and the post of presiding it."""
    data = lexicon("posts")
    out = []
    for verb in ctx.doc:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ == "obj"]
        if lemma in data["presidency_verbs"] or lemma in data["leaving_verbs"]:
            # "prend la présidence du conseil": the board the presidency is of
            objects = [g for c in objects if c.lemma_.lower() == "présidence" for g in c.children
                       if g.dep_ == "nmod" and case_of(g) in ("du", "de", "des")]
        elif not lemma.startswith("présid"):
            continue
        modality = _modality(verb)
        if modality in ("denied", "planned"):
            continue
        passive = False
        holder = _subject_person(resolver, verb)
        if holder is None and lemma.startswith("présid"):
            # "Le conseil d'administration est présidé par X": the board is the subject
            agent = next((c for c in verb.children if c.dep_ == "obl:agent" or (
                c.dep_ in ("obl", "obl:arg") and case_of(c) == "par")), None)
            ref = resolver.entity(agent, person=True) if agent is not None else None
            if ref is not None and ref.label == "PER":
                holder = (ref, agent)
                objects = [c for c in verb.children if c.dep_ == "nsubj:pass"]
                passive = True
        if holder is None:
            continue
        for obj in objects:
            # (a board said as the subject, "Le conseil est présidé par X", is too often a new
            # company's, not the headline's: only with its organization named)
            board = _board(ctx, resolver, obj, topical=not passive)
            if board is None:
                continue
            org, key, label = board
            if holder[0].cluster is not None and resolver.gender(holder[0].cluster) == "f":
                label = label.replace("président", "présidente", 1)
            evidence = ctx.evidence(*ctx.sentence_of(verb.idx), "role/leading/board")
            left = lemma in data["leaving_verbs"]
            out.append(RoleFact(holder[0], key, label, org, evidence,
                                former=left or modality == "ended" or _past_state(verb)))
    return out


def _entrusted(ctx: Context, resolver: Resolver) -> list[RoleFact]:
    """An office given to a person: "La direction générale a été confiée à X", "la présidence
    de Y revient à X", "Y confie les rênes à X"; the office's organization is its "de"
    complement, else the organization the article is about."""
    data = lexicon("posts")
    offices = _office_nouns()
    out = []
    for verb in ctx.doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in data["entrusting_verbs"]:
            continue
        if _modality(verb) in ("denied", "planned"):
            continue
        person = next((ref for c in verb.children if c.dep_ in ("obl", "obl:arg", "iobj", "obl:mod")
                       and case_of(c) in ("à", "au") and (ref := resolver.entity(c, person=True)) is not None
                       and ref.label == "PER"), None)
        if person is None:
            continue
        for noun in verb.children:
            if noun.dep_ not in ("nsubj", "nsubj:pass", "obj") or noun.pos_ != "NOUN":
                continue
            key = _office_key(ctx, noun, offices)
            if key is None:
                continue
            org = _office_org(resolver, noun)
            label = _key_label(key)
            board = next((b for t in noun.children if t.dep_ == "nmod" and (b := _board(ctx, resolver, t, False))),
                         None)
            if board is not None and key == "president":
                org, key, label = board
            if org is None and noun.dep_ == "obj":
                # "Kerlys confie les rênes à X": the one who gives the office
                org = next((ref for c in verb.children if c.dep_ == "nsubj"
                            and (ref := resolver.entity(c, person=False)) is not None and ref.label != "PER"), None)
            if org is None:
                continue
            evidence = ctx.evidence(*ctx.sentence_of(verb.idx), "role/leading/entrusted")
            out.append(RoleFact(person, key, label, org, evidence))
    return out


def _offices(ctx: Context, resolver: Resolver) -> list[RoleFact]:
    """An office of a named organization a person is put at or holds: "nommé à la tête de Y",
    "succède à X à la présidence de Y" (X held it before), "X, à la tête de Y depuis 2012"."""
    data = lexicon("posts")
    offices = _office_nouns()
    verbs = set(data["office_verbs"])
    succession = set(data["succession_verbs"])
    out = []
    for noun in ctx.doc:
        if noun.pos_ != "NOUN" or norm(noun.lemma_) not in offices or case_of(noun) not in ("à", "au"):
            continue
        key = _office_key(ctx, noun, offices)
        org = _office_org(resolver, noun)
        if key is None or org is None:
            continue
        held: list[tuple[EntityRef, bool]] = []
        head = noun.head
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in verbs:
            modality = _modality(head)
            if modality in ("denied", "planned"):
                continue
            passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in head.children)
            for child in head.children:
                if child.dep_ == "nsubj:pass" or child.dep_ == "obj" and not passive and head.lemma_.lower() not in \
                        succession:
                    ref = resolver.entity(child, person=True)
                    if ref is not None and ref.label == "PER":
                        held.append((ref, modality == "ended"))
            if not held:
                subject = _subject_person(resolver, head)
                if subject is not None:
                    held.append((subject[0], modality == "ended"))
            if head.lemma_.lower() in succession:
                for child in head.children:
                    if child.dep_ in ("obl:arg", "obl", "obj", "iobj") and child is not noun:
                        ref = resolver.entity(child, person=True)
                        if ref is not None and ref.label == "PER":
                            held.append((ref, True))
        elif head.dep_ != "nsubj":
            named = resolver.named(head)
            if named is not None and resolver.label(named) == "PER":
                held.append((ctx.ref(named), False))
        evidence = ctx.evidence(*ctx.sentence_of(noun.idx), "role/leading/office")
        for person, former in held:
            out.append(RoleFact(person, key, _key_label(key), org, evidence, former=former))
    return out


def _key(fact: RoleFact) -> tuple:
    return fact.person, fact.role, fact.org, fact.former


Held = tuple[EntityRef, Any]  # a person, and the token that names them


def _persons(resolver: Resolver, token: Token, plural: bool) -> list[Held]:
    """The person a token names, and with a plural post the persons coordinated with it
    ("Lucie Ferrand et Marc Aubanel, deux anciens ingénieurs de X")."""
    mention = resolver.named(token)
    if mention is None:
        return []
    ref = resolver.ctx.ref(mention)
    if ref.label != "PER":
        return []
    if not plural:
        return [(ref, token)]
    out: list[Held] = []
    for other in [*_listed_before(resolver, token), *expand(token), *_listed_after(resolver, token)]:
        named = resolver.named(other)
        if named is not None and resolver.label(named) == "PER" and all(resolver.ctx.ref(named) != r for r, _ in out):
            out.append((resolver.ctx.ref(named), other))
    return out or [(ref, token)]


def _bounds(resolver: Resolver, token: Token) -> tuple[int, int] | None:
    """The token range of the mention `token` is part of."""
    mention = resolver.mention_at(token)
    if mention is None:
        return None
    span = token.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def _person_ending(resolver: Resolver, i: int) -> Token | None:
    """The first token of the person's name that ends at token `i`."""
    doc = resolver.doc
    if i < 0 or i >= len(doc):
        return None
    mention = resolver.mention_at(doc[i])
    bounds = _bounds(resolver, doc[i])
    if mention is None or bounds is None or bounds[1] != i + 1 or resolver.label(mention) != "PER":
        return None
    return doc[bounds[0]]


def _person_starting(resolver: Resolver, i: int) -> Token | None:
    doc = resolver.doc
    if i >= len(doc):
        return None
    mention = resolver.mention_at(doc[i])
    bounds = _bounds(resolver, doc[i])
    if mention is None or bounds is None or bounds[0] != i or resolver.label(mention) != "PER":
        return None
    return doc[i]


def _listed_before(resolver: Resolver, token: Token) -> list[Token]:
    """Names listed before `token` in the text ("A, B et C"), which the parser may not coordinate."""
    bounds = _bounds(resolver, token)
    out: list[Token] = []
    while bounds is not None and bounds[0] >= 2 and resolver.doc[bounds[0] - 1].lower_ in ("et", ","):
        first = _person_ending(resolver, bounds[0] - 2)
        if first is None:
            break
        out.insert(0, first)
        bounds = _bounds(resolver, first)
    return out


def _listed_after(resolver: Resolver, token: Token) -> list[Token]:
    """Names listed after `token`, each possibly followed by its organization in brackets
    ("A (X) et B (Y)")."""
    doc = resolver.doc
    bounds = _bounds(resolver, token)
    out: list[Token] = []
    while bounds is not None:
        i = bounds[1]
        if i < len(doc) and doc[i].text == "(":
            while i < len(doc) and doc[i].text != ")" and i - bounds[1] < 8:
                i += 1
            i += 1
        if i + 1 >= len(doc) or doc[i].lower_ not in ("et", ","):
            break
        first = _person_starting(resolver, i + 1)
        if first is None:
            break
        out.append(first)
        bounds = _bounds(resolver, first)
    return out


_SKIPPED_BEFORE = {"le", "la", "l'", "l’", "les", "un", "une", "son", "sa", "ses", "notre", "leur", "nouveau",
                   "nouvelle", "nouvel", "actuel", "actuelle", "désormais", "aujourd'hui", "aujourd’hui",
                   "respectivement"}


def _sequence_holder(span: Any, resolver: Resolver, plural: bool, after: bool = True) -> list[Held]:
    """The person a post is in apposition with, read in sequence where the parser's tree is not
    reliable: "X, [le] directeur de Y" (the name, a comma, the post), or "[Le] directeur de Y, X"
    (the post and its complement, a comma, the name)."""
    doc = span.doc
    markers = {norm(m).rstrip("-") for m in lexicon("posts")["former_markers"]} | set(
        lexicon("posts")["former_adverbs"])
    sent = span.sent
    i = span.start - 1
    while i >= sent.start and (doc[i].lower_ in _SKIPPED_BEFORE or doc[i].lower_.rstrip("-") in markers
                               or doc[i].pos_ == "NUM"):
        i -= 1
    if i > sent.start and doc[i].text in (",", "("):
        first = _person_ending(resolver, i - 1)
        if first is not None:
            return _persons(resolver, first, plural)
    if not after or i >= sent.start and doc[i].pos_ in ("NOUN", "PROPN"):
        return []
    # "[Le] directeur de Y, X": the post's complement runs to a comma, then the name
    k = span.end
    while k < min(sent.end, span.end + 25):
        token = doc[k]
        if token.text == ",":
            first = _person_starting(resolver, k + 1)
            if first is not None:
                return _persons(resolver, first, plural)
            if k + 1 < sent.end and doc[k + 1].lower_ in ("de", "du", "des", "d'", "d’", "et", "à", "aux", "au"):
                k += 1
                continue
            return []
        if token.is_punct and token.text not in ("'", "’", "-") or token.pos_ in ("AUX", "PRON", "SCONJ") or (
                token.pos_ == "VERB" and token.lemma_.lower() not in ("charger", "déléguer")):
            return []
        mention = resolver.mention_at(token)
        if mention is not None and resolver.label(mention) == "PER":
            # "le député de la Moselle X", "la présidente de la région Y X": a definite post,
            # its complement, then the name with no comma
            definite = span.start > sent.start and doc[span.start - 1].lower_ in ("le", "la", "l'", "l’")
            first = _person_starting(resolver, k) if definite and k > span.end else None
            return _persons(resolver, first, plural) if first is not None else []
        k += 1
    return []


def _named_before(span: Any, resolver: Resolver) -> bool:
    """A name the entity finder did not read, then a comma, right before the post."""
    doc = span.doc
    i = span.start - 1
    while i > span.sent.start and (doc[i].lower_ in _SKIPPED_BEFORE or doc[i].lower_ in lexicon("posts")[
            "former_adverbs"]):
        i -= 1
    return i > span.sent.start and doc[i].text == "," and doc[i - 1].pos_ == "PROPN" and _person_ending(
        resolver, i - 1) is None


def _respectively(spans: list[Any], holders: dict[int, tuple[list[Held], str]], resolver: Resolver) -> None:
    """ "A et B, respectivement PDG et directrice financière de Y": the n-th post is the n-th
    person's."""
    for span in spans:
        root = span.root
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if root.i not in holders or (before != "respectivement" and not any(
                t.lower_ == "respectivement" for t in root.children)):
            continue
        chain = [span] + [s for s in spans if s.root.dep_ == "conj" and s.root.head.i == root.i]
        token = holders[root.i][0][0][1]
        if token is None:
            continue
        listed = _persons(resolver, token.head if token.dep_ == "conj" else token, True)
        if len(listed) == len(chain) >= 2:
            for post, person in zip(chain, listed, strict=True):
                holders[post.root.i] = ([person], "respectively")


_HOLDER_DEPS = ("appos", "conj", "nmod", "flat:name", "dep", "parataxis", "acl")


def _holder(span: Any, resolver: Resolver, known: dict[int, tuple[list[Held], str]],
            by_root: dict[int, Any]) -> tuple[list[Held], str] | None:
    root = span.root
    inside = set(range(span.start, span.end))
    plural = "Plur" in root.morph.get("Number")
    # "le maire de Lyon, Gérard Collomb": a post's own name comes before any coordination
    for child in root.children:
        if child.i >= span.end and child.dep_ in ("appos", "flat:name") and child.i - span.end <= 8:
            persons = _persons(resolver, child, plural)
            if persons and root.dep_ == "conj":
                return persons, "apposition"
    # "A, ministre de X, B, alors ministre de Y": the name right before the post wins over a
    # coordination or an apposition the parser hung on an earlier name
    persons = _sequence_holder(span, resolver, plural, after=False)
    if persons:
        return persons, "apposition"
    if root.dep_ == "conj":
        if _named_before(span, resolver):
            return None  # "…, B, alors ministre de Y": B's post, though B was not recognized
    # "PDG de A et ancien ministre": the holder of the post it is coordinated with
    if root.dep_ == "conj" and root.head.i in known:
        return known[root.head.i][0], "coordination"
    # "fondateur et président de Y", read in sequence where the parser coordinated them elsewhere
    i = span.start - 1
    while i > 0 and (span.doc[i].lower_ in _SKIPPED_BEFORE or span.doc[i].lower_.rstrip("-") in ("ancien", "ancienne",
                                                                                                 "ex")):
        i -= 1
    if i > 0 and span.doc[i].lower_ == "et":
        for other in by_root.values():
            if other.end == i and other.root.i in known:
                return known[other.root.i][0], "coordination"
    # "X, directrice de Y" (the parser may call the apposition a conjunct or a modifier)
    if root.dep_ in _HOLDER_DEPS and root.head.i not in inside and root.head.i < root.i:
        persons = _persons(resolver, root.head, plural)
        if persons:
            return persons, "apposition"
    # "le PDG de Y, X", "le ministre Paul Durand", "les patrons A (X) et B (Y)", "X est PDG de Y"
    for child in root.children:
        if child.i in inside or child.i < root.i and child.dep_ not in ("nsubj", "nsubj:pass"):
            continue
        if child.dep_ in ("appos", "flat:name", "nsubj", "nsubj:pass", "dep") or (
                child.dep_ == "nmod" and case_of(child) is None):
            persons = _persons(resolver, child, plural or not child.dep_.startswith("nsubj"))
            if persons:
                if plural and child.dep_ == "appos":
                    # "les patrons A (X) et B (Y)": the parser hangs B under the post
                    for other in root.children:
                        if other.dep_ == "conj" and other.i > child.i:
                            persons += [p for p in _persons(resolver, other, False) if p[0] not in
                                        [r for r, _ in persons]]
                return persons, "copula" if child.dep_.startswith("nsubj") else "apposition"
    # a name the parser hung under the post's complement: "le ministre de l'Agriculture Julien Denormandie"
    for token in root.subtree:
        if token.i in inside or token.i < span.end:
            continue
        if token.dep_ in ("appos", "flat:name") and token.head.i not in inside and token.head.i > root.i:
            persons = _persons(resolver, token, plural)
            if persons and token.i - span.end <= 8:
                return persons, "apposition"
    # appointments and copulas: "X a été nommée directrice", "X devient PDG", "X rejoint Y comme directeur"
    # ("nommée au poste de directrice": the post stands where "poste" does)
    anchor = _post_anchor(root)
    head = anchor.head
    if anchor.dep_ in ("xcomp", "obl", "obl:mod", "obl:arg", "ccomp", "obj") and head.pos_ in ("VERB", "AUX"):
        positions: dict[str, list[Token]] = {"subj": [], "obj": []}
        lemma = head.lemma_.lower()
        passive = lemma not in _BECOMING and any(c.dep_ in ("aux:pass", "nsubj:pass") for c in head.children)
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                positions["obj" if passive else "subj"].append(child)
            elif child.dep_ == "obj" and child.i != anchor.i:
                positions["obj"].append(child)
        order = ("obj", "subj") if lemma in _APPOINTING else ("subj",)
        if (lemma in _APPOINTING or lemma in _BECOMING or case_of(anchor) in ("comme", "en tant que")) and not (
                anchor.dep_ == "obj" and lemma not in _APPOINTING | _BECOMING):
            for position in order:
                for token in positions[position]:
                    ref = resolver.entity(token, person=True)
                    if ref is None or ref.label != "PER":
                        # "Le directeur financier, X, est promu …": the name the subject's post is given
                        named = next((c for c in token.children if c.dep_ in ("appos", "flat:name")), None)
                        ref = resolver.entity(named, person=True) if named is not None else None
                        token = named if ref is not None else token
                    if ref is not None and ref.label == "PER":
                        return [(ref, token)], "appointment" if lemma in _APPOINTING else "predicate"
            if not positions["subj"] and not positions["obj"] and (lemma in _APPOINTING or lemma in _BECOMING):
                # a participle: "Aurélie Chasles, nommée directrice générale", or fronted, "Nommé
                # directeur général en septembre, Hugo Ravel succède à …"
                named = head.head if head.dep_ in ("acl", "appos") else next(
                    (c for c in head.head.children if c.dep_ in ("nsubj", "nsubj:pass")), None) \
                    if head.dep_ == "advcl" and head.i < head.head.i else None
                ref = resolver.entity(named, person=True) if named is not None else None
                if ref is not None and ref.label == "PER":
                    return [(ref, named)], "appointment"
    # a fronted participle the parser took for a noun: "Nommé en septembre directeur général
    # de Y, X succède à …"
    if head.pos_ == "NOUN" and head.lower_ in _APPOINTING and head.i < root.i < head.head.i \
            and root.dep_ in ("nmod", "xcomp", "obl", "appos"):
        named = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i > root.i), None)
        ref = resolver.entity(named, person=True) if named is not None else None
        if ref is not None and ref.label == "PER":
            return [(ref, named)], "appointment"
    persons = _sequence_holder(span, resolver, plural)
    if persons:
        return persons, "apposition"
    return None


def _post_anchor(root: Token) -> Token:
    """Where a post stands in its clause: "nommée au poste de directrice" stands at "poste"."""
    if root.dep_ == "nmod" and root.head.lemma_.lower() in lexicon("posts")["post_words"] \
            and case_of(root) in ("de", "d'", "d’"):
        return root.head
    return root


def _former(span: Any) -> bool:
    markers = {norm(m).rstrip("-") for m in lexicon("posts")["former_markers"]}
    if span.text.lower().startswith("ex-"):
        return True
    doc = span.doc
    before = [doc[i].lower_.rstrip("-") for i in range(max(0, span.start - 2), span.start)]
    if any(w in markers for w in before):
        return True
    adverbs = {norm(a) for a in lexicon("posts")["former_adverbs"]}
    # one word ("alors") or two tokens ("jusqu'" "ici")
    if span.start > 0 and (doc[span.start - 1].lower_ in adverbs or span.start > 1 and norm(
            doc[span.start - 2 : span.start].text) in adverbs):
        return True
    return any(c.dep_ == "amod" and c.lemma_.lower() in ("ancien", "ex") for c in span.root.children)


def _predecessor(holder: Token | None) -> bool:
    """ "Elle succède à Philippe Delmas, président depuis 2016": the one succeeded held the
    post he is given in apposition."""
    if holder is None or holder.dep_ not in ("obl:arg", "obl", "obj", "iobj"):
        return False
    verb = holder.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() in lexicon("posts")["succession_verbs"] and any(
        c.dep_.startswith("nsubj") for c in verb.children)


def _role(ctx: Context, resolver: Resolver, span: Any, person: EntityRef, construction: str,
          holder: Token | None, spans: list[Any], plural: bool) -> RoleFact | None:
    written = norm(span.text).removeprefix("ex-")
    entry = _posts().get(written)
    if entry is None:
        return None
    evidence = ctx.evidence(*ctx.sentence_of(span.start_char), f"role/post/{construction}")
    org, label = _organization(ctx, resolver, span, entry, person, holder)
    if plural and holder is not None and not entry["public"]:
        # "les patrons A (X) et B (Y)": each one's organization is in brackets after the name
        org = _parenthesized_after(resolver, holder) or org
    own = any(c.dep_ in ("nmod", "obl:arg", "obl") and case_of(c) in _ORG_CASES and c.i > span.end
              for c in span.root.children)
    # (the one succeeded keeps a post of his own elsewhere: "succède à X, patron de Y")
    former = _former(span) or (org is None and not own and _predecessor(holder))
    if org is None and not entry["public"] and not own:
        # "le fondateur et président d'OVHcloud", "PDG et fondateur d'OVH": coordinated posts
        # share the organization
        for other in _coordinated_posts(span, spans):
            org, _ = _organization(ctx, resolver, other, entry, person, holder)
            if org is not None:
                break
    if org is None and not entry["public"] and holder is not None:
        org = _parenthesized_after(resolver, holder)
    if org is None and not entry["public"]:
        org = _relative_antecedent(resolver, span)
    verb = _post_anchor(span.root).head
    if org is None and not entry["public"] and construction == "appointment" and verb.pos_ == "VERB":
        # "Le groupe Orange a nommé X directrice générale": the one who appoints
        for child in verb.children:
            if child.dep_ == "nsubj":
                ref = resolver.entity(child, person=False)
                if ref is not None and ref.label != "PER":
                    org = ref
    if org is None and not entry["public"] and construction == "appointment":
        # "X, jusqu'ici directrice des rédactions du groupe, est nommée directrice générale":
        # the organization of the other post the sentence gives the person
        for other in spans:
            other_entry = _posts().get(norm(other.text).removeprefix("ex-"))
            if other is span or other.sent != span.sent or other_entry is None or other_entry["public"]:
                continue
            org, _ = _organization(ctx, resolver, other, other_entry, person, holder)
            if org is not None:
                break
    if org is None and not entry["public"] and not own and holder is not None \
            and entry["key"] not in lexicon("posts")["trades"]:
        # "Le directeur financier, Loïc Hennequin, est promu directeur général délégué": a post
        # said with no organization is one in the organization the article is about
        org = resolver.topic_ref
    if org is None and not entry["public"]:
        return None
    if org is not None and (org == person or org.label == "PER"):
        return None
    label = label or _label(ctx, resolver, span, org)
    if not any(word in _CHARGED for word in label.split()):
        label = " ".join(filter(None, (label, _remit_after_organization(ctx, resolver, span))))
    return RoleFact(person, entry["key"], label, org, evidence, former=former)


def _remit_after_organization(ctx: Context, resolver: Resolver, span: Any) -> str | None:
    """The remit written after the organization: "vice-présidente de la Région Bretagne
    chargée de la mer" holds the post "vice-présidente chargée de la mer"."""
    doc = ctx.doc
    k = span.end
    if k >= len(doc) or doc[k].lower_ not in ("de", "d'", "d’", "du", "des"):
        return None
    k += 1
    while k < len(doc) and doc[k].pos_ == "DET":
        k += 1
    mention = resolver.mention_at(doc[k]) if k < len(doc) else None
    if mention is None or resolver.label(mention) == "PER":
        return None
    while k < len(doc) and doc[k].idx < mention.end:
        k += 1
    if k >= len(doc) or doc[k].lower_ not in _CHARGED:
        return None
    end = k + 1
    while end < len(doc) and end - k < 10 and not doc[end].is_punct and doc[end].pos_ not in ("VERB", "AUX", "PRON") \
            and doc[end].lower_ not in ("auprès", "depuis", "jusqu'", "entre"):
        end += 1
    while end > k + 1 and doc[end - 1].pos_ in ("ADP", "DET", "CCONJ"):
        end -= 1
    return norm(ctx.text[doc[k].idx : doc[end - 1].idx + len(doc[end - 1].text)]) if end > k + 1 else None


def _coordinated_posts(span: Any, spans: list[Any]) -> list[Any]:
    """The posts coordinated with `span`, in the tree or in sequence ("PDG et fondateur"), the
    ones after it first (the organization is written after the last)."""
    doc = span.doc
    root = span.root
    out = []
    for other in spans:
        if other is span:
            continue
        linked = (other.root.dep_ == "conj" and other.root.head.i == root.i) or (
            root.dep_ == "conj" and root.head.i == other.root.i) or (
            other.start == span.end + 1 and doc[span.end].lower_ in ("et", ",")) or (
            span.start == other.end + 1 and doc[other.end].lower_ in ("et", ","))
        if linked:
            out.append(other)
    return sorted(out, key=lambda o: (o.start < span.start, abs(o.start - span.start)))


def _relative_antecedent(resolver: Resolver, span: Any) -> EntityRef | None:
    """ "Numergy, dont il devient président exécutif": "dont" stands for the noun the relative
    clause hangs on."""
    # ("Atos, dont le PDG, X, …": the post itself may head the relative clause)
    verb = span.root if span.root.dep_ == "acl:relcl" else span.root.head
    if verb.dep_ != "acl:relcl" or not any(t.lower_ == "dont" for t in [*verb.children, *span.root.children]):
        return None
    # "à la tête de Numergy, dont …": the parser may hang the clause on the office noun
    for token in [verb.head, *(c for c in verb.head.children if c.dep_ == "nmod" and c.i < verb.i
                               and (case_of(c) or "").endswith("de"))]:
        ref = _entity(resolver, token)
        if ref is not None and ref.label != "PER":
            return ref
    return None


def _parenthesized_after(resolver: Resolver, holder: Token) -> EntityRef | None:
    """ "Michel Paulin (OVHcloud)": the organization written in brackets after the name."""
    bounds = _bounds(resolver, holder)
    doc = resolver.doc
    if bounds is None or bounds[1] + 2 >= len(doc) or doc[bounds[1]].text != "(":
        return None
    inner = doc[bounds[1] + 1]
    mention = resolver.mention_at(inner)
    after = _bounds(resolver, inner)
    if mention is None or after is None or after[1] >= len(doc) or doc[after[1]].text != ")":
        return None
    ref = resolver.ctx.ref(mention)
    return ref if ref.label in ("ORG", "MISC") else None


_COMPANY_WORDS = {"groupe", "société", "entreprise", "firme"}


def _entity(resolver: Resolver, token: Token) -> EntityRef | None:
    """The organization a complement names; a name the entity finder caught elsewhere in the
    article but not here counts too."""
    ref = resolver.entity(token, person=False)
    if ref is None and token.pos_ == "NOUN" and noun_word(token) in _COMPANY_WORDS and any(
            c.dep_ == "case" and c.lower_ in ("du", "au") for c in token.children) and not any(
            c.dep_ in ("nmod", "appos", "flat:name") for c in token.children):
        # "du groupe roubaisien": the contracted article is a definite one (a unit with its own
        # organization, "du pôle informatique de l'Ugap", or a name that follows are not)
        found = resolver.salient_organization(token.idx)
        return resolver.ctx.ref(found) if found is not None else None
    if ref is not None or token.pos_ != "PROPN" or resolver.mention_at(token) is not None:
        return ref
    words = sorted([token, *(c for c in token.children if c.dep_ == "flat:name")], key=lambda t: t.i)
    text = token.doc[words[0].i : words[-1].i + 1].text
    for mention in resolver.ctx.mentions:
        if mention.text == text and resolver.label(mention) != "PER":
            return resolver.ctx.ref(mention)
    return None


def _possessor(ctx: Context, resolver: Resolver, span: Any) -> EntityRef | None:
    """Whose post "son directeur général", "sa présidente" is: the organization subject of the
    sentence before the post, else the last organization the sentence names before it, else
    the organization spoken of before."""
    doc = ctx.doc
    start = ctx.sentence_of(span.start_char)[0]
    depth, before = 0, []
    for token in doc[span.sent.start : span.start]:
        depth += (token.text in ("«", "“")) - (token.text in ("»", "”"))
        if depth <= 0 and token.text not in ("»", "”") and token.idx >= start:
            before.append(token)
    for token in reversed(before):
        if token.dep_ in ("nsubj", "nsubj:pass"):
            # a description is followed back: "L'entreprise étudie le rachat de X, a indiqué Y,
            # son directeur général"
            ref = resolver.entity(token, person=False)
            if ref is not None and ref.label in ("ORG", "MISC", "LOC"):
                return ref
    for token in reversed(before):
        mention = resolver.mention_at(token)
        if mention is not None and resolver.label(mention) in ("ORG", "MISC"):
            return ctx.ref(mention)
    # the sentence before: the subject of its main clause
    previous = [b for b in ctx.sentences if b[1] <= start]
    if previous:
        tokens = [t for t in doc if previous[-1][0] <= t.idx < previous[-1][1]]
        for token in tokens:
            # the parser may call a fronted subject a clause modifier ("Scaleway, héritière de …, revendique")
            if token.head.dep_ == "ROOT" and token.i < token.head.i and (token.dep_ in ("nsubj", "nsubj:pass") or (
                    token.dep_ == "advcl" and token.pos_ == "PROPN")):
                ref = resolver.entity(token, person=False) or _entity(resolver, token)
                if ref is not None and ref.label in ("ORG", "MISC", "LOC"):
                    return ref
    found = resolver.salient_organization(span.root.idx)
    return ctx.ref(found) if found is not None else None


def _label(ctx: Context, resolver: Resolver, span: Any, org: EntityRef | None) -> str:
    """The post as written: its words, a leading adjective ("premier président") and the
    modifiers after it up to the organization ("directeur général France", "ingénieur
    réseau", "directeur des affaires publiques")."""
    doc = ctx.doc
    start = span.start
    public = bool((_posts().get(norm(span.text).removeprefix("ex-")) or {}).get("public"))
    if start > 0 and doc[start - 1].dep_ == "amod" and doc[start - 1].head.i == span.root.i \
            and doc[start - 1].lower_ not in ("ancien", "ancienne", "nouveau", "nouvelle", "nouvel", "actuel",
                                            "actuelle", "futur", "future", "ex"):
        start -= 1
    end = span.end
    governed = {t.i for t in span.root.subtree}
    charged = span.end < len(doc) and doc[span.end].lower_ in _CHARGED
    while end < len(doc) and end - span.end < (9 if charged else 6) and (end in governed or charged):
        token = doc[end]
        if token.lower_ in _CHARGED and end == span.end:
            end += 1  # "vice-président chargé de l'industrie": the remit is part of the post
            continue
        mention = resolver.mention_at(token)
        if mention is not None and end == span.end and resolver.label(mention) == "LOC" and org is not None \
                and org.label != "LOC" and end + 1 < len(doc) and doc[end + 1].lower_ in ("de", "d'", "d’", "du"):
            end += 1  # "directeur général France d'Amazon Web Services": the post's territory
            continue
        if token.is_punct or mention is not None or token.pos_ in ("VERB", "AUX", "PRON"):
            break
        if token.dep_ == "case" and (token.lower_ in ("chez", "auprès") or token.lower_ == "au" and not public):
            break  # a public office's portfolio goes on: "commissaire au Marché intérieur"
        if token.pos_ == "CCONJ" and end > span.end and any(s.start in (end + 1, end + 2) for s in post_spans(doc)):
            break
        if token.dep_ == "case":
            nxt = token.head
            if _entity(resolver, nxt) is not None or resolver.mention_at(nxt) is not None:
                break
            if nxt.lemma_.lower() in ("société", "entreprise", "groupe", "région", "ville", "commune"):
                break
        end += 1
    while end > span.end and doc[end - 1].pos_ in ("ADP", "DET", "CCONJ"):
        end -= 1
    return norm(ctx.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]).removeprefix("ex-")


def _complements(span: Any, holder: Token | None = None) -> list[Token]:
    """The post's own complements, then those the parser hung under the person ("X,
    analyste chez IDC"; "X (Outscale)"), which name the organization only when the post
    names none."""
    inside = set(range(span.start, span.end))
    own = []
    for token in span:
        for child in token.children:
            if child.i not in inside and child.i > span.start and (
                    child.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") or child.dep_ in ("conj", "appos")
                    and span.start > 0 and span.doc[span.start - 1].text == "("):
                own.append(child)
    hung = []
    if holder is not None:
        for child in holder.children:
            if child.dep_ in ("nmod", "obl", "appos") and (span.end <= child.i <= span.end + 4 or (
                    child.i > holder.i and child.i > 0 and child.doc[child.i - 1].text == "(")):
                hung.append(child)
    return sorted(own, key=lambda t: t.i) + sorted((t for t in hung if t not in own), key=lambda t: t.i)


def _organization(ctx: Context, resolver: Resolver, span: Any, entry: dict,
                  person: EntityRef, holder: Token | None) -> tuple[EntityRef | None, str | None]:
    data = lexicon("posts")
    root = span.root
    for child in root.children:
        if child.dep_ == "amod" and child.lower_ in data["nationalities"]:
            own = data["nationality_bodies"].get(entry["key"], {}).get(child.lower_)
            if own is not None:
                return EntityRef(own, "ORG"), None
            return EntityRef(data["nationalities"][child.lower_], "LOC"), None
    complements = _complements(span, holder)
    if entry["public"]:
        return _public_body(ctx, resolver, span, entry, complements)
    for child in complements:
        case = case_of(child)
        parenthesized = child.i > 0 and (ctx.doc[child.i - 1].text == "(" or (
            ctx.doc[child.i - 1].text == "," and span.start > 0 and ctx.doc[span.start - 1].text == "("))
        if case not in _ORG_CASES and not parenthesized:
            continue
        ref = _entity(resolver, child)
        if ref is not None and ref != person:
            return ref, None
        # "directrice du département cloud de Lumio": a unit, then the organization
        for grand in child.children:
            if grand.dep_ == "nmod" and case_of(grand) == "de":
                ref = resolver.entity(grand, person=False)
                if ref is not None and ref != person:
                    label = norm(ctx.text[span.start_char : grand.idx])
                    label = _without_trailing_preposition(label)
                    return ref, label
    # "vice-présidente chargée de la transition énergétique de la Région X": the organization
    # closes the remit
    for child in root.children:
        if child.lower_ in _CHARGED:
            for token in child.subtree:
                if token.i > child.i and token.pos_ in ("PROPN", "NOUN") and case_of(token) in _ORG_CASES:
                    ref = _entity(resolver, token)
                    if ref is not None and ref != person and ref.label != "PER":
                        return ref, None
    # "analyste chez Gartner", read in sequence where the parser hung the complement on the verb
    doc = ctx.doc
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("de", "d'", "d’", "du", "chez"):
        k = span.end + 1
        while k < len(doc) - 1 and doc[k].pos_ == "DET":
            k += 1
        mention = resolver.mention_at(doc[k])
        if mention is not None and resolver.label(mention) in ("ORG", "MISC") and ctx.ref(mention) != person:
            return ctx.ref(mention), None
    for child in root.children:
        if child.dep_ == "det" and "Yes" in child.morph.get("Poss"):
            return _namesake(resolver, person, span) or _possessor(ctx, resolver, span), None
    return None, None


def _namesake(resolver: Resolver, person: EntityRef, span: Any) -> EntityRef | None:
    """The one organization named before that bears the holder's surname: "son PDG, Dirk
    Vandamme" after "le groupe Vandamme Steel" is the family firm's."""
    surname = person.name.split()[-1] if " " in person.name else ""
    if len(surname) < 4 or not surname[0].isupper():
        return None
    found = {resolver.ctx.ref(m) for m in resolver.ctx.mentions
             if m.start < span.start_char and resolver.label(m) in ("ORG", "MISC") and surname in m.text.split()}
    return found.pop() if len(found) == 1 else None


def _public_body(ctx: Context, resolver: Resolver, span: Any, entry: dict,
                 complements: list[Token]) -> tuple[EntityRef | None, str | None]:
    """A public office's body: a town for a mayor, a country for a head of state, the
    ministry the text names for a minister's portfolio, else the government."""
    data = lexicon("posts")
    body = data["public_bodies"].get(entry["key"])
    label = None
    if body == "government":
        # the portfolios, read in sequence ("de l'Économie, des Finances et de la Relance";
        # "chargé de l'Industrie, de l'Énergie et de l'Économie numérique"): the parser's tree
        # of such enumerations is not reliable; they end at a comma not followed by another
        words = []
        for token in ctx.doc[span.end : min(len(ctx.doc), span.end + 40)]:
            mention = resolver.mention_at(token)
            if mention is not None and resolver.label(mention) == "PER":
                break
            if token.text == ",":
                after = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else None
                if after is None or after.lower_ not in ("de", "du", "des", "d'", "d’", "à", "aux", "au"):
                    break
            elif token.is_punct and token.text not in ("'", "’", "-"):
                break
            elif token.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "NUM") and token.lower_ not in (
                    "chargé", "chargée", "délégué", "déléguée"):
                break
            words.append(token)
        while words and (words[-1].text in (",", "et") or words[-1].pos_ in ("ADP", "DET", "CCONJ")):
            words.pop()  # "ancien ministre de l'économie, de signaler …": the portfolio ends before
        if words:
            label = norm(ctx.text[span.start_char : words[-1].idx + len(words[-1].text)])
            portfolio = norm(ctx.text[words[0].idx : words[-1].idx + len(words[-1].text)])
            ministry = _named_ministry(ctx, portfolio)
            if ministry is not None:
                return ministry, label
    if isinstance(body, dict):
        # "le député de la Moselle X": a seat in the assembly, whatever the constituency
        return EntityRef(body["name"], body["label"]), None
    if body in ("country", "commune"):
        for child in complements:
            ref = _entity(resolver, child)
            if ref is not None:
                return ref, None
        return None, None
    if body == "government":
        gov = data["government"]
        return EntityRef(gov["name"], gov["label"]), label
    return None, label


def _named_ministry(ctx: Context, portfolio: str) -> EntityRef | None:
    """ "le ministère de l'Agriculture" named in the text, for "ministre de l'Agriculture"."""
    word = lexicon("posts")["ministry_word"]
    # the whole portfolio first ("ministère de la Santé et de la Prévention"), then its first part
    for first in (portfolio.strip(), portfolio.split(",")[0].split(" et ")[0].strip()):
        for token in ctx.doc:
            if token.lower_ != word:
                continue
            after = norm(ctx.text[token.idx + len(token.text) : token.idx + len(token.text) + len(first) + 2])
            if after.startswith(first) and first.startswith(("de ", "du ", "des ", "d'", "de l'")):
                written = ctx.text[token.idx : token.idx + len(token.text) + 1 + len(first)]
                return EntityRef(written[:1].upper() + written[1:], "ORG")
    return None
