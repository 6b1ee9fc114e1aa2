"""Events: meetings with their date and participants.

Rules (evidence "events.<name>"):
- meeting: "A et B se sont entretenus, le 3 mars, avec C" / "A a rencontré C":
  the persons named before the verb in the clause and the first person after;
- received: "A et B ont été reçus par C": C is the organizer.
Two readings of the same meeting (same participants) are merged, keeping the
date one of them states. Verb forms and event names are in triggers.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import EntityRef, EventFact
from .common import Context, lexicon, norm, words_pattern

__all__ = ["extract_events"]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["event"]
    flags = re.IGNORECASE
    return {
        "meeting": re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['meeting_forms'])}(?![\wÀ-ÿ])", flags),
        "received": re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['received_forms'])}\s+par\s+", flags),
    }


def _name(verb: str) -> str:
    names = lexicon("triggers")["event"]["names"]
    last = norm(verb).split()[-1]
    return names.get(last, last)


def _persons_before(ctx: Context, sent: tuple[int, int], end: int) -> list[EntityRef]:
    return list(dict.fromkeys(ctx.ref(m) for m in ctx.persons_in(sent[0], end)))


def extract_events(ctx: Context) -> list[EventFact]:
    pats = _patterns()
    facts: list[EventFact] = []
    for sent in ctx.sentences:
        date = ctx.single_date(*sent)
        for match in pats["meeting"].finditer(ctx.text, *sent):
            before = _persons_before(ctx, sent, match.start())
            if not before and not re.match(r"\s*(?:ont|a)\s", ctx.text[match.start() :]):
                continue
            after = re.compile(r"[^.;]{0,80}?\bavec\s+").match(ctx.text, match.end())
            start = after.end() if after else match.end()
            others = ctx.persons_in(start, min(sent[1], start + 100))
            if not before or not others:
                continue
            attendees = tuple(dict.fromkeys(before + [ctx.ref(others[0])]))
            evidence = ctx.evidence(sent[0], sent[1], "events.meeting")
            facts.append(EventFact(_name(match.group()), evidence, date, attendees))
        for match in pats["received"].finditer(ctx.text, *sent):
            guests = _persons_before(ctx, sent, match.start())
            host = ctx.read_entity(match.end(), allow_description=False)
            if not guests or host is None:
                continue
            evidence = ctx.evidence(sent[0], sent[1], "events.received")
            facts.append(
                EventFact(
                    _name(match.group().split(" par")[0]),
                    evidence,
                    date,
                    tuple(dict.fromkeys(guests + [host[0]])),
                    host[0],
                )
            )
    return _merged(facts)


def _merged(facts: list[EventFact]) -> list[EventFact]:
    """One event per set of participants: the dated reading, with the organizer any reading names."""
    groups: dict[frozenset, list[EventFact]] = {}
    for fact in facts:
        groups.setdefault(frozenset(fact.attendees), []).append(fact)
    merged = []
    for group in groups.values():
        best = max(group, key=lambda f: f.date is not None)
        organizer = best.organizer or next((f.organizer for f in group if f.organizer), None)
        merged.append(EventFact(best.label, best.evidence, best.date, best.attendees, organizer))
    return merged
