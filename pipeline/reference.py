"""Reference data for linking: the shipped Wikidata extract plus `--reference` sources.

Why this shape: the shipped `ontology/reference.ttl` has Wikidata's own RDF shape
(`rdfs:label`, `skos:altLabel`, `wdt:P31`, `wdt:P279`, `schema:description`), so
one loader reads it, any extra Turtle/N-Triples file, and the answers of a live
Wikidata-compatible SPARQL endpoint. Files are parsed with pyoxigraph straight
into a name index (no rdflib graph), so a 100,000-item reference loads in seconds.

A live endpoint is never required: it is probed at load time, and when it times
out, answers 5xx or cannot be reached, loading goes on offline and says so
through `warn`. Its answers are cached on disk keyed by query, so a rebuild
without network gives the same links as the last one with network.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
import unicodedata
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from .config import REFERENCE_FILE
from .errors import ReferenceDataError
from .vocab import DEFAULT_BASE, RDFS, SCHEMA, SKOS, SOV, WD, WDT

__all__ = [
    "COARSE_KINDS",
    "Reference",
    "ReferenceItem",
    "SparqlSource",
    "load_reference",
    "ruler_patterns",
    "normalize_key",
    "surface_core",
    "strip_article",
]



def _package_version() -> str:
    try:
        return metadata.version("souverain")
    except metadata.PackageNotFoundError:
        return "dev"


COARSE_KINDS = ("PER", "ORG", "LOC", "MISC", "CLASS")
USER_AGENT = (
    f"souverain/{_package_version()} (+{DEFAULT_BASE}; linked-data pipeline for French press articles, "
    "entity-linking lookups; polite, cached) SPARQLWrapper/2"
)

_WD = str(WD)
_LABEL = str(RDFS.label)
_ALT = str(SKOS.altLabel)
_P31 = str(WDT.P31)
_P279 = str(WDT.P279)
_DESCRIPTION = str(SCHEMA.description)
_COARSE = str(SOV.coarseType)
_INSTANCE_KIND = str(SOV.instanceKind)
_POLITY = str(SOV.polity)
_LANGS = ("fr", "en", "")


# --- name normalization: small named passes -------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_QUOTES = re.compile(r"[«»\"“”]")
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(?:(?:le|la|les)\s+|l')(?=\S)", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def unify_typography(text: str) -> str:
    """NFC, one apostrophe, no quotes, single spaces: press text mixes ’ and ', « » and "."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
        text = _QUOTES.sub(" ", text)
    elif '"' in text or "`" in text:
        text = _QUOTES.sub(" ", text.translate(_APOSTROPHES))
    return _SPACES.sub(" ", text).strip()


def strip_article(text: str) -> str:
    """Drop a leading definite article ("la CDC", "l'Etat"): French puts one before most names.

    A capitalized article is kept when it is part of a title ("Les Échos") only in
    the sense that both sides of a comparison lose it, so matching stays symmetric.
    """
    stripped = _ARTICLE.sub("", text, count=1)
    return stripped or text


