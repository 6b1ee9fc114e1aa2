"""Link a mention (name + NER label + article context) to a Wikidata item, or to none.

A wrong link is worse than none: users query `owl:sameAs wd:Q…` and trust it.
So the linker only ever considers items one of whose names equals the mention
once case, accents, a leading article, apostrophes and punctuation are set
aside (never a substring: "plan Cloud Computing" is not "cloud computing"),
scores each candidate, and links only when the best one is good enough *and*
clearly ahead of the next: a name two items share, with nothing to tell them
apart, stays NIL.

Score of a candidate = name match x type compatibility + context bonus.

- name match: 1.00 the French label as written, 0.95 another label or alias as
  written, 0.90 / 0.85 the same up to case and accents; 0.30 when the item's name
  is a lowercase common word and the mention a capitalized proper name ("Orange"
  vs the fruit "orange"); 0.85 for a surname whose full name is in the context.
- type compatibility: the mention's NER label against the item's coarse kind
  (`COMPATIBILITY`). spaCy's French NER often types a company as LOC or PER
  ("Atos", "Numergy"), so those labels are soft for single words and acronyms;
  but a person-shaped PER mention (two or more capitalized words, no acronym,
  no organization word) never links to a company or place, and an ORG mention
  links to a place only when the place is a polity (country, state, union) or
  the mention is its acronym ("UE"): never to a commune or a river.
- context: +0.075 per content word (at most +0.225) for words of the article found in the item's
  labels, aliases, description and class labels. Ranking, threshold and margin
  use the sum (which may exceed 1); the recorded score is capped at 1.

Decision: accept the best candidate when score >= `NIL_THRESHOLD` and it leads
the next distinct item by `MARGIN`; otherwise NIL, with the reason. Curation
(`ontology/curation.yaml`) forces or forbids links and is recorded on the
decision. `explain` renders all of it for a curator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .config import CURATION_FILE
from .errors import ReferenceDataError
from .records import Candidate, LinkDecision, NerLabel
from .reference import Reference, ReferenceItem, fold_accents, ruler_patterns
from .reference import normalize_key as _normalize_key
from .reference import surface_core as _surface_core

__all__ = ["Linker", "Curation", "load_curation", "mention_shape", "NIL_THRESHOLD", "MARGIN", "COMPATIBILITY"]

NIL_THRESHOLD = 0.60
MARGIN = 0.15
CONTEXT_STEP = 0.075
CONTEXT_CAP = 0.225
MAX_CANDIDATES = 10

# Name match qualities (see the module docstring).
EXACT_LABEL, EXACT_ALIAS = 1.00, 0.95
NORMALIZED_LABEL, NORMALIZED_ALIAS = 0.90, 0.85
COMMON_WORD = 0.30
SURNAME = 0.85

# Type compatibility: (mention label, mention shape) -> candidate kind -> factor.
# Shapes: "person" (multi-word person name), "name" (anything else). Kind None =
# an item whose type the reference does not tell (a live item of an unknown class).
_SOFT_PER = {"PER": 1.0, "ORG": 0.8, "LOC": 0.5, "MISC": 0.3, None: 0.5}
COMPATIBILITY: dict[tuple[str, str], dict[str | None, float]] = {
    ("PER", "person"): {"PER": 1.0, "ORG": 0.0, "LOC": 0.0, "MISC": 0.0, None: 0.5},
    ("PER", "name"): _SOFT_PER,
    ("ORG", "person"): {"PER": 0.3, "ORG": 1.0, "LOC": 0.0, "MISC": 0.6, None: 0.6},
    ("ORG", "name"): {"PER": 0.3, "ORG": 1.0, "LOC": 0.0, "MISC": 0.6, None: 0.6},
    ("LOC", "person"): {"PER": 0.0, "ORG": 0.8, "LOC": 1.0, "MISC": 0.3, None: 0.6},
    ("LOC", "name"): {"PER": 0.3, "ORG": 0.8, "LOC": 1.0, "MISC": 0.3, None: 0.6},
    ("MISC", "person"): {"PER": 0.5, "ORG": 0.75, "LOC": 0.5, "MISC": 1.0, None: 0.6},
    ("MISC", "name"): {"PER": 0.3, "ORG": 0.75, "LOC": 0.5, "MISC": 1.0, None: 0.6},
}
ORG_TO_POLITY = 0.75  # an ORG mention naming a country/union, or its acronym ("UE")

# Words that make a capitalized multi-word name an organization, not a person
# (general French and international company vocabulary).
_ORG_WORDS = frozenset(
    """sa sas sarl se ag inc llc ltd plc gmbh corp corporation co company group groupe holding
    compagnie societe banque caisse fonds agence institut office conseil commission ministere
    fondation association federation union universite laboratoire technologies systemes systems
    services solutions networks telecom telecoms consulting partners capital""".split()
)
_PARTICLES = frozenset("de du d' von van der den le la di da del ben el".split())
_ACRONYM = re.compile(r"[A-Z0-9&]{2,8}")
_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    """les des une est son ses sur dans pour par avec qui que quoi dont mais plus aux ont pas
    cette ces leur leurs elle ils sont the and for of été etre etait fait faire comme tout tous
    entre selon sans sous chez vers apres avant depuis aussi ainsi deja encore tres bien""".split()
)


# The same names come back at every call (candidates' labels, the article's names):
# memoized here, not in `reference`, whose loader sees each of 100,000s of names once.
normalize_key = lru_cache(maxsize=1 << 16)(_normalize_key)
surface_core = lru_cache(maxsize=1 << 16)(_surface_core)


def _is_acronym(core: str) -> bool:
    compact = core.replace(".", "").replace(" ", "")
    return bool(_ACRONYM.fullmatch(compact)) and any(ch.isalpha() for ch in compact)


def mention_shape(name: str) -> str:
    """"person" for a multi-word capitalized name with no acronym or organization word, else "name".

    Why: spaCy mistypes single words and acronyms (a company called PER or LOC)
    far more often than full person names; only the latter make the PER label
    strict enough to rule out companies.
    """
    tokens = surface_core(name).replace("\u2019", "'").split()
    if len(tokens) < 2 or len(tokens) > 5:
        return "name"
    if not (tokens[0][:1].isupper() and tokens[-1][:1].isupper()):
        return "name"
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        folded = fold_accents(token).lower().strip(".,")
        if not token[:1].isupper() or any(ch.isdigit() for ch in token) or folded in _ORG_WORDS:
            return "name"
        if len(token) > 1 and token.isupper():
            return "name"
    return "person"


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(normalize_key(text)) if len(w) >= 3 and w not in _STOPWORDS}


# --- curation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurationRule:
    """One curator decision: force `qid` for `keys`, or forbid it (qid None = force NIL)."""

    action: str  # "force" | "forbid"
    keys: frozenset[str]  # normalized names; empty = every mention (forbid only)
    qid: str | None
    labels: frozenset[str]
    why: str

    def applies(self, key: str, label: str) -> bool:
        return (not self.keys or key in self.keys) and (not self.labels or label in self.labels)


@dataclass
class Curation:
    rules: list[CurationRule] = field(default_factory=list)
    path: Path | None = None

    def forced(self, key: str, label: str) -> CurationRule | None:
        return next((r for r in self.rules if r.action == "force" and r.applies(key, label)), None)

    def forbidden(self, key: str, label: str) -> list[CurationRule]:
        return [r for r in self.rules if r.action == "forbid" and r.applies(key, label)]


def load_curation(path: Path | None, reference: Reference) -> Curation:
    """Read the curator's file; a rule naming an item absent from the reference is an error."""
    if path is None or not Path(path).exists():
        return Curation(path=path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"force", "forbid"}:
        raise ReferenceDataError(f"{path}: expected only the keys 'force' and 'forbid'")
    rules: list[CurationRule] = []
    for action in ("force", "forbid"):
        for n, entry in enumerate(data.get(action) or [], start=1):
            where = f"{path}: {action} #{n}"
            if not isinstance(entry, dict) or set(entry) - {"names", "qid", "labels", "why"}:
                raise ReferenceDataError(f"{where}: expected keys names, qid, labels, why")
            qid = entry.get("qid")
            names = entry.get("names") or []
            if action == "force" and (not qid or not names):
                raise ReferenceDataError(f"{where}: a forced link needs 'names' and 'qid'")
            if action == "forbid" and not qid and not names:
                raise ReferenceDataError(f"{where}: a forbidden link needs 'names' or 'qid'")
            if qid and qid not in reference:
                raise ReferenceDataError(
                    f"{where}: {qid} is not in the reference data; add the verified item first"
                )
            labels = frozenset(entry.get("labels") or ())
            if labels - {"PER", "ORG", "LOC", "MISC"}:
                raise ReferenceDataError(f"{where}: labels must be among PER, ORG, LOC, MISC")
            keys = frozenset(normalize_key(str(name)) for name in names)
            rules.append(CurationRule(action, keys, qid, labels, str(entry.get("why", "")).strip()))
    return Curation(rules, Path(path))


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class _Scored:
    item: ReferenceItem
    score: float
    method: str
    reasons: list[str]


