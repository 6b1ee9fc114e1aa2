"""Quotations: words in quotation marks and who said them, read through the parse.

Quotation marks are found by pattern (« », “ ”, straight "…", ‘ ’; a quote that runs over
paragraphs reopens each one with «). The speaker comes from the clause of a verb of saying
next to the quote (ontology/lexicons/saying.yaml, by lemma, pronominal ones included):
- after it, with the subject inverted: "« … », explique X", "« … », se réjouit la
  directrice", "« … », a-t-il déclaré" (rule quote/speaker-after);
- before it, with a colon or "que": "X a déclaré : « … »", "X juge qu'« … »" (quote/speaker-before);
- inside it, as an incise: "« …, estime X, … »" (quote/incise);
- "Selon X, « … »", "« … », d'après X", "Pour X, « … »" (quote/according-to).
The subject is resolved as every frame's: a name, a pronoun (the person of that gender
the sentences before are about), a title ("le ministre": who holds it), a description or
an organization ("a fait savoir le groupe"). A quote that follows an attributed one with
no speaker of its own continues it (quote/continuation).
Only sentences are quotations: at least four words, starting in capitals or after a colon
or "que", so scare quotes ("« associés »") are left alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ....records import EntityRef, QuotationFact
from ..common import Context, lexicon
from .clauses import lemmas
from .refs import Resolver

__all__ = ["extract_quotes", "find_quoted_spans"]

Token = Any
_PAIRS = {"«": "»", "“": "”", '"': '"', "‘": "’"}


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each outermost pair of quotation marks; a « left open
    at a paragraph's end continues in the next paragraph that opens with «."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in _PAIRS and not (char == "‘" and pos > 0 and text[pos - 1].isalpha()):
            close = _closing(text, pos)
            if close > pos:
                spans.append((pos + 1, close))
                pos = close + 1
                continue
        pos += 1
    return spans


def _closing(text: str, pos: int) -> int:
    char = text[pos]
    closer = _PAIRS[char]
    if char == "«":
        depth, scan = 1, pos + 1
        while depth and scan < len(text):
            depth += {"«": 1, "»": -1}.get(text[scan], 0)
            if text[scan] == "\n" and depth:
                # a quote running over paragraphs reopens the next one with «
                rest = text[scan:].lstrip()
                if not rest.startswith("«"):
                    return -1
                scan = len(text) - len(rest)
            scan += 1
        return scan - 1 if depth == 0 else -1
    scan = pos + 1
    while scan < len(text):
        if text[scan] == "\n":
            return -1
        if text[scan] == closer and not (closer == "’" and scan + 1 < len(text) and text[scan + 1].isalpha()):
            return scan
        scan += 1
    return -1


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
    """(plain lemmas, pronominal lemmas, two-word verbs as (verb, second word))."""
    plain, pronominal, pairs = set(), set(), set()
    for verb in lexicon("saying")["verbs"]:
        if verb.startswith(("se ", "s'")):
            pronominal.add(verb.removeprefix("se ").removeprefix("s'"))
        elif " " in verb:
            first, second = verb.split()[0], verb.split()[-1]
            pairs.add((first, second))
        else:
            plain.add(verb)
    return frozenset(plain), frozenset(pronominal), frozenset(pairs)


def is_saying(token: Token) -> bool:
    plain, pronominal, pairs = _verbs()
    forms = lemmas(token)
    lemma = next((f for f in forms if f in plain or f in pronominal), forms[0])
    if token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ") and lemma not in plain:
        return False
    if lemma in plain:
        return True
    if lemma in pronominal:
        return any(c.lemma_ == "se" for c in token.children) or (
            token.i > 0 and token.doc[token.i - 1].lower_ in ("s'", "se", "s’"))
    for first, second in pairs:
        if lemma == first and any(c.lemma_.lower() == second for c in token.children):
            return True
        if lemma == second and token.head.lemma_.lower() == first:
            return True
    return False


def _saying_head(token: Token) -> Token:
    """ "a fait savoir": the speaker hangs under "faire", not "savoir"."""
    plain, _, pairs = _verbs()
    if token.lemma_.lower() not in plain and any(token.lemma_.lower() == s and token.head.lemma_.lower() == f
                                                 for f, s in pairs):
        return token.head
    return token


class _Reader:
    def __init__(self, ctx: Context, resolver: Resolver) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.resolver = resolver
        reporting = set(lexicon("saying")["reporting_verbs"])
        self.reporting = reporting

    def token_at(self, offset: int) -> Token | None:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def tokens(self, start: int, end: int) -> list[Token]:
        if end <= start:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def subject(self, verb: Token) -> EntityRef | None:
        verb = _saying_head(verb)
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass") or (child.dep_ == "expl:subj"):
                ref = self.resolver.entity(child)
                if ref is not None and ref.label in ("PER", "ORG", "MISC"):
                    return ref
        # "a-t-il déclaré", "explique-t-elle": the clitic the tokenizer may leave apart
        for token in self.doc[verb.i : min(len(self.doc), verb.i + 3)]:
            word = token.lower_.lstrip("-").replace("t-", "")
            if word in ("il", "elle"):
                return self.resolver.last_person(token.idx, "m" if word == "il" else "f")
        return None

    def after(self, close: int, sent_end: int) -> tuple[EntityRef, str] | None:
        """ "« … », explique X", "« … », a-t-elle ajouté", "« … », selon X"."""
        tokens = [t for t in self.tokens(close + 1, min(sent_end, close + 160)) if not t.is_space]
        for k, token in enumerate(tokens[:6]):
            if token.is_punct and token.text not in ("-", "—"):
                continue
            if token.lower_ in ("selon", "d'après", "d’après"):
                ref = self._according(token)
                return (ref, "according-to") if ref is not None else None
            if is_saying(token) and token.lemma_.lower() not in self.reporting:
                ref = self.subject(token)
                if ref is None:
                    ref = self._next_name(tokens[k + 1 : k + 6])
                return (ref, "speaker-after") if ref is not None else None
            if token.pos_ not in ("AUX", "ADV", "PRON") and token.lower_ not in ("-t-il", "-t-elle"):
                return None
        return None

    def _next_name(self, tokens: list[Token]) -> EntityRef | None:
        for token in tokens:
            mention = self.resolver.mention_at(token)
            if mention is not None:
                return self.ctx.ref(mention)
        return None

    def _according(self, token: Token) -> EntityRef | None:
        """The entity of "selon X": the preposition's noun."""
        target = token.head if token.dep_ in ("case", "fixed") else None
        if target is None:
            following = [t for t in self.doc[token.i + 1 : token.i + 6] if not t.is_punct]
            target = following[0] if following else None
        if target is None:
            return None
        return self.resolver.entity(target)

    def inside(self, start: int, end: int) -> EntityRef | None:
        """ "« …, estime X, … »": a verb of saying after a comma with its subject after it."""
        tokens = self.tokens(start, end)
        for k, token in enumerate(tokens[1:-1], start=1):
            if tokens[k - 1].text == "," and is_saying(token):
                ref = self.subject(token)
                if ref is not None and any(t.text == "," for t in tokens[k + 1 : k + 14]):
                    return ref
        return None

    def before(self, open_at: int, sent_start: int) -> tuple[EntityRef, str] | None:
        """ "X a déclaré : « … »", "X juge qu'« … »", "Selon X, « … »", "Pour X, « … »"."""
        tokens = [t for t in self.tokens(sent_start, open_at) if not t.is_space]
        if not tokens:
            return None
        last = tokens[-1]
        for token in reversed(tokens):
            if token.lower_ in ("selon", "d'après", "d’après"):
                ref = self._according(token)
                if ref is not None:
                    return ref, "according-to"
            if is_saying(token) and token.lemma_.lower() not in self.reporting:
                between = self.ctx.text[token.idx + len(token.text) : open_at]
                if ":" in between or last.lower_ in ("que", "qu'", "qu’") or between.strip() in ("", ","):
                    ref = self.subject(token)
                    if ref is not None:
                        return ref, "speaker-before"
        first = tokens[0]
        if first.lower_ in lexicon("saying")["according_to_initial"] and last.text == ",":
            ref = self._according(first)
            if ref is not None:
                return ref, "according-to"
        return None


