"""`souverain push`: publish the dataset into an external SPARQL 1.1 store.

Why: a deployment that outgrows the embedded store runs on Virtuoso, Fuseki,
GraphDB or QLever. Each named graph of `dataset.nq` (one per article, plus the
meta graph) is replaced as a whole: with a Graph Store Protocol PUT when the
store has one (`graph_store`), else with SPARQL Update (`DROP SILENT GRAPH` then
`INSERT DATA`, in one request when the graph fits in one batch, so the store
applies the replacement as one operation).

Pushing is idempotent: the SHA-256 of each graph's sorted N-Triples is recorded
in a bookkeeping graph of the store (`<dataset graph prefix>push`), and a graph
whose recorded checksum matches is skipped; the checksum is written after the
graph, so an interrupted push is redone on the next one. Graphs recorded by an
earlier push and absent from the dataset (a deleted article) are dropped.
Requests are retried with exponential backoff; HTTP basic and digest
authentication are offered.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, SouverainError
from .vocab import SOV

__all__ = ["PushError", "PushResult", "push", "graph_checksums"]

CHECKSUM = f"{SOV}pushChecksum"  # bookkeeping predicate: graph -> sha256 of its sorted N-Triples
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class PushError(SouverainError):
    """The store refused or kept failing a request; the graphs already replaced stay replaced."""


@dataclass
class PushResult:
    endpoint: str
    method: str
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"pushed to {self.endpoint} ({self.method}): {len(self.replaced)} graph(s) replaced "
                f"({self.triples} triples), {len(self.unchanged)} unchanged, {len(self.dropped)} dropped; "
                f"{self.requests} request(s) in {self.seconds:.1f} s")


# --- the dataset side -------------------------------------------------------------------------


def _graphs(dataset: Path) -> dict[str, list[str]]:
    """Named graph IRI -> its triples as sorted, de-duplicated N-Triples lines."""
    if not dataset.exists():
        raise InputError(str(dataset), "no such dataset; run `souverain build` first")
    graphs: dict[str, set[str]] = {}
    with dataset.open("rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise InputError(str(dataset), "a triple outside any named graph; push needs one graph per article")
            line = f"{quad.subject} {quad.predicate} {quad.object} ."
            graphs.setdefault(quad.graph_name.value, set()).add(line)
    return {name: sorted(lines) for name, lines in sorted(graphs.items())}


def graph_checksums(dataset: Path) -> dict[str, str]:
    """Named graph IRI -> SHA-256 of its sorted N-Triples (what push records in the store)."""
    return {name: _checksum(lines) for name, lines in _graphs(dataset).items()}


def _checksum(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _bookkeeping_graph(names: list[str]) -> str:
    """`{base}graph/push` beside the dataset's graphs (`{base}graph/<slug>`)."""
    meta = next((n for n in names if n.endswith("/graph/meta")), None)
    if meta is not None:
        return meta[: -len("meta")] + "push"
    prefix = names[0].rsplit("/", 1)[0] if names else "urn:souverain"
    return f"{prefix}/push"


# --- HTTP -------------------------------------------------------------------------------------


class _Http:
    """urllib with auth, timeout and retries with exponential backoff."""

    def __init__(self, urls: list[str], user: str | None, password: str | None, retries: int,
                 timeout: float, log: Callable[[str], None]) -> None:
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                manager.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
        self.opener = urllib.request.build_opener(*handlers)
        self.retries = max(0, retries)
        self.timeout = timeout
        self.log = log
        self.requests = 0

    def send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        delay = 0.5
        for attempt in range(self.retries + 1):
            self.requests += 1
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                detail = error.read()[:500].decode("utf-8", "replace")
                if error.code not in _RETRY_STATUS or attempt == self.retries:
                    raise PushError(f"{method} {url}: HTTP {error.code} {error.reason}: {detail}") from None
                problem = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    raise PushError(f"{method} {url}: {getattr(error, 'reason', error)}") from None
                problem = str(getattr(error, "reason", error))
            self.log(f"push: {method} {url}: {problem}; retrying in {delay:.1f} s")
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


class _Store:
    def __init__(self, http: _Http, endpoint: str, update_endpoint: str, graph_store: str | None) -> None:
        self.http, self.endpoint, self.update_endpoint, self.graph_store = http, endpoint, update_endpoint, graph_store

    def select(self, query: str) -> list[dict[str, dict]]:
        body = urllib.parse.urlencode({"query": query}).encode()
        data = self.http.send("POST", self.endpoint, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        return json.loads(data)["results"]["bindings"]

    def update(self, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode()
        self.http.send("POST", self.update_endpoint, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def put(self, graph: str, ntriples: str) -> None:
        assert self.graph_store is not None
        separator = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"
        # N-Triples is Turtle: sent as text/turtle, which every Graph Store implementation reads
        self.http.send("PUT", url, ntriples.encode("utf-8"), {"Content-Type": "text/turtle; charset=utf-8"})


def _batches(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), max(1, size)):
        yield lines[start:start + size]


def _insert(graph: str, lines: list[str]) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }"


def _record(book: str, graph: str, checksum: str | None) -> str:
    text = f"DELETE WHERE {{ GRAPH <{book}> {{ <{graph}> <{CHECKSUM}> ?old }} }}"
    if checksum is not None:
        text += f' ;\nINSERT DATA {{ GRAPH <{book}> {{ <{graph}> <{CHECKSUM}> "{checksum}" }} }}'
    return text


def _replace_with_update(store: _Store, graph: str, lines: list[str], batch_size: int) -> None:
    batches = list(_batches(lines, batch_size)) or [[]]
    first = f"DROP SILENT GRAPH <{graph}>"
    if batches[0]:
        first += " ;\n" + _insert(graph, batches[0])
    store.update(first)
    for batch in batches[1:]:
        store.update(_insert(graph, batch))


# --- push -------------------------------------------------------------------------------------


def push(
    dataset: Path,
    endpoint: str,
    *,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = 5000,
    retries: int = 3,
    timeout: float = 60.0,
    log: Callable[[str], None] = print,
) -> PushResult:
    """Replace, in the store at `endpoint`, every named graph of `dataset` whose content changed."""
    started = time.perf_counter()
    graphs = _graphs(Path(dataset))
    update_url = update_endpoint or endpoint
    urls = [u for u in (endpoint, update_url, graph_store) if u]
    http = _Http(urls, user, password, retries, timeout, log)
    store = _Store(http, endpoint, update_url, graph_store)
    result = PushResult(endpoint=endpoint, method="graph store protocol" if graph_store else "SPARQL Update")
    book = _bookkeeping_graph(list(graphs))
    recorded = {
        row["g"]["value"]: row["sum"]["value"]
        for row in store.select(f"SELECT ?g ?sum WHERE {{ GRAPH <{book}> {{ ?g <{CHECKSUM}> ?sum }} }}")
    }
    for name, lines in graphs.items():
        checksum = _checksum(lines)
        if recorded.get(name) == checksum:
            result.unchanged.append(name)
            continue
        if graph_store:
            store.put(name, "\n".join(lines) + "\n")
        else:
            _replace_with_update(store, name, lines, batch_size)
        store.update(_record(book, name, checksum))
        result.replaced.append(name)
        result.triples += len(lines)
        log(f"push: {name}: {len(lines)} triples")
    for name in sorted(set(recorded) - set(graphs)):
        store.update(f"DROP SILENT GRAPH <{name}> ;\n" + _record(book, name, None))
        result.dropped.append(name)
        log(f"push: {name}: dropped (no longer in the dataset)")
    result.requests = http.requests
    result.seconds = time.perf_counter() - started
    return result
