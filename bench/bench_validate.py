"""Benchmark: the SHACL engines side by side on the same article graphs.

Why: issue 17 asks to choose the validation engine by measured figures, with the
same reports. Each named graph of a dataset file, and a copy of it broken by a blank
node, is validated alone, as the build does (with the role scheme of graph/meta mixed in), by every engine the project
ships (pyshacl-turbo, pySHACL) and, when it is installed, by pyrudof, which is not
a dependency (`pip install pyrudof==0.3.35` to include it). It prints milliseconds
per graph (best of --repeat) and whether each engine's results equal pySHACL's.
It asserts nothing; the equality of results on every failing-graph case is a test
(tests/test_shapes.py::test_both_engines_report_the_same_results).

Usage: python bench/bench_validate.py [DATASET.nq] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import validate  # noqa: E402


def _engine_figures(graphs, roles, repeat: int) -> dict[str, tuple[float, list]]:
    figures = {}
    for engine in validate.ENGINES:
        best = float("inf")
        results: list = []
        for _ in range(repeat):
            started = time.perf_counter()
            results = [validate.validate_graph(graph, ontology=roles, engine=engine).violations for _, graph in graphs]
            best = min(best, time.perf_counter() - started)
        figures[engine] = (best, results)
    return figures


def _rudof_figures(graphs, roles, repeat: int) -> tuple[float, list[bool]] | None:
    try:
        import pyrudof  # type: ignore[import-not-found]
    except ImportError:
        return None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_shacl(validate.load_shapes().serialize(format="turtle"))
    reference = validate.default_reference() + roles
    texts = [(graph + reference).serialize(format="nt") for _, graph in graphs]
    best = float("inf")
    conforms: list[bool] = []
    for _ in range(repeat):
        started = time.perf_counter()
        conforms = []
        for text in texts:
            rudof.reset_data()
            rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
            conforms.append(rudof.validate_shacl().conforms)
        best = min(best, time.perf_counter() - started)
    return best, conforms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=ROOT / "dist" / "dataset.nq",
                        help="an N-Quads or TriG dataset (default: dist/dataset.nq)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine; the best is printed")
    args = parser.parse_args(argv)
    dataset = rdflib.Dataset()
    dataset.parse(args.dataset, format="trig" if args.dataset.suffix == ".trig" else "nquads")
    roles = validate._roles_in(dataset)
    graphs = list(validate._named_graphs(dataset))
    # and each graph broken by one blank node, which a SHACL-SPARQL target finds
    for name, graph in list(graphs):
        broken = rdflib.Graph(identifier=name) + graph
        broken.add((rdflib.BNode("unnamed"), rdflib.URIRef("http://schema.org/name"), rdflib.Literal("x")))
        graphs.append((name, broken))
    triples = sum(len(graph) for _, graph in graphs)
    print(f"{args.dataset}: {len(graphs)} graphs (half of them broken), {triples} triples "
          f"(+ {len(roles)} of role scheme each)")
    figures = _engine_figures(graphs, roles, args.repeat)
    reference_seconds, reference_results = figures["pyshacl"]
    for engine, (seconds, results) in figures.items():
        found = sum(len(r) for r in results)
        print(f"  {engine:8s} {seconds / len(graphs) * 1000:7.1f} ms/graph  "
              f"({reference_seconds / seconds:4.1f} x pySHACL)  {found} result(s)  "
              f"same as pySHACL: {results == reference_results}")
    # The build's call, on the unbroken graphs (a built graph has no blank node): N-Triples lines
    # are N-Quads lines of the default graph.
    valid = len(graphs) // 2
    lines = [(name, graph.serialize(format="nt").splitlines(keepends=True)) for name, graph in graphs[:valid]]
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        from_lines = [validate.validate_lines(text, name, ontology=roles).violations for name, text in lines]
        best = min(best, time.perf_counter() - started)
    best_graph = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for _, graph in graphs[:valid]:
            validate.validate_graph(graph, ontology=roles)
        best_graph = min(best_graph, time.perf_counter() - started)
    print(f"  unbroken graphs only, turbo: from an rdflib graph {best_graph / valid * 1000:.1f} ms/graph, "
          f"from N-Quads lines (the build's call) {best / valid * 1000:.1f} ms/graph; "
          f"same results: {from_lines == reference_results[:valid]}")
    rudof = _rudof_figures(graphs, roles, args.repeat)
    if rudof is None:
        print("  pyrudof  not installed (pip install pyrudof==0.3.35 to compare)")
    else:
        seconds, conforms = rudof
        agree = conforms == [not any(v.is_violation for v in r) for r in reference_results]
        print(f"  pyrudof  {seconds / len(graphs) * 1000:7.1f} ms/graph  "
              f"({reference_seconds / seconds:4.1f} x pySHACL)  conforms as pySHACL: {agree}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
