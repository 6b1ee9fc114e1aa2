"""The whole path on the seeds: dumps, round-trips, reproducibility, evidence, the committed dist/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DIST_EPOCH
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from pipeline.config import DIST_DIR, PROJECT_ROOT, SEEDS_DIR

DUMPS = [
    "dataset.trig",
    "dataset.nq",
    "dataset.ttl",
    "dataset.jsonld",
    "void.ttl",
    "shacl-report.ttl",
    "SHA256SUMS",
]


def souverain(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in its own process (with `env` added to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def load_store(dist: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(dist / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def test_every_dump_is_published(seeds_build: Path) -> None:
    for name in DUMPS:
        assert (seeds_build / name).stat().st_size > 0, name


def test_checksums_match_the_files(seeds_build: Path) -> None:
    import hashlib

    lines = (seeds_build / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == len(DUMPS) - 1
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((seeds_build / name).read_bytes()).hexdigest() == digest


def test_one_named_graph_per_article_plus_meta(seeds_build: Path) -> None:
    store = load_store(seeds_build)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert "https://w3id.org/souverain/graph/meta" in graphs
    assert len(graphs) == len(list(SEEDS_DIR.glob("*.txt"))) + 1


def test_no_blank_nodes(seeds_build: Path) -> None:
    text = (seeds_build / "dataset.nq").read_text()
    assert "_:" not in " ".join(line.split(" ", 1)[0] for line in text.splitlines())
    for quad in load_store(seeds_build):
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)


def test_every_quote_equals_the_text_at_its_offsets(seeds_build: Path) -> None:
    rows = list(
        load_store(seeds_build).query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <http://schema.org/>
        SELECT ?body ?start ?end ?exact WHERE { GRAPH ?g {
          ?a oa:hasTarget ?t . ?t oa:hasSource ?article ; oa:hasSelector ?p , ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?article schema:articleBody ?body } }""")
    )
    assert len(rows) > 100
    for row in rows:
        body, start, end = row["body"].value, int(row["start"].value), int(row["end"].value)
        assert body[start:end] == row["exact"].value


def test_trig_nquads_and_union_turtle_agree(seeds_build: Path) -> None:
    trig = Dataset()
    trig.parse(seeds_build / "dataset.trig", format="trig")
    nq = Dataset()
    nq.parse(seeds_build / "dataset.nq", format="nquads")
    assert len(trig) == len(nq)
    union = Graph().parse(seeds_build / "dataset.ttl", format="turtle")
    triples = {(s, p, o) for s, p, o, _ in nq.quads((None, None, None, None))}
    assert len(union) == len(triples)


def test_jsonld_is_reread_by_pyld_and_rdflib_and_equals_the_trig(seeds_build: Path) -> None:
    from pyld import jsonld

    document = json.loads((seeds_build / "dataset.jsonld").read_text())
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    from_pyld = Dataset()
    from_pyld.parse(data=nquads, format="nquads")
    from_rdflib = Dataset()
    from_rdflib.parse(seeds_build / "dataset.jsonld", format="json-ld")
    trig = Dataset()
    trig.parse(seeds_build / "dataset.trig", format="trig")
    for dataset in (from_pyld, from_rdflib):
        for graph in trig.graphs():
            if len(graph) == 0:
                continue
            assert isomorphic(dataset.graph(graph.identifier), graph), graph.identifier


