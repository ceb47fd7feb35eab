"""nlp_perf: classify the sentences of Chinese budget performance self-evaluation reports.

>>> import nlp_perf
>>> result = nlp_perf.classify_file("examples/sample_report.txt")  # doctest: +SKIP
>>> result.tallies  # doctest: +SKIP
{'achievement': 31, 'problem': 5, 'measure': 8, 'metric': 10, 'other': 17}

The public names are imported on first use (PEP 562), so ``import nlp_perf`` is cheap and
classifying never imports the training, corpus and evaluation modules (nor scikit-learn).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

# public name -> the submodule defining it
_EXPORTS = {
    "classify_files": "batch",
    "Example": "corpus",
    "load_project_corpus": "corpus",
    "read_corpus": "corpus",
    "CorpusError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "NlpPerfError": "errors",
    "Evaluation": "evaluate",
    "evaluate": "evaluate",
    "FeatureConfig": "features",
    "featurize_document": "features",
    "score": "metrics",
    "LABEL_NAMES_ZH": "model",
    "LABELS": "model",
    "Model": "model",
    "load_model": "model",
    "Document": "readers",
    "read_document": "readers",
    "ClassifiedSentence": "report",
    "ReportResult": "report",
    "classify_file": "report",
    "classify_text": "report",
    "Sentence": "sentences",
    "split_sentences": "sentences",
    "TrainResult": "train",
    "TrainSettings": "train",
    "train": "train",
}

__all__ = [
    "LABELS",
    "LABEL_NAMES_ZH",
    "ClassifiedSentence",
    "CorpusError",
    "Document",
    "Evaluation",
    "Example",
    "FeatureConfig",
    "InputError",
    "Model",
    "ModelError",
    "NlpPerfError",
    "ReportResult",
    "Sentence",
    "TrainResult",
    "TrainSettings",
    "classify_file",
    "classify_files",
    "classify_text",
    "evaluate",
    "featurize_document",
    "load_model",
    "load_project_corpus",
    "read_corpus",
    "read_document",
    "score",
    "split_sentences",
    "train",
    "__version__",
]

if TYPE_CHECKING:
    from .batch import classify_files
    from .corpus import Example, load_project_corpus, read_corpus
    from .errors import CorpusError, InputError, ModelError, NlpPerfError
    from .evaluate import Evaluation, evaluate
    from .features import FeatureConfig, featurize_document
    from .metrics import score
    from .model import LABEL_NAMES_ZH, LABELS, Model, load_model
    from .readers import Document, read_document
    from .report import ClassifiedSentence, ReportResult, classify_file, classify_text
    from .sentences import Sentence, split_sentences
    from .train import TrainResult, TrainSettings, train


def _version() -> str:
    # importlib.metadata takes 0.03 s to import: read only when asked for
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nlp_perf")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = _version()
        globals()[name] = value
        return value
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | {"__version__"})


class _Package(types.ModuleType):
    """Keeps ``nlp_perf.train`` and ``nlp_perf.evaluate`` the functions of those names.

    Importing a submodule binds it as an attribute of its package; the submodules ``train``
    and ``evaluate`` would then hide the public functions they define.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
