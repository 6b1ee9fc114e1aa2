"""Every namespace and every IRI the pipeline mints: the one place that knows them.

IRIs depend only on stable keys (slugs of names, file stems, fact contents),
never on processing order, so a rebuild gives the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyoxigraph as ox
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

DEFAULT_BASE = "https://w3id.org/souverain/"

# schema.org over http, as in its own JSON-LD context and in Wikidata's RDF
# (rdflib's SDO is https: deliberately not used).
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SOV = Namespace("https://w3id.org/souverain/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

PREFIXES: dict[str, str] = {
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "time": str(TIME),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "wd": str(WD),
    "wdt": str(WDT),
    "sov": str(SOV),
}

__all__ = [
    "DEFAULT_BASE",
    "SD",
    "FORMATS",
    "SCHEMA",
    "ORG",
    "OA",
    "TIME",
    "FOAF",
    "WD",
    "WDT",
    "SH",
    "SOV",
    "PROV",
    "RDF",
    "RDFS",
    "OWL",
    "SKOS",
    "XSD",
    "DCTERMS",
    "DCAT",
    "VOID",
    "PREFIXES",
    "to_oxigraph",
    "slugify",
    "short_hash",
    "Iris",
]

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 0) -> str:
    """Readable ASCII slug: 'Caisse des Dépôts' -> 'caisse-des-depots'."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in _NON_SLUG.split(ascii_text) if w]
    if max_words:
        words = words[:max_words]
    return "-".join(words) or "x"


def short_hash(*parts: object, length: int = 10) -> str:
    """A stable short digest of the parts, for IRIs of n-ary facts."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


class Iris:
    """Mints the dataset's IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base

    def resource(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}id/{kind}/{slug}")

    def article(self, slug: str) -> URIRef:
        return self.resource("article", slug)

    def graph(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}graph/{slug}")

    @property
    def meta_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/meta")

    def part(self, resource: URIRef, fragment: str) -> URIRef:
        """A sub-resource of a resource (`…/mention/m1#target`)."""
        return URIRef(f"{resource}#{fragment}")

    def dump(self, filename: str) -> URIRef:
        return URIRef(f"{self.base}dumps/{filename}")

    @property
    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}id/dataset/souverain")

    @property
    def sparql(self) -> URIRef:
        return URIRef(f"{self.base}sparql")


def to_oxigraph(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the same pyoxigraph term (the stages build with rdflib and
    serialize and query with pyoxigraph)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")
