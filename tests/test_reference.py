"""Reference data: the shipped extract, extra files, live SPARQL endpoints over real HTTP, ruler patterns."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
import spacy
from rdflib import Graph

from pipeline.config import REFERENCE_FILE, shared_dir
from pipeline.errors import ReferenceDataError
from pipeline.link import Linker
from pipeline.reference import load_reference, normalize_key, ruler_patterns, surface_core

FIXTURES = Path(__file__).parent / "fixtures" / "link"
SHARED_WIKIDATA = shared_dir() / "wikidata"


# --- shipped extract ------------------------------------------------------------------------


def test_shipped_extract_holds_every_verified_item_and_nothing_else():
    reference = load_reference(warn=pytest.fail)
    tsv_qids = {
        line.split("\t")[0]
        for line in (SHARED_WIKIDATA / "entities.tsv").read_text(encoding="utf-8").splitlines()[1:]
        if line.strip()
    }
    assert {item.qid for item in reference.entries()} == tsv_qids


def test_shipped_extract_contains_every_triple_of_the_shared_reference():
    ours = Graph().parse(REFERENCE_FILE, format="turtle")
    shared = Graph().parse(SHARED_WIKIDATA / "reference.ttl", format="turtle")
    missing = [t for t in shared if t not in ours]
    assert missing == []


def test_shipped_extract_is_up_to_date_with_its_generator():
    script = REFERENCE_FILE.parents[1] / "scripts" / "build_reference.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_items_carry_coarse_kinds_and_types():
    reference = load_reference()
    assert reference.get("Q1431486").kind == "ORG"
    assert reference.get("Q187796").kind == "LOC"
    assert reference.get("Q2142823").kind == "PER"
    assert reference.get("Q5").kind == "CLASS"
    france = reference.get("Q142")
    assert france.polity and "Q6256" in france.p31
    assert reference.get("Q846484").labels["fr"] == "Caisse des dépôts et consignations"
    assert "CDC" in reference.get("Q846484").aliases


def test_version_is_stable_and_follows_content(tmp_path):
    first, second = load_reference(), load_reference()
    assert first.version == second.version and len(first.version) == 16
    with_extra = load_reference([str(FIXTURES / "extra.ttl")])
    assert with_extra.version != first.version


def test_extra_turtle_and_ntriples_files_add_items():
    reference = load_reference([str(FIXTURES / "extra.ttl"), str(FIXTURES / "extra.nt")])
    vela = reference.get("Q900000001")
    assert vela.kind == "ORG"  # from wdt:P31 business, through the class's project-asserted instance kind
    assert vela.description.startswith("éditeur")
    assert reference.get("Q900000004").kind == "LOC"
    assert reference.get("Q900000006").kind == "CLASS"  # has wdt:P279: a class, never a candidate
    assert reference.get("Q900000010").aliases == ["NN"]
    assert {i.qid for i in reference.candidates("Nimbus numerique")} == {"Q900000010"}


def test_a_missing_or_malformed_file_is_an_error(tmp_path):
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_reference([str(tmp_path / "absent.ttl")])
    bad = tmp_path / "bad.ttl"
    bad.write_text("wd:Q1 rdfs:label ", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not valid"):
        load_reference([str(bad)])
    other = tmp_path / "data.csv"
    other.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="unsupported"):
        load_reference([str(other)])


# --- normalization ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("l'Etat", "l’État"),
        ("la CDC", "CDC"),
        ("C.D.C.", "CDC"),
        ("Caisse des Dépôts", "la caisse des depots"),
        ("Hewlett-Packard", "Hewlett Packard"),
        ("Les Échos", "les echos"),
        ("Thalès", "THALES"),
        ("« Orange »", "Orange"),
    ],
)
def test_normalized_keys_ignore_typography_case_accents_and_articles(a, b):
    assert normalize_key(a) == normalize_key(b)


@pytest.mark.parametrize(("a", "b"), [("plan Cloud Computing", "cloud computing"), ("Orange", "Orange SA")])
def test_normalized_keys_keep_words(a, b):
    assert normalize_key(a) != normalize_key(b)


def test_surface_core_keeps_case_and_accents():
    assert surface_core("la Caisse des Dépôts") == "Caisse des Dépôts"
    assert surface_core("l’État") == "État"


# --- entity ruler patterns --------------------------------------------------------------------


def test_ruler_patterns_skip_common_words_classes_and_mixed_kind_homonyms():
    patterns = ruler_patterns(load_reference())
    by_text = {p["pattern"]: p for p in patterns}
    assert all(p["pattern"][0].isupper() or p["pattern"][0].isdigit() for p in patterns)
    for common in ("orange", "pomme", "breton", "entreprise", "société"):
        assert common not in by_text
    assert "Orange" not in by_text  # company, commune and river share it: NER + linker decide
    assert by_text["Thales"] == {"label": "ORG", "pattern": "Thales", "id": "Q1161666"}
    assert "Thalès" not in by_text  # the company's alias and the philosopher's: PER vs ORG
    assert by_text["Andromède"] == {"label": "MISC", "pattern": "Andromède"}  # two MISC items: no id
    assert by_text["Caisse des Dépôts"]["id"] == "Q846484"  # leading "la" dropped from the alias
    assert by_text["Etats-Unis"]["id"] == "Q30"  # unaccented capital, as the press writes it
    assert not any("(" in p["pattern"] for p in patterns)


def test_ruler_patterns_work_in_a_spacy_entity_ruler():
    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(ruler_patterns(load_reference()))
    doc = nlp("Selon la Caisse des Dépôts, Thales et SFR vendront une orange à Paris.")
    found = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Caisse des Dépôts", "ORG", "Q846484") in found
    assert ("Thales", "ORG", "Q1161666") in found
    assert ("SFR", "ORG", "Q218765") in found
    assert ("Paris", "LOC", "Q90") in found
    assert not any(e.text == "orange" for e in doc.ents)


def test_linker_patterns_drop_ids_the_curator_forbids():
    patterns = {p["pattern"]: p for p in Linker(load_reference()).ruler_patterns()}
    assert patterns["Bercy"] == {"label": "LOC", "pattern": "Bercy"}


# --- live SPARQL endpoints over real HTTP -------------------------------------------------------


@dataclass
class EndpointServer:
    """A small SPARQL endpoint on 127.0.0.1 over a pyoxigraph store, with a slow and a broken path."""

    url: str
    store: ox.Store
    agents: list[str] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    down: bool = False


def _handler(server: EndpointServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _answer(self, query: str) -> None:
            path = urllib.parse.urlsplit(self.path).path
            server.agents.append(self.headers.get("User-Agent", ""))
            server.hits[path] = server.hits.get(path, 0) + 1
            if path == "/slow":
                time.sleep(2.5)
            if path == "/broken" or server.down:
                self.send_response(500)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"internal error")
                return
            try:
                body = server.store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
            except SyntaxError as exc:
                self.send_response(400)
                self.end_headers()
                self.wfile.write(str(exc).encode())
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            self._answer(params.get("query", [""])[0])

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            params = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            self._answer(params.get("query", [""])[0])

    return Handler


@pytest.fixture
def endpoint() -> Iterator[EndpointServer]:
    store = ox.Store()
    store.load(path=str(REFERENCE_FILE), format=ox.RdfFormat.TURTLE)
    store.load(path=str(FIXTURES / "endpoint.ttl"), format=ox.RdfFormat.TURTLE)
    state = EndpointServer(url="", store=store)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_live_endpoint_finds_items_the_extract_lacks(endpoint, tmp_path):
    warnings: list[str] = []
    url = f"{endpoint.url}/sparql"
    reference = load_reference([url], cache_dir=tmp_path, timeout=2, warn=warnings.append)
    assert warnings == []
    linker = Linker(reference)
    decision = linker.link("Stratocumulus Hébergement", "ORG")
    assert decision.qid == "Q900000020"
    assert linker.link("Stratocumulus", "ORG", ["hébergeur", "informatique"]).qid == "Q900000020"
    assert linker.link("Cirrus", "PER").qid == "Q900000021"
    assert linker.link("Cirrus", "ORG").qid is None  # an ORG mention never links to a person
    assert linker.link("Caisse des Dépôts", "ORG").qid == "Q846484"  # offline items still there
    assert all(agent.startswith("souverain/") for agent in endpoint.agents)
    assert list((tmp_path / "reference").glob("*.json"))  # answers cached, keyed by query


def test_cached_answers_serve_when_the_endpoint_fails_later(endpoint, tmp_path):
    url = f"{endpoint.url}/sparql"
    first = Linker(load_reference([url], cache_dir=tmp_path, timeout=2, retries=0, warn=pytest.fail))
    assert first.link("Stratocumulus", "ORG").qid == "Q900000020"
    endpoint.down = True
    warnings: list[str] = []
    second = Linker(load_reference([url], cache_dir=tmp_path, timeout=2, retries=0, warn=warnings.append))
    assert len(warnings) == 1 and "500" in warnings[0] and "offline" in warnings[0]
    assert second.link("Stratocumulus", "ORG").qid == "Q900000020"  # from the disk cache
    assert second.link("Nébulosité Inconnue", "ORG").qid is None  # not cached: NIL, no crash


def test_an_endpoint_answering_500_is_retried_then_dropped_with_a_warning(endpoint, tmp_path):
    warnings: list[str] = []
    reference = load_reference(
        [f"{endpoint.url}/broken"], cache_dir=tmp_path, timeout=2, retries=2, warn=warnings.append
    )
    assert endpoint.hits["/broken"] == 3  # one try and two retries with backoff
    assert len(warnings) == 1
    assert "500" in warnings[0] and "continuing offline" in warnings[0]
    linker = Linker(reference)
    assert linker.link("Thierry Breton", "PER").qid == "Q2142823"
    assert linker.link("Stratocumulus", "ORG").qid is None
    assert len(warnings) == 1  # said once, not at every lookup


def test_an_endpoint_that_times_out_is_dropped_with_a_warning(endpoint, tmp_path):
    warnings: list[str] = []
    url = f"{endpoint.url}/slow"
    reference = load_reference([url], cache_dir=tmp_path, timeout=1, retries=0, warn=warnings.append)
    assert len(warnings) == 1
    assert "timed out" in warnings[0] and "continuing offline" in warnings[0]
    assert Linker(reference).link("Atos", "ORG").qid == "Q1032522"


def test_an_unreachable_endpoint_is_dropped_with_a_warning(tmp_path):
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]  # a port nobody listens on once closed
    warnings: list[str] = []
    reference = load_reference(
        [f"http://127.0.0.1:{port}/sparql"], cache_dir=tmp_path, timeout=1, retries=0, warn=warnings.append
    )
    assert len(warnings) == 1 and "continuing offline" in warnings[0]
    assert Linker(reference).link("SFR", "ORG").qid == "Q218765"
