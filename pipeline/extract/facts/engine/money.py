"""Money: grants from a funder to funded items, read through the funding frames.

Frames (ontology/frames.yaml): funding-give ("A apporte 10 M€ à B", "A a investi dans B"),
funding-support ("A finance B à hauteur de 3 M€"), funding-receive ("B lève 10 M€ auprès
de A"), funding-round ("une levée de fonds de 10 M€ menée par A") and funding-noun
("l'investissement de A dans B", "un prêt de 2 M€ de A"). What is only their own:
- "chacun": the amount is each funder's; several funders without it give jointly (one
  grant, `cofunders`);
- a round's lead funds the round's recipient; the recipient of a round or of a gift with
  no named receiver is the organization the sentences are about ("L'État lui accorde");
- planned and denied grants are not published (the clause's modality).
"""

from __future__ import annotations

from ....records import GrantFact
from ..common import Context
from .frames import Reading
from .refs import Resolver

__all__ = ["extract_grants"]


def extract_grants(ctx: Context, found: list[Reading], resolver: Resolver) -> list[GrantFact]:
    facts: list[GrantFact] = []
    seen: set[tuple] = set()
    for reading in found:
        if reading.frame.fact != "grant" or reading.clause.negated or reading.clause.planned:
            continue
        for fact in _grants(ctx, reading, resolver):
            key = (fact.funders, fact.recipients, fact.amount, fact.through)
            # a verb and the noun it carries may read the same grant twice
            if key in seen or any(_same_grant(fact, other) for other in facts):
                continue
            seen.add(key)
            facts.append(fact)
    return facts


def _same_grant(fact: GrantFact, other: GrantFact) -> bool:
    return (set(fact.funders) <= set(other.funders) and fact.recipients == other.recipients
            and (fact.amount == other.amount or fact.amount is None)
            and fact.evidence.start == other.evidence.start)


def _grants(ctx: Context, reading: Reading, resolver: Resolver) -> list[GrantFact]:
    funders = list(reading.slots.get("funder", []))
    lead = reading.slots.get("lead", [])
    if reading.frame.frame == "funding-round":
        funders = list(dict.fromkeys([*lead, *funders]))
    recipients = list(reading.slots.get("recipient", []))
    if not recipients and reading.frame.frame in ("funding-round", "funding-give") and funders:
        # "L'État apporte 75 M€", "le tour de table est mené par X": the organization spoken of
        salient = resolver.salient_organization(reading.clause.trigger.idx)
        if salient is not None and reading.amount is not None:
            recipients = [ctx.ref(salient)]
    funders = [f for f in funders if f not in recipients]
    if not funders or not recipients:
        return []
    if any(r.label == "PER" for r in recipients):
        return []
    amount = reading.amount
    value, currency = (amount if amount is not None else (None, None))
    through = reading.one("through")
    if through is not None and (through in funders or through in recipients):
        through = None
    evidence = ctx.evidence(*reading.sentence, "funding/" + reading.frame.frame.removeprefix("funding-")
                            + "/" + reading.clause.construction)
    date = reading.date
    if reading.distributive and len(funders) > 1:
        return [GrantFact(f, tuple(recipients), evidence, value, currency or ("EUR" if value else None),
                          through, date=date) for f in funders]
    total = reading.total or (len(funders) > 1 and reading.frame.frame == "funding-round")
    return [GrantFact(funders[0], tuple(recipients), evidence, value, currency or ("EUR" if value else None),
                      through, total=total, date=date, cofunders=tuple(funders[1:]))]

