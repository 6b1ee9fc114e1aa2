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

from dataclasses import replace
from decimal import Decimal
from typing import Any

from ....records import EntityRef, Evidence, FoundingFact, GrantFact, PartialDate
from ..common import Context, lexicon
from .amounts import Amount, find_amounts
from .frames import Reading
from .refs import Resolver, announced_count

__all__ = ["extract_grants"]


def extract_grants(ctx: Context, found: list[Reading], resolver: Resolver) -> list[GrantFact]:
    facts: list[GrantFact] = []
    seen: set[tuple] = set()
    financed = _headline_recipient(ctx, found)
    for reading in found:
        if reading.frame.fact != "grant" or reading.clause.negated or reading.clause.planned:
            continue
        for fact in _grants(ctx, reading, resolver, facts, financed):
            key = (fact.funders, fact.recipients, fact.amount, fact.through)
            # a verb and the noun it carries may read the same grant twice
            if key in seen or any(_same_grant(fact, other) for other in facts):
                continue
            seen.add(key)
            facts.append(fact)
    return facts


def _headline_recipient(ctx: Context, found: list[Reading]) -> EntityRef | None:
    """The organization the headline says is financed ("Colivélo boucle une série A de 9,5
    millions d'euros", "la SEM X lève 46 millions"): the receiver of a funding read in the
    headline, when there is exactly one."""
    if ctx.headline_span is None:
        return None
    start, end, before_colon = ctx.headline_span
    # ("Orléans : la SEM X lève 9 millions": the place fronted before the colon is no receiver)
    fronted = {ctx.ref(m) for m in ctx.mentions if start <= m.start and m.end <= before_colon and m.label == "LOC"}
    receivers = {r for reading in found if reading.frame.fact == "grant" and not reading.clause.negated
                 and not reading.clause.planned and start <= reading.clause.trigger.idx < end
                 for r in reading.slots.get("recipient", []) if r.label != "PER" and r not in fronted}
    return next(iter(receivers)) if len(receivers) == 1 else None


def _same_grant(fact: GrantFact, other: GrantFact) -> bool:
    return (set(fact.funders) <= set(other.funders) and fact.recipients == other.recipients
            and (fact.amount == other.amount or fact.amount is None)
            and fact.evidence.start == other.evidence.start)


