"""A pool of query worker processes with a timeout that really stops the work.

A query that outlives its timeout has its worker killed (SIGKILL) and a fresh
worker started in the background; the other workers keep answering other
clients meanwhile. Waiting for a free worker counts against the same
deadline, so a flood of slow queries gets 503s rather than an unbounded queue.

A worker's RocksDB caches and Python heap grow with the queries it runs; a
worker found over `max_rss_mb` resident after answering (its answer already
in hand) is retired — told to exit, then replaced the same way — as uWSGI's
reload-on-rss does, so the pool's memory stays bounded.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .worker import Answer, QueryJob

__all__ = ["QueryPool", "QueryTimeout", "PoolBusy", "WorkerDied", "default_pool_size"]

_START_TIMEOUT = 30.0

log = logging.getLogger("souverain.serve")


class QueryTimeout(Exception):
    """The query ran past its timeout; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free before the deadline."""


class WorkerDied(Exception):
    """The worker exited while running the query (crash, out of memory)."""


def resident_mb(pid: int) -> float | None:
    """Resident memory (VmRSS) of a process in MB; None when unknown (gone, or no /proc)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_pool_size() -> int:
    """One worker per core, at least two, so one runaway query never blocks everyone."""
    return max(2, os.cpu_count() or 2)


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection

    @property
    def pid(self) -> int:
        return self.process.pid


class QueryPool:
    """`size` worker processes over the read-only store at `db_path`.

    A worker over `max_rss_mb` resident after a query is replaced (0: never).
    """

    def __init__(self, db_path: str, size: int, max_rows: int, max_rss_mb: float = 0) -> None:
        self.db_path = db_path
        self.size = size
        self.max_rows = max_rows
        self.max_rss_mb = max_rss_mb
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._launched: list[tuple[subprocess.Popen, Connection]] = []
        self.killed = 0
        self.retired = 0
        self._warned = False

    def _launch(self) -> tuple[subprocess.Popen, Connection]:
        """Start `python -m pipeline.serve.worker` on one end of a socket pair; do not wait.

        A plain subprocess rather than multiprocessing's spawn: it does not
        re-import the parent's __main__ (a script, pytest, a REPL).
        """
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "pipeline.serve.worker", str(theirs.fileno()), self.db_path,
                   str(self.max_rows)]
        process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        return process, Connection(ours.detach())

    def _ready(self, launched: tuple[subprocess.Popen, Connection]) -> _Worker:
        """Wait for a launched worker to open the store and say so."""
        process, conn = launched
        try:
            ready = conn.poll(_START_TIMEOUT) and conn.recv()
        except (EOFError, OSError):
            ready = None
        if not (isinstance(ready, tuple) and ready[0] == "ready"):
            process.kill()
            process.wait(5)
            conn.close()
            raise RuntimeError(f"query worker could not open the store at {self.db_path}")
        worker = _Worker(process, conn)
        with self._lock:
            self._all[id(worker)] = worker
        if self.max_rss_mb > 0 and not self._warned:
            rss = resident_mb(worker.pid)
            if rss is not None and rss > self.max_rss_mb:
                self._warned = True
                log.warning(
                    "a fresh query worker is already %.0f MB resident, over the %g MB cap: "
                    "every worker will be replaced after each query", rss, self.max_rss_mb
                )
        return worker

    def _spawn(self) -> _Worker:
        return self._ready(self._launch())

    def launch(self) -> None:
        """Start the worker processes now (they load while the server starts); `start` waits for them."""
        if not self._launched:
            self._launched = [self._launch() for _ in range(self.size)]

    async def start(self) -> None:
        """Start every worker (if `launch` was not called) and return when all are ready."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self.launch()
        launched, self._launched = self._launched, []
        workers = await asyncio.gather(*(asyncio.to_thread(self._ready, item) for item in launched))
        for worker in workers:
            self._idle.put_nowait(worker)

    @property
    def worker_pids(self) -> list[int]:
        """Pids of the idle workers (for tests and operators)."""
        assert self._idle is not None
        return [w.pid for w in list(self._idle._queue)]  # type: ignore[attr-defined]

    def _replace_later(self, retiring: _Worker | None = None) -> None:
        """Start a replacement worker in a thread; hand it to the loop when ready.

        `retiring`, an idle worker, is stopped first, so the pool never holds
        more than `size` workers.
        """

        def start() -> None:
            if retiring is not None:
                self._stop(retiring)
            while not self._closed:
                try:
                    worker = self._spawn()
                except (OSError, RuntimeError):
                    time.sleep(1.0)
                    continue
                if self._closed or self._loop is None:
                    self._stop(worker)
                    return
                self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)  # type: ignore[union-attr]
                return

        threading.Thread(target=start, name="query-respawn", daemon=True).start()

    @staticmethod
    async def _readable(conn: Connection, timeout: float) -> bool:
        """Wait on the event loop (no thread) until the worker has answered; False on timeout."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
        try:
            return await asyncio.wait_for(ready, timeout)
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(fd)

    async def run(self, job: QueryJob, timeout: float) -> Answer:
        """Run job on a free worker; raise QueryTimeout, PoolBusy or WorkerDied."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise PoolBusy() from None
        remaining = max(deadline - time.monotonic(), 0.01)
        try:
            worker.conn.send(job)
            if not await self._readable(worker.conn, remaining):
                self._discard(worker)
                self.killed += 1
                raise QueryTimeout()
            answer = worker.conn.recv()  # the worker writes its whole answer at once
        except (EOFError, OSError):
            self._discard(worker)
            raise WorkerDied() from None
        except asyncio.CancelledError:
            # The client went away: the worker may still be busy, so it cannot be reused.
            self._discard(worker)
            raise
        if self._over_cap(worker):
            self._retire(worker)
        else:
            self._idle.put_nowait(worker)
        return answer

    def _over_cap(self, worker: _Worker) -> bool:
        if self.max_rss_mb <= 0 or self._closed:
            return False
        rss = resident_mb(worker.pid)
        if rss is None or rss <= self.max_rss_mb:
            return False
        log.info("query worker %d retired at %.0f MB resident (cap %g MB)", worker.pid, rss, self.max_rss_mb)
        return True

    def _retire(self, worker: _Worker) -> None:
        """Take an idle worker out of the pool; it exits and a fresh one replaces it, off the loop."""
        with self._lock:
            self._all.pop(id(worker), None)
        self.retired += 1
        self._replace_later(retiring=worker)

    def _discard(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.wait(5)
        worker.conn.close()
        with self._lock:
            self._all.pop(id(worker), None)
        if not self._closed:
            self._replace_later()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        try:
            worker.process.wait(2)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait(2)
        worker.conn.close()

    async def close(self) -> None:
        """Stop the idle workers, kill the busy ones."""
        self._closed = True
        if self._idle is not None:
            while not self._idle.empty():
                worker = self._idle.get_nowait()
                self._all.pop(id(worker), None)
                self._stop(worker)
        with self._lock:
            busy = list(self._all.values())
            self._all.clear()
        for worker in busy:
            worker.process.kill()
            worker.process.wait(2)