def test_rebuild_is_byte_identical_whatever_the_hash_seed(seeds_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    env = {**os.environ, "SOURCE_DATE_EPOCH": DIST_EPOCH, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "build",
            "--input",
            str(SEEDS_DIR),
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        check=True,
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    for name in DUMPS:
        assert (out / name).read_bytes() == (seeds_build / name).read_bytes(), name


def test_committed_dist_is_what_build_produces(seeds_build: Path) -> None:
    for name in DUMPS:
        assert (DIST_DIR / name).read_bytes() == (seeds_build / name).read_bytes(), (
            f"dist/{name} differs from a fresh build: run `make build` and commit dist/"
        )


def test_model_queries_of_the_contract_answer(seeds_build: Path) -> None:
    store = load_store(seeds_build)
    prefixes = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <http://schema.org/>
        PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX wd: <http://www.wikidata.org/entity/>"""
    roles = list(
        store.query(
            prefixes
            + """SELECT ?person ?role ?org WHERE { GRAPH ?g {
        ?m a org:Membership ; org:member/rdfs:label ?person ; org:organization/rdfs:label ?org }
        GRAPH ?h { ?m org:role ?r } GRAPH ?k { ?r skos:prefLabel ?role } }"""
        )
    )
    assert any(r["person"].value == "Thierry Breton" and r["org"].value == "Atos" for r in roles)
    articles = list(
        store.query(
            prefixes
            + """SELECT DISTINCT ?article WHERE { GRAPH ?g {
        ?article schema:mentions/owl:sameAs wd:Q1431486 } }"""
        )
    )
    assert len(articles) >= 2


@pytest.mark.parametrize("bad", ["empty", "binary", "sidecar"])
def test_a_bad_input_fails_the_build_and_leaves_dist_untouched(tmp_path: Path, bad: str) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "ok.txt").write_text("Un titre\n\nLa société Exemplar a été fondée par Jeanne Martin.\n")
    if bad == "empty":
        (source / "vide.txt").write_bytes(b"")
    elif bad == "binary":
        (source / "image.txt").write_bytes(b"\x00\x01\x02PNG")
    else:
        (source / "ok.meta.yaml").write_text("datePublished: 2013-02-30\n")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "dataset.nq").write_text("previous\n")
    run = souverain("build", "--input", source, "--out", out)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert str(source) in run.stderr
    assert [p.name for p in out.iterdir()] == ["dataset.nq"]
    assert (out / "dataset.nq").read_text() == "previous\n"


def test_a_directory_without_article_exits_2(tmp_path: Path) -> None:
    run = souverain("build", "--input", tmp_path, "--out", tmp_path / "dist")
    assert run.returncode == 2 and "no article" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "dist").exists()


def test_a_shacl_violation_fails_the_build_with_a_readable_report(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("Un titre\n\nLa société Exemplar, dirigée par Jeanne Martin, recrute à Lyon.\n")
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "strict.ttl").write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .
<urn:test:ArticleNeedsCopyright> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
  sh:property [ sh:path schema:copyrightYear ; sh:minCount 1 ; sh:message "an article needs a copyright year" ] .
""")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "dataset.nq").write_text("previous\n")
    run = souverain("build", "--input", source, "--out", out, "--shapes", shapes, "--cache-dir", tmp_path / "cache")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "copyrightYear" in run.stderr and "id/article/" in run.stderr
    assert "nothing was published" in run.stderr
    assert (out / "dataset.nq").read_text() == "previous\n" and len(list(out.iterdir())) == 1


def test_stats_counts_per_class_and_per_article(seeds_build: Path) -> None:
    run = souverain("stats", "--dataset", seeds_build / "dataset.nq")
    assert run.returncode == 0, run.stderr
    assert "schema:NewsArticle" in run.stdout
    line = next(ln for ln in run.stdout.splitlines() if "schema:NewsArticle" in ln)
    assert line.split()[-1] == "5"
    for stem in (p.stem for p in SEEDS_DIR.glob("*.txt")):
        assert stem in run.stdout


def test_an_article_without_entity_is_published_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("Il pleut depuis trois jours et les routes sont glissantes ce matin.\n")
    run = souverain("build", "--input", source, "--out", tmp_path / "dist", "--cache-dir", tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    assert "warning" in run.stderr and "a.txt" in run.stderr and "no recognizable entity" in run.stderr
    assert (tmp_path / "dist" / "dataset.nq").exists()


def test_entities_read_by_fact_rules_from_common_words_are_mentions_too(seeds_build: Path) -> None:
    """ "l'état" is no named mention for the NER, but the grant rule read France from it: it is traced."""
    rows = list(
        load_store(seeds_build).query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?exact WHERE { GRAPH ?g {
          ?m oa:motivatedBy oa:identifying ; oa:hasBody ?e ; oa:hasTarget/oa:hasSelector/oa:exact ?exact .
          ?e owl:sameAs <http://www.wikidata.org/entity/Q142> } }""")
    )
    assert "état" in {row["exact"].value.lower() for row in rows}


