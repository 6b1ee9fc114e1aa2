"""Measure a built dataset against hand-made gold annotations: precision, recall, F1.

The gold (one YAML file per article, format in `../shared/gold/README.md`) is
the reference the extraction is judged by; the pipeline itself never reads it.
This module reads the *published* dataset (N-Quads or TriG, one named graph per
article), not the pipeline's records, so it measures what users actually query.

Counting rules, shared by every category:

* Matching is one-to-one (a maximum bipartite matching): each gold item is
  found at most once, each extracted item counts at most once. A second
  extracted item matching an already found gold item is a false positive (a
  duplicate resource doubles sums and counts in queries).
* Gold items marked `optional: true` are not needed for recall, and an
  extracted item that matches one is neither a true nor a false positive.
* An extracted entity matches a gold entity when it links (`owl:sameAs`) to the
  gold QID, or when one of its normalized names (labels, alternative labels,
  the surfaces of its mentions in that article) equals a normalized gold
  surface or label. The label rule also applies to gold entities that have a
  QID: recognizing an entity and linking it are scored separately (an entity
  found but linked wrongly is an entity hit and a linking error).
* Linking is scored over the non-optional gold entities that have a QID:
  precision = correct links / links made, recall = correct links / such gold
  entities. A link on a NIL gold entity is a link made and wrong: it counts
  against precision and is reported on its own (`nil_linked`).
* A fact matches when every entity slot matches (same entity rule, sets of
  entities matched one-to-one and of equal size) and its values agree
  (amounts, role words, `former`, `ended`, quotation start...).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, RdfFormat, Store, Variable

from .errors import InputError
from .vocab import OA, ORG, PREFIXES, RDF, SCHEMA, SOV, TIME, WD

__all__ = [
    "CATEGORIES",
    "FACT_CATEGORIES",
    "INFORMATIONAL",
    "Scores",
    "EvalError",
    "ArticleEvaluation",
    "EvaluationResult",
    "GoldEntity",
    "GoldArticle",
    "load_gold",
    "evaluate",
    "format_report",
    "normalize_name",
    "normalize_role",
    "normalize_quote",
]

FACT_CATEGORIES = ("roles", "fundings", "creations", "memberships", "quotes", "partnerships", "events")
CATEGORIES = ("entities", "linking", *FACT_CATEGORIES)
# Scored and printed, but not part of any issue's acceptance bar.
INFORMATIONAL = frozenset({"partnerships", "events"})


# ---------------------------------------------------------------------------
# Normalization: small pure functions, so that "l'Etat" meets "État".

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DOUBLE_QUOTES = re.compile(r"[\"«»“”„‟″]")
_LEADING_ARTICLE = re.compile(r"^(?:(?:le|la|les|the) |l')")
_FORMER_PREFIX = re.compile(r"^(?:ex |ancien |ancienne |anciens |anciennes |former )+")


def _strip_accents(text: str) -> str:
    """Accents are spelled inconsistently in the press ("Etat", "État")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(text: str) -> str:
    """Compare names the way a reader does: no accents, case, punctuation or leading article."""
    text = _strip_accents(text.translate(_APOSTROPHES)).casefold()
    text = re.sub(r"[^\w']+", " ", text)
    text = re.sub(r"\s*'\s*", "'", text).strip()
    text = _LEADING_ARTICLE.sub("", text)
    return " ".join(text.split())


def normalize_role(text: str) -> str:
    """Role words without the ex-/ancien marker, which `former` carries separately."""
    return _FORMER_PREFIX.sub("", normalize_name(text)).strip()


