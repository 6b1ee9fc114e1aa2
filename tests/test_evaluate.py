"""The evaluator's counting rules, on small hand-made datasets and gold files.

`tests/fixtures/evaluate/` holds one article ("art-a") with one case of each
rule, an article of the gold absent from the dataset ("art-b") and an article
of the dataset without gold ("art-c"). Smaller cases are written inline.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from pipeline.config import shared_dir
from pipeline.errors import InputError
from pipeline.evaluate import (
    CATEGORIES,
    EvaluationResult,
    Scores,
    evaluate,
    format_report,
    load_gold,
    normalize_name,
    normalize_quote,
    normalize_role,
)

FIXTURES = Path(__file__).parent / "fixtures" / "evaluate"
SHARED_GOLD = shared_dir() / "gold" / "seeds"

PREFIXES = textwrap.dedent("""\
    @prefix schema: <http://schema.org/> .
    @prefix org: <http://www.w3.org/ns/org#> .
    @prefix oa: <http://www.w3.org/ns/oa#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix wd: <http://www.wikidata.org/entity/> .
    @prefix sov: <https://w3id.org/souverain/ontology#> .
    @prefix graph: <https://w3id.org/souverain/graph/> .
    @prefix art: <https://w3id.org/souverain/id/article/> .
    @prefix o: <https://w3id.org/souverain/id/organization/> .
    @prefix pl: <https://w3id.org/souverain/id/place/> .
    @prefix g: <https://w3id.org/souverain/id/grant/> .
    @prefix f: <https://w3id.org/souverain/id/founding/> .
""")


@pytest.fixture(scope="module")
def result() -> EvaluationResult:
    return evaluate(FIXTURES / "dataset.trig", FIXTURES / "gold")


def scores_of(result: EvaluationResult, article: str, category: str) -> tuple[int, int, int]:
    found = next(a for a in result.articles if a.article == article)
    s = found.scores[category]
    return s.tp, s.fp, s.fn


def errors_of(result: EvaluationResult, article: str, category: str, kind: str) -> list[str]:
    return [e.detail for e in result.errors if (e.article, e.category, e.kind) == (article, category, kind)]


def run_inline(tmp_path: Path, graph_body: str, gold_yaml: str) -> EvaluationResult:
    """Evaluate one article "x" whose graph is `graph_body` (Turtle) against `gold_yaml`."""
    article = "<https://w3id.org/souverain/id/article/x> a schema:NewsArticle ; schema:identifier \"x\" ."
    trig = PREFIXES + "graph:x {\n" + article + "\n" + textwrap.dedent(graph_body) + "\n}\n"
    (tmp_path / "dataset.trig").write_text(trig, encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "x.yaml").write_text("article: x\n" + textwrap.dedent(gold_yaml), encoding="utf-8")
    return evaluate(tmp_path / "dataset.trig", gold_dir)


# --- entities -------------------------------------------------------------


def test_entities_count_hits_duplicates_false_positives_and_misses(result: EvaluationResult) -> None:
    # 7 found (by QID, by label despite a wrong link, by normalized label, by a
    # mention surface); "Martin" repeats Alice Martin and "Lundi" is spurious;
    # Marc Durand is only an event attendee, never mentioned: a miss.
    assert scores_of(result, "art-a", "entities") == (7, 2, 1)
    assert errors_of(result, "art-a", "entities", "miss") == ["Marc Durand (NIL)"]
    assert len(errors_of(result, "art-a", "entities", "duplicate")) == 1
    assert "Martin" in errors_of(result, "art-a", "entities", "duplicate")[0]
    assert len(errors_of(result, "art-a", "entities", "false_positive")) == 1
    assert "Lundi" in errors_of(result, "art-a", "entities", "false_positive")[0]


def test_entity_matching_an_optional_gold_entity_is_neither_hit_nor_error(result: EvaluationResult) -> None:
    details = [e.detail for e in result.errors if e.category == "entities"]
    assert not any("Gouvernement" in d for d in details)


def test_entity_matches_by_qid_even_when_no_name_agrees(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        art:x schema:mentions o:ftl .
        o:ftl rdfs:label "FTL Groupe"@fr ; owl:sameAs wd:Q42 .
        """, """
        entities:
          - {label: France Télécom, type: ORG, surface: [France Télécom], qid: Q42}
        """)
    assert scores_of(res, "x", "entities") == (1, 0, 0)
    assert scores_of(res, "x", "linking") == (1, 0, 0)


