"""Answers without evaluation (issue 5): the bounded-lookup fast path and the answer cache.

The recognizer and the cache are tested directly; the behaviour over real
HTTP: a repeated query is a cache hit with the same body, a bounded lookup
is answered by the server while every worker is busy, and a lookup longer
than the inline row budget still gets its whole answer from a worker.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from test_serve_support import fixture_settings, serve

from pipeline.serve import sparql
from pipeline.serve.answers import AnswerCache, job_key
from pipeline.serve.fastpath import is_bounded_lookup
from pipeline.serve.worker import Answer, QueryJob

PERSON = "<http://schema.org/Person>"
PERSONS = f"SELECT ?s WHERE {{ ?s a {PERSON} }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s rdfs:label "Organisation 17"@fr }',
        'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s { ?s rdfs:label "x" . }',
        "SELECT * WHERE { <https://w3id.org/souverain/id/person/x> ?p ?o } LIMIT 50",
        "select ?s ?p where { ?s ?p <https://w3id.org/souverain/id/organization/atos> } offset 10 limit 10",
        f"SELECT ?s WHERE {{ ?s a {PERSON} }}",
        'SELECT ?s WHERE { ?s schema:amount "12"^^xsd:decimal }',
        "# a comment { ?x ?y ?z . ?a ?b ?c }\nSELECT ?o WHERE { <urn:x> <urn:p> ?o }",
        'SELECT ?s WHERE { ?s rdfs:label "ORDER BY { nested } ?x . ?y ?z ?w" }',
    ],
)
def test_single_patterns_with_a_bound_term_are_bounded_lookups(query):
    assert is_bounded_lookup(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }",  # nothing bound: reads everything
        "SELECT ?s WHERE { ?s a schema:Person } ORDER BY ?s",  # sorting reads every match
        "SELECT DISTINCT ?s WHERE { ?s a schema:Person }",
        "SELECT ?s WHERE { ?s a schema:Person . ?s rdfs:label ?l }",  # a join
        "SELECT ?s WHERE { ?s schema:funder/rdfs:label ?l }",  # a path
        "SELECT ?s WHERE { ?s a schema:Person FILTER(?s != <urn:x>) }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Person }",
        "SELECT ?s FROM <urn:g> WHERE { ?s a schema:Person }",
        "SELECT ?s WHERE { GRAPH ?g { ?s a schema:Person } }",
        "SELECT ?s WHERE { SERVICE <https://example.org/sparql> { ?s a schema:Person } }",
        "SELECT ?s WHERE { ?s a schema:Person } OFFSET 5000000",  # skipped rows are read rows
        "ASK { ?s a schema:Person }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p <urn:x> }",
        "SELECT ?s WHERE { ?s a schema:Person } GROUP BY ?s",
    ],
)
def test_anything_else_goes_to_a_worker(query):
    assert not is_bounded_lookup(query)


def answer(body: bytes) -> Answer:
    return Answer("application/sparql-results+json", body)


def key(text: str):
    return job_key(QueryJob(text, {"solutions": "application/sparql-results+json"}))


def test_cache_keeps_answers_until_its_budget_then_drops_the_least_recent():
    cache = AnswerCache(800)
    for n in range(3):
        cache.put(key(f"q{n}"), answer(b"x" * 100))
    assert cache.get(key("q0")) is not None  # q0 is now the most recent
    for n in range(3, 10):  # ten answers of 100 bytes: two must go
        cache.put(key(f"q{n}"), answer(b"x" * 100))
    assert cache.size_bytes <= 800 and len(cache) == 8
    assert cache.get(key("q0")) is not None
    assert cache.get(key("q1")) is None
    assert cache.get(key("q2")) is None
    assert cache.get(key("q9")) is not None
    assert cache.hits == 3 and cache.misses == 2


def test_cache_keeps_no_error_no_oversized_answer_and_nothing_at_zero():
    cache = AnswerCache(800)
    cache.put(key("big"), answer(b"x" * 101))  # over an eighth of the budget
    cache.put(key("bad"), Answer(error="syntax", message="oops"))
    assert len(cache) == 0
    off = AnswerCache(0)
    off.put(key("q"), answer(b"x"))
    assert off.get(key("q")) is None


def test_cache_key_separates_formats_and_datasets():
    query = "SELECT * WHERE { ?s ?p ?o }"
    as_json = QueryJob(query, {"solutions": "application/sparql-results+json"})
    as_csv = QueryJob(query, {"solutions": "text/csv"})
    in_graph = QueryJob(query, {"solutions": "application/sparql-results+json"}, default_graphs=("urn:g",))
    assert len({job_key(as_json), job_key(as_csv), job_key(in_graph)}) == 3


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve(fixture_settings(tmp_path_factory.mktemp("store") / "store", query_timeout=3.0)) as handle:
        yield handle


def get(served, query: str, **headers: str) -> httpx.Response:
    return httpx.get(served("/sparql"), params={"query": query}, headers=headers, timeout=60)


def test_a_repeated_query_is_answered_from_the_cache_with_the_same_body(served):
    query = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 5"
    first, second = get(served, query), get(served, query)
    assert first.status_code == second.status_code == 200
    assert first.headers["x-cache"] == "MISS" and second.headers["x-cache"] == "HIT"
    assert first.content == second.content and len(first.json()["results"]["bindings"]) == 5
    as_csv = get(served, query, Accept="text/csv")  # another format is another answer
    assert as_csv.headers["x-cache"] == "MISS" and as_csv.text.startswith("s,n")
    assert "X-Cache" in get(served, query, Origin="https://example.org").headers["access-control-expose-headers"]


def test_errors_are_not_cached(served):
    for _ in range(2):
        response = get(served, "SELECT ?s WHERE { ?s ?p }")
        assert response.status_code == 400 and "x-cache" not in response.headers


def test_a_bounded_lookup_is_answered_while_every_worker_is_busy(served):
    pool, endpoint = served.app.state.pool, served.app.state.endpoint
    slow: list[httpx.Response] = []
    runaways = [
        threading.Thread(target=lambda n=n: slow.append(get(served, RUNAWAY + f" LIMIT {n + 1}")))
        for n in range(pool.size)
    ]
    for thread in runaways:
        thread.start()
    deadline = time.monotonic() + 10
    while pool.worker_pids and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.worker_pids == [], "both workers should be busy with the runaway queries"
    locally_before = endpoint.answered_locally
    lookup = get(served, PERSONS)
    assert lookup.status_code == 200 and lookup.json()["results"]["bindings"]
    assert endpoint.answered_locally == locally_before + 1
    assert all(thread.is_alive() for thread in runaways), "answered while the workers were still busy"
    for thread in runaways:
        thread.join(60)
    assert [response.status_code for response in slow] == [503] * pool.size


def test_the_fast_path_gives_what_a_worker_gives(served):
    local = {b["s"]["value"] for b in get(served, PERSONS).json()["results"]["bindings"]}
    on_worker = {b["s"]["value"] for b in get(served, PERSONS + " ORDER BY ?s").json()["results"]["bindings"]}
    assert local and local == on_worker


def test_a_lookup_longer_than_the_inline_budget_is_answered_whole_by_a_worker(served, monkeypatch):
    monkeypatch.setattr(sparql, "INLINE_ROWS", 2)
    endpoint = served.app.state.endpoint
    locally_before = endpoint.answered_locally
    query = "SELECT ?s ?p WHERE { ?s ?p <http://schema.org/Organization> }"
    rows = get(served, query).json()["results"]["bindings"]
    assert len(rows) > 2 and endpoint.answered_locally == locally_before
    short = get(served, query + " LIMIT 2")
    assert len(short.json()["results"]["bindings"]) == 2 and endpoint.answered_locally == locally_before + 1


def test_with_the_cache_off_every_query_is_evaluated(tmp_path):
    with serve(fixture_settings(tmp_path / "store", result_cache_mb=0)) as handle:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        responses = [get(handle, query) for _ in range(2)]
        assert [r.headers["x-cache"] for r in responses] == ["MISS", "MISS"]
        assert responses[0].content == responses[1].content
