"""dist/: the dumps, their checksums, and the atomic swap.

Quads are sorted before serialization and written with pyoxigraph (rdflib's
TriG/N-Quads/JSON-LD output order varies with PYTHONHASHSEED and its Turtle
writer is quadratic). The new dist/ is assembled next to the old one and
swapped in only when complete: a failed build leaves the previous dist/ as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .config import CONTEXT_FILE
from .errors import PublishError
from .vocab import PREFIXES

__all__ = ["DUMP_FILES", "to_quads", "publish", "recover_interrupted_swap", "write_dumps"]

DUMP_FILES = ("dataset.trig", "dataset.nq", "dataset.ttl", "dataset.jsonld", "void.ttl", "shacl-report.ttl")


def _term(node: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise PublishError(
        f"blank node or unsupported term in the data: {node!r} (the dumps have no blank nodes)"
    )


def to_quads(graphs: Iterable[tuple[URIRef, Graph]]) -> list[ox.Quad]:
    """rdflib graphs (one per named graph) -> the sorted, de-duplicated quads of the dataset."""
    quads = {
        ox.Quad(_term(s), _term(p), _term(o), ox.NamedNode(str(name)))  # type: ignore[arg-type]
        for name, graph in graphs
        for s, p, o in graph
    }
    return sorted(quads, key=str)


def _union(quads: list[ox.Quad]) -> list[ox.Triple]:
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


def _jsonld(nquads: str) -> str:
    """Compact JSON-LD with the project's context, keys sorted: stable bytes."""
    from pyld import jsonld

    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    compacted = jsonld.compact(expanded, context, {"documentLoader": _no_remote_documents})
    return json.dumps(compacted, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _no_remote_documents(url: str, options: dict | None = None) -> dict:
    raise PublishError(f"JSON-LD context refers to a remote document ({url}); the build fetches nothing")


def write_dumps(
    directory: Path, quads: list[ox.Quad], void: Graph, report_turtle: str, gzip_dumps: bool = False
) -> None:
    """Serialize every dump of the dataset into `directory` (which must exist)."""
    prefixes = dict(PREFIXES)
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    (directory / "dataset.nq").write_text(nquads, encoding="utf-8")
    ox.serialize(quads, output=str(directory / "dataset.trig"), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    ox.serialize(
        _union(quads), output=str(directory / "dataset.ttl"), format=ox.RdfFormat.TURTLE, prefixes=prefixes
    )
    (directory / "dataset.jsonld").write_text(_jsonld(nquads), encoding="utf-8")
    void_triples = sorted({ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in void}, key=str)  # type: ignore[arg-type]
    ox.serialize(
        void_triples, output=str(directory / "void.ttl"), format=ox.RdfFormat.TURTLE, prefixes=prefixes
    )
    (directory / "shacl-report.ttl").write_text(report_turtle, encoding="utf-8")
    if gzip_dumps:
        for name in ("dataset.nq", "dataset.trig"):
            data = (directory / name).read_bytes()
            with gzip.GzipFile(directory / f"{name}.gz", "wb", mtime=0) as out:
                out.write(data)
    _write_checksums(directory)


def _write_checksums(directory: Path) -> None:
    lines = []
    for path in sorted(p for p in directory.iterdir() if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    (directory / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _backup_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.previous")


def recover_interrupted_swap(out_dir: Path) -> None:
    """A build killed between the two renames of the swap left dist/ missing and
    its previous version aside: put it back."""
    backup = _backup_path(out_dir)
    if backup.exists() and not out_dir.exists():
        backup.rename(out_dir)
    elif backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
    # a build killed while staging never ran its clean-up: repeated crashes must not fill the disk
    for stale in out_dir.parent.glob(f".{out_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)


def publish(
    out_dir: Path, quads: list[ox.Quad], void: Graph, report_turtle: str, gzip_dumps: bool = False
) -> None:
    """Write the dumps next to `out_dir`, then swap them in."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        write_dumps(staging, quads, void, report_turtle, gzip_dumps)
        for path in staging.iterdir():
            os.chmod(path, 0o644)
        os.chmod(staging, 0o755)
        with open(staging / "SHA256SUMS", "rb") as handle:
            os.fsync(handle.fileno())
        backup = _backup_path(out_dir)
        if out_dir.exists():
            out_dir.rename(backup)
        staging.rename(out_dir)
        shutil.rmtree(backup, ignore_errors=True)
    except OSError as error:
        raise PublishError(f"{out_dir}: could not publish the dataset: {error}") from error
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
