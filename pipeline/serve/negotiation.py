"""Content negotiation: the media-type tables and one Accept parser.

Tables are data: which media types each kind of answer can take, and the
short names a `format=` parameter may use. The parser is bounded (a hostile
Accept header of any length costs at most `MAX_ACCEPT_CHARS` characters and
`MAX_RANGES` ranges of work) and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MediaRange",
    "parse_accept",
    "best_match",
    "negotiate",
    "SOLUTIONS_TYPES",
    "BOOLEAN_TYPES",
    "GRAPH_TYPES",
    "DOCUMENT_TYPES",
    "FORMAT_ALIASES",
    "JSON_RESULTS",
    "XML_RESULTS",
    "CSV",
    "TSV",
    "TURTLE",
    "NTRIPLES",
    "JSONLD",
    "RDFXML",
    "HTML",
]

MAX_ACCEPT_CHARS = 2048
MAX_RANGES = 32

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"
JSON = "application/json"

# First entry = default when the client accepts anything.
SOLUTIONS_TYPES = (JSON_RESULTS, XML_RESULTS, CSV, TSV)
BOOLEAN_TYPES = (JSON_RESULTS, XML_RESULTS, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# A resource under /id/: its page or its data.
DOCUMENT_TYPES = (HTML, TURTLE, JSONLD, NTRIPLES)

# Other names clients send for our media types (older or informal ones).
SYNONYMS: dict[str, tuple[str, ...]] = {
    JSON_RESULTS: (JSON,),
    XML_RESULTS: ("application/xml", "text/xml"),
    TURTLE: ("application/x-turtle", "application/turtle", "text/n3"),
    JSONLD: ("application/x-json+ld", JSON),
    RDFXML: ("application/xml", "text/xml"),
    HTML: ("application/xhtml+xml",),
}

# `format=` short names, per kind of answer: "xml" is SPARQL XML for a SELECT
# but RDF/XML for a CONSTRUCT; "json" is SPARQL JSON or JSON-LD.
FORMAT_ALIASES: dict[str, dict[str, str]] = {
    "solutions": {
        "json": JSON_RESULTS,
        "xml": XML_RESULTS,
        "csv": CSV,
        "tsv": TSV,
        "srj": JSON_RESULTS,
        "srx": XML_RESULTS,
    },
    "graph": {
        "turtle": TURTLE,
        "ttl": TURTLE,
        "n3": TURTLE,
        "nt": NTRIPLES,
        "ntriples": NTRIPLES,
        "n-triples": NTRIPLES,
        "json-ld": JSONLD,
        "jsonld": JSONLD,
        "json": JSONLD,
        "xml": RDFXML,
        "rdf": RDFXML,
        "rdfxml": RDFXML,
        "rdf+xml": RDFXML,
        "rdf/xml": RDFXML,
    },
}
FORMAT_ALIASES["boolean"] = FORMAT_ALIASES["solutions"]


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0
            return min(max(q, 0.0), 1.0) if q == q else 0.0  # NaN -> 0
    return 1.0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Media ranges of an Accept header, best first (q, then specificity, then order).

    Missing or empty header means `*/*`. Malformed entries are skipped.
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges: list[MediaRange] = []
    for order, item in enumerate(header[:MAX_ACCEPT_CHARS].split(",")[:MAX_RANGES]):
        media, *params = item.split(";")
        kind, slash, sub = media.strip().lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        ranges.append(MediaRange(kind, sub, _quality(params), order))
    ranges.sort(key=lambda r: (-r.q, -r.specificity, r.order))
    return ranges


def best_match(ranges: list[MediaRange], available: tuple[str, ...]) -> str | None:
    """The available media type the client prefers, or None if it accepts none of them.

    For each available type, its quality is that of the most specific range
    matching it; ties go to the order of `available` (our preference).
    """
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for position, media_type in enumerate(available):
        names = (media_type, *SYNONYMS.get(media_type, ()))
        matching = [r for r in ranges if any(r.matches(name) for name in names)]
        if not matching:
            continue
        top = max(matching, key=lambda r: (r.specificity, -r.order))
        if top.q <= 0:
            continue
        key = (top.q, top.specificity, -position)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen


def negotiate(
    accept: str | None, available: tuple[str, ...], kind: str = "", fmt: str | None = None
) -> str | None:
    """Media type for an answer: an explicit `format` wins over Accept."""
    if fmt:
        wanted = fmt.strip().lower()
        alias = FORMAT_ALIASES.get(kind, {}).get(wanted)
        if alias in available:
            return alias
        for media_type in available:
            if wanted == media_type or wanted in SYNONYMS.get(media_type, ()):
                return media_type
    return best_match(parse_accept(accept), available)
