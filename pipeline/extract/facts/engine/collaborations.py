"""Memberships: an organization in a consortium, project or body, read through the
membership frames ("A rejoint X", "A a adhéré à X", "A fait partie de X", "X réunit A, B et
C", "l'adhésion de A à X", "A, membre de X") and the leaving ones ("A quitte X", "A s'est
retiré de X", "le départ de A de X"; "A n'est plus membre de X" ends it too).

What is only theirs: joining a company is not a membership, so the weaker verbs
("rejoindre", "intégrer", "participer à", "quitter") need the joined thing to be
something the text calls a collaboration or a body ("le consortium X", "l'association
X", "le projet X": ontology/lexicons/organizations.yaml); the sure ones ("adhérer",
"faire partie de", "membre de") do not.
"""

from __future__ import annotations

from functools import lru_cache

from ....records import CollaborationFact, EntityRef
from ..common import Context, lexicon
from .frames import Reading
from .refs import Resolver, apposed_noun

__all__ = ["extract_collaborations"]


@lru_cache(maxsize=1)
def _collaboration_words() -> frozenset[str]:
    data = lexicon("organizations")
    words = data["collaboration_nouns"] + data["body_nouns"]
    return frozenset(w.split()[0] for w in words)


def is_collaboration(ctx: Context, resolver: Resolver, ref: EntityRef) -> bool:
    """Whether the text calls the entity a collaboration or a body: a collaboration noun
    introduces one of its mentions ("le consortium X"), is in its name ("Alliance X"), or is
    said of it ("X, l'association des …")."""
    if ref.cluster is None:
        return False
    words = _collaboration_words()
    for mention in ctx.mentions:
        if mention.cluster != ref.cluster:
            continue
        if any(w.lower() in words for w in mention.text.split()):
            return True
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        neighbours = [root.head] + [c for c in root.children if c.dep_ == "appos"]
        neighbours += [t for t in ctx.doc[max(0, span.start - 2) : span.start] if t.sent.start == span.sent.start]
        apposed = apposed_noun(span)  # "Gaia-X, un projet censé …"
        if apposed is not None:
            neighbours.append(apposed)
        if any(n.lemma_.lower() in words or n.lower_ in words for n in neighbours if n.pos_ in ("NOUN", "PROPN")):
            return True
    return False


def extract_collaborations(ctx: Context, found: list[Reading], resolver: Resolver) -> list[CollaborationFact]:
    facts: list[CollaborationFact] = []
    for reading in found:
        if reading.frame.fact != "membership" or reading.clause.planned:
            continue
        ended = reading.frame.ended or reading.clause.no_longer
        if reading.clause.negated:
            continue
        # the tagger's label of a little-known body is not trusted: anything but a person
        collaborations = [c for c in reading.slots.get("collaboration", []) if c.label != "PER"]
        members = [m for m in reading.slots.get("member", []) if m.label != "PER" and m not in collaborations]
        if not collaborations and members and reading.frame.trigger.kind == "noun":
            # "X vient d'annoncer son retrait", "les 4 associés (A, B …)": of the collaboration the
            # sentence speaks of ("ce projet de cloud"), when it names one by a noun
            spoken = _spoken_collaboration(ctx, resolver, reading, members)
            collaborations = [spoken] if spoken is not None else []
        if not collaborations and members and any(
                t.pos_ == "PRON" and t.lower_ in ("l'", "l’", "le", "la", "y")
                for t in [*reading.clause.args.get("obj", []), *reading.clause.args.get("pp:à", [])]):
            # "X l'a rejoint", "X y a adhéré": the collaboration named last before
            last = _last_collaboration(ctx, resolver, reading.clause.trigger.idx, members)
            collaborations = [last] if last is not None else []
        if not collaborations or not members:
            continue
        collaboration = collaborations[0]
        sources = reading.sources.get("collaboration", [])
        if any(t.pos_ == "PRON" or (t.pos_ == "NOUN" and resolver.named(t) is None
                                    and t.lemma_.lower() in _collaboration_words()) for t in sources):
            # "A et B y ont adhéré", "X a rejoint le consortium": the collaboration named last before
            collaboration = _last_collaboration(ctx, resolver, reading.clause.trigger.idx, members)
            if collaboration is None:
                continue
        if not reading.frame.sure and not is_collaboration(ctx, resolver, collaboration):
            continue
        rule = "membership/" + ("ended/" if ended else "") + reading.clause.construction
        evidence = ctx.evidence(*reading.sentence, rule)
        for member in members:
            fact = CollaborationFact(member, collaboration, evidence, ended, reading.date if ended else None)
            if all((f.member, f.collaboration, f.ended) != (member, collaboration, ended) for f in facts):
                facts.append(fact)
    return facts


def _last_collaboration(ctx: Context, resolver: Resolver, offset: int, members: list[EntityRef]) -> EntityRef | None:
    """The collaboration or body named last before `offset`, not one of the members."""
    for mention in sorted(ctx.mentions, key=lambda m: -m.start):
        if mention.end > offset:
            continue
        ref = ctx.ref(mention)
        if ref not in members and ref.label != "PER" and is_collaboration(ctx, resolver, ref):
            return ref
    return None


def _spoken_collaboration(ctx: Context, resolver: Resolver, reading: Reading,
                          members: list[EntityRef]) -> EntityRef | None:
    """The collaboration a sentence designates by a noun ("ce projet", "le consortium"): the
    name that noun stands for, when the text calls it a collaboration."""
    span = ctx.doc.char_span(*reading.sentence, alignment_mode="expand")
    words = _collaboration_words()
    for token in span or ():
        if token.pos_ == "NOUN" and token.lemma_.lower() in words and token.i != reading.clause.trigger.i:
            ref = resolver.entity(token, person=False, exclude=tuple(members))
            if ref is None and resolver.definite(token, contracted=True):
                found = resolver.salient_organization(token.idx, tuple(members))
                ref = ctx.ref(found) if found is not None else None
            if ref is not None and ref not in members and is_collaboration(ctx, resolver, ref):
                return ref
            # the tagger may call a project a place: the collaboration named last before
            return _last_collaboration(ctx, resolver, token.idx, members)
    return None
