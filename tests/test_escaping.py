"""Hostile text is data, never markup: an article full of `<script>`, `{{ }}`, quotes and brackets
is published and comes back byte-exact from every dump, and escaped on every HTML page.

Scraped pages often carry HTML-escaped code samples (`&lt;script&gt;`): the reader decodes the
entities, so the published article text really contains `<script>`. The sidecar title is
taken as written, so the headline carries a raw tag too. One build, one real server over HTTP.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef

from pipeline.config import Settings
from pipeline.ingest import read_article
from pipeline.vocab import DEFAULT_BASE, SCHEMA

SCRIPT = "<script>alert('souverain')</script>"
TITLE = 'Nuagix <script>alert("titre")</script> & {{ 7*7 }} \'quoted\' <b>gras</b>'
ARTICLE = """Un article piégé sur le nuage

La société Nuagix a annoncé mardi un financement de 30 millions d'euros pour son centre de données de Lyon.
Le code montré en exemple était &lt;script&gt;alert('souverain')&lt;/script&gt; et rien d'autre.
Claire Dubois, présidente de Nuagix, a déclaré : « Nos prix sont < 10 € et > 5 €, "garantis" {{ 7*7 }} {% if x %}. »
Une balise &lt;img src=x onerror="alert(1)"&gt; et un lien &lt;a href='javascript:alert(2)'&gt;clic&lt;/a&gt;
traînaient dans la page.
Marc Lefèvre, directeur général de Cumulus, a signé un partenariat avec Nuagix le 4 juin 2015.
"""
SIDECAR = f"title: '{TITLE.replace(chr(39), chr(39) * 2)}'\nurl: https://exemple.org/article?a=1&b=<2>\n"
HOSTILE = [SCRIPT, "{{ 7*7 }}", "< 10 € et > 5 €", '"garantis"', '<img src=x onerror="alert(1)">',
           "<a href='javascript:alert(2)'>"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """dist/ of the one hostile article, its published text and headline."""
    from pipeline.build import build

    root = tmp_path_factory.mktemp("escaping")
    (root / "in").mkdir()
    article_file = root / "in" / "piege.txt"
    article_file.write_text(ARTICLE, encoding="utf-8")
    (root / "in" / "piege.meta.yaml").write_text(SIDECAR, encoding="utf-8")
    settings = Settings()
    settings.input_dir = root / "in"
    settings.out_dir = root / "dist"
    settings.cache_dir = root / "cache"
    build(settings)
    article = read_article(article_file)
    return root / "dist", article.text, article.headline or ""


def test_the_hostile_strings_are_in_the_published_text(built: tuple[Path, str, str]) -> None:
    _, text, headline = built
    for hostile in HOSTILE:
        assert hostile in text
    assert headline == TITLE


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _literals(graph: Graph | Dataset, predicate: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(None, predicate) if isinstance(o, Literal)}


@pytest.mark.parametrize("name,fmt", [("dataset.ttl", "turtle"), ("dataset.trig", "trig"), ("dataset.nq", "nquads")])
def test_rdf_dumps_give_back_the_exact_text(built: tuple[Path, str, str], name: str, fmt: str) -> None:
    dist, text, headline = built
    graph: Graph | Dataset = Graph() if fmt == "turtle" else Dataset()
    graph.parse(dist / name, format=fmt)
    union = _union(graph) if isinstance(graph, Dataset) else graph
    assert _literals(union, SCHEMA.articleBody) == {text}
    assert headline in _literals(union, SCHEMA.headline)


def test_turtle_dump_escapes_quotes_in_literals(built: tuple[Path, str, str]) -> None:
    """The Turtle writer must escape the quote characters of the text, or the file would not parse."""
    dist, text, _ = built
    turtle = (dist / "dataset.ttl").read_text(encoding="utf-8")
    assert text not in turtle  # the text holds '"': written raw it would end the literal
    assert '\\"garantis\\"' in turtle


def test_jsonld_dump_gives_back_the_exact_text(built: tuple[Path, str, str]) -> None:
    dist, text, headline = built
    document = json.loads((dist / "dataset.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    union = _union(dataset)
    assert _literals(union, SCHEMA.articleBody) == {text}
    assert headline in _literals(union, SCHEMA.headline)


# --- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built: tuple[Path, str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`souverain serve` over the hostile dist/, in a subprocess on a free 127.0.0.1 port."""
    dist, _, _ = built
    port = _free_port()
    store = tmp_path_factory.mktemp("store")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--out", str(dist), "--store", str(store / "s"),
         "--port", str(port), "--no-build"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # wait for the port to answer (the store is built first)
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stdout.read().decode() if process.stdout else ''}")
            try:
                httpx.get(url + "/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()


def _article_path(dist: Path) -> str:
    graph = Graph()
    graph.parse(dist / "dataset.ttl", format="turtle")
    (iri,) = set(graph.subjects(SCHEMA.articleBody, None))
    assert str(iri).startswith(DEFAULT_BASE)
    return "/" + str(iri)[len(DEFAULT_BASE):]


def assert_escaped(html: str) -> None:
    for raw in ("<script>alert", '<script>alert("titre")', "<img src=x", "<a href='javascript", "<b>gras</b>",
                'onerror="alert'):
        assert raw not in html, raw
    assert "{{ 7*7 }}" in html  # shown as written, never evaluated by a template engine


def test_article_page_shows_the_text_escaped(built: tuple[Path, str, str], server: str) -> None:
    dist, _, _ = built
    response = httpx.get(server + _article_path(dist) + ".html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert_escaped(html)
    assert "&lt;script&gt;alert(&#39;souverain&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#34;titre&#34;)&lt;/script&gt;" in html  # the headline, in <title> and <h1>
    assert "&lt; 10 € et &gt; 5 €" in html
    assert "<script" not in html.lower().replace("<script src=", "")


def test_article_data_views_give_back_the_text(built: tuple[Path, str, str], server: str) -> None:
    dist, text, _ = built
    path = _article_path(dist)
    turtle = httpx.get(server + path + ".ttl")
    assert turtle.status_code == 200
    graph = Graph()
    graph.parse(data=turtle.text, format="turtle")
    assert _literals(graph, SCHEMA.articleBody) == {text}
    data = httpx.get(server + path + ".jsonld")
    assert data.status_code == 200
    expanded = jsonld.to_rdf(data.json(), {"format": "application/n-quads"})
    from_json = Graph()
    from_json.parse(data=expanded, format="nt")
    assert _literals(from_json, SCHEMA.articleBody) == {text}


@pytest.mark.parametrize("page", ["/", "/search?q=Nuagix", "/search?q=" + quote(SCRIPT),
                                  "/query?query=" + quote("SELECT * { ?s ?p '" + SCRIPT + "' }")])
def test_other_pages_escape_headlines_and_reflected_input(server: str, page: str) -> None:
    response = httpx.get(server + page)
    assert response.status_code == 200, response.text[:500]
    html = response.text
    for raw in ("<script>alert", '<script>alert("titre")', "<b>gras</b>"):
        assert raw not in html, (page, raw)


def test_unknown_resource_with_markup_in_its_path_is_escaped(server: str) -> None:
    response = httpx.get(server + "/id/article/" + quote("<script>alert(1)</script>") + ".html",
                         headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text
