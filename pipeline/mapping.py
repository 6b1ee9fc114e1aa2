"""Records -> RDF: one pure function per record type, triples into an rdflib graph.

The shapes of what is written are MODEL.md and ontology/README.md. Fact IRIs
depend only on the fact's content, so one fact read in two articles is one
resource with two sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .records import (
    Article,
    ChangeFact,
    CollaborationFact,
    Entity,
    EntityRef,
    EventFact,
    Evidence,
    Fact,
    FoundingFact,
    GrantFact,
    LinkDecision,
    Mention,
    PartialDate,
    PartnershipFact,
    QuotationFact,
    RoleFact,
    SourceRef,
)
from .resolve import Resolution
from .vocab import FOAF, OA, ORG, SCHEMA, SOV, TIME, WD, Iris, short_hash, slugify


class Triples(Protocol):
    """Where mapping writes: an rdflib Graph, or a plain set of triples (the build's, cheaper)."""

    def add(self, triple: tuple[URIRef, URIRef, URIRef | Literal], /) -> object: ...

__all__ = ["ArticleMapper", "article_slug", "date_literal", "map_link_decision"]


def article_slug(article: Article) -> str:
    """Readable and stable: the headline's first words, else the file stem."""
    if article.headline:
        return slugify(article.headline, max_words=8)
    return slugify(article.stem)


def date_literal(date: PartialDate) -> Literal:
    return Literal(date.lexical, datatype=XSD[date.xsd_type])


def fr(text: str) -> Literal:
    return Literal(text, lang="fr")


ENTITY_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "person": (SCHEMA.Person, FOAF.Person),
    "organization": (SCHEMA.Organization, ORG.FormalOrganization),
    "place": (SCHEMA.Place,),
    "project": (SCHEMA.Project,),
    "legislation": (SCHEMA.Legislation,),
    "product": (SCHEMA.Product,),
}

# The kinds of entity each fact slot accepts (the shapes' rules, checked before
# mapping): a fact whose slot the NER typed otherwise is dropped with a warning,
# so one misread sentence never blocks the whole build.
AGENTS = frozenset({"person", "organization"})
SLOT_KINDS: dict[type, dict[str, frozenset[str]]] = {
    RoleFact: {"person": frozenset({"person"}), "org": frozenset({"organization", "place", "project"})},
    FoundingFact: {"organization": frozenset({"organization"}), "founders": AGENTS | {"place"}},
    ChangeFact: {"original": frozenset({"organization"}), "resulting": frozenset({"organization"})},
    CollaborationFact: {"member": AGENTS | {"place"}, "collaboration": frozenset({"organization", "project"})},
    PartnershipFact: {"members": AGENTS},
    EventFact: {"attendees": AGENTS, "organizer": AGENTS},
    QuotationFact: {"speaker": AGENTS},
    GrantFact: {},
}

_INSTANT_PROPERTY = {"date": TIME.inXSDDate, "gYearMonth": TIME.inXSDgYearMonth, "gYear": TIME.inXSDgYear}


