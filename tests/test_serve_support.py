"""Shared helpers of the server tests: the fixture dataset and a real uvicorn on 127.0.0.1.

Named test_serve_* so it sits with the tests it serves; it holds no test itself.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from pipeline.config import Settings
from pipeline.serve import create_app
from pipeline.store import open_store

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
BASE = "https://w3id.org/souverain/"


def fixture_settings(store_dir: Path, **overrides) -> Settings:
    """Settings over the fixture dist/, with a private store directory."""
    return replace(Settings(), out_dir=FIXTURE, store_dir=store_dir, **overrides)


@dataclass
class Served:
    url: str
    app: Starlette
    settings: Settings

    def __call__(self, path: str) -> str:
        return self.url + path


@contextmanager
def serve(settings: Settings, workers: int = 2) -> Iterator[Served]:
    """Open the store, start uvicorn in a thread on a free port, stop it afterwards."""
    from pipeline.serve.app import create_app as factory

    store = open_store(settings.out_dir, settings.store_dir)
    app = factory(store, settings, workers=workers) if workers else create_app(store, settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=3 * settings.max_query_bytes + 16_384,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, settings)
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
        del store
