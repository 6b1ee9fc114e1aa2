"""The whole path: articles -> extraction -> linking -> RDF -> validation -> dist/.

One plain function, `build()`, that the CLI and the tests call. It raises a
`SouverainError` (input errors, SHACL violations) before anything is
published, so a failed build never touches dist/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD

from . import __version__
from .config import ROLES_FILE, Settings, source_date_epoch
from .errors import InputError, NoArticlesError, SouverainError, ValidationFailed
from .ingest import read_articles
from .mapping import ArticleMapper, article_slug, map_link_decision
from .publish import Publication, graph_jsonld, nquad_lines
from .records import Article, ArticleResult, EntityRef
from .resolve import Resolution, propagate_names, resolve
from .runner import run_extraction
from .vocab import SCHEMA, Iris, slugify

__all__ = ["BuildSummary", "InputErrors", "build"]

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


class InputErrors(SouverainError):
    """One or more input files cannot be read; nothing was published."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} input file(s) rejected; nothing was published:\n{lines}")
        self.errors = list(errors)


@dataclass
class BuildSummary:
    articles: int = 0
    mentions: int = 0
    entities: int = 0
    linked: int = 0
    facts: Counter = field(default_factory=Counter)
    triples: int = 0
    quads: int = 0
    warnings: list[str] = field(default_factory=list)
    out_dir: Path | None = None


def _build_time() -> dt.datetime:
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _rebase(node, default: str, iris: Iris):
    if isinstance(node, URIRef) and str(node).startswith(default + "id/"):
        return URIRef(iris.base + str(node)[len(default) :])
    return node


def _roles_graph(iris: Iris) -> Graph:
    """The SKOS scheme of posts, rebased on the dataset's base IRI."""
    source = Graph()
    if ROLES_FILE.exists():
        source.parse(ROLES_FILE, format="turtle")
    default = "https://w3id.org/souverain/"
    graph = Graph()
    for s, p, o in source:
        graph.add((_rebase(s, default, iris), p, _rebase(o, default, iris)))
    return graph


