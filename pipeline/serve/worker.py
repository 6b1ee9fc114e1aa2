"""The query worker: a child process that owns a read-only store and runs one query at a time.

pyoxigraph cannot cancel a running query from another thread, so each query
runs in a worker process the server can kill when it times out. This module
is what a worker imports: it stays light (no Starlette, Jinja2 or rdflib) so
a replacement worker is ready in a fraction of a second.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox

from .results import write_boolean, write_graph, write_solutions

__all__ = ["QueryJob", "Answer", "execute", "worker_main"]


@dataclass(frozen=True)
class QueryJob:
    """What the server asks a worker; `formats` maps an answer kind to its negotiated media type."""

    query: str
    formats: dict[str, str | None]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """A worker's reply: a serialized result, or an error kind and its message."""

    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    error: str | None = None  # "syntax", "not-acceptable", "evaluation"
    message: str = ""


def _kind_of(result: object) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


def execute(store: ox.Store, job: QueryJob, max_rows: int) -> Answer:
    """Run one query and serialize at most max_rows rows (or triples) of its result."""
    options: dict[str, object] = {"prefixes": job.prefixes} if job.prefixes else {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **options)
    except SyntaxError as exc:
        return Answer(error="syntax", message=str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        return Answer(error="evaluation", message=str(exc))
    kind = _kind_of(result)
    media_type = job.formats.get(kind)
    if media_type is None:
        return Answer(error="not-acceptable", message=kind)
    try:
        if kind == "boolean":
            return Answer(media_type, write_boolean(bool(result), media_type))
        rows: list = []
        truncated = False
        for item in result:  # type: ignore[union-attr]
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append(tuple(item) if kind == "solutions" else item)
        if kind == "solutions":
            variables = [v.value for v in result.variables]  # type: ignore[union-attr]
            return Answer(media_type, write_solutions(variables, rows, media_type), truncated)
        return Answer(media_type, write_graph(rows, media_type, job.prefixes), truncated)
    except (OSError, ValueError, RuntimeError) as exc:
        return Answer(error="evaluation", message=str(exc))


def worker_main(conn: Connection, db_path: str, max_rows: int) -> None:
    """Serve jobs from conn until it closes or a None job arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    store = ox.Store.read_only(db_path)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(execute(store, job, max_rows))


if __name__ == "__main__":
    # Run the imported module's function, so pickled answers name pipeline.serve.worker, not __main__.
    from pipeline.serve import worker as _worker

    _fd, _path, _rows = sys.argv[1:4]
    _worker.worker_main(Connection(int(_fd)), _path, int(_rows))
