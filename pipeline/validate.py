"""Graph + shapes/ -> a validation report. Invalid data is a result, not an exception.

The build validates one article graph at a time, so the shapes are parsed,
given stable IRIs and compiled once per process (cached on the files'
modification times) and reused for every graph.

Two engines give the same results (tested on every failing-graph case of the
shape tests): pyshacl-turbo (Rust, the default: about four times faster per
article graph, measured in docs/scaling.md) and pySHACL, the reference
implementation (`--shacl-engine pyshacl`). Both read the graph from an
Oxigraph store. A dataset is validated one named graph at a time, as the build
does, so each result names its graph and its article. Reference data the article graphs point to (the posts of
`ontology/roles.ttl`) is mixed into every graph validated.

The published report (`report_to_turtle`) has no blank nodes: results get IRIs
from a digest of their content, and blank nodes of the shapes are named after
their parent shape when the shapes are loaded, so the file is byte-stable
across runs and hash seeds.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph
import pyshacl_turbo
import rdflib
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from . import config
from .errors import InputError, SouverainError
from .vocab import DEFAULT_BASE, ORG, PREFIXES, RDF, SCHEMA, SH, SOV, XSD, Iris, short_hash, to_oxigraph

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "merge_reports",
    "shapes_digest",
    "Violation",
    "ValidationReport",
    "validate_graph",
    "validate_lines",
    "validate_file",
    "report_to_turtle",
    "load_shapes",
    "FILE_FORMATS",
]

#: rdflib parser per file extension accepted by `validate_file`.
FILE_FORMATS: dict[str, str] = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

ENGINES = config.SHACL_ENGINES
DEFAULT_ENGINE = ENGINES[0]

_SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
# Blank nodes found in data (a violation in itself) are named under the default base in reports.
_BLANK_IRIS = Iris(DEFAULT_BASE)
_log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node broke which constraint, with what value, where."""

    graph: URIRef | None
    focus: Node
    path: Node | None
    component: URIRef
    value: Node | None
    message: str
    severity: URIRef = SH.Violation
    shape: Node | None = None
    article: URIRef | None = None

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation

    def sort_key(self) -> tuple[str, ...]:
        """Order independent of hash seeds: by graph, severity, node, path, constraint, value."""
        return (
            str(self.graph or ""),
            str(_SEVERITY_ORDER.get(self.severity, 9)),
            _n3(self.focus),
            _n3(self.path),
            str(self.component),
            _n3(self.value),
            self.message,
            _n3(self.shape),
        )


@dataclass
class ValidationReport:
    """The outcome of validating a graph or a dataset against shapes/.

    `conforms` is False when any result has severity sh:Violation; warnings
    (plausibility checks) are reported but do not block publishing.
    """

    conforms: bool
    violations: list[Violation]
    report_graph: Graph
    seconds: float = 0.0
    graphs_validated: int = 0
    base: str = DEFAULT_BASE
    prefixes: dict[str, str] = field(default_factory=lambda: {"sh": str(SH), **PREFIXES})
    _text: str | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.is_violation]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if not v.is_violation]

    def text(self) -> str:
        """A readable report: per result its article, node, constraint, offending value and message."""
        if self._text is None:
            self._text = _render_text(self)
        return self._text


# --- shapes: load once, name blank nodes, compile once ----------------------------------------


@dataclass
class _CompiledShapes:
    """The shapes graph and, compiled on first use, each engine's form of it."""

    graph: Graph
    _pyshacl: ShapesGraph | None = None
    _turbo: pyshacl_turbo.CompiledShapes | None = None

    @cached_property
    def typed(self) -> Graph:
        """The shapes as both engines compile them (`_typed_plain_values`)."""
        return _typed_plain_values(self.graph)

    def pyshacl(self) -> ShapesGraph:
        if self._pyshacl is None:
            self._pyshacl = ShapesGraph(self.typed)
            _ = self._pyshacl.shapes  # harvest now, once
        return self._pyshacl

    def turbo(self) -> pyshacl_turbo.CompiledShapes:
        if self._turbo is None:
            self._turbo = pyshacl_turbo.compile_shapes(self.typed, advanced=True)
        return self._turbo


