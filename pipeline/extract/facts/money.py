"""Money: grants from a funder to funded items, with amount, intermediary and date.

Rules (evidence "money.<name>"):
- given-by: "AMOUNT [chacun] PARTICIPLE par A [et B] [, via C]" ("12 millions
  d'euros versés par la région via Bpifrance"); with "chacun" the amount is
  given by each funder, or, with one funder, to each funded item;
- elliptic: "…, et 8 par B": a bare number after an amount takes its unit;
- joint: "AMOUNT apportés par A et B" (without "chacun"), "X lève AMOUNT auprès de A
  et B": one grant with several funders, since the share of each is unknown;
- supported-by: "soutenue(s) par A à hauteur de AMOUNT [au total]";
- invested-in: "A (, qui) a investi [AMOUNT] dans X et Y" (amount unknown when not stated);
  A may be a description opening the sentence ("L'établissement public a pris une
  participation de ... dans X": the organization the previous sentences are about);
- share: "44,4 % pour A" in a sentence about capital or financing;
- gives: "A apporte AMOUNT" with the receiver from context ("y", "Chez X, A a mis …",
  the capital spoken of); gapped: "…, et B, 45 millions" (the verb left out).
The funded item is the name the sentence gives ("le financement de X"), the
organizations founded just before ("le tout": the companies a founding rule
read), or the project the article is about when the sentence speaks of "le
projet". Multipliers and currencies are data in ontology/lexicons/money.yaml,
trigger words in triggers.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ...records import EntityRef, FoundingFact, GrantFact
from .common import Context, clause_subject, lexicon, words_pattern
from .engine.amounts import _NUM, Amount, _number, find_amounts

__all__ = ["extract_grants", "find_amounts", "Amount"]

@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    trig = lexicon("triggers")["funding"]
    adverbs = words_pattern(trig["adverbs"])
    flags = re.IGNORECASE
    return {
        "given": re.compile(
            rf"\s*(?P<each>{words_pattern(trig['distributive'])}\s+)?(?:{words_pattern(trig['participles'])})"
            rf"\s+(?:\w+\s+)?par\s+",
            flags,
        ),
        "elliptic_given": re.compile(r"\s+par\s+", flags),
        "via": re.compile(rf"\s*,?\s*{words_pattern(trig['via'])}\s+", flags),
        "support": re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['support_participles'])}\s+par\s+", flags),
        "height": re.compile(r"\s*,?\s*(?:à\s+hauteur\s+d['’]\s*|à\s+hauteur\s+de\s+|pour\s+|de\s+)", flags),
        "total": re.compile(rf"\s*{words_pattern(trig['total'])}", flags),
        "invest": re.compile(
            rf"\s*,?\s*(?:qui\s+)?(?:(?:a|ont|avait|avaient|aura|auront)\s+)?(?:{adverbs}\s+)?"
            rf"{words_pattern(trig['invest_forms'])}\s+(?:{adverbs}\s+)?(?:de\s+|d['’]\s*)?",
            flags,
        ),
        "receive": re.compile(
            rf"(?<![\wÀ-ÿ]){words_pattern(trig['receive_forms'])}\s*(?:{adverbs}\s+)?"
            rf"(?:(?:une|un|d['’]une|d['’]un)\s+(?:[a-zà-ÿ-]+\s+){{0,2}}?{words_pattern(trig['grant_nouns'])}"
            rf"(?:\s+[a-zà-ÿ-]+)?\s+(?:de\s+|d['’]\s*))?(?=[\d€$£])",
            flags,
        ),
        "from": re.compile(
            r"\s*(?:de\s+la\s+part\s+|auprès\s+)?(?=d)(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*", flags
        ),
        "round": re.compile(
            rf"(?<![\wÀ-ÿ]){words_pattern(trig['round_nouns'])}\s+(?:[a-zà-ÿ-]+\s+)?(?:de\s+|d['’]\s*)"
            rf"(?=[\d€$£])",
            flags,
        ),
        "led": re.compile(rf"\s*,?\s*{words_pattern(trig['round_led'])}\s+par\s+", flags),
        "share": re.compile(r"(?<![\d,])(?P<num>\d+(?:,\d+)?)\s*%\s+(?:du\s+capital\s+)?pour\s+", flags),
        "financing": re.compile(
            rf"(?<![\wÀ-ÿ]){words_pattern(trig['financing_nouns'])}\s+(?P<prep>de\s+la|de\s+l['’]|du|des|de|d['’])\s*",
            flags,
        ),
    }


def _count_word(text: str) -> int | None:
    """ "deux nouvelles sociétés" -> 2: how many items a plural description announces."""
    numbers = lexicon("organizations")["numbers"]
    nouns = words_pattern(lexicon("organizations")["company_nouns"])
    match = re.search(
        rf"(?<![\wÀ-ÿ])(?P<n>{words_pattern(list(numbers))}|\d)\s+(?:[\wÀ-ÿ-]+\s+)?{nouns}",
        text,
        re.IGNORECASE,
    )
    if match is None:
        return None
    word = match["n"].lower()
    return int(word) if word.isdigit() else numbers[word]


def _recipients(ctx: Context, sent: tuple[int, int]) -> list[EntityRef]:
    """What the money in this sentence goes to, from the sentence or its context."""
    pats = _patterns()
    for match in pats["financing"].finditer(ctx.text, sent[0], sent[1]):
        named = ctx.read_entity(match.start("prep"), allow_description=False)
        if named is not None and named[0].label != "PER":
            return [named[0]]
        if re.match(r"(?:projet|programme|consortium|plan)\b", ctx.text[match.end() :], re.I):
            project = ctx.topic_project
            if project is not None:
                return [ctx.ref(project)]
    # "le tout": the organizations a founding rule read in this sentence or the one before
    previous = [s for s in ctx.sentences if s[1] <= sent[0]]
    floor = previous[-1][0] if previous else sent[0]
    founded = [
        f.organization
        for f in ctx.facts
        if isinstance(f, FoundingFact) and floor <= f.evidence.start < sent[1]
    ]
    if founded and re.search(
        r"(?<![\wÀ-ÿ])(?:le\s+tout|l['’]ensemble|chacune|chacun)", ctx.text[sent[0] : sent[1]], re.I
    ):
        return list(dict.fromkeys(founded))
    return []


def _given_by(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    pats = _patterns()
    facts: list[GrantFact] = []
    amounts = find_amounts(ctx.text, sent[0], sent[1])
    unit: tuple[Decimal, str | None] | None = None  # the last full amount's multiplier and currency
    for start, end, value, currency, has_unit in amounts:
        if has_unit:
            match = pats["given"].match(ctx.text, end)
            rule = "money.given-by"
        else:
            if unit is None or not re.search(r"(?:,|\bet)\s*$", ctx.text[max(sent[0], start - 6) : start]):
                continue
            match = pats["elliptic_given"].match(ctx.text, end)
            rule = "money.elliptic"
        if match is None:
            continue
        funders, stop = ctx.read_entity_list(match.end())
        if not funders:
            continue
        if has_unit:
            currency = currency or (unit[1] if unit else None)
            unit = (_raw_multiplier(ctx.text[start:end]), currency)
        else:
            value, currency = value * unit[0], unit[1]
        through = None
        via = pats["via"].match(ctx.text, stop)
        if via is not None:
            read = ctx.read_entity(via.end())
            if read is not None:
                through, stop = read[0], read[1]
        each = bool(has_unit and match["each"])
        to = re.compile(r"\s+(?:à|au|aux)\s*").match(ctx.text, stop)
        named = ctx.read_entity(to.end(), allow_description=False) if to else None
        # "un prêt de 5 M€ accordé par Oséo à Altostrat": the receiver named after the giver
        if named is not None and named[0].label != "PER":
            recipients, stop = [named[0]], named[1]
        else:
            recipients = _recipients(ctx, sent)
        if not recipients:
            continue
        evidence = ctx.evidence(start, stop, rule + (".distributive" if each else ".joint" if len(funders) > 1 else ""))
        date = ctx.single_date(*sent)
        if len(funders) > 1 and not each:
            # "60 M€ apportés par A et B": one sum given jointly, the share of each unknown
            facts.append(GrantFact(funders[0], tuple(recipients), evidence, value, currency or "EUR", through,
                                   date=date, cofunders=tuple(funders[1:])))
            continue
        if each and len(funders) == 1 and len(recipients) > 1:
            for recipient in recipients:
                facts.append(
                    GrantFact(
                        funders[0], (recipient,), evidence, value, currency or "EUR", through, date=date
                    )
                )
            continue
        for funder in funders:
            facts.append(
                GrantFact(funder, tuple(recipients), evidence, value, currency or "EUR", through, date=date)
            )
    return facts


def _raw_multiplier(amount_text: str) -> Decimal:
    """The multiplier an amount is written with ("60 millions" -> 10^6), to carry over."""
    data = lexicon("money")
    for word, factor in sorted(data["multipliers"].items(), key=lambda item: -len(item[0])):
        if re.search(rf"\d\s*{re.escape(word)}(?![a-zà-ÿ])", amount_text, re.IGNORECASE):
            return Decimal(factor)
    for word, (factor, _) in data["compact_units"].items():
        if word in amount_text.lower():
            return Decimal(factor)
    return Decimal(1)


def _supported_by(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    pats = _patterns()
    facts: list[GrantFact] = []
    for match in pats["support"].finditer(ctx.text, sent[0], sent[1]):
        funders, stop = ctx.read_entity_list(match.end())
        if len(funders) != 1:
            continue
        height = pats["height"].match(ctx.text, stop)
        amounts = find_amounts(ctx.text, height.end(), sent[1]) if height else []
        if not amounts or amounts[0][0] != height.end() or not amounts[0][4]:
            continue
        start, end, value, currency, _ = amounts[0]
        total = pats["total"].match(ctx.text, end)
        stop = total.end() if total else end
        recipients = _supported_items(ctx, sent, match.start(), stop)
        if not recipients:
            continue
        evidence = ctx.evidence(match.start(), stop, "money.supported-by")
        facts.append(
            GrantFact(
                funders[0],
                tuple(recipients),
                evidence,
                value,
                currency or "EUR",
                total=bool(total) and len(recipients) > 1,
                date=ctx.single_date(*sent),
            )
        )
    return facts


def _supported_items(ctx: Context, sent: tuple[int, int], part_start: int, stop: int) -> list[EntityRef]:
    """The items a support participle describes: the name just before it, or the N names
    a counted description ("deux sociétés") announces, read after it."""
    before = ctx.text[sent[0] : part_start]
    name = re.search(r"\s*,?\s*$", before)
    for mention in ctx.mentions_in(sent[0], part_start):
        if name and mention.end == sent[0] + name.start() and ctx.label_of(mention) != "PER":
            return [ctx.ref(mention)]
    count = _count_word(before[-80:])
    if count is None:
        return []
    window_end = min(len(ctx.text), stop + 200)
    following = [m for m in ctx.mentions_in(stop, window_end) if ctx.label_of(m) != "PER"]
    refs = list(dict.fromkeys(ctx.ref(m) for m in following))[:count]
    return refs if len(refs) == count else []


def _invested_in(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    pats = _patterns()
    facts: list[GrantFact] = []
    described = ctx.description_subject(sent)
    for mention in ctx.mentions_in(*sent) + ([described] if described is not None else []):
        match = pats["invest"].match(ctx.text, mention.end)
        if match is None:
            continue
        pos = match.end()
        amounts = find_amounts(ctx.text, pos, sent[1])
        value, currency = None, None
        if amounts and amounts[0][0] == pos and amounts[0][4]:
            value, currency, pos = amounts[0][2], amounts[0][3] or "EUR", amounts[0][1]
        into = re.compile(r"\s*(?:dans|au\s+capital\s+d['’]\s*|au\s+capital\s+de\s+)", re.I).match(
            ctx.text, pos
        )
        if into is None:
            continue
        recipients, stop = ctx.read_entity_list(into.end())
        if recipients == [ctx.ref(mention)]:
            # "X injecte 2 M€ dans l'entreprise": the description points before X, not at X
            described = re.match(r"\s*(?:la|le|l['’])\s*\S", ctx.text[into.end() :], re.I)
            earlier = ctx.antecedent_organization(sent[0]) if described else None
            recipients = [ctx.ref(earlier)] if earlier is not None else []
        recipients = [r for r in recipients if r != ctx.ref(mention)]
        if not recipients:
            continue
        evidence = ctx.evidence(mention.start, stop, "money.invested-in")
        for recipient in recipients:
            facts.append(
                GrantFact(
                    ctx.ref(mention), (recipient,), evidence, value, currency, date=ctx.single_date(*sent)
                )
            )
    return facts


def _shares(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    pats = _patterns()
    sentence = ctx.text[sent[0] : sent[1]]
    if not re.search(
        r"(?<![\wÀ-ÿ])(?:capital|financement|tour\s+de\s+table|actionnariat|répartition)", sentence, re.I
    ):
        return []
    recipients = _recipients(ctx, sent)
    capital = re.search(r"capital\s+(?:de\s+la|de\s+l['’]|du|de|d['’])\s*", sentence, re.I)
    if capital:
        named = ctx.read_entity(sent[0] + capital.start() + len("capital"), allow_description=False)
        if named is not None:
            recipients = [named[0]]
    if not recipients:
        return []
    facts = []
    for match in pats["share"].finditer(ctx.text, sent[0], sent[1]):
        funder = ctx.read_entity(match.end())
        if funder is None:
            continue
        share = Decimal(match["num"].replace(",", "."))
        evidence = ctx.evidence(match.start(), funder[1], "money.share")
        facts.append(GrantFact(funder[0], tuple(recipients), evidence, share=share))
    return facts


def _received_from(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    """ "X a obtenu 12 M€ de Y", "X lève 30 M€ auprès de Y", "X a reçu une subvention de 3 M€ de Y":
    the subject of the clause receives, the names after "de"/"auprès de" give. Several
    givers of one sum ("auprès de A et B") give it jointly: the share of each is unknown."""
    pats = _patterns()
    facts: list[GrantFact] = []
    for match in pats["receive"].finditer(ctx.text, *sent):
        amounts = find_amounts(ctx.text, match.end(), sent[1])
        if not amounts or amounts[0][0] != match.end() or not amounts[0][4]:
            continue
        _, end, value, currency, _ = amounts[0]
        dated = re.compile(r"\s+en\s+\d{4}").match(ctx.text, end)  # "a levé 250 M€ en 2016 auprès de"
        intro = pats["from"].match(ctx.text, dated.end() if dated else end)
        if intro is None:
            continue
        # "auprès des fonds américains KKR et TowerBrook": the kind of giver before their names
        kind = re.compile(r"(?:[a-zà-ÿ-]+\s+){1,2}(?=[A-ZÀ-Ý])").match(ctx.text, intro.end())
        funders, stop = ctx.read_entity_list(intro.end())
        if not funders and kind is not None:
            funders, stop = ctx.read_entity_list(kind.end())
        if not funders or any(f.label == "PER" for f in funders):
            continue
        subject = clause_subject(ctx, sent, match.start())
        if subject is None or ctx.ref(subject) in funders:
            continue
        rule = "money.received-from" + (".joint" if len(funders) > 1 else "")
        evidence = ctx.evidence(subject.start, stop, rule)
        facts.append(
            GrantFact(funders[0], (ctx.ref(subject),), evidence, value, currency or "EUR",
                      date=ctx.single_date(*sent), cofunders=tuple(funders[1:]))
        )
    return facts


def _round_led_by(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    """ "X a annoncé une levée de fonds de 12 M€ menée par Y": the lead investor Y funds X,
    the subject of the clause; a round in a sentence that names no one else is raised by
    the organization the sentences before are about."""
    pats = _patterns()
    facts: list[GrantFact] = []
    for match in pats["round"].finditer(ctx.text, *sent):
        amounts = find_amounts(ctx.text, match.end(), sent[1])
        if not amounts or amounts[0][0] != match.end() or not amounts[0][4]:
            continue
        _, end, value, currency, _ = amounts[0]
        led = pats["led"].match(ctx.text, end)
        if led is None:
            continue
        funders, stop = ctx.read_entity_list(led.end())
        if len(funders) != 1 or funders[0].label == "PER":
            continue
        verb = re.search(
            r"(?:\s*,[^,;:«»]{1,90},)?\s+(?P<verb>(?:[a-zà-ÿ'’-]+\s+){1,3})(?:une|un|sa|son|leur|d['’]une|d['’]un)\s+"
            r"(?:[a-zà-ÿ-]+\s+)?$",
            ctx.text[sent[0] : match.start()],
        )
        subject = clause_subject(ctx, sent, sent[0] + verb.start("verb")) if verb is not None else None
        start = subject.start if subject is not None else sent[0]
        if subject is None and not ctx.mentions_in(sent[0], match.start()):
            # "Cette série B intervient après un premier tour de table de 8 M€ mené par Y":
            # a round nobody in the sentence raises is raised by the company the article is about
            subject = ctx.salient_organization(sent[0])
        if subject is None or ctx.ref(subject) == funders[0]:
            continue
        evidence = ctx.evidence(start, stop, "money.round-led-by")
        facts.append(
            GrantFact(funders[0], (ctx.ref(subject),), evidence, value, currency or "EUR",
                      date=ctx.single_date(*sent))
        )
    return facts


@lru_cache(maxsize=1)
def _giving_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    trig = lexicon("triggers")["funding"]
    verb = re.compile(
        r"(?<![\wÀ-ÿ'’])(?P<there>y\s+)?(?:(?:a|ont|avait|avaient|aura|auront|devait|devaient|va|vont|doit|doivent)"
        rf"\s+)?(?:{words_pattern(trig['adverbs'])}\s+)?{words_pattern(trig['giving_forms'])}\s+"
        rf"(?:(?P<each>{words_pattern(trig['distributive'])})\s+|(?P<resp>respectivement)\s+)?(?:pour\s+)?(?=[\d€$£])",
        re.IGNORECASE,
    )
    via = re.compile(
        rf"\s*,\s*{words_pattern(trig['via'])}\s+(?P<through>[^,;:«»]{{2,80}}?)\s*(?:\([^()]{{1,20}}\))?\s*,\s*$",
        re.IGNORECASE,
    )
    capital = re.compile(rf"(?<![\wÀ-ÿ]){words_pattern(trig['capital_words'])}(?![\wÀ-ÿ])", re.IGNORECASE)
    return verb, via, capital


def _gives(ctx: Context, sent: tuple[int, int], earlier: list[GrantFact]) -> list[GrantFact]:
    """ "L'État, via le FSN, apporte 75 M€", "KKR et TowerBrook, qui ont mis chacun 125 M€ sur la
    table", "La Caisse y avait engagé 75 M€ et Thales avait apporté 50 M€": the subject gives; the
    receiver is the context's ("y": the organization named before; else, where the sentence
    or the one before speaks of capital, this sentence's subject, the project of the
    paragraph, or the organization the sentences before are about). An amount put "dans X"
    is the invested-in rule's."""
    verb_pattern, via_pattern, capital = _giving_patterns()
    facts: list[GrantFact] = []
    previous = [s for s in ctx.sentences if s[1] <= sent[0]]
    context_start = previous[-1][0] if previous else sent[0]
    speaks_of_capital = bool(capital.search(ctx.text, context_start, sent[1]))
    for match in verb_pattern.finditer(ctx.text, *sent):
        amounts = find_amounts(ctx.text, match.end(), sent[1])
        if not amounts or amounts[0][0] != match.end():
            continue
        values: list[Decimal] = []
        if match["resp"]:
            # "A et B ont apporté respectivement 60 et 40 millions d'euros": the unit of the last
            listed = re.compile(rf"(?:{_NUM})(?:\s*,\s*(?:{_NUM}))*\s+et\s+").match(ctx.text, match.end())
            if listed is None:
                continue
            last = find_amounts(ctx.text, listed.end(), sent[1])
            if not last or last[0][0] != listed.end() or not last[0][4]:
                continue
            factor = _raw_multiplier(ctx.text[last[0][0] : last[0][1]])
            values = [_number(n) * factor for n in re.findall(_NUM, ctx.text[match.end() : listed.end()])]
            values.append(last[0][2])
            amounts = last
        if not amounts[0][4]:
            continue
        _, end, value, currency, _ = amounts[0]
        explicit = None
        to = re.compile(r"\s*(?:d['’]euros\s+)?(?:à|au|aux)\s*").match(ctx.text, end)
        if to is not None and not re.match(r"(?:la\s+table|hauteur)", ctx.text[to.end() :]):
            read = ctx.read_entity(to.end())
            if read is not None and read[0].label != "PER":
                explicit, end = read
        if explicit is None and re.match(r"[^,;.:«»]{0,40}?(?<![\wÀ-ÿ])(?:dans|au\s+capital)\b", ctx.text[end:]):
            continue  # "… 150 M€ d'argent public dans les deux sociétés": a receiver is named there
        # the clause of the verb: after a ";", ":", "tandis que", "mais", or an "et" that follows
        # a lower-case word ("… d'avenir et Thales avait apporté"), never inside a name
        cuts = [
            sent[0] + cut.end()
            for cut in re.finditer(
                r"[;:]\s*|\s(?:mais|tandis\s+que)\s+|(?<=[a-zà-ÿ0-9)»])\s+et\s+", ctx.text[sent[0] : match.start()]
            )
            if not any(m.start < sent[0] + cut.start() < m.end for m in ctx.mentions)
            and not re.search(r"(?:^|\s)[A-ZÀ-Ý][^\s]*\s*$", ctx.text[sent[0] : sent[0] + cut.start()])
        ]
        clause_start = max(cuts, default=sent[0])
        subject_end = match.start()
        through = None
        via = via_pattern.search(ctx.text, clause_start, subject_end)
        if via is not None:
            read = ctx.read_entity(via.start("through"))
            through = read[0] if read else None
            subject_end = via.start()
        via_after = re.compile(
            rf"(?:\s+en\s+\d{{4}})?\s*,?\s*{words_pattern(lexicon('triggers')['funding']['via'])}\s+"
        ).match(ctx.text, end)
        if through is None and via_after is not None:  # "… à Numergy en 2012, via le FSN"
            read = ctx.read_entity(via_after.end())
            if read is not None:
                through = read[0]
        relative = re.search(r"\s*,\s*qui\s*$", ctx.text[clause_start:subject_end])
        if relative is not None:
            subject_end = clause_start + relative.start()
        funders = [f for f in ctx.read_entity_list_backward(subject_end, clause_start) if f.label != "PER"]
        if not funders:
            opening = ctx.read_entity(clause_start)
            if opening is None or not re.fullmatch(r"\s*", ctx.text[opening[1] : subject_end]):
                continue
            funders = [opening[0]]
        recipient = explicit
        if recipient is not None:
            pass
        elif match["there"]:
            recipient = next((g.recipients[0] for g in earlier + facts if g.evidence.start >= sent[0]), None)
            if recipient is None:
                found = ctx.salient_organization(sent[0])
                recipient = ctx.ref(found) if found is not None else None
        elif any(g.evidence.start >= sent[0] for g in facts):
            recipient = facts[-1].recipients[0]  # "… y avait engagé 75 M€ et Thales avait apporté 50 M€"
        elif (at := _chez_opening(ctx, sent)) is not None and at not in funders:
            recipient = at  # "Chez Numergy, SFR a mis 105 M€ sur la table"
        elif speaks_of_capital:
            recipient = _context_recipient(ctx, sent, funders)
        if recipient is None or recipient in funders:
            continue
        stop = end
        table = re.match(r"\s*(?:d['’]euros\s+)?sur\s+la\s+table", ctx.text[end:])
        if table:
            stop = end + table.end()
        each = bool(match["each"])
        evidence = ctx.evidence(clause_start, stop, "money.gives" + (".distributive" if each else ""))
        if values:
            if len(values) != len(funders):
                continue
            for funder, amount in zip(funders, values, strict=True):
                facts.append(GrantFact(funder, (recipient,), evidence, amount, currency or "EUR", through,
                                       date=ctx.single_date(*sent)))
            continue
        if len(funders) > 1 and not each:
            facts.append(GrantFact(funders[0], (recipient,), evidence, value, currency or "EUR", through,
                                   date=ctx.single_date(*sent), cofunders=tuple(funders[1:])))
            continue
        for funder in funders:
            facts.append(GrantFact(funder, (recipient,), evidence, value, currency or "EUR", through,
                                   date=ctx.single_date(*sent)))
        gapped = _gapped_giver(ctx, sent, stop, amounts[0])
        if gapped is not None and gapped[0] not in funders and gapped[0] != recipient:
            other, other_value, other_end = gapped
            facts.append(GrantFact(other, (recipient,), ctx.evidence(clause_start, other_end, "money.gives.gapped"),
                                   other_value, currency or "EUR", date=ctx.single_date(*sent)))
    return facts


