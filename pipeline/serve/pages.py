"""The linked-data side: /id/ dereferencing, HTML pages, dumps.

Handlers are methods of one `Pages` object built by the app factory from the
page data reader, the URL builder and the templates; they parse, call
`data`, and render. Pages need no JavaScript except the query page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from . import negotiation as nt
from .data import PageData
from .httperrors import ApiError, error_response
from .params import parse_pairs
from .results import write_graph
from .urls import DATA_EXTENSIONS, KIND, SLUG, Urls

__all__ = ["Pages", "Dump", "EXAMPLES", "DUMP_TYPES"]

_NAME = re.compile(r"^(?P<slug>.+?)(?:\.(?P<ext>html|ttl|jsonld|nt))?$")
_EXTENSION_OF = {nt.HTML: "html", nt.TURTLE: "ttl", nt.JSONLD: "jsonld", nt.NTRIPLES: "nt"}
DUMP_TYPES = {
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".json": "application/json",
    ".html": "text/html",
    ".txt": "text/plain",
    ".gz": "application/gzip",
}
ENTITY_KINDS = {"person", "organization", "place", "project", "legislation", "product", "role"}

# Example queries (the first three are MODEL.md's "queries that must keep working");
# the endpoint knows the usual prefixes, so they need no PREFIX lines.
EXAMPLES: list[tuple[str, str]] = [
    (
        "Who holds which role where",
        """SELECT ?person ?role ?org WHERE {
  ?m a org:Membership ; org:member/rdfs:label ?person ;
     org:organization/rdfs:label ?org ; org:role/skos:prefLabel ?role . }""",
    ),
    (
        "Money per funder",
        """SELECT ?funder (SUM(?v) AS ?total) WHERE {
  ?g a schema:MonetaryGrant ; schema:funder/rdfs:label ?funder ;
     schema:amount/schema:value ?v . } GROUP BY ?funder ORDER BY DESC(?total)""",
    ),
    (
        "Articles mentioning a Wikidata entity",
        """SELECT ?article ?entity WHERE {
  ?article schema:mentions ?entity . ?entity owl:sameAs wd:Q1431486 . }""",
    ),
    (
        "Entities linked to Wikidata",
        """SELECT ?entity ?label ?wikidata WHERE {
  ?entity owl:sameAs ?wikidata ; rdfs:label ?label . } ORDER BY ?label LIMIT 100""",
    ),
    (
        "Organizations mentioned together",
        """SELECT ?a ?b (COUNT(?article) AS ?articles) WHERE {
  ?article schema:mentions ?a , ?b .
  ?a a schema:Organization . ?b a schema:Organization . FILTER(STR(?a) < STR(?b)) }
