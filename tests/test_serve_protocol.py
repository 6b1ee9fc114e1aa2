"""SPARQL 1.1 Protocol over real HTTP, with SPARQLWrapper as the client (issue 5).

Every query form, every result format re-parsed, both POST encodings,
dataset parameters, errors, refused updates.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
from decimal import Decimal

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from test_serve_support import BASE, fixture_settings, serve

PREFIXES = "PREFIX schema: <http://schema.org/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LABELS = PREFIXES + "SELECT ?s ?label WHERE { ?s a schema:Person ; rdfs:label ?label } ORDER BY ?label"
FUNDING = (
    PREFIXES
    + """SELECT ?funder (SUM(?v) AS ?total) WHERE {
  ?g a schema:MonetaryGrant ; schema:funder/rdfs:label ?funder ;
     schema:amount/schema:value ?v . } GROUP BY ?funder"""
)
CONSTRUCT = PREFIXES + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a schema:Person ; rdfs:label ?l }"
PERSONS = {f"{BASE}id/person/anne-le-goff", f"{BASE}id/person/paul-vidal"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve(fixture_settings(tmp_path_factory.mktemp("store") / "store", query_timeout=20.0)) as handle:
        yield handle


def client(served, query: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(served("/sparql"))
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "form":
        sparql.setMethod(POST)
    elif method == "direct":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


@pytest.mark.parametrize("method", [None, "form", "direct"])
def test_select_json_by_every_method(served, method):
    result = client(served, LABELS, JSON, method).query().convert()
    assert result["head"]["vars"] == ["s", "label"]
    rows = result["results"]["bindings"]
    assert {r["s"]["value"] for r in rows} == PERSONS
    assert rows[0]["label"] == {"type": "literal", "value": "Anne Le Goff", "xml:lang": "fr"}


def test_select_xml_reparsed(served):
    document = client(served, LABELS, XML).query().convert()
    values = [
        b.getElementsByTagName("uri")[0].firstChild.data
        for b in document.getElementsByTagName("binding")
        if b.getAttribute("name") == "s"
    ]
    assert set(values) == PERSONS
    literal = document.getElementsByTagName("literal")[0]
    assert literal.getAttribute("xml:lang") == "fr"


def test_select_csv_and_tsv_reparsed(served):
    rows = list(csv.reader(io.StringIO(client(served, LABELS, CSV).query().convert().decode("utf-8"))))
    assert rows[0] == ["s", "label"]
    assert {r[0] for r in rows[1:]} == PERSONS
    tsv = client(served, LABELS, TSV).query().convert().decode("utf-8").splitlines()
    assert tsv[0] == "?s\t?label"
    assert any(line.split("\t")[1] == '"Anne Le Goff"@fr' for line in tsv[1:])


def test_funding_sum_counts_each_grant_once(served):
    rows = client(served, FUNDING).query().convert()["results"]["bindings"]
    assert len(rows) == 1
    assert Decimal(rows[0]["total"]["value"]) == Decimal("15000000")


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask(served, fmt):
    result = client(served, PREFIXES + "ASK { ?s a schema:Quotation }", fmt).query().convert()
    if fmt == JSON:
        assert result["boolean"] is True
    elif fmt == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result.decode().strip() == "true"


@pytest.mark.parametrize(
    "fmt,rdflib_format", [(TURTLE, "turtle"), (N3, "turtle"), (RDFXML, None), (JSONLD, None)]
)
def test_construct_every_format_reparsed(served, fmt, rdflib_format):
    result = client(served, CONSTRUCT, fmt).query().convert()
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(data=result, format=rdflib_format)
    )
    assert {str(s) for s in graph.subjects()} == PERSONS
    assert rdflib.Literal("Paul Vidal", lang="fr") in set(graph.objects())


def test_construct_ntriples_by_accept(served):
    import httpx

    response = httpx.get(
        served("/sparql"), params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    assert len(graph) == 2


def test_describe(served):
    result = client(served, f"DESCRIBE <{BASE}id/person/paul-vidal>", TURTLE).query().convert()
    graph = rdflib.Graph().parse(data=result, format="turtle")
    assert (
        rdflib.URIRef(f"{BASE}id/person/paul-vidal"),
        rdflib.RDFS.label,
        rdflib.Literal("Paul Vidal", lang="fr"),
    ) in graph


def test_named_graphs_stay_queryable(served):
    query = PREFIXES + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a schema:Person } } ORDER BY ?g"
    graphs = [r["g"]["value"] for r in client(served, query).query().convert()["results"]["bindings"]]
    assert graphs == [
        f"{BASE}graph/balises-et-accolades",
        f"{BASE}graph/consortium-rhone-donnees",
        f"{BASE}graph/ker-nuage-leve-des-fonds",
    ]


def test_default_graph_uri_restricts_the_dataset(served):
    sparql = client(served, PREFIXES + "SELECT ?p WHERE { ?p a schema:Person }")
    sparql.addParameter("default-graph-uri", f"{BASE}graph/balises-et-accolades")
    rows = sparql.query().convert()["results"]["bindings"]
    assert [r["p"]["value"] for r in rows] == [f"{BASE}id/person/paul-vidal"]


def test_named_graph_uri(served):
    sparql = client(served, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sparql.addParameter("named-graph-uri", f"{BASE}graph/meta")
    rows = sparql.query().convert()["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [f"{BASE}graph/meta"]


def test_syntax_error_is_400_with_position(served):
    with pytest.raises(QueryBadFormed) as caught:
        client(served, "SELECT ?s WHERE { ?s ?p }").query()
    assert "1:" in str(caught.value) and "Traceback" not in str(caught.value)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
        "PREFIX ex: <http://example.org/>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
        "LOAD <http://example.org/data.ttl>",
    ],
)
def test_updates_are_refused(served, update):
    with pytest.raises(urllib.error.HTTPError) as caught:
        client(served, update, JSON, "form").query()
    assert caught.value.code == 403
    assert "read-only" in caught.value.read().decode()


def test_update_parameter_and_media_type_refused(served):
    import httpx

    assert httpx.post(served("/sparql"), data={"update": "CLEAR ALL"}).status_code == 403
    response = httpx.post(
        served("/sparql"), content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 403
    count = client(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").query().convert()
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 100


def test_error_shape_is_fixed(served):
    import httpx

    response = httpx.get(
        served("/sparql"), params={"query": "SELECT"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "title", "detail"}
    assert body["error"]["status"] == 400 and body["error"]["title"] == "Bad Request"


def test_service_description(served):
    import httpx

    response = httpx.get(served("/sparql"), headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(served("/sparql")), rdflib.RDF.type, sd.Service) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph


def test_cors_head_options_gzip(served):
    import httpx

    query = {"query": LABELS}
    response = httpx.get(
        served("/sparql"), params=query, headers={"Origin": "https://example.org", "Accept-Encoding": "gzip"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(
        served("/sparql"),
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    plain = httpx.options(served("/sparql"))
    assert plain.status_code == 204 and "POST" in plain.headers["allow"]
    head = httpx.head(served("/sparql"), params=query)
    assert head.status_code == 200 and head.content == b""
    big = httpx.get(
        served("/sparql"),
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept-Encoding": "gzip"},
    )
    assert big.headers["content-encoding"] == "gzip"
    assert json.loads(big.text)["results"]["bindings"]


def test_format_parameter_for_browsers(served):
    import httpx

    response = httpx.get(
        served("/sparql"), params={"query": LABELS, "format": "csv"}, headers={"Accept": "text/html"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    page = httpx.get(served("/sparql"), params={"query": LABELS}, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "Anne" not in page.text
    assert "rdfs:label ?label" in page.text


def test_unacceptable_format_is_406(served):
    import httpx

    response = httpx.get(served("/sparql"), params={"query": LABELS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
