"""`souverain push` into a real Virtuoso (Debian's virtuoso-opensource), started here on 127.0.0.1.

The fixture installs the package when it is missing (apt-get, as root) and fails
when it cannot: this test never skips. The store gets a throwaway database
directory and free ports, and is stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from pipeline.push import graph_checksums, push

VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _virtuoso_binary() -> str:
    found = shutil.which("virtuoso-t")
    if found:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "virtuoso-opensource"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0 and command[1] == "install":
            pytest.fail(f"cannot install virtuoso-opensource: {done.stderr[-2000:]}")
    found = shutil.which("virtuoso-t")
    if not found:
        pytest.fail("virtuoso-opensource is installed but virtuoso-t is not on PATH")
    return found


INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
ServerThreads = 5
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """http://127.0.0.1:PORT of a fresh Virtuoso (user dba, password dba: a new database's defaults)."""
    binary = _virtuoso_binary()
    db = tmp_path_factory.mktemp("virtuoso")
    http = _free_port()
    (db / "virtuoso.ini").write_text(INI.format(db=db, sql=_free_port(), http=http, vsp=VSP_ROOT))
    log = (db / "stdout.log").open("wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(db / "virtuoso.ini")],
                               cwd=db, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"virtuoso exited with {process.returncode}: {(db / 'virtuoso.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso did not answer within 180 s")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def counts_in_store(base: str, graphs: list[str]) -> dict[str, int]:
    """Triples per graph, read back with SPARQLWrapper."""
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setReturnFormat(JSON)
    values = " ".join(f"<{g}>" for g in graphs)
    sparql.setQuery(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                    "GROUP BY ?g")
    rows = sparql.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def counts_embedded(dataset: Path) -> dict[str, int]:
    store = ox.Store()
    store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}  # type: ignore[index,union-attr]


def options(base: str, **extra) -> dict:
    return {"update_endpoint": f"{base}/sparql-auth", "user": "dba", "password": "dba", "log": lambda m: None,
            **extra}


def test_push_then_again_then_after_one_edit(virtuoso: str, seeds_build: Path, tmp_path: Path) -> None:
    dataset = seeds_build / "dataset.nq"
    expected = counts_embedded(dataset)
    graphs = sorted(expected)

    first = push(dataset, f"{virtuoso}/sparql", **options(virtuoso, batch_size=500))
    assert sorted(first.replaced) == graphs and not first.unchanged
    assert counts_in_store(virtuoso, graphs) == expected

    # a second push changes nothing
    second = push(dataset, f"{virtuoso}/sparql", **options(virtuoso))
    assert second.replaced == [] and sorted(second.unchanged) == graphs
    assert counts_in_store(virtuoso, graphs) == expected

    # edit one article's graph (drop a triple, add one): only that graph is replaced
    article_graph = next(g for g in graphs if not g.endswith("/graph/meta"))
    lines = dataset.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.endswith(f"<{article_graph}> ."))
    removed = lines.pop(index)
    subject = removed.split(" ", 1)[0]
    lines.append(f'{subject} <http://schema.org/keywords> "informatique en nuage"@fr <{article_graph}> .')
    edited = tmp_path / "dataset.nq"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = push(edited, f"{virtuoso}/sparql", **options(virtuoso))
    assert third.replaced == [article_graph]
    assert counts_in_store(virtuoso, graphs) == counts_embedded(edited)
    sparql = SPARQLWrapper(f"{virtuoso}/sparql")
    sparql.setReturnFormat(JSON)
    sparql.setQuery(f"ASK {{ GRAPH <{article_graph}> {{ {subject} <http://schema.org/keywords> ?k }} }}")
    assert sparql.queryAndConvert()["boolean"] is True  # type: ignore[index]
    removed_pattern = removed.rsplit(" ", 2)[0]
    sparql.setQuery(f"ASK {{ GRAPH <{article_graph}> {{ {removed_pattern} }} }}")
    assert sparql.queryAndConvert()["boolean"] is False  # type: ignore[index]


def test_graph_store_protocol_push_gives_the_same_content(virtuoso: str, seeds_build: Path, tmp_path: Path) -> None:
    dataset = seeds_build / "dataset.nq"
    expected = counts_embedded(dataset)
    # a dataset with one graph fewer: the graph dropped from the dataset is dropped from the store
    lines = dataset.read_text(encoding="utf-8").splitlines()
    gone = sorted(g for g in expected if not g.endswith("/graph/meta"))[-1]
    smaller = tmp_path / "smaller.nq"
    smaller.write_text("\n".join(line for line in lines if not line.endswith(f"<{gone}> .")) + "\n", encoding="utf-8")
    result = push(smaller, f"{virtuoso}/sparql",
                  **options(virtuoso, graph_store=f"{virtuoso}/sparql-graph-crud-auth"))
    assert result.dropped == [gone]
    assert counts_in_store(virtuoso, sorted(expected)) == {g: n for g, n in expected.items() if g != gone}
    # back to the full dataset, through the graph store: same counts as the embedded store
    result = push(dataset, f"{virtuoso}/sparql", **options(virtuoso, graph_store=f"{virtuoso}/sparql-graph-crud-auth"))
    assert gone in result.replaced
    assert counts_in_store(virtuoso, sorted(expected)) == expected
    assert set(graph_checksums(dataset)) == set(expected)


def test_wrong_password_is_a_clear_error(virtuoso: str, tmp_path: Path) -> None:
    from pipeline.push import PushError

    dataset = tmp_path / "one.nq"
    dataset.write_text('<https://example.org/id/a> <http://schema.org/name> "A" <https://example.org/graph/a> .\n')
    with pytest.raises(PushError, match="401"):
        push(dataset, f"{virtuoso}/sparql", **options(virtuoso, password="wrong", retries=0))
