"""Memberships of consortia and projects, and their members leaving them.

Rules (evidence "collaborations.<name>"):
- leaving: "A a annoncé [fin 2013] son départ du consortium [X]", "A vient
  d'annoncer son retrait", "A a quitté le projet X": ended, dated by the
  words between subject and noun;
- members-list: "parmi les quatre « partenaires » (A, B, C et D)", "les
  membres du consortium X : A, B et C", "le consortium X, qui réunit A et B";
- joining: "A [et B] a rejoint le consortium X" (a done fact, not "pour rejoindre"),
  with adverbs and a time around the verb ("a également adhéré cet été à X", "L'hébergeur
  a rejoint en mai l'association X … et fait partie du pôle Y"),
  "A y a adhéré" (the collaboration named before), and the names that follow "tout
  comme" / "à l'instar de" / "suivis par" joined it too;
- member-apposition: "A, membre du consortium X", "A et B, membres (fondateurs) du projet
  X"; "A n'est plus membre de l'alliance X depuis 2014" (ended, dated);
- part-of: "A, B et C font partie des membres fondateurs de X", "A est membre de X",
  with a description as subject ("L'éditeur faisait partie des membres d'X");
- leaving also reads "A quitte X" with a bare name when the article calls X a
  project or a consortium.
A collaboration written without a name ("le projet", "ce consortium") is the
project the article is about. Trigger words are in triggers.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import CollaborationFact, EntityRef
from .common import Context, lexicon, words_pattern

__all__ = ["extract_collaborations"]

# a time between a verb and its object: "cette année", "l'an dernier", "en 2021", "en mai", "fin 2021"
_TIME = (
    r"(?:cette\s+année|l['’]an\s+dernier|l['’]année\s+dernière|(?:cet|ce)\s+(?:été|automne|hiver|printemps|mois)"
    r"|(?:en|fin|début|depuis)\s+(?:\d{4}|[a-zéû]+(?:\s+\d{4})?))"
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["collaboration"]
    orgs = lexicon("organizations")
    collab = words_pattern(orgs["collaboration_nouns"])
    members = words_pattern(orgs["member_nouns"] + ["membre", "membres", "partenaire", "fondateur", "fondateurs"])
    adverbs = words_pattern(trig["adverbs"])
    bodies = words_pattern(orgs["body_nouns"])
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
            r"\s+(?:(?:a|ont|avait|avaient)\s+)?(?:quitté|quitte|quittent|claqué\s+la\s+porte\s+d[eu']?"
            r"|(?:s['’]|se\s+)(?:(?:est|sont|était|étaient)\s+)?(?:retirée?s?|retire|retirent)(?![\wÀ-ÿ]))\s*",
            flags,
        ),
        # "le projet X, ... dont A s'était retiré": "dont" is the collaboration named before
        "quit_whose": re.compile(
            r"(?<![\wÀ-ÿ])dont\s+$", flags
        ),
        "of_collab": re.compile(
            # an adjective may follow the noun: "du projet européen Gaia-X"
            rf"\s*(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*(?P<noun>{collab})?(?![\wÀ-ÿ])"
            r"(?:(?<=[\wÀ-ÿ])\s+[a-zà-ÿ-]+(?=\s+[A-ZÀ-Ý]))?\s*",
            flags,
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
            r"\s*,?\s*(?:tout\s+comme|comme\s+l['’]avaient\s+fait|à\s+l['’]instar\s+d[eu']?"
            r"|(?:[^,;:«»()]{0,40},\s*)?(?:suivie?s?\s+(?:par|de)|rejointe?s?\s+par))\s*",
            flags,
        ),
        "joining": re.compile(
            rf"\s+(?:(?P<there>y\s+(?:(?:a|ont|avait|avaient)\s+)?(?:adhéré|adhère|adhèrent|adhérait|adhéraient|"
            r"participé|participe|participent|sont\s+entrés|est\s+entrée?))(?![\wÀ-ÿ])|"
            # adverbs and a time may sit around the verb: "a également adhéré cet été à", "vient
            # d'ailleurs de rejoindre", "a rejoint en mai l'association X"
            rf"(?:(?:(?:a|ont|avait|avaient)\s+)?(?:{adverbs}\s+)*"
            rf"(?:{words_pattern(trig['joining_forms'] + trig['joining_verbs'])})"
            # an infinitive only in "vient de rejoindre" (not "la volonté de X de rejoindre")
            rf"|(?:vient|viennent)\s+(?:{adverbs}\s+)*(?:de\s+|d['’])"
            rf"(?:{words_pattern(trig['joining_infinitives'])}))\s+(?:{_TIME}\s+)?(?:(?:à|au)\s+)?"
            rf"(?:(?:le|la|l['’])\s*(?:(?P<noun>{collab})|{bodies})?\s*)?)",
            flags,
        ),
        # "… à X et fait partie du pôle Y", "X fait partie depuis février de la promotion Y"
        "part_of_direct": re.compile(
            rf"\s+(?:et\s+)?(?:fait|font|faisait|faisaient)\s+partie\s+(?:{_TIME}\s+)?"
            rf"(?:du|de\s+la|de\s+l['’]|d['’])\s*(?:{bodies}\s+|(?P<noun>{collab})\s+)?",
            flags,
        ),
        # "L'association compte désormais parmi ses membres A, B et C"
        "counts_among": re.compile(
            rf"\s*(?:,[^;:«»]{{1,160}},\s*)?(?:compte|comptait|comptent)\s+(?:{adverbs}\s+)?parmi\s+"
            rf"(?:ses|leurs|eux|elles)(?:\s+{members})?\s+",
            flags,
        ),
        # "A, membre (fondateur) du consortium X", "A et B, membres du projet européen X"
        "member_apposition": re.compile(
            r"\s*,\s*(?:(?:elle|lui|eux)\s+aussi\s+)?(?:membres?|adhérents?)(?:\s+fondateurs?)?\s+"
            r"(?=(?:du|de\s+la|de\s+l['’]|des|de|d['’]))",
            flags,
        ),
        # "A n'est plus membre de X depuis 2014"
        "no_longer": re.compile(
            r"\s+(?:n['’]est|ne\s+sont)\s+plus\s+(?:membres?|adhérents?)\s+(?=(?:du|de\s+la|de\s+l['’]|des|de|d['’]))",
            flags,
        ),
        # "A, B et C font partie des membres fondateurs de X", "A est membre du consortium X"
        "part_of": re.compile(
            r"\s+(?:(?:fait|font|faisait|faisaient|ont\s+fait|avait\s+fait|avaient\s+fait)"
            r"(?:\s+(?:pourtant|aussi|également|bien|déjà|toujours|encore|alors|ainsi))?\s+partie\s+des"
            rf"|(?:est|sont|était|étaient)(?:\s+(?:aussi|également|déjà|toujours))?)\s+{members}"
            r"(?:\s+(?:fondateurs?|historiques?|actifs?))?(?=\s*(?:du|de\s+la|de\s+l['’]|des|de|d['’]))",
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
            if collab is None and pats["quit_whose"].search(ctx.text, max(sent[0], mention.start - 8), mention.start):
                collab, stop = _last_collaboration(ctx, mention.start), match.end()
            if collab is None:
                # "Scaleway quitte Gaia-X": a bare name, when the article calls it a collaboration
                named = ctx.read_entity(match.end(), allow_description=False)
                if named is None or not _is_collaboration(ctx, named[0]):
                    continue
                collab, stop = named
            end = ctx.single_date(*sent)
        if collab is None or collab == ctx.ref(mention):
            continue
        evidence = ctx.evidence(mention.start, stop, "collaborations.leaving")
        facts.append(CollaborationFact(ctx.ref(mention), collab, evidence, ended=True, end=end))
    return facts


def _members_list(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    """ "les membres du consortium : A, B et C", "le consortium X, composé de A et B", "X compte
    parmi ses membres A et B"."""
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
    # "L'association, créée en 2020, compte désormais parmi ses membres A, B et C": the subject
    # (a name, or a description standing for one) has them as members
    opening = ctx.description_subject(sent) or ctx.opening_mention(sent)
    if opening is not None and ctx.label_of(opening) != "PER":
        match = pats["counts_among"].match(ctx.text, opening.end, sent[1])
        if match is not None:
            members, stop = ctx.read_entity_list(match.end())
            collab = ctx.ref(opening)
            if not _is_collaboration(ctx, collab):
                members = []  # "L'association … compte parmi ses membres": only a body the text calls one
            evidence = ctx.evidence(opening.start, stop, "collaborations.members-list")
            facts += [CollaborationFact(m, collab, evidence) for m in members if m != collab and m.label != "PER"]
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


