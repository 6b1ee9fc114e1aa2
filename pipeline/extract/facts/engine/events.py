"""Meetings with their date and participants, read through the meeting frame ("A a
rencontré B", "A s'est entretenu avec B", "A et B ont été reçus par C": C organizes)."""

from __future__ import annotations

from ....records import EventFact
from ..common import Context
from .frames import Reading

__all__ = ["extract_events"]


def extract_events(ctx: Context, found: list[Reading]) -> list[EventFact]:
    facts: list[EventFact] = []
    for reading in found:
        if reading.frame.fact != "event" or reading.clause.negated or reading.clause.planned:
            continue
        attendees = [a for a in reading.slots.get("attendees", []) if a.label == "PER"]
        organizer = reading.one("organizer")
        if organizer is not None and organizer.label != "PER":
            organizer = None
        if len(attendees) + (organizer is not None) < 2:
            continue
        evidence = ctx.evidence(*reading.sentence, "meeting/" + reading.clause.construction)
        fact = EventFact(reading.frame.label or "rencontre", evidence, reading.date, tuple(attendees), organizer)
        if all(set(f.attendees) != set(fact.attendees) for f in facts):
            facts.append(fact)
    return facts
