"""dist/: the dumps, their checksums, and the atomic swap.

A `Publication` is written graph by graph into a staging directory next to
dist/ (so a build never holds the whole dataset as rdflib objects) and swapped
in only when complete: a failed build leaves the previous dist/ as it was.
Every graph's quads are sorted before they are written and the dumps are
serialized with pyoxigraph (rdflib's TriG/N-Quads/JSON-LD output order varies
with PYTHONHASHSEED and its Turtle writer is quadratic), so the same data gives
the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .config import CONTEXT_FILE
from .errors import PublishError
from .jsonld import Compactor
from .vocab import PREFIXES, to_oxigraph

__all__ = ["DUMP_FILES", "Publication", "graph_jsonld", "nquad_lines", "recover_interrupted_swap"]

DUMP_FILES = ("dataset.trig", "dataset.nq", "dataset.ttl", "dataset.jsonld", "void.ttl", "shacl-report.ttl")


def _term(node: Node) -> ox.NamedNode | ox.Literal:
    """A term of the dumps: no blank node ever reaches them."""
    if isinstance(node, BNode):
        raise PublishError(f"blank node in the data: {node!r} (the dumps have no blank nodes)")
    return to_oxigraph(node)  # type: ignore[return-value]


def nquad_lines(name: URIRef, graph: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """One named graph as sorted, de-duplicated N-Quads lines."""
    graph_name = ox.NamedNode(str(name))
    quads = [ox.Quad(_term(s), _term(p), _term(o), graph_name) for s, p, o in graph]  # type: ignore[arg-type]
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(set(text.splitlines(keepends=True)))


@lru_cache(maxsize=1)
def _compactor() -> Compactor:
    return Compactor(CONTEXT_FILE)


def graph_jsonld(lines: list[str]) -> str:
    """One named graph (its N-Quads lines, as `nquad_lines` gives them) as the text it has in
    the JSON-LD dump: compacted against the project's context, keys sorted, indented for its
    place in the dump's "@graph" array. Made where the graph is mapped (in the worker
    processes with --jobs, and cached with the mapping), so the dump is only concatenated."""
    quads = list(ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS))
    if not quads:
        return ""
    graph = _compactor().graph(quads[0].graph_name.value, quads)  # type: ignore[attr-defined]
    text = json.dumps(graph, ensure_ascii=False, sort_keys=True, indent=1)
    return "\n  " + text.replace("\n", "\n  ")


def _jsonld_head() -> str:
    context = json.dumps(_compactor().context, ensure_ascii=False, sort_keys=True, indent=1)
    return '{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": ['


# Lines per sorted run of the external sort that makes the union of the graphs: memory stays
# bounded (about 100 MB) whatever the size of the dataset.
UNION_RUN_LINES = 200_000
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def triple_line(quad_line: str) -> str:
    """'<s> <p> <o> <g> .' -> '<s> <p> <o> .' (the graph IRI is the last term, and an IRI
    holds no space, so the last ' <' before the final ' .' starts it)."""
    body = quad_line.rstrip("\n")
    return body[: body.rindex(" <", 0, len(body) - 2)] + " .\n"


def _sorted_runs(lines: Iterable[str], directory: Path, run_lines: int) -> list[Path]:
    """Write `lines` as sorted, duplicate-free runs of at most `run_lines` lines."""
    runs: list[Path] = []
    batch: list[str] = []

    def spill() -> None:
        path = directory / f"run-{len(runs):05d}.nt"
        path.write_text("".join(sorted(set(batch))), encoding="utf-8")
        runs.append(path)
        batch.clear()

    for line in lines:
        batch.append(line)
        if len(batch) >= run_lines:
            spill()
    if batch or not runs:
        spill()
    return runs


def merge_unique(paths: list[Path], output: Path) -> tuple[int, dict[str, int]]:
    """Merge sorted runs into `output` without repeats: (number of triples, typed subjects per class)."""
    handles = [path.open(encoding="utf-8") for path in paths]
    count = 0
    classes: dict[str, int] = {}
    previous = None
    try:
        with output.open("w", encoding="utf-8") as out:
            for line in heapq.merge(*handles):
                if line == previous:
                    continue
                previous = line
                out.write(line)
                count += 1
                parts = line.split(" ", 2)
                if len(parts) == 3 and parts[1] == _RDF_TYPE:
                    cls = parts[2].rstrip(" .\n")
                    if cls.startswith("<"):
                        classes[cls[1:-1]] = classes.get(cls[1:-1], 0) + 1
    finally:
        for handle in handles:
            handle.close()
    return count, classes


def _write_checksums(directory: Path) -> None:
    lines = []
    for path in sorted(p for p in directory.iterdir() if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {path.name}\n")
    (directory / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _backup_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.previous")


def recover_interrupted_swap(out_dir: Path) -> None:
    """A build killed between the two renames of the swap left dist/ missing and
    its previous version aside: put it back. Remove what killed builds left."""
    backup = _backup_path(out_dir)
    if backup.exists() and not out_dir.exists():
        backup.rename(out_dir)
    elif backup.exists():
        shutil.rmtree(backup, ignore_errors=True)
    # a build killed while staging never ran its clean-up: repeated crashes must not fill the disk
    for stale in out_dir.parent.glob(f".{out_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)


class Publication:
    """A new version of dist/, assembled graph by graph, published by `finish()`.

    Used as a context manager: leaving it on an exception discards the staging
    directory and leaves dist/ untouched.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir).resolve()
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            recover_interrupted_swap(self.out_dir)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.building-", dir=self.out_dir.parent))
            self._nquads = (self.staging / "dataset.nq").open("w", encoding="utf-8")
            # the union's sorted runs and the JSON-LD graphs: beside the staging directory, never published
            self.work = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.building-work-", dir=self.out_dir.parent))
            self._jsonld = (self.work / "graphs.jsonld").open("w", encoding="utf-8")
        except OSError as error:
            raise PublishError(f"{self.out_dir}: cannot prepare the new dataset: {error}") from error
        self.quads = 0
        self.triples = 0
        self._graphs = 0
        self._unioned_bytes: int | None = None  # the N-Quads' size at the last union

    @property
    def nquads_path(self) -> Path:
        return self.staging / "dataset.nq"

    def add_graph(self, lines: list[str], jsonld: str | None = None) -> None:
        """Append one named graph, as the sorted lines of `nquad_lines`, and its JSON-LD
        (`graph_jsonld(lines)`, made here when not given)."""
        if not lines:
            return
        self._nquads.write("".join(lines))
        self.quads += len(lines)
        self._jsonld.write(("," if self._graphs else "") + (graph_jsonld(lines) if jsonld is None else jsonld))
        self._graphs += 1

    def flush(self) -> None:
        self._nquads.flush()

    def union(self, extra: Iterable[str] = (), run_lines: int = UNION_RUN_LINES) -> tuple[int, dict[str, int]]:
        """The union of the graphs written so far and of `extra` N-Quads lines, each triple once,
        sorted into the work directory by an external merge sort (bounded memory, whatever the
        dataset's size): (number of triples, typed subjects per class IRI)."""
        if not self._nquads.closed:
            self.flush()
        runs_dir = self.work / "runs"
        shutil.rmtree(runs_dir, ignore_errors=True)
        runs_dir.mkdir()
        with self.nquads_path.open(encoding="utf-8") as quads:
            lines = (triple_line(line) for source in (quads, extra) for line in source if line.strip())
            runs = _sorted_runs(lines, runs_dir, run_lines)
        count, classes = merge_unique(runs, self.work / "union.nt")
        shutil.rmtree(runs_dir, ignore_errors=True)
        self._unioned_bytes = self.nquads_path.stat().st_size
        return count, classes

    def _union_again(self) -> int:
        """The union after more graphs were added (graph/meta with the VoID counts): the last
        union merged with the triples added since, not a new sort of the whole dataset. The
        `extra` lines of the last union must be among those added since (the build's are
        graph/meta's, which it then writes with the VoID counts)."""
        if self._unioned_bytes is None:
            return self.union()[0]
        runs_dir = self.work / "runs"
        runs_dir.mkdir(exist_ok=True)
        with self.nquads_path.open("rb") as quads:
            quads.seek(self._unioned_bytes)
            added = (triple_line(line.decode("utf-8")) for line in quads if line.strip())
            runs = _sorted_runs(added, runs_dir, UNION_RUN_LINES)
        merged = self.work / "union-next.nt"
        count, _ = merge_unique([self.work / "union.nt", *runs], merged)
        merged.replace(self.work / "union.nt")
        shutil.rmtree(runs_dir, ignore_errors=True)
        return count

    def finish(self, void: Graph, report_turtle: str, gzip_dumps: bool = False) -> None:
        """Write every other dump from the N-Quads, then swap the staging directory in.

        The Turtle dump is the union of every graph (each triple once, in N-Triples byte
        order), made by an external merge sort: never a store of the whole dataset."""
        prefixes = dict(PREFIXES)
        staging = self.staging
        try:
            self._nquads.close()
            nquads = self.nquads_path
            ox.serialize(
                ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS),
                output=str(staging / "dataset.trig"),
                format=ox.RdfFormat.TRIG,
                prefixes=prefixes,
            )
            self.triples = self._union_again()
            ox.serialize(
                ox.parse(path=str(self.work / "union.nt"), format=ox.RdfFormat.N_TRIPLES),
                output=str(staging / "dataset.ttl"),
                format=ox.RdfFormat.TURTLE,
                prefixes=prefixes,
            )
            self._jsonld.close()
            with (staging / "dataset.jsonld").open("w", encoding="utf-8") as out, \
                    (self.work / "graphs.jsonld").open(encoding="utf-8") as graphs:
                out.write(_jsonld_head())
                shutil.copyfileobj(graphs, out)
                out.write("\n ]\n}\n")
            void_triples = sorted({ox.Triple(_term(s), _term(p), _term(o)) for s, p, o in void}, key=str)  # type: ignore[arg-type]
            ox.serialize(void_triples, output=str(staging / "void.ttl"), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            (staging / "shacl-report.ttl").write_text(report_turtle, encoding="utf-8")
            if gzip_dumps:
                for name in ("dataset.nq", "dataset.trig"):
                    with (
                        (staging / name).open("rb") as source,
                        gzip.GzipFile(staging / f"{name}.gz", "wb", mtime=0) as out,
                    ):
                        shutil.copyfileobj(source, out)
            _write_checksums(staging)
            for path in staging.iterdir():
                os.chmod(path, 0o644)
            os.chmod(staging, 0o755)
            with open(staging / "SHA256SUMS", "rb") as handle:
                os.fsync(handle.fileno())
            backup = _backup_path(self.out_dir)
            if self.out_dir.exists():
                self.out_dir.rename(backup)
            staging.rename(self.out_dir)
            shutil.rmtree(backup, ignore_errors=True)
        except OSError as error:
            raise PublishError(f"{self.out_dir}: could not publish the dataset: {error}") from error
        finally:
            self.abort()

    def abort(self) -> None:
        if not self._nquads.closed:
            self._nquads.close()
        if not self._jsonld.closed:
            self._jsonld.close()
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> Publication:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.abort()
