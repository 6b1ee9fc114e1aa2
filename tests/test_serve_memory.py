"""Worker memory is bounded (issue 5): a worker over `worker_max_rss_mb` after a query is replaced.

Real servers and real worker processes: a 1 MB cap puts every worker over it
after any query, so each answer retires the worker that gave it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import httpx
import pytest
from test_serve_support import fixture_settings, serve

from pipeline.serve.pool import resident_mb

PERSONS = "SELECT ?s WHERE { ?s a <http://schema.org/Person> } ORDER BY ?s"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
WORKERS = 2


def live_workers(db_path: str) -> list[int]:
    """Pids of this process's live (not zombie) query workers over db_path, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == os.getpid() and state != "Z" and b"pipeline.serve.worker" in cmdline:
            if db_path.encode() in cmdline:
                found.append(int(entry.name))
    return found


def settled(pool, timeout: float = 30.0) -> set[int]:
    """The idle workers' pids once the pool is back to full size."""
    deadline = time.monotonic() + timeout
    while len(pool.worker_pids) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(pool.worker_pids) == WORKERS
    return set(pool.worker_pids)


def bindings(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def test_resident_memory_is_read_from_proc():
    rss = resident_mb(os.getpid())
    assert rss is not None and rss > 1
    assert resident_mb(2**22 + 12345) is None  # no such process


def test_workers_over_the_cap_are_replaced_without_a_failed_query(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="souverain.serve")
    settings = fixture_settings(tmp_path / "store", worker_max_rss_mb=1, result_cache_mb=0)  # all to workers
    with serve(settings, workers=WORKERS) as served:
        pool = served.app.state.pool
        db_path = pool.db_path
        first = settled(pool)
        assert sorted(live_workers(db_path)) == sorted(first)
        counts: list[int] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                counts.append(len(live_workers(db_path)))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            results = [
                (query, bindings(httpx.get(served("/sparql"), params={"query": query}, timeout=60)))
                for _ in range(6)
                for query in (PERSONS, COUNT)
            ]
        finally:
            stop.set()
            sampler.join()
        persons = [rows for query, rows in results if query == PERSONS]
        totals = {int(rows[0]["n"]["value"]) for query, rows in results if query == COUNT}
        assert persons[0] and all(rows == persons[0] for rows in persons)
        assert len(totals) == 1 and totals.pop() > 100
        assert pool.retired == len(results) and pool.killed == 0
        now = settled(pool)
        assert not now & first, "every worker should have been replaced"
        for pid in first:  # the retired workers exited and were reaped
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        assert counts and max(counts) <= WORKERS
        assert sorted(live_workers(db_path)) == sorted(now)
        assert any("retired" in record.getMessage() for record in caplog.records)


def test_workers_stay_when_the_cap_is_off(tmp_path):
    settings = fixture_settings(tmp_path / "store", worker_max_rss_mb=0)
    with serve(settings, workers=WORKERS) as served:
        pool = served.app.state.pool
        first = settled(pool)
        for _ in range(6):
            assert bindings(httpx.get(served("/sparql"), params={"query": PERSONS}, timeout=60))
        assert settled(pool) == first and pool.retired == 0
        assert sorted(live_workers(pool.db_path)) == sorted(first)