def normalize_quote(text: str) -> str:
    """Quotation text with typographic quotes, apostrophes and spacing made uniform.

    French guillemets come with (non-breaking) spaces inside; the gold writes
    plain double quotes without them: drop every double-quote mark.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _DOUBLE_QUOTES.sub(" ", text)
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------------------
# Scores and results


@dataclass
class Scores:
    """Counts of one category; precision/recall/F1 are None when undefined (0/0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        return not (self.tp or self.fp or self.fn)

    def add(self, other: Scores) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass(frozen=True)
class EvalError:
    """One counted (or notable) disagreement with the gold, for `--verbose`.

    kind: "false_positive", "duplicate", "miss", "wrong_link", "nil_linked",
    "unlinked", or "missing_article".
    """

    article: str
    category: str
    kind: str
    detail: str


@dataclass
class ArticleEvaluation:
    """The scores of one gold article; `in_dataset` False when the build lacks it."""

    article: str
    in_dataset: bool
    scores: dict[str, Scores] = field(default_factory=lambda: {c: Scores() for c in CATEGORIES})


@dataclass
class EvaluationResult:
    """Per-article and overall (micro-averaged) scores, and every error behind them."""

    dataset: str
    gold: str
    articles: list[ArticleEvaluation]
    overall: dict[str, Scores]
    errors: list[EvalError]
    nil_linked: int = 0
    extra_articles: tuple[str, ...] = ()  # in the dataset, without gold (not scored)


# ---------------------------------------------------------------------------
# Gold


@dataclass(frozen=True)
class GoldEntity:
    """An entity of the gold; `names` are its normalized label and surfaces."""

    label: str
    qid: str | None
    names: frozenset[str]
    optional: bool = False
    type: str = ""


@dataclass(frozen=True)
class GoldFact:
    """A fact of the gold: entity slots (tuples of entities) and plain values."""

    slots: dict[str, tuple[GoldEntity, ...]]
    values: dict[str, Any]
    optional: bool
    text: str


@dataclass
class GoldArticle:
    """Everything the gold says about one article."""

    article: str
    path: Path
    entities: list[GoldEntity]
    facts: dict[str, list[GoldFact]]


_GOLD_KEYS = {
    "article", "headline", "publisher", "datePublished", "isBasedOn", "author", "url", "language",
    "entities", *FACT_CATEGORIES,
}
_QID = re.compile(r"^Q[1-9][0-9]*$")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _gold_date(value: Any) -> str | None:
    """Dates in gold YAML may be parsed as int (2011) or str ("2011-09")."""
    return None if value is None else str(value)


class _GoldReader:
    """Turns one gold YAML file into a GoldArticle; fact slots name gold entities by label."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(str(path), f"cannot read gold file: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(str(path), "a gold file is a YAML mapping with 'article' and 'entities'")
        unknown = sorted(set(data) - _GOLD_KEYS)
        if unknown:
            raise InputError(str(path), f"unknown gold key(s) {unknown}; valid keys: {sorted(_GOLD_KEYS)}")
        self.data = data
        self.entities = [self._entity(item) for item in _as_list(data.get("entities"))]
        self.by_label = {e.label: e for e in self.entities}
        self.by_name = {normalize_name(e.label): e for e in self.entities}

    def _fail(self, reason: str) -> InputError:
        return InputError(str(self.path), reason)

    def _entity(self, item: Any) -> GoldEntity:
        if not isinstance(item, dict) or not item.get("label"):
            raise self._fail(f"gold entity without a label: {item!r}")
        qid = item.get("qid")
        qid = None if qid in (None, "NIL") else str(qid)
        if qid is not None and not _QID.match(qid):
            raise self._fail(f"gold entity {item['label']!r}: qid {qid!r} is neither Q<number> nor NIL")
        surfaces = [str(s) for s in _as_list(item.get("surface"))]
        names = frozenset(n for n in (normalize_name(s) for s in [item["label"], *surfaces]) if n)
        return GoldEntity(str(item["label"]), qid, names, bool(item.get("optional", False)),
                          str(item.get("type", "")))

    def ref(self, name: Any) -> GoldEntity:
        """The gold entity a fact slot names; a name not listed becomes a NIL entity of its own."""
        text = str(name)
        found = self.by_label.get(text) or self.by_name.get(normalize_name(text))
        return found or GoldEntity(text, None, frozenset({normalize_name(text)}))

    def refs(self, value: Any) -> tuple[GoldEntity, ...]:
        return tuple(self.ref(v) for v in _as_list(value))

    def facts(self, category: str) -> list[GoldFact]:
        build = getattr(self, f"_{category}")
        out = []
        for item in _as_list(self.data.get(category)):
            if not isinstance(item, dict):
                raise self._fail(f"{category}: each item is a mapping, got {item!r}")
            slots, values = build(item)
            text = ", ".join(f"{k}={v}" for k, v in item.items() if k != "optional")
            out.append(GoldFact(slots, values, bool(item.get("optional", False)), text))
        return out

    def _roles(self, item: dict) -> tuple[dict, dict]:
        role = normalize_role(str(item.get("role", "")))
        return ({"person": self.refs(item.get("person")), "org": self.refs(item.get("org"))},
                {"role": role, "former": bool(item.get("former", False))})

    def _fundings(self, item: dict) -> tuple[dict, dict]:
        amount = item.get("amount_eur")
        return ({"funder": self.refs(item.get("funder")), "recipient": self.refs(item.get("recipient")),
                 "through": self.refs(item.get("through"))},
                {"amount": None if amount is None else Decimal(str(amount)),
                 "total": bool(item.get("total", False))})

    def _creations(self, item: dict) -> tuple[dict, dict]:
        return ({"org": self.refs(item.get("org")), "founders": self.refs(item.get("founders")),
                 "from": self.refs(item.get("from"))},
                {"date": _gold_date(item.get("date"))})

    def _memberships(self, item: dict) -> tuple[dict, dict]:
        return ({"member": self.refs(item.get("member")), "of": self.refs(item.get("of"))},
                {"ended": item.get("ended") not in (None, False)})

    def _partnerships(self, item: dict) -> tuple[dict, dict]:
        return ({"members": self.refs(item.get("members")), "about": self.refs(item.get("about"))},
                {"date": _gold_date(item.get("date"))})

    def _events(self, item: dict) -> tuple[dict, dict]:
        return ({"attendees": self.refs(item.get("attendees")), "by": self.refs(item.get("by"))},
                {"date": _gold_date(item.get("date"))})

    def _quotes(self, item: dict) -> tuple[dict, dict]:
        return ({"speaker": self.refs(item.get("speaker"))},
                {"text_start": normalize_quote(str(item.get("text_start", "")))})

    def read(self) -> GoldArticle:
        article = str(self.data.get("article") or self.path.stem)
        return GoldArticle(article, self.path, self.entities, {c: self.facts(c) for c in FACT_CATEGORIES})


def load_gold(gold_dir: Path) -> list[GoldArticle]:
    """Every gold file (*.yaml, *.yml) of a directory, sorted by article id."""
    if not gold_dir.is_dir():
        raise InputError(str(gold_dir), "gold directory not found")
    paths = sorted([*gold_dir.glob("*.yaml"), *gold_dir.glob("*.yml")])
    if not paths:
        raise InputError(str(gold_dir), "no gold file (*.yaml) in this directory")
    golds = [_GoldReader(p).read() for p in paths]
    seen: dict[str, Path] = {}
    for gold in golds:
        if gold.article in seen:
            reason = f"article {gold.article!r} already has gold in {seen[gold.article]}"
            raise InputError(str(gold.path), reason)
        seen[gold.article] = gold.path
    return sorted(golds, key=lambda g: g.article)


# ---------------------------------------------------------------------------
# Dataset


@dataclass(frozen=True)
class _Lit:
    """A literal as the evaluator needs it: lexical value and datatype IRI."""

    value: str
    datatype: str


_Term = str | _Lit  # IRIs as plain strings
_TRUE = {"true", "1"}


@dataclass(frozen=True)
class _Entity:
    """An entity as the dataset publishes it, seen from one article."""

    iri: str
    label: str
    names: frozenset[str]
    qids: frozenset[str]


@dataclass(frozen=True)
class _Fact:
    """An extracted fact: entity slots and values, comparable to a GoldFact."""

    iri: str
    slots: dict[str, tuple[_Entity, ...]]
    values: dict[str, Any]

    def describe(self) -> str:
        parts = [f"{k}={'+'.join(e.label for e in v)}" for k, v in self.slots.items() if v]
        for key, value in self.values.items():
            if key.startswith("_") or value in (None, False, "", frozenset()):
                continue  # "_..." values are normalized forms for matching, not for reading
            shown = "/".join(sorted(value)) if isinstance(value, frozenset) else value
            parts.append(f"{key}={shown}")
        return f"{', '.join(parts)} <{self.iri}>"


class _GraphIndex:
    """The triples of one named graph, indexed by subject (read once with SPARQL)."""

    def __init__(self) -> None:
        self.by_subject: dict[str, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
        self.by_type: dict[str, list[str]] = defaultdict(list)

    def add(self, s: str, p: str, o: _Term) -> None:
        self.by_subject[s][p].append(o)
        if p == str(RDF.type) and isinstance(o, str):
            self.by_type[o].append(s)

    def objects(self, s: str, p: Any) -> list[_Term]:
        found = self.by_subject.get(s)
        return list(found.get(str(p), ())) if found else []

    def iris(self, s: str, p: Any) -> list[str]:
        return sorted({o for o in self.objects(s, p) if isinstance(o, str)})

    def literals(self, s: str, p: Any) -> list[_Lit]:
        return [o for o in self.objects(s, p) if isinstance(o, _Lit)]

    def flag(self, s: str, p: Any) -> bool:
        return any(lit.value.strip().lower() in _TRUE for lit in self.literals(s, p))

    def of_type(self, cls: Any) -> list[str]:
        return sorted(set(self.by_type.get(str(cls), ())))

    def with_predicate(self, p: Any) -> list[str]:
        return sorted(s for s, preds in self.by_subject.items() if str(p) in preds)


def _term(node: Any) -> _Term:
    if isinstance(node, OxLiteral):
        return _Lit(node.value, node.datatype.value)
    return node.value if isinstance(node, NamedNode) else str(node)


_ARTICLES = """
SELECT ?g ?a ?id WHERE {
  GRAPH ?g { ?a schema:identifier ?id . ?a a ?cls . FILTER(?cls IN (schema:NewsArticle, schema:Article)) }
}"""
_GRAPH = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_NAMES = """
SELECT ?s ?name ?main WHERE {
  { ?s rdfs:label ?name BIND(true AS ?main) }
  UNION { ?s schema:name|skos:altLabel|skos:prefLabel ?name BIND(false AS ?main) }
}"""
_LINKS = "SELECT ?s ?item WHERE { ?s owl:sameAs ?item }"
_MENTIONED = "SELECT DISTINCT ?e WHERE { ?article schema:mentions ?e }"


class _Dataset:
    """The published dataset in a pyoxigraph store, with the lookups the scoring needs."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise InputError(str(path), "dataset not found: run `souverain build` first or pass --dataset")
        fmt = RdfFormat.TRIG if path.suffix.lower() == ".trig" else RdfFormat.N_QUADS
        self.store = Store()
        try:
            self.store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(str(path), f"cannot parse the dataset: {exc}") from exc
        self.articles: dict[str, tuple[str, str]] = {}
        for row in self._select(_ARTICLES):
            self.articles.setdefault(str(row["id"].value), (row["g"].value, row["a"].value))
        self.names: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, list[str]] = defaultdict(list)
        for row in self._select(_NAMES, union=True):
            if isinstance(row["name"], OxLiteral):
                self.names[row["s"].value].append(row["name"].value)
                if row["main"].value == "true":
                    self.labels[row["s"].value].append(row["name"].value)
        self.links: dict[str, set[str]] = defaultdict(set)
        for row in self._select(_LINKS, union=True):
            self.links[row["s"].value].add(row["item"].value)
        self.mentioned = {row["e"].value for row in self._select(_MENTIONED, union=True)}

    def _select(self, query: str, union: bool = False, **bindings: str) -> Iterable[Any]:
        substitutions = {Variable(k): NamedNode(v) for k, v in bindings.items()}
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=union,
                                substitutions=substitutions)

    def graph(self, graph: str) -> _GraphIndex:
        index = _GraphIndex()
        for row in self._select(_GRAPH, g=graph):
            index.add(_term(row["s"]), row["p"].value, _term(row["o"]))
        return index


