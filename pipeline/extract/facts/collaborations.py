"""Memberships of consortia and projects, and their members leaving them.

Rules (evidence "collaborations.<name>"):
- leaving: "A a annoncé [fin 2013] son départ du consortium [X]", "A vient
  d'annoncer son retrait", "A a quitté le projet X": ended, dated by the
  words between subject and noun;
- members-list: "parmi les quatre « partenaires » (A, B, C et D)", "les
  membres du consortium X : A, B et C", "le consortium X, qui réunit A et B";
- joining: "A a rejoint le consortium X" (a done fact, not "pour rejoindre"), and the
  names that follow "tout comme" / "à l'instar de" joined it too.
A collaboration written without a name ("le projet", "ce consortium") is the
project the article is about. Trigger words are in triggers.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import CollaborationFact, EntityRef
from .common import Context, lexicon, words_pattern

__all__ = ["extract_collaborations"]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["collaboration"]
    orgs = lexicon("organizations")
    collab = words_pattern(orgs["collaboration_nouns"])
    members = words_pattern(orgs["member_nouns"])
    flags = re.IGNORECASE
    return {
        "leaving": re.compile(
            r"(?:\s*,[^,;:«»()]{1,90},)?"  # an incise: "Scaleway, la filiale cloud d'Iliad, a annoncé ..."
            r"\s+(?:(?:a|ont|avait|avaient)\s+|vient\s+d['’]\s*|viennent\s+d['’]\s*)?(?:[\wÀ-ÿ]+\s+){0,2}?"
            rf"{words_pattern(trig['announce'])}\s+(?P<when>[^,.;:«»()]{{0,30}}?\s+)?(?:son|leur)\s+"
            rf"{words_pattern(trig['leaving_nouns'])}(?![\wÀ-ÿ])",
            flags,
        ),
        "quit": re.compile(
            r"\s+(?:(?:a|ont|avait|avaient)\s+)?(?:quitté|quitte|quittent|claqué\s+la\s+porte\s+d[eu']?)\s*",
            flags,
        ),
        "of_collab": re.compile(
            rf"\s*(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*(?P<noun>{collab})?(?![\wÀ-ÿ])\s*", flags
        ),
        "the_collab": re.compile(rf"\s*(?:le|la|l['’]|ce|cette)\s*(?P<noun>{collab})(?![\wÀ-ÿ])\s*", flags),
        "among": re.compile(
            rf"(?:parmi\s+)?(?:les|ses|leurs)\s+(?:\d+\s+|[\wÀ-ÿ]+\s+)?[«\"“]?\s*{members}\s*[»\"”]?\s*"
            rf"(?:(?:du|de\s+la|de\s+l['’])\s*{collab}\s*)?(?:\(|:\s*|sont\s+)",
            flags,
        ),
        "composed": re.compile(
            r"\s*,?\s*(?:qui\s+)?(?:composée?\s+de|formée?\s+(?:de|par)|réunissant|regroupant|réunit|regroupe"
            r"|associant|associe)\s+",
            flags,
        ),
        "collab_name": re.compile(rf"(?<![\wÀ-ÿ]){collab}\s+", flags),
        "likewise": re.compile(
            r"\s*,?\s*(?:tout\s+comme|comme\s+l['’]avaient\s+fait|à\s+l['’]instar\s+d[eu']?)\s*", flags
        ),
        "joining": re.compile(
            rf"\s+{words_pattern(trig['joining_forms'])}\s+(?:(?:le|la|l['’])\s*(?P<noun>{collab})?\s*)?",
            flags,
        ),
    }


def _collaboration_after(ctx: Context, pos: int) -> tuple[EntityRef | None, int]:
    """The collaboration named at `pos` ("du consortium X", "du projet"), else the article's project."""
    pats = _patterns()
    match = pats["of_collab"].match(ctx.text, pos) or pats["the_collab"].match(ctx.text, pos)
    if match is None:
        return None, pos
    named = ctx.read_entity(match.end(), allow_description=False)
    if named is not None and named[0].label != "PER":
        return named[0], named[1]
    if match["noun"]:
        topic = ctx.topic_project
        return (ctx.ref(topic) if topic else None), match.end()
    return None, pos