@dataclass
class ArticleMapper:
    """Maps one article's records into its named graph."""

    iris: Iris
    resolution: Resolution
    article: Article
    slug: str
    skipped: list[str] = field(default_factory=list)

    @property
    def article_iri(self) -> URIRef:
        return self.iris.article(self.slug)

    # --- entities -----------------------------------------------------------

    def entity_iri(self, entity: Entity) -> URIRef:
        return self.iris.resource(entity.kind, entity.slug)

    def ref_iri(self, ref: EntityRef | None) -> URIRef | None:
        if ref is None:
            return None
        entity = self.resolution.entity_of(self.article.stem, ref)
        return self.entity_iri(entity) if entity else None

    def map_entity(self, graph: Triples, entity: Entity) -> URIRef:
        iri = self.entity_iri(entity)
        for cls in ENTITY_CLASSES[entity.kind]:
            graph.add((iri, RDF.type, cls))
        graph.add((iri, RDFS.label, fr(entity.name)))
        graph.add((iri, SCHEMA.name, fr(entity.name)))
        if entity.qid:
            graph.add((iri, OWL.sameAs, WD[entity.qid]))
        return iri

    # --- the article --------------------------------------------------------

    def map_source(self, graph: Triples, source: SourceRef) -> URIRef:
        key = "-".join(
            filter(
                None,
                [source.publisher, source.author, source.date.lexical if source.date else None, source.url],
            )
        )
        iri = self.iris.resource("source", slugify(key, max_words=10))
        graph.add((iri, RDF.type, SCHEMA.CreativeWork))
        if source.publisher:
            entity = self.resolution.entity_of(self.article.stem, EntityRef(source.publisher, "ORG"))
            if entity:
                graph.add((iri, SCHEMA.publisher, self.map_entity(graph, entity)))
        if source.author:
            entity = self.resolution.entity_of(self.article.stem, EntityRef(source.author, "PER"))
            if entity:
                graph.add((iri, SCHEMA.author, self.map_entity(graph, entity)))
        if source.date:
            graph.add((iri, SCHEMA.datePublished, date_literal(source.date)))
        if source.url:
            graph.add((iri, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
        return iri

    def map_article(self, graph: Triples) -> URIRef:
        a, iri = self.article, self.article_iri
        graph.add((iri, RDF.type, SCHEMA.NewsArticle))
        graph.add((iri, SCHEMA.identifier, Literal(a.stem)))
        if a.headline:
            graph.add((iri, SCHEMA.headline, Literal(a.headline, lang=a.language)))
        graph.add((iri, SCHEMA.inLanguage, Literal(a.language)))
        if a.date_published:
            graph.add((iri, SCHEMA.datePublished, date_literal(a.date_published)))
        graph.add((iri, SCHEMA.wordCount, Literal(a.word_count)))
        graph.add((iri, SCHEMA.articleBody, Literal(a.text, lang=a.language)))
        if a.url:
            graph.add((iri, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI)))
        if a.is_based_on:
            graph.add((iri, SCHEMA.isBasedOn, self.map_source(graph, a.is_based_on)))
        for prop, name, label in ((SCHEMA.publisher, a.publisher, "ORG"), (SCHEMA.author, a.author, "PER")):
            if name:
                entity = self.resolution.entity_of(a.stem, EntityRef(name, label))  # type: ignore[arg-type]
                if entity:
                    graph.add((iri, prop, self.map_entity(graph, entity)))
        return iri

    # --- mentions and evidence ----------------------------------------------

    def _selectors(self, graph: Triples, annotation: URIRef, start: int, end: int) -> None:
        target = self.iris.part(annotation, "target")
        position = self.iris.part(annotation, "position")
        quote = self.iris.part(annotation, "quote")
        graph.add((annotation, OA.hasTarget, target))
        graph.add((target, OA.hasSource, self.article_iri))
        graph.add((target, OA.hasSelector, position))
        graph.add((target, OA.hasSelector, quote))
        graph.add((position, RDF.type, OA.TextPositionSelector))
        graph.add((position, OA.start, Literal(start)))
        graph.add((position, OA.end, Literal(end)))
        graph.add((quote, RDF.type, OA.TextQuoteSelector))
        graph.add((quote, OA.exact, Literal(self.article.text[start:end])))

    def map_mention(self, graph: Triples, mention: Mention, ref: EntityRef | None = None) -> None:
        ref = ref or EntityRef(mention.text, mention.label, mention.cluster)
        entity = self.resolution.entity_of(self.article.stem, ref)
        if entity is None:
            return
        body = self.map_entity(graph, entity)
        graph.add((self.article_iri, SCHEMA.mentions, body))
        if mention.text != entity.name:
            graph.add((body, SKOS.altLabel, fr(mention.text)))
        iri = self.iris.resource("mention", f"{self.slug}-{mention.start}-{mention.end}")
        graph.add((iri, RDF.type, OA.Annotation))
        graph.add((iri, OA.motivatedBy, OA.identifying))
        graph.add((iri, OA.hasBody, body))
        self._selectors(graph, iri, mention.start, mention.end)

    def map_evidence(
        self,
        graph: Triples,
        fact_iri: URIRef,
        evidence: Evidence,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        start = evidence.start if start is None else start
        end = evidence.end if end is None else end
        iri = self.iris.resource("evidence", short_hash(fact_iri, self.article.stem, start, end, length=16))
        graph.add((iri, RDF.type, OA.Annotation))
        graph.add((iri, OA.motivatedBy, OA.describing))
        graph.add((iri, OA.hasBody, fact_iri))
        graph.add((iri, SOV.rule, Literal(evidence.rule)))
        self._selectors(graph, iri, start, end)
        graph.add((fact_iri, PROV.wasDerivedFrom, self.article_iri))

    # --- facts --------------------------------------------------------------

    def _interval(
        self, graph: Triples, owner: URIRef, start: PartialDate | None, end: PartialDate | None
    ) -> None:
        instants = [(TIME.hasBeginning, "start", start), (TIME.hasEnd, "end", end)]
        instants = [(p, f, d) for p, f, d in instants if d is not None and d.xsd_type in _INSTANT_PROPERTY]
        if not instants:
            return
        during = self.iris.part(owner, "during")
        graph.add((owner, ORG.memberDuring, during))
        graph.add((during, RDF.type, TIME.Interval))
        for prop, fragment, date in instants:
            instant = self.iris.part(owner, fragment)
            graph.add((during, prop, instant))
            graph.add((instant, RDF.type, TIME.Instant))
            graph.add((instant, _INSTANT_PROPERTY[date.xsd_type], date_literal(date)))

    def _slugs(self, *refs: EntityRef | None) -> list[str]:
        out = []
        for ref in refs:
            entity = self.resolution.entity_of(self.article.stem, ref) if ref else None
            out.append(entity.slug if entity else "x")
        return out

    def map_role(self, graph: Triples, fact: RoleFact) -> URIRef | None:
        person, org = self.ref_iri(fact.person), self.ref_iri(fact.org)
        if person is None or org is None:
            return None
        p_slug, o_slug = self._slugs(fact.person, fact.org)
        dates = "-".join(d.lexical for d in (fact.start, fact.end) if d)
        key = f"{p_slug}-{o_slug}-{slugify(fact.role)}" + ("-former" if fact.former else "")
        iri = self.iris.resource("membership", key + (f"-{short_hash(dates, length=6)}" if dates else ""))
        role = self.iris.resource("role", slugify(fact.role))
        self._entity_types(graph, fact.person, fact.org)
        graph.add((iri, RDF.type, ORG.Membership))
        graph.add((iri, ORG.member, person))
        graph.add((iri, ORG.organization, org))
        graph.add((iri, ORG.role, role))
        graph.add((iri, SOV.roleLabel, fr(fact.role_label)))
        if fact.former:
            graph.add((iri, SOV.former, Literal(True)))
        self._interval(graph, iri, fact.start, fact.end)
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def _entity_types(self, graph: Triples, *refs: EntityRef | None) -> None:
        for ref in refs:
            entity = self.resolution.entity_of(self.article.stem, ref) if ref else None
            if entity:
                self.map_entity(graph, entity)

    def map_grant(self, graph: Triples, fact: GrantFact) -> URIRef | None:
        funder = self.ref_iri(fact.funder)
        cofunders = [c for c in (self.ref_iri(x) for x in fact.cofunders) if c is not None]
        recipients = [r for r in (self.ref_iri(x) for x in fact.recipients) if r is not None]
        if funder is None or not recipients:
            return None
        # Two names resolved to one entity ("l'État" ... "la France"): a grant to oneself says nothing
        givers = {funder, *cofunders}
        if any(r in givers for r in recipients):
            recipients = [r for r in recipients if r not in givers]
            if not recipients:
                self.skipped.append(
                    f"{self.article.path}: {fact.evidence.rule} fact not published: "
                    f"its funder {fact.funder.name!r} is also its recipient"
                )
                return None
        through = self.ref_iri(fact.through)
        key = short_hash(
            funder,
            *([sorted(cofunders)] if cofunders else []),
            sorted(recipients),
            fact.amount,
            fact.currency,
            through,
            fact.total,
            fact.share,
            fact.date.lexical if fact.date else None,
        )
        iri = self.iris.resource("grant", f"{self._slugs(fact.funder)[0]}-{key}")
        self._entity_types(graph, *fact.funders, fact.through, *fact.recipients)
        graph.add((iri, RDF.type, SCHEMA.MonetaryGrant))
        for giver in (funder, *cofunders):
            graph.add((iri, SCHEMA.funder, giver))
        for recipient in recipients:
            graph.add((iri, SCHEMA.fundedItem, recipient))
        if fact.amount is not None and fact.amount > 0 and fact.currency:
            amount = self.iris.part(iri, "amount")
            graph.add((iri, SCHEMA.amount, amount))
            graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
            graph.add((amount, SCHEMA.value, Literal(Decimal(fact.amount), datatype=XSD.decimal)))
            graph.add((amount, SCHEMA.currency, Literal(fact.currency)))
        if through is not None:
            graph.add((iri, SOV.through, through))
        if fact.total:
            graph.add((iri, SOV.total, Literal(True)))
        if fact.share is not None:
            graph.add((iri, SOV.share, Literal(Decimal(fact.share), datatype=XSD.decimal)))
        if fact.date:
            graph.add((iri, DCTERMS.date, date_literal(fact.date)))
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_founding(self, graph: Triples, fact: FoundingFact) -> URIRef | None:
        org = self.ref_iri(fact.organization)
        founders = [f for f in (self.ref_iri(x) for x in fact.founders) if f is not None and f != org]
        origin = self.ref_iri(fact.origin)
        if org is None or (not founders and origin is None):
            if org is not None and fact.founders:
                self.skipped.append(
                    f"{self.article.path}: {fact.evidence.rule} fact not published: "
                    f"its organization {fact.organization.name!r} is its only founder"
                )
            return None
        key = short_hash(org, sorted(founders), origin, fact.date.lexical if fact.date else None, length=8)
        iri = self.iris.resource("founding", f"{self._slugs(fact.organization)[0]}-{key}")
        self._entity_types(graph, fact.organization, fact.origin, *fact.founders)
        graph.add((iri, RDF.type, SOV.Founding))
        graph.add((iri, SOV.foundedOrganization, org))
        for founder in founders:
            graph.add((iri, SCHEMA.founder, founder))
            graph.add((org, SCHEMA.founder, founder))
        if fact.date:
            graph.add((iri, SCHEMA.foundingDate, date_literal(fact.date)))
            graph.add((org, SCHEMA.foundingDate, date_literal(fact.date)))
        if origin is not None:
            graph.add((iri, SOV.originatedFrom, origin))
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_change(self, graph: Triples, fact: ChangeFact) -> URIRef | None:
        originals = [o for o in (self.ref_iri(x) for x in fact.original) if o is not None]
        resulting = self.ref_iri(fact.resulting)
        if not originals or resulting is None:
            return None
        key = short_hash(
            fact.kind, sorted(originals), resulting, fact.date.lexical if fact.date else None, length=8
        )
        iri = self.iris.resource("change", f"{fact.kind}-{key}")
        self._entity_types(graph, fact.resulting, *fact.original)
        graph.add((iri, RDF.type, ORG.ChangeEvent))
        graph.add((iri, SOV.changeKind, Literal(fact.kind)))
        for original in originals:
            graph.add((iri, ORG.originalOrganization, original))
        graph.add((iri, ORG.resultingOrganization, resulting))
        if fact.date:
            graph.add((iri, DCTERMS.date, date_literal(fact.date)))
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_collaboration(self, graph: Triples, fact: CollaborationFact) -> URIRef | None:
        member, collab = self.ref_iri(fact.member), self.ref_iri(fact.collaboration)
        if member is None or collab is None or member == collab:
            return None
        m_slug, c_slug = self._slugs(fact.member, fact.collaboration)
        suffix = ("-ended" if fact.ended else "") + (f"-{fact.end.lexical}" if fact.end else "")
        iri = self.iris.resource("membership", f"{m_slug}-{c_slug}{suffix}")
        self._entity_types(graph, fact.member, fact.collaboration)
        graph.add((collab, RDF.type, ORG.OrganizationalCollaboration))
        graph.add((collab, ORG.hasMember, member))
        graph.add((iri, RDF.type, ORG.Membership))
        graph.add((iri, ORG.member, member))
        graph.add((iri, ORG.organization, collab))
        if fact.ended:
            graph.add((iri, SOV.ended, Literal(True)))
        self._interval(graph, iri, None, fact.end)
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_partnership(self, graph: Triples, fact: PartnershipFact) -> URIRef | None:
        members = sorted({m for m in (self.ref_iri(x) for x in fact.members) if m is not None})
        if len(members) < 2:
            return None
        about = self.ref_iri(fact.about)
        key = short_hash(members, about, fact.date.lexical if fact.date else None, length=8)
        iri = self.iris.resource("partnership", key)
        self._entity_types(graph, fact.about, *fact.members)
        graph.add((iri, RDF.type, ORG.OrganizationalCollaboration))
        graph.add((iri, RDFS.label, fr("partenariat")))
        for member in members:
            graph.add((iri, ORG.hasMember, member))
        if about is not None:
            graph.add((iri, SCHEMA.about, about))
        if fact.date:
            graph.add((iri, SCHEMA.startDate, date_literal(fact.date)))
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_event(self, graph: Triples, fact: EventFact) -> URIRef | None:
        attendees = sorted({a for a in (self.ref_iri(x) for x in fact.attendees) if a is not None})
        organizer = self.ref_iri(fact.organizer)
        if not attendees and organizer is None:
            return None
        key = short_hash(fact.label, attendees, organizer, fact.date.lexical if fact.date else None, length=8)
        iri = self.iris.resource("event", f"{slugify(fact.label, max_words=4)}-{key}")
        self._entity_types(graph, fact.organizer, *fact.attendees)
        graph.add((iri, RDF.type, SCHEMA.Event))
        graph.add((iri, SCHEMA.name, fr(fact.label)))
        for attendee in attendees:
            graph.add((iri, SCHEMA.attendee, attendee))
        if organizer is not None:
            graph.add((iri, SCHEMA.organizer, organizer))
        if fact.date:
            graph.add((iri, SCHEMA.startDate, date_literal(fact.date)))
        self.map_evidence(graph, iri, fact.evidence)
        return iri

    def map_quotation(self, graph: Triples, fact: QuotationFact) -> URIRef | None:
        speaker = self.ref_iri(fact.speaker)
        if speaker is None:
            return None
        iri = self.iris.resource("quotation", f"{self.slug}-{fact.start}-{fact.end}")
        self._entity_types(graph, fact.speaker)
        graph.add((iri, RDF.type, SCHEMA.Quotation))
        graph.add((iri, SCHEMA.text, fr(self.article.text[fact.start : fact.end])))
        graph.add((iri, SCHEMA.creator, speaker))
        graph.add((iri, SCHEMA.isPartOf, self.article_iri))
        self.map_evidence(graph, iri, fact.evidence, fact.start, fact.end)
        return iri

    def slot_problem(self, fact: Fact) -> str | None:
        """Why the fact cannot be published as read (a slot of the wrong kind), or None."""
        for slot, kinds in SLOT_KINDS[type(fact)].items():
            value = getattr(fact, slot)
            for ref in value if isinstance(value, tuple) else (value,):
                entity = self.resolution.entity_of(self.article.stem, ref) if ref is not None else None
                if entity is not None and entity.kind not in kinds:
                    return f"its {slot} {entity.name!r} is a {entity.kind}, not a {' or '.join(sorted(kinds))}"
        return None

    def map_fact(self, graph: Triples, fact: Fact) -> URIRef | None:
        problem = self.slot_problem(fact)
        if problem is not None:
            self.skipped.append(f"{self.article.path}: {fact.evidence.rule} fact not published: {problem}")
            return None
        handlers = {
            RoleFact: self.map_role,
            GrantFact: self.map_grant,
            FoundingFact: self.map_founding,
            ChangeFact: self.map_change,
            CollaborationFact: self.map_collaboration,
            PartnershipFact: self.map_partnership,
            EventFact: self.map_event,
            QuotationFact: self.map_quotation,
        }
        return handlers[type(fact)](graph, fact)  # type: ignore[operator]

    def derived_mentions(self, mentions: list[Mention], facts: Iterable[Fact]) -> list[tuple[Mention, EntityRef]]:
        """Where a fact rule read an entity from words that are not a named mention
        ("l'État", "le gouvernement"), those words in the fact's evidence are its mention."""
        taken = [(m.start, m.end) for m in mentions]
        found: list[tuple[Mention, EntityRef]] = []
        for fact in facts:
            evidence: Evidence = fact.evidence
            window = self.article.text[evidence.start : evidence.end]
            for value in vars(fact).values():
                for ref in value if isinstance(value, tuple) else (value,):
                    if not isinstance(ref, EntityRef) or ref.cluster is not None:
                        continue
                    match = re.search(r"(?<!\w)" + re.escape(ref.name) + r"(?!\w)", window, re.IGNORECASE)
                    if match is None:
                        continue
                    start, end = evidence.start + match.start(), evidence.start + match.end()
                    if any(start < e and s < end for s, e in taken):
                        continue
                    taken.append((start, end))
                    found.append((Mention(start, end, self.article.text[start:end], ref.label, -1, "rule"), ref))
        return sorted(found, key=lambda pair: (pair[0].start, pair[0].end))

    def map_all(self, mentions: Iterable[Mention], facts: Iterable[Fact]) -> Graph:
        """The article's graph as an rdflib Graph."""
        graph = Graph()
        for triple in self.map_triples(mentions, facts):
            graph.add(triple)
        return graph

    def map_triples(self, mentions: Iterable[Mention], facts: Iterable[Fact]) -> set[tuple]:
        """The article's graph as a set of triples (rdflib terms): what the build serializes,
        without the cost of an rdflib store's indexes."""
        graph: set[tuple] = set()
        mentions, facts = list(mentions), list(facts)
        self.map_article(graph)
        for mention in mentions:
            self.map_mention(graph, mention)
        for mention, ref in self.derived_mentions(mentions, facts):
            self.map_mention(graph, mention, ref)
        for fact in facts:
            self.map_fact(graph, fact)
        return graph


def map_link_decision(
    graph: Triples, iris: Iris, entity_iri: URIRef, slug: str, decision: LinkDecision
) -> URIRef:
    """A linker decision, accepted or not, as an auditable resource (graph/meta)."""
    iri = iris.resource("link", slug)
    graph.add((iri, RDF.type, SOV.LinkDecision))
    graph.add((iri, SOV.decisionFor, entity_iri))
    graph.add((iri, SOV.name, fr(decision.name)))
    if decision.qid:
        graph.add((iri, SOV.chosen, WD[decision.qid]))
    graph.add((iri, SOV.score, Literal(Decimal(str(round(decision.score, 4))), datatype=XSD.decimal)))
    graph.add((iri, SOV.method, Literal(decision.method)))
    graph.add((iri, SOV.referenceVersion, Literal(decision.reference_version)))
    graph.add((iri, SOV.curated, Literal(decision.curated)))
    for n, candidate in enumerate(decision.candidates, start=1):
        c = iris.part(iri, f"c{n}")
        graph.add((iri, SOV.candidate, c))
        graph.add((c, RDF.type, SOV.Candidate))
        graph.add((c, SOV.item, WD[candidate.qid]))
        graph.add((c, SOV.score, Literal(Decimal(str(round(candidate.score, 4))), datatype=XSD.decimal)))
        graph.add((c, RDFS.label, fr(candidate.label)))
    return iri