def _grants(ctx: Context, reading: Reading, resolver: Resolver, before: list[GrantFact],
            financed: EntityRef | None = None) -> list[GrantFact]:
    funders = list(reading.slots.get("funder", []))
    lead = reading.slots.get("lead", [])
    if reading.frame.frame == "funding-round":
        # the lead, then who joins it ("aux côtés de B", "avec la participation de C")
        funders = list(dict.fromkeys([*lead, *funders, *reading.slots.get("cofunders", [])]))
    recipients = list(reading.slots.get("recipient", []))
    sources = reading.sources.get("recipient") or [
        t for position in dict(reading.frame.slots).get("recipient", ()) for t in reading.clause.args.get(position, [])
        if t.lower_ in ("chacun", "chacune")]
    described = [t for t in sources if resolver.named(t) is None]
    if described and len(described) == len(sources):
        # "Le projet bénéficie aussi d'une aide de la Région", "dans chacune des deux
        # structures": a description of what is funded, the organizations it counts or the
        # one spoken of
        recipients = _funded_before(ctx, reading, described, resolver, funders, before) or recipients
    if not recipients and reading.clause.trigger.dep_ == "acl":
        recipients = _financed_item(reading, resolver, funders)
    if not recipients and reading.distributive and reading.amount is not None:
        recipients = _just_founded(ctx, reading, funders)
    if not recipients and funders and reading.amount is not None:
        # "A et B ont mis chacun 60 M€ sur la table", "le tour de table est mené par X": the
        # receiver of the deal the sentences before told ("X lève 15 M€ … Alpage apporte 6
        # M€"), else (in a clause about capital) the organization spoken of; a gift with no
        # receiver, no deal before and no word of capital is not read (what the article
        # speaks of most: the last subject may be a funder of a clause before)
        recipients = _deal_before(ctx, reading, before, funders)
        if not recipients and _about_capital(reading, resolver):
            salient = resolver.most_mentioned(reading.clause.trigger.idx, tuple(funders))
            recipients = [ctx.ref(salient)] if salient is not None else []
        if not recipients and financed is not None and financed not in funders:
            # "Colivélo boucle une série A … Bpifrance a complété avec un prêt de 200 000 euros":
            # the article tells how the organization its headline says is financed was
            recipients = [financed]
    funders = [f for f in funders if f not in recipients]
    if not funders or not recipients:
        return []
    if any(r.label == "PER" for r in recipients):
        return []
    amount = reading.amount
    value, currency = (amount if amount is not None else (None, None))
    through = reading.one("through")
    channel_at = min((t.idx for t in reading.sources.get("through", [])), default=None)
    if through is not None and channel_at is not None and reading.amount is not None and any(
            reading.amounts[0][1] < a[0] < channel_at and " et " in ctx.text[reading.amounts[0][1] : a[0]]
            for a in _real_amounts(ctx, find_amounts(ctx.text, reading.amounts[0][1], channel_at))):
        # "A en a apporté 25 M€ et B 15 M€, par l'intermédiaire de C": the channel is B's (read
        # with the remnants), not A's
        through = None
    through = through or _through_after(ctx, reading, resolver)
    if through is not None and (through in funders or through in recipients):
        through = None
    evidence = ctx.evidence(*reading.sentence, "funding/" + reading.frame.frame.removeprefix("funding-")
                            + "/" + reading.clause.construction)
    date = reading.date
    facts = _respectively(reading, funders, recipients, evidence, through, date)
    if facts:
        return facts
    if reading.distributive and len(funders) > 1:
        return [GrantFact(f, tuple(recipients), evidence, value, currency or ("EUR" if value else None),
                          through, date=date) for f in funders]
    # several funders giving one sum together (no "chacun"): the sum is their total
    total = reading.total or len(funders) > 1
    if len(recipients) > 1 and not total and len(funders) == 1:
        # "X a investi dans A et B": a grant to each (a joint amount is said "au total")
        return [GrantFact(funders[0], (r,), evidence, value, currency or ("EUR" if value else None), through,
                          date=date) for r in recipients]
    first = GrantFact(funders[0], tuple(recipients), evidence, value, currency or ("EUR" if value else None),
                      through, total=total, date=date, cofunders=tuple(funders[1:]))
    return [first, *_gapped(ctx, resolver, reading, funders, recipients, evidence)]


def _deal_before(ctx: Context, reading: Reading, before: list[GrantFact],
                 funders: list[EntityRef]) -> list[EntityRef]:
    """The receiver of the last grant read in this sentence or the two before, when none of
    this clause's funders is it."""
    start = reading.sentence[0]
    floor = ([s for s in ctx.sentences if s[0] <= start][-3:] or [(start, start)])[0][0]
    recent = [g for g in before if floor <= g.evidence.start <= start and not set(g.recipients) & set(funders)]
    return list(recent[-1].recipients) if recent else []


def _funded_before(ctx: Context, reading: Reading, described: list[Any], resolver: Resolver,
                   funders: list[EntityRef], before: list[GrantFact]) -> list[EntityRef]:
    """What a description of the funded item stands for: "chacune des deux structures" the
    organizations last founded (as many as counted); "la jeune entreprise", "le projet" the
    receiver of the deal just told, else the organization the sentences before are about
    (not the one named most)."""
    word = described[0]
    if word.lower_ in ("chacun", "chacune"):
        numbers = lexicon("organizations")["numbers"]
        count = announced_count(c for c in word.subtree if c.dep_ == "nummod" or c.lower_ in numbers)
        founded = _founded(ctx, 0, reading.sentence[1], funders)
        last = list(dict.fromkeys(reversed(founded)))[:count] if count > 1 else []
        return list(reversed(last)) if len(last) == count else []
    if word.lower_ in ("lui", "leur"):
        # "A a soutenu la société …, et B lui a octroyé …": the receiver of the deal just told
        return _deal_before(ctx, reading, before, funders)
    if word.pos_ != "NOUN" or not Resolver.definite(word):
        return []
    founded = resolver.newly_founded(word, tuple(funders))
    if founded is not None:
        # "La nouvelle société a levé …": the one just founded
        return [founded]
    deal = _deal_before(ctx, reading, before, funders)
    if deal:
        return deal
    found = resolver.salient_organization(word.idx, tuple(funders))
    return [ctx.ref(found)] if found is not None else []


