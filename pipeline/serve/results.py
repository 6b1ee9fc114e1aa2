"""SPARQL results written out, cut at a row limit.

pyoxigraph serializes a whole result or nothing; the endpoint must stop at
`max_rows` and say so, so SELECT results are written here (SPARQL 1.1 JSON,
XML, CSV and TSV are small formats) and graph results are cut before
pyoxigraph serializes them. Pure functions of pyoxigraph terms: no I/O.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from . import negotiation as nt

__all__ = ["write_solutions", "write_boolean", "write_graph", "GRAPH_FORMATS"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

GRAPH_FORMATS = {
    nt.TURTLE: ox.RdfFormat.TURTLE,
    nt.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    nt.JSONLD: ox.RdfFormat.JSON_LD,
    nt.RDFXML: ox.RdfFormat.RDF_XML,
}

Row = Sequence[object | None]


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_term(term: object) -> str:
    """Turtle syntax, with tabs and newlines escaped (SPARQL 1.1 TSV)."""
    if term is None:
        return ""
    text = str(term)  # pyoxigraph's str() is the N-Triples / Turtle form
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_solutions(variables: Sequence[str], rows: Iterable[Row], media_type: str) -> bytes:
    """A SELECT result in one of `negotiation.SOLUTIONS_TYPES`."""
    if media_type == nt.JSON_RESULTS:
        bindings = [
            {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
            for row in rows
        ]
        return json.dumps(
            {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if media_type == nt.XML_RESULTS:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>",
            *(f"<variable name={quoteattr(v)}/>" for v in variables),
            "</head><results>",
        ]
        for row in rows:
            parts.append("<result>")
            parts.extend(
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(variables, row, strict=True)
                if term is not None
            )
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if media_type == nt.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if media_type == nt.TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_tsv_term(t) for t in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"no SELECT serializer for {media_type}")


def write_boolean(value: bool, media_type: str) -> bytes:
    """An ASK result in one of `negotiation.BOOLEAN_TYPES`."""
    word = "true" if value else "false"
    if media_type == nt.JSON_RESULTS:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media_type == nt.XML_RESULTS:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if media_type in (nt.CSV, nt.TSV):
        return f"{word}\n".encode()
    raise ValueError(f"no ASK serializer for {media_type}")


def write_graph(
    triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """CONSTRUCT/DESCRIBE triples in one of `negotiation.GRAPH_TYPES`."""
    fmt = GRAPH_FORMATS[media_type]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) and prefixes:
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
