"""The dump's JSON-LD compactor agrees with pyld, the reference implementation."""

from __future__ import annotations

import json

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Dataset
from rdflib.compare import isomorphic

from pipeline.config import CONTEXT_FILE
from pipeline.jsonld import Compactor

NQ = """\
<https://w3id.org/souverain/id/person/jeanne> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/person/jeanne> <http://www.w3.org/2000/01/rdf-schema#label> "Jeanne"@fr <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/person/jeanne> <http://www.w3.org/2000/01/rdf-schema#label> "Jeanne"@en <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/person/jeanne> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q1> <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g> <http://schema.org/amount> <https://w3id.org/souverain/id/grant/g#amount> <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g#amount> <http://schema.org/value> "5000000"^^<http://www.w3.org/2001/XMLSchema#decimal> <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g#amount> <http://schema.org/currency> "EUR" <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g> <http://purl.org/dc/terms/date> "2012"^^<http://www.w3.org/2001/XMLSchema#gYear> <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g> <http://example.org/unknown> "x" <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g> <http://schema.org/about> "not an IRI" <https://w3id.org/souverain/graph/a> .
<https://w3id.org/souverain/id/grant/g> <http://schema.org/about> <http://example.org/thing> <https://w3id.org/souverain/graph/a> .
"""


def test_compacted_graph_expands_to_the_same_rdf_with_pyld_and_rdflib() -> None:
    compactor = Compactor(CONTEXT_FILE)
    quads = list(ox.parse(NQ.encode(), format=ox.RdfFormat.N_QUADS))
    document = {"@context": compactor.context, "@graph": [compactor.graph("https://w3id.org/souverain/graph/a", quads)]}
    expected = Dataset()
    expected.parse(data=NQ, format="nquads")
    from_pyld = Dataset()
    from_pyld.parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nquads")
    from_rdflib = Dataset()
    from_rdflib.parse(data=json.dumps(document), format="json-ld")
    for dataset in (from_pyld, from_rdflib):
        name = next(g.identifier for g in expected.graphs() if len(g))
        assert isomorphic(dataset.graph(name), expected.graph(name))


def test_terms_and_prefixes_are_used() -> None:
    compactor = Compactor(CONTEXT_FILE)
    quads = list(ox.parse(NQ.encode(), format=ox.RdfFormat.N_QUADS))
    nodes = {n["@id"]: n for n in compactor.graph("https://w3id.org/souverain/graph/a", quads)["@graph"]}
    person = nodes["https://w3id.org/souverain/id/person/jeanne"]
    assert person["@type"] == "Person"
    assert person["sameAs"] == "wd:Q1"
    assert {"@value": "Jeanne", "@language": "en"} in person["label"]
