"""What every fact kind needs: the article's mentions as slots, its sentences, dates, lexicons.

The frame engine (engine/) reads the parse; this module holds the article under
extraction: its mentions as entity references (one per cluster, with the cluster's
longest name and most frequent label), its sentence spans, the dates of a span, and
the lexicons of ontology/lexicons.
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

__all__ = ["Context", "lexicon", "words_pattern", "norm"]

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

    @cached_property
    def headline_span(self) -> tuple[int, int, int] | None:
        """Where the headline is in the text (it opens it): (start, end, end of the part before
        its " : ", or start when it has none); None when the article has no headline there."""
        headline = self.article.headline
        start = self.text.find(headline) if headline else -1
        if start < 0 or start > 200:
            return None
        colon = headline.find(" : ")
        return start, start + len(headline), start + colon if colon > 0 else start

    @property
    def reference(self) -> PartialDate | None:
        return self.article.date_published

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

    def dates_in(self, start: int, end: int) -> list[tuple[int, int, PartialDate]]:
        return [(s + start, e + start, d) for s, e, d in find_dates(self.text[start:end], self.reference)]
