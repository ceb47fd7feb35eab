"""Shared fixtures: paths, and a tiny model trained once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_perf import FeatureConfig, TrainSettings, load_model, train

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


def shared(relative: str) -> Path:
    """A path in ../shared (the real reports kept for evaluation), or a clear failure."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(
            f"{path} is missing: these tests need the project's ../shared folder "
            "(the seeds and real_dev) beside the repository",
            pytrace=False,
        )
    return path


SAMPLE = ROOT / "examples" / "sample_report.txt"
TEST_DATA = ROOT / "tests" / "data"  # reports written for the figure and flag tests
# A handful of corpus reports of different kinds: enough for a model that labels sensibly.
TINY_DOCS = 12


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    """A corpus directory holding the first few reports of data/, in the project's layout."""
    root = tmp_path_factory.mktemp("tiny_corpus")
    (root / "reports").mkdir()
    (root / "labels").mkdir()
    for lf in sorted((DATA / "labels").glob("*.json"))[:: max(1, 80 // TINY_DOCS)][:TINY_DOCS]:
        (root / "labels" / lf.name).write_bytes(lf.read_bytes())
        report = DATA / "reports" / f"{lf.stem}.txt"
        (root / "reports" / report.name).write_bytes(report.read_bytes())
    return root


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models") / "tiny"
    # one pass: quick to train; the shipped model and tests/classify/test_context.py cover two
    settings = TrainSettings(features=FeatureConfig(context=False), folds=0)
    train([tiny_corpus], out, settings, name="tiny-test")
    return out


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir):
    return load_model(tiny_model_dir)
