"""The per-article stage on a Dask cluster (`--scheduler`): a LocalCluster of two worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_reproducibly

from pipeline.config import SEEDS_DIR, Settings


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="1.5GiB",
                      dashboard_address=None, host="127.0.0.1") as local:
        yield local.scheduler_address


def test_a_build_on_two_dask_workers_gives_byte_identical_dumps(cluster: str, seeds_build: Path,
                                                                 tmp_path: Path) -> None:
    from distributed import Client

    settings = Settings(input_dir=SEEDS_DIR, out_dir=tmp_path / "dist", cache_dir=tmp_path / "cache",
                        scheduler=cluster, incremental=False)
    build_reproducibly(settings)
    names = sorted(p.name for p in seeds_build.iterdir())
    assert sorted(p.name for p in settings.out_dir.iterdir()) == names
    for name in names:
        assert (settings.out_dir / name).read_bytes() == (seeds_build / name).read_bytes(), name
    # the articles were read on the cluster's workers, not in this process
    with Client(cluster) as client:
        built = client.run(lambda: len(__import__("pipeline.runner").runner._DASK_EXTRACTORS))
    assert sum(built.values()) >= 1


def test_run_extraction_on_the_cluster_equals_the_serial_run(cluster: str, extractor) -> None:
    from pipeline.ingest import read_articles
    from pipeline.reference import load_reference, ruler_patterns
    from pipeline.runner import run_extraction

    articles = [a for a in read_articles(SEEDS_DIR) if not isinstance(a, Exception)]
    on_cluster = run_extraction(articles, model=Settings().model, patterns=ruler_patterns(load_reference()),
                                scheduler=cluster)
    assert on_cluster == [extractor(a) for a in articles]
