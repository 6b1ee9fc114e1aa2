"""What a query may do: updates and SERVICE calls, decided before the store sees it."""

from __future__ import annotations

import pytest

from pipeline.serve.guard import inspect_query


def public(_host: str) -> list[str]:
    return ["208.80.154.224"]


def private(_host: str) -> list[str]:
    return ["192.168.1.10"]


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "  delete where { ?s ?p ?o }",
        "PREFIX x: <http://x/>\nCLEAR ALL",
        "BASE <http://x/> PREFIX : <http://y/> DROP SILENT GRAPH <g>",
        "# comment\nWITH <g> DELETE { ?s ?p ?o } WHERE {}",
        "LOAD <http://example.org/x.ttl>",
        "COPY DEFAULT TO <g>",
    ],
)
def test_updates_are_refused(query):
    refusal = inspect_query(query)
    assert refusal is not None and refusal.status == 403 and "read-only" in refusal.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'INSERT' }",
        "ASK { ?s ?p ?o }",
        "PREFIX insert: <http://x/> SELECT * { ?s insert:p ?o }",
        'SELECT * WHERE { ?s ?p """SERVICE <http://x/>""" }',
        "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://169.254.169.254/>",
    ],
)
def test_queries_pass(query):
    assert inspect_query(query) is None


def test_service_is_off_without_allowlist():
    refusal = inspect_query("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    assert refusal is not None and "disabled" in refusal.message


def test_allowlisted_public_service_passes():
    query = "SELECT * { SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert inspect_query(query, ("query.wikidata.org",), public) is None
    assert inspect_query(query, ("https://query.wikidata.org/sparql",), public) is None


@pytest.mark.parametrize(
    "target,allow,resolver,reason",
    [
        ("https://evil.example/sparql", ("query.wikidata.org",), public, "allow-list"),
        ("https://query.wikidata.org/sparql", ("query.wikidata.org",), private, "private"),
        ("http://127.0.0.1/sparql", ("127.0.0.1",), lambda h: ["127.0.0.1"], "private"),
        ("http://[::1]/sparql", ("::1",), lambda h: ["::1"], "private"),
        ("http://169.254.169.254/latest", ("169.254.169.254",), lambda h: ["169.254.169.254"], "private"),
        ("file:///etc/passwd", ("localhost",), public, "http"),
    ],
)
def test_service_refusals(target, allow, resolver, reason):
    refusal = inspect_query(f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}", allow, resolver)
    assert refusal is not None and reason in refusal.message


def test_service_with_a_variable_or_prefixed_name_is_refused():
    assert inspect_query("SELECT * { SERVICE ?x { ?s ?p ?o } }", ("query.wikidata.org",), public) is not None
    query = "PREFIX wd: <https://query.wikidata.org/> SELECT * { SERVICE wd:sparql { ?s ?p ?o } }"
    assert inspect_query(query, ("query.wikidata.org",), public) is not None


def test_every_service_call_is_checked():
    query = (
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } "
        "SERVICE <http://10.0.0.1/> { ?s ?p ?o } }"
    )
    resolver = {"query.wikidata.org": ["208.80.154.224"], "10.0.0.1": ["10.0.0.1"]}.__getitem__
    refusal = inspect_query(query, ("query.wikidata.org", "10.0.0.1"), resolver)
    assert refusal is not None and "10.0.0.1" in refusal.message