def _just_founded(ctx: Context, reading: Reading, funders: list[EntityRef]) -> list[EntityRef]:
    """ "… la création de X, … et de Y. Le tout doté de 75 M€ chacun apportés par A": an
    amount given to each, with no receiver named, goes to the organizations whose founding
    the sentence before (or this one) told."""
    start = reading.sentence[0]
    previous = [s for s in ctx.sentences if s[1] <= start][-1:]
    founded = list(dict.fromkeys(_founded(ctx, previous[0][0] if previous else start, reading.sentence[1], funders)))
    return founded if len(founded) > 1 else []


def _founded(ctx: Context, start: int, end: int, funders: list[EntityRef]) -> list[EntityRef]:
    """The organizations whose founding was read between `start` and `end`, in text order."""
    return [f.organization for f in ctx.facts if isinstance(f, FoundingFact)
            and start <= f.evidence.start < end and f.organization not in funders]


def _clause_end(ctx: Context, reading: Reading, resolver: Resolver) -> int:
    """The index of the last token of the grant's own words: its arguments (whole names) and
    its amount, wherever the parser hung them."""
    doc = ctx.doc
    own = _own_tokens(reading)
    ends = [t.idx + len(t.text) for t in own]
    for token in own:
        mention = resolver.mention_at(token)
        if mention is not None:
            ends.append(mention.end)
    if reading.amounts:
        ends.append(reading.amounts[0][1])
    last_char = max(ends or [reading.clause.trigger.idx + len(reading.clause.trigger.text)])
    return max([t.i for t in doc if t.idx < last_char] or [reading.clause.trigger.i])


def _own_tokens(reading: Reading, channel: bool = True) -> list[Any]:
    """The tokens of the grant's slots with their determiners, prepositions, adjectives and name
    parts (without the channel's, when `channel` is False)."""
    return [t for slot, tokens in reading.sources.items() if channel or slot != "through" for head in tokens
            for t in [head, *(c for c in head.children if c.dep_ in ("flat:name", "det", "case", "amod"))]]


def _through_after(ctx: Context, reading: Reading, resolver: Resolver) -> EntityRef | None:
    """ "135 M€ apportés par l'État, via la Caisse des dépôts": the channel said right after
    the clause, after a comma, wherever the parser hung it."""
    if reading.clause.trigger.pos_ != "VERB":
        return None
    words = [p.removeprefix("pp:") for p in dict(reading.frame.slots).get("through", ())]
    if not words:
        return None
    doc = ctx.doc
    end = _clause_end(ctx, reading, resolver)
    stop = min(len(doc), end + 10)
    later = [a[0] for a in _real_amounts(ctx, [*reading.amounts[1:], *find_amounts(
        ctx.text, doc[end].idx + len(doc[end].text), reading.sentence[1])])]
    for k in range(end + 1, stop):
        token = doc[k]
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ")", ".") or token.is_sent_start:
            return None
        if any(token.idx <= a < token.idx + len(token.text) for a in later):
            # "A en a apporté 25 M€ et B 15 M€, par l'intermédiaire de C": the channel is B's
            return None
        for word in words:
            parts = word.split()
            if [t.lower_.replace("’", "'") for t in doc[k : k + len(parts)]] == parts \
                    and doc[k - 1].text == ",":
                head = doc[k + len(parts) - 1].head
                return resolver.entity(head, False)
    return None