def _typed_plain_values(shapes: Graph) -> Graph:
    """Both engines read the data from an Oxigraph store, whose simple literals reach them typed
    xsd:string, which rdflib (and so each engine's comparison) tells apart from the untyped
    literals of the shapes as written: the values listed by sh:in and sh:hasValue are typed to
    match. (In RDF 1.1 the two are one term; the shape files write them plain.)"""
    listed: set[Node] = set()
    for head in shapes.objects(None, SH["in"]):
        listed.update(shapes.items(head))
    listed.update(shapes.objects(None, SH.hasValue))
    plain = {v for v in listed if isinstance(v, Literal) and v.datatype is None and not v.language}
    if not plain:
        return shapes
    typed = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        typed.bind(prefix, namespace)
    for s, p, o in shapes:
        typed.add((s, p, Literal(str(o), datatype=XSD.string) if o in plain and p in (RDF.first, SH.hasValue) else o))
    return typed


_SHAPES_CACHE: dict[tuple[object, ...], _CompiledShapes] = {}
_REFERENCE_CACHE: dict[tuple[object, ...], Graph] = {}

# Properties whose blank-node objects can appear in a report (sh:sourceShape,
# sh:sourceConstraint) and therefore get IRIs when the shapes are loaded.
_NAMED_CHILDREN = (SH.property, SH.sparql, SH.target, SH.qualifiedValueShape, SH["not"], SH.node)


