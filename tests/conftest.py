"""Shared fixtures: paths, and a tiny model trained once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from nlp_perf import FeatureConfig, TrainSettings, load_model, train


def _private_hypothesis_home() -> None:
    """Hypothesis keeps caches (Unicode tables, constants read from the source) in its home
    directory, ./.hypothesis unless told otherwise, even without an example database, and
    writes some while pytest collects: give it a temporary directory of its own, removed when
    the run ends (the fuzz tests in read/, text/ and classify/)."""
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    home = tempfile.mkdtemp(prefix="nlp_perf-hypothesis-")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    set_hypothesis_home_dir(home)


_private_hypothesis_home()

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
