"""Roles: a person holds a post in an organization.

Rules (each named in the evidence as "roles.<name>"):
- apposition: "Jeanne Martin, directrice générale de Lumio, ..." and chains
  ("X, ex-PDG de A et ancien ministre de l'économie");
- preposed: "le PDG de Lumio, Jeanne Martin", "le ministre de l'Agriculture Paul Durand",
  "son directeur général, X" (the organization the sentences before are about),
  "Lumio, dont la présidente, X";
- parenthesis: "Jeanne Martin (directrice générale, Lumio)": a post must be
  written inside; a bare "X (Lumio)" states no role and is not read;
- headed-by: "le comité ... présidé par X";
- leads: "X, qui dirige Y" (dirigeant), "X, qui préside Y" (président).
Chains go on after a time ("… d'OVHcloud depuis 2018 et ex-dirigeant de SFR", ",
aujourd'hui consultant chez Y"); two posts may share an organization ("PDG et
fondateur d'OVH"); a unit stays in the post ("directrice du département X de Y").
Public offices ("ministre de l'Agriculture") belong to the ministry when the text
names the ministry ("le ministère de l'Agriculture"), else to the government; the
title runs through enumerated portfolios ("ministre de l'Économie, des Finances et
de la Relance"); a head of state with a nationality adjective to the country.
Posts, markers of past posts and nationalities are data in
ontology/lexicons/posts.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...records import EntityRef, Mention, RoleFact
from .common import Context, lexicon, norm, words_pattern

__all__ = ["extract_roles"]

_PREP = r"(?P<prep>chez|au\s+sein\s+d[eu']\s*|de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la\s+tête\s+d[eu']\s*)"
_COMPL_PREP = (
    r"(?:délégué(?:e)?\s+)?(?:chargée?\s+)?(?:de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la|à\s+l['’]|au|aux)"
)
_PORTFOLIO_PREP = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la|à\s+l['’]|au|aux)"
# a public office's portfolios, enumerated: "chargé de l'Industrie, de l'Énergie et de l'Économie
# numérique"; an enumeration ends with "et", so "ministre de l'économie, de signaler ..." stops at the comma
_COMPL = (
    rf"{_COMPL_PREP}\s*[^,;.()\n«»:]+?"
    rf"(?:(?:\s*,\s*{_PORTFOLIO_PREP}\s*[^,;.()\n«»:]+?)*\s*,?\s+et\s+{_PORTFOLIO_PREP}\s*[^,;.()\n«»:]+?)?"
    # two adjectives of the last portfolio: "de la Souveraineté industrielle et numérique"
    r"(?:\s+et\s+(?!(?:de|du|des|d|à|au|aux)\b)[a-zà-ÿ-]+(?=\s*[,;.()\n«»:]|$))?"
)


@lru_cache(maxsize=1)
def _posts() -> dict[str, dict]:
    """Written form (normalized) -> post entry."""
    table: dict[str, dict] = {}
    for entry in lexicon("posts")["posts"]:
        for form in entry["forms"]:
            table[norm(form)] = entry
    return table


@lru_cache(maxsize=1)
def _post_expr() -> str:
    data = lexicon("posts")
    former = words_pattern(data["former_markers"])
    nat = words_pattern(list(data["nationalities"]))
    return (
        rf"(?P<former>{former}\s*)?(?P<post>{words_pattern(list(_posts()))})(?![\wÀ-ÿ-])"
        rf"(?:\s+(?P<nat>{nat})(?![\wÀ-ÿ]))?"
    )


def _org_nouns() -> str:
    words = lexicon("organizations")
    return words_pattern(words["company_nouns"] + words["collaboration_nouns"])


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    post = _post_expr()
    flags = re.IGNORECASE
    return {
        # "X, directrice de Y", "X (Atos), président de Y": an organization in parentheses first
        "appos_first": re.compile(
            rf"\s*(?:\([^()]{{1,40}}\)\s*)?,\s*(?:(?:alors|aujourd['’]hui|désormais|actuellement)\s+)?"
            rf"(?:(?:le|la|un|une|(?P<its>son|sa))\s+|l['’]\s*)?{post}",
            flags,
        ),
        # the next post of a chain, maybe after a time: "… d'OVHcloud depuis 2018 et ex-dirigeant de SFR",
        # "…, aujourd'hui consultant chez Y"
        "appos_next": re.compile(
            r"(?:\s+(?:depuis|en|de)\s+\d{4}(?:\s+à\s+\d{4})?)?"
            rf"(?:\s*,\s*(?:et\s+)?|\s+et\s+)(?:(?:aujourd['’]hui|désormais|actuellement|alors|auparavant|puis)\s+)?"
            rf"(?:(?:le|la|un|une)\s+|l['’]\s*)?{post}",
            flags,
        ),
        # two posts sharing one organization: "PDG et fondateur d'OVH"
        "and_post": re.compile(rf"\s+et\s+(?:(?:le|la|l['’])\s+)?{post}", flags),
        # a unit inside the organization: "directrice du département économie numérique de la Caisse"
        "unit": re.compile(
            r"\s+(?P<unit>(?:du|de\s+la)\s+(?:département|division|pôle|service|direction|branche|activité|"
            r"laboratoire)\s+[^,;:.()«»\n]{1,50}?)\s+(?=(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÀ-Ý])",
            flags,
        ),
        # a function in lower case between the post and the organization: "directeur des affaires
        # publiques d'OVHcloud", "directrice de la stratégie de Lumio" (case-sensitive: names are capitalized)
        # (not an organization described: "directeur général de la filiale cloud de Dassault")
        "function": re.compile(
            rf"\s+(?P<unit>(?:du|de\s+la|de\s+l['’]|des)\s*(?!{_org_nouns()}(?![\wÀ-ÿ]))"
            r"[a-zà-ÿ][a-zà-ÿ'’-]+(?:\s+[a-zà-ÿ][a-zà-ÿ'’-]+){0,2}?)"
            r"\s+(?=(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÀ-Ý])"
        ),
        # "son directeur général, X", "Lumio, dont la présidente, X": the organization is elsewhere
        "its_before": re.compile(
            rf"(?<![\wÀ-ÿ])(?P<its>son|sa|dont\s+le|dont\s+la|dont\s+l['’])\s*{post}\s*,\s*$", flags
        ),
        # "X, qui dirige Y": the head of Y
        "leads": re.compile(r"\s*,\s*qui\s+(?P<verb>dirige|dirigeait|préside|présidait)\s+", flags),
        "preposed": re.compile(
            rf"(?<![\wÀ-ÿ])(?:(?:le|la|du|au|par\s+le|par\s+la|avec\s+le|avec\s+la)\s+|l['’]\s*){post}", flags
        ),
        # a title opening the sentence, without a determiner: "Ancienne directrice de X, Marie Durand ..."
        "preposed_initial": re.compile(rf"\s*{post}", flags),
        "appointed": re.compile(
            rf"\s*(?:,[^,;:«»()]{{1,90}},)?\s*(?:a\s+été|ont\s+été|est|sont|vient\s+d['’]être|avait\s+été|sera)\s+"
            rf"(?:(?:officiellement|finalement|récemment|désormais)\s+)?"
            rf"{words_pattern(lexicon('posts')['appointment_participles'])}\s+"
            rf"(?:(?:au\s+poste\s+de|comme|en\s+tant\s+que|en\s+qualité\s+de)\s+)?{post}",
            flags,
        ),
        "succession": re.compile(
            r"\s+(?:succède|succédera|a\s+succédé|succédait|va\s+succéder)\s+à\s+", flags
        ),
        "post_noun": re.compile(
            rf"\s*(?:,[^,;:«»()]{{1,90}},)?\s*(?:à\s+la|au\s+poste\s+de|au\s+poste\s+d['’]|à\s+la\s+tête)\s*"
            rf"(?P<noun>{words_pattern(list(lexicon('posts')['post_nouns']))})?\s*"
            r"(?P<prep>de\s+la|de\s+l['’]|du|des|de|d['’])\s*",
            flags,
        ),
        "paren": re.compile(rf"\s*\(\s*{post}", flags),
        "prep": re.compile(rf"\s*{_PREP}\s*", flags),
        "compl": re.compile(rf"\s+(?P<compl>{_COMPL})(?=\s*[,;.()\n«»:]|\s+et\s|$)", flags),
        "headed": re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?P<part>présidée?|dirigée?)\s+par\s+", flags),
    }


def _public_body(
    ctx: Context, entry: dict, compl: str | None, nat: str | None, delegate: bool = False
) -> EntityRef | None:
    """The body a public office belongs to, from the words the text gives."""
    data = lexicon("posts")
    body = data["public_bodies"].get(entry["key"])
    if nat:
        country = data["nationalities"].get(nat.lower())
        if country and (body == "country" or entry["key"] in {"president", "premier-ministre"}):
            return EntityRef(country, "LOC")
    if body != "government":
        return None
    if compl:
        words = re.sub(r"^(?:délégué(?:e)?\s+)?(?:chargée?\s+)?", "", compl.strip(), flags=re.I)
        ministry_word = data["ministry_word"]
        named = re.search(rf"{ministry_word}\s+{re.escape(words)}", ctx.text, re.IGNORECASE)
        first = re.split(r"\s*,\s*|\s+et\s+(?=de|du|des|d['’]|à|au|aux)", words)[0]
        if named is None and first != words:
            # "ministre de l'Éducation nationale, de l'Enseignement supérieur …" and "le ministère de
            # l'Éducation nationale" elsewhere: the ministry of the first portfolio
            named = re.search(rf"{ministry_word}\s+{re.escape(first)}(?![\wÀ-ÿ])", ctx.text, re.IGNORECASE)
        head = re.sub(r"^(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*", "", words, flags=re.I)
        # the ministry only where the text names it ("le ministère du Redressement
        # productif"); a portfolio alone ("ministre de l'Industrie") is a seat in the government
        if named and head != words:
            written = named.group(0)
            return EntityRef(written[:1].upper() + written[1:], "ORG")
    gov = data["government"]
    return EntityRef(gov["name"], gov["label"])


def _read_post(
    ctx: Context,
    match: re.Match[str],
    person: EntityRef,
    span: tuple[int, int],
    rule: str,
    org_until: int | None = None,
) -> tuple[RoleFact | None, int]:
    """The role a post match states, and where its words end (org or complement)."""
    entry = _posts()[norm(match["post"])]
    former = bool(match["former"])
    pats = _patterns()
    end = match.end()
    label = norm(match["post"])
    if entry["public"] and lexicon("posts")["public_bodies"].get(entry["key"]) == "commune":
        # "le maire de Lyon, Gérard Collomb", "X, maire d'Orange": the town named after the post
        prep = pats["prep"].match(ctx.text, end)
        town = ctx.read_entity(prep.end(), allow_description=False) if prep else None
        if town is None or town[0].label == "PER" or town[0] == person:
            return None, end
        evidence = ctx.evidence(min(span[0], match.start()), max(span[1], town[1]), f"roles.{rule}")
        return RoleFact(person, entry["key"], label, town[0], evidence, former=former), town[1]
    if entry["public"]:
        compl = pats["compl"].match(ctx.text, end)
        if org_until is not None:
            compl = re.compile(rf"\s+(?P<compl>{_COMPL})\s*,?\s*$", re.I).match(
                ctx.text[:org_until], end
            )
        words = compl["compl"] if compl else None
        if words and entry["key"] == "ministre" or words and entry["key"] == "secretaire-d-etat":
            label = norm(f"{match['post']} {words}")
            end = compl.end()
        delegate = bool(re.search(r"délégu|secrétaire", match["post"], re.I))
        body = _public_body(ctx, entry, words, match["nat"], delegate)
        if body is None:
            return None, end
        evidence = ctx.evidence(min(span[0], match.start()), max(span[1], end), f"roles.{rule}")
        return RoleFact(person, entry["key"], label, body, evidence, former=former), end
    if match["nat"] and entry["key"] == "president":
        body = _public_body(ctx, {"key": "president"}, None, match["nat"])
        if body is not None:
            evidence = ctx.evidence(min(span[0], match.start()), max(span[1], end), f"roles.{rule}")
            return RoleFact(person, entry["key"], label, body, evidence, former=former), end
    unit = pats["unit"].match(ctx.text, end) or pats["function"].match(ctx.text, end)
    if unit is not None:
        label = norm(f"{match['post']} {unit['unit']}")
        end = unit.end()
    prep = pats["prep"].match(ctx.text, end)
    if prep is None:
        return None, end
    org = ctx.read_entity(end) or ctx.read_entity(prep.end())
    if org is None or org[0].label == "PER" or org[0] == person:
        return None, end
    evidence = ctx.evidence(min(span[0], match.start()), max(span[1], org[1]), f"roles.{rule}")
    return RoleFact(person, entry["key"], label, org[0], evidence, former=former), org[1]


def _apposition(ctx: Context, mention: Mention) -> list[RoleFact]:
    person = ctx.ref(mention)
    pats = _patterns()
    facts: list[RoleFact] = []
    match = pats["appos_first"].match(ctx.text, mention.end)
    if match is not None and match["its"]:
        # "Francesco Bonfiglio, son directeur général, …": the post is in the organization the
        # sentences before are about
        entry = _posts()[norm(match["post"])]
        own = ctx.salient_organization(mention.start)
        if own is None or entry["public"] or pats["prep"].match(ctx.text, match.end()):
            return []
        evidence = ctx.evidence(mention.start, match.end(), "roles.apposition")
        return [RoleFact(person, entry["key"], norm(match["post"]), ctx.ref(own), evidence,
                         former=bool(match["former"]))]
    while match is not None:
        fact, end = _read_post(ctx, match, person, (mention.start, mention.end), "apposition")
        if fact is None:
            # "PDG et fondateur d'OVH": the second post names the organization of both
            second = pats["and_post"].match(ctx.text, match.end())
            if second is not None:
                fact, end = _read_post(ctx, second, person, (mention.start, mention.end), "apposition")
                if fact is not None:
                    entry = _posts()[norm(match["post"])]
                    if not entry["public"]:
                        facts.append(RoleFact(person, entry["key"], norm(match["post"]), fact.org, fact.evidence,
                                              former=bool(match["former"])))
        if fact is None:
            break
        following = ctx.by_start.get(end + 1) if ctx.text[end : end + 1] == " " else None
        if facts and following is not None and ctx.label_of(following) == "PER":
            break  # "X, PDG de A, et l'ancien patron de Google Eric Schmidt": the title of the next person
        facts.append(fact)
        match = pats["appos_next"].match(ctx.text, end)
    return facts


def _leads(ctx: Context, mention: Mention) -> list[RoleFact]:
    """ "Patrick Starck, qui dirige Cloudwatt": the head (dirigeant) or president of an organization."""
    match = _patterns()["leads"].match(ctx.text, mention.end)
    if match is None:
        return []
    org = ctx.read_entity(match.end())
    if org is None or org[0].label == "PER":
        return []
    key = "president" if match["verb"].lower().startswith("présid") else "dirigeant"
    label = next(norm(e["label"]) for e in lexicon("posts")["posts"] if e["key"] == key)
    evidence = ctx.evidence(mention.start, org[1], "roles.leads")
    return [RoleFact(ctx.ref(mention), key, label, org[0], evidence)]


def _preposed(ctx: Context, mention: Mention) -> list[RoleFact]:
    person = ctx.ref(mention)
    sent_start, _ = ctx.sentence_of(mention.start)
    window_start = max(sent_start, mention.start - 150)
    candidates = list(_patterns()["preposed"].finditer(ctx.text, window_start, mention.start))
    initial = _patterns()["preposed_initial"].match(ctx.text, sent_start, mention.start)
    if initial is not None:
        first = initial.start("former") if initial["former"] else initial.start("post")
        if ctx.text[first].isupper():
            candidates.insert(0, initial)
    for match in reversed(candidates):
        between = ctx.text[match.end() : mention.start]
        if ctx.mentions_in(match.end(), mention.start, ("PER",)):
            continue
        entry = _posts()[norm(match["post"])]
        if entry["public"] or match["nat"]:
            fact, end = _read_post(
                ctx, match, person, (mention.start, mention.end), "preposed", org_until=mention.start
            )
            if fact is not None and re.fullmatch(r"[\s,]*", ctx.text[end : mention.start]):
                return [fact]
            continue
        if not re.match(r"\s*(?:chez|de|d['’]|du|des)", between, re.I):
            continue
        fact, end = _read_post(ctx, match, person, (mention.start, mention.end), "preposed")
        # "Le directeur général de l'Agence (Anssi), X": the organization's short name may follow it
        if fact is not None and re.fullmatch(r"\s*(?:\([^()]{1,40}\)\s*)?,\s*", ctx.text[end : mention.start]):
            return [fact]
    return _its_preposed(ctx, mention, sent_start)


def _its_preposed(ctx: Context, mention: Mention, sent_start: int) -> list[RoleFact]:
    """ "Son directeur général, X" (the organization the sentences before are about) and
    "Lumio, dont la présidente, X" (the organization named before "dont")."""
    match = _patterns()["its_before"].search(ctx.text, max(sent_start, mention.start - 80), mention.start)
    if match is None:
        return []
    entry = _posts()[norm(match["post"])]
    if entry["public"]:
        return []
    before = [m for m in ctx.mentions_in(sent_start, match.start()) if ctx.label_of(m) in ("ORG", "MISC")]
    if match["its"].lower().startswith("dont"):
        if not before or not re.fullmatch(r"\s*,\s*", ctx.text[before[-1].end : match.start()]):
            return []
        org = before[-1]
    else:
        # "La Commission … a publié …, et sa présidente, X": an organization earlier in the
        # sentence; at the start of a sentence, the one the sentences before are about
        org = before[-1] if before else ctx.salient_organization(match.start())
    if org is None:
        return []
    evidence = ctx.evidence(match.start(), mention.end, "roles.preposed")
    return [RoleFact(ctx.ref(mention), entry["key"], norm(match["post"]), ctx.ref(org), evidence,
                     former=bool(match["former"]))]


def _parenthesis(ctx: Context, mention: Mention) -> list[RoleFact]:
    match = _patterns()["paren"].match(ctx.text, mention.end)
    if match is None:
        return []
    end_match = re.compile(r"\s*(?:,\s*)?").match(ctx.text, match.end())
    entry = _posts()[norm(match["post"])]
    person = ctx.ref(mention)
    if entry["public"]:
        return []
    pos = end_match.end() if end_match else match.end()
    prep = _patterns()["prep"].match(ctx.text, pos)
    org = ctx.read_entity(prep.end() if prep else pos)
    if org is None or org[0].label == "PER" or not re.match(r"\s*\)", ctx.text[org[1] :]):
        return []
    evidence = ctx.evidence(mention.start, org[1] + 1, "roles.parenthesis")
    return [
        RoleFact(person, entry["key"], norm(match["post"]), org[0], evidence, former=bool(match["former"]))
    ]


def _headed_by(ctx: Context) -> list[RoleFact]:
    facts: list[RoleFact] = []
    roles = lexicon("posts")["headed_by"]
    for mention in ctx.mentions:
        if ctx.label_of(mention) == "PER":
            continue
        match = _patterns()["headed"].match(ctx.text, mention.end)
        if match is None:
            continue
        person = ctx.by_start.get(match.end())
        if person is None or ctx.label_of(person) != "PER":
            continue
        key = roles[match["part"].lower()]
        label = next(e["label"] for e in lexicon("posts")["posts"] if e["key"] == key)
        evidence = ctx.evidence(mention.start, person.end, "roles.headed-by")
        facts.append(RoleFact(ctx.ref(person), key, norm(label), ctx.ref(mention), evidence))
    return facts


def _appointed(ctx: Context, mention: Mention) -> list[RoleFact]:
    """ "X a été nommée directrice générale de Y", "X, cofondatrice de Z, a été élue présidente de Y"."""
    match = _patterns()["appointed"].match(ctx.text, mention.end)
    if match is None:
        return []
    fact, _ = _read_post(ctx, match, ctx.ref(mention), (mention.start, mention.end), "appointed")
    return [fact] if fact is not None else []


def _succession(ctx: Context, mention: Mention) -> list[RoleFact]:
    """ "X succède à Y à la présidence de Z": X holds the post, Y held it (former)."""
    pats = _patterns()
    match = pats["succession"].match(ctx.text, mention.end)
    if match is None:
        return []
    previous = [m for m in ctx.persons_in(match.end(), match.end() + 80) if m.start == match.end()]
    if not previous:
        return []
    post = pats["post_noun"].match(ctx.text, previous[0].end)
    if post is None or not post["noun"]:
        return []
    key = lexicon("posts")["post_nouns"][norm(post["noun"])]
    org = ctx.read_entity(post.end(), allow_description=False)
    if org is None or org[0].label == "PER":
        return []
    label = next(norm(e["label"]) for e in lexicon("posts")["posts"] if e["key"] == key)
    evidence = ctx.evidence(mention.start, org[1], "roles.succession")
    return [
        RoleFact(ctx.ref(mention), key, label, org[0], evidence),
        RoleFact(ctx.ref(previous[0]), key, label, org[0], evidence, former=True),
    ]


def extract_roles(ctx: Context) -> list[RoleFact]:
    """Every role the article states, one fact per (person, post, organization)."""
    facts: list[RoleFact] = []
    for mention in ctx.persons_in(0, len(ctx.text)):
        facts += _apposition(ctx, mention) + _preposed(ctx, mention) + _parenthesis(ctx, mention)
        facts += _leads(ctx, mention)
        facts += _appointed(ctx, mention) + _succession(ctx, mention)
    facts += _headed_by(ctx)
    unique: dict[tuple, RoleFact] = {}
    for fact in facts:
        unique.setdefault((fact.person, fact.role, fact.org, fact.former), fact)
    return list(unique.values())