def fold_accents(text: str) -> str:
    """Remove diacritics: "Etat" and "État", "Thales" and "Thalès" are written both ways."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def join_initials(tokens: list[str]) -> list[str]:
    """"C.D.C." and "CDC" are the same acronym: single letters are joined."""
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        return ["".join(tokens)]
    return tokens


def surface_core(text: str) -> str:
    """The name as written, minus typography and leading article: the basis of an exact match."""
    return strip_article(unify_typography(text))


def normalize_key(text: str) -> str:
    """Index key: case, accents, articles, apostrophes and punctuation do not matter."""
    folded = fold_accents(surface_core(text)).casefold()
    return " ".join(join_initials([t for t in _NON_WORD.split(folded) if t]))


# --- items ------------------------------------------------------------------------------


@dataclass(slots=True)
class ReferenceItem:
    """One Wikidata item as the linker sees it.

    `kind` is the coarse type (PER, ORG, LOC, MISC, CLASS) or None when neither
    the project's `sov:coarseType` nor a known class of `wdt:P31` tells it.
    """

    qid: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    p31: list[str] = field(default_factory=list)
    p279: list[str] = field(default_factory=list)
    description: str | None = None
    asserted_kind: str | None = None
    instance_kind: str | None = None
    polity_class: bool = False
    kind: str | None = None
    polity: bool = False
    source: str = ""

    @property
    def label(self) -> str:
        """The French label, else the English one, else the QID."""
        return self.labels.get("fr") or self.labels.get("en") or next(iter(self.labels.values()), self.qid)

    def names(self) -> Iterator[tuple[str, str]]:
        """(name, how) pairs: how is "label" for the French label, "alias" for the others."""
        for lang, text in self.labels.items():
            yield text, "label" if lang in ("fr", "") else "alias"
        for alias in self.aliases:
            yield alias, "alias"


def _qid_of(iri: str) -> str | None:
    if iri.startswith(_WD):
        local = iri[len(_WD):]
        if local[:1] == "Q" and local[1:].isdigit():
            return local
    return None


class _Builder:
    """Accumulates triples into items; shared by the file parser and the endpoint reader."""

    def __init__(self, items: dict[str, ReferenceItem]) -> None:
        self.items = items

    _last_subject: str = ""
    _last_item: ReferenceItem | None = None

    def add(self, subject: str, predicate: str, obj: str, lang: str, is_iri: bool, source: str) -> None:
        if subject == self._last_subject:  # triples come grouped by subject: skip the lookup
            item = self._last_item
        else:
            qid = _qid_of(subject)
            item = None if qid is None else self.items.get(qid)
            if qid is not None and item is None:
                item = self.items[qid] = ReferenceItem(qid=qid, source=source)
            self._last_subject, self._last_item = subject, item
        if item is None:
            return
        if predicate == _LABEL and not is_iri and lang in _LANGS:
            item.labels.setdefault(lang, obj)
            if item.labels[lang] != obj and obj not in item.aliases:
                item.aliases.append(obj)
        elif predicate == _ALT and not is_iri and lang in _LANGS:
            if obj not in item.aliases:
                item.aliases.append(obj)
        elif predicate in (_P31, _P279) and is_iri:
            target = _qid_of(obj)
            values = item.p31 if predicate == _P31 else item.p279
            if target and target not in values:
                values.append(target)
        elif predicate == _DESCRIPTION and not is_iri and lang in ("fr", ""):
            item.description = item.description or obj
        elif predicate == _COARSE and obj in COARSE_KINDS:
            item.asserted_kind = obj
        elif predicate == _INSTANCE_KIND and obj in COARSE_KINDS:
            item.instance_kind = obj
        elif predicate == _POLITY:
            item.polity_class = obj in ("true", "1")


def _rdf_format(path: Path) -> ox.RdfFormat:
    suffix = path.suffix.lower().lstrip(".")
    fmt = ox.RdfFormat.from_extension(suffix) if suffix else None
    if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        raise ReferenceDataError(
            f"{path}: unsupported reference format {path.suffix!r}; use Turtle (.ttl) or N-Triples (.nt)"
        )
    return fmt


def _parse_file(path: Path, builder: _Builder) -> bytes:
    """Parse one file into the builder; returns its bytes (they enter the version hash)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot read reference file ({exc.strerror})") from exc
    fmt = _rdf_format(path)
    source = str(path)
    try:
        for quad in ox.parse(data, fmt, lenient=True):
            obj = quad.object
            is_iri = isinstance(obj, ox.NamedNode)
            lang = "" if is_iri else (getattr(obj, "language", None) or "")
            builder.add(quad.subject.value, quad.predicate.value, obj.value, lang, is_iri, source)
    except SyntaxError as exc:
        raise ReferenceDataError(f"{path}: not valid {fmt.name} ({exc}); fix the file or drop it") from exc
    return data


# --- live SPARQL endpoints --------------------------------------------------------------


class EndpointUnavailable(Exception):
    """An endpoint timed out, answered 5xx or could not be reached (after retries)."""


@dataclass
class SparqlSource:
    """A Wikidata-compatible SPARQL endpoint, queried through SPARQLWrapper.

    Answers are cached on disk keyed by (endpoint, query); once the endpoint has
    failed, it is `offline` and only the cache answers.
    """

    url: str
    cache_dir: Path | None = None
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    agent: str = USER_AGENT
    offline: bool = False
    reported: bool = False  # the user was told it is offline

    def _cache_file(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.url}\n{query}".encode()).hexdigest()
        return self.cache_dir / "reference" / f"{digest}.json"

    def _request(self, query: str) -> dict:
        from SPARQLWrapper import JSON, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wrapper = SPARQLWrapper(self.url, agent=self.agent)
        wrapper.setQuery(query)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(max(1, math.ceil(self.timeout)))  # SPARQLWrapper takes whole seconds
        last = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                result = wrapper.queryAndConvert()
            except urllib.error.HTTPError as exc:  # 5xx other than 500 arrive as plain HTTPError
                last = f"HTTP {exc.code}"
                if exc.code < 500:
                    raise EndpointUnavailable(f"{self.url} answered {last}") from exc
            except (SPARQLWrapperException, urllib.error.URLError, TimeoutError, OSError) as exc:
                last = _describe_failure(exc)
                if "QueryBadFormed" in type(exc).__name__:
                    raise EndpointUnavailable(f"{self.url} rejected the query: {last}") from exc
            else:
                if isinstance(result, dict):
                    return result
                last = "an answer that is not SPARQL JSON results"
        raise EndpointUnavailable(f"{self.url}: {last} (after {self.retries + 1} attempts)")

    def select(self, query: str) -> list[dict]:
        """Bindings of a SELECT query, from the cache or the endpoint."""
        cache = self._cache_file(query)
        if cache is not None and cache.exists():
            return json.loads(cache.read_text(encoding="utf-8"))
        if self.offline:
            raise EndpointUnavailable(f"{self.url} is offline and the query is not cached")
        try:
            bindings = self._request(query).get("results", {}).get("bindings", [])
        except EndpointUnavailable:
            self.offline = True
            raise
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(".tmp")
                tmp.write_text(json.dumps(bindings, ensure_ascii=False, sort_keys=True), encoding="utf-8")
                tmp.replace(cache)
            except OSError:
                pass  # the cache only saves requests; an unwritable one must not stop linking
        return bindings

    def probe(self) -> None:
        """Raise EndpointUnavailable unless the endpoint answers a trivial query now."""
        try:
            self._request("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
        except EndpointUnavailable:
            self.offline = True
            raise


def _describe_failure(exc: BaseException) -> str:
    name = type(exc).__name__
    if "EndPointInternalError" in name:
        return "HTTP 500 (internal error)"
    reason = getattr(exc, "reason", None)
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError) or "timed out" in str(exc):
        return "timed out"
    return f"{name}: {reason or exc}"


