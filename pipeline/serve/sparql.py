"""The SPARQL 1.1 Protocol endpoint, as a Starlette router mountable on its own.

GET, POST form-encoded and POST application/sparql-query; default-graph-uri
and named-graph-uri; results by content negotiation or `format=`; updates
refused; queries checked by `guard`, then answered from the answer cache,
by the server itself when `fastpath` proves them a bounded lookup, or by the
worker pool under the query timeout; without a query, a Service Description
(or the query page to a browser). `X-Cache: HIT` marks an answer from the
cache.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pyoxigraph as ox
from rdflib import Namespace
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from ..vocab import VOID
from . import negotiation as nt
from .answers import AnswerCache, job_key
from .fastpath import is_bounded_lookup
from .guard import inspect_query
from .httperrors import ApiError
from .params import parse_pairs, read_body
from .pool import PoolBusy, QueryPool, QueryTimeout, WorkerDied
from .worker import Answer, QueryJob, execute

__all__ = ["SparqlEndpoint", "sparql_router", "ALLOW"]

ALLOW = "GET, POST, HEAD, OPTIONS"
# SPARQL Service Description and W3C "Unique URIs for file formats": only the service
# description uses them (candidates for pipeline.vocab).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_FORMATS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
_KIND_TYPES = {"solutions": nt.SOLUTIONS_TYPES, "boolean": nt.BOOLEAN_TYPES, "graph": nt.GRAPH_TYPES}

# Rows a bounded lookup may read in the server process (about a millisecond of work).
INLINE_ROWS = 1000

QueryPageRenderer = Callable[[Request, str | None], Awaitable[Response]]


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ApiError(400, f"The `{name}` parameter was given {len(values)} times; give it once.")
    return values[0] if values else None


def _format(params: dict[str, list[str]]) -> str | None:
    """`format`, tolerating repeats (SPARQLWrapper sends both `csv` and `text/csv`): the first one wins."""
    values = params.get("format", [])
    return values[0] if values else None


def _graph_iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    iris = tuple(params.get(name, []))
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise ApiError(400, f"`{name}` must be an absolute IRI, not {iri!r}.") from None
    return iris


class SparqlEndpoint:
    """The /sparql handler: protocol parsing, limits, negotiation; the pool does the work."""

    def __init__(
        self,
        pool: QueryPool,
        *,
        timeout: float,
        max_query_bytes: int,
        max_rows: int,
        service_allowlist: tuple[str, ...],
        prefixes: dict[str, str],
        triple_count: Callable[[], int | None] | None = None,
        query_page: QueryPageRenderer | None = None,
        local_store: ox.Store | None = None,
        cache_bytes: int = 0,
    ) -> None:
        self.pool = pool
        self.local_store = local_store
        self.cache = AnswerCache(cache_bytes)
        self.answered_locally = 0
        self.timeout = timeout
        self.max_query_bytes = max_query_bytes
        self.max_rows = max_rows
        self.allowlist = service_allowlist
        self.prefixes = prefixes
        self._triple_count = triple_count
        self._triples: int | None = None
        self.query_page = query_page

    @property
    def body_limit(self) -> int:
        """Form encoding can triple a query's size; anything beyond is refused unread."""
        return 3 * self.max_query_bytes + 16_384

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOW})
        params = parse_pairs(request.scope.get("query_string", b""))
        posted: str | None = None
        if request.method == "POST":
            posted, form = await self._read_post(request)
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        if "update" in params:
            raise ApiError(403, "This endpoint is read-only: SPARQL Update is refused.")
        queries = params.get("query", []) + ([posted] if posted is not None else [])
        if len(queries) > 1:
            raise ApiError(400, "Give exactly one query.")
        if not queries:
            if request.method == "POST":
                raise ApiError(
                    400, "No query: send it as `query` (form or URL) or as an application/sparql-query body."
                )
            return await self._description(request)
        return await self._answer(request, queries[0], params)

    async def _read_post(self, request: Request) -> tuple[str | None, dict[str, list[str]]]:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            raise ApiError(403, "This endpoint is read-only: SPARQL Update is refused.")
        if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise ApiError(
                415, "POST a query as application/x-www-form-urlencoded or application/sparql-query."
            )
        body = await read_body(request, self.body_limit)
        if content_type == "application/x-www-form-urlencoded":
            return None, parse_pairs(body, "form body")
        try:
            return body.decode("utf-8"), {}
        except UnicodeDecodeError:
            raise ApiError(400, "The query body is not valid UTF-8.") from None

    async def _answer(self, request: Request, query: str, params: dict[str, list[str]]) -> Response:
        size = len(query.encode("utf-8"))
        if size > self.max_query_bytes:
            raise ApiError(
                413, f"Query of {size} bytes; this endpoint accepts at most {self.max_query_bytes}."
            )
        refusal = inspect_query(query, self.allowlist)
        if refusal is not None:
            raise ApiError(refusal.status, refusal.message)
        fmt = _format(params)
        accept = request.headers.get("accept")
        if (
            fmt is None
            and self.query_page is not None
            and nt.negotiate(accept, (nt.JSON_RESULTS, nt.TURTLE, nt.HTML)) == nt.HTML
        ):
            return await self.query_page(request, query)
        job = QueryJob(
            query=query,
            formats={kind: nt.negotiate(accept, types, kind, fmt) for kind, types in _KIND_TYPES.items()},
            default_graphs=_graph_iris(params, "default-graph-uri"),
            named_graphs=_graph_iris(params, "named-graph-uri"),
            prefixes=self.prefixes,
        )
        key = job_key(job)
        answer = self.cache.get(key)
        cached = answer is not None
        if answer is None:
            answer = await self._evaluate(job)
            self.cache.put(key, answer, size)
        if answer.error == "syntax":
            raise ApiError(400, f"SPARQL syntax error: {answer.message}")
        if answer.error == "not-acceptable":
            offered = ", ".join(_KIND_TYPES[answer.message])
            raise ApiError(406, f"No acceptable format for this result; this endpoint offers {offered}.")
        if answer.error is not None:
            raise ApiError(500, f"The query could not be evaluated: {answer.message}")
        headers = {"Vary": "Accept", "X-Cache": "HIT" if cached else "MISS"}
        if answer.truncated:
            headers["X-Results-Truncated"] = "true"
            headers["X-Results-Limit"] = str(self.max_rows)
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    async def _evaluate(self, job: QueryJob) -> Answer:
        """Answer here when the query is a bounded lookup, else on a worker under the timeout."""
        if (
            self.local_store is not None
            and not job.default_graphs
            and not job.named_graphs
            and is_bounded_lookup(job.query)
        ):
            # Inline, not on a thread: the hop to a thread costs more than the lookup. The row
            # budget bounds how long the event loop is held; a longer answer goes to a worker.
            answer = execute(self.local_store, job, min(self.max_rows, INLINE_ROWS))
            if not answer.truncated or self.max_rows <= INLINE_ROWS:
                self.answered_locally += 1
                return answer
        try:
            return await self.pool.run(job, self.timeout)
        except QueryTimeout:
            raise ApiError(
                503,
                f"Query stopped: it ran longer than this endpoint's {self.timeout:g} s limit.",
                {"Retry-After": "10"},
            ) from None
        except PoolBusy:
            raise ApiError(
                503,
                "Every query worker stayed busy until the time limit; try again later.",
                {"Retry-After": "10"},
            ) from None
        except WorkerDied:
            raise ApiError(500, "The query worker stopped while running this query.") from None

    async def _description(self, request: Request) -> Response:
        chosen = nt.negotiate(
            request.headers.get("accept"),
            (nt.TURTLE, nt.HTML),
            "graph",
            _format(parse_pairs(request.scope.get("query_string", b""))),
        )
        if chosen == nt.HTML and self.query_page is not None:
            return await self.query_page(request, None)
        endpoint = str(request.url.replace(query=""))
        formats = " , ".join(f"<{_FORMATS}{name}>" for name in _FORMAT_IRIS)
        if self._triples is None and self._triple_count is not None:
            self._triples = await run_in_threadpool(self._triple_count)  # once, not at startup
        size = f" ; <{VOID.triples}> {self._triples}" if self._triples is not None else ""
        body = (
            f"<{endpoint}> a <{SD.Service}> ;\n"
            f"    <{SD.endpoint}> <{endpoint}> ;\n"
            f"    <{SD.supportedLanguage}> <{SD.SPARQL11Query}> ;\n"
            f"    <{SD.feature}> <{SD.UnionDefaultGraph}> ;\n"
            f"    <{SD.resultFormat}> {formats} ;\n"
            f"    <{SD.defaultDataset}> [ a <{SD.Dataset}> ;\n"
            f"        <{SD.defaultGraph}> [ a <{SD.Graph}>{size} ] ] .\n"
        )
        return Response(body, media_type=nt.TURTLE, headers={"Vary": "Accept"})


def sparql_router(endpoint: SparqlEndpoint) -> Router:
    """A router with the endpoint at `/sparql`, mountable in any Starlette app."""
    return Router(routes=[Route("/sparql", endpoint.handle, methods=["GET", "POST", "OPTIONS"])])
