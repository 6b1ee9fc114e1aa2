"""The query store: built from dist/, union default graph, reuse, atomic rebuild, half-built detection."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from pipeline.errors import StoreError
from pipeline.store import MANIFEST_NAME, db_path, ensure_store, open_store, store_is_current

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"


def copy_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    shutil.copytree(FIXTURE, dist, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dist


def write_sums(dist: Path) -> None:
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}"
        for p in sorted(dist.iterdir())
        if p.is_file() and p.name != "SHA256SUMS"
    ]
    (dist / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_default_graph_is_the_union_each_triple_once(tmp_path):
    store = open_store(FIXTURE, tmp_path / "store")
    quads = list(ox.parse(path=str(FIXTURE / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    distinct = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(distinct) < len(quads), "the fixture repeats entity triples across article graphs"
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(distinct)
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == len(quads)


def test_store_is_read_only(tmp_path):
    store = open_store(FIXTURE, tmp_path / "store")
    with pytest.raises((OSError, RuntimeError)):
        store.update("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")


def test_unchanged_dist_reuses_the_store(tmp_path):
    ensure_store(FIXTURE, tmp_path / "store")
    manifest = tmp_path / "store" / MANIFEST_NAME
    stamp = manifest.stat().st_mtime_ns
    ensure_store(FIXTURE, tmp_path / "store")
    assert manifest.stat().st_mtime_ns == stamp
    assert store_is_current(FIXTURE, tmp_path / "store")


def test_changed_dist_rebuilds(tmp_path):
    dist = copy_dist(tmp_path)
    store_dir = tmp_path / "store"
    before = count(open_store(dist, store_dir), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    with (dist / "dataset.nq").open("a", encoding="utf-8") as handle:
        handle.write('<http://example.org/new> <http://example.org/p> "x" <http://example.org/g> .\n')
    write_sums(dist)
    assert not store_is_current(dist, store_dir)
    after = count(open_store(dist, store_dir), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert after == before + 1
    assert not list(tmp_path.glob(".store.*-*"))


def test_half_built_store_is_detected_and_rebuilt(tmp_path):
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    partial = ox.Store(str(db_path(store_dir)))
    partial.add(
        ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("1"))
    )
    partial.flush()
    del partial
    assert not store_is_current(FIXTURE, store_dir)
    store = open_store(FIXTURE, store_dir)
    assert (store_dir / MANIFEST_NAME).is_file()
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://schema.org/NewsArticle> }") == 3


def test_build_killed_midway_leaves_no_store_and_the_next_start_rebuilds(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    with (dist / "dataset.nq").open("w", encoding="utf-8") as handle:
        for i in range(300_000):
            handle.write(
                f'<http://example.org/s{i}> <http://example.org/p> "value {i}" '
                f"<http://example.org/g{i % 50}> .\n"
            )
    write_sums(dist)
    store_dir = tmp_path / "store"
    builder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pipeline.store import ensure_store; ensure_store(sys.argv[1], sys.argv[2])",
            str(dist),
            str(store_dir),
        ]
    )
    deadline = time.monotonic() + 60
    while (
        not list(tmp_path.glob(".store.building-*"))
        and builder.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.005)
    builder.send_signal(signal.SIGKILL)
    builder.wait(30)
    if builder.returncode == -signal.SIGKILL:
        assert not store_is_current(dist, store_dir)
    store = open_store(dist, store_dir)
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 300_000
    assert not list(tmp_path.glob(".store.*-*")), "leftovers of the killed build are removed"


def test_inconsistent_dist_is_refused(tmp_path):
    dist = copy_dist(tmp_path)
    with (dist / "dataset.nq").open("a", encoding="utf-8") as handle:
        handle.write('<http://example.org/x> <http://example.org/p> "unlisted" .\n')
    with pytest.raises(StoreError, match="does not match"):
        open_store(dist, tmp_path / "store")


def test_missing_dist_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="souverain build"):
        open_store(tmp_path / "nothing", tmp_path / "store")


def test_unparsable_dataset_is_a_store_error(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "dataset.nq").write_text("this is not N-Quads\n", encoding="utf-8")
    write_sums(dist)
    with pytest.raises(StoreError, match="cannot be loaded"):
        open_store(dist, tmp_path / "store")
    assert not (tmp_path / "store").exists()
    assert not list(tmp_path.glob(".store.*-*"))
