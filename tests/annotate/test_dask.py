"""The Dask executor: a site built on a Dask cluster equals the local one, byte for byte,
even when a worker is killed half-way (its batch runs again elsewhere)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from bench.make_corpus import write_corpus
from generator.config import BuildConfig
from generator.pipeline import Builder
from tests.conftest import SEEDS, site_manifest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as local:
        yield local


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("generated")
    write_corpus(30, content, seed=5)
    return content


# Every file by the hash of its bytes; Pagefind's filter, meta and entry files, which vary
# from run to run, as one entry.
site_files = site_manifest


def build_site(content: Path, work: Path, **settings) -> Path:
    config = BuildConfig(content=content, out=work / "site", cache_dir=work / "cache", jobs=2, **settings)
    report = Builder(config).build()
    assert not report.errors, report.errors
    return config.out


@pytest.mark.parametrize("corpus", ["seeds", "generated"])
def test_a_dask_build_is_byte_identical_to_the_local_build(cluster, generated, tmp_path, corpus):
    content = SEEDS if corpus == "seeds" else generated
    local = build_site(content, tmp_path / "local")
    dask = build_site(content, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert site_files(dask) == site_files(local)


def test_a_worker_killed_during_the_build_leaves_a_complete_and_identical_site(
    cluster, generated, tmp_path, monkeypatch
):
    import generator.annotate.distributed as distributed

    monkeypatch.setattr(distributed, "CHUNK_ARTICLES", 2)  # many small batches: some are in flight at the kill
    local = build_site(generated, tmp_path / "local")
    cache = tmp_path / "dask" / "cache"
    result: dict = {}
    build = threading.Thread(
        target=lambda: result.setdefault(
            "site", build_site(generated, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
        )
    )
    build.start()
    deadline = time.monotonic() + 120
    while len(list(cache.rglob("*.json"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build.is_alive(), "the build ended before a worker could be killed"
    with Client(cluster.scheduler_address) as client:
        victim = sorted(client.scheduler_info()["workers"])[0]
        with pytest.raises(Exception):  # the worker dies before it can answer
            client.run(os._exit, 1, workers=[victim])
    build.join(timeout=300)
    assert not build.is_alive()
    assert site_files(result["site"]) == site_files(local)
    assert len(list(cache.rglob("*.json"))) == 30


def test_a_scheduler_that_cannot_be_reached_is_one_clear_error(tmp_path, capsys, monkeypatch):
    import generator.annotate.distributed as distributed
    from generator.cli import main

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    code = main(
        [
            "build",
            "--content",
            str(SEEDS),
            "--out",
            str(tmp_path / "site"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--executor",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