def _respectively(reading: Reading, funders: list[EntityRef], recipients: list[EntityRef], evidence: Evidence,
                  through: EntityRef | None, date: PartialDate | None) -> list[GrantFact]:
    """ "A et B ont apporté respectivement 60 et 40 millions": the amounts, in order, are each
    funder's (or each recipient's); a bare number takes the unit of the amount that ends the list."""
    if not any(t.lower_ == "respectivement" for t in reading.clause.scope):
        return []
    amounts = sorted(reading.amounts, key=lambda a: a[0])
    if not amounts or not amounts[-1][4]:
        return []
    last = amounts[-1]
    factor = _multiplier(reading, last)
    values = [a[2] if a[4] else a[2] * factor for a in amounts]
    currency = last[3] or "EUR"
    if len(values) == len(funders) and len(recipients) == 1:
        return [GrantFact(f, tuple(recipients), evidence, v, currency, through, date=date)
                for f, v in zip(funders, values, strict=True)]
    if len(values) == len(recipients) and len(funders) == 1:
        return [GrantFact(funders[0], (r,), evidence, v, currency, through, date=date)
                for r, v in zip(recipients, values, strict=True)]
    return []


def _multiplier(reading: Reading, amount: Amount) -> Decimal:
    """What the last number of an amount was multiplied by ("40 millions": 10^6)."""
    doc = reading.clause.trigger.doc
    span = doc.char_span(amount[0], amount[1], alignment_mode="expand")
    numbers = [t for t in span if t.like_num] if span is not None else []
    if not numbers:
        return Decimal(1)
    try:
        written = Decimal(numbers[0].text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
                          .replace(",", "."))
    except ArithmeticError:
        return Decimal(1)
    return amount[2] / written if written else Decimal(1)


def _gapped(ctx: Context, resolver: Resolver, reading: Reading, funders: list[EntityRef],
            recipients: list[EntityRef], evidence: Evidence) -> list[GrantFact]:
    """Grants that share the verb of the one read, with the verb left out: "A a investi 100 M€
    dans X, B deux fois moins", "OVHcloud bénéficiera de 87 millions, Atos de 64 millions",
    "…, et B, qui détiendra 20 %, 45 millions", "135 M€ apportés par A, 60 millions chacun par B
    et C". The sentence after the clause is cut at its commas; a piece without a verb that
    names someone and an amount (or an amount after a piece that only names someone) repeats
    the grant with that name in the doer's place; a bare number takes the first amount's unit."""
    if reading.amount is None or reading.clause.trigger.pos_ != "VERB":
        return []
    doer = next((slot for slot, tokens in reading.sources.items() if slot in ("funder", "recipient") and any(
        t.dep_ in ("nsubj", "nsubj:pass", "obl:agent") for t in tokens)), None)
    if doer is None:
        return []
    doc = ctx.doc
    sent_end = doc.char_span(*reading.sentence, alignment_mode="expand")
    if sent_end is None:
        return []
    first_amount = reading.amounts[0]
    factor = _multiplier(reading, first_amount)
    # the remnants come after the grant's own words (its arguments and its amount), wherever the
    # parser hung them
    # (a channel said after the remnants is theirs: "…, et B 15 M€, par l'intermédiaire de C")
    own = _own_tokens(reading, channel=False)
    last_char = max([first_amount[1], *(t.idx + len(t.text) for t in own)])
    end_of_clause = max([t.i for t in doc if t.idx < last_char] or [reading.clause.trigger.i])
    amounts = find_amounts(ctx.text, last_char, reading.sentence[1])
    used = set(funders) | set(recipients)
    facts: list[GrantFact] = []
    pieces: list[list[Any]] = [[]]
    for token in doc[end_of_clause + 1 : sent_end.end]:
        if token.text in (",", ";") or (token.lower_ == "et" and pieces[-1]):
            pieces.append([])
        elif not token.is_space:
            pieces[-1].append(token)
    pending: list[EntityRef] = []
    channels = [p.removeprefix("pp:").removesuffix(" de") for p in dict(reading.frame.slots).get("through", ())]
    for piece in pieces:
        if not piece:
            continue
        written = ctx.text[piece[0].idx : piece[-1].idx + len(piece[-1].text)].lower().replace("’", "'")
        if any(written.startswith(c + " ") or written.startswith(c + "'") for c in channels):
            # "…, et B 15 millions, par l'intermédiaire de C": C is the channel of B's grant
            names = resolver.entities([t for t in piece if t.pos_ in ("PROPN", "NOUN", "X")
                                       and resolver.mention_at(t) is not None], False)
            if facts and names and names[0] not in used and facts[-1].through is None:
                facts[-1] = replace(facts[-1], through=names[0])
            continue
        if piece[0].lower_ in ("qui", "dont", "que", "qu'", "où"):
            continue  # a relative clause inside the list: the name before it still waits for its amount
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "amod") for t in piece):
            break
        names = [r for r in resolver.entities([t for t in piece if t.pos_ in ("PROPN", "NOUN", "X")], None)
                 if r not in used and r.label != "PER"]
        names = list(dict.fromkeys(names))
        found = [a for a in amounts if piece[0].idx <= a[0] < piece[-1].idx + len(piece[-1].text)]
        if not found:
            pending = names if names and len(piece) <= 6 else []
            continue
        amount = found[0]
        if not amount[4] and _year_or_name(ctx, amount):
            continue
        value = amount[2] if amount[4] else amount[2] * factor
        who = names or pending
        pending = []
        if not who:
            continue
        distributive = any(t.lower_ in ("chacun", "chacune") for t in piece)
        for name in who if distributive or len(who) == 1 else who[:1]:
            if doer == "funder":
                facts.append(GrantFact(name, tuple(recipients), evidence, value, amount[3] or "EUR"))
            else:
                facts.append(GrantFact(funders[0], (name,), evidence, value, amount[3] or "EUR"))
        if not distributive and len(who) > 1 and doer == "funder":
            facts[-1] = GrantFact(who[0], tuple(recipients), evidence, value, amount[3] or "EUR",
                                  cofunders=tuple(who[1:]))
        used.update(who)
    return facts