def _chez_opening(ctx: Context, sent: tuple[int, int]) -> EntityRef | None:
    """The organization a sentence opens on with "Chez X," or "Côté X,"."""
    lead = re.compile(r"\s*(?:Chez|Côté)\s+").match(ctx.text, sent[0], sent[1])
    if lead is None:
        return None
    read = ctx.read_entity(lead.end(), allow_description=False)
    if read is None or read[0].label == "PER" or not re.match(r"\s*,", ctx.text[read[1] :]):
        return None
    return read[0]


def _gapped_giver(
    ctx: Context, sent: tuple[int, int], pos: int, first: Amount
) -> tuple[EntityRef, Decimal, int] | None:
    """ "A a mis 105 millions sur la table, et B, qui détiendra 20 %, 45 millions": the verb left
    out before the second giver and amount (a bare number takes the first amount's unit)."""
    gap = re.compile(r"(?:\s*(?:d['’]euros\s+)?sur\s+la\s+table)?\s*,?\s+et\s+").match(ctx.text, pos, sent[1])
    if gap is None:
        return None
    giver = ctx.read_entity(gap.end(), allow_description=False)
    if giver is None or giver[0].label == "PER":
        return None
    incise = re.compile(r"\s*(?:,[^,;:«»]{1,80},)?\s*").match(ctx.text, giver[1], sent[1])
    amounts = find_amounts(ctx.text, incise.end(), sent[1])
    if not amounts or amounts[0][0] != incise.end():
        return None
    start, end, value, _, has_unit = amounts[0]
    if not has_unit:
        value = _number(ctx.text[start:end]) * _raw_multiplier(ctx.text[first[0] : first[1]])
    if not re.match(r"\s*(?:d['’]euros)?\s*(?:[.;]|$)", ctx.text[end : sent[1] + 1]):
        return None  # the amount must end the clause: "…, et B, 45 millions."
    return giver[0], value, end


