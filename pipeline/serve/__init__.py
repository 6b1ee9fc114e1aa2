"""`souverain serve`: the SPARQL endpoint and the linked-data pages over the query store.

Imports are deferred so that a query worker process, which imports this
package on its way to `pipeline.serve.worker`, loads only pyoxigraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph
    from starlette.applications import Starlette

    from ..config import Settings

__all__ = ["create_app", "run"]


def create_app(store: pyoxigraph.Store, settings: Settings) -> Starlette:
    """The Starlette app over a store opened from settings.store_dir (see `app.create_app`)."""
    from .app import create_app as factory

    return factory(store, settings)


def run(settings: Settings) -> None:
    """Build or reuse the store from settings.out_dir, then serve until interrupted."""
    from ..store import db_path, open_store
    from .pool import QueryPool, default_pool_size

    store = open_store(settings.out_dir, settings.store_dir)
    pool = QueryPool(
        str(db_path(settings.store_dir)),
        settings.workers or default_pool_size(),
        settings.max_rows,
        settings.worker_max_rss_mb,
    )
    pool.launch()  # the workers load while the web stack is imported

    import uvicorn

    from .app import create_app as factory

    app = factory(store, settings, pool=pool)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(
        f"souverain: serving {settings.out_dir} at http://{host}:{settings.port}/ (SPARQL at /sparql)",
        flush=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        limit_concurrency=512,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=3 * settings.max_query_bytes + 16_384,
    )
