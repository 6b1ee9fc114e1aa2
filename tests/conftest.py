"""Shared fixtures: one build of the seeds per test session (the model loads once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.config import SEEDS_DIR, Settings, shared_dir

SHARED = shared_dir()
GOLD_DIR = SHARED / "gold" / "seeds"
# the epoch the committed dist/ is built with (Makefile)
DIST_EPOCH = "1767225600"


def build_reproducibly(settings: Settings) -> None:
    """`build(settings)` with the epoch the committed dist/ uses (the environment restored after)."""
    from pipeline.build import build

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = DIST_EPOCH
    try:
        build(settings)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ built from seeds/ into a temporary directory, as `souverain build` does."""
    out = tmp_path_factory.mktemp("build") / "dist"
    settings = Settings()
    settings.input_dir = SEEDS_DIR
    settings.out_dir = out
    settings.cache_dir = tmp_path_factory.mktemp("cache")
    build_reproducibly(settings)
    return out


@pytest.fixture(scope="session")
def extractor():
    """The per-article stage with the shipped reference's entity ruler (loads spaCy once)."""
    from pipeline.reference import load_reference, ruler_patterns
    from pipeline.runner import Extractor

    return Extractor(Settings().model, ruler_patterns(load_reference()))