def _void(iris: Iris, triples: int, class_counts: dict[str, int], entities: int, articles: int,
          when: dt.datetime) -> Graph:
    """VoID + DCAT description of the dataset: `triples` and `class_counts` (typed subjects per
    class) are those of the union of every graph but this description."""
    graph = Graph()
    ds = iris.dataset
    graph.add((ds, RDF.type, VOID.Dataset))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add((ds, DCTERMS.title, Literal("souverain: the French sovereign cloud in the press", lang="en")))
    graph.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Who did what in French press articles about the French sovereign cloud (Andromède, Cloudwatt, "
                "Numergy...): entities linked to Wikidata, roles, grants, foundings, memberships and quotations, "
                "each traceable to the words it was read from.",
                lang="en",
            ),
        )
    )
    graph.add((ds, DCTERMS.license, LICENSE))
    graph.add((ds, DCTERMS.modified, Literal(when.date().isoformat(), datatype=XSD.date)))
    graph.add((ds, VOID.sparqlEndpoint, iris.sparql))
    graph.add((ds, VOID.triples, Literal(triples)))
    graph.add((ds, VOID.entities, Literal(entities)))
    graph.add((ds, VOID.documents, Literal(articles)))
    graph.add((ds, VOID.uriSpace, Literal(iris.base + "id/")))
    for prefix in ("schema", "org", "prov", "oa", "skos", "owl"):
        from .vocab import PREFIXES

        graph.add((ds, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    for name, media in (
        ("dataset.trig", "application/trig"),
        ("dataset.nq", "application/n-quads"),
        ("dataset.ttl", "text/turtle"),
        ("dataset.jsonld", "application/ld+json"),
    ):
        dump = iris.dump(name)
        graph.add((ds, VOID.dataDump, dump))
        dist = URIRef(f"{dump}#distribution")
        graph.add((ds, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.downloadURL, dump))
        graph.add((dist, DCAT.mediaType, Literal(media)))
    for cls, count in sorted(class_counts.items()):
        part = URIRef(f"{ds}#class-{slugify(cls)}")
        graph.add((ds, VOID.classPartition, part))
        graph.add((part, VOID["class"], URIRef(cls)))
        graph.add((part, VOID.entities, Literal(count)))
    return graph




class _GraphChecker:
    """Validates graphs one at a time; a graph already found conforming by an earlier
    build (same quads, same shapes) is not validated again (incremental builds)."""

    def __init__(self, settings: Settings, roles: Graph, base: str) -> None:
        from .validate import shapes_digest

        self.settings = settings
        self.roles = roles
        self.base = base
        self.reports: list = []
        self.cache_dir = Path(settings.cache_dir) / "validation" if settings.incremental else None
        roles_lines = "".join(sorted(f"{s.n3()} {p.n3()} {o.n3()}\n" for s, p, o in roles))
        self.salt = (settings.shacl_engine + shapes_digest(Path(settings.shapes_dir))
                     + hashlib.sha256(roles_lines.encode()).hexdigest())

    def check(self, name: URIRef, lines: list[str]) -> None:
        report = self.validate(name, lines)
        if report is not None:
            self.reports.append(report)

    def _marker(self, lines: list[str]) -> Path | None:
        key = hashlib.sha256((self.salt + "".join(lines)).encode("utf-8")).hexdigest()
        return self.cache_dir / key[:2] / key if self.cache_dir else None

    def known(self, lines: list[str]) -> bool:
        """Whether an earlier build found this very graph conforming."""
        marker = self._marker(lines)
        return marker is not None and marker.exists()

    def validate(self, name: URIRef, lines: list[str]):
        """The graph's report, or None when an earlier build found the same graph conforming."""
        from .validate import validate_lines

        marker = self._marker(lines)
        if marker is not None and marker.exists():
            return None
        report = validate_lines(lines, name, shapes_dir=self.settings.shapes_dir, ontology=self.roles, base=self.base,
                                engine=self.settings.shacl_engine)
        report.report_graph = Graph()  # rebuilt by merge_reports; not worth carrying between processes
        if marker is not None and report.conforms and not report.violations:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            except OSError:
                pass  # a cache that cannot be written only costs time
        return report

    def report(self):
        from .validate import merge_reports

        return merge_reports(self.reports, self.base)


@dataclass
class _MappingContext:
    """What every article's mapping needs; sent once to each worker process."""

    base: str
    resolution: Resolution
    checker: _GraphChecker
    # per article: a digest of the entities its mentions and fact slots resolve to
    entity_digests: dict[str, str] = field(default_factory=dict)
    cache_dir: Path | None = None  # mapped articles, when the build is incremental


def _entity_digests(resolution: Resolution) -> dict[str, str]:
    """What of the cross-article resolution each article's graph depends on, as a digest."""
    parts: dict[str, list[str]] = {}
    for table in (resolution.cluster_entity, resolution.name_entity):
        for (stem, key), slug in table.items():
            entity = resolution.entities[slug]
            parts.setdefault(stem, []).append(
                f"{key!r}\x1f{slug}\x1f{entity.kind}\x1f{entity.name}\x1f{entity.qid}\x1f{entity.label}"
            )
    return {stem: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest() for stem, lines in parts.items()}


@dataclass
class _Mapped:
    graph_iri: URIRef
    article_iri: URIRef
    lines: list[str]
    mentioned: set[str]
    skipped: list[str]
    report: object | None
    jsonld: str  # the graph as the JSON-LD dump writes it (`publish.graph_jsonld`)


def _map_article(context: _MappingContext, result: ArticleResult, slug: str) -> _Mapped:
    """One article: its graph mapped, validated and serialized (a pure function of its inputs,
    so an incremental build reuses it when the article, the entities it resolves to and
    the code are unchanged)."""
    from .cache import JsonCache, pipeline_version

    cache = JsonCache(context.cache_dir) if context.cache_dir else None
    key = hashlib.sha256(
        "\x1e".join(
            (repr(result), slug, context.base, context.entity_digests.get(result.article.stem, ""), pipeline_version())
        ).encode("utf-8")
    ).hexdigest()
    cached = cache.get(key) if cache else None
    if cached is not None:
        graph_iri, lines = URIRef(cached["graph"]), cached["lines"]
        # validated only if no earlier build found this very graph conforming
        report = (
            context.checker.validate(graph_iri, lines) if not context.checker.known(lines) else None
        )
        jsonld = cached["jsonld"] if isinstance(cached.get("jsonld"), str) else graph_jsonld(lines)
        return _Mapped(graph_iri, URIRef(cached["article"]), lines, set(cached["mentioned"]), cached["skipped"], report,
                       jsonld)
    mapped = _map_fresh(context, result, slug)
    if cache is not None and (mapped.report is None or not mapped.report.violations):  # type: ignore[attr-defined]
        cache.put(
            key,
            {
                "graph": str(mapped.graph_iri),
                "article": str(mapped.article_iri),
                "lines": mapped.lines,
                "mentioned": sorted(mapped.mentioned),
                "skipped": mapped.skipped,
                "jsonld": mapped.jsonld,
            },
        )
    return mapped


def _map_fresh(context: _MappingContext, result: ArticleResult, slug: str) -> _Mapped:
    iris = Iris(context.base)
    mapper = ArticleMapper(iris, context.resolution, result.article, slug)
    triples = mapper.map_triples(result.mentions, result.facts)
    graph_iri = iris.graph(slug)
    lines = nquad_lines(graph_iri, triples)
    report = context.checker.validate(graph_iri, lines)
    mentioned = {str(o) for _, p, o in triples if p == SCHEMA.mentions}
    return _Mapped(graph_iri, mapper.article_iri, lines, mentioned, list(mapper.skipped), report, graph_jsonld(lines))


_WORKER_CONTEXT: _MappingContext | None = None


def _init_mapping_worker(context: _MappingContext) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _map_in_worker(task: tuple[ArticleResult, str]) -> _Mapped:
    assert _WORKER_CONTEXT is not None
    return _map_article(_WORKER_CONTEXT, *task)


def _map_articles(context: _MappingContext, tasks: list[tuple[ArticleResult, str]], jobs: int) -> Iterator[_Mapped]:
    """Map and validate every article, in input order; in `jobs` processes when jobs > 1
    (validation is most of a build's cost after spaCy)."""
    if jobs <= 1 or len(tasks) < 2:
        for result, slug in tasks:
            yield _map_article(context, result, slug)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_mapping_worker,
        initargs=(context,),
    ) as pool:
        yield from pool.map(_map_in_worker, tasks, chunksize=max(1, min(16, len(tasks) // (workers * 4))))


def _prov(iris: Iris, graph_iris: dict[str, URIRef], article_iris: dict[str, URIRef], when: dt.datetime) -> Graph:
    graph = Graph()
    agent = iris.resource("agent", f"pipeline-{__version__}")
    activity = iris.resource("activity", f"build-{when.strftime('%Y%m%dT%H%M%SZ')}")
    stamp = Literal(when.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"souverain pipeline {__version__}")))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, agent))
    graph.add((activity, PROV.startedAtTime, stamp))
    graph.add((activity, PROV.endedAtTime, stamp))
    for stem, graph_iri in graph_iris.items():
        graph.add((graph_iri, RDF.type, PROV.Entity))
        graph.add((graph_iri, PROV.wasDerivedFrom, article_iris[stem]))
        graph.add((graph_iri, PROV.wasGeneratedBy, activity))
        graph.add((activity, PROV.used, article_iris[stem]))
    return graph