def _name_match(mention_core: str, item: ReferenceItem, key: str) -> tuple[float, str, str] | None:
    """Best (quality, method, matched name) of the item's names against the mention."""
    best: tuple[float, str, str] | None = None
    mention_capital = mention_core[:1].isupper()
    acronym = _is_acronym(mention_core)
    for name, how in item.names():
        if normalize_key(name) != key:
            continue
        core = surface_core(name)
        if core == mention_core:
            quality, method = (EXACT_LABEL, "exact-label") if how == "label" else (EXACT_ALIAS, "alias")
        elif mention_capital and core[:1].islower():
            quality, method = COMMON_WORD, "common-word"
        elif acronym and not _is_acronym(core):
            quality, method = COMMON_WORD, "acronym-of-word"
        elif how == "label":
            quality, method = NORMALIZED_LABEL, "normalized-label"
        else:
            quality, method = NORMALIZED_ALIAS, "normalized-alias"
        if best is None or quality > best[0]:
            best = (quality, method, name)
    return best


def _compatibility(label: str, shape: str, item: ReferenceItem, acronym: bool) -> tuple[float, str]:
    factor = COMPATIBILITY[(label, shape)].get(item.kind, 0.0)
    why = f"{label} mention vs {item.kind or 'untyped'} item x{factor:.2f}"
    if label == "ORG" and item.kind == "LOC" and (item.polity or acronym):
        factor = ORG_TO_POLITY
        why = f"ORG mention vs {'polity' if item.polity else 'place named by acronym'} x{factor:.2f}"
    if shape == "person" and label == "PER" and item.kind != "PER":
        why += " (a person's name never links to a non-person)"
    return factor, why