# ---------------------------------------------------------------------------
# Reading one article's entities and facts from its graph


class _ArticleView:
    """One article's graph, turned into extracted entities and facts."""

    def __init__(self, dataset: _Dataset, graph: str, article: str) -> None:
        self.dataset = dataset
        self.article = article
        self.g = dataset.graph(graph)
        self.surfaces: dict[str, set[str]] = defaultdict(set)
        for annotation in self.g.with_predicate(OA.hasBody):
            exacts = [lit.value for target in self.g.iris(annotation, OA.hasTarget)
                      for selector in self.g.iris(target, OA.hasSelector)
                      for lit in self.g.literals(selector, OA.exact)]
            for body in self.g.iris(annotation, OA.hasBody):
                self.surfaces[body].update(exacts)
        self._entities: dict[str, _Entity] = {}

    def entity(self, iri: str) -> _Entity:
        if iri not in self._entities:
            labels = self.dataset.names.get(iri, [])
            shown = sorted(self.dataset.labels.get(iri) or labels)
            label = shown[0] if shown else iri.rsplit("/", 1)[-1]
            names = {normalize_name(n) for n in [*labels, *self.surfaces.get(iri, ())]}
            qids = frozenset(q[len(str(WD)):] if q.startswith(str(WD)) else q
                             for q in self.dataset.links.get(iri, ()))
            self._entities[iri] = _Entity(iri, label, frozenset(n for n in names if n), qids)
        return self._entities[iri]

    def entities_of(self, s: str, p: Any) -> tuple[_Entity, ...]:
        return tuple(self.entity(o) for o in self.g.iris(s, p))

    def mentioned(self) -> list[_Entity]:
        return [self.entity(e) for e in self.g.iris(self.article, SCHEMA.mentions)]

    def _date(self, s: str, p: Any) -> str | None:
        dates = sorted(lit.value for lit in self.g.literals(s, p))
        return dates[0] if dates else None

    def _ended(self, membership: str) -> bool:
        if self.g.flag(membership, SOV.ended):
            return True
        intervals = self.g.iris(membership, ORG.memberDuring)
        return any(self.g.objects(interval, TIME.hasEnd) for interval in intervals)

    def roles(self) -> list[_Fact]:
        facts = []
        for m in self.g.of_type(ORG.Membership):
            roles = self.g.iris(m, ORG.role)
            if not roles:
                continue
            words = [lit.value for lit in self.g.literals(m, SOV.roleLabel)]
            words += [n for r in roles for n in self.dataset.names.get(r, ())]
            facts.append(_Fact(m, {"person": self.entities_of(m, ORG.member),
                                   "org": self.entities_of(m, ORG.organization)},
                               {"role": frozenset(normalize_role(w) for w in words),
                                "former": self.g.flag(m, SOV.former)}))
        return facts

    def _partnerships_iris(self) -> set[str]:
        """Collaborations that are facts, not named entities: not mentioned, not a Membership's org."""
        memberships = self.g.of_type(ORG.Membership)
        orgs_of_memberships = {o for m in memberships for o in self.g.iris(m, ORG.organization)}
        return {c for c in self.g.with_predicate(ORG.hasMember)
                if c not in self.dataset.mentioned and c not in orgs_of_memberships}

    def memberships(self) -> list[_Fact]:
        pairs: dict[tuple[str, str], list[str]] = {}
        for m in self.g.of_type(ORG.Membership):
            if self.g.iris(m, ORG.role):
                continue
            for member in self.g.iris(m, ORG.member):
                for collab in self.g.iris(m, ORG.organization):
                    pairs.setdefault((member, collab), []).append(m)
        partnerships = self._partnerships_iris()
        for collab in self.g.with_predicate(ORG.hasMember):
            if collab not in partnerships:
                for member in self.g.iris(collab, ORG.hasMember):
                    pairs.setdefault((member, collab), [])
        facts = []
        for (member, collab), memberships in sorted(pairs.items()):
            iri = memberships[0] if memberships else f"{collab} org:hasMember {member}"
            facts.append(_Fact(iri, {"member": (self.entity(member),), "of": (self.entity(collab),)},
                               {"ended": any(self._ended(m) for m in memberships)}))
        return facts

    def fundings(self) -> list[_Fact]:
        facts = []
        for grant in self.g.of_type(SCHEMA.MonetaryGrant):
            amounts, currencies = [], []
            for node in self.g.iris(grant, SCHEMA.amount):
                amounts += [lit.value for lit in self.g.literals(node, SCHEMA.value)]
                currencies += [lit.value for lit in self.g.literals(node, SCHEMA.currency)]
            amount = None
            if amounts:
                try:
                    amount = Decimal(amounts[0])
                except InvalidOperation:
                    amount = None
            facts.append(_Fact(grant, {"funder": self.entities_of(grant, SCHEMA.funder),
                                       "recipient": self.entities_of(grant, SCHEMA.fundedItem),
                                       "through": self.entities_of(grant, SOV.through)},
                               {"amount": amount, "currency": currencies[0] if currencies else None,
                                "total": self.g.flag(grant, SOV.total)}))
        return facts

    def creations(self) -> list[_Fact]:
        facts, covered = [], set()
        for f in self.g.of_type(SOV.Founding):
            orgs = self.entities_of(f, SOV.foundedOrganization)
            covered.update(e.iri for e in orgs)
            facts.append(_Fact(f, {"org": orgs, "founders": self.entities_of(f, SCHEMA.founder),
                                   "from": self.entities_of(f, SOV.originatedFrom)},
                               {"date": self._date(f, SCHEMA.foundingDate)}))
        # The direct `<org> schema:founder <founder>` triples, when no Founding resource says it.
        founding_iris = set(self.g.of_type(SOV.Founding))
        for org in self.g.with_predicate(SCHEMA.founder):
            if org in covered or org in founding_iris:
                continue
            facts.append(_Fact(org, {"org": (self.entity(org),),
                                     "founders": self.entities_of(org, SCHEMA.founder), "from": ()},
                               {"date": self._date(org, SCHEMA.foundingDate)}))
        return facts

    def partnerships(self) -> list[_Fact]:
        return [_Fact(p, {"members": self.entities_of(p, ORG.hasMember),
                          "about": self.entities_of(p, SCHEMA.about)},
                      {"date": self._date(p, SCHEMA.startDate)})
                for p in sorted(self._partnerships_iris())]

    def events(self) -> list[_Fact]:
        return [_Fact(e, {"attendees": self.entities_of(e, SCHEMA.attendee),
                          "by": self.entities_of(e, SCHEMA.organizer)},
                      {"date": self._date(e, SCHEMA.startDate),
                       "name": "; ".join(lit.value for lit in self.g.literals(e, SCHEMA.name))})
                for e in self.g.of_type(SCHEMA.Event)]

    def quotes(self) -> list[_Fact]:
        facts = []
        for q in self.g.of_type(SCHEMA.Quotation):
            text = " ".join(t.value for t in self.g.literals(q, SCHEMA.text))
            facts.append(_Fact(q, {"speaker": self.entities_of(q, SCHEMA.creator)},
                               {"text": text if len(text) <= 60 else text[:57] + "...",
                                "_text": normalize_quote(text)}))
        return facts


