"""Benchmark: load time, ruler patterns and linking throughput with a large generated reference.

Why: the reference must load in seconds even at 100,000 items with several
aliases each (a realistic Wikidata extract for French business news), and the
linker and entity ruler must stay fast. This script generates such a reference
(Wikidata's RDF shape, fictional QIDs, homonyms included), then prints figures.

Wall-clock figures depend on the machine's load; CPU times are printed too.

Usage: python bench/bench_link.py [--entities 100000] [--aliases 4] [--format nt|ttl] [--no-spacy]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from pipeline.link import Linker
from pipeline.reference import load_reference, ruler_patterns
from pipeline.vocab import RDFS, SKOS, SOV, WD, WDT

SYLLABLES = "ba be bi bo cor da de dor fa fi ga gen ka li lo ma mi na no ra ri sa so ta ti va vi zu".split()
KINDS = [("ORG", "Q4830453"), ("PER", "Q5"), ("LOC", "Q515"), ("MISC", "Q170584")]
SUFFIXES = ["SA", "Groupe", "Technologies", "Systèmes", "Conseil"]


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def generate(path: Path, entities: int, aliases: int, fmt: str, seed: int = 7) -> list[tuple[str, str]]:
    """Write the reference; return (name, kind) samples for the linking run."""
    rng = random.Random(seed)
    samples: list[tuple[str, str]] = []
    label, alt, p31, coarse = f"<{RDFS.label}>", f"<{SKOS.altLabel}>", f"<{WDT.P31}>", f"<{SOV.coarseType}>"
    with path.open("w", encoding="utf-8") as out:
        if fmt == "ttl":
            out.write(f"@prefix wd: <{WD}> .\n@prefix wdt: <{WDT}> .\n@prefix rdfs: <{RDFS}> .\n")
            out.write(f"@prefix skos: <{SKOS}> .\n@prefix sov: <{SOV}> .\n")
        for n in range(entities):
            qid = f"Q{800_000_000 + n}"
            kind, cls = KINDS[n % len(KINDS)]
            if kind == "PER":
                name = f"{_word(rng, 2)} {_word(rng, 3)}"
            else:
                name = _word(rng, rng.choice((2, 3, 4)))
            names = [name + (f" {rng.choice(SUFFIXES)}" if i else "") for i in range(aliases)]
            names[-1] = "".join(w[0] for w in name.split()).upper() + _word(rng, 1).upper()  # an acronym
            if fmt == "ttl":
                body = [f'rdfs:label "{names[0]}"@fr', f'rdfs:label "{names[0]}"@en']
                body += [f'skos:altLabel "{a}"@fr' for a in names[1:]]
                body += [f"wdt:P31 wd:{cls}", f'sov:coarseType "{kind}"']
                out.write(f"wd:{qid} " + " ;\n    ".join(body) + " .\n")
            else:
                subject = f"<{WD}{qid}>"
                out.write(f'{subject} {label} "{names[0]}"@fr .\n{subject} {label} "{names[0]}"@en .\n')
                out.writelines(f'{subject} {alt} "{a}"@fr .\n' for a in names[1:])
                out.write(f'{subject} {p31} <{WD}{cls}> .\n{subject} {coarse} "{kind}" .\n')
            if n % 10 == 0:
                samples.append((rng.choice(names), kind))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--aliases", type=int, default=4, help="names per item (label + aliases)")
    parser.add_argument("--format", choices=("nt", "ttl"), default="nt")
    parser.add_argument("--links", type=int, default=10_000, help="link calls to time")
    parser.add_argument("--no-spacy", action="store_true", help="skip the EntityRuler figures")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"big.{args.format}"
        t0 = time.perf_counter()
        samples = generate(path, args.entities, args.aliases, args.format)
        size = path.stat().st_size / 1e6
        print(f"generated {args.entities:,} items x {args.aliases} names ({size:.1f} MB {args.format}) "
              f"in {time.perf_counter() - t0:.1f} s")

        t0, c0 = time.perf_counter(), time.process_time()
        reference = load_reference([str(path)], warn=print)
        load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"load_reference: {load_s:.2f} s wall, {load_cpu:.2f} s CPU for {len(reference):,} items")

        t0 = time.perf_counter()
        linker = Linker(reference)
        print(f"Linker(): {time.perf_counter() - t0:.3f} s")

        t0 = time.perf_counter()
        patterns = ruler_patterns(reference)
        print(f"ruler_patterns: {len(patterns):,} patterns in {time.perf_counter() - t0:.2f} s")

        rng = random.Random(11)
        calls = [samples[i % len(samples)] for i in range(args.links)]
        calls += [(_word(rng, 5), "ORG") for _ in range(args.links // 10)]  # names with no candidate
        context = [name for name, _ in rng.sample(samples, 30)]
        t0, c0 = time.perf_counter(), time.process_time()
        linked = sum(1 for name, kind in calls if linker.link(name, kind, context).qid)  # type: ignore[arg-type]
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"link: {len(calls):,} calls in {elapsed:.2f} s wall ({cpu:.2f} s CPU) = "
              f"{len(calls) / elapsed:,.0f} links/s wall, {len(calls) / cpu:,.0f} links/s CPU "
              f"({linked:,} linked, the rest NIL: unknown or ambiguous names)")

        if not args.no_spacy:
            import spacy

            nlp = spacy.blank("fr")
            t0 = time.perf_counter()
            ruler = nlp.add_pipe("entity_ruler")
            with nlp.select_pipes(enable=[]):
                ruler.add_patterns(patterns)
            print(f"EntityRuler.add_patterns: {time.perf_counter() - t0:.1f} s")
            text = " ".join(f"Selon {name}, le marché progresse." for name, _ in samples[:200])
            t0 = time.perf_counter()
            doc = nlp(text)
            print(f"EntityRuler on a {len(doc):,}-token text: {time.perf_counter() - t0:.3f} s, "
                  f"{len(doc.ents)} entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
