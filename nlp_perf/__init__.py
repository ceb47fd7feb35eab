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
from typing import TYPE_CHECKING, Any

# public name -> the submodule defining it
_EXPORTS = {
    "classify_files": "batch",
    "Example": "training.examples",
    "load_project_corpus": "training.corpus",
    "read_corpus": "training.corpus",
    "CorpusError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "NlpPerfError": "errors",
    "Evaluation": "training.evaluate",
    "evaluate": "training.evaluate",
    "FeatureConfig": "classify.features",
    "featurize_document": "classify.features",
    "score": "training.metrics",
    "LABEL_NAMES_ZH": "classify.model",
    "LABELS": "classify.model",
    "Model": "classify.model",
    "load_model": "classify.model",
    "Document": "read",
    "read_document": "read",
    "ClassifiedSentence": "document",
    "ReportResult": "document",
    "classify_file": "pipeline",
    "classify_text": "pipeline",
    "Sentence": "text.sentences",
    "split_sentences": "text.sentences",
    "TrainResult": "training.fit",
    "TrainSettings": "training.fit",
    "train": "training.fit",
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

if TYPE_CHECKING:  # for type checkers and editors; at run time the names load on first use
    from .batch import classify_files
    from .classify.features import FeatureConfig, featurize_document
    from .classify.model import LABEL_NAMES_ZH, LABELS, Model, load_model
    from .document import ClassifiedSentence, ReportResult
    from .errors import CorpusError, InputError, ModelError, NlpPerfError
    from .pipeline import classify_file, classify_text
    from .read import Document, read_document
    from .text.sentences import Sentence, split_sentences
    from .training.corpus import load_project_corpus, read_corpus
    from .training.evaluate import Evaluation, evaluate
    from .training.examples import Example
    from .training.fit import TrainResult, TrainSettings, train
    from .training.metrics import score


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
