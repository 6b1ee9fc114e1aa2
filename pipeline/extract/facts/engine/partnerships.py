"""Partnerships between organizations, read through the partnership frame ("A s'allie à
B", "A s'associe avec B pour …", "A a noué un partenariat avec B", "le partenariat entre A et
B"). What the partnership is about is its "pour"/"autour de" argument when that names an
entity."""

from __future__ import annotations

from ....records import PartnershipFact
from ..common import Context
from .frames import Reading

__all__ = ["extract_partnerships"]


def extract_partnerships(ctx: Context, found: list[Reading]) -> list[PartnershipFact]:
    facts: list[PartnershipFact] = []
    for reading in found:
        if reading.frame.fact != "partnership" or reading.clause.negated or reading.clause.planned:
            continue
        members = [m for m in reading.slots.get("members", []) if m.label in ("ORG", "MISC")]
        if len(members) < 2:
            continue
        about = reading.one("about")
        evidence = ctx.evidence(*reading.sentence, "partnership/" + reading.clause.construction)
        fact = PartnershipFact(tuple(members), evidence, reading.date, about if about not in members else None)
        if all(set(f.members) != set(fact.members) for f in facts):
            facts.append(fact)
    return facts
