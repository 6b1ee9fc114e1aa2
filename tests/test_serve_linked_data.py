"""Dereferencing, content negotiation, pages and dumps, over real HTTP (issue 5); escaping (issue 7)."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
import rdflib
from test_serve_support import BASE, FIXTURE, fixture_settings, serve

ANNE = "/id/person/anne-le-goff"
ARTICLE = "/id/article/ker-nuage-leve-des-fonds"
HOSTILE = "/id/article/balises-et-accolades"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve(fixture_settings(tmp_path_factory.mktemp("store") / "store")) as handle:
        yield handle


@pytest.mark.parametrize(
    "accept,target",
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", ANNE + ".html"),
        ("text/turtle", ANNE + ".ttl"),
        ("application/ld+json", ANNE + ".jsonld"),
        ("application/n-triples", ANNE + ".nt"),
        ("*/*", ANNE + ".html"),
    ],
)
def test_iri_answers_303_by_accept(served, accept, target):
    response = httpx.get(served(ANNE), headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == target
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize("ext,fmt", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_data_documents_parse_and_describe_the_resource(served, ext, fmt):
    response = httpx.get(served(f"/id/grant/region-bretagne-ker-nuage.{ext}"))
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    grant = rdflib.URIRef(f"{BASE}id/grant/region-bretagne-ker-nuage")
    amount = rdflib.URIRef(f"{grant}#amount")
    assert (grant, rdflib.URIRef("http://schema.org/amount"), amount) in graph
    value = graph.value(amount, rdflib.URIRef("http://schema.org/value"))
    assert value is not None and float(value) == 12_000_000.0


@pytest.mark.parametrize(
    "accept,media_type",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/html", "text/html"),
        ("application/n-triples", "application/n-triples"),
    ],
)
def test_unknown_iri_is_404_in_the_asked_format(served, accept, media_type):
    response = httpx.get(served("/id/person/nobody-at-all"), headers={"Accept": accept})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(media_type)
    if media_type == "text/turtle":
        assert len(rdflib.Graph().parse(data=response.text, format="turtle")) == 0
    if media_type == "application/ld+json":
        assert json.loads(response.text)["error"]["status"] == 404


def test_unknown_iri_with_extension_is_404(served):
    assert httpx.get(served("/id/person/nobody.ttl")).status_code == 404
    assert httpx.get(served("/id/person/nobody.html")).status_code == 404


def test_dumps_are_listed_with_checksums_and_served_with_media_types(served):
    index = httpx.get(served("/dumps/"))
    sums = (FIXTURE / "SHA256SUMS").read_text().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert name in index.text and digest in index.text
    expected = {
        "dataset.nq": "application/n-quads",
        "dataset.trig": "application/trig",
        "dataset.ttl": "text/turtle",
        "dataset.jsonld": "application/ld+json",
        "SHA256SUMS": "text/plain",
    }
    for name, media_type in expected.items():
        response = httpx.get(served(f"/dumps/{name}"))
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
        if name != "SHA256SUMS":
            assert any(hashlib.sha256(response.content).hexdigest() == line.split("  ")[0] for line in sums)
    assert httpx.get(served("/dumps/nothing.nq")).status_code == 404


def test_home_page(served):
    page = httpx.get(served("/")).text
    assert "Articles" in page and "Grants" in page
    assert "dataset.nq" in page and "Money per funder" in page
    assert 'href="/id/article/ker-nuage-leve-des-fonds.html"' in page


def test_entity_page_shows_facts_evidence_mentions_and_wikidata(served):
    page = httpx.get(served("/id/organization/region-bretagne.html")).text
    assert "Région Bretagne" in page
    assert "https://www.wikidata.org/entity/Q12130" in page and "Q12130" in page
    assert "funds" in page and "12\u202f000\u202f000 EUR" in page
    assert "reçoit 12 millions d&#39;euros" in page  # the evidence, escaped
    assert 'href="/id/organization/ker-nuage.html"' in page  # labels linked, not raw IRIs
    assert "Mentioned in" in page and "<mark>Région Bretagne</mark>" in page
    person = httpx.get(served(ANNE + ".html")).text
    assert "présidente" in person and "Ker Nuage" in person and "said" in person


def test_article_page_highlights_mentions_and_puts_facts_beside_evidence(served):
    page = httpx.get(served(ARTICLE + ".html")).text
    assert '<a class="mention" id="at-' in page
    assert 'href="/id/person/anne-le-goff.html" title="Anne Le Goff">Anne Le Goff</a>' in page
    assert "was founded by" in page and "créée par Anne Le Goff et Crédit Armor" in page


def test_untrusted_text_is_escaped_everywhere(served):
    page = httpx.get(served(HOSTILE + ".html")).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "49" not in page
    assert "<b>gras</b>" not in page and "&lt;b&gt;gras&lt;/b&gt;" in page
    data = httpx.get(served(HOSTILE + ".jsonld")).json()
    assert any("<script>alert('x')</script>" in json.dumps(node, ensure_ascii=False) for node in data)
    turtle = httpx.get(served(HOSTILE + ".ttl")).text
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert any("<b>gras</b>" in str(o) for o in graph.objects())
    assert "content-security-policy" in httpx.get(served(HOSTILE + ".html")).headers


def test_search_by_label(served):
    page = httpx.get(served("/search"), params={"q": "nuage"}).text
    assert 'href="/id/organization/ker-nuage.html"' in page
    assert "Nothing labelled" in httpx.get(served("/search"), params={"q": "<zzz>"}).text
    assert "&lt;zzz&gt;" in httpx.get(served("/search"), params={"q": "<zzz>"}).text


def test_named_graph_iri_serves_its_triples(served):
    response = httpx.get(served("/graph/consortium-rhone-donnees"), headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (
        rdflib.URIRef(f"{BASE}id/organization/rhone-donnees"),
        rdflib.URIRef("http://www.w3.org/ns/org#hasMember"),
        rdflib.URIRef(f"{BASE}id/organization/calcul-sud"),
    ) in graph
    assert httpx.get(served("/graph/unknown")).status_code == 404


def test_query_page_and_browser_view_of_sparql(served):
    page = httpx.get(served("/sparql"), headers={"Accept": "text/html"}).text
    assert 'id="query-form"' in page and "query.js" in page
    assert httpx.get(served("/static/query.js")).status_code == 200


def test_base_is_mapped_onto_the_server(tmp_path):
    settings = fixture_settings(tmp_path / "store")
    with serve(settings) as served:
        response = httpx.get(served("/id/organization/ker-nuage.ttl"))
        graph = rdflib.Graph().parse(data=response.text, format="turtle")
        assert rdflib.URIRef(f"{BASE}id/organization/ker-nuage") in set(graph.subjects())
