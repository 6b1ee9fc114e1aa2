"""Foundings (an organization created by others or out of a project), acquisitions, mergers.

Rules (evidence "foundings.<name>" / "changes.<name>"):
- joint-venture: "la co-entreprise X de A et B", "la filiale commune X de A-B", "X, filiale
  commune d'A et de B";
- active: "A [et B] a fondé / lançait / a créé X", "A, qui a fondé X" — a verb whose
  spaCy lemma is in the lexicon; lancer/créer/monter also make products, so they need
  the created name to be described as a company ("X, une entreprise ...",
  "la société X") and an organization as subject; with fonder/cofonder a person may
  found, and "l'entreprise" as object is the organization the article is about;
- passive: "X, créée par A et B", "X a été fondée par A", "X, la coentreprise créée par A
  et B"; persons are founders only with fonder/cofonder/créer; the participles of winning ("X enlevé par A
  et B", "remporté par") only where the sentence speaks of a creation;
- fronted: "Fondée en 2015 par A et B, X emploie ..." (a name, or a description of the
  organization the sentences before are about, must follow);
- origin: "le projet P a débouché sur la création de X et Y" (or of "deux
  sociétés" named next), "X est l'une des sociétés issues du projet P" -> X (and Y)
  came out of P;
- initiative: "X a vu le jour à l'initiative d'A et de B" -> A and B founded X;
- changes.acquisition: "A a racheté B", "le rachat de B par A";
- changes.merger: "la fusion de A et B, qui a donné naissance à C".
A founding is dated only when its sentence states exactly one date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import ChangeFact, EntityRef, FoundingFact, Mention
from .common import Context, lexicon, norm, words_pattern

__all__ = ["extract_foundings", "extract_changes"]

# co-founders after the founded name or the founders: "… avec Y", "… aux côtés de Y", maybe after
# a time ("a fondé Lumio la même année avec Y")
_PARTNERS = re.compile(
    r"(?:\s+(?:la\s+même\s+année|l['’]année\s+suivante|en\s+\d{4}|en\s+[a-zéû]+\s+\d{4}))?"
    r"\s+(?:avec|aux\s+côtés\s+d[eu']?)\s*"
)

_AUX = (
    r"(?:(?:a|ont|avait|avaient|aura|auront|vient\s+d['’]|viennent\s+d['’]|va|vont)\s+)?"
    r"(?:(?:déjà|ainsi|notamment|aussi|également|récemment|alors)\s+)?"
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["founding"]
    company = words_pattern(lexicon("organizations")["company_nouns"])
    flags = re.IGNORECASE
    return {
        "jv": re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['joint_venture_nouns'])}\s+", flags),
        # "X, la coentreprise de A et de B", "X, filiale commune d'A et de B"
        "jv_after": re.compile(
            rf"\s*,\s*(?:(?:la|une|sa|leur)\s+)?{words_pattern(trig['joint_venture_nouns'])}\s+"
            r"(?:(?:formée?|créée?|détenue?|constituée?)\s+par\s+|de\s+|d['’]\s*|entre\s+)",
            flags,
        ),
        "jv_link": re.compile(
            r"\s*,?\s*(?:(?:formée?|créée?|détenue?|constituée?)\s+par\s+|de\s+|d['’]\s*|entre\s+)", flags
        ),
        "passive": re.compile(
            rf"\s*,?\s*(?:(?P<described>(?:la|le|l['’]|une|un|cette|ce)\s*(?:[a-zà-ÿ-]+\s+)?{company})\s+"
            rf"(?:[a-zà-ÿ-]+\s+){{0,3}}?|(?:sa|son|leur|une|un)\s+[a-zà-ÿ-]+\s+)?"
            r"(?:(?:a|ont|avait|avaient)\s+été\s+|(?:est|sont|était|étaient)\s+)?"
            rf"(?P<part>{words_pattern(trig['passive_participles'] + trig['winning_participles'])})"
            # a place and a date may come before "par": "fondé à Roubaix en 1999 par"
            rf"\s+(?:à\s+[A-ZÀ-Ý][\wÀ-ÿ'’-]+(?:[\s-][A-ZÀ-Ý][\wÀ-ÿ'’-]+)?\s+)?"
            rf"(?:(?:(?:en|dès|fin|début|le)\s+(?:[\wÀ-ÿ.]+\s+){{0,2}}?\d{{4}}|conjointement|notamment)\s+)?par\s+",
            flags,
        ),
        "fronted": re.compile(
            rf"\s*(?P<part>{words_pattern(trig['sure_participles'])})\s+(?P<when>(?:en|dès|fin|début)\s+\d{{4}}\s+)?"
            # a place may come before "par": "Fondée en 2008 à Rennes par …"
            r"(?:à\s+[A-ZÀ-Ý][\wÀ-ÿ'’-]+(?:[\s-][A-ZÀ-Ý][\wÀ-ÿ'’-]+)?\s+)?"
            r"par\s+",
            flags,
        ),
        "creation": re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['creation_nouns'])}(?![\wÀ-ÿ])", flags),
        # "X a vu le jour à l'initiative d'A et de B", "X est née sous l'impulsion de A"
        "initiative": re.compile(
            r"\s+(?:a\s+vu\s+le\s+jour|ont\s+vu\s+le\s+jour|est\s+née?|sont\s+nées?|(?:a|ont)\s+été\s+"
            rf"{words_pattern(trig['passive_participles'])})\s+(?:[\wÀ-ÿ]+\s+){{0,3}}?"
            r"(?:à\s+l['’]initiative|sous\s+l['’]impulsion)\s+(?=d)",
            flags,
        ),
        # "X est l'une des deux sociétés issues du projet P", "X, issue du consortium P"
        "issued": re.compile(
            rf"(?<![\wÀ-ÿ])issue?s?\s+(?:du|de\s+la|de\s+l['’]|des)\s*(?:{words_pattern(lexicon('organizations')['collaboration_nouns'])}\s+)?",
            flags,
        ),
        "described_after": re.compile(
            rf"\s*,\s*(?:une|un|la|le|sa|son|leur)\s+(?:[\wÀ-ÿ-]+\s+)?{company}(?![\wÀ-ÿ])", flags
        ),
        "described_before": re.compile(
            rf"(?:la|le|l['’]|une|un|sa|son|leur)\s*(?:[\wÀ-ÿ-]+\s+)?{company}\s*$", flags
        ),
        "origin": re.compile(
            r"(?:débouch\w*|donn\w*\s+naissance|about\w*|conduit|mené)\s+(?:[\wÀ-ÿ]+\s+){0,3}(?:sur|à)\s+"
            rf"(?:la\s+)?{words_pattern(trig['creation_nouns'])}\s+(?:de\s+|d['’]\s*)",
            flags,
        ),
        "acquired": re.compile(
            r"\s+" + _AUX + r"(?:racheté|rachète|rachetait|acquis|acquiert|absorbé|absorbe)\s+", flags
        ),
        "acquisition_noun": re.compile(
            r"(?<![\wÀ-ÿ])(?:rachat|acquisition|absorption)\s+(?:de\s+|d['’]\s*|du\s+)", flags
        ),
        "merger": re.compile(r"(?<![\wÀ-ÿ])fusion\s+(?:de\s+|d['’]\s*|entre\s+)", flags),
        "merger_result": re.compile(
            r"\s*,?\s*(?:qui\s+(?:a|ont)\s+donné\s+naissance\s+à|pour\s+(?:former|donner\s+naissance\s+à|créer)"
            r"|donnant\s+naissance\s+à|a\s+donné)\s+",
            flags,
        ),
    }


def _split_pair(ctx: Context, ref: EntityRef) -> list[EntityRef]:
    """ "A-B" written as one name after a joint-venture noun: the two founders."""
    parts = ref.name.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() for p in parts):
        return [ref]
    return [_known_or_new(ctx, p) for p in parts]


def _known_or_new(ctx: Context, name: str) -> EntityRef:
    known = {m.text: m for m in ctx.mentions}
    return ctx.ref(known[name]) if name in known else EntityRef(name, "ORG")


def _raw_names(ctx: Context, pos: int) -> tuple[list[EntityRef], int]:
    """Capitalized names "A et B" at `pos` that no mention covers (inside a glued span)."""
    name = re.compile(r"[A-Z][\w&-]*(?: [A-Z][\w&-]*)*")
    refs: list[EntityRef] = []
    while True:
        tagged = ctx.read_entity(pos, allow_description=False)
        match = name.match(ctx.text, pos)
        if tagged is not None:
            refs.append(tagged[0])
            pos = tagged[1]
        elif match is not None:
            refs.append(_known_or_new(ctx, match.group()))
            pos = match.end()
        else:
            break
        sep = re.compile(r"\s+et\s+|\s*,\s*").match(ctx.text, pos)
        if sep is None:
            break
        pos_next = sep.end()
        if not name.match(ctx.text, pos_next):
            break
        pos = pos_next
    return refs, pos


def _joint_venture(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    pats = _patterns()
    facts = []
    for match in pats["jv"].finditer(ctx.text, *sent):
        if re.match(r"(?:de|du|des|d['’]|entre)(?![\wÀ-ÿ])", ctx.text[match.end() :], re.I):
            continue  # "filiale commune de A, de B et de C": parents named after the noun, not a name
        org = ctx.read_entity(match.end(), allow_description=False)
        if org is None:
            continue
        glued = re.fullmatch(r"(?P<org>\S.*?)\s+(?P<link>de\s+|d['’]\s*)(?P<rest>[A-Z].*)", org[0].name)
        if glued is not None and ctx.text.startswith(org[0].name, match.end()):
            # the tagger glued "X de A" into one name: read X, then the founders from A on
            cut = match.end() + glued.start("link") - 1
            org = (_known_or_new(ctx, glued["org"]), cut)
        link = pats["jv_link"].match(ctx.text, org[1])
        if link is None:
            continue
        founders, stop = ctx.read_entity_list(link.end())
        if not founders:
            founders, stop = _raw_names(ctx, link.end())
        if len(founders) == 1 and ctx.text.startswith("-", stop):
            # "de SFR-Bull" where each half is its own mention: the two founders
            partner = ctx.read_entity(stop + 1, allow_description=False)
            if partner is not None:
                founders, stop = [founders[0], partner[0]], partner[1]
        if len(founders) == 1:
            founders = _split_pair(ctx, founders[0])
        founders = [f for f in founders if f != org[0]]
        if len(founders) < 2:
            continue
        evidence = ctx.evidence(match.start(), stop, "foundings.joint-venture")
        facts.append(FoundingFact(org[0], tuple(founders), evidence, ctx.single_date(*sent)))
    return facts


def _joint_venture_after(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    """ "Bleu, filiale commune d'Orange et de Capgemini", "S3NS, la coentreprise de Thales et de
    Google Cloud": the joint venture named first, its parents after the noun."""
    facts = []
    described = ctx.description_subject(sent)  # "La société, filiale commune de A et de B, …"
    for mention in ctx.mentions_in(*sent) + ([described] if described is not None else []):
        match = _patterns()["jv_after"].match(ctx.text, mention.end)
        if match is None or ctx.label_of(mention) == "PER":
            continue
        founders, stop = ctx.read_entity_list(match.end())
        founders = [f for f in founders if f != ctx.ref(mention) and f.label != "PER"]
        if len(founders) < 2:
            continue
        evidence = ctx.evidence(mention.start, stop, "foundings.joint-venture")
        facts.append(FoundingFact(ctx.ref(mention), tuple(founders), evidence, ctx.single_date(*sent)))
    return facts


