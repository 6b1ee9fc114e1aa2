"""Benchmark: `souverain serve` against rdflib-endpoint on the same generated data.

Generates a dataset shaped like ours (articles with mentions and their Web
Annotation selectors, entities with labels and owl:sameAs, memberships with
roles, grants with amounts, evidence), one named graph per article; serves it
with the souverain machinery (store + worker pool + Starlette, in its own
process) and with rdflib-endpoint 0.6.3 (rdflib Dataset, default graph =
union), then prints, per query of an eight-query mix, the median latency
of each and the ratio; souverain twice: "cold", answer cache off (every
request evaluated; bounded lookups still answered by the server process),
and "cached", the default 32 MB answer cache (a repeated query is answered
from memory: the medians are then cache hits); the throughput of each with N concurrent clients on
the mixed mix; souverain's ready time on an already built store and the
resident memory of both. A script that prints figures, not a test.

    python bench/bench_serve.py --triples 100000
    python bench/bench_serve.py              # ~1,000,000 quads
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
BASE = "https://w3id.org/souverain/"
QUADS_PER_ARTICLE = 163  # measured on the generator below, to size the dataset


def queries() -> list[tuple[str, str]]:
    """The mix: what the pages and typical clients ask."""
    return [
        ("label lookup", 'SELECT ?s WHERE { ?s rdfs:label "Organisation 17"@fr }'),
        (
            "articles listing",
            "SELECT ?a ?h ?d WHERE { ?a a schema:NewsArticle ; schema:headline ?h ;"
            " schema:datePublished ?d } ORDER BY DESC(?d) LIMIT 50",
        ),
        ("entity listing", "SELECT ?p ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 100"),
        (
            "amount filter",
            "SELECT ?g ?v WHERE { ?g a schema:MonetaryGrant ; schema:amount/schema:value ?v ."
            " FILTER(?v > 90000000) } LIMIT 100",
        ),
        (
            "text filter",
            "SELECT ?s ?l WHERE { ?s a schema:Organization ; rdfs:label ?l ."
            ' FILTER(CONTAINS(LCASE(?l), "isation 12")) } LIMIT 100',
        ),
        (
            "roles",
            "SELECT ?person ?role ?org WHERE { ?m a org:Membership ; org:member/rdfs:label ?person ;"
            " org:organization/rdfs:label ?org ; org:role/skos:prefLabel ?role . } LIMIT 100",
        ),
        (
            "co-mention join",
            f"SELECT ?b (COUNT(?a) AS ?n) WHERE {{ ?a schema:mentions <{BASE}id/organization/o3> ,"
            f" ?b . FILTER(?b != <{BASE}id/organization/o3>) }} GROUP BY ?b ORDER BY DESC(?n) LIMIT 20",
        ),
        (
            "funding SUM",
            "SELECT ?funder (SUM(?v) AS ?total) WHERE { ?g a schema:MonetaryGrant ;"
            " schema:funder/rdfs:label ?funder ; schema:amount/schema:value ?v . } GROUP BY ?funder",
        ),
    ]


def generate(dist: Path, target_quads: int, seed: int = 7) -> int:
    """Write dist/dataset.nq (+ SHA256SUMS); returns the number of quads written."""
    rng = random.Random(seed)
    articles = max(10, target_quads // QUADS_PER_ARTICLE)
    orgs, people, places = max(50, articles // 2), max(50, articles // 2), 200
    roles = ["pdg", "president", "ministre", "directeur-general", "fondateur"]
    s, o, oa, rdf, xsd = (
        "http://schema.org/",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2001/XMLSchema#",
    )
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    dist.mkdir(parents=True, exist_ok=True)
    written = 0
    with (dist / "dataset.nq").open("w", encoding="utf-8") as out:

        def q(subject: str, predicate: str, obj: str, graph: str) -> None:
            nonlocal written
            out.write(f"{subject} <{predicate}> {obj} {graph} .\n")
            written += 1

        def entity(kind: str, number: int, graph: str) -> str:
            iri = f"<{BASE}id/{kind}/{kind[0]}{number}>"
            name = {"organization": "Organisation", "person": "Personne", "place": "Lieu"}[kind]
            cls = {"organization": "Organization", "person": "Person", "place": "Place"}[kind]
            q(iri, rdf + "type", f"<{s}{cls}>", graph)
            q(iri, label, f'"{name} {number}"@fr', graph)
            q(iri, s + "name", f'"{name} {number}"@fr', graph)
            if number % 3 == 0:
                q(
                    iri,
                    "http://www.w3.org/2002/07/owl#sameAs",
                    f"<http://www.wikidata.org/entity/Q{1000 + number}>",
                    graph,
                )
            return iri

        meta = f"<{BASE}graph/meta>"
        for key in roles:
            q(f"<{BASE}id/role/{key}>", "http://www.w3.org/2004/02/skos/core#prefLabel", f'"{key}"@fr', meta)
        for a in range(articles):
            graph = f"<{BASE}graph/a{a}>"
            art = f"<{BASE}id/article/a{a}>"
            q(art, rdf + "type", f"<{s}NewsArticle>", graph)
            q(art, s + "headline", f'"Titre de l\'article {a}"@fr', graph)
            q(
                art,
                s + "datePublished",
                f'"{2010 + a % 14}-{1 + a % 12:02d}-{1 + a % 28:02d}"^^<{xsd}date>',
                graph,
            )
            q(art, s + "articleBody", f'"Texte de l\'article {a}. " @fr'.replace('" @', '"@'), graph)
            q(art, s + "identifier", f'"{a:05d}"', graph)
            named = (
                [entity("organization", int(rng.paretovariate(1.2)) % orgs, graph) for _ in range(5)]
                + [entity("person", rng.randrange(people), graph) for _ in range(3)]
                + [entity("place", rng.randrange(places), graph) for _ in range(2)]
            )
            for index, ent in enumerate(named):
                q(art, s + "mentions", ent, graph)
                m = f"{BASE}id/mention/a{a}-{index}"
                q(f"<{m}>", rdf + "type", f"<{oa}Annotation>", graph)
                q(f"<{m}>", oa + "hasBody", ent, graph)
                q(f"<{m}>", oa + "hasTarget", f"<{m}#target>", graph)
                q(f"<{m}#target>", oa + "hasSource", art, graph)
                q(f"<{m}#target>", oa + "hasSelector", f"<{m}#position>", graph)
                q(f"<{m}#target>", oa + "hasSelector", f"<{m}#quote>", graph)
                q(f"<{m}#position>", oa + "start", f'"{index * 10}"^^<{xsd}integer>', graph)
                q(f"<{m}#position>", oa + "end", f'"{index * 10 + 8}"^^<{xsd}integer>', graph)
                q(f"<{m}#quote>", oa + "exact", '"Mention"', graph)
            membership = f"<{BASE}id/membership/a{a}>"
            q(membership, rdf + "type", f"<{o}Membership>", graph)
            q(membership, o + "member", named[5], graph)
            q(membership, o + "organization", named[0], graph)
            q(membership, o + "role", f"<{BASE}id/role/{roles[a % len(roles)]}>", graph)
            grant = f"{BASE}id/grant/a{a}"
            q(f"<{grant}>", rdf + "type", f"<{s}MonetaryGrant>", graph)
            q(f"<{grant}>", s + "funder", named[1], graph)
            q(f"<{grant}>", s + "fundedItem", named[2], graph)
            q(f"<{grant}>", s + "amount", f"<{grant}#amount>", graph)
            q(
                f"<{grant}#amount>",
                s + "value",
                f'"{rng.randrange(1, 100) * 1_000_000}.0"^^<{xsd}decimal>',
                graph,
            )
            q(f"<{grant}#amount>", s + "currency", '"EUR"', graph)
            for fact in (membership, f"<{grant}>"):
                ev = f"{BASE}id/evidence/{hashlib.sha1(f'{fact}{a}'.encode()).hexdigest()[:10]}"
                q(f"<{ev}>", rdf + "type", f"<{oa}Annotation>", graph)
                q(f"<{ev}>", oa + "hasBody", fact, graph)
                q(f"<{ev}>", oa + "hasTarget", f"<{ev}#target>", graph)
                q(f"<{ev}#target>", oa + "hasSource", art, graph)
                q(f"<{ev}#target>", oa + "hasSelector", f"<{ev}#position>", graph)
                q(f"<{ev}#position>", oa + "start", f'"0"^^<{xsd}integer>', graph)
                q(f"<{ev}#position>", oa + "end", f'"20"^^<{xsd}integer>', graph)
                q(fact, "http://www.w3.org/ns/prov#wasDerivedFrom", art, graph)
    digest = hashlib.sha256((dist / "dataset.nq").read_bytes()).hexdigest()
    (dist / "SHA256SUMS").write_text(f"{digest}  dataset.nq\n", encoding="utf-8")
    return written


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (children of every thread), in MB."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text(encoding="ascii").split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def wait_ready(url: str, process: subprocess.Popen, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} not ready after {limit} s")


SOUVERAIN = """
import sys
from pathlib import Path
from dataclasses import replace
from pipeline.config import Settings
from pipeline.serve import run
run(replace(Settings(), out_dir=Path(sys.argv[1]), store_dir=Path(sys.argv[2]), port=int(sys.argv[3]),
            query_timeout=300.0, max_rows=100000, result_cache_mb=int(sys.argv[4])))