def _leaving(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    pats = _patterns()
    facts = []
    for mention in ctx.mentions_in(*sent):
        if ctx.label_of(mention) == "PER":
            continue
        match = pats["leaving"].match(ctx.text, mention.end)
        if match is not None:
            collab, stop = _collaboration_after(ctx, match.end())
            if collab is None:
                topic = ctx.topic_project
                collab, stop = (ctx.ref(topic) if topic else None), match.end()
            end = ctx.single_date(mention.end, match.end())
        else:
            match = pats["quit"].match(ctx.text, mention.end)
            if match is None:
                continue
            collab, stop = _collaboration_after(ctx, match.end() - 1)
            if collab is None:
                continue
            end = ctx.single_date(*sent)
        if collab is None or collab == ctx.ref(mention):
            continue
        evidence = ctx.evidence(mention.start, stop, "collaborations.leaving")
        facts.append(CollaborationFact(ctx.ref(mention), collab, evidence, ended=True, end=end))
    return facts


def _members_list(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    pats = _patterns()
    facts = []
    for match in pats["among"].finditer(ctx.text, *sent):
        members, stop = ctx.read_entity_list(match.end())
        if len(members) < 2:
            continue
        named = re.search(r"(?:du|de\s+la|de\s+l['’])\s*\S+\s*$", ctx.text[match.start() : match.end()])
        collab = None
        if named:
            collab, _ = _collaboration_after(ctx, match.start() + named.start())
        if collab is None:
            topic = ctx.topic_project
            if topic is None or not pats["collab_name"].search(ctx.text, sent[0], sent[1]):
                continue
            collab = ctx.ref(topic)
        evidence = ctx.evidence(match.start(), stop, "collaborations.members-list")
        facts += [CollaborationFact(m, collab, evidence) for m in members if m != collab]
    for match in pats["collab_name"].finditer(ctx.text, *sent):
        named = ctx.read_entity(match.end(), allow_description=False)
        if named is None:
            continue
        composed = pats["composed"].match(ctx.text, named[1])
        if composed is None:
            continue
        members, stop = ctx.read_entity_list(composed.end())
        if len(members) < 2:
            continue
        evidence = ctx.evidence(match.start(), stop, "collaborations.members-list")
        facts += [CollaborationFact(m, named[0], evidence) for m in members if m != named[0]]
    return facts


def _joining(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    pats = _patterns()
    facts = []
    for mention in ctx.mentions_in(*sent):
        match = pats["joining"].match(ctx.text, mention.end)
        if match is None or ctx.label_of(mention) == "PER":
            continue
        named = ctx.read_entity(match.end(), allow_description=False)
        if named is not None and named[0].label != "PER":
            collab, stop = named
        elif match["noun"] and ctx.topic_project is not None:
            collab, stop = ctx.ref(ctx.topic_project), match.end()
        else:
            continue
        if collab == ctx.ref(mention):
            continue
        evidence = ctx.evidence(mention.start, stop, "collaborations.joining")
        facts.append(CollaborationFact(ctx.ref(mention), collab, evidence))
        # "A a rejoint X, tout comme B et C": the others joined it too
        likewise = pats["likewise"].match(ctx.text, stop)
        if likewise is not None:
            others, end = ctx.read_entity_list(likewise.end())
            evidence = ctx.evidence(mention.start, end, "collaborations.joining")
            facts += [CollaborationFact(o, collab, evidence) for o in others if o != collab and o.label != "PER"]
    return facts


def extract_collaborations(ctx: Context) -> list[CollaborationFact]:
    """One membership per (member, collaboration); a stated leaving wins over a bare membership."""
    facts: list[CollaborationFact] = []
    for sent in ctx.sentences:
        facts += _leaving(ctx, sent) + _members_list(ctx, sent) + _joining(ctx, sent)
    unique: dict[tuple, CollaborationFact] = {}
    for fact in facts:
        key = (fact.member, fact.collaboration)
        if key not in unique or (fact.ended and not unique[key].ended):
            unique[key] = fact
    return list(unique.values())