def _lookup_query(names: Iterable[str]) -> str:
    """Items whose label or alias is one of the names, with the facts the linker uses."""
    literals = [json.dumps(name, ensure_ascii=False) for name in sorted(set(names))]
    values = " ".join(f"{literal}@{lang}" for literal in literals for lang in ("fr", "en"))
    wanted = (_LABEL, _ALT, _P31, _P279, _DESCRIPTION, _COARSE, _INSTANCE_KIND, _POLITY)
    props = " ".join(f"<{p}>" for p in wanted)
    return (
        "SELECT ?item ?p ?o WHERE {\n"
        f"  VALUES ?name {{ {values} }}\n"
        f"  {{ ?item <{_LABEL}> ?name }} UNION {{ ?item <{_ALT}> ?name }}\n"
        f"  VALUES ?p {{ {props} }}\n"
        "  ?item ?p ?o .\n"
        '  FILTER(!isLiteral(?o) || lang(?o) IN ("", "fr", "en"))\n'
        "} LIMIT 2000"
    )


# --- the reference ------------------------------------------------------------------------


class Reference:
    """Items by QID and a name index (normalized key -> QIDs), plus optional live endpoints."""

    def __init__(
        self,
        items: dict[str, ReferenceItem],
        version: str,
        endpoints: Sequence[SparqlSource] = (),
        warn: Callable[[str], None] = print,
        sources: Sequence[str] = (),
    ) -> None:
        self.items = items
        self.version = version
        self.endpoints = list(endpoints)
        self.sources = list(sources)
        self._warn = warn
        self._index: dict[str, list[str]] = {}
        self._looked_up: set[str] = set()
        self._resolve(items.values())

    # -- typing
    def _class_kind(self, qid: str, seen: set[str]) -> tuple[str | None, bool]:
        """Instance kind and polity flag of a class, following wdt:P279 upwards."""
        cls = self.items.get(qid)
        if cls is None or qid in seen:
            return None, False
        seen.add(qid)
        kind, polity = cls.instance_kind, cls.polity_class
        for parent in cls.p279:
            parent_kind, parent_polity = self._class_kind(parent, seen)
            kind = kind or parent_kind
            polity = polity or parent_polity
        return kind, polity

    def _resolve(self, items: Iterable[ReferenceItem]) -> None:
        """Compute kind and polity of the items and index their names."""
        for item in items:
            polity = False
            kind = item.asserted_kind
            for cls in item.p31:
                cls_kind, cls_polity = self._class_kind(cls, set())
                kind = kind or cls_kind
                polity = polity or cls_polity
            if kind is None and (item.p279 or item.instance_kind):
                kind = "CLASS"
            item.kind, item.polity = kind, polity
            index = self._index
            for name in (*item.labels.values(), *item.aliases):
                key = normalize_key(name)
                qids = index.get(key)
                if qids is None:
                    if key:
                        index[key] = [item.qid]
                elif item.qid not in qids:
                    qids.append(item.qid)

    # -- access
    def entries(self) -> Iterator[ReferenceItem]:
        """Every item, in QID order of insertion."""
        return iter(list(self.items.values()))

    def get(self, qid: str) -> ReferenceItem | None:
        return self.items.get(qid)

    def __contains__(self, qid: object) -> bool:
        return qid in self.items

    def __len__(self) -> int:
        return len(self.items)

    def candidates(self, name: str) -> list[ReferenceItem]:
        """Items one of whose names has the same normalized key as `name` (live lookup when asked)."""
        key = normalize_key(name)
        if not key:
            return []
        if self.endpoints and key not in self._looked_up:
            self._looked_up.add(key)
            self._live_lookup(name)
        return [self.items[q] for q in self._index.get(key, ())]

    def _live_lookup(self, name: str) -> None:
        variants = {unify_typography(name), surface_core(name)}
        query = _lookup_query(variants)
        for endpoint in self.endpoints:
            try:
                bindings = endpoint.select(query)
            except EndpointUnavailable as exc:
                if not endpoint.reported:
                    self._warn(f"reference endpoint {exc}; continuing offline")
                    endpoint.reported = True
                continue
            fresh: dict[str, ReferenceItem] = {}
            builder = _Builder(fresh)
            for row in bindings:
                obj = row.get("o", {})
                builder.add(
                    row.get("item", {}).get("value", ""),
                    row.get("p", {}).get("value", ""),
                    obj.get("value", ""),
                    obj.get("xml:lang", ""),
                    obj.get("type") == "uri",
                    endpoint.url,
                )
            new = [item for qid, item in fresh.items() if qid not in self.items]
            for item in new:
                self.items[item.qid] = item
            self._resolve(new)


