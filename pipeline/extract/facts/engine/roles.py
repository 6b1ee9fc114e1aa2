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

from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher

from ....records import EntityRef, RoleFact
from ..common import Context, lexicon, norm
from .clauses import case_of, expand
from .frames import Reading
from .refs import Resolver

__all__ = ["extract_roles", "post_spans"]

Token = Any
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
    holders: dict[int, tuple[list[EntityRef], str, Token | None]] = {}
    for span in spans:
        held = _holder(span, resolver, holders, by_root)
        if held is not None:
            holders[span.root.i] = held
    for span in spans:
        if span.root.i not in holders:
            continue
        persons, construction, holder_token = holders[span.root.i]
        for person in persons:
            fact = _role(ctx, resolver, span, person, construction, holder_token, by_root)
            if fact is not None and all(_key(fact) != _key(f) for f in facts):
                facts.append(fact)
    for reading in found:
        if reading.frame.fact != "role" or reading.clause.negated or reading.clause.planned:
            continue
        holder, org = reading.one("holder"), reading.one("organization")
        if holder is None or holder.label != "PER" or org is None or org.label == "PER":
            continue
        key = reading.frame.post or "dirigeant"
        label = next((e["label"] for e in lexicon("posts")["posts"] if e["key"] == key), key)
        evidence = ctx.evidence(*reading.sentence, f"role/{reading.frame.frame}/{reading.clause.construction}")
        fact = RoleFact(holder, key, label.lower(), org, evidence)
        if all(_key(fact)[:3] != _key(f)[:3] for f in facts):
            facts.append(fact)
    return facts


def _key(fact: RoleFact) -> tuple:
    return fact.person, fact.role, fact.org, fact.former


def _persons(resolver: Resolver, token: Token, plural: bool) -> list[EntityRef]:
    """The person a token names, and with a plural post the persons coordinated with it
    ("Lucie Ferrand et Marc Aubanel, deux anciens ingénieurs de X")."""
    mention = resolver.named(token)
    if mention is None:
        return []
    ref = resolver.ctx.ref(mention)
    if ref.label != "PER":
        return []
    if not plural:
        return [ref]
    return [r for r in resolver.entities(expand(token), person=True) if r.label == "PER"] or [ref]


_HOLDER_DEPS = ("appos", "conj", "nmod", "flat:name", "dep", "parataxis", "acl")


def _holder(span: Any, resolver: Resolver, known: dict[int, tuple[list[EntityRef], str, Token | None]],
            by_root: dict[int, Any]) -> tuple[list[EntityRef], str, Token | None] | None:
    root = span.root
    inside = set(range(span.start, span.end))
    plural = "Plur" in root.morph.get("Number")
    # "PDG de A et ancien ministre": the holder of the post it is coordinated with
    if root.dep_ == "conj" and root.head.i in known:
        return known[root.head.i][0], "coordination", known[root.head.i][2]
    # "X, directrice de Y" (the parser may call the apposition a conjunct or a modifier)
    if root.dep_ in _HOLDER_DEPS and root.head.i not in inside and root.head.i < root.i:
        persons = _persons(resolver, root.head, plural)
        if persons:
            return persons, "apposition", root.head
    # "le PDG de Y, X", "le ministre Paul Durand", "les patrons A (X) et B (Y)", "X est PDG de Y"
    for child in root.children:
        if child.i in inside or child.i < root.i and child.dep_ != "nsubj":
            continue
        if child.dep_ in ("appos", "flat:name", "nsubj", "dep") or (child.dep_ == "nmod" and case_of(child) is None):
            persons = _persons(resolver, child, plural or child.dep_ != "nsubj")
            if persons:
                return persons, "copula" if child.dep_ == "nsubj" else "apposition", child
    # a name the parser hung under the post's complement: "le ministre de l'Agriculture Julien Denormandie"
    for token in root.subtree:
        if token.i in inside or token.i < span.end:
            continue
        if token.dep_ in ("appos", "flat:name") and token.head.i not in inside and token.head.i > root.i:
            persons = _persons(resolver, token, plural)
            if persons and token.i - span.end <= 8:
                return persons, "apposition", token
    # appointments and copulas: "X a été nommée directrice", "X devient PDG", "X rejoint Y comme directeur"
    head = root.head
    if root.dep_ in ("xcomp", "obl", "obl:mod", "obl:arg", "ccomp", "obj") and head.pos_ in ("VERB", "AUX"):
        positions: dict[str, list[Token]] = {"subj": [], "obj": []}
        passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in head.children)
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                positions["obj" if passive else "subj"].append(child)
            elif child.dep_ == "obj" and child is not root:
                positions["obj"].append(child)
        lemma = head.lemma_.lower()
        order = ("obj", "subj") if lemma in _APPOINTING else ("subj",)
        if (lemma in _APPOINTING or lemma in _BECOMING or case_of(root) in ("comme", "en tant que")) and not (
                root.dep_ == "obj" and lemma not in _APPOINTING):
            for position in order:
                for token in positions[position]:
                    ref = resolver.entity(token, person=True)
                    if ref is not None and ref.label == "PER":
                        return [ref], "appointment" if lemma in _APPOINTING else "predicate", token
    return None


