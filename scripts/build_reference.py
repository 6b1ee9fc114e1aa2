"""Generate `ontology/reference.ttl` from the verified Wikidata facts in `../shared/wikidata/`.

Why a script: the reference extract must hold exactly the verified facts (no QID
from memory), in Wikidata's own RDF shape so the same SPARQL runs against it and
against a live endpoint. Regenerating it from the source is the only way to keep
that promise auditable.

Wikidata facts copied from `entities.tsv`: `rdfs:label` (fr, en), `skos:altLabel`
(fr), `wdt:P31`. Everything else is a project assertion, in the `sov:` namespace:

- `sov:coarseType` on every item: the TSV's `kind` column (PER, ORG, LOC, MISC,
  CLASS), which the TSV's README marks as an assertion of this project.
- `sov:instanceKind` on a few class items: the coarse type of their instances
  (instances of "human" are PER, of "business" ORG...). It lets the linker type
  items from a live endpoint that only gives `wdt:P31`.
- `sov:polity true` on classes whose instances are both places and actors
  (countries, states, political unions): an ORG mention may link to them.

The output is deterministic (items sorted by QID number, values sorted), so a
rebuild from the same source gives the same bytes and the same reference version.

Usage: python scripts/build_reference.py [--source DIR] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from pipeline.config import REFERENCE_FILE, shared_dir
from pipeline.vocab import RDFS, SKOS, SOV, WD, WDT

DEFAULT_SOURCE = shared_dir() / "wikidata"
KINDS = ("PER", "ORG", "LOC", "MISC", "CLASS")

# Project assertions about classes (general knowledge of what the class means,
# not facts about any article): the coarse type of the class's instances.
INSTANCE_KIND: dict[str, str] = {
    "Q5": "PER",  # human
    "Q4830453": "ORG",  # business
    "Q783794": "ORG",  # company
    "Q891723": "ORG",  # public company
    "Q167037": "ORG",  # corporation
    "Q43229": "ORG",  # organization
    "Q327333": "ORG",  # government agency
    "Q2659904": "ORG",  # government organization
    "Q192350": "ORG",  # ministry
    "Q484652": "ORG",  # international organization
    "Q11032": "ORG",  # newspaper
    "Q192283": "ORG",  # news agency
    "Q6256": "LOC",  # country
    "Q3624078": "LOC",  # sovereign state
    "Q7270": "LOC",  # republic
    "Q5107": "LOC",  # continent
    "Q515": "LOC",  # city
    "Q1140229": "LOC",  # political union
    "Q170584": "MISC",  # project
    "Q7748": "MISC",  # law
    "Q820655": "MISC",  # statute
    "Q476068": "MISC",  # Act of Congress
}
# Classes whose instances act like organizations (an ORG mention may name them).
POLITY_CLASSES = frozenset({"Q6256", "Q3624078", "Q7270", "Q1140229", "Q484652"})


@dataclass
class Item:
    """One row of entities.tsv."""

    qid: str
    label_fr: str
    label_en: str
    aliases: list[str] = field(default_factory=list)
    p31: list[str] = field(default_factory=list)
    kind: str = "MISC"


def read_items(source: Path) -> list[Item]:
    """Rows of entities.tsv, validated: a bad row stops the build rather than ship bad data."""
    path = source / "entities.tsv"
    items: list[Item] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            qid = row["qid"].strip()
            kind = row["kind"].strip()
            if not qid.startswith("Q") or not qid[1:].isdigit():
                raise SystemExit(f"{path}:{n}: bad QID {qid!r}")
            if kind not in KINDS:
                raise SystemExit(f"{path}:{n}: kind {kind!r} is not one of {', '.join(KINDS)}")
            items.append(
                Item(
                    qid=qid,
                    label_fr=row["label_fr"].strip(),
                    label_en=row["label_en"].strip(),
                    aliases=[a.strip() for a in (row["aliases_fr"] or "").split("|") if a.strip()],
                    p31=[p.strip() for p in (row["p31_qid"] or "").split("|") if p.strip()],
                    kind=kind,
                )
            )
    return items


def build_graph(items: list[Item]) -> Graph:
    """The reference extract as a graph: Wikidata facts plus the documented `sov:` assertions."""
    graph = Graph()
    for item in items:
        node = WD[item.qid]
        if item.label_fr:
            graph.add((node, RDFS.label, Literal(item.label_fr, lang="fr")))
        if item.label_en:
            graph.add((node, RDFS.label, Literal(item.label_en, lang="en")))
        for alias in item.aliases:
            if alias != item.label_fr:
                graph.add((node, SKOS.altLabel, Literal(alias, lang="fr")))
        for cls in item.p31:
            graph.add((node, WDT.P31, WD[cls]))
        graph.add((node, SOV.coarseType, Literal(item.kind)))
        if item.qid in INSTANCE_KIND:
            graph.add((node, SOV.instanceKind, Literal(INSTANCE_KIND[item.qid])))
        if item.qid in POLITY_CLASSES:
            graph.add((node, SOV.polity, Literal(True)))
    return graph


def check_against_shared(graph: Graph, source: Path) -> list[str]:
    """Triples of the shared reference.ttl missing from ours (should be none)."""
    shared_file = source / "reference.ttl"
    if not shared_file.exists():
        return []
    shared = Graph().parse(shared_file, format="turtle")
    return [f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in shared if (s, p, o) not in graph]


HEADER = """\
# Offline Wikidata reference extract of souverain. GENERATED by
# scripts/build_reference.py from ../shared/wikidata/ (verified items): do not edit.
# rdfs:label, skos:altLabel, wdt:P31 are Wikidata's facts. sov:coarseType,
# sov:instanceKind and sov:polity are assertions of this project (docs/linking.md).
"""


def _qid_key(node: URIRef) -> tuple[int, str]:
    local = str(node).rsplit("/", 1)[-1]
    return (int(local[1:]) if local[1:].isdigit() else 0, local)


def _value_key(value: object) -> tuple[str, str]:
    return (getattr(value, "language", None) or "", str(value))


def serialize(graph: Graph) -> str:
    """Deterministic Turtle: items by QID number, predicates and values in a fixed order."""
    prefixes = {"wd": WD, "wdt": WDT, "rdfs": RDFS, "skos": SKOS, "sov": SOV}
    order = [RDFS.label, SKOS.altLabel, WDT.P31, WDT.P279, SOV.coarseType, SOV.instanceKind, SOV.polity]
    lines = [HEADER]
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items()]
    lines.append("")

    def term(value: object) -> str:
        if isinstance(value, URIRef):
            for prefix, ns in prefixes.items():
                if str(value).startswith(str(ns)):
                    return f"{prefix}:{str(value)[len(str(ns)):]}"
        return value.n3()  # type: ignore[attr-defined]

    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=_qid_key):
        statements = []
        for predicate in order:
            values = sorted(graph.objects(subject, predicate), key=_value_key)
            statements += [f"{term(predicate)} {term(v)}" for v in values]
        lines.append(f"{term(subject)} " + " ;\n    ".join(statements) + " .")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="directory with entities.tsv")
    parser.add_argument("--out", type=Path, default=REFERENCE_FILE, help="Turtle file to write")
    parser.add_argument("--check", action="store_true", help="fail if --out is not up to date")
    args = parser.parse_args(argv)

    graph = build_graph(read_items(args.source))
    missing = check_against_shared(graph, args.source)
    if missing:
        print("triples of the shared reference.ttl missing from the build:", file=sys.stderr)
        print(*missing, sep="\n", file=sys.stderr)
        return 1
    text = serialize(graph)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/build_reference.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(graph)} triples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
