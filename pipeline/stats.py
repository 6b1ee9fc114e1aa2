"""Counts per class and per article of a built dataset (`souverain stats`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

__all__ = ["DatasetStats", "dataset_stats", "format_stats"]

_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class ORDER BY ?class
"""
_PER_ARTICLE = """
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?g
  (COUNT(DISTINCT ?triple) AS ?triples)
  (COUNT(DISTINCT ?entity) AS ?entities)
  (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  GRAPH ?g { ?article a schema:NewsArticle ; schema:identifier ?id .
    { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?p), STR(?o)) AS ?triple) }
    UNION { ?article schema:mentions ?entity }
    UNION { ?fact prov:wasDerivedFrom ?article } }
} GROUP BY ?id ?g ORDER BY ?id
"""


@dataclass
class DatasetStats:
    per_class: list[tuple[str, int]] = field(default_factory=list)
    per_article: list[tuple[str, int, int, int]] = field(default_factory=list)  # id, triples, entities, facts


def dataset_stats(path: Path) -> DatasetStats:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    stats = DatasetStats()
    for row in store.query(_PER_CLASS):
        stats.per_class.append((row["class"].value, int(row["n"].value)))
    for row in store.query(_PER_ARTICLE):
        stats.per_article.append(
            (row["id"].value, int(row["triples"].value), int(row["entities"].value), int(row["facts"].value))
        )
    return stats


def _short(iri: str) -> str:
    from .vocab import PREFIXES

    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def format_stats(stats: DatasetStats) -> str:
    lines = ["resources per class:"]
    width = max((len(_short(c)) for c, _ in stats.per_class), default=10)
    lines += [f"  {_short(cls):<{width}}  {n:>7}" for cls, n in stats.per_class]
    lines.append("")
    lines.append(f"  {'article':<24} {'triples':>8} {'entities':>9} {'facts':>6}")
    lines += [f"  {a:<24} {t:>8} {e:>9} {f:>6}" for a, t, e, f in stats.per_article]
    return "\n".join(lines)