def _files_key(paths: Iterable[Path]) -> tuple[object, ...]:
    key: list[object] = []
    for path in sorted(paths):
        stat = path.stat()
        key.append((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return tuple(key)


def shapes_digest(shapes_dir: Path = config.SHAPES_DIR) -> str:
    """A digest of the shapes' content: validation results cached under it stay right."""
    digest = hashlib.sha256()
    for path in sorted(Path(shapes_dir).glob("*.ttl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_shapes(shapes_dir: Path = config.SHAPES_DIR) -> Graph:
    """Every `*.ttl` of the shapes directory in one graph, blank shape nodes named (cached)."""
    return _compiled(shapes_dir).graph


def _compiled(shapes_dir: Path) -> _CompiledShapes:
    files = sorted(Path(shapes_dir).glob("*.ttl"))
    if not files:
        raise SouverainError(f"{shapes_dir}: no SHACL shapes (*.ttl) found; the shapes directory is required")
    key = _files_key(files)
    cached = _SHAPES_CACHE.get(key)
    if cached is not None:
        return cached
    graph = Graph(bind_namespaces="none")
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many unrelated types for bad Turtle
            raise SouverainError(f"{path}: the shapes file is not valid Turtle: {exc}") from exc
    _name_blank_shapes(graph)
    compiled = _CompiledShapes(graph)
    _SHAPES_CACHE.clear()
    _SHAPES_CACHE[key] = compiled
    return compiled


def _prefixes(shapes: Graph) -> dict[str, str]:
    """The dataset's prefixes plus sh: and those the shapes files declare (sovsh:), for readable output."""
    prefixes = {"sh": str(SH), **PREFIXES}
    for prefix, namespace in shapes.namespaces():
        if prefix and str(namespace) not in prefixes.values():
            prefixes.setdefault(prefix, str(namespace))
    return prefixes


def _local_name(node: Node) -> str:
    text = str(node)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text or "x"


def _describe(graph: Graph, node: Node, depth: int = 0) -> str:
    """A canonical text of a node's description, blank nodes expanded (a content digest input)."""
    if not isinstance(node, BNode):
        return _n3(node)
    if depth > 8:
        return "[…]"
    parts = sorted(f"{_n3(p)} {_describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(parts) + "]"


def _name_blank_shapes(graph: Graph) -> None:
    """Give each anonymous property shape, SPARQL constraint and target a stable IRI.

    Named `{parent}-{path local name}` (or `-sparql`, `-target`…), numbered by
    content digest when a parent has several with the same name, so that report
    results point at a stable, readable shape IRI instead of a blank node.
    """
    changed = True
    while changed:
        changed = False
        children: dict[tuple[URIRef, str], list[BNode]] = {}
        for predicate in _NAMED_CHILDREN:
            for parent, child in graph.subject_objects(predicate):
                if isinstance(parent, URIRef) and isinstance(child, BNode):
                    path = graph.value(child, SH.path)
                    label = _local_name(path) if isinstance(path, URIRef) else _local_name(predicate)
                    children.setdefault((parent, label), []).append(child)
        for (parent, label), nodes in sorted(children.items()):
            unique = sorted(set(nodes), key=lambda n: short_hash(_describe(graph, n), length=16))
            hints = [_hint(graph, node) for node in unique]
            for index, node in enumerate(unique, start=1):
                if len(unique) == 1:
                    suffix = label
                elif hints.count(hints[index - 1]) == 1 and hints[index - 1]:
                    suffix = f"{label}-{hints[index - 1]}"
                else:
                    suffix = f"{label}-{index}"
                _rename(graph, node, URIRef(f"{parent}-{suffix}"))
                changed = True


def _hint(graph: Graph, node: Node) -> str:
    """What tells apart two shapes on one path: the class a qualified value shape asks for, say."""
    qualified = graph.value(node, SH.qualifiedValueShape)
    for subject, predicate in ((qualified, SH["class"]), (node, SH["class"]), (node, SH.datatype)):
        value = graph.value(subject, predicate) if subject is not None else None
        if isinstance(value, URIRef):
            return _local_name(value)
    return ""


def _rename(graph: Graph, old: Node, new: URIRef) -> None:
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))


def default_reference() -> Graph:
    """Reference data article graphs point to: the posts of ontology/roles.ttl, when present (cached)."""
    path = config.ROLES_FILE
    if not path.exists():
        return Graph()
    key = _files_key([path])
    cached = _REFERENCE_CACHE.get(key)
    if cached is None:
        cached = Graph().parse(path, format="turtle")
        _REFERENCE_CACHE.clear()
        _REFERENCE_CACHE[key] = cached
    return cached


# --- validation ---------------------------------------------------------------------------------


def validate_graph(
    data: Graph | rdflib.Dataset,
    *,
    shapes_dir: Path = config.SHAPES_DIR,
    ontology: Graph | None = None,
    base: str = DEFAULT_BASE,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate a graph (one article's) or a dataset (each named graph in turn) against shapes/.

    `ontology`: reference triples mixed into every graph validated (default:
    ontology/roles.ttl, so that `org:role` values are known `org:Role`s). For a
    dataset, the descriptions of the `org:Role`s it holds in any graph are mixed
    in too (the role scheme lives in graph/meta). The input is never modified.
    `engine`: one of ENGINES.
    """
    _check_engine(engine)
    started = time.perf_counter()
    compiled = _compiled(shapes_dir)
    reference = default_reference() if ontology is None else ontology
    violations: list[Violation] = []
    count = 0
    if isinstance(data, rdflib.ConjunctiveGraph | rdflib.Dataset):
        dataset_reference = _roles_in(data)
        for name, graph in _named_graphs(data):
            violations.extend(_validate_one(graph, name, compiled, (reference, dataset_reference), engine))
            count += 1
    else:
        name = data.identifier if isinstance(data.identifier, URIRef) else None
        if name == DATASET_DEFAULT_GRAPH_ID:
            name = None
        violations.extend(_validate_one(data, name, compiled, (reference,), engine))
        count = 1
    return _report(violations, count, started, base, compiled)


def validate_lines(
    lines: list[str],
    name: URIRef | None,
    *,
    shapes_dir: Path = config.SHAPES_DIR,
    ontology: Graph | None = None,
    base: str = DEFAULT_BASE,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate one graph given as N-Quads lines (the build's form of an article graph), as
    `validate_graph` would: the lines go straight into the engine's Oxigraph store, and an
    rdflib graph of them is made only to describe results, when there are some."""
    _check_engine(engine)
    started = time.perf_counter()
    compiled = _compiled(shapes_dir)
    store = pyoxigraph.Store()
    # the graph's own lines become N-Triples by string (no term is built in Python), parsed natively
    suffix = f" <{name}> .\n" if name is not None else None
    triples = [line[: -len(suffix)] + " .\n" if suffix and line.endswith(suffix) else line for line in lines]
    store.load("".join(triples) + _reference_text(default_reference() if ontology is None else ontology),
               format=pyoxigraph.RdfFormat.N_QUADS)
    violations = _results(store, name, compiled, engine, lambda: _graph_of_lines(lines))
    return _report(violations, 1, started, base, compiled)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise SouverainError(f"unknown SHACL engine {engine!r}; use one of {', '.join(ENGINES)}")


def _report(violations: list[Violation], count: int, started: float, base: str,
            compiled: _CompiledShapes) -> ValidationReport:
    violations = sorted(set(violations), key=Violation.sort_key)
    conforms = not any(v.is_violation for v in violations)
    report = ValidationReport(
        conforms=conforms,
        violations=violations,
        report_graph=_report_graph(conforms, violations, base),
        seconds=time.perf_counter() - started,
        graphs_validated=count,
        base=base,
        prefixes=_prefixes(compiled.graph),
    )
    _log.debug("validated %d graph(s) in %.3f s: %d result(s)", count, report.seconds, len(violations))
    return report


_REFERENCE_TEXT: dict[int, tuple[Graph, str]] = {}


def _reference_text(reference: Graph) -> str:
    """The reference graph as N-Triples, serialized once per graph object (a build passes the
    same role scheme for every article)."""
    cached = _REFERENCE_TEXT.get(id(reference))
    if cached is None or cached[0] is not reference:
        if len(_REFERENCE_TEXT) > 8:
            _REFERENCE_TEXT.clear()
        text = pyoxigraph.serialize(list(_ox_quads(reference)), format=pyoxigraph.RdfFormat.N_QUADS).decode()
        cached = _REFERENCE_TEXT[id(reference)] = (reference, text)
    return cached[1]


def _graph_of_lines(lines: list[str]) -> Graph:
    """N-Quads lines as one plain rdflib graph (the graph names dropped)."""
    dataset = rdflib.Dataset()
    dataset.parse(data="".join(lines), format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _named_graphs(data: rdflib.ConjunctiveGraph | rdflib.Dataset) -> Iterator[tuple[URIRef | None, Graph]]:
    """Each non-empty graph of a dataset (the default graph too), as a plain graph, in IRI order."""
    graphs = data.graphs() if isinstance(data, rdflib.Dataset) else data.contexts()
    contexts = sorted(graphs, key=lambda g: str(g.identifier))
    for context in contexts:
        if len(context) == 0:
            continue
        identifier = context.identifier
        named = isinstance(identifier, URIRef) and identifier != DATASET_DEFAULT_GRAPH_ID
        name = identifier if named else None
        graph = Graph(identifier=identifier)
        for triple in context:
            graph.add(triple)
        yield name, graph


def _roles_in(data: Graph) -> Graph:
    """The description of every org:Role a dataset holds, whatever its graph."""
    roles = Graph()
    for role, _, _, _ in data.quads((None, RDF.type, ORG.Role, None)):
        for _, p, o, _ in data.quads((role, None, None, None)):
            roles.add((role, p, o))
    return roles


_SIZED_CLASSES: dict[type, type] = {}


def _sized(graph: DataGraph, size: int) -> DataGraph:
    """pySHACL asks the data graph's size over and over (each answer a SPARQL COUNT on the
    Oxigraph store); the store does not change during validation, so answer from a constant."""
    base = type(graph)
    if base not in _SIZED_CLASSES:

        def __len__(self, context=None):  # noqa: N807 - the protocol's name
            return self._souverain_size if context is None else base.__len__(self, context)

        _SIZED_CLASSES[base] = type(f"Sized{base.__name__}", (base,), {"__len__": __len__})
    graph.__class__ = _SIZED_CLASSES[base]
    graph._souverain_size = size  # type: ignore[attr-defined]
    return graph


def _validate_one(
    data: Graph, name: URIRef | None, compiled: _CompiledShapes, references: tuple[Graph, ...], engine: str
) -> list[Violation]:
    # An Oxigraph store as the data graph: pyshacl-turbo reads it natively; for pySHACL, SPARQL
    # constraints run once per focus node, and Oxigraph parses a query in microseconds where
    # rdflib takes ~30 ms, every time.
    store = pyoxigraph.Store()
    store.bulk_extend(_ox_quads(data, *references))
    return _results(store, name, compiled, engine, lambda: data)


def _results(store: pyoxigraph.Store, name: URIRef | None, compiled: _CompiledShapes, engine: str,
             data_graph: Callable[[], Graph]) -> list[Violation]:
    """Run the engine over the store; `data_graph` gives the validated graph (without the
    reference) to describe the results with, asked for only when there are results."""
    if engine == "turbo":
        _conforms, report_graph, _text = compiled.turbo().validate(store, allow_warnings=True)
    else:
        options = {"advanced": True, "inference": "none", "inplace": True, "allow_warnings": True}
        validator = Validator(_sized(DataGraph.from_oxigraph_store(store), len(store)),
                              shacl_graph=compiled.graph, options=options)
        validator.shacl_graph = compiled.pyshacl()  # reuse the shapes harvested once
        _conforms, report_graph, _text = validator.run()
    results = list(report_graph.subjects(RDF.type, SH.ValidationResult))
    if not results:
        return []
    data = data_graph()
    articles = sorted(data.subjects(RDF.type, SCHEMA.NewsArticle), key=str)
    article = articles[0] if len(articles) == 1 and isinstance(articles[0], URIRef) else None
    return [_violation(report_graph, result, name, article, data) for result in results]


def _violation(report: Graph, result: Node, graph: URIRef | None, article: URIRef | None,
               data: Graph) -> Violation:
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    return Violation(
        graph=graph,
        focus=_stable(focus, data),
        path=_stable(path, data),
        component=report.value(result, SH.sourceConstraintComponent),
        value=_stable(_as_written(report.value(result, SH.value), focus, path, data), data),
        message=" / ".join(messages),
        severity=report.value(result, SH.resultSeverity) or SH.Violation,
        shape=report.value(result, SH.sourceShape),
        article=article,
    )


def _as_written(value: Node | None, focus: Node | None, path: Node | None, data: Graph) -> Node | None:
    """A literal value as the data spells it: the store gives back canonical forms
    ("2E7"^^xsd:double as "20000000", an engine may keep either), so a report would
    otherwise depend on the engine and show what no file holds."""
    if not isinstance(value, Literal) or focus is None:
        return value
    written = data.objects(focus, path if isinstance(path, URIRef) else None)
    return next((o for o in written if isinstance(o, Literal) and o.datatype == value.datatype
                 and o.language == value.language and o.eq(value)), value)


def _stable(node: Node | None, data: Graph) -> Node | None:
    """A term as the data has it: blank nodes become IRIs derived from their description (no
    blank node in reports), and Oxigraph's explicit xsd:string goes back to a simple literal."""
    if isinstance(node, BNode):
        return _BLANK_IRIS.resource("blank", short_hash(_describe(data, node), length=16))
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


# --- the report graph and its byte-stable Turtle ------------------------------------------------


def _report_graph(conforms: bool, violations: list[Violation], base: str) -> Graph:
    iris = Iris(base)
    graph = Graph(bind_namespaces="none")
    graph.bind("sh", SH)
    graph.bind("sov", SOV)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    report = iris.resource("validation", "report")
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for violation in violations:
        result = iris.resource("validation", short_hash(*violation.sort_key(), length=16))
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, violation.focus))
        graph.add((result, SH.sourceConstraintComponent, violation.component))
        graph.add((result, SH.resultSeverity, violation.severity))
        graph.add((result, SH.resultMessage, Literal(violation.message)))
        for predicate, node in (
            (SH.resultPath, violation.path),
            (SH.value, violation.value),
            (SH.sourceShape, violation.shape),
            (SOV.inGraph, violation.graph),
        ):
            if node is not None:
                graph.add((result, predicate, node))
    return graph


def merge_reports(reports: Iterable[ValidationReport], base: str = DEFAULT_BASE) -> ValidationReport:
    """One report for graphs validated one at a time (the build validates each article as it maps it)."""
    reports = list(reports)
    violations = sorted((v for r in reports for v in r.violations), key=lambda v: v.sort_key())
    conforms = all(r.conforms for r in reports)
    return ValidationReport(
        conforms=conforms,
        violations=violations,
        report_graph=_report_graph(conforms, violations, base),
        seconds=sum(r.seconds for r in reports),
        graphs_validated=sum(r.graphs_validated for r in reports),
        base=base,
    )


def report_to_turtle(report: ValidationReport) -> str:
    """The SHACL report as Turtle, byte-identical for identical reports (sorted, no blank node)."""
    prefixes = dict(sorted(report.prefixes.items()))
    quads = sorted(report.report_graph, key=lambda t: (_n3(t[0]), _n3(t[1]), _n3(t[2])))
    triples = [pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in quads]
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    # the writer's order of @prefix lines is its own affair: put them in a fixed order
    lines = text.splitlines(keepends=True)
    head = sorted(line for line in lines if line.startswith("@prefix "))
    return "".join(head + [line for line in lines if not line.startswith("@prefix ")])


def _ox_quads(*graphs: Graph) -> Iterator[pyoxigraph.Quad]:
    for graph in graphs:
        for s, p, o in graph:
            yield pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), pyoxigraph.DefaultGraph())


# --- files ----------------------------------------------------------------------------------------


def validate_file(path: Path, *, shapes_dir: Path = config.SHAPES_DIR, base: str = DEFAULT_BASE,
                  engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate a TriG, N-Quads, Turtle, N-Triples or JSON-LD file (`souverain validate FILE`)."""
    path = Path(path)
    rdf_format = FILE_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FILE_FORMATS))
        raise InputError(str(path), f"unknown RDF file extension {path.suffix!r}; use one of {known}")
    if not path.is_file():
        raise InputError(str(path), "no such file")
    data: Graph | rdflib.Dataset
    if rdf_format in ("trig", "nquads", "json-ld"):
        data = rdflib.Dataset()
    else:
        data = Graph()
    try:
        data.parse(path, format=rdf_format)
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise InputError(str(path), f"not valid {rdf_format}: {exc}") from exc
    return validate_graph(data, shapes_dir=shapes_dir, base=base, engine=engine)


# --- text ----------------------------------------------------------------------------------------


def _n3(node: Node | None) -> str:
    if node is None:
        return ""
    return node.n3()


def _short(node: Node | None, prefixes: dict[str, str]) -> str:
    """An IRI as prefix:name when a known prefix fits, else <iri>; literals in N3."""
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if text.startswith(namespace) and "/" not in text[len(namespace):]:
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
    text = node.n3()
    return text if len(text) <= 160 else text[:150] + "…" + text[-8:]


def _render_text(report: ValidationReport) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    head = "conforms" if report.conforms else "DOES NOT CONFORM"
    lines = [
        f"SHACL validation: {head}: {errors} violation(s), {warnings} warning(s) "
        f"in {report.graphs_validated} graph(s)"
    ]
    current: tuple[URIRef | None, URIRef | None] | None = None
    prefixes = report.prefixes
    for violation in report.violations:
        where = (violation.graph, violation.article)
        if where != current:
            current = where
            article = f"article {_short(violation.article, prefixes)}" if violation.article else "graph"
            graph = f"graph {_short(violation.graph, prefixes)}" if violation.graph else "unnamed graph"
            lines.append("")
            lines.append(f"{article} ({graph})")
        severity = _local_name(violation.severity).upper()
        component = _local_name(violation.component).removesuffix("ConstraintComponent")
        on_path = f" on {_short(violation.path, prefixes)}" if violation.path is not None else ""
        lines.append(f"  [{severity}] node {_short(violation.focus, prefixes)}")
        lines.append(f"      constraint: {component}{on_path} (shape {_short(violation.shape, prefixes)})")
        if violation.value is not None:
            lines.append(f"      value:      {_short(violation.value, prefixes)}")
        lines.append(f"      message:    {violation.message}")
    return "\n".join(lines) + "\n"


# --- benchmark -----------------------------------------------------------------------------------


def benchmark(path: Path, repeat: int = 3) -> list[tuple[str, int, float]]:
    """Seconds to validate each named graph of a dataset file alone (best of `repeat`), as the build does."""
    dataset = rdflib.Dataset()
    dataset.parse(path, format=FILE_FORMATS.get(Path(path).suffix.lower(), "trig"))
    roles = _roles_in(dataset)
    figures = []
    for name, graph in _named_graphs(dataset):
        best = float("inf")
        for _ in range(repeat):
            report = validate_graph(graph + roles if len(roles) else graph)
            best = min(best, report.seconds)
        figures.append((str(name), len(graph), best))
    return figures


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.validate FILE [REPEAT]`: time the validation of each graph of FILE."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m pipeline.validate FILE [REPEAT]")
        return 2
    started = time.perf_counter()
    _compiled(config.SHAPES_DIR)
    print(f"shapes loaded and compiled in {time.perf_counter() - started:.3f} s")
    figures = benchmark(Path(args[0]), int(args[1]) if len(args) > 1 else 3)
    for name, triples, seconds in figures:
        print(f"{seconds * 1000:8.1f} ms  {triples:6d} triples  {name}")
    total = sum(t for _, t, _ in figures)
    elapsed = sum(s for _, _, s in figures)
    if figures:
        print(f"{elapsed / len(figures) * 1000:8.1f} ms per graph on average, "
              f"{elapsed / max(total, 1) * 1e6:.0f} µs per triple")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
