"""The endpoint under hostile input (issue 7): limits, timeouts, bad encodings, traversal, SERVICE."""

from __future__ import annotations

import http.client
import os
import threading
import time

import httpx
import pytest
from test_serve_support import fixture_settings, serve

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SMALL = "SELECT ?s WHERE { ?s a <http://schema.org/Person> }"
# Not a bounded lookup (ORDER BY), so a worker answers it, not the server itself.
SMALL_ON_A_WORKER = SMALL + " ORDER BY ?s"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = fixture_settings(
        tmp_path_factory.mktemp("store") / "store",
        query_timeout=3.0,
        max_rows=5,
        max_query_bytes=2000,
        result_cache_mb=0,  # every query evaluated: these tests are about evaluation's limits
    )
    with serve(settings) as handle:
        yield handle


def raw_get(served, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A request whose path is sent byte for byte (no client-side normalization)."""
    host, port = served.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_runaway_query_is_stopped_and_others_keep_being_answered(served):
    pool = served.app.state.pool
    idle_before = set(pool.worker_pids)
    killed_before = pool.killed
    outcome: dict[str, httpx.Response] = {}
    runaway = threading.Thread(
        target=lambda: outcome.setdefault(
            "slow", httpx.get(served("/sparql"), params={"query": RUNAWAY}, timeout=60)
        )
    )
    runaway.start()
    while len(pool.worker_pids) == len(idle_before) and runaway.is_alive():
        time.sleep(0.01)
    busy = idle_before - set(pool.worker_pids)
    answered = httpx.get(served("/sparql"), params={"query": SMALL_ON_A_WORKER}, timeout=60)
    assert answered.status_code == 200
    assert runaway.is_alive(), "the small query should be answered while the runaway one still runs"
    runaway.join(60)
    assert outcome["slow"].status_code == 503
    assert "3 s" in outcome["slow"].text and outcome["slow"].headers["retry-after"]
    assert pool.killed == killed_before + 1
    for pid in busy:  # the worker that ran it is gone: the work really stopped
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    deadline = time.monotonic() + 60
    while len(pool.worker_pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool.worker_pids) == 2
    assert httpx.get(served("/sparql"), params={"query": SMALL_ON_A_WORKER}).status_code == 200


def test_result_rows_are_capped_and_the_cut_is_stated(served):
    response = httpx.get(served("/sparql"), params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 100000000"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-results-truncated"] == "true" and response.headers["x-results-limit"] == "5"
    small = httpx.get(served("/sparql"), params={"query": SMALL})
    assert "x-results-truncated" not in small.headers


def test_construct_is_capped_too(served):
    response = httpx.get(
        served("/sparql"),
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(response.text.strip().splitlines()) == 5 and response.headers["x-results-truncated"] == "true"


def test_oversized_queries_get_413(served):
    padding = "#" + "x" * 3000 + "\n"
    assert httpx.post(served("/sparql"), data={"query": padding + SMALL}).status_code == 413
    direct = httpx.post(
        served("/sparql"),
        content=(padding + SMALL).encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert direct.status_code == 413
    huge = httpx.post(
        served("/sparql"), content=b"q" * 5_000_000, headers={"Content-Type": "application/sparql-query"}
    )
    assert huge.status_code == 413


def test_streamed_body_without_length_is_cut_at_the_limit(served):
    def chunks():
        for _ in range(200):
            yield b"x" * 65536

    response = httpx.post(
        served("/sparql"), content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/sparql?query=SELECT%ZZ",
        "/sparql?query=%C3%28",
        "/sparql?query=%",
        "/search?q=%FF%FE",
        "/id/person/%FF",
        "/id/person/abc%G1",
    ],
)
def test_bad_percent_encoding_and_invalid_utf8_get_400(served, path):
    status, body = raw_get(served, path)
    assert status == 400, body
    assert b"Traceback" not in body


def test_bad_bodies_get_400(served):
    form = httpx.post(
        served("/sparql"),
        content=b"query=%E9t%C3",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 400
    direct = httpx.post(
        served("/sparql"),
        content=b"SELECT * WHERE { ?s ?p \xff }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert direct.status_code == 400
    other = httpx.post(served("/sparql"), content=b"{}", headers={"Content-Type": "application/json"})
    assert other.status_code == 415


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/../pyproject.toml",
        "/dumps/..%2f..%2fpyproject.toml",
        "/dumps/%2e%2e/%2e%2e/pyproject.toml",
        "/dumps/..%2F..%2F..%2Fetc%2Fpasswd",
        "/dumps/make_fixture.py",
        "/dumps/.",
        "/dumps/%2e%2e",
        "/id/../../pyproject.toml",
        "/id/person/..%2f..%2f..%2fpyproject.toml",
        "/id/%2e%2e/%2e%2e/x",
        "/id/person/.ttl",
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/app.py",
        "/graph/..%2fmeta",
    ],
)
def test_path_traversal_is_404(served, path):
    status, body = raw_get(served, path)
    assert status == 404, (path, body[:200])
    assert b"[project]" not in body and b"import" not in body and b"root:" not in body


def test_oversized_accept_headers(served):
    noisy = ", ".join(f"application/x-{i};q=0.{i % 9}" for i in range(600))  # ~16 kB
    status, body = raw_get(served, "/sparql?query=" + SMALL.replace(" ", "%20"), {"Accept": noisy})
    assert status in (200, 406)
    status, _ = raw_get(served, "/id/person/anne-le-goff", {"Accept": "text/turtle;q=0.5, " * 1000})
    assert status in (303, 406, 400, 431)
    try:  # beyond uvicorn's header limit: refused, or the connection is dropped unread
        status, _ = raw_get(served, "/", {"Accept": "x" * 200_000})
        assert status in (400, 413, 431)
    except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
        pass
    assert httpx.get(served("/sparql"), params={"query": SMALL}).status_code == 200


def test_deep_nesting_and_paths_do_not_take_the_server_down(served):
    nested = "SELECT * WHERE " + "{ " * 600 + "?s ?p ?o " + "} " * 600
    deep_path = "SELECT * WHERE { ?s " + "/".join(["<http://schema.org/p>"] * 60) + " ?o }"
    star = "SELECT ?s ?o WHERE { ?s (<http://schema.org/mentions>|^<http://schema.org/mentions>)* ?o }"
    for query in (nested, deep_path, star):
        response = httpx.post(served("/sparql"), data={"query": query}, timeout=60)
        assert response.status_code in (200, 400, 413, 500, 503)
        assert "Traceback" not in response.text
    assert httpx.get(served("/sparql"), params={"query": SMALL}).status_code == 200


def test_service_is_refused_by_default(served):
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } LIMIT 1"
    response = httpx.get(served("/sparql"), params={"query": query})
    assert response.status_code == 403 and "SERVICE" in response.text
    hidden = "SELECT * WHERE { # SERVICE in a comment is fine\n ?s ?p 'SERVICE <x>' }"
    assert httpx.get(served("/sparql"), params={"query": hidden}).status_code == 200


def test_service_to_private_addresses_refused_even_when_allowed(tmp_path):
    settings = fixture_settings(tmp_path / "store", service_allowlist=("127.0.0.1", "localhost", "10.1.2.3"))
    with serve(settings) as served:
        for target in (
            "http://127.0.0.1:9/sparql",
            "http://localhost/sparql",
            "http://10.1.2.3/sparql",
            "https://query.wikidata.org/sparql",
        ):
            query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
            response = httpx.get(served("/sparql"), params={"query": query})
            assert response.status_code == 403, target
            assert "private" in response.text or "allow-list" in response.text