"""
RDFLIB = """
import sys
import rdflib, uvicorn
from rdflib_endpoint import SparqlEndpoint
ds = rdflib.Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def measure(url: str, mix: list[tuple[str, str]], reps: int, budget: float) -> dict[str, float]:
    """Median latency (ms) of each query, run alone, `reps` times or until `budget` seconds."""
    medians = {}
    with httpx.Client(timeout=600, headers={"Accept": "application/sparql-results+json"}) as client:
        for name, text in mix:
            query = PREFIXES + text
            for _ in range(5):  # warm-up: connection, first-call code paths (both servers alike)
                client.get(url, params={"query": query}).raise_for_status()
            times: list[float] = []
            started = time.monotonic()
            while len(times) < reps and (len(times) < 3 or time.monotonic() - started < budget):
                t0 = time.perf_counter()
                response = client.get(url, params={"query": query})
                times.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
            medians[name] = statistics.median(times)
    return medians


def throughput(url: str, mix: list[tuple[str, str]], clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second with `clients` threads cycling through the mix; and the error count."""
    stop = time.monotonic() + seconds
    done = [0] * clients
    errors = [0] * clients

    def worker(index: int) -> None:
        with httpx.Client(timeout=600, headers={"Accept": "application/sparql-results+json"}) as client:
            position = index
            while time.monotonic() < stop:
                query = PREFIXES + mix[position % len(mix)][1]
                position += 1
                response = client.get(url, params={"query": query})
                done[index] += response.status_code == 200
                errors[index] += response.status_code != 200

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started), sum(errors)


@dataclass
class Run:
    """One souverain server's figures."""

    ready: float
    rss_ready: float
    medians: dict[str, float]
    rps: float
    errors: int
    rss_after: float


def run_souverain(
    work: Path, cache_mb: int, mix: list[tuple[str, str]], args: argparse.Namespace,
    env: dict[str, str], processes: list[subprocess.Popen],
) -> Run:
    """Start `souverain serve` on the built store with this answer cache, measure it, stop it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    server = subprocess.Popen(
        [sys.executable, "-c", SOUVERAIN, str(work / "dist"), str(work / "store"), str(port), str(cache_mb)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    processes.append(server)
    ready = wait_ready(url, server, 60)
    rss_ready = rss_mb(server.pid)
    label = "answer cache off" if cache_mb == 0 else f"{cache_mb} MB answer cache"
    print(f"souverain ({label}) ready in {ready * 1000:.0f} ms on the built store, {rss_ready:.0f} MB resident")
    medians = measure(url, mix, args.reps, args.budget)
    rps, errors = throughput(url, mix, args.clients, args.seconds)
    rss_after = rss_mb(server.pid)
    server.terminate()
    server.wait(30)
    return Run(ready, rss_ready, medians, rps, errors, rss_after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="quads to generate (default 1,000,000)"
    )
    parser.add_argument(
        "--clients", type=int, default=8, help="concurrent clients for throughput (default 8)"
    )
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="length of each throughput run (default 20)"
    )
    parser.add_argument("--reps", type=int, default=30, help="runs per query for the median (default 30)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query before stopping reps")
    parser.add_argument("--skip-rdflib", action="store_true", help="measure souverain only")
    args = parser.parse_args()
    mix = queries()
    work = Path(tempfile.mkdtemp(prefix="souverain-bench-"))
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    processes: list[subprocess.Popen] = []
    try:
        t0 = time.monotonic()
        quads = generate(work / "dist", args.triples)
        print(f"generated {quads:,} quads in {time.monotonic() - t0:.1f} s")
        from pipeline.store import ensure_store

        t0 = time.monotonic()
        ensure_store(work / "dist", work / "store")
        print(f"souverain store built in {time.monotonic() - t0:.1f} s")

        ours = {
            label: run_souverain(work, cache_mb, mix, args, env, processes)
            for label, cache_mb in (("cold", 0), ("cached", 32))
        }
        theirs: dict[str, float] = {}
        theirs_rps, theirs_errors, theirs_rss, theirs_ready = 0.0, 0, 0.0, 0.0
        if not args.skip_rdflib:
            port = free_port()
            rurl = f"http://127.0.0.1:{port}/"
            other = subprocess.Popen(
                [sys.executable, "-c", RDFLIB, str(work / "dist" / "dataset.nq"), str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
            )
            processes.append(other)
            theirs_ready = wait_ready(rurl, other, 3600)
            print(
                f"rdflib-endpoint ready in {theirs_ready:.1f} s (parsing included),"
                f" {rss_mb(other.pid):.0f} MB"
            )
            theirs = measure(rurl, mix, args.reps, args.budget)
            theirs_rps, theirs_errors = throughput(rurl, mix, args.clients, args.seconds)
            theirs_rss = rss_mb(other.pid)
            other.terminate()
            other.wait(30)

        cold, cached = ours["cold"], ours["cached"]
        print(f"\n{quads:,} quads; median latency per query (ms), {args.reps} runs max")
        print(f"{'query':<18}{'cold':>9}{'cached':>9}{'rdflib-ep':>11}{'ratio cold':>12}{'cached':>9}")
        for name, _ in mix:
            other_ms = theirs.get(name)
            ratios = (
                f"{other_ms / cold.medians[name]:11.1f}x{other_ms / cached.medians[name]:8.1f}x"
                if other_ms
                else f"{'-':>12}{'-':>9}"
            )
            print(
                f"{name:<18}{cold.medians[name]:9.2f}{cached.medians[name]:9.2f}"
                f"{other_ms if other_ms else float('nan'):11.2f}{ratios}"
            )
        for label, run in ours.items():
            ratio = f"{run.rps / theirs_rps:.1f}x" if theirs_rps else "-"
            print(
                f"\nthroughput, {args.clients} clients, mixed mix, {label}:"
                f" souverain {run.rps:.1f} req/s ({run.errors} errors),"
                f" rdflib-endpoint {theirs_rps:.2f} req/s ({theirs_errors} errors): {ratio}"
            )
        print(
            f"\nresident memory after the run: souverain {cold.rss_after:.0f} MB cold,"
            f" {cached.rss_after:.0f} MB cached (server + workers), rdflib-endpoint {theirs_rss:.0f} MB"
        )
        print(
            f"ready: souverain {cached.ready * 1000:.0f} ms on a built store"
            f" ({cached.rss_ready:.0f} MB); rdflib-endpoint {theirs_ready:.1f} s"
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
