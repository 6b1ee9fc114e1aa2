"""Compact JSON-LD for the dataset dump, one named graph at a time.

pyld compacts correctly but took 80% of a build at 200 articles (its N-Quads
parser deduplicates in quadratic time and IRI compaction is costly), so the
dump is written by this restricted compactor. It supports exactly what
`ontology/context.jsonld` uses: prefixes, plain terms, and term definitions
with `@id` and a `@type` (`@id` or a datatype) or a `@language`; no
containers, no `@vocab`, no blank nodes. The tests expand its output with pyld
and rdflib and require the same RDF as the TriG dump.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import PublishError

__all__ = ["Compactor"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class _Term:
    name: str
    iri: str
    type: str | None = None  # "@id" or a datatype IRI
    language: str | None = None

    def accepts(self, value: ox.NamedNode | ox.Literal) -> bool:
        """Whether the value can be written as a bare string under this term."""
        if isinstance(value, ox.NamedNode):
            return self.type == "@id"
        if self.type is not None:
            return self.type == value.datatype.value
        if self.language is not None:
            return value.language == self.language
        return value.language is None and value.datatype.value == XSD_STRING


class Compactor:
    """Compacts the quads of one graph against the project's context."""

    def __init__(self, context_file: Path) -> None:
        document = json.loads(context_file.read_text(encoding="utf-8"))
        self.context = document["@context"]
        self.prefixes: dict[str, str] = {}
        plain: dict[str, str] = {}
        defined: dict[str, dict] = {}
        for key, value in self.context.items():
            if key.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")) and ":" in value and "//" in value:
                self.prefixes[key] = value
            elif isinstance(value, str):
                plain[key] = value
            elif isinstance(value, dict) and set(value) <= {"@id", "@type", "@language"}:
                defined[key] = value
            else:
                raise PublishError(f"{context_file}: term {key!r} uses a feature the dump's compactor does not support")
        self.vocab_terms: dict[str, str] = {}  # class IRI -> plain term (for @type values)
        self.property_terms: dict[str, list[_Term]] = {}
        for name, curie in sorted(plain.items()):
            iri = self.expand(curie)
            self.vocab_terms.setdefault(iri, name)
            self.property_terms.setdefault(iri, []).append(_Term(name, iri))
        for name, definition in sorted(defined.items()):
            iri = self.expand(definition["@id"])
            kind = definition.get("@type")
            term = _Term(name, iri, self.expand(kind) if kind and kind != "@id" else kind, definition.get("@language"))
            self.property_terms.setdefault(iri, []).append(term)
        # longest namespace first, so that the most specific prefix wins
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        if prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return value

    def compact_iri(self, iri: str) -> str:
        """prefix:local when a prefix covers the IRI (never a term: values are not vocabulary)."""
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace) :]
                if not local.startswith("//") and ":" not in local:
                    return f"{prefix}:{local}"
        return iri

    def _value(self, value: ox.NamedNode | ox.Literal, term: _Term | None) -> object:
        if term is not None and term.accepts(value):
            return self.compact_iri(value.value) if isinstance(value, ox.NamedNode) else value.value
        if isinstance(value, ox.NamedNode):
            return {"@id": self.compact_iri(value.value)}
        if value.language is not None:
            return {"@value": value.value, "@language": value.language}
        if value.datatype.value == XSD_STRING:
            return {"@value": value.value}
        return {"@value": value.value, "@type": self.compact_iri(value.datatype.value)}

    def _key(self, predicate: str, value: ox.NamedNode | ox.Literal) -> tuple[str, _Term | None]:
        terms = self.property_terms.get(predicate, [])
        for term in terms:
            if term.accepts(value):
                return term.name, term
        if terms:
            return terms[0].name, None
        return self.compact_iri(predicate), None

    def node(self, subject: str, pairs: Iterable[tuple[str, ox.NamedNode | ox.Literal]]) -> dict:
        node: dict[str, object] = {"@id": self.compact_iri(subject)}
        types: list[str] = []
        properties: dict[str, list[object]] = {}
        for predicate, value in pairs:
            if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
                types.append(self.vocab_terms.get(value.value) or self.compact_iri(value.value))
                continue
            key, term = self._key(predicate, value)
            properties.setdefault(key, []).append(self._value(value, term))
        if types:
            node["@type"] = types[0] if len(types) == 1 else sorted(types)
        for key, values in properties.items():
            node[key] = values[0] if len(values) == 1 else values
        return node

    def graph(self, name: str, quads: Iterable[ox.Quad]) -> dict:
        """`{"@id": graph, "@graph": [nodes]}` for the quads of one named graph."""
        subjects: dict[str, list[tuple[str, ox.NamedNode | ox.Literal]]] = {}
        for quad in quads:
            if not isinstance(quad.subject, ox.NamedNode) or isinstance(quad.object, ox.BlankNode):
                raise PublishError(f"graph {name}: blank node in the data (the dumps have none)")
            subjects.setdefault(quad.subject.value, []).append((quad.predicate.value, quad.object))  # type: ignore[arg-type]
        nodes = [self.node(subject, pairs) for subject, pairs in sorted(subjects.items())]
        return {"@id": self.compact_iri(name), "@graph": nodes}
