"""nlp_perf: classify the sentences of Chinese budget performance self-evaluation reports.

>>> import nlp_perf
>>> result = nlp_perf.classify_file("examples/sample_report.txt")  # doctest: +SKIP
>>> result.tallies  # doctest: +SKIP
{'achievement': 31, 'problem': 5, 'measure': 8, 'metric': 10, 'other': 17}
"""

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("nlp_perf")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

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