def test_entity_matching_prefers_the_correct_link_among_homonyms(tmp_path: Path) -> None:
    # Two resources named "Orange": the company (right QID) and the town.
    res = run_inline(tmp_path, """
        art:x schema:mentions pl:orange , o:orange .
        pl:orange rdfs:label "Orange"@fr ; owl:sameAs wd:Q9 .
        o:orange rdfs:label "Orange"@fr ; owl:sameAs wd:Q7 .
        """, """
        entities:
          - {label: Orange, type: ORG, surface: [Orange], qid: Q7}
        """)
    assert scores_of(res, "x", "entities") == (1, 1, 0)
    assert scores_of(res, "x", "linking") == (1, 0, 0)
    assert "place/orange" in errors_of(res, "x", "entities", "duplicate")[0]


# --- linking --------------------------------------------------------------


def test_linking_counts_correct_wrong_unlinked_and_nil_linked(result: EvaluationResult) -> None:
    # Nuvola right; Banque publique wrong (fp and fn); Ville Haute unlinked (fn);
    # Projet Ciel is NIL in gold and got a link (fp, reported apart).
    assert scores_of(result, "art-a", "linking") == (1, 2, 2)
    linking = {kind: errors_of(result, "art-a", "linking", kind)
               for kind in ("wrong_link", "unlinked", "nil_linked")}
    assert linking == {
        "wrong_link": ["Banque publique (Q200) linked to ['Q999']"],
        "unlinked": ["Ville Haute (Q300) has no owl:sameAs"],
        "nil_linked": ["Projet Ciel (NIL in gold) linked to ['Q555']"],
    }
    assert result.nil_linked == 1


def test_linking_recall_counts_gold_entities_that_were_not_extracted(result: EvaluationResult) -> None:
    assert scores_of(result, "art-b", "linking") == (0, 0, 1)


def test_a_second_link_on_a_correctly_linked_entity_is_a_wrong_link(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        art:x schema:mentions o:atlas .
        o:atlas rdfs:label "Atlas"@fr ; owl:sameAs wd:Q5 , wd:Q6 .
        """, """
        entities:
          - {label: Atlas, type: ORG, surface: [Atlas], qid: Q5}
        """)
    assert scores_of(res, "x", "linking") == (1, 1, 0)


# --- facts ----------------------------------------------------------------


def test_roles_match_role_words_and_former(result: EvaluationResult) -> None:
    # "pdg" through the role concept's prefLabel, "ministre de l'industrie"
    # through sov:roleLabel without its "ancienne"; the "présidente" role has
    # former true where the gold has not: FP and miss. The optional analyst
    # role, found, is not counted.
    assert scores_of(result, "art-a", "roles") == (2, 1, 1)
    assert errors_of(result, "art-a", "roles", "miss") == [
        "person=Alice Martin, role=présidente, org=Banque publique"
    ]


def test_fundings_match_amounts_totals_and_intermediaries(result: EvaluationResult) -> None:
    # 60 M through a bank: hit; 150 M total over two recipients: hit; 3 M
    # where the gold says 30 M: FP and miss; the optional unstated amount: nothing.
    assert scores_of(result, "art-a", "fundings") == (2, 1, 1)
    [fp] = errors_of(result, "art-a", "fundings", "false_positive")
    assert "amount=3000000" in fp


def test_funding_with_an_intermediary_the_gold_does_not_state_is_wrong(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        g:g a schema:MonetaryGrant ; schema:funder o:a ; schema:fundedItem o:b ;
            sov:through o:c ; schema:amount g:g-amount .
        g:g-amount schema:value "5000000"^^xsd:decimal ; schema:currency "EUR" .
        o:a rdfs:label "Alpha"@fr .
        o:b rdfs:label "Beta"@fr .
        o:c rdfs:label "Gamma"@fr .
        """, """
        entities: []
        fundings:
          - {funder: Alpha, recipient: Beta, amount_eur: 5000000}
        """)
    assert scores_of(res, "x", "fundings") == (0, 1, 1)


