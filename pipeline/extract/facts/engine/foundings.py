"""Foundings and acquisitions, read through the founding and acquisition frames.

Frames (ontology/frames.yaml): founding ("A a fondé X", "X, créée en 2012 par A et B",
"A s'allie à B pour créer X", "la création de X par A", "X, la coentreprise de A et B",
"les membres fondateurs de X : A, B") and acquisition ("A rachète B", "le rachat de B par
A"). What is only theirs: the founded thing must be an organization (a product "lancé"
is not founded), and a founding is dated only when its clause states one date.
"""

from __future__ import annotations

from ....records import ChangeFact, EntityRef, FoundingFact
from ..common import Context
from .frames import Reading
from .refs import Resolver, company_noun

__all__ = ["extract_foundings", "extract_changes"]


def extract_foundings(ctx: Context, found: list[Reading], resolver: Resolver) -> list[FoundingFact]:
    facts: list[FoundingFact] = []
    for reading in found:
        if reading.frame.fact != "founding" or reading.clause.negated or reading.clause.planned:
            continue
        orgs = [o for o in reading.slots.get("organization", []) if o.label != "PER"
                and o.name.split()[0].lower() not in _POLICY_NOUNS]
        if reading.frame.creation and not any(
                t.lemma_.lower() in ("création", "naissance", "fondation", "constitution")
                for t in ctx.doc.char_span(*reading.sentence, alignment_mode="expand") or ()):
            continue
        if reading.frame.described and not reading.frame.creation:
            # (a verb read only where a company is created, "la création de X, enlevé par A",
            # needs no description of X)
            orgs = [o for o in orgs if _called_a_company(ctx, resolver, o)]
        founders = list(reading.slots.get("founders", []))
        if len(founders) == 1 and dict(reading.frame.slots).get("organization") == ("named",):
            founders = _split_pair(ctx, founders[0])
        founders = [f for f in founders if f not in orgs]
        origin = reading.one("origin")
        if origin is not None and (origin in orgs or origin.label == "PER"):
            origin = None
        if not orgs or not (founders or origin):
            continue
        rule = "founding/" + reading.clause.construction
        # "P a débouché sur la création de X et Y": each came out of P; founders name one
        for org in orgs if origin is not None and not founders else orgs[:1]:
            fact = FoundingFact(org, tuple(founders), ctx.evidence(*reading.sentence, rule), reading.date,
                                origin=origin)
            merged = _merge(facts, fact)
            if not merged:
                facts.append(fact)
    return facts


def _split_pair(ctx: Context, ref: EntityRef) -> list[EntityRef]:
    """ "la coentreprise X de SFR-Bull": a parent written "A-B" as one name is two founders."""
    parts = ref.name.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() for p in parts):
        return [ref]
    known = {m.text: m for m in ctx.mentions}
    return [ctx.ref(known[p]) if p in known else EntityRef(p, "ORG") for p in parts]


def _merge(facts: list[FoundingFact], fact: FoundingFact) -> bool:
    """One founding per organization and sentence: the reading with more founders wins."""
    for i, other in enumerate(facts):
        if other.organization == fact.organization and (
                other.evidence.start == fact.evidence.start or set(other.founders) == set(fact.founders)):
            if len(fact.founders) > len(other.founders) or (fact.date and not other.date):
                founders = tuple(dict.fromkeys([*other.founders, *fact.founders]))
                facts[i] = FoundingFact(other.organization, founders, other.evidence, other.date or fact.date,
                                        other.origin or fact.origin)
            return True
    return False


def extract_changes(ctx: Context, found: list[Reading]) -> list[ChangeFact]:
    facts: list[ChangeFact] = []
    for reading in found:
        if reading.frame.fact != "acquisition" or reading.clause.negated or reading.clause.planned:
            continue
        buyer, target = reading.one("buyer"), reading.one("target")
        if buyer is None or target is None or buyer == target or "PER" in (buyer.label, target.label):
            continue
        if buyer.label == "LOC" or target.label == "LOC":
            continue
        evidence = ctx.evidence(*reading.sentence, "acquisition/" + reading.clause.construction)
        fact = ChangeFact("acquisition", (target,), buyer, evidence, reading.date)
        if all((f.original, f.resulting) != (fact.original, fact.resulting) for f in facts):
            facts.append(fact)
    return facts


def _called_a_company(ctx: Context, resolver: Resolver, ref: EntityRef) -> bool:
    """Whether the text calls the entity a company somewhere: "X, une entreprise …", "la
    start-up X", "X est une société …"."""
    for mention in ctx.mentions:
        if mention.cluster != ref.cluster or ref.cluster is None:
            continue
        span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        near = [root.head, *(c for c in root.children if c.dep_ == "appos")]
        if span.start > 0:
            near += [ctx.doc[span.start - 1], ctx.doc[max(0, span.start - 2)]]
        if span.end + 2 < len(ctx.doc) and ctx.doc[span.end].text == ",":
            near += [ctx.doc[span.end + 1], ctx.doc[span.end + 2]]
        if any(t.pos_ == "NOUN" and company_noun(t) and t.lemma_.lower() not in _POLICY_NOUNS for t in near):
            return True
    return False


# what a government launches is not a company founded ("34 plans lancés par le président")
_POLICY_NOUNS = frozenset({"plan", "programme", "initiative", "stratégie", "appel", "partenariat"})