# ---------------------------------------------------------------------------
# Matching


def _entity_rank(gold: GoldEntity, extracted: _Entity) -> int | None:
    """0: same QID; 1: a shared normalized name; None: no match."""
    if gold.qid is not None and gold.qid in extracted.qids:
        return 0
    if gold.names & extracted.names:
        return 1
    return None


def _max_matching(adjacency: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn): left index -> right index; tries edges in the order given."""
    owner: dict[int, int] = {}

    def assign(left: int, seen: set[int]) -> bool:
        for right in adjacency[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or assign(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(adjacency)):
        assign(left, set())
    return {left: right for right, left in owner.items()}


def _slots_match(gold: tuple[GoldEntity, ...], extracted: tuple[_Entity, ...]) -> bool:
    """Same number of entities, matched one-to-one."""
    if len(gold) != len(extracted):
        return False
    adjacency = [[j for j, g in enumerate(gold) if _entity_rank(g, x) is not None] for x in extracted]
    return len(_max_matching(adjacency)) == len(gold)


def _date_match(gold: str | None, extracted: str | None) -> bool:
    """A gold date written without a year (--01-24, --08) accepts any year; else equal lexical forms."""
    if gold is None:
        return True
    if extracted is None:
        return False
    if gold.startswith("--") and not extracted.startswith("--"):
        parts = extracted.split("-")[1:]
        extracted = "--" + "-".join(parts)
    return gold == extracted


def _match_roles(gold: GoldFact, x: _Fact) -> bool:
    return (_slots_match(gold.slots["person"], x.slots["person"])
            and _slots_match(gold.slots["org"], x.slots["org"])
            and gold.values["role"] in x.values["role"] and gold.values["former"] == x.values["former"])


def _match_fundings(gold: GoldFact, x: _Fact) -> bool:
    if not all(_slots_match(gold.slots[k], x.slots[k]) for k in ("funder", "recipient", "through")):
        return False
    if gold.values["amount"] != x.values["amount"]:
        return False
    if x.values["amount"] is not None and x.values["currency"] not in (None, "EUR"):
        return False
    if gold.values["total"] or len(gold.slots["recipient"]) > 1:
        return gold.values["total"] == x.values["total"]
    return True


def _match_creations(gold: GoldFact, x: _Fact) -> bool:
    if not (_slots_match(gold.slots["org"], x.slots["org"])
            and _slots_match(gold.slots["founders"], x.slots["founders"])):
        return False
    if gold.slots["from"] and not _slots_match(gold.slots["from"], x.slots["from"]):
        return False
    return _date_match(gold.values["date"], x.values["date"])


def _match_memberships(gold: GoldFact, x: _Fact) -> bool:
    return (_slots_match(gold.slots["member"], x.slots["member"])
            and _slots_match(gold.slots["of"], x.slots["of"])
            and gold.values["ended"] == x.values["ended"])


def _match_partnerships(gold: GoldFact, x: _Fact) -> bool:
    if not _slots_match(gold.slots["members"], x.slots["members"]):
        return False
    if gold.slots["about"] and not _slots_match(gold.slots["about"], x.slots["about"]):
        return False
    return _date_match(gold.values["date"], x.values["date"])


def _match_events(gold: GoldFact, x: _Fact) -> bool:
    for slot in ("attendees", "by"):
        if gold.slots[slot] and not _slots_match(gold.slots[slot], x.slots[slot]):
            return False
    return _date_match(gold.values["date"], x.values["date"])


def _match_quotes(gold: GoldFact, x: _Fact) -> bool:
    start = gold.values["text_start"]
    return (_slots_match(gold.slots["speaker"], x.slots["speaker"])
            and bool(start) and x.values["_text"].startswith(start))


_FACT_MATCHERS: dict[str, Callable[[GoldFact, _Fact], bool]] = {
    "roles": _match_roles,
    "fundings": _match_fundings,
    "creations": _match_creations,
    "memberships": _match_memberships,
    "quotes": _match_quotes,
    "partnerships": _match_partnerships,
    "events": _match_events,
}


def _score(
    golds: Sequence[Any],
    extracted: Sequence[Any],
    rank: Callable[[Any, Any], int | None],
    optional: Callable[[Any], bool],
) -> tuple[Scores, dict[int, int], list[int], list[tuple[int, int]], list[int]]:
    """One-to-one scoring of one category.

    Returns the scores, the matching (extracted index -> gold index), the
    missed gold indices, the duplicates (extracted index, gold index it
    repeats) and the false positives (extracted indices).
    """
    required = [i for i, g in enumerate(golds) if not optional(g)]
    ranks = [{i: r for i in range(len(golds)) if (r := rank(golds[i], x)) is not None} for x in extracted]
    adjacency = [sorted((i for i in r if i in required), key=lambda i, r=r: r[i]) for r in ranks]
    order = sorted(range(len(extracted)), key=lambda j: min(ranks[j].values(), default=9))
    reordered = _max_matching([adjacency[j] for j in order])
    matching = {order[left]: right for left, right in reordered.items()}
    found = set(matching.values())
    misses = [i for i in required if i not in found]
    duplicates, false_positives = [], []
    for j in range(len(extracted)):
        if j in matching:
            continue
        if any(optional(golds[i]) for i in ranks[j]):
            continue  # matches an optional gold item: neither TP nor FP
        if adjacency[j]:
            duplicates.append((j, adjacency[j][0]))
        else:
            false_positives.append(j)
    scores = Scores(tp=len(matching), fp=len(duplicates) + len(false_positives), fn=len(misses))
    return scores, matching, misses, duplicates, false_positives


# ---------------------------------------------------------------------------
# Evaluation


class _ArticleScorer:
    """Scores one gold article against the dataset's view of it, collecting errors."""

    def __init__(self, gold: GoldArticle, view: _ArticleView | None) -> None:
        self.gold = gold
        self.view = view
        self.result = ArticleEvaluation(gold.article, view is not None)
        self.errors: list[EvalError] = []
        self.nil_linked = 0

    def _error(self, category: str, kind: str, detail: str) -> None:
        self.errors.append(EvalError(self.gold.article, category, kind, detail))

    def run(self) -> None:
        extracted = self.view.mentioned() if self.view else []
        self._entities(extracted)
        for category in FACT_CATEGORIES:
            facts = getattr(self.view, category)() if self.view else []
            self._facts(category, self.gold.facts[category], facts)

    def _entities(self, extracted: list[_Entity]) -> None:
        golds = self.gold.entities
        scores, matching, misses, duplicates, fps = _score(
            golds, extracted, _entity_rank, lambda g: g.optional)
        self.result.scores["entities"] = scores
        for i in misses:
            self._error("entities", "miss", f"{golds[i].label} ({golds[i].qid or 'NIL'})")
        for j, i in duplicates:
            x = extracted[j]
            self._error("entities", "duplicate", f"{x.label} <{x.iri}> repeats {golds[i].label}")
        for j in fps:
            self._error("entities", "false_positive", f"{extracted[j].label} <{extracted[j].iri}>")
        self._linking(golds, extracted, {i: j for j, i in matching.items()})

    def _linking(self, golds: list[GoldEntity], extracted: list[_Entity], found: dict[int, int]) -> None:
        scores = self.result.scores["linking"]
        for i, gold in enumerate(golds):
            if gold.optional:
                continue
            x = extracted[found[i]] if i in found else None
            if gold.qid is None:
                if x is not None and x.qids:
                    scores.fp += 1
                    self.nil_linked += 1
                    detail = f"{gold.label} (NIL in gold) linked to {sorted(x.qids)}"
                    self._error("linking", "nil_linked", detail)
                continue
            if x is None:
                scores.fn += 1
                self._error("linking", "miss", f"{gold.label} ({gold.qid}): entity not extracted")
            elif gold.qid in x.qids:
                scores.tp += 1
                wrong = sorted(x.qids - {gold.qid})
                if wrong:
                    scores.fp += len(wrong)
                    self._error("linking", "wrong_link", f"{gold.label} ({gold.qid}) also linked to {wrong}")
            elif x.qids:
                scores.fp += 1
                scores.fn += 1
                self._error("linking", "wrong_link", f"{gold.label} ({gold.qid}) linked to {sorted(x.qids)}")
            else:
                scores.fn += 1
                self._error("linking", "unlinked", f"{gold.label} ({gold.qid}) has no owl:sameAs")

    def _facts(self, category: str, golds: list[GoldFact], extracted: list[_Fact]) -> None:
        matcher = _FACT_MATCHERS[category]

        def rank(g: GoldFact, x: _Fact) -> int | None:
            return 0 if matcher(g, x) else None

        scores, _matching, misses, duplicates, fps = _score(golds, extracted, rank, lambda g: g.optional)
        self.result.scores[category] = scores
        for i in misses:
            self._error(category, "miss", golds[i].text)
        for j, i in duplicates:
            self._error(category, "duplicate", f"{extracted[j].describe()} repeats {golds[i].text}")
        for j in fps:
            self._error(category, "false_positive", extracted[j].describe())


