"""What every fact rule needs: the article's mentions as slots, sentences, dates, lexicons.

The rules read surface patterns anchored on the article's mentions (the lead's
entity module decides what is a name); this module turns a position in the
text into the entity there ("la Caisse des dépôts", "l'État", "la SSII" for the
company named just before), reads lists of entities ("A, B et C") and the
dates of a span, so that each fact module holds only its own patterns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

import yaml

from ...config import LEXICON_DIR
from ...dates import find_dates
from ...records import Article, EntityRef, Evidence, Mention, PartialDate

__all__ = ["Context", "lexicon", "words_pattern", "DETERMINER", "norm", "clause_subject"]

# Determiners and contracted prepositions that may precede a name.
DETERMINER = r"(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|à\s+la|à\s+l['’]|au|aux|la|le|les|l['’]|par)\s*)"
_APOS = "['’]"


@cache
def lexicon(name: str) -> dict[str, Any]:
    """One YAML lexicon of ontology/lexicons/ (general French, data not code)."""
    return yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """Lower case, typographic apostrophes straightened, spaces collapsed."""
    return re.sub(r"\s+", " ", text.replace("’", "'").lower()).strip()


def words_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of lexicon entries, longest first, apostrophes and spaces loose."""
    return _words_pattern(tuple(words))


@lru_cache(maxsize=512)
def _words_pattern(words: tuple[str, ...]) -> str:
    # the surface rules ask for the same lexicon alternations once per sentence: built once
    parts = []
    for word in sorted({str(w) for w in words}, key=len, reverse=True):
        escaped = re.escape(word.replace("’", "'")).replace("'", _APOS).replace(r"\ ", r"\s+")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