def _granted(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    """ "Bpifrance lui a accordé une aide de 8 M€", "SFR lui accorde un prêt de 15 M€": the pronoun is
    the organization the article is about (named most often so far); "une subvention de 1,2 M€ de la Région X"
    (a grant noun, an amount, its giver) goes to the receiver named after it ("à Y"), or to the
    organization the sentence opens with."""
    trig = lexicon("triggers")["funding"]
    facts: list[GrantFact] = []
    pronoun = re.compile(
        rf"(?<![\wÀ-ÿ])(?:lui|leur)\s+(?:(?:a|ont|avait|avaient|aura)\s+)?(?:{words_pattern(trig['adverbs'])}\s+)?"
        rf"{words_pattern(trig['granting_forms'])}\s+(?:(?:un|une)\s+(?:[a-zà-ÿ-]+\s+){{0,2}}?"
        rf"{words_pattern(trig['grant_nouns'])}\s+(?:[a-zà-ÿ-]+\s+)?(?:de\s+|d['’]\s*))?(?=[\d€$£])",
        re.IGNORECASE,
    )
    for match in pronoun.finditer(ctx.text, *sent):
        amounts = find_amounts(ctx.text, match.end(), sent[1])
        if not amounts or amounts[0][0] != match.end() or not amounts[0][4]:
            continue
        # "la Banque européenne d'investissement (BEI) lui accorde": the name before its short form
        short = re.search(r"\s*\([^()]{1,20}\)\s*$", ctx.text[sent[0] : match.start()])
        before = sent[0] + short.start() if short else match.start()
        funders = [f for f in ctx.read_entity_list_backward(before, sent[0]) if f.label != "PER"]
        if not funders:
            subject = clause_subject(ctx, sent, match.start())
            funders = [ctx.ref(subject)] if subject is not None else []
        receiver = ctx.topic_organization(match.start(), tuple(funders))
        if not funders or receiver is None:
            continue
        _, end, value, currency, _ = amounts[0]
        evidence = ctx.evidence(match.start(), end, "money.granted")
        facts.append(GrantFact(funders[0], (ctx.ref(receiver),), evidence, value, currency or "EUR",
                               date=ctx.single_date(*sent), cofunders=tuple(funders[1:])))
    noun_of = re.compile(
        rf"(?<![\wÀ-ÿ])(?:une|un)\s+{words_pattern(trig['grant_nouns'])}\s+(?:[a-zà-ÿ-]+\s+)?"
        r"(?:de\s+|d['’]\s*)(?=[\d€$£])",
        re.IGNORECASE,
    )
    giver = re.compile(r"\s+(?:(?:accordée?s?|octroyée?s?|versée?s?|attribuée?s?|consentie?s?)\s+par\s+|(?=d))")
    for match in noun_of.finditer(ctx.text, *sent):
        amounts = find_amounts(ctx.text, match.end(), sent[1])
        if not amounts or amounts[0][0] != match.end() or not amounts[0][4]:
            continue
        _, end, value, currency, _ = amounts[0]
        given = giver.match(ctx.text, end)
        funder = ctx.read_entity(given.end(), allow_description=False) if given else None
        if funder is None or funder[0].label == "PER":
            continue
        stop = funder[1]
        to = re.compile(r"\s+(?:à|au|aux)\s*").match(ctx.text, stop)
        receiver = ctx.read_entity(to.end(), allow_description=False) if to else None
        if receiver is not None:
            recipient, stop = receiver
        else:
            subject = ctx.opening_mention(sent)
            if subject is not None and ctx.label_of(subject) != "PER":
                recipient = ctx.ref(subject)
            elif re.match(r"\s*(?:Son|Sa|Leur)\s", ctx.text[sent[0] : sent[1]]):
                # "Son financement repose sur une subvention de …"
                salient = ctx.salient_organization(sent[0])
                if salient is None:
                    continue
                recipient = ctx.ref(salient)
            else:
                continue
        if recipient == funder[0]:
            continue
        evidence = ctx.evidence(match.start(), stop, "money.granted")
        facts.append(GrantFact(funder[0], (recipient,), evidence, value, currency or "EUR",
                               date=ctx.single_date(*sent)))
    return facts


def _stake(ctx: Context, sent: tuple[int, int]) -> list[GrantFact]:
    """ "A et B participent chacun à hauteur de 10 % au capital de Y", "A participe à hauteur de
    20 % au capital de Y": a share of Y's capital (an incise between the names is skipped)."""
    facts: list[GrantFact] = []
    pattern = re.compile(
        r"(?<![\wÀ-ÿ])(?:participe|participent|participait|participaient|a\s+participé|ont\s+participé)\s+"
        r"(?:(?:chacun|chacune)\s+)?à\s+hauteur\s+de\s+(?P<num>\d+(?:,\d+)?)\s*%\s+(?:au|du)\s+capital\s+"
        r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*",
        re.IGNORECASE,
    )
    for match in pattern.finditer(ctx.text, *sent):
        target = ctx.read_entity(match.end(), allow_description=False)
        if target is None or target[0].label == "PER":
            continue
        subject = ctx.text[sent[0] : match.start()]
        # "A, dont la filiale X fournit l'infrastructure, et B participent": drop the incise
        incise = re.search(r",[^,;:«»]{1,90},", subject)
        funders = ctx.read_entity_list_backward(match.start(), sent[0])
        if incise is not None and re.fullmatch(r"\s*et\s+[^,;:«»]+", subject[incise.end() :]):
            first = ctx.read_entity(sent[0])
            conjunction = re.match(r"\s*et\s+", subject[incise.end() :])
            second = ctx.read_entity(sent[0] + incise.end() + (conjunction.end() if conjunction else 0))
            funders = [r[0] for r in (first, second) if r is not None]
        funders = [f for f in funders if f.label != "PER" and f != target[0]]
        share = Decimal(match["num"].replace(",", "."))
        evidence = ctx.evidence(sent[0], target[1], "money.share")
        facts += [GrantFact(f, (target[0],), evidence, share=share) for f in funders]
    return facts


def _context_recipient(ctx: Context, sent: tuple[int, int], funders: list[EntityRef]) -> EntityRef | None:
    """Who receives money the sentence does not name a receiver for."""
    named = _recipients(ctx, sent)
    if named and named[0] not in funders:
        return named[0]
    subject = ctx.description_subject(sent) or ctx.opening_mention(sent)
    if subject is not None and ctx.label_of(subject) != "PER" and ctx.ref(subject) not in funders:
        return ctx.ref(subject)
    paragraph = ctx.paragraph_of(sent[0])
    topic = ctx.topic_project
    if topic is not None and any(m.cluster == topic.cluster for m in ctx.mentions_in(*paragraph)):
        return ctx.ref(topic)
    salient = ctx.salient_organization(sent[0])
    if salient is not None and ctx.ref(salient) not in funders:
        return ctx.ref(salient)
    return None


def extract_grants(ctx: Context) -> list[GrantFact]:
    """Every grant the article states, sentence by sentence."""
    facts: list[GrantFact] = []
    for sent in ctx.sentences:
        facts += (
            _given_by(ctx, sent)
            + _supported_by(ctx, sent)
            + _invested_in(ctx, sent)
            + _shares(ctx, sent)
            + _received_from(ctx, sent)
            + _round_led_by(ctx, sent)
        )
        facts += _gives(ctx, sent, facts) + _granted(ctx, sent) + _stake(ctx, sent)
    unique: dict[tuple, GrantFact] = {}
    for fact in facts:
        unique.setdefault((fact.funders, fact.recipients, fact.amount, fact.share), fact)
    return list(unique.values())
