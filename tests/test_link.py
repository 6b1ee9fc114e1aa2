"""The linker: candidates by normalized name, type and context, NIL threshold, curation, explanations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.config import shared_dir
from pipeline.errors import ReferenceDataError
from pipeline.link import Linker, mention_shape
from pipeline.reference import load_reference

FIXTURES = Path(__file__).parent / "fixtures" / "link"
GOLD = shared_dir() / "gold" / "seeds"
LABELS = ("PER", "ORG", "LOC", "MISC")


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def linker(reference):
    return Linker(reference)


@pytest.fixture(scope="module")
def extra_linker():
    return Linker(load_reference([str(FIXTURES / "extra.ttl")]))


# --- against the gold annotations (tests may read them; the linker never does) ------------------


def _gold_mentions():
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        context = tuple(s for e in gold["entities"] for s in e["surface"])
        for entity in gold["entities"]:
            qid = None if entity["qid"] == "NIL" else entity["qid"]
            for surface in entity["surface"]:
                yield pytest.param(
                    surface, entity["type"], qid, context, bool(entity.get("optional")),
                    id=f"{path.stem[:3]}-{surface}",
                )


@pytest.mark.parametrize(("surface", "label", "qid", "context", "optional"), list(_gold_mentions()))
def test_gold_entities_link_to_their_qid_or_stay_nil(linker, surface, label, qid, context, optional):
    decision = linker.link(surface, label, [c for c in context if c != surface])
    if optional:
        assert decision.qid in (qid, None)  # an optional entity may be missed, never linked wrongly
    else:
        assert decision.qid == qid, linker.explain(decision)


@pytest.mark.parametrize(("surface", "label", "qid", "context", "optional"), list(_gold_mentions()))
def test_no_wrong_item_whatever_label_the_ner_gives(linker, surface, label, qid, context, optional):
    """spaCy's French NER mistypes names; a wrong type may cost a link, never give a wrong one."""
    for ner_label in LABELS:
        decision = linker.link(surface, ner_label, [c for c in context if c != surface])
        assert decision.qid in (qid, None), linker.explain(decision)


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label", "qid"),
    [
        ("la CDC", "ORG", "Q846484"),
        ("C.D.C.", "ORG", "Q846484"),
        ("la Caisse des dépôts", "ORG", "Q846484"),
        ("l’Etat", "LOC", "Q142"),
        ("LES ÉCHOS", "ORG", "Q923193"),
        ("Etats-Unis", "LOC", "Q30"),
        ("Hewlett Packard", "ORG", "Q80978"),
        ("Forum de Davos", "ORG", "Q160883"),
    ],
)
def test_articles_apostrophes_accents_case_and_acronyms(linker, name, label, qid):
    assert linker.link(name, label).qid == qid


@pytest.mark.parametrize(
    "name",
    ["plan Cloud Computing", "nouvelle France industrielle", "Orange Business", "Amazone verte", "Par"],
)
def test_a_name_never_links_through_a_part_of_it(linker, name):
    assert linker.link(name, "MISC").qid is None
    assert linker.link(name, "ORG").qid is None


def test_capitalized_names_do_not_link_to_common_words(linker):
    assert linker.link("Pomme", "ORG").qid is None
    assert linker.link("Breton", "PER").qid is None  # the Breton language is "breton"
    decision = linker.link("orange", "MISC")
    assert decision.qid is None and decision.method == "nil-ambiguous"  # colour or fruit: no way to tell


def test_shared_names_stay_nil_without_evidence(linker):
    decision = linker.link("Andromède", "MISC")  # the galaxy's alias and the myth's label
    assert decision.qid is None and decision.method == "nil-ambiguous"
    assert {c.qid for c in decision.candidates} >= {"Q2469", "Q161582"}


# --- types -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("Thierry Breton", "person"),
        ("Jean-Marc de La Tour", "person"),
        ("Atos", "name"),
        ("Dassault Systèmes", "name"),
        ("Caisse des Dépôts", "name"),
        ("SFR Business Team", "name"),
        ("Office 365", "name"),
    ],
)
def test_mention_shape(name, shape):
    assert mention_shape(name) == shape


def test_single_word_companies_mistyped_by_the_ner_still_link(linker):
    for label in ("ORG", "PER", "LOC", "MISC"):
        assert linker.link("Atos", label).qid == "Q1032522"  # type: ignore[arg-type]


def test_a_person_name_never_links_to_a_company(extra_linker):
    assert extra_linker.link("Lucienne Marchal", "ORG").qid == "Q900000003"
    decision = extra_linker.link("Lucienne Marchal", "PER")
    assert decision.qid is None
    assert "never links to a non-person" in extra_linker.explain(decision)


def test_an_org_never_links_to_a_commune_but_may_to_a_polity(extra_linker, linker):
    assert extra_linker.link("Vaubrun", "LOC").qid == "Q900000004"
    assert extra_linker.link("Vaubrun", "ORG").qid is None
    assert linker.link("France", "ORG").qid == "Q142"  # a sovereign state acts
    assert linker.link("UE", "ORG").qid == "Q458"  # the union named by its acronym
    assert linker.link("Paris", "ORG").qid is None