@dataclass
class Context:
    """One article under extraction: text, parse, mentions and the facts read so far."""

    doc: Any  # spacy.tokens.Doc over article.text
    article: Article
    mentions: list[Mention]
    facts: list[Any] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def reference(self) -> PartialDate | None:
        return self.article.date_published

    @cached_property
    def by_start(self) -> dict[int, Mention]:
        table: dict[int, Mention] = {}
        for mention in sorted(self.mentions, key=lambda m: (m.start, -(m.end - m.start))):
            table.setdefault(mention.start, mention)
        return table

    @cached_property
    def _cluster_names(self) -> dict[int, tuple[str, str]]:
        """Cluster -> (its longest surface form, its most frequent label)."""
        names: dict[int, tuple[str, str]] = {}
        grouped: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            grouped.setdefault(mention.cluster, []).append(mention)
        for cluster, members in grouped.items():
            name = max((m.text for m in members), key=lambda t: (len(t), t))
            label = Counter(m.label for m in members).most_common(1)[0][0]
            names[cluster] = (name, label)
        return names

    def ref(self, mention: Mention) -> EntityRef:
        name, label = self._cluster_names[mention.cluster]
        return EntityRef(name, label, mention.cluster)  # type: ignore[arg-type]

    def label_of(self, mention: Mention) -> str:
        return self._cluster_names[mention.cluster][1]

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        return Evidence(start, end, rule)

    # --- sentences and spans -------------------------------------------------

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans: spaCy's sentences, also cut at line breaks (titles, paragraphs).

        The parser's segmentation cuts long sentences at commas and titles at hyphens
        ("La jeune pousse X, qui conçoit …, | lève 30 M€"); a cut is kept only where
        the text before ends a sentence (. ! ? … with closing quotes) and the text after
        does not go on in lower case.
        """
        cuts = {0, len(self.text)}
        for sent in self.doc.sents:
            before = self.text[: sent.start_char].rstrip()
            after = self.text[sent.start_char : sent.start_char + 1]
            if re.search(r"[.!?…][»”\"')\]]*$", before) and not re.match(r"[a-zà-ÿ,;:)]", after):
                cuts.add(sent.start_char)
        spans: list[tuple[int, int]] = []
        ordered = sorted(cuts)
        for start, end in zip(ordered, ordered[1:], strict=False):
            for piece in re.finditer(r"[^\n]+", self.text[start:end]):
                if piece.group().strip():
                    spans.append((start + piece.start(), start + piece.end()))
        return spans

    def sentence_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return offset, offset

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def mentions_in(self, start: int, end: int, labels: tuple[str, ...] = ()) -> list[Mention]:
        return [
            m
            for m in sorted(self.mentions, key=lambda m: m.start)
            if start <= m.start and m.end <= end and (not labels or self.label_of(m) in labels)
        ]

    def last_mention_before(self, offset: int, labels: tuple[str, ...], floor: int = 0) -> Mention | None:
        found = [
            m for m in self.mentions if floor <= m.start and m.end <= offset and self.label_of(m) in labels
        ]
        return max(found, key=lambda m: m.start) if found else None

    def antecedent_organization(self, pos: int) -> Mention | None:
        """The organization a description ("la SSII", "le groupe") points back to.

        The last non-person name within the two sentences before, not
        introduced by a place preposition (labels are not trusted: the
        reference data may not have typed the name yet).
        """
        sentences = [s for s in self.sentences if s[0] < pos]
        floor = sentences[-3][0] if len(sentences) >= 3 else 0
        for mention in sorted(self.mentions, key=lambda m: -m.start):
            if floor <= mention.start and mention.end <= pos and self.label_of(mention) != "PER":
                before = self.text[max(0, mention.start - 6) : mention.start].lower()
                if not re.search(r"(?:\ben|\bà|\bau|\baux|\bvers|\bdans|\bsur)\s+(?:l['’])?$", before):
                    return mention
        return None

    def salient_organization(self, pos: int) -> Mention | None:
        """The organization a description in subject position ("L'entreprise compte 85
        salariés") points back to: the subject of the nearest of the three sentences before
        when it is an organization; else the organization named most often before `pos`.

        Not the last name before, as for a description after a verb: "X lève 30 M€ auprès
        de A et B. L'entreprise ..." speaks of X, not of B.
        """
        previous = [s for s in self.sentences if s[1] <= pos][-3:]
        for sent in reversed(previous):
            subject = self._sentence_subject(sent)
            if subject is not None:
                return subject
        counts: Counter[int] = Counter(
            m.cluster for m in self.mentions if m.end <= pos and self.label_of(m) in ("ORG", "MISC")
        )
        if not counts:
            return None
        cluster = counts.most_common(1)[0][0]
        return max((m for m in self.mentions if m.cluster == cluster and m.end <= pos), key=lambda m: m.start)

    def opening_mention(self, sent: tuple[int, int]) -> Mention | None:
        """The name that opens a sentence, after a determiner and common nouns ("Le
        fondateur Octave Klaba", "La jeune pousse X") or a leading adverbial: its subject
        in the usual French order."""
        starts = [re.compile(r"\s*").match(self.text, sent[0]).end()]
        for lead in _SUBJECT_LEADS:
            found = lead.match(self.text, sent[0], sent[1])
            if found is not None:
                starts.append(found.end())
        for start in dict.fromkeys(starts):
            mention = self.by_start.get(start) or self._known_surface_at(start)
            if mention is not None:
                return mention
        return None

    def topic_organization(self, pos: int, exclude: tuple[EntityRef, ...] = ()) -> Mention | None:
        """The organization named most often before `pos` (the article's subject, for "lui" in
        "Bpifrance lui a accordé une aide"), ties to the earliest; none of `exclude`."""
        counts: Counter[int] = Counter()
        first: dict[int, Mention] = {}
        for mention in sorted(self.mentions, key=lambda m: m.start):
            if mention.end > pos or self.label_of(mention) not in ("ORG", "MISC") or self.ref(mention) in exclude:
                continue
            counts[mention.cluster] += 1
            first.setdefault(mention.cluster, mention)
        if not counts:
            return None
        best = max(counts, key=lambda c: (counts[c], -first[c].start))
        return first[best]

    def _sentence_subject(self, sent: tuple[int, int]) -> Mention | None:
        """The organization that opens a sentence, if an organization does."""
        mention = self.opening_mention(sent)
        if mention is None:
            return None
        # the tagger often calls a little-known company a place; "la start-up X" says otherwise
        described = _company_pattern().search(self.text, sent[0], mention.start) is not None
        label = self.label_of(mention)
        return mention if label in ("ORG", "MISC") or (described and label != "PER") else None

    def description_subject(self, sent: tuple[int, int]) -> Mention | None:
        """A definite company description opening the clause ("L'entreprise", "De son côté,
        la jeune pousse", "L'établissement public"), as a mention of the organization it
        points back to, spanning the description's own words."""
        for lead in (re.compile(r"\s*"), re.compile(r"\s*[A-ZÀ-Ý][^,;:«»]{0,40},\s*")):
            opening = lead.match(self.text, sent[0], sent[1])
            if opening is None:
                continue
            found = _description_pattern().match(self.text, opening.end(), sent[1])
            if found is None:
                continue
            antecedent = self.salient_organization(sent[0])
            if antecedent is None:
                return None
            end = found.end()
            span = self.doc.char_span(sent[0], sent[1], alignment_mode="expand")
            for token in self.doc[span.start :] if span is not None else ():
                if token.idx < end:
                    continue
                if token.idx + len(token.text) > sent[1] or token.pos_ != "ADJ" or token.idx > end + 1:
                    break
                end = token.idx + len(token.text)
            return Mention(found.start(), end, self.text[found.start() : end], self.label_of(antecedent),
                           antecedent.cluster, "description")
        return None

    @cached_property
    def topic_project(self) -> Mention | None:
        """The project or consortium the article is about: the name most often
        introduced by a collaboration noun ("le projet X", "le consortium X")."""
        nouns = words_pattern(lexicon("organizations")["collaboration_nouns"])
        counts: Counter[str] = Counter()
        for mention in self.mentions:
            before = self.text[max(0, mention.start - 60) : mention.start].rsplit("\n", 1)[-1]
            pattern = rf"(?<![\wÀ-ÿ]){nouns}(?:\s+[a-zà-ÿ-]+)?(?:\s+(?:de|du|d['’])\s*[\wÀ-ÿ' ]{{0,40}})?\s*$"
            if re.search(pattern, before, re.I) or re.match(rf"{nouns}\s+\S", mention.text, re.I):
                counts[_bare_name(mention.text)] += 1
        if not counts:
            return None
        for name, _ in counts.most_common():
            named = [m for m in self.mentions if _bare_name(m.text) == name and self.label_of(m) != "PER"]
            if named:
                return min(named, key=lambda m: (m.text != name, m.start))
        return None

    def dates_in(self, start: int, end: int) -> list[tuple[int, int, PartialDate]]:
        return [(s + start, e + start, d) for s, e, d in find_dates(self.text[start:end], self.reference)]

    def single_date(self, start: int, end: int) -> PartialDate | None:
        """The date a span states, when it states exactly one."""
        dates = {d for _, _, d in self.dates_in(start, end)}
        return dates.pop() if len(dates) == 1 else None

    # --- reading entities at a position ---------------------------------------

    def read_entity(self, pos: int, allow_description: bool = True) -> tuple[EntityRef, int] | None:
        """The entity named at `pos` (after an optional determiner) and where it ends.

        A name is a mention; "l'État" / "le gouvernement" are the state words of
        the lexicon; "la SSII", "le groupe" (a company noun with a definite
        determiner) stand for the last organization named before.
        """
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        match = re.compile(DETERMINER + "?", re.IGNORECASE).match(self.text, pos)
        after = match.end() if match else pos
        for start in (after, pos):
            mention = self.by_start.get(start) or self._known_surface_at(start)
            if mention is not None:
                return self.ref(mention), mention.end
        state = _state_pattern().match(self.text, after)
        if state is not None:
            entry = lexicon("organizations")["state_words"][norm(state.group(1))]
            return EntityRef(entry["name"], entry["label"]), state.end()
        noun = _company_pattern().match(self.text, after)
        if noun is not None:
            # "l'éditeur Alter Way", "la start-up Lumio": the noun introduces the name written next
            named = _described_name(self, noun.end())
            if named is not None:
                return self.ref(named), named.end
        if allow_description and match and re.search(r"(?:^|\s)(?:la|le|l['’])\s*$", match.group(), re.I):
            if noun is not None:
                previous = self.antecedent_organization(pos)
                if previous is not None:
                    return self.ref(previous), noun.end()
        return None

    @cached_property
    def _surfaces(self) -> list[tuple[str, Mention]]:
        by_text: dict[str, Mention] = {}
        for mention in self.mentions:
            by_text.setdefault(mention.text, mention)
        return sorted(by_text.items(), key=lambda item: -len(item[0]))

    def _known_surface_at(self, pos: int) -> Mention | None:
        """A name the article names elsewhere, written again at `pos` but not tagged there."""
        if pos > 0 and (self.text[pos - 1].isalnum()):
            return None
        for surface, mention in self._surfaces:
            end = pos + len(surface)
            if self.text.startswith(surface, pos) and (end >= len(self.text) or not self.text[end].isalnum()):
                return Mention(pos, end, surface, mention.label, mention.cluster, "rule")
        return None

    def persons_in(self, start: int, end: int) -> list[Mention]:
        """Persons named in [start, end): tagged mentions, and names of persons the
        article tags elsewhere written again here (inside a wrongly cut span)."""
        found = {m.start: m for m in self.mentions_in(start, end, ("PER",))}
        for surface, mention in self._surfaces:
            if self.label_of(mention) != "PER" or len(surface.split()) < 2:
                continue
            for match in re.finditer(re.escape(surface), self.text[start:end]):
                pos = start + match.start()
                if not any(m.start <= pos < m.end for m in found.values()):
                    found[pos] = Mention(pos, pos + len(surface), surface, "PER", mention.cluster, "rule")
        return [found[k] for k in sorted(found)]

    def read_entity_list(self, pos: int) -> tuple[list[EntityRef], int]:
        """Entities coordinated from `pos`: "A, B et C", "A et de B"; ([], pos) when none."""
        first = self.read_entity(pos)
        if first is None:
            return [], pos
        refs, ends, seps = [first[0]], [first[1]], []
        separator = re.compile(
            # an acronym in parentheses after a name is skipped: "Amazon Web Services (AWS), Microsoft et Google"
            r"(?:\s*\([A-Za-zÀ-ÿ0-9&.’' -]{1,15}\))?"
            r"(?P<sep>\s*(?:,\s*(?:et\s+|ainsi\s+que\s+)?|\s+et\s+|\s+ainsi\s+que\s+|\s+ou\s+))",
            re.I,
        )
        while True:
            sep = separator.match(self.text, ends[-1])
            if sep is None:
                break
            nxt = self.read_entity(sep.end())
            if nxt is None:
                break
            refs.append(nxt[0])
            ends.append(nxt[1])
            seps.append(sep.group("sep").strip() != ",")
            if seps[-1]:
                break  # a list has one "et", its last: "d'A et de B, et C …" ends at B
        # "A, B" without a final "et" is an apposition or an incise, not a list
        while seps and not seps[-1]:
            seps.pop()
            refs.pop()
            ends.pop()
        return refs, ends[-1]

    def read_entity_list_backward(self, end: int, floor: int) -> list[EntityRef]:
        """Entities coordinated just before `end` ("A et B se sont ..."), nearest last."""
        for start in range(max(floor, end - 200), end):
            if start not in self.by_start and self._known_surface_at(start) is None:
                continue
            refs, stop = self.read_entity_list(start)
            if refs and re.fullmatch(r"[\s,]*", self.text[stop:end]):
                return refs
        return []


# up to two lower-case words between a company noun and its name, none a preposition
# ("la filiale cloud de X" is not X)
_ADJECTIVES = re.compile(r"(?:\s+(?!(?:de|du|des|à|au|aux|en|pour|par|chez|sur|dans|et|ou)\b)[a-zà-ÿ-]+){0,2}\s+")


def _described_name(ctx: Context, pos: int) -> Mention | None:
    """The name right after a company noun and at most two lower-case adjectives
    ("l'éditeur Alter Way", "la jeune pousse lyonnaise Qarnix"), not a person."""
    words = re.compile(r"(?:\s+[a-zà-ÿ-]+){0,2}?\s+").match(ctx.text, pos)
    if words is None:
        return None
    for candidate in re.finditer(r"\s+", ctx.text[pos : words.end() + 1]):
        start = pos + candidate.end()
        mention = ctx.by_start.get(start) or ctx._known_surface_at(start)
        if mention is not None and ctx.label_of(mention) != "PER":
            between = ctx.text[pos:start]
            if re.fullmatch(_ADJECTIVES, between):
                return mention
    return None


_SUBJECT_DET = (
    r"(?:(?:[Ll]e|[Ll]a|[Ll]es|[Ll]['’]|[Uu]n|[Uu]ne|[Ss]a|[Ss]on|[Ss]es|[Ll]eur|[Cc]ette|[Cc]e)\s*"
    r"(?:[a-zà-ÿ-]+\s+){0,3})?"
)
_SUBJECT_LEADS = (
    re.compile(r"\s*" + _SUBJECT_DET),
    # after a leading adverbial: "De son côté, ", "Quelques mois plus tôt, "
    re.compile(r"\s*[A-ZÀ-Ý][^,;:«»]{0,40},\s*" + _SUBJECT_DET),
    # after two: "En Bretagne, enfin, la jeune pousse X"
    re.compile(r"\s*[A-ZÀ-Ý][^,;:«»]{0,40},\s*[a-zà-ÿ][^,;:«»]{0,25},\s*" + _SUBJECT_DET),
)
_INCISE = re.compile(r"\s*(?:,[^,;:«»]{1,90},)?\s*")


def clause_subject(ctx: Context, sent: tuple[int, int], verb_start: int, person: bool = False) -> Mention | None:
    """The name that is the subject of the verb at `verb_start`: the first name of the
    clause (after an optional leading adverbial and common nouns: "la start-up Lumio"),
    with nothing but an optional incise (", la filiale de X,") between it and the verb.
    Organizations by default, where a description ("L'entreprise") stands for the
    organization it points back to; persons only when `person` is True."""
    starts = [re.compile(r"\s*").match(ctx.text, sent[0]).end()]
    for lead in _SUBJECT_LEADS:
        found = lead.match(ctx.text, sent[0], verb_start)
        if found is not None:
            starts.append(found.end())
    for start in dict.fromkeys(starts):
        mention = ctx.by_start.get(start) or ctx._known_surface_at(start)
        if mention is None or mention.end > verb_start or (ctx.label_of(mention) == "PER") != person:
            continue
        if _INCISE.fullmatch(ctx.text, mention.end, verb_start):
            return mention
    if not person:
        described = ctx.description_subject(sent)
        if described is not None and described.end <= verb_start and _INCISE.fullmatch(
            ctx.text, described.end, verb_start
        ):
            return described
    return None


def _bare_name(text: str) -> str:
    """A name without the elided word the tagger sometimes glues to it ("Nuvola n’")."""
    return re.sub(r"\s+(?:n|d|l|qu|s|j|m|c)['’]$", "", text.strip())


@lru_cache(maxsize=1)
def _state_pattern() -> re.Pattern[str]:
    words = list(lexicon("organizations")["state_words"])
    return re.compile(rf"({words_pattern(words)})(?![\wÀ-ÿ])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _description_pattern() -> re.Pattern[str]:
    """ "L'entreprise", "La jeune pousse lyonnaise", "L'établissement public": a definite
    determiner, at most two lower-case words, a company noun (adjectives after it are
    added by `description_subject`, from the parse)."""
    nouns = words_pattern(lexicon("organizations")["company_nouns"])
    return re.compile(
        rf"(?:[Ll]e|[Ll]a|[Ll]['’])\s*(?:[a-zà-ÿ-]+\s+){{0,2}}?{nouns}(?![\wÀ-ÿ-])"
    )


@lru_cache(maxsize=1)
def _company_pattern() -> re.Pattern[str]:
    words = lexicon("organizations")["company_nouns"]
    return re.compile(rf"{words_pattern(words)}(?![\wÀ-ÿ])", re.IGNORECASE)