def evaluate(dataset_path: Path, gold_dir: Path) -> EvaluationResult:
    """Score a built dataset (N-Quads or TriG) against the gold YAML files of a directory.

    Raises InputError when the dataset or the gold cannot be read; a gold
    article absent from the dataset is scored (all misses), not an error.
    """
    golds = load_gold(gold_dir)
    dataset = _Dataset(dataset_path)
    overall = {c: Scores() for c in CATEGORIES}
    articles, errors, nil_linked = [], [], 0
    for gold in golds:
        located = dataset.articles.get(gold.article)
        view = _ArticleView(dataset, *located) if located else None
        scorer = _ArticleScorer(gold, view)
        if view is None:
            scorer._error("entities", "missing_article", "the dataset has no article with this identifier")
        scorer.run()
        articles.append(scorer.result)
        errors.extend(scorer.errors)
        nil_linked += scorer.nil_linked
        for category, scores in scorer.result.scores.items():
            overall[category].add(scores)
    extra = tuple(sorted(set(dataset.articles) - {g.article for g in golds}))
    return EvaluationResult(str(dataset_path), str(gold_dir), articles, overall, errors, nil_linked, extra)


# ---------------------------------------------------------------------------
# Report


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def _row(width: int, name: str, category: str, s: Scores) -> str:
    note = " (info)" if category in INFORMATIONAL else ""
    return (f"{name:<{width}} {category + note:<20} {s.tp:>4} {s.fp:>4} {s.fn:>4}"
            f"  {_pct(s.precision):>9} {_pct(s.recall):>7} {_pct(s.f1):>6}")


