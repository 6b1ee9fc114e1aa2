"""Foundings and acquisitions, read through the founding and acquisition frames.

Frames (ontology/frames.yaml): founding ("A a fondé X", "X, créée en 2012 par A et B",
"A s'allie à B pour créer X", "la création de X par A", "X, la coentreprise de A et B",
"les membres fondateurs de X : A, B") and acquisition ("A rachète B", "le rachat de B par
A"). What is only theirs: the founded thing must be an organization (a product "lancé"
is not founded), and a founding is dated only when its clause states one date.
"""

from __future__ import annotations

from ....records import ChangeFact, FoundingFact
from ..common import Context
from .frames import Reading

__all__ = ["extract_foundings", "extract_changes"]


def extract_foundings(ctx: Context, found: list[Reading]) -> list[FoundingFact]:
    facts: list[FoundingFact] = []
    for reading in found:
        if reading.frame.fact != "founding" or reading.clause.negated or reading.clause.planned:
            continue
        orgs = [o for o in reading.slots.get("organization", []) if o.label != "PER"]
        founders = [f for f in reading.slots.get("founders", []) if f not in orgs]
        if not orgs or not founders:
            continue
        rule = "founding/" + reading.clause.construction
        for org in orgs[:1]:
            fact = FoundingFact(org, tuple(founders), ctx.evidence(*reading.sentence, rule), reading.date)
            merged = _merge(facts, fact)
            if not merged:
                facts.append(fact)
    return facts


def _merge(facts: list[FoundingFact], fact: FoundingFact) -> bool:
    """One founding per organization and sentence: the reading with more founders wins."""
    for i, other in enumerate(facts):
        if other.organization == fact.organization and (
                other.evidence.start == fact.evidence.start or set(other.founders) == set(fact.founders)):
            if len(fact.founders) > len(other.founders) or (fact.date and not other.date):
                founders = tuple(dict.fromkeys([*other.founders, *fact.founders]))
                facts[i] = FoundingFact(other.organization, founders, other.evidence, other.date or fact.date)
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
