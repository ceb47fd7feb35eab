"""A batch on a Dask cluster (two local worker processes): the output of a local run, in input
order; a worker killed mid-run loses no report; without the extra, one line naming it."""

from __future__ import annotations

import os
import shutil
import signal
import sys

import pytest
from conftest import DATA

from nlp_perf.batch import classify_files, iter_classify
from nlp_perf.cli import main

try:
    import distributed
except ImportError as exc:  # a failure that says why, not a test quietly skipped
    raise ImportError('the cluster tests need the test extra: pip install ".[test]"') from exc


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for k, p in enumerate(sorted((DATA / "reports").glob("*.txt"))[:24]):
        shutil.copy(p, folder / f"{k:02d}_{p.name}")
    (folder / "99_broken.txt").write_bytes(b"\x80\x81\xff\xfe")
    return folder


def test_a_cluster_prints_what_a_local_run_prints(cluster, reports, tiny_model_dir, capsys):
    args = ["classify", str(reports), "--model", str(tiny_model_dir), "-q"]
    for fmt in ("json", "csv"):
        assert main([*args, "--format", fmt]) == 1
        local = capsys.readouterr()
        assert main([*args, "--format", fmt, "--scheduler", cluster.scheduler_address]) == 1
        remote = capsys.readouterr()
        assert remote.out == local.out
        assert remote.err == local.err
        assert remote.err.startswith(f"error: {reports / '99_broken.txt'}: cannot decode")


def test_the_library_takes_a_scheduler(cluster, reports, tiny_model):
    local, local_summary = classify_files([reports], tiny_model)
    remote, summary = classify_files([reports], tiny_model, scheduler=cluster.scheduler_address)
    assert [r.to_dict() for r in remote] == [r.to_dict() for r in local]
    assert summary.equals(local_summary)


def test_a_worker_killed_mid_run_loses_no_report(cluster, reports, tiny_model):
    paths = [str(p) for p in sorted(reports.glob("0*.txt")) + sorted(reports.glob("1*.txt"))]
    expected = [o.result.to_dict() for o in iter_classify(paths, tiny_model)]
    with distributed.Client(cluster) as client:
        run = iter_classify(paths, tiny_model, scheduler=client)
        got = [next(run)]
        victim = sorted(client.run(os.getpid).values())[0]
        os.kill(victim, signal.SIGKILL)  # its tasks in flight are run again elsewhere
        got += list(run)
    assert [o.result.to_dict() for o in got] == expected
    assert len(got) == len(paths) > 2 * 4  # more than the tasks in flight on the two workers


def test_without_the_extra_a_scheduler_is_one_line(monkeypatch, capsys, tiny_model_dir):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    report = str(next((DATA / "reports").glob("*.txt")))
    args = ["classify", report, "--model", str(tiny_model_dir), "--scheduler", "tcp://x:8786"]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        'error: running on a Dask cluster needs the cluster extra: pip install "nlp_perf[cluster]"\n'
    )