def _former(span: Any) -> bool:
    markers = {norm(m).rstrip("-") for m in lexicon("posts")["former_markers"]}
    if span.text.lower().startswith("ex-"):
        return True
    doc = span.doc
    before = [doc[i].lower_.rstrip("-") for i in range(max(0, span.start - 2), span.start)]
    if any(w in markers for w in before):
        return True
    return any(c.dep_ == "amod" and c.lemma_.lower() in ("ancien", "ex") for c in span.root.children)


def _role(ctx: Context, resolver: Resolver, span: Any, person: EntityRef, construction: str,
          holder: Token | None, by_root: dict[int, Any]) -> RoleFact | None:
    written = norm(span.text).removeprefix("ex-")
    entry = _posts().get(written)
    if entry is None:
        return None
    former = _former(span)
    evidence = ctx.evidence(*ctx.sentence_of(span.start_char), f"role/post/{construction}")
    org, label = _organization(ctx, resolver, span, entry, person, holder)
    if org is None and not entry["public"]:
        # "le fondateur et président d'OVHcloud": coordinated posts share the organization
        for other in [span.root.head, *span.root.children]:
            if other.i in by_root and other.i != span.root.i and (other.dep_ == "conj" or span.root.dep_ == "conj"):
                org, _ = _organization(ctx, resolver, by_root[other.i], entry, person, holder)
                if org is not None:
                    break
    if org is None and not entry["public"]:
        return None
    if org is not None and (org == person or org.label == "PER"):
        return None
    return RoleFact(person, entry["key"], label or _label(ctx, resolver, span, org), org, evidence, former=former)


def _label(ctx: Context, resolver: Resolver, span: Any, org: EntityRef | None) -> str:
    """The post as written: its words, a leading adjective ("premier président") and the
    modifiers after it up to the organization ("directeur général France", "ingénieur
    réseau", "directeur des affaires publiques")."""
    doc = ctx.doc
    start = span.start
    if start > 0 and doc[start - 1].dep_ == "amod" and doc[start - 1].head.i == span.root.i \
            and doc[start - 1].lower_ not in ("ancien", "ancienne", "nouveau", "nouvelle", "nouvel", "actuel",
                                            "actuelle", "futur", "future", "ex"):
        start -= 1
    end = span.end
    governed = {t.i for t in span.root.subtree}
    while end < len(doc) and end - span.end < 6 and end in governed:
        token = doc[end]
        if token.is_punct or resolver.mention_at(token) is not None or token.pos_ in ("VERB", "AUX", "PRON"):
            break
        if token.dep_ == "case" and token.lower_ in ("chez", "au", "auprès"):
            break
        if token.dep_ == "case":
            nxt = token.head
            if resolver.entity(nxt, person=False) is not None or resolver.mention_at(nxt) is not None:
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
            if child.i not in inside and child.dep_ in ("nmod", "obl", "obl:arg", "obl:mod") and child.i > span.start:
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
            return EntityRef(data["nationalities"][child.lower_], "LOC"), None
    complements = _complements(span, holder)
    if entry["public"]:
        return _public_body(ctx, resolver, span, entry, complements)
    for child in complements:
        case = case_of(child)
        parenthesized = child.i > 0 and ctx.doc[child.i - 1].text == "("
        if case not in _ORG_CASES and not parenthesized:
            continue
        ref = resolver.entity(child, person=False)
        if ref is not None and ref != person:
            return ref, None
        # "directrice du département cloud de Lumio": a unit, then the organization
        for grand in child.children:
            if grand.dep_ == "nmod" and case_of(grand) == "de":
                ref = resolver.entity(grand, person=False)
                if ref is not None and ref != person:
                    label = norm(ctx.text[span.start_char : grand.idx])
                    label = label.rsplit(" de", 1)[0].rsplit(" d'", 1)[0].strip()
                    return ref, label
    for child in root.children:
        if child.dep_ == "det" and "Yes" in child.morph.get("Poss"):
            found = resolver.salient_organization(root.idx)
            if found is not None:
                return ctx.ref(found), None
    return None, None


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
        while words and words[-1].text in (",", "et"):
            words.pop()
        if words:
            label = norm(ctx.text[span.start_char : words[-1].idx + len(words[-1].text)])
            portfolio = norm(ctx.text[words[0].idx : words[-1].idx + len(words[-1].text)])
            ministry = _named_ministry(ctx, portfolio)
            if ministry is not None:
                return ministry, label
    if body in ("country", "commune"):
        for child in complements:
            ref = resolver.entity(child, person=False)
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
    first = portfolio.split(",")[0].split(" et ")[0].strip()
    for token in ctx.doc:
        if token.lower_ != word:
            continue
        after = norm(ctx.text[token.idx + len(token.text) : token.idx + len(token.text) + len(first) + 2])
        if after.startswith(first) and first.startswith(("de ", "du ", "des ", "d'", "de l'")):
            written = ctx.text[token.idx : token.idx + len(token.text) + 1 + len(first)]
            return EntityRef(written[:1].upper() + written[1:], "ORG")
    return None