def _version(parts: Sequence[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def load_reference(
    sources: Sequence[str] = (),
    *,
    cache_dir: Path | None = None,
    timeout: float = 10.0,
    retries: int = 2,
    warn: Callable[[str], None] = print,
    shipped: Path = REFERENCE_FILE,
) -> Reference:
    """The shipped extract plus each source (a Turtle/N-Triples file or an http(s) SPARQL endpoint).

    An unreachable endpoint is not an error: `warn` says so and linking goes on
    offline (with its cached answers). A missing or malformed file is an error
    (ReferenceDataError): the user named it, and silently ignoring it would
    change the links.
    """
    items: dict[str, ReferenceItem] = {}
    builder = _Builder(items)
    parts = [_parse_file(shipped, builder)]
    endpoints: list[SparqlSource] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            endpoint = SparqlSource(source, cache_dir=cache_dir, timeout=timeout, retries=retries)
            try:
                endpoint.probe()
            except EndpointUnavailable as exc:
                warn(f"reference endpoint {exc}; continuing offline (cached answers only)")
                endpoint.reported = True
            endpoints.append(endpoint)
            parts.append(f"endpoint {source}".encode())
        else:
            parts.append(_parse_file(Path(source), builder))
    return Reference(items, _version(parts), endpoints, warn, [str(shipped), *sources])


# --- entity ruler patterns --------------------------------------------------------------------

_RULER_KINDS = ("PER", "ORG", "LOC", "MISC")


def _pattern_variants(name: str) -> set[str]:
    """A name as the press may write it: without a leading lowercase article, ’ or ', É or E."""
    core = unify_typography(name)
    if _ARTICLE.match(core) and core[:1].islower():
        core = strip_article(core)
    variants = {core, core.replace("'", "\u2019")}
    if core[:1] in "ÉÈÊÀÂÎÔÛÇ":
        variants |= {fold_accents(core[0]) + v[1:] for v in list(variants)}
    return variants


def ruler_patterns(reference: Reference, kinds: Sequence[str] = _RULER_KINDS) -> list[dict]:
    """spaCy EntityRuler patterns for the names of the reference's entities.

    Case-sensitive phrase patterns, only for proper-noun-shaped names (first
    character an uppercase letter or a digit): a lowercase label is a common
    word ("orange", "pomme", "breton") that the ruler must never tag. A surface
    shared by items of different kinds ("Orange": company, commune, river) gets
    no pattern: the statistical NER and the linker's context decide. A surface
    shared by items of one kind gets the label but no id. CLASS items get none,
    nor do disambiguated labels ("Orange (Vaucluse)"), which no article writes.
    An "id" is a hint for the NER, not a link: links come from `Linker.link`
    (curation may forbid what the hint suggests).
    """
    by_surface: dict[str, dict[str, str | None]] = {}
    surface_kinds: dict[str, set[str]] = {}
    for item in reference.items.values():
        if item.kind is None or item.kind == "CLASS":
            continue
        for name, _how in item.names():
            for surface in _pattern_variants(name):
                if not surface or not (surface[0].isupper() or surface[0].isdigit()) or "(" in surface:
                    continue
                ids = by_surface.setdefault(surface, {})
                ids[item.qid] = item.kind
                surface_kinds.setdefault(surface, set()).add(item.kind)
    patterns: list[dict] = []
    for surface in sorted(by_surface):
        found = surface_kinds[surface]
        if len(found) != 1:
            continue
        (kind,) = found
        if kind not in kinds:
            continue
        pattern: dict = {"label": kind, "pattern": surface}
        qids = by_surface[surface]
        if len(qids) == 1:
            pattern["id"] = next(iter(qids))
        patterns.append(pattern)
    return patterns