def _is_sentence(text: str, before: str) -> bool:
    words = text.split()
    if len(words) < 4:
        return False
    lead = before.rstrip()
    return text.lstrip()[:1].isupper() or lead.endswith(":") or lead.lower().endswith(("que", "qu'", "qu’"))


def extract_quotes(ctx: Context, resolver: Resolver) -> list[QuotationFact]:
    reader = _Reader(ctx, resolver)
    facts: list[QuotationFact] = []
    previous: tuple[QuotationFact, int] | None = None
    for start, end in find_quoted_spans(ctx.text):
        inner = ctx.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        q_start, q_end = start + lead, end - trail
        before_text = ctx.text[max(0, start - 8) : start - 1]
        sent_start = ctx.sentence_of(max(0, start - 1))[0]
        if sent_start >= start - 1:
            sent_start = ctx.sentence_of(max(0, start - 2))[0]
        sent_end = ctx.sentence_of(min(len(ctx.text) - 1, end + 1))[1]
        according = reader.before(start - 1, sent_start)
        if not _is_sentence(inner, before_text) and not (according and len(inner.split()) >= 4):
            continue
        quoted = ctx.text[q_start:q_end]
        found = reader.after(end, sent_end)
        rule = found[1] if found else None
        speaker = found[0] if found else None
        if speaker is None:
            speaker = reader.inside(q_start, q_end)
            rule = "incise" if speaker is not None else None
        if speaker is None and according is not None:
            speaker, rule = according
        if speaker is None and previous is not None and _continues(ctx, previous[1], start):
            speaker, rule = previous[0].speaker, "continuation"
        if speaker is None:
            continue
        fact = QuotationFact(speaker, q_start, q_end, quoted, ctx.evidence(start - 1, min(len(ctx.text), end + 1),
                                                                           "quote/" + rule))
        facts.append(fact)
        previous = (fact, end)
    return facts


def _continues(ctx: Context, previous_end: int, start: int) -> bool:
    """A quote goes on the one before when at most a short clause without a name of its own
    stands between them, in the same paragraph or the next."""
    between = ctx.text[previous_end + 1 : start - 1]
    if between.count("\n\n") > 1 or len(between) > 200:
        return False
    return not any(previous_end < m.start < start and ctx.label_of(m) == "PER" for m in ctx.mentions)
