"""Load test: many concurrent clients on the query mix for a fixed time (issue 7).

Serves a generated dataset (the generator of bench_serve.py) with the
souverain machinery in its own process, runs `--clients` client threads for
`--seconds` over the eight-query mix, and prints the status codes seen,
latency percentiles (p50, p90, p99, max) and the server's resident memory
(server + query workers) sampled every second, to show it stays flat.
A script that prints figures, not a test.

    python bench/bench_load.py --clients 50 --seconds 60 --triples 200000
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_serve import PREFIXES, SOUVERAIN, free_port, generate, queries, rss_mb, wait_ready  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--triples", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="souverain-load-"))
    server = None
    try:
        generate(work / "dist", args.triples)
        from pipeline.store import ensure_store

        ensure_store(work / "dist", work / "store")
        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        server = subprocess.Popen(
            [sys.executable, "-c", SOUVERAIN, str(work / "dist"), str(work / "store"), str(port)],
            stdout=subprocess.DEVNULL,
        )
        wait_ready(url, server, 60)
        mix = queries()
        latencies: list[float] = []
        statuses: collections.Counter[str] = collections.Counter()
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        memory: list[float] = []

        def client(index: int) -> None:
            with httpx.Client(timeout=120, headers={"Accept": "application/sparql-results+json"}) as http:
                position = index
                while time.monotonic() < stop:
                    query = PREFIXES + mix[position % len(mix)][1]
                    position += 1
                    started = time.perf_counter()
                    try:
                        status = str(http.get(url, params={"query": query}).status_code)
                    except httpx.HTTPError as exc:
                        status = type(exc).__name__
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        statuses[status] += 1
                        latencies.append(elapsed)

        def sample() -> None:
            while time.monotonic() < stop:
                memory.append(rss_mb(server.pid))
                time.sleep(1.0)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        threads.append(threading.Thread(target=sample))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        print(f"{args.clients} clients for {elapsed:.0f} s on {args.triples:,} generated quads")
        print(f"requests: {sum(statuses.values()):,} ({sum(statuses.values()) / elapsed:.1f}/s); "
              f"status codes: {dict(statuses)}")
        print(f"latency ms: p50 {statistics.median(latencies):.1f}, p90 {percentile(latencies, 0.9):.1f}, "
              f"p99 {percentile(latencies, 0.99):.1f}, max {max(latencies):.1f}")
        third = max(1, len(memory) // 3)
        print(f"server RSS MB (server + workers): first {third} s mean {statistics.mean(memory[:third]):.0f}, "
              f"last {third} s mean {statistics.mean(memory[-third:]):.0f}, max {max(memory):.0f}")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