def _described_as_company(ctx: Context, mention: Mention) -> bool:
    """The article calls this name a company somewhere ("X, une entreprise …", "la jeune
    pousse rennaise X"), at this mention or another of the same entity."""
    pats = _patterns()
    for other in [mention] + [m for m in ctx.mentions if m.cluster == mention.cluster and m is not mention]:
        before = ctx.text[max(0, other.start - 40) : other.start]
        if pats["described_after"].match(ctx.text, other.end) or pats["described_before"].search(before):
            return True
    return False


def _active(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    trig = lexicon("triggers")["founding"]
    facts = []
    span = ctx.doc.char_span(sent[0], sent[1], alignment_mode="expand")
    if span is None:
        return facts
    for token in span:
        if token.lemma_.lower() not in trig["active_lemmas"] or token.pos_ not in ("VERB", "AUX"):
            continue
        verb_start, verb_end = token.idx, token.idx + len(token.text)
        sure = token.lemma_.lower() in trig["sure_lemmas"]
        aux = re.search(_AUX + r"$", ctx.text[sent[0] : verb_start])
        subject_end = sent[0] + (aux.start() if aux else verb_start - sent[0])
        relative = re.search(r"\s*,\s*qui\s*$", ctx.text[sent[0] : subject_end])  # "A, qui a fondé X"
        if relative is not None:
            subject_end = sent[0] + relative.start()
        founders = ctx.read_entity_list_backward(subject_end, sent[0])
        # persons found companies; they "launch" or "create" products as often as companies
        founders = [f for f in founders if sure or f.label != "PER"]
        if not founders:
            continue
        obj = re.compile(
            # a day or an adverb may come before the object: "ont lancé mercredi la coentreprise X"
            r"\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|officiellement|conjointement"
            r"|ensemble|récemment|aujourd['’]hui|en\s+\d{4})\s+)?"
            r"(?:(?:la|le|l['’]|une|un|sa|son|leur)\s*(?:[\wÀ-ÿ-]+\s+){0,2})?"
        ).match(ctx.text, verb_end)
        created = None
        for mention in ctx.mentions_in(verb_end, min(sent[1], verb_end + 60)):
            if obj and mention.start <= obj.end() + 1:
                created = mention
            break
        if created is None and sure:
            # "Laurent Seror, qui avait fondé l'entreprise en 2010": the company the article is about
            described = ctx.description_subject((verb_end + 1, sent[1]))
            if described is not None and re.fullmatch(r"\s*", ctx.text[verb_end : described.start]):
                created = described
        if created is None or ctx.ref(created) in founders:
            continue
        partners = _PARTNERS.match(ctx.text, created.end)
        if partners is not None:
            more, _ = ctx.read_entity_list(partners.end())
            # "X a fondé Lumio la même année avec Y": a person founds with persons too
            founders += [f for f in more if (sure or f.label != "PER") and f not in founders]
        if not sure and not _described_as_company(ctx, created):
            continue
        evidence = ctx.evidence(sent[0], sent[1], "foundings.active")
        facts.append(FoundingFact(ctx.ref(created), tuple(founders), evidence, ctx.single_date(*sent)))
    return facts


def _passive(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    pats = _patterns()
    trig = lexicon("triggers")["founding"]
    facts = []
    described = ctx.description_subject(sent)  # "La société, fondée par X en 1999, annonce …"
    for mention in ctx.mentions_in(*sent) + ([described] if described is not None else []):
        match = pats["passive"].match(ctx.text, mention.end)
        if match is None:
            continue
        founders, stop = ctx.read_entity_list(match.end())
        partners = _PARTNERS.match(ctx.text, stop)  # "S3NS, créée par Thales avec Google"
        if founders and partners is not None:
            more, more_stop = ctx.read_entity_list(partners.end())
            if more:
                founders, stop = founders + [f for f in more if f not in founders], more_stop
        # persons found companies ("fondée par Marie Durand"); they do not "win" or "launch" them
        sure = norm(match["part"]) in {norm(w) for w in trig["sure_participles"]}
        founders = [f for f in founders if (sure or f.label != "PER") and f != ctx.ref(mention)]
        if not founders:
            continue
        winning = norm(match["part"]) in {norm(w) for w in trig["winning_participles"]}
        in_creation = bool(pats["creation"].search(ctx.text, sent[0], mention.start))
        if winning and not in_creation:
            continue
        if not winning and not (
            in_creation or match["described"] or _described_as_company(ctx, mention) or ctx.label_of(mention) == "ORG"
            or mention.source == "description"  # "La société, fondée par …": described by its own words
        ):
            continue
        evidence = ctx.evidence(mention.start, stop, "foundings.passive")
        facts.append(FoundingFact(ctx.ref(mention), tuple(founders), evidence, ctx.single_date(*sent)))
    return facts


def _initiative(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    """ "La société X a vu le jour à l'initiative d'Orange et de Thales": the initiators found X."""
    facts = []
    for mention in ctx.mentions_in(*sent):
        match = _patterns()["initiative"].match(ctx.text, mention.end)
        if match is None or ctx.label_of(mention) == "PER":
            continue
        founders, stop = ctx.read_entity_list(match.end())
        founders = [f for f in founders if f != ctx.ref(mention)]
        if not founders:
            continue
        evidence = ctx.evidence(mention.start, stop, "foundings.initiative")
        facts.append(FoundingFact(ctx.ref(mention), tuple(founders), evidence, ctx.single_date(*sent)))
    return facts


def _issued(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    """ "X est l'une des deux sociétés issues du projet P": X came out of P (the subject of
    the sentence, or the name the participle follows)."""
    facts = []
    for match in _patterns()["issued"].finditer(ctx.text, *sent):
        source = ctx.read_entity(match.end(), allow_description=False)
        if source is None or source[0].label == "PER":
            continue
        subject = ctx.opening_mention(sent)
        before = ctx.mentions_in(sent[0], match.start())
        follows = before and re.fullmatch(r"\s*,\s*", ctx.text[before[-1].end : match.start()])
        created = before[-1] if follows else subject
        if created is None or ctx.label_of(created) == "PER" or ctx.ref(created) == source[0]:
            continue
        evidence = ctx.evidence(created.start, source[1], "foundings.origin")
        facts.append(FoundingFact(ctx.ref(created), (), evidence, ctx.single_date(*sent), origin=source[0]))
    return facts


def _fronted(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    """ "Fondée en 2015 par A et B, Lumio emploie ...": the participle opens the sentence and
    the founded name follows the founders, or a description ("l'entreprise") of the
    organization the sentences before are about."""
    match = _patterns()["fronted"].match(ctx.text, sent[0], sent[1])
    if match is None or not ctx.text[match.start("part")].isupper():
        return []
    founders, stop = ctx.read_entity_list(match.end())
    comma = re.compile(r"\s*,\s*").match(ctx.text, stop)
    if not founders or comma is None:
        return []
    org = ctx.read_entity(comma.end(), allow_description=False)
    if org is None:
        # an apposition after the founders: "Créée en 2009 par A, ancien ingénieur de B, elle emploie"
        apposition = re.compile(r"\s*,\s*[a-zà-ÿ][^,;:«».()]{0,80},\s*").match(ctx.text, stop, sent[1])
        if apposition is not None and re.match(r"(?:elle|il)\s", ctx.text[apposition.end() :]):
            comma = apposition
    if org is None and re.match(r"(?:elle|il)\s", ctx.text[comma.end() :]):
        salient = ctx.salient_organization(sent[0])
        if salient is not None:
            org = (ctx.ref(salient), comma.end() + 2)
    if org is None:
        # "Fondée en 2019 par A et B, l'entreprise compte ...": the organization the
        # sentences before are about
        described = ctx.description_subject((comma.end(), sent[1]))
        if described is not None and described.start == comma.end():
            org = (ctx.ref(described), described.end)
    if org is None or org[0].label == "PER" or org[0] in founders:
        return []
    date = ctx.single_date(match.start("when"), match.end("when")) if match["when"] else None
    evidence = ctx.evidence(match.start("part"), org[1], "foundings.fronted")
    return [FoundingFact(org[0], tuple(founders), evidence, date)]


def _origin(ctx: Context, sent: tuple[int, int]) -> list[FoundingFact]:
    from .money import _count_word  # the counted-description reader is shared with money

    pats = _patterns()
    facts = []
    for match in pats["origin"].finditer(ctx.text, *sent):
        source = ctx.last_mention_before(match.start(), ("ORG", "MISC", "LOC"), sent[0])
        if source is None:
            continue
        created, stop = ctx.read_entity_list(match.end())
        if not created:
            count = _count_word(ctx.text[match.end() : match.end() + 60])
            if count is None:
                continue
            following = [
                m
                for m in ctx.mentions_in(match.end(), min(len(ctx.text), match.end() + 250))
                if ctx.label_of(m) != "PER" and m.cluster != source.cluster
                and m.text not in ("État", "Etat") and not m.text.startswith("gouvernement")  # not the state
            ]
            created = list(dict.fromkeys(ctx.ref(m) for m in following))[:count]
            if len(created) != count:
                continue
            stop = max(m.end for m in following if ctx.ref(m) in created)
        evidence = ctx.evidence(source.start, stop, "foundings.origin")
        for org in created:
            if org != ctx.ref(source):
                facts.append(FoundingFact(org, (), evidence, ctx.single_date(*sent), origin=ctx.ref(source)))
    return facts


def extract_foundings(ctx: Context) -> list[FoundingFact]:
    """Every founding the article states; one fact per (organization, founders, origin)."""
    facts: list[FoundingFact] = []
    for sent in ctx.sentences:
        facts += _joint_venture(ctx, sent) + _active(ctx, sent) + _passive(ctx, sent) + _origin(ctx, sent)
        facts += _fronted(ctx, sent) + _initiative(ctx, sent) + _issued(ctx, sent) + _joint_venture_after(ctx, sent)
    unique: dict[tuple, FoundingFact] = {}
    for fact in facts:
        unique.setdefault((fact.organization, fact.founders, fact.origin), fact)
    return list(unique.values())


def extract_changes(ctx: Context) -> list[ChangeFact]:
    """Acquisitions ("A a racheté B", "le rachat de B par A") and named mergers."""
    pats = _patterns()
    facts: list[ChangeFact] = []
    for sent in ctx.sentences:
        date = ctx.single_date(*sent)
        for mention in ctx.mentions_in(*sent):
            match = pats["acquired"].match(ctx.text, mention.end)
            if match is None:
                continue
            target = ctx.read_entity(match.end(), allow_description=False)
            if target is None or target[0].label == "PER" or ctx.label_of(mention) == "PER":
                continue
            evidence = ctx.evidence(mention.start, target[1], "changes.acquisition")
            facts.append(ChangeFact("acquisition", (target[0],), ctx.ref(mention), evidence, date))
        for match in pats["acquisition_noun"].finditer(ctx.text, *sent):
            target = ctx.read_entity(match.end(), allow_description=False)
            if target is None:
                continue
            by = re.compile(r"\s+par\s+").match(ctx.text, target[1])
            buyer = ctx.read_entity(by.end(), allow_description=False) if by else None
            if buyer is None or buyer[0].label == "PER" or target[0].label == "PER":
                continue
            evidence = ctx.evidence(match.start(), buyer[1], "changes.acquisition")
            facts.append(ChangeFact("acquisition", (target[0],), buyer[0], evidence, date))
        for match in pats["merger"].finditer(ctx.text, *sent):
            merged, stop = ctx.read_entity_list(match.end())
            result = pats["merger_result"].match(ctx.text, stop)
            resulting = ctx.read_entity(result.end(), allow_description=False) if result else None
            if len(merged) < 2 or resulting is None:
                continue
            evidence = ctx.evidence(match.start(), resulting[1], "changes.merger")
            facts.append(ChangeFact("merger", tuple(merged), resulting[0], evidence, date))
    return facts
