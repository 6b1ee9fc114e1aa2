"""The app factory: `create_app(store, settings)` wires store, pool, pages and middleware.

Middleware, outermost first: gzip, CORS (GET/POST, any origin: the data is
public), hardening (strict URL decoding, OPTIONS answers, nosniff and a
content security policy on every response).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from ..store import db_path
from ..vocab import PREFIXES
from .data import PageData
from .httperrors import ApiError, error_response, install_error_handlers
from .pages import Pages
from .params import decode_path, parse_pairs
from .pool import QueryPool, default_pool_size
from .sparql import ALLOW, SparqlEndpoint, sparql_router
from .urls import Urls

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class Hardening:
    """Refuses undecodable URLs (400), answers plain OPTIONS, adds security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            decode_path(scope.get("raw_path") or scope["path"].encode("utf-8"))
            parse_pairs(scope.get("query_string", b""))
        except ApiError as exc:
            await error_response(request, exc.status, exc.detail)(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and scope["path"] != "/sparql":
            await Response(status_code=204, headers={"Allow": "GET, HEAD, OPTIONS"})(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                    headers.append((b"referrer-policy", b"same-origin"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates(urls: Urls) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["urls"] = urls
    env.filters["filesize"] = lambda n: (
        f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.1f} kB" if n >= 1024 else f"{n} B"
    )
    return Jinja2Templates(env=env)


def _triple_count(store: ox.Store) -> int | None:
    try:
        solutions = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(solutions))["n"].value)  # type: ignore[index, union-attr]
    except (OSError, StopIteration, ValueError):
        return None


def create_app(
    store: ox.Store, settings: Settings, *, workers: int | None = None, pool: QueryPool | None = None
) -> Starlette:
    """The whole server over a store opened (read-only) from `settings.store_dir`.

    Query workers open the same store directory themselves; they start with
    the app (lifespan) and stop with it. `pool` lets `run` start them before
    the web stack is even imported.
    """
    urls = Urls(settings.base)
    templates = _templates(urls)
    data = PageData(store, urls)
    pages = Pages(data, urls, templates, settings.out_dir, PREFIXES)
    if pool is None:
        pool = QueryPool(
            str(db_path(settings.store_dir)),
            workers or default_pool_size(),
            settings.max_rows,
            settings.worker_max_rss_mb,
        )
    pool.launch()  # workers load in parallel with the rest of the startup; lifespan waits for them
    endpoint = SparqlEndpoint(
        pool,
        timeout=settings.query_timeout,
        max_query_bytes=settings.max_query_bytes,
        max_rows=settings.max_rows,
        service_allowlist=tuple(settings.service_allowlist),
        prefixes=PREFIXES,
        triple_count=lambda: _triple_count(store),
        query_page=pages.query,
        local_store=store,
        cache_bytes=settings.result_cache_mb * 1_048_576,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/query", pages.query),
        Route("/id/{kind}/{name}", pages.resource),
        Route("/graph/{slug}", pages.graph),
        Route("/dumps/", pages.dumps_index),
        Route("/dumps/{name}", pages.dump_file),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        Mount("", sparql_router(endpoint)),
    ]
    middleware = [
        Middleware(GZipMiddleware, minimum_size=1000),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=ALLOW.split(", "),
            allow_headers=["*"],
            expose_headers=["X-Results-Truncated", "X-Results-Limit", "X-Cache"],
            max_age=86400,
        ),
        Middleware(Hardening),
    ]
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers=install_error_handlers(), lifespan=lifespan
    )
    app.state.templates = templates
    app.state.pool = pool
    app.state.endpoint = endpoint
    app.state.urls = urls
    app.state.settings = settings
    return app