class Linker:
    """Decides links against a Reference, applying the curator's file."""

    def __init__(self, reference: Reference, curation_path: Path | None = CURATION_FILE) -> None:
        self.reference = reference
        self.curation = load_curation(curation_path, reference)
        self._profiles: dict[str, frozenset[str]] = {}

    # -- context
    def _profile(self, item: ReferenceItem) -> frozenset[str]:
        """Content words describing an item: its names, description and class labels."""
        cached = self._profiles.get(item.qid)
        if cached is None:
            texts = [name for name, _ in item.names()]
            if item.description:
                texts.append(item.description)
            for cls in (*item.p31, *item.p279):
                neighbour = self.reference.get(cls)
                if neighbour is not None:
                    texts.extend(neighbour.labels.values())
            words: set[str] = set()
            for text in texts:
                words |= _content_words(text)
            cached = self._profiles[item.qid] = frozenset(words)
        return cached

    def _surname_candidates(self, mention_core: str, key: str, context: tuple[str, ...]) -> list[_Scored]:
        """A lone surname ("Montebourg") is the person whose full name the article gives."""
        if " " in key or _is_acronym(mention_core) or not mention_core[:1].isupper():
            return []
        found: dict[str, _Scored] = {}
        for other in context:
            other_key = normalize_key(other)
            if " " not in other_key or other_key.rsplit(" ", 1)[-1] != key:
                continue
            for item in self.reference.candidates(other):
                if item.kind == "PER" and item.qid not in found:
                    why = f"surname of {other!r} in context"
                    found[item.qid] = _Scored(item, SURNAME, "surname-in-context", [why])
        return list(found.values())

    # -- decision
    def _score(self, name: str, label: str, context: tuple[str, ...]) -> list[_Scored]:
        key = normalize_key(name)
        mention_core = surface_core(name)
        shape = mention_shape(name)
        acronym = _is_acronym(mention_core)
        context_words = _context_words(context) - _content_words(name)
        scored: list[_Scored] = []
        for item in self.reference.candidates(name):
            if item.kind == "CLASS":
                continue
            match = _name_match(mention_core, item, key)
            if match is None:
                continue
            quality, method, matched = match
            scored.append(_Scored(item, quality, method, [f"{method} {matched!r} x{quality:.2f}"]))
        known = {s.item.qid for s in scored}
        scored += [s for s in self._surname_candidates(mention_core, key, context) if s.item.qid not in known]
        for cand in scored:
            factor, why = _compatibility(label, shape, cand.item, acronym)
            cand.score *= factor
            cand.reasons.append(why)
            overlap = sorted(self._profile(cand.item) & context_words)
            if overlap and cand.score > 0:
                bonus = min(CONTEXT_CAP, CONTEXT_STEP * len(overlap))
                cand.score += bonus
                cand.reasons.append(f"context +{bonus:.2f} ({', '.join(overlap[:5])})")
            cand.score = round(cand.score, 4)  # may exceed 1 with context; capped when recorded
        scored.sort(key=lambda s: (-s.score, _qid_number(s.item.qid)))
        return scored

    def link(self, name: str, label: NerLabel, context: Sequence[str] = ()) -> LinkDecision:
        """The decision for one mention; `context` = other entity names and content words of the article."""
        if label not in ("PER", "ORG", "LOC", "MISC"):
            raise ValueError(f"unknown NER label {label!r}; expected PER, ORG, LOC or MISC")
        key = normalize_key(name)
        scored = self._score(name, label, tuple(context))
        version = self.reference.version

        forced = self.curation.forced(key, label)
        if forced is not None and forced.qid is not None:
            item = self.reference.get(forced.qid)
            assert item is not None  # checked when the curation was loaded
            others = [s for s in scored if s.item.qid != forced.qid]
            chosen = _Scored(item, 1.0, "curated-force", [f"forced by curator: {forced.why}"])
            return self._decision(name, label, chosen, [chosen, *others], "curated-force", True, version)

        forbidden = self.curation.forbidden(key, label)
        curated = False
        for rule in forbidden:
            for cand in scored:
                if rule.qid is None or cand.item.qid == rule.qid:
                    if cand.score > 0:
                        curated = True
                    cand.score = 0.0
                    cand.reasons.append(f"forbidden by curator: {rule.why}")
            if rule.qid is None:
                curated = True
        scored.sort(key=lambda s: (-s.score, _qid_number(s.item.qid)))

        if not scored:
            return self._decision(name, label, None, scored, "nil-no-candidate", curated, version)
        best = scored[0]
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        if best.score < NIL_THRESHOLD:
            method = "curated-forbid" if curated and best.score == 0 else "nil-threshold"
            return self._decision(name, label, None, scored, method, curated, version)
        if round(best.score - runner_up, 4) < MARGIN:
            return self._decision(name, label, None, scored, "nil-ambiguous", curated, version)
        return self._decision(name, label, best, scored, best.method, curated, version)

    @staticmethod
    def _decision(
        name: str,
        label: str,
        chosen: _Scored | None,
        scored: list[_Scored],
        method: str,
        curated: bool,
        version: str,
    ) -> LinkDecision:
        candidates = tuple(
            Candidate(qid=s.item.qid, label=s.item.label, score=min(1.0, s.score), reasons=tuple(s.reasons))
            for s in scored[:MAX_CANDIDATES]
        )
        return LinkDecision(
            name=name,
            label=label,  # type: ignore[arg-type]
            qid=chosen.item.qid if chosen else None,
            score=min(1.0, chosen.score if chosen else (scored[0].score if scored else 0.0)),
            method=method,
            candidates=candidates,
            reference_version=version,
            curated=curated,
        )

    def explain(self, decision: LinkDecision) -> str:
        """Human-readable account of a decision: the candidates, their scores, why one won or none."""
        lines = []
        if decision.qid:
            item = self.reference.get(decision.qid)
            title = item.label if item else decision.qid
            lines.append(f"{decision.name!r} ({decision.label}) -> {decision.qid} {title}")
        else:
            lines.append(f"{decision.name!r} ({decision.label}) -> NIL (no link)")
        curated = "yes" if decision.curated else "no"
        lines.append(
            f"method: {decision.method}; score {decision.score:.2f}; curated: {curated}; "
            f"reference version {decision.reference_version}"
        )
        lines.append(_WHY.get(decision.method, _ACCEPTED).format(t=NIL_THRESHOLD, m=MARGIN))
        if decision.candidates:
            lines.append("candidates:")
            for cand in decision.candidates:
                item = self.reference.get(cand.qid)
                kind = (item.kind if item else None) or "untyped"
                mark = "*" if cand.qid == decision.qid else " "
                lines.append(f" {mark} {cand.qid:<10} {cand.score:4.2f}  {kind:<5} {cand.label}")
                lines.extend(f"      - {reason}" for reason in cand.reasons)
        else:
            lines.append("candidates: none (no reference item has this name, label or alias)")
        return "\n".join(lines)

    def ruler_patterns(self) -> list[dict]:
        """The reference's EntityRuler patterns, minus ids the curator forbids for that name."""
        patterns = []
        for pattern in ruler_patterns(self.reference):
            qid = pattern.get("id")
            key = normalize_key(pattern["pattern"])
            rules = self.curation.forbidden(key, pattern["label"]) if qid else []
            if any(rule.qid in (None, qid) for rule in rules):
                pattern = {k: v for k, v in pattern.items() if k != "id"}
            patterns.append(pattern)
        return patterns


_ACCEPTED = "accepted: best score >= {t:.2f} and ahead of the next candidate by >= {m:.2f}"
_WHY = {
    "curated-force": "a curator forced this link (ontology/curation.yaml)",
    "curated-forbid": "NIL: a curator forbade the only candidates (ontology/curation.yaml)",
    "nil-no-candidate": "NIL: no reference item has this name as a label or alias",
    "nil-threshold": "NIL: no candidate reaches the threshold {t:.2f} (name match x type fit + context)",
    "nil-ambiguous": "NIL: the best candidates are within {m:.2f} of each other and nothing tells them apart",
}


def _qid_number(qid: str) -> int:
    return int(qid[1:]) if qid[1:].isdigit() else 0


@lru_cache(maxsize=64)
def _context_words(context: tuple[str, ...]) -> frozenset[str]:
    words: set[str] = set()
    for text in context:
        words |= _content_words(text)
    return frozenset(words)
