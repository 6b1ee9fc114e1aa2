"""Data flows one way: each stage imports only from stages to its left and the shared base."""

from __future__ import annotations

import ast

import pytest

from pipeline.config import PROJECT_ROOT

BASE = {"config", "errors", "records", "vocab", "dates"}
ORDER = [
    "ingest",
    "extract",
    "cache",
    "runner",
    "link",
    "reference",
    "resolve",
    "mapping",
    "validate",
    "publish",
    "build",
    "store",
    "serve",
]
# what each stage may import besides the base (stages to its left)
ALLOWED = {stage: set(ORDER[:i]) | BASE for i, stage in enumerate(ORDER)}
ALLOWED["link"] |= {"reference"}


def stage_of(path) -> str:
    parts = path.relative_to(PROJECT_ROOT / "pipeline").parts
    return parts[0].removesuffix(".py")


def imported_stages(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            depth = len(path.relative_to(PROJECT_ROOT / "pipeline").parts) - 1
            if node.level > depth:  # reaches the package root
                module = (node.module or "").split(".")[0]
                if module:
                    found.add(module)
                else:
                    found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
            found.add(node.module.split(".")[1])
    return found


FILES = [p for p in (PROJECT_ROOT / "pipeline").rglob("*.py") if stage_of(p) in ORDER]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_stage_imports_only_leftward(path) -> None:
    stage = stage_of(path)
    illegal = {m for m in imported_stages(path) if m in ORDER and m not in ALLOWED[stage] and m != stage}
    assert not illegal, f"{stage} must not import {sorted(illegal)}"


def test_records_import_no_rdf_nlp_or_http() -> None:
    text = (PROJECT_ROOT / "pipeline" / "records.py").read_text()
    for banned in ("rdflib", "spacy", "SPARQLWrapper", "httpx", "pyoxigraph"):
        assert f"import {banned}" not in text and f"from {banned}" not in text