def _slugs(articles: Sequence[Article]) -> dict[str, str]:
    """Article slugs, unique whatever the order: a slug shared by several articles gets their stems."""
    wanted = {a.stem: article_slug(a) for a in articles}
    counts = Counter(wanted.values())
    return {stem: (slug if counts[slug] == 1 else f"{slug}-{slugify(stem)}") for stem, slug in wanted.items()}


def build(
    settings: Settings,
    *,
    progress: Callable[[Iterator[Article], int], Iterator[Article]] | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> BuildSummary:
    """Build, validate and publish the dataset of `settings.input_dir` into `settings.out_dir`."""
    from .link import Linker
    from .reference import load_reference
    from .validate import report_to_turtle

    summary = BuildSummary(out_dir=settings.out_dir)
    loaded = list(read_articles(Path(settings.input_dir)))
    errors = [item for item in loaded if isinstance(item, InputError)]
    if errors:
        raise InputErrors(errors)
    articles: list[Article] = [a for a in loaded if isinstance(a, Article)]
    if not articles:
        raise NoArticlesError(f"{settings.input_dir}: no article to build")

    reference = load_reference(
        settings.references, cache_dir=settings.cache_dir, timeout=settings.reference_timeout, warn=warn
    )
    linker = Linker(reference)
    patterns = linker.ruler_patterns()
    cache = None
    if settings.incremental:
        from .cache import ExtractionCache

        cache = ExtractionCache(Path(settings.cache_dir), model=settings.model, patterns=patterns)
    results = propagate_names(
        run_extraction(
            articles,
            model=settings.model,
            patterns=patterns,
            progress=progress,
            jobs=settings.jobs,
            scheduler=settings.scheduler,
            cache=cache,
        )
    )

    for result in results:
        if not result.mentions:
            message = f"{result.article.path}: no recognizable entity (published with its text only)"
            summary.warnings.append(message)
            warn(message)
    derived: list[tuple[str, EntityRef]] = []
    for result in results:
        a = result.article
        for name, label in ((a.publisher, "ORG"), (a.author, "PER")):
            if name:
                derived.append((a.stem, EntityRef(name, label)))  # type: ignore[arg-type]
        if a.is_based_on:
            for name, label in ((a.is_based_on.publisher, "ORG"), (a.is_based_on.author, "PER")):
                if name:
                    derived.append((a.stem, EntityRef(name, label)))  # type: ignore[arg-type]
        for fact in result.facts:
            for value in vars(fact).values():
                refs = value if isinstance(value, tuple) else (value,)
                derived += [(a.stem, r) for r in refs if isinstance(r, EntityRef) and r.cluster is None]

    def label_of(qid: str) -> str | None:
        item = reference.get(qid)
        return item.label if item else None

    link = linker.link
    memo = None
    if settings.incremental and not reference.endpoints:  # live endpoints may answer otherwise next time
        from .cache import LinkMemo, pipeline_version

        memo = LinkMemo(Path(settings.cache_dir) / "linking", pipeline_version() + reference.version, linker.link)
        link = memo
    resolution: Resolution = resolve(results, link, derived, label_of)
    if memo is not None:
        memo.save()
    iris = Iris(settings.base)
    slugs = _slugs(articles)
    when = _build_time()

    roles = _roles_graph(iris)
    checker = _GraphChecker(settings, roles, iris.base)
    graph_iris: dict[str, URIRef] = {}
    article_iris: dict[str, URIRef] = {}
    mentioned: set[str] = set()
    context = _MappingContext(
        iris.base,
        resolution,
        checker,
        _entity_digests(resolution),
        Path(settings.cache_dir) / "mapping" if settings.incremental else None,
    )
    with Publication(Path(settings.out_dir)) as publication:
        # map, validate and write one article at a time: the dataset is never held as rdflib objects
        tasks = [(result, slugs[result.article.stem]) for result in results]
        for result, mapped in zip(results, _map_articles(context, tasks, settings.jobs), strict=True):
            for message in mapped.skipped:
                summary.warnings.append(message)
                warn(message)
            graph_iris[result.article.stem] = mapped.graph_iri
            article_iris[result.article.stem] = mapped.article_iri
            mentioned.update(mapped.mentioned)
            if mapped.report is not None:
                checker.reports.append(mapped.report)
            publication.add_graph(mapped.lines, mapped.jsonld)
            summary.mentions += len(result.mentions)
            summary.facts.update(type(f).__name__.removesuffix("Fact").lower() for f in result.facts)

        meta = _prov(iris, graph_iris, article_iris, when) + roles
        for slug, decision in sorted(resolution.decisions.items()):
            entity = resolution.entities[slug]
            map_link_decision(meta, iris, iris.resource(entity.kind, entity.slug), slug, decision)
        checker.check(iris.meta_graph, nquad_lines(iris.meta_graph, meta))
        report = checker.report()
        if not report.conforms:
            raise ValidationFailed(report.text(), len(report.errors))

        # counts from an external sort of the graphs written (bounded memory at any size)
        triples, class_counts = publication.union(extra=nquad_lines(iris.meta_graph, meta))
        void = _void(iris, triples, class_counts, len(mentioned), len(articles), when)
        publication.add_graph(nquad_lines(iris.meta_graph, meta + void))
        summary.quads = publication.quads
        publication.finish(void, report_to_turtle(report), settings.gzip_dumps)
        summary.triples = publication.triples

    summary.articles = len(articles)
    summary.entities = len(mentioned)
    summary.linked = sum(
        1 for e in resolution.entities.values() if e.qid and str(iris.resource(e.kind, e.slug)) in mentioned
    )
    return summary
