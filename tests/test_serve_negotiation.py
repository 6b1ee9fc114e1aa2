"""The Accept parser and the media-type tables, on their own."""

from __future__ import annotations

from pipeline.serve import negotiation as nt


def test_missing_or_empty_accept_means_anything():
    assert nt.best_match(nt.parse_accept(None), nt.SOLUTIONS_TYPES) == nt.JSON_RESULTS
    assert nt.best_match(nt.parse_accept("  "), nt.GRAPH_TYPES) == nt.TURTLE


def test_quality_and_specificity_order():
    ranges = nt.parse_accept("text/*;q=0.5, text/csv;q=0.9, */*;q=0.1")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "csv", 0.9),
        ("text", "*", 0.5),
        ("*", "*", 0.1),
    ]
    assert nt.best_match(ranges, nt.SOLUTIONS_TYPES) == nt.CSV


def test_most_specific_range_decides_a_types_quality():
    assert nt.best_match(nt.parse_accept("text/*, text/csv;q=0"), (nt.CSV, nt.TSV)) == nt.TSV
    assert nt.best_match(nt.parse_accept("*/*;q=0"), nt.SOLUTIONS_TYPES) is None


def test_synonyms_of_our_types():
    assert nt.best_match(nt.parse_accept("application/json"), nt.SOLUTIONS_TYPES) == nt.JSON_RESULTS
    assert nt.best_match(nt.parse_accept("application/json"), nt.GRAPH_TYPES) == nt.JSONLD
    assert nt.best_match(nt.parse_accept("application/xml"), nt.GRAPH_TYPES) == nt.RDFXML
    assert nt.best_match(nt.parse_accept("application/x-turtle"), nt.GRAPH_TYPES) == nt.TURTLE


def test_browser_accept_prefers_html():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert nt.best_match(nt.parse_accept(browser), nt.DOCUMENT_TYPES) == nt.HTML
    assert nt.best_match(nt.parse_accept("*/*"), (nt.JSON_RESULTS, nt.TURTLE, nt.HTML)) == nt.JSON_RESULTS


def test_malformed_entries_are_skipped_and_nothing_raises():
    for header in (
        "garbage",
        ";;;,,,",
        "text/",
        "/csv",
        "*/csv",
        "text/csv;q=abc",
        "text/csv;q=nan",
        "text/csv;q=7",
        "\x00\xff/\u2603",
        "a/b;" * 5000,
    ):
        ranges = nt.parse_accept(header)
        assert all(0.0 <= r.q <= 1.0 for r in ranges)
    assert (
        nt.best_match(nt.parse_accept("text/csv;q=abc, text/tab-separated-values"), (nt.CSV, nt.TSV))
        == nt.TSV
    )


def test_parsing_is_bounded_for_huge_headers():
    header = ", ".join(f"type{i}/sub{i}" for i in range(100_000))
    assert len(nt.parse_accept(header)) <= nt.MAX_RANGES


def test_format_parameter_wins_and_depends_on_the_kind():
    assert nt.negotiate("text/html", nt.SOLUTIONS_TYPES, "solutions", "xml") == nt.XML_RESULTS
    assert nt.negotiate("text/html", nt.GRAPH_TYPES, "graph", "xml") == nt.RDFXML
    assert nt.negotiate(None, nt.GRAPH_TYPES, "graph", "json") == nt.JSONLD
    assert nt.negotiate(None, nt.SOLUTIONS_TYPES, "solutions", "text/csv") == nt.CSV
    assert nt.negotiate("text/tab-separated-values", nt.SOLUTIONS_TYPES, "solutions", "nonsense") == nt.TSV
