"""What the HTML pages show, read from the store: plain dataclasses, no HTTP, no HTML.

Every query here is bounded (LIMITs, VALUES over known IRIs), so pages can
run in the server's thread pool on the main store; users' own queries go
through the worker pool instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..vocab import OA, ORG, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, SOV, VOID, WD
from .urls import Urls

__all__ = [
    "Link",
    "FactView",
    "EvidenceView",
    "MentionView",
    "ResourceView",
    "ArticleView",
    "Segment",
    "PageData",
    "FACT_TYPES",
]

FACT_TYPES = {
    str(ORG.Membership): "membership",
    str(SCHEMA.MonetaryGrant): "grant",
    str(SOV.Founding): "founding",
    str(SCHEMA.Quotation): "quotation",
    str(ORG.ChangeEvent): "change",
    str(SCHEMA.Event): "event",
}
_LABEL_PREDICATES = (str(RDFS.label), str(SKOS.prefLabel), str(SCHEMA.name), str(SCHEMA.headline))
_SENTENCE_END = re.compile(r"[.!?…\n]")
_DEFAULT = ox.DefaultGraph()
COUNTED_TYPES = (
    ("Articles", SCHEMA.NewsArticle),
    ("People", SCHEMA.Person),
    ("Organizations", SCHEMA.Organization),
    ("Places", SCHEMA.Place),
    ("Projects", SCHEMA.Project),
    ("Memberships", ORG.Membership),
    ("Grants", SCHEMA.MonetaryGrant),
    ("Foundings", SOV.Founding),
    ("Quotations", SCHEMA.Quotation),
)


@dataclass(frozen=True)
class Link:
    """A term as shown: its text, a local href when it has a page, and the IRI itself."""

    text: str
    href: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class EvidenceView:
    article: Link
    quote: str
    start: int
    end: int
    rule: str | None = None


@dataclass
class FactView:
    iri: str
    kind: str
    parts: list[Link | str]
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass(frozen=True)
class MentionView:
    article: Link
    date: str | None
    sentence_before: str
    quote: str
    sentence_after: str


@dataclass
class ResourceView:
    iri: str
    kind: str
    slug: str
    label: str
    types: list[Link]
    wikidata: list[Link]
    properties: list[tuple[Link, list[Link]]]
    incoming: list[tuple[Link, Link]]
    facts: list[FactView]
    mentions: list[MentionView]


@dataclass(frozen=True)
class Segment:
    """A piece of article text: plain, or a mention linking to its entity."""

    text: str
    link: Link | None = None
    start: int = 0


@dataclass
class ArticleView:
    resource: ResourceView
    headline: str
    date: str | None
    paragraphs: list[list[Segment]]
    facts: list[FactView]
    anchors: list[int]  # starts of the highlighted mentions (`#at-{start}` targets)


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _int(term: object) -> int | None:
    try:
        return int(term.value)  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return None


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence holding [start, end), split around it."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    return text[left:start].lstrip(), text[start:end], text[end:right].rstrip()


def _amount(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return f"{number:,.0f}".replace(",", "\u202f") if number == number.to_integral() else f"{number:,}"


class PageData:
    """Reads page data from a store, with links built by `urls`."""

    def __init__(self, store: ox.Store, urls: Urls) -> None:
        self.store = store
        self.urls = urls
        self._curies = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def _select(self, query: str, **terms: ox.NamedNode | ox.Literal) -> list[ox.QuerySolution]:
        """Run a SELECT; each `$name` becomes the term as pyoxigraph writes it (escaped, never spliced)."""
        for name, term in terms.items():
            query = query.replace(f"${name}", str(term))
        return list(self.store.query(query, prefixes=PREFIXES))

    # --- names and links -------------------------------------------------------------
    def curie(self, iri: str) -> str:
        for prefix, namespace in self._curies:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        wanted = sorted({i for i in iris if i})
        if not wanted:
            return {}
        best: dict[str, tuple[int, str]] = {}
        for row in self._select(
            f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {_values(wanted)} }}"
            f" VALUES ?p {{ {_values(_LABEL_PREDICATES)} }} ?s ?p ?l }}"
        ):
            rank = _LABEL_PREDICATES.index(row["p"].value) * 2 + (
                0 if row["l"].language in ("fr", None) else 1
            )
            current = best.get(row["s"].value)
            if current is None or rank < current[0]:
                best[row["s"].value] = (rank, row["l"].value)
        return {iri: label for iri, (_, label) in best.items()}

    def link(self, term: object, labels: dict[str, str]) -> Link:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            if iri.startswith(str(WD)):
                return Link(f"Wikidata {iri[len(str(WD)) :]}", iri.replace("http://", "https://", 1), iri)
            local = self.urls.page_for(iri)
            fallback = iri[len(self.urls.base) + 3 :] if local else self.curie(iri)  # "grant/slug"
            return Link(labels.get(iri) or fallback, local or iri, iri)
        if isinstance(term, ox.Literal):
            return Link(term.value)
        return Link(str(term))

    def links(self, terms: Sequence[object]) -> list[Link]:
        labels = self.labels(t.value for t in terms if isinstance(t, ox.NamedNode))
        return [self.link(t, labels) for t in terms]

    # --- existence and data --------------------------------------------------------------
    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return (
            next(iter(self.store.quads_for_pattern(node, None, None, _DEFAULT)), None) is not None
            or next(iter(self.store.quads_for_pattern(None, None, node, _DEFAULT)), None) is not None
        )

    def describe(self, iri: str) -> list[ox.Triple]:
        """The resource's own triples and those of its `#` sub-resources, from the default graph."""
        seen: set[str] = set()
        todo = [iri]
        triples: list[ox.Triple] = []
        while todo:
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for quad in self.store.quads_for_pattern(ox.NamedNode(subject), None, None, _DEFAULT):
                triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
                target = _iri(quad.object)
                if target and target.startswith(iri + "#"):
                    todo.append(target)
        return triples

    # --- facts -------------------------------------------------------------------------
    def _properties(self, iris: Iterable[str]) -> dict[str, dict[str, list[object]]]:
        props: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        for iri in iris:
            for quad in self.store.quads_for_pattern(ox.NamedNode(iri), None, None, _DEFAULT):
                props[iri][quad.predicate.value].append(quad.object)
        return props

    def facts(self, fact_iris: Sequence[str]) -> list[FactView]:
        """Each fact as a sentence of links, with the evidence it was read from."""
        props = self._properties(fact_iris)
        amounts = [_iri(o) for p in props.values() for o in p.get(str(SCHEMA.amount), [])]
        props.update(self._properties(a for a in amounts if a))
        mentioned = {_iri(o) for iri in fact_iris for values in props[iri].values() for o in values}
        labels = self.labels(m for m in mentioned if m)
        views = []
        for iri in fact_iris:
            kind = next(
                (FACT_TYPES[t.value] for t in props[iri].get(str(RDF.type), []) if t.value in FACT_TYPES),
                "fact",
            )
            views.append(FactView(iri, kind, self._sentence(kind, props[iri], props, labels)))
        by_iri = {v.iri: v for v in views}
        for item in self.evidence(fact_iris):
            by_iri[item[0]].evidence.append(item[1])
        return views

    def _sentence(self, kind: str, p: dict[str, list[object]], every: dict, labels: dict[str, str]) -> list:
        def one(pred) -> Link | None:
            values = p.get(str(pred), [])
            return self.link(values[0], labels) if values else None

        def many(pred) -> list:
            out: list[Link | str] = []
            for index, value in enumerate(p.get(str(pred), [])):
                out += ([", "] if index else []) + [self.link(value, labels)]
            return out

        def flag(pred) -> bool:
            return any(getattr(v, "value", "") == "true" for v in p.get(str(pred), []))

        if kind == "membership":
            role = one(SOV.roleLabel) or one(ORG.role)
            parts: list = [one(ORG.member) or "someone", " is "]
            parts += [
                "a former " if flag(SOV.former) else "",
                role or "a member",
                " of ",
                one(ORG.organization) or "?",
            ]
            if flag(SOV.ended):
                parts.append(" (left)")
            return parts
        if kind == "grant":
            parts = [one(SCHEMA.funder) or "someone", " funds "] + many(SCHEMA.fundedItem)
            amount = _iri((p.get(str(SCHEMA.amount)) or [None])[0])
            if amount:
                money = every.get(amount, {})
                value = money.get(str(SCHEMA.value), [])
                currency = money.get(str(SCHEMA.currency), [])
                if value:
                    parts.append(
                        f" with {_amount(value[0].value)} {currency[0].value if currency else ''}".rstrip()
                    )
            if p.get(str(SOV.through)):
                parts += [" through "] + many(SOV.through)
            return parts
        if kind == "founding":
            parts = [one(SOV.foundedOrganization) or "an organization", " was founded by "] + many(
                SCHEMA.founder
            )
            date = one(SCHEMA.foundingDate)
            return parts + ([f" ({date.text})"] if date else [])
        if kind == "quotation":
            return [one(SCHEMA.creator) or "someone", " said: « ", one(SCHEMA.text) or "", " »"]
        if kind == "change":
            return many(ORG.originalOrganization) + [
                " became part of ",
                one(ORG.resultingOrganization) or "?",
            ]
        if kind == "event":
            return [one(SCHEMA.name) or "an event", " with "] + many(SCHEMA.attendee)
        return [f"a {kind}"]

    def evidence(self, fact_iris: Sequence[str]) -> list[tuple[str, EvidenceView]]:
        if not fact_iris:
            return []
        rows = self._select(
            f"SELECT ?f ?src ?start ?end ?exact ?rule WHERE {{ VALUES ?f {{ {_values(fact_iris)} }}"
            " ?ev oa:hasBody ?f ; oa:hasTarget ?t . ?t oa:hasSource ?src ; oa:hasSelector ?pos ."
            " ?pos oa:start ?start ; oa:end ?end . OPTIONAL { ?t oa:hasSelector ?q . ?q oa:exact ?exact }"
            " OPTIONAL { ?ev sov:rule ?rule } } ORDER BY ?src ?start LIMIT 500"
        )
        labels = self.labels(r["src"].value for r in rows)
        out = []
        for row in rows:
            out.append(
                (
                    row["f"].value,
                    EvidenceView(
                        self.link(row["src"], labels),
                        row["exact"].value if row["exact"] else "",
                        _int(row["start"]) or 0,
                        _int(row["end"]) or 0,
                        row["rule"].value if row["rule"] else None,
                    ),
                )
            )
        return out

    # --- pages -------------------------------------------------------------------------------
    def resource(self, iri: str) -> ResourceView:
        rest = iri[len(self.urls.base) + 3 :] if iri.startswith(self.urls.base + "id/") else iri
        kind, _, slug = rest.partition("/")
        node = ox.NamedNode(iri)
        outgoing = list(self.store.quads_for_pattern(node, None, None, _DEFAULT))
        incoming = list(self.store.quads_for_pattern(None, None, node, _DEFAULT))[:200]
        names = {q.predicate.value for q in outgoing + incoming} | {_iri(q.object) for q in outgoing}
        names |= {q.subject.value for q in incoming if isinstance(q.subject, ox.NamedNode)} | {iri}
        labels = self.labels(n for n in names if n)
        grouped: dict[str, list[object]] = defaultdict(list)
        for quad in outgoing:
            grouped[quad.predicate.value].append(quad.object)
        types = [self.link(t, labels) for t in grouped.pop(str(RDF.type), [])]
        wikidata = [self.link(t, labels) for t in grouped.get(str(OWL.sameAs), []) if _iri(t)]
        properties = [
            (Link(labels.get(p) or self.curie(p), None, p), [self.link(o, labels) for o in objs])
            for p, objs in sorted(grouped.items(), key=lambda kv: self.curie(kv[0]))
            if p != str(SCHEMA.articleBody)
        ]
        inbound = [
            (self.link(q.subject, labels), Link(self.curie(q.predicate.value), None, q.predicate.value))
            for q in incoming
            if not str(q.predicate.value).startswith(str(OA))
        ]
        fact_rows = self._select(
            "SELECT DISTINCT ?f WHERE { ?f ?p $e . ?f a ?t . VALUES ?t { "
            + _values(FACT_TYPES)
            + " } } ORDER BY ?f LIMIT 200",
            e=node,
        )
        facts = self.facts([r["f"].value for r in fact_rows])
        return ResourceView(
            iri,
            kind,
            slug,
            labels.get(iri) or slug or iri,
            types,
            wikidata,
            properties,
            inbound,
            facts,
            self.mentions_of(node),
        )

    def mentions_of(self, node: ox.NamedNode) -> list[MentionView]:
        rows = self._select(
            "SELECT ?src ?start ?end ?body ?date WHERE { ?m oa:hasBody $e ; oa:hasTarget ?t ."
            " ?t oa:hasSource ?src ; oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end ."
            " ?src schema:articleBody ?body . OPTIONAL { ?src schema:datePublished ?date } }"
            " ORDER BY DESC(?date) ?src ?start LIMIT 100",
            e=node,
        )
        labels = self.labels(r["src"].value for r in rows)
        views, seen = [], set()
        for row in rows:
            if row["src"].value in seen:
                continue
            seen.add(row["src"].value)
            before, quote, after = _sentence_around(
                row["body"].value, _int(row["start"]) or 0, _int(row["end"]) or 0
            )
            views.append(
                MentionView(
                    self.link(row["src"], labels),
                    row["date"].value if row["date"] else None,
                    before,
                    quote,
                    after,
                )
            )
        return views

    def article(self, iri: str) -> ArticleView:
        resource = self.resource(iri)
        node = ox.NamedNode(iri)
        head = self._select(
            "SELECT ?body ?headline ?date WHERE { OPTIONAL { $a schema:articleBody ?body }"
            " OPTIONAL { $a schema:headline ?headline } OPTIONAL { $a schema:datePublished ?date } } LIMIT 1",
            a=node,
        )
        row = head[0] if head else None
        body = row["body"].value if row and row["body"] else ""
        rows = self._select(
            "SELECT ?body ?start ?end WHERE { ?t oa:hasSource $a . ?ann oa:hasTarget ?t ; oa:hasBody ?body ."
            " ?t oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end } ORDER BY ?start LIMIT 5000",
            a=node,
        )
        bodies = {r["body"].value for r in rows if isinstance(r["body"], ox.NamedNode)}
        typed = (
            self._select(f"SELECT ?b ?t WHERE {{ VALUES ?b {{ {_values(bodies)} }} ?b a ?t }}")
            if bodies
            else []
        )
        facts = sorted({r["b"].value for r in typed if r["t"].value in FACT_TYPES})
        labels = self.labels(bodies)
        spans = [
            (_int(r["start"]) or 0, _int(r["end"]) or 0, r["body"])
            for r in rows
            if r["body"].value not in facts
        ]
        return ArticleView(
            resource,
            row["headline"].value if row and row["headline"] else resource.label,
            row["date"].value if row and row["date"] else None,
            self._paragraphs(body, spans, labels),
            self._local_facts(facts, iri, len(body)),
            sorted({start for start, _, _ in spans}),
        )

    def _local_facts(self, fact_iris: list[str], article: str, end: int) -> list[FactView]:
        """Facts with only this article's evidence, in the order the text states them."""
        views = self.facts(fact_iris)
        for view in views:
            view.evidence = [e for e in view.evidence if e.article.iri == article]
        return sorted(views, key=lambda f: min((e.start for e in f.evidence), default=end))

    def _paragraphs(self, text: str, spans: list[tuple[int, int, object]], labels: dict[str, str]) -> list:
        segments: list[Segment] = []
        cursor = 0
        for start, end, body in sorted(spans, key=lambda s: (s[0], -s[1])):
            if start < cursor or end > len(text) or start >= end:
                continue
            if start > cursor:
                segments.append(Segment(text[cursor:start], None, cursor))
            segments.append(Segment(text[start:end], self.link(body, labels), start))
            cursor = end
        segments.append(Segment(text[cursor:], None, cursor))
        paragraphs: list[list[Segment]] = [[]]
        for segment in segments:
            if segment.link is not None or "\n\n" not in segment.text:
                paragraphs[-1].append(segment)
                continue
            pieces = segment.text.split("\n\n")
            for index, piece in enumerate(pieces):
                if index:
                    paragraphs.append([])
                if piece:
                    paragraphs[-1].append(Segment(piece, None, segment.start))
        return [p for p in paragraphs if p]

    def counts(self) -> list[tuple[str, int]]:
        rows = self._select(
            "SELECT ?t (COUNT(?s) AS ?n) WHERE { VALUES ?t { "
            + _values(str(t) for _, t in COUNTED_TYPES)
            + " } ?s a ?t } GROUP BY ?t"
        )
        found = {r["t"].value: _int(r["n"]) or 0 for r in rows}
        return [(name, found.get(str(t), 0)) for name, t in COUNTED_TYPES]

    def void_figures(self) -> list[tuple[str, str]]:
        rows = self._select(
            "SELECT ?p ?o WHERE { ?d a void:Dataset ; ?p ?o . FILTER(isLiteral(?o)) } ORDER BY ?p LIMIT 50"
        )
        return [
            (self.curie(r["p"].value), r["o"].value)
            for r in rows
            if r["p"].value.startswith(str(VOID)) or r["p"].value.endswith(("title", "description"))
        ]

    def articles(self, limit: int = 100) -> list[tuple[Link, str | None]]:
        rows = self._select(
            "SELECT ?a ?date WHERE { ?a a schema:NewsArticle . OPTIONAL { ?a schema:datePublished ?date } }"
            f" ORDER BY DESC(?date) ?a LIMIT {int(limit)}"
        )
        labels = self.labels(r["a"].value for r in rows)
        return [(self.link(r["a"], labels), r["date"].value if r["date"] else None) for r in rows]

    def search(self, text: str, limit: int = 50) -> list[Link]:
        rows = self._select(
            "SELECT DISTINCT ?s WHERE { ?s rdfs:label ?l . FILTER(CONTAINS(LCASE(STR(?l)), $q)) }"
            f" LIMIT {int(limit)}",
            q=ox.Literal(text.lower()[:200]),
        )
        return self.links([r["s"] for r in rows])
