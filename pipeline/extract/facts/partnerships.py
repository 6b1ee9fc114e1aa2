"""Partnerships between organizations ("A a signé en mai 2014 un partenariat avec B").

Rule (evidence "partnerships.signed"): a subject organization (a name, or a
description such as "la SSII" standing for the last organization named), a
verb of concluding (signé, conclu, noué, officialisé...), an optional date, a
partnership noun and "avec" + the partners. What the partnership is about is
the first name after a purpose phrase ("pour", "lui permettant de",
"autour de", "portant sur"). Words are in triggers.yaml.

Rule (evidence "partnerships.allied"): the same subject, a reflexive verb of
joining forces ("s'est associé à", "s'allie avec", "fait alliance avec") and
the partners.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import EntityRef, PartnershipFact
from .common import Context, clause_subject, lexicon, words_pattern

__all__ = ["extract_partnerships"]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["partnership"]
    adverbs = words_pattern(lexicon("triggers")["funding"]["adverbs"])
    company = words_pattern(lexicon("organizations")["company_nouns"])
    flags = re.IGNORECASE
    return {
        "signed": re.compile(
            r"(?<![\wÀ-ÿ])(?P<aux>(?:a|ont|avait|avaient|vient\s+d['’]|viennent\s+d['’])\s+)?"
            rf"(?:{adverbs}\s+)?"
            rf"{words_pattern(trig['verbs'])}\s+(?P<when>[^,.;:«»()]{{0,30}}?\s+)?"
            r"(?:un|une|le|la|l['’]|son|sa|leur)\s*(?:nouvel(?:le)?\s+|vaste\s+|important\s+)?"
            rf"{words_pattern(trig['nouns'])}(?:\s+[\wÀ-ÿ]+)?\s+avec\s+",
            flags,
        ),
        "allied": re.compile(
            r"(?<![\wÀ-ÿ])(?:s['’]|se\s+)(?:(?:est|sont|était|étaient|sera|seront)\s+)?"
            rf"(?:{adverbs}\s+)?{words_pattern(trig['allied_verbs'])}\s+(?:{adverbs}\s+)?(?:à|avec)\s+",
            flags,
        ),
        "description": re.compile(rf"(?:la|le|l['’])\s*{company}(?:\s+[a-zà-ÿ]+)?\s*$", flags),
        "purpose": re.compile(
            r"(?<![\wÀ-ÿ])(?:pour|permettant|afin|autour|portant\s+sur|sur|concernant|visant)", flags
        ),
    }


def _subject(ctx: Context, sent: tuple[int, int], end: int) -> list[EntityRef]:
    before = ctx.text[sent[0] : end]
    refs = ctx.read_entity_list_backward(sent[0] + len(before.rstrip()), sent[0])
    if refs:
        return [r for r in refs if r.label != "PER"]
    subject = clause_subject(ctx, sent, end)  # "A, qui fédère 300 entreprises, a signé ..."
    if subject is not None:
        return [ctx.ref(subject)]
    described = _patterns()["description"].search(before.rstrip())
    if described is not None:
        antecedent = ctx.antecedent_organization(sent[0] + described.start())
        if antecedent is not None:
            return [ctx.ref(antecedent)]
    return []


def extract_partnerships(ctx: Context) -> list[PartnershipFact]:
    pats = _patterns()
    facts: list[PartnershipFact] = []
    for sent in ctx.sentences:
        matches = [(m, "partnerships.signed") for m in pats["signed"].finditer(ctx.text, *sent)]
        matches += [(m, "partnerships.allied") for m in pats["allied"].finditer(ctx.text, *sent)]
        for match, rule in matches:
            subject = _subject(ctx, sent, match.start())
            partners, stop = ctx.read_entity_list(match.end())
            partners = [p for p in partners if p.label != "PER"]
            if not subject or not partners:
                continue
            members = tuple(dict.fromkeys(subject + partners))
            if len(members) < 2:
                continue
            about = None
            purpose = pats["purpose"].search(ctx.text, stop, sent[1])
            if purpose is not None:
                after = [m for m in ctx.mentions_in(purpose.end(), sent[1]) if ctx.label_of(m) != "PER"]
                if after:
                    about = ctx.ref(after[0])
            date = None
            if "when" in match.re.groupindex and match["when"]:
                date = ctx.single_date(match.start("when"), match.end("when"))
            date = date or ctx.single_date(*sent)
            evidence = ctx.evidence(sent[0], sent[1], rule)
            facts.append(PartnershipFact(members, evidence, date, about))
    return facts
