"""Cross-validation folds fitted side by side give what they give one after the other."""

from __future__ import annotations

import os

import numpy as np
import pytest

from nlp_perf.classify.features import FeatureConfig
from nlp_perf.training import folds
from nlp_perf.training.fit import TrainSettings, train


def test_map_folds_keeps_the_order_and_runs_in_workers_where_it_can_fork():
    parent = os.getpid()
    done = list(folds.map_folds(lambda k: (k * k, os.getpid()), 5, jobs=2))
    assert [square for square, _ in done] == [0, 1, 4, 9, 16]
    if folds.fold_workers(5, 2) > 1:
        assert parent not in {pid for _, pid in done}


def test_an_error_in_a_fold_reaches_the_caller():
    def job(k: int) -> int:
        if k == 2:
            raise ValueError("fold 2 failed")
        return k

    with pytest.raises(ValueError, match="fold 2 failed"):
        list(folds.map_folds(job, 4, jobs=2))


def test_training_with_parallel_folds_gives_the_serial_model(tiny_corpus, tmp_path, monkeypatch):
    settings = TrainSettings(features=FeatureConfig(context=True), folds=3)
    parallel = train([tiny_corpus], tmp_path / "parallel", settings, name="t")
    monkeypatch.setattr(folds, "fold_workers", lambda n, jobs=None: 1)
    serial = train([tiny_corpus], tmp_path / "serial", settings, name="t")
    assert parallel.cv == serial.cv and parallel.out_of_fold == serial.out_of_fold
    assert parallel.model.vocabulary == serial.model.vocabulary
    assert np.array_equal(parallel.model.context_coef, serial.model.context_coef)
    assert np.array_equal(parallel.model.coef, serial.model.coef)