def _real_amounts(ctx: Context, amounts: list[Amount]) -> list[Amount]:
    """The amounts that are money: not bare numbers that are years or parts of names ("en
    2012", "France 2030")."""
    return [a for a in amounts if a[4] or not _year_or_name(ctx, a)]


# (and the money a company is given when it is set up: "apporté 60 M€ lors de sa constitution")
def _year_or_name(ctx: Context, amount: Amount) -> bool:
    """A bare number that is a year or part of a name ("au titre de France 2030"), not an
    amount left without its unit."""
    before = ctx.text[max(0, amount[0] - 30) : amount[0]].split()
    if before and before[-1][:1].isupper():
        return True
    return amount[2] == int(amount[2]) and 1900 <= amount[2] <= 2100


_CAPITAL = frozenset({"capital", "table", "tour", "levée", "actionnariat", "pot", "tour de table", "participation",
                      "constitution", "création", "fondation", "lancement"})


def _about_capital(reading: Reading, resolver: Resolver) -> bool:
    """The clause speaks of a company's capital or a funding round ("sur la table", "au
    capital", "le tour de table"): then a gift's receiver is the company spoken of (a word of
    a name, "Alpage Capital", is no such word)."""
    if reading.frame.frame == "funding-round":
        return True
    return any(t.lemma_.lower() in _CAPITAL and resolver.mention_at(t) is None for t in reading.clause.scope)


def _financed_item(reading: Reading, resolver: Resolver, funders: list[EntityRef]) -> list[EntityRef]:
    """ "le financement du projet (135 M€ apportés par A …)": the participle says of an amount;
    what is funded is the "de" complement of the funding noun that amount belongs to."""
    token = reading.clause.trigger.head
    for _ in range(4):
        if token.head.i == token.i:
            break
        token = token.head
        if token.pos_ == "NOUN" and token.lemma_.lower() in _FUNDING_NOUNS:
            for child in token.children:
                if child.dep_ == "nmod" and any(c.lower_ in ("de", "du", "d'", "des") for c in child.children):
                    found = resolver.entities([child], False, tuple(funders))
                    if found:
                        return found[:1]
    return []


_FUNDING_NOUNS = frozenset({"financement", "budget", "capital", "tour", "levée", "enveloppe", "investissement",
                            "plan", "montage"})