def _is_collaboration(ctx: Context, ref: EntityRef) -> bool:
    """The article calls this name a project or a consortium somewhere ("le consortium X",
    "X, un projet …"), or it is the project the article is about."""
    nouns = words_pattern(lexicon("organizations")["collaboration_nouns"] + ["association"])
    topic = ctx.topic_project
    if topic is not None and ctx.ref(topic) == ref:
        return True
    for mention in ctx.mentions:
        if ctx.ref(mention) != ref:
            continue
        before = ctx.text[max(0, mention.start - 40) : mention.start]
        after = ctx.text[mention.end : mention.end + 40]
        if re.search(rf"(?<![\wÀ-ÿ]){nouns}\s+(?:[a-zà-ÿ-]+\s+)?$", before, re.I) or re.match(
            rf"\s*,\s*(?:un|une|le|la|l['’])\s*(?:[a-zà-ÿ-]+\s+)?{nouns}(?![\wÀ-ÿ])", after, re.I
        ):
            return True
    return False


def _last_collaboration(ctx: Context, pos: int) -> EntityRef | None:
    """What "y" stands for in "A y a adhéré": the last collaboration named before."""
    for mention in sorted(ctx.mentions_in(max(0, pos - 600), pos), key=lambda m: -m.start):
        if ctx.label_of(mention) != "PER" and _is_collaboration(ctx, ctx.ref(mention)):
            return ctx.ref(mention)
    return None