def test_an_incremental_rebuild_equals_a_full_build(tmp_path: Path) -> None:
    """Cached extraction, mapping and validation never serve a stale article."""
    import shutil

    source = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, source)
    cache = tmp_path / "cache"
    epoch = {"SOURCE_DATE_EPOCH": DIST_EPOCH}
    first = souverain("build", "--input", source, "--out", tmp_path / "a", "--cache-dir", cache, env=epoch)
    assert first.returncode == 0, first.stderr
    assert (cache / "mapping").is_dir() and (cache / "validation").is_dir()
    # one article changes: a name in it changes everywhere it is mentioned
    seed = sorted(source.glob("*.txt"))[2]
    seed.write_text(seed.read_text(encoding="utf-8").replace("Thales", "Thalès Alenia"), encoding="utf-8")
    runs = {}
    for name, extra in (("incremental", []), ("full", ["--no-cache"])):
        run = souverain("build", "--input", source, "--out", tmp_path / name, "--cache-dir", cache, *extra, env=epoch)
        assert run.returncode == 0, run.stderr
        runs[name] = {p.name: p.read_bytes() for p in (tmp_path / name).iterdir()}
    assert runs["incremental"] == runs["full"]
    assert runs["incremental"]["dataset.nq"] != (tmp_path / "a" / "dataset.nq").read_bytes()


def test_the_union_is_an_external_sort_with_each_triple_once(tmp_path: Path) -> None:
    from pipeline.publish import Publication

    a_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    graphs = [
        ['<http://e/a> <http://e/p> "x" <http://g/1> .\n', f'<http://e/b> {a_type} <http://e/C> <http://g/1> .\n'],
        ['<http://e/a> <http://e/p> "x" <http://g/2> .\n', f'<http://e/c> {a_type} <http://e/C> <http://g/2> .\n',
         '<http://e/a> <http://e/q> "a <b> c" <http://g/2> .\n'],
    ]
    with Publication(tmp_path / "dist") as publication:
        for lines in graphs:
            publication.add_graph(lines)
        # runs of one line: the merge, not a sort in memory, removes the repeats
        count, classes = publication.union(run_lines=1)
        union = (publication.work / "union.nt").read_text(encoding="utf-8").splitlines()
    assert count == 4 and len(union) == 4 and union == sorted(union)
    assert classes == {"http://e/C": 2}
    assert '<http://e/a> <http://e/q> "a <b> c" .' in union


def test_the_union_after_more_graphs_merges_the_last_one_with_what_was_added(tmp_path: Path) -> None:
    from pipeline.publish import Publication

    first = ['<http://e/b> <http://e/p> "1" <http://g/1> .\n', '<http://e/d> <http://e/p> "2" <http://g/1> .\n']
    meta = ['<http://e/a> <http://e/p> "m" <http://g/meta> .\n', '<http://e/d> <http://e/p> "2" <http://g/meta> .\n']
    void = ['<http://e/c> <http://e/p> "v" <http://g/meta> .\n']
    with Publication(tmp_path / "dist") as publication:
        publication.add_graph(first)
        count, _ = publication.union(extra=meta)  # the build's counts: graph/meta not yet written
        assert count == 3
        publication.add_graph(sorted(meta + void))
        publication.flush()
        merged = publication._union_again()
        again = (publication.work / "union.nt").read_text(encoding="utf-8")
        assert publication.union()[0] == merged == 4
        assert again == (publication.work / "union.nt").read_text(encoding="utf-8")
    assert again.splitlines() == sorted(again.splitlines()) and '<http://e/c> <http://e/p> "v" .' in again