GROUP BY ?a ?b ORDER BY DESC(?articles) LIMIT 50""",
    ),
    (
        "Quotations and who said them",
        """SELECT ?speaker ?text ?article WHERE {
  ?q a schema:Quotation ; schema:text ?text ; schema:creator/rdfs:label ?speaker ;
     schema:isPartOf ?article . } LIMIT 100""",
    ),
    (
        "Articles, newest first",
        """SELECT ?article ?headline ?date WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline .
  OPTIONAL { ?article schema:datePublished ?date } } ORDER BY DESC(?date) LIMIT 100""",
    ),
]


@dataclass(frozen=True)
class Dump:
    name: str
    size: int
    sha256: str
    href: str


class Pages:
    """HTML pages, dereferencing and dumps over one store."""

    def __init__(
        self, data: PageData, urls: Urls, templates: Jinja2Templates, dist_dir: Path, prefixes: dict[str, str]
    ) -> None:
        self.data = data
        self.urls = urls
        self.templates = templates
        self.dist_dir = Path(dist_dir)
        self.prefixes = prefixes

    def render(self, request: Request, template: str, status: int = 200, **context) -> Response:
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    # --- dumps ---------------------------------------------------------------------------
    def dumps(self) -> list[Dump]:
        """The files SHA256SUMS lists (and itself), with their sizes: the only files served."""
        sums = self.dist_dir / "SHA256SUMS"
        listed: list[Dump] = []
        try:
            lines = sums.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        for line in lines:
            digest, _, name = line.partition("  ")
            name = name.strip().lstrip("*")
            path = self.dist_dir / name
            if SLUG.match(name) and path.is_file() and not path.is_symlink():
                listed.append(Dump(name, path.stat().st_size, digest.strip(), self.urls.dump(name)))
        listed.append(Dump("SHA256SUMS", sums.stat().st_size, "", self.urls.dump("SHA256SUMS")))
        return listed

    async def dumps_index(self, request: Request) -> Response:
        return self.render(request, "dumps.html", dumps=self.dumps())

    async def dump_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        dump = next((d for d in self.dumps() if d.name == name), None)
        if dump is None:
            raise ApiError(404, f"No dump named {name!r}; see {self.urls.dumps()} for the list.")
        media_type = (
            "text/plain"
            if name == "SHA256SUMS"
            else DUMP_TYPES.get(Path(name).suffix, "application/octet-stream")
        )
        return FileResponse(self.dist_dir / name, media_type=media_type, filename=None)

    # --- pages ---------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        counts, figures, articles = await run_in_threadpool(
            lambda: (self.data.counts(), self.data.void_figures(), self.data.articles())
        )
        return self.render(
            request,
            "home.html",
            counts=counts,
            figures=figures,
            articles=articles,
            dumps=self.dumps(),
            examples=EXAMPLES,
        )

    async def search(self, request: Request) -> Response:
        text = (parse_pairs(request.scope.get("query_string", b"")).get("q") or [""])[0].strip()
        results = await run_in_threadpool(self.data.search, text) if text else []
        return self.render(request, "search.html", q=text, results=results)

    async def query(self, request: Request, query: str | None = None) -> Response:
        if query is None:
            query = (parse_pairs(request.scope.get("query_string", b"")).get("query") or [None])[0]
        return self.render(request, "query.html", query=query or EXAMPLES[0][1], examples=EXAMPLES)

    # --- /id/ ----------------------------------------------------------------------------
    async def resource(self, request: Request) -> Response:
        kind, name = request.path_params["kind"], request.path_params["name"]
        match = _NAME.match(name)
        ext = match.group("ext") if match else None
        slug = match.group("slug") if match else ""
        wanted = {v: k for k, v in _EXTENSION_OF.items()}.get(ext or "") or nt.negotiate(
            request.headers.get("accept"), nt.DOCUMENT_TYPES, "graph"
        )
        if not (KIND.match(kind) and SLUG.match(slug)):
            return error_response(request, 404, f"No resource at {request.url.path}.", media_type=wanted)
        iri = self.urls.iri(kind, slug)
        if not await run_in_threadpool(self.data.exists, iri):
            return error_response(request, 404, f"<{iri}> is not in this dataset.", media_type=wanted)
        if ext is None:
            if wanted is None:
                raise ApiError(406, "This resource is available as " + ", ".join(nt.DOCUMENT_TYPES) + ".")
            target = (
                self.urls.page(kind, slug)
                if wanted == nt.HTML
                else self.urls.data(kind, slug, _EXTENSION_OF[wanted])
            )
            return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
        if ext == "html":
            if kind == "article":
                view = await run_in_threadpool(self.data.article, iri)
                return self.render(request, "article.html", view=view, r=view.resource)
            view = await run_in_threadpool(self.data.resource, iri)
            return self.render(request, "resource.html", r=view, is_entity=kind in ENTITY_KINDS)
        triples = await run_in_threadpool(self.data.describe, iri)
        media_type = DATA_EXTENSIONS[ext]
        return Response(write_graph(triples, media_type, self.prefixes), media_type=media_type)

    async def graph(self, request: Request) -> Response:
        """A named graph IRI: its triples in Turtle (or N-Triples / JSON-LD by Accept)."""
        slug = request.path_params["slug"]
        if not SLUG.match(slug):
            raise ApiError(404, "No such graph.")
        iri = f"{self.urls.base}graph/{slug}"
        chosen = nt.negotiate(request.headers.get("accept"), nt.GRAPH_TYPES[:3], "graph") or nt.TURTLE
        quads = await run_in_threadpool(
            lambda: [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self.data.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
            ]
        )
        if not quads:
            return error_response(request, 404, f"<{iri}> is not a graph of this dataset.", media_type=chosen)
        return Response(
            write_graph(quads, chosen, self.prefixes), media_type=chosen, headers={"Vary": "Accept"}
        )