def test_homonyms_of_different_kinds_follow_the_mention_type(linker):
    assert linker.link("Orange", "ORG").qid == "Q1431486"
    assert linker.link("Thales", "ORG").qid == "Q1161666"
    assert linker.link("Thalès de Milet", "PER").qid == "Q36303"
    assert linker.link("Amazon", "ORG").qid == "Q3884"
    assert linker.link("Amazone", "LOC").qid == "Q3783"
    orange_place = linker.link("Orange", "LOC")  # the commune or the river?
    assert orange_place.qid is None and orange_place.method == "nil-ambiguous"


def test_class_items_are_never_candidates(linker):
    decision = linker.link("Entreprise", "ORG")
    assert decision.qid is None and decision.candidates == ()


# --- context -----------------------------------------------------------------------------------


def test_context_words_separate_items_of_one_name_and_kind(extra_linker):
    assert extra_linker.link("Vela", "ORG").qid is None
    software = extra_linker.link("Vela", "ORG", ["hébergement", "données", "serveurs"])
    assert software.qid == "Q900000001"
    brewery = extra_linker.link("Vela", "ORG", ["brasserie", "bière", "Jura"])
    assert brewery.qid == "Q900000002"


def test_a_lone_surname_links_to_the_full_name_given_in_the_article(linker):
    assert linker.link("Montebourg", "PER").qid is None
    decision = linker.link("Montebourg", "PER", ["Arnaud Montebourg", "Bercy"])
    assert decision.qid == "Q737311" and decision.method == "surname-in-context"


# --- curation ----------------------------------------------------------------------------------


def test_curated_aliases_are_applied_and_recorded(linker):
    decision = linker.link("l'Etat", "LOC")
    assert decision.qid == "Q142" and decision.curated and decision.method == "curated-force"
    assert linker.link("le gouvernement", "ORG").qid == "Q1450662"
    assert linker.link("le gouvernement estonien", "ORG").qid is None
    bercy = linker.link("Bercy", "LOC")
    assert bercy.qid is None and bercy.curated and bercy.method == "curated-forbid"


def test_a_curator_file_forces_and_forbids(reference, tmp_path):
    curation = tmp_path / "curation.yaml"
    curation.write_text(
        "force:\n  - {names: [Big Blue, Grosse Pomme], qid: Q37156, labels: [ORG], why: test}\n"
        "forbid:\n  - {names: [Orange], qid: Q1431486, why: test}\n  - {names: [SFR], why: keep nil}\n",
        encoding="utf-8",
    )
    linker = Linker(reference, curation_path=curation)
    assert linker.link("Grosse Pomme", "ORG").qid == "Q37156"
    assert linker.link("Grosse Pomme", "LOC").qid is None  # the rule is for ORG mentions only
    orange = linker.link("Orange", "ORG")
    assert orange.qid is None and orange.curated
    sfr = linker.link("SFR", "ORG")
    assert sfr.qid is None and sfr.method == "curated-forbid"
    assert linker.link("l'Etat", "LOC").qid is None  # another curation file: no forced alias


@pytest.mark.parametrize(
    "text",
    [
        "force:\n  - {names: [X], qid: Q999999999}\n",  # not in the reference
        "force:\n  - {qid: Q142}\n",  # no names
        "forbid:\n  - {why: nothing}\n",
        "forbid:\n  - {names: [X], labels: [PERSON]}\n",
        "replace: []\n",
        "force: [",
    ],
)
def test_an_invalid_curation_file_is_an_error(reference, tmp_path, text):
    curation = tmp_path / "curation.yaml"
    curation.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError):
        Linker(reference, curation_path=curation)


# --- decisions and explanations ----------------------------------------------------------------


def test_a_decision_records_score_method_candidates_and_version(linker, reference):
    decision = linker.link("Caisse des Dépôts", "ORG")
    assert decision.qid == "Q846484"
    assert decision.method == "alias" and decision.score == pytest.approx(0.95)
    assert decision.reference_version == reference.version
    assert decision.candidates[0].qid == "Q846484" and decision.candidates[0].reasons
    assert not decision.curated


def test_no_candidate_is_nil(linker):
    decision = linker.link("Nuagerie Lointaine", "ORG")
    assert decision.qid is None and decision.method == "nil-no-candidate" and decision.score == 0.0


def test_explain_shows_candidates_scores_and_the_reason(linker):
    text = linker.explain(linker.link("Orange", "ORG"))
    assert "-> Q1431486" in text and "Q187796" in text and "Q39338" in text
    assert "exact-label" in text and "ahead of the next candidate" in text
    nil = linker.explain(linker.link("Orange", "LOC"))
    assert "NIL" in nil and "nothing tells them apart" in nil
    none = linker.explain(linker.link("Nuagerie Lointaine", "ORG"))
    assert "candidates: none" in none


def test_unknown_labels_are_refused(linker):
    with pytest.raises(ValueError, match="PER, ORG, LOC or MISC"):
        linker.link("Atos", "COMPANY")  # type: ignore[arg-type]