def test_funding_in_another_currency_does_not_match_an_amount_in_euros(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        g:g a schema:MonetaryGrant ; schema:funder o:a ; schema:fundedItem o:b ;
            schema:amount g:g-amount .
        g:g-amount schema:value "5000000"^^xsd:decimal ; schema:currency "USD" .
        o:a rdfs:label "Alpha"@fr .
        o:b rdfs:label "Beta"@fr .
        """, """
        entities: []
        fundings:
          - {funder: Alpha, recipient: Beta, amount_eur: 5000000}
        """)
    assert scores_of(res, "x", "fundings") == (0, 1, 1)


def test_the_same_grant_published_twice_counts_once_and_then_as_a_duplicate(tmp_path: Path) -> None:
    grant = """
        g:{n} a schema:MonetaryGrant ; schema:funder o:a ; schema:fundedItem o:b ;
            schema:amount g:{n}-amount .
        g:{n}-amount schema:value "7000000"^^xsd:decimal .
    """
    res = run_inline(tmp_path, grant.format(n="g1") + grant.format(n="g2") + """
        o:a rdfs:label "Alpha"@fr .
        o:b rdfs:label "Beta"@fr .
        """, """
        entities: []
        fundings:
          - {funder: Alpha, recipient: Beta, amount_eur: 7000000}
        """)
    assert scores_of(res, "x", "fundings") == (1, 1, 0)
    assert len(errors_of(res, "x", "fundings", "duplicate")) == 1


def test_creations_match_founders_as_a_set_date_and_origin(result: EvaluationResult) -> None:
    # The Founding resource and its direct schema:founder triples are one fact.
    assert scores_of(result, "art-a", "creations") == (2, 0, 0)


def test_creation_read_from_direct_founder_triples_alone(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        o:jv schema:founder o:a , o:b ;
            schema:foundingDate "2010"^^xsd:gYear ; rdfs:label "Coentreprise"@fr .
        o:a rdfs:label "Alpha"@fr .
        o:b rdfs:label "Beta"@fr .
        """, """
        entities: []
        creations:
          - {org: Coentreprise, founders: [Beta, Alpha], date: "2010"}
        """)
    assert scores_of(res, "x", "creations") == (1, 0, 0)


