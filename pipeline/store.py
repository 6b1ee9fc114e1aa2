"""dist/ -> the on-disk pyoxigraph query store: the one place that knows the backend.

The store is built from `dist/dataset.nq` into a fresh directory next to
`store_dir`, then swapped in with renames, so a server never opens a
half-written store. A manifest written last records the checksum list of
the dist/ it was built from: an unchanged dist/ reuses the store (ready in
milliseconds), a changed one rebuilds it, and a store directory without a
manifest (a build killed midway) is detected and rebuilt.

The default graph is the set union of the named graphs, materialized at load
time: each triple once, so aggregates over the default graph never count a
triple twice because two articles state it, and no query pays the cost of
`use_default_graph_as_union`. Named graphs stay queryable with `GRAPH`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError

__all__ = ["open_store", "ensure_store", "db_path", "store_is_current", "dist_fingerprint", "MANIFEST_NAME"]

MANIFEST_NAME = "manifest.json"
DATASET_FILE = "dataset.nq"
CHECKSUMS_FILE = "SHA256SUMS"
_FORMAT_VERSION = 1


def db_path(store_dir: Path) -> Path:
    """The RocksDB directory inside a store directory (what pyoxigraph opens)."""
    return Path(store_dir) / "db"


def _read_checksums(dist_dir: Path) -> dict[str, str]:
    path = dist_dir / CHECKSUMS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot read the checksum list ({exc}); run `souverain build` first"
        ) from exc
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            digest, _, name = line.partition("  ")
            sums[name.strip().lstrip("*")] = digest.strip()
    return sums


def dist_fingerprint(dist_dir: Path) -> str:
    """SHA-256 of dist/SHA256SUMS: it changes whenever any published file does."""
    path = Path(dist_dir) / CHECKSUMS_FILE
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot read the checksum list ({exc}); run `souverain build` first"
        ) from exc


def _read_manifest(store_dir: Path) -> dict | None:
    try:
        manifest = json.loads((Path(store_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("complete") is True else None


def store_is_current(dist_dir: Path, store_dir: Path) -> bool:
    """True when store_dir holds a complete store built from this very dist/."""
    manifest = _read_manifest(store_dir)
    return (
        manifest is not None
        and manifest.get("fingerprint") == dist_fingerprint(Path(dist_dir))
        and manifest.get("format") == _FORMAT_VERSION
        and db_path(store_dir).is_dir()
    )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_union(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, and its triple in the default graph (the store keeps it once)."""
    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _build(dataset: Path, target: Path, fingerprint: str) -> None:
    """Load dataset.nq into a new store at target; the manifest is written last."""
    target.mkdir(parents=True)
    store = ox.Store(str(db_path(target)))
    try:
        store.bulk_extend(_with_union(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS)))
        store.flush()
        store.optimize()
    except (SyntaxError, OSError, ValueError) as exc:
        raise StoreError(f"{dataset}: cannot be loaded into the store ({exc}); rebuild dist/") from exc
    finally:
        del store
    manifest = {
        "complete": True,
        "format": _FORMAT_VERSION,
        "fingerprint": fingerprint,
        "source": str(dataset),
    }
    manifest_path = target / MANIFEST_NAME
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with manifest_path.open("rb") as handle:
        os.fsync(handle.fileno())


@contextmanager
def _lock(store_dir: Path) -> Iterator[None]:
    """One builder at a time per store directory (two servers starting together)."""
    lock_path = store_dir.parent / f".{store_dir.name}.lock"
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(store_dir: Path) -> None:
    """Directories left by a build or a swap that was killed."""
    for leftover in store_dir.parent.glob(f".{store_dir.name}.*-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def ensure_store(dist_dir: Path, store_dir: Path) -> Path:
    """Build the store from dist/ unless a complete store of the same dist/ exists.

    Returns the database path. Raises StoreError when dist/ is missing,
    inconsistent (dataset.nq does not match its checksum) or unloadable.
    """
    dist_dir, store_dir = Path(dist_dir), Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(store_dir):
        if store_is_current(dist_dir, store_dir):
            return db_path(store_dir)
        _remove_leftovers(store_dir)
        fingerprint = dist_fingerprint(dist_dir)
        dataset = dist_dir / DATASET_FILE
        expected = _read_checksums(dist_dir).get(DATASET_FILE)
        if not dataset.is_file():
            raise StoreError(f"{dataset}: missing; run `souverain build` first")
        if expected is not None and _file_sha256(dataset) != expected:
            raise StoreError(f"{dataset}: does not match {CHECKSUMS_FILE}; dist/ is inconsistent, rebuild it")
        building = store_dir.parent / f".{store_dir.name}.building-{os.getpid()}"
        try:
            _build(dataset, building, fingerprint)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        old = store_dir.parent / f".{store_dir.name}.old-{os.getpid()}"
        if store_dir.exists():
            store_dir.rename(old)
        building.rename(store_dir)
        shutil.rmtree(old, ignore_errors=True)
        return db_path(store_dir)


def open_store(dist_dir: Path, store_dir: Path) -> ox.Store:
    """(Re)build the store when dist/ changed, then open it read-only."""
    path = ensure_store(dist_dir, store_dir)
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot open the query store ({exc}); delete {store_dir} to rebuild it"
        ) from exc
