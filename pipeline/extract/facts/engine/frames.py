"""Frames of ontology/frames.yaml matched against the clauses of one article.

`readings(ctx)` finds every trigger of every frame in the parse, reads its clause
through the engine (clauses.py), and binds the frame's slots: each slot takes the
entities of the first normalized position that has any (plural slots, such as
founders, take them all). A reading keeps the frame, the construction and the clause,
so a fact says which frame and which construction it was read through
("founding/purpose-clause").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ....records import EntityRef, PartialDate
from ..common import Context
from .amounts import Amount, find_amounts
from .clauses import Clause, Trigger, frames_data, lemmas, parse_trigger, read_clause, syntax
from .refs import Resolver

__all__ = ["FrameTrigger", "Reading", "readings", "frame_triggers"]

_PLURAL_SLOTS = {"founders", "members", "attendees", "cofunders"}
# slots a person or an organization may fill; the others want an organization
_EITHER_SLOTS = frozenset({"holder", "founders", "attendees", "speaker"})


@dataclass(frozen=True)
class FrameTrigger:
    frame: str
    fact: str
    trigger: Trigger
    slots: tuple[tuple[str, tuple[str, ...]], ...]
    requires: tuple[str, ...] = ()
    ended: bool = False
    post: str | None = None
    label: str | None = None
    sure: bool = False  # the trigger states the fact without the frame's extra check
    described: bool = False  # the founded thing must be called a company somewhere in the text
    creation: bool = False  # only in a sentence that speaks of a creation ("la création de X, enlevé par A")
    unless: tuple[str, ...] = ()  # positions that give the verb another sense ("intégrer X à Y")


@dataclass
class Reading:
    """A frame read from one clause: its slots bound to entities."""

    frame: FrameTrigger
    clause: Clause
    slots: dict[str, list[EntityRef]] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[PartialDate] = field(default_factory=list)
    sentence: tuple[int, int] = (0, 0)
    distributive: bool = False
    total: bool = False
    sources: dict[str, list[Any]] = field(default_factory=dict)  # slot -> the tokens it was read from

    @property
    def rule(self) -> str:
        return f"{self.frame.frame}/{self.clause.construction}"

    def one(self, slot: str) -> EntityRef | None:
        found = self.slots.get(slot)
        return found[0] if found else None

    @property
    def date(self) -> PartialDate | None:
        return self.dates[0] if len(set(self.dates)) == 1 else None

    @property
    def amount(self) -> tuple[Decimal, str | None] | None:
        units = [a for a in self.amounts if a[4]]
        if not units:
            return None
        return units[0][2], units[0][3]


@lru_cache(maxsize=1)
def frame_triggers() -> dict[str, list[FrameTrigger]]:
    """Head lemma -> the frame triggers it may start."""
    index: dict[str, list[FrameTrigger]] = {}
    for name, frame in frames_data()["frames"].items():
        defaults = frame.get("slots", {})
        for kind in ("verbs", "nouns"):
            for entry in frame.get(kind, ()):
                if isinstance(entry, str):
                    entry = {"trigger": entry}
                trigger = parse_trigger(entry["trigger"], kind[:-1])
                slots = entry.get("slots", defaults)
                found = FrameTrigger(
                    name, frame["fact"], trigger,
                    tuple((slot, tuple(positions)) for slot, positions in slots.items()),
                    tuple(entry.get("requires", ())), bool(frame.get("ended", False)),
                    entry.get("post"), entry.get("label", frame.get("label")), bool(entry.get("sure", False)),
                    bool(entry.get("described", False)), bool(entry.get("creation", False)),
                    tuple(entry.get("unless", ())),
                )
                index.setdefault(trigger.head, []).append(found)
    return index


def readings(ctx: Context, resolver: Resolver, facts: frozenset[str] | None = None) -> list[Reading]:
    """Every frame reading of the article, in text order; only the frames of the fact kinds
    in `facts` when given (the default build reads roles only through the frames)."""
    index = frame_triggers()
    # amounts only matter to the funding frames
    amounts = find_amounts(ctx.text) if facts is None or "grant" in facts else []
    out: list[Reading] = []
    for token in ctx.doc:
        forms = [*lemmas(token), token.lower_]
        if token.pos_ in ("NOUN", "ADJ") and token.lower_.endswith(("s", "x")):
            forms.append(token.lower_[:-1])  # a plural noun the lemmatizer read as a verb form ("associés")
        candidates = [c for form in dict.fromkeys(forms) for c in index.get(form, [])
                      if facts is None or c.fact in facts]
        for found in candidates:
            clause = read_clause(token, found.trigger)
            if clause is None:
                continue
            reading = _bind(ctx, resolver, found, clause, amounts)
            if reading is not None:
                out.append(reading)
    return out


def _bind(ctx: Context, resolver: Resolver, found: FrameTrigger, clause: Clause,
          amounts: list[Amount]) -> Reading | None:
    if any(position in clause.args for position in found.unless):
        return None
    sentence = ctx.sentence_of(clause.trigger.idx)
    reading = Reading(found, clause, sentence=sentence)
    # names first, then what points back ("lui", "la société"), which never stands for an
    # entity the clause names itself ("Bpifrance lui accorde": not Bpifrance)
    named = {t.i for ts in clause.args.values() for t in ts if resolver.named(t) is not None}
    named_refs = tuple(resolver.entity(t) for ts in clause.args.values() for t in ts if t.i in named)
    for slot, positions in found.slots:
        if positions == ("amount",):
            continue
        person = None if slot in _EITHER_SLOTS else False
        refs: list[EntityRef] = []
        for position in positions:
            tokens = clause.args.get(position, [])
            if not tokens:
                continue
            got = resolver.entities(tokens, person, tuple(r for r in named_refs if r is not None))
            got = [r for r in got if r not in refs]
            if not got:
                continue
            refs.extend(got)
            reading.sources.setdefault(slot, []).extend(tokens)
            if slot not in _PLURAL_SLOTS:
                break
        if refs:
            reading.slots[slot] = refs
    scope = list(clause.scope or [clause.trigger])
    trigger = clause.trigger
    if trigger.dep_ in ("acl", "acl:relcl") and (trigger.head.lemma_.lower() in syntax().carriers
                                                 or trigger.head.pos_ == "NUM"):
        # "75 millions d'euros chacun apportés par X": the amount the participle says of
        scope += [trigger.head, *(c for c in trigger.head.children if c.i < trigger.i)]
    elif trigger.dep_ == "acl" and trigger.head.lower_ in ("chacun", "chacune"):
        # "75 millions d'euros chacun apportés par X", the participle hung on "chacun": the
        # amount written right before it
        doc = trigger.doc
        scope += [trigger.head, *doc[max(trigger.head.sent.start, trigger.head.i - 4) : trigger.head.i]]
    lo = min(t.idx for t in scope)
    hi = max(t.idx + len(t.text) for t in scope)
    scope_starts = {t.idx for t in scope}
    reading.amounts = [a for a in amounts if lo <= a[0] < hi and any(a[0] <= s < a[1] for s in scope_starts)]
    # the amount the clause gives or receives (its object's, its "de"/"à hauteur de"/"avec"
    # argument's) comes before one said of something else in it ("Doté de 300 M€, X reçoit 100 M€")
    argument_starts = {t.idx for position, tokens in clause.args.items() if position in (
        "obj", "pp:de", "pp:à hauteur de", "pp:avec", "pp:pour", "pp:à") for head in tokens for t in head.subtree}
    argument_starts |= {t.idx for t in clause.trigger.subtree} if clause.trigger.pos_ == "NOUN" else set()
    reading.amounts.sort(key=lambda a: (not any(a[0] <= s < a[1] for s in argument_starts), a[0]))
    reading.dates = [d for s, e, d in ctx.dates_in(lo, hi) if any(s <= t < s + 12 for t in scope_starts)
                     and not _year_in_a_name(ctx.text, s, e)]
    if not reading.dates and any(t.lower_ == "même" and t.head.lemma_.lower() == "année" for t in scope):
        # "… jusqu'en 2019, X a fondé Y la même année": the last year written before, in the sentence
        years = [d for s, _, d in ctx.dates_in(sentence[0], clause.trigger.idx) if d.year is not None]
        if years:
            reading.dates = [PartialDate(years[-1].year)]
    words = {t.lower_ for t in scope}
    reading.distributive = bool(words & {"chacun", "chacune"})
    reading.total = bool({t.lower_ for t in scope} & {"total", "tout"}) and "au" in words
    for requirement in found.requires:
        if requirement == "amount" and reading.amount is None:
            return None
        if requirement.startswith("pp:"):
            # a position the clause must show ("compter parmi eux X": the "parmi" argument)
            if requirement not in clause.args:
                return None
        elif requirement not in ("amount", "organization-is-org") and requirement not in reading.slots:
            return None
        if requirement == "organization-is-org":
            org = reading.one("organization")
            if org is None or org.label == "PER":
                return None
    return reading


def _year_in_a_name(text: str, start: int, end: int) -> bool:
    """ "au titre de France 2030", "le plan Horizon 2020": a bare year right after a
    capitalized word is part of a name, not a date."""
    if not text[start:end].strip().isdigit():
        return False
    before = text[max(0, start - 30) : start].split()
    return bool(before) and before[-1][:1].isupper() and before[-1].isalpha() \
        and before[-1].lower() not in _BEFORE_A_YEAR


# words that open a date at a sentence start ("En 2016, …", "Depuis 2019, …")
_BEFORE_A_YEAR = frozenset({"en", "depuis", "dès", "début", "fin", "mi", "avant", "après", "vers", "courant",
                            "jusqu'en", "année", "été", "hiver", "printemps", "automne", "pour", "d'ici", "entre",
                            "et"})