def format_report(result: EvaluationResult, verbose: bool = False) -> str:
    """A readable table: overall scores per category, then per article (empty categories left out)."""
    names = [a.article if a.in_dataset else f"{a.article} (absent)" for a in result.articles]
    width = max([22, *(len(n) + 1 for n in names)])
    header = (f"{'article':<{width}} {'category':<20} {'tp':>4} {'fp':>4} {'fn':>4}"
              f"  {'precision':>9} {'recall':>7} {'f1':>6}")
    rule = "-" * len(header)
    title = f"Evaluation of {result.dataset} against {result.gold} ({len(result.articles)} gold articles)"
    lines = [title, "", header, rule]
    lines += [_row(width, "OVERALL", c, result.overall[c]) for c in CATEGORIES]
    lines.append(f"{'':<{width}} NIL gold entities given a link: {result.nil_linked}")
    for name, article in zip(names, result.articles, strict=True):
        lines.append(rule)
        scored = [(c, s) for c, s in article.scores.items() if not s.empty]
        rows = [_row(width, name if n == 0 else "", c, s) for n, (c, s) in enumerate(scored)]
        lines += rows or [f"{name:<{width}} (nothing to score)"]
    if result.extra_articles:
        lines += ["", f"Not scored (no gold): {', '.join(result.extra_articles)}"]
    if verbose and result.errors:
        lines += ["", "Errors:"]
        current = None
        for error in result.errors:
            if error.article != current:
                current = error.article
                lines.append(f"  {current}")
            lines.append(f"    {error.category:<13} {error.kind:<15} {error.detail}")
    return "\n".join(lines)