def test_creation_with_a_missing_founder_does_not_match(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        f:f a sov:Founding ; sov:foundedOrganization o:jv ; schema:founder o:a .
        o:jv rdfs:label "Coentreprise"@fr .
        o:a rdfs:label "Alpha"@fr .
        """, """
        entities: []
        creations:
          - {org: Coentreprise, founders: [Alpha, Beta]}
        """)
    assert scores_of(res, "x", "creations") == (0, 1, 1)


def test_creation_date_must_equal_the_gold_date(tmp_path: Path) -> None:
    res = run_inline(tmp_path, """
        f:f a sov:Founding ; sov:foundedOrganization o:jv ;
            schema:founder o:a ; schema:foundingDate "2010-03"^^xsd:gYearMonth .
        o:jv rdfs:label "Coentreprise"@fr .
        o:a rdfs:label "Alpha"@fr .
        """, """
        entities: []
        creations:
          - {org: Coentreprise, founders: [Alpha], date: "2010"}
        """)
    assert scores_of(res, "x", "creations") == (0, 1, 1)


def test_memberships_match_member_collaboration_and_ending(result: EvaluationResult) -> None:
    # org:hasMember alone: hit; a Membership with time:hasEnd for an "ended"
    # gold: hit; sov:ended true where the gold has no ending: FP and miss.
    assert scores_of(result, "art-a", "memberships") == (2, 1, 1)


def test_quotes_match_speaker_and_start_across_typographic_quotes(result: EvaluationResult) -> None:
    assert scores_of(result, "art-a", "quotes") == (1, 1, 1)
    [miss] = errors_of(result, "art-a", "quotes", "miss")
    assert miss == "speaker=Marc Durand, text_start=Rien n'est encore décidé"


def test_partnerships_and_events_are_scored_as_information(result: EvaluationResult) -> None:
    # The event's gold date has no year ("--01-24"); the dataset's has one.
    assert scores_of(result, "art-a", "partnerships") == (1, 0, 0)
    assert scores_of(result, "art-a", "events") == (1, 0, 0)


# --- articles and totals --------------------------------------------------


def test_gold_article_missing_from_the_dataset_is_all_misses(result: EvaluationResult) -> None:
    article = next(a for a in result.articles if a.article == "art-b")
    assert not article.in_dataset
    assert scores_of(result, "art-b", "entities") == (0, 0, 2)
    assert scores_of(result, "art-b", "roles") == (0, 0, 1)
    assert errors_of(result, "art-b", "entities", "missing_article")


def test_dataset_article_without_gold_is_listed_not_scored(result: EvaluationResult) -> None:
    assert result.extra_articles == ("art-c",)
    assert [a.article for a in result.articles] == ["art-a", "art-b"]


def test_overall_is_the_sum_of_the_articles(result: EvaluationResult) -> None:
    for category in CATEGORIES:
        total = Scores()
        for article in result.articles:
            total.add(article.scores[category])
        assert (total.tp, total.fp, total.fn) == (
            result.overall[category].tp, result.overall[category].fp, result.overall[category].fn)
    overall = result.overall["entities"]
    assert (overall.tp, overall.fp, overall.fn) == (7, 2, 3)
    assert overall.precision == pytest.approx(7 / 9)
    assert overall.recall == pytest.approx(7 / 10)


def test_nquads_and_trig_give_the_same_scores(tmp_path: Path, result: EvaluationResult) -> None:
    store = Store()
    store.load(path=str(FIXTURES / "dataset.trig"), format=RdfFormat.TRIG)
    nq = tmp_path / "dataset.nq"
    store.dump(str(nq), format=RdfFormat.N_QUADS)
    again = evaluate(nq, FIXTURES / "gold")
    assert {c: (s.tp, s.fp, s.fn) for c, s in again.overall.items()} == {
        c: (s.tp, s.fp, s.fn) for c, s in result.overall.items()}


def test_scores_are_undefined_not_zero_when_nothing_to_count() -> None:
    assert Scores().precision is None and Scores().recall is None and Scores().f1 is None
    assert Scores(tp=0, fp=2, fn=1).f1 == 0.0
    assert Scores(tp=3, fp=1, fn=1).f1 == pytest.approx(0.75)


# --- report ---------------------------------------------------------------


def test_report_shows_overall_and_per_article_rows(result: EvaluationResult) -> None:
    report = format_report(result)
    assert "OVERALL                entities                7    2    3      0.778   0.700  0.737" in report
    assert "NIL gold entities given a link: 1" in report
    assert "art-b (absent)" in report
    assert "partnerships (info)" in report
    assert "Not scored (no gold): art-c" in report
    assert "Errors:" not in report


def test_verbose_report_lists_every_error(result: EvaluationResult) -> None:
    report = format_report(result, verbose=True)
    assert "Errors:" in report
    for error in result.errors:
        assert error.detail in report


# --- normalization --------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("l'Etat", "État"),
        ("L’État", "l'etat"),
        ("la Caisse des Dépôts", "Caisse des dépôts"),
        ("Dassault Systemes", "Dassault Systèmes"),
        ("Hewlett-Packard", "hewlett packard"),
        ("  le   gouvernement ", "gouvernement"),
    ],
)
def test_names_normalize_to_the_same_key(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


def test_names_keep_what_distinguishes_them() -> None:
    assert normalize_name("Orange") != normalize_name("Orangina")
    assert normalize_name("Les Echos") == "echos"
    assert normalize_name("Lesieur") == "lesieur"


def test_roles_drop_the_former_marker() -> None:
    assert normalize_role("ex-PDG") == "pdg"
    assert normalize_role("ancien ministre de l'Économie") == "ministre de l'economie"


def test_quotes_normalize_guillemets_apostrophes_and_spaces() -> None:
    assert normalize_quote("«\u00a0Nous l’avons\n dit\u00a0»") == normalize_quote('"Nous l\'avons dit"')


# --- bad input ------------------------------------------------------------


def test_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="souverain build"):
        evaluate(tmp_path / "nothing.nq", FIXTURES / "gold")


def test_unparsable_dataset_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "dataset.nq"
    bad.write_text("this is not n-quads\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse the dataset"):
        evaluate(bad, FIXTURES / "gold")


def test_gold_directory_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold file"):
        load_gold(tmp_path)
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path / "absent")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("article: x\nentitees: []\n", "unknown gold key"),
        ("article: x\nentities:\n  - {label: A, qid: 42}\n", "neither Q<number> nor NIL"),
        ("article: x\nentities:\n  - {type: ORG}\n", "without a label"),
        ("- just\n- a list\n", "YAML mapping"),
        ("article: [unclosed\n", "cannot read gold file"),
    ],
)
def test_invalid_gold_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "x.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(tmp_path)


def test_the_seeds_gold_files_load() -> None:
    golds = {g.article: g for g in load_gold(SHARED_GOLD)}
    assert len(golds) == 5
    total = golds["004_fa0422b3099ca35d"].facts["fundings"][0]
    assert [e.label for e in total.slots["recipient"]] == ["Numergy", "Cloudwatt"]
    assert total.values["total"] is True
    ended = golds["002_700a5fbd8256a58a"].facts["memberships"]
    assert [f.values["ended"] for f in ended] == [False, False, True, False]


# --- command line ---------------------------------------------------------


def test_cli_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    code = main(["evaluate", "--gold", str(FIXTURES / "gold"), "--dataset", str(FIXTURES / "dataset.trig"),
                 "--verbose"])
    out = capsys.readouterr().out
    assert code == 0
    assert "OVERALL" in out and "Errors:" in out and "nil_linked" in out


def test_cli_reports_a_broken_gold_file_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    (tmp_path / "x.yaml").write_text("article: x\nentitees: []\n", encoding="utf-8")
    code = main(["evaluate", "--gold", str(tmp_path), "--dataset", str(FIXTURES / "dataset.trig")])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown gold key" in err and "Traceback" not in err