def _part_of(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    """ "A, B et C font partie des membres fondateurs de X", "L'éditeur faisait partie des
    membres d'X" (a description: the organization the sentences before are about)."""
    pats = _patterns()
    facts = []
    for match in pats["part_of"].finditer(ctx.text, *sent):
        collab, stop = _collaboration_after(ctx, match.end())
        if collab is None:
            continue
        members = [m for m in ctx.read_entity_list_backward(match.start(), sent[0]) if m.label != "PER"]
        if not members:
            described = ctx.description_subject(sent)
            if described is not None and re.fullmatch(r"[^,;:«»()]{0,60}", ctx.text[described.end : match.start()]):
                members = [ctx.ref(described)]
        evidence = ctx.evidence(sent[0], stop, "collaborations.part-of")
        facts += [CollaborationFact(m, collab, evidence) for m in members if m != collab]
        likewise = pats["likewise"].match(ctx.text, stop)
        if likewise is not None:
            others, end = ctx.read_entity_list(likewise.end())
            evidence = ctx.evidence(sent[0], end, "collaborations.part-of")
            facts += [CollaborationFact(o, collab, evidence) for o in others if o != collab and o.label != "PER"]
    return facts


def _member_apposition(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    """ "Gandi, membre du consortium Equinoxe", "OVHcloud et Orange, membres du consortium X";
    "Ikoula n'est plus membre de l'alliance X depuis 2014" (ended, dated)."""
    pats = _patterns()
    facts = []
    for mention in ctx.mentions_in(*sent):
        if ctx.label_of(mention) == "PER":
            continue
        ended = False
        match = pats["member_apposition"].match(ctx.text, mention.end)
        if match is None:
            match = pats["no_longer"].match(ctx.text, mention.end)
            ended = match is not None
        if match is None:
            continue
        collab, stop = _collaboration_after(ctx, match.end())
        if collab is None or (not ended and not _is_collaboration(ctx, collab) and not re.search(
                words_pattern(lexicon("organizations")["collaboration_nouns"] + ["association", "alliance"]),
                ctx.text[match.end() : stop], re.I)):
            continue
        members = ctx.read_entity_list_backward(mention.end, sent[0]) or [ctx.ref(mention)]
        end = None
        if ended:
            since = re.match(r"\s+depuis\s+(?:\S+\s+){0,2}?\d{4}", ctx.text[stop:])
            end = ctx.single_date(stop, stop + since.end()) if since else None
        evidence = ctx.evidence(mention.start, stop, "collaborations.member-apposition")
        facts += [CollaborationFact(m, collab, evidence, ended=ended, end=end)
                  for m in members if m != collab and m.label != "PER"]
    return facts


def _joining(ctx: Context, sent: tuple[int, int]) -> list[CollaborationFact]:
    pats = _patterns()
    facts = []
    # "L'hébergeur a rejoint …": a description opening the sentence joins for the organization it names
    described = ctx.description_subject(sent)
    subjects_here = ctx.mentions_in(*sent) + ([described] if described is not None else [])
    for mention in subjects_here:
        match = pats["joining"].match(ctx.text, mention.end)
        if match is None or ctx.label_of(mention) == "PER":
            continue
        if match["there"]:  # "A et B y ont adhéré": the collaboration named before
            collab, stop = _last_collaboration(ctx, mention.start), match.end()
            if collab is None:
                continue
        else:
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
        # "A et B ont rejoint X": every subject joined
        subjects = (mention is not described and ctx.read_entity_list_backward(mention.end, sent[0])) or [
            ctx.ref(mention)
        ]
        facts += [CollaborationFact(s, collab, evidence) for s in subjects if s != collab and s.label != "PER"]
        # "… à X, le groupement des …, et fait partie du pôle Y": the same subjects belong to Y
        rest = re.compile(r"(?:\s*,[^;:«»()]{1,120}?,)?").match(ctx.text, stop, sent[1])
        part = pats["part_of_direct"].match(ctx.text, rest.end() if rest else stop, sent[1])
        if part is not None:
            other = ctx.read_entity(part.end(), allow_description=False)
            if other is not None and other[0].label != "PER":
                evidence = ctx.evidence(mention.start, other[1], "collaborations.joining")
                facts += [CollaborationFact(s, other[0], evidence) for s in subjects
                          if s != other[0] and s.label != "PER"]
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
        facts += _leaving(ctx, sent) + _members_list(ctx, sent) + _joining(ctx, sent) + _part_of(ctx, sent)
        facts += _member_apposition(ctx, sent)
    unique: dict[tuple, CollaborationFact] = {}
    for fact in facts:
        key = (fact.member, fact.collaboration)
        if key not in unique or (fact.ended and not unique[key].ended):
            unique[key] = fact
    return list(unique.values())
