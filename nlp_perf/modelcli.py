"""The command line's commands for the models: ``train``, ``evaluate``, ``inspect`` and
``corpus``, the researcher's side (:mod:`nlp_perf.cli` parses the arguments and runs them).
"""

from __future__ import annotations

import argparse
import json
import shlex
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .console import EXIT_FAILED, EXIT_OK, err, interrupted, say
from .errors import NlpPerfError

if TYPE_CHECKING:  # numpy is imported by the command that needs a model, not by the parser
    from .classify.model import Model

__all__ = ["MODEL_HELP", "add_model_commands", "load_or_say"]

TRAIN_C = 3.0
TRAIN_SECTION_DROPOUT = 0.5
TRAIN_MIN_DF = 4
MODEL_HELP = "model directory (default: $NLP_PERF_MODEL or the shipped model)"


def load_or_say(path: str | None) -> Model | None:
    """The model in ``path`` (the shipped one for None), or None once the error is said."""
    from .classify.model import default_model_path, load_model

    try:
        return load_model(path)
    except NlpPerfError as exc:
        err(f"{path or default_model_path()}: {exc}")
        return None


def add_model_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``train``, ``evaluate``, ``inspect`` and ``corpus`` to the command line."""
    _add_train(sub)
    _add_evaluate(sub)
    _add_inspect_and_corpus(sub)


def _cmd_train(args: argparse.Namespace) -> int:
    from .classify.features import FeatureConfig
    from .classify.model import LABELS
    from .training.fit import TrainSettings, train
    from .training.metrics import format_scores

    labels = tuple(x.strip() for x in args.labels.split(",")) if args.labels else LABELS
    out = Path(args.out)
    if out.exists() and not (out / "model.json").exists() and not args.force:
        err(f"{out}: exists and is not a model directory; use --force to replace it")
        return EXIT_FAILED
    settings = TrainSettings(
        features=FeatureConfig(context=args.passes == 2),
        C=args.C,
        folds=args.folds,
        min_df=args.min_df,
        section_dropout=args.section_dropout,
    )
    command = "python -m nlp_perf " + " ".join(shlex.quote(a) for a in args.argv)
    progress = False if args.quiet else None
    try:
        result = train(
            args.corpus, out, settings, labels, args.name, command, progress, args.dev or ()
        )
    except NlpPerfError as exc:
        err(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        return interrupted(exc, f"; the model in {out} was left as it was")
    counts = ", ".join(f"{k} {result.label_counts.get(k, 0)}" for k in labels)
    say(f"trained on {result.n_sentences} sentences from {result.n_documents} documents ({counts})")
    if result.cv:
        say(f"\ngrouped {args.folds}-fold cross-validation (by document):")
        say(format_scores(result.cv))
    for dev in result.dev:
        say(f"\n{dev['gold']} ({dev['sentences']} gold sentences):")
        say(format_scores(dev["scores"]))
    say(f"\nmodel written to {out} ({result.model.name} {result.model.version})")
    return EXIT_OK


# ------------------------------------------------------------------------- evaluate


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .training.evaluate import evaluate, format_documents, format_errors
    from .training.metrics import format_scores

    model = load_or_say(args.model)
    if model is None:
        return EXIT_FAILED
    try:
        ev = evaluate(args.gold, model, reports_dir=args.reports)
    except NlpPerfError as exc:
        err(str(exc))
        return EXIT_FAILED
    data = ev.to_dict(errors=args.errors)
    if args.format == "json":
        model_info = {"name": model.name, "version": model.version}
        say(json.dumps({"gold": args.gold, "model": model_info, **data}, ensure_ascii=False))
        return EXIT_OK
    say(f"{args.gold}: {ev.scores['n']} gold sentences, model {model.name} {model.version}")
    if ev.unmatched:
        say(f"{ev.unmatched} gold sentences not found in their report (counted as wrong)")
    say(format_scores(ev.scores))
    if "documents" in data:
        say("\n" + format_documents(data["documents"]))
    if args.errors:
        say("\n" + format_errors(data["errors"]))
    return EXIT_OK


# -------------------------------------------------------------------------- inspect


def _cmd_inspect(args: argparse.Namespace) -> int:
    model = load_or_say(args.model)
    if model is None:
        return EXIT_FAILED
    described = model.describe(args.top)
    if args.format == "json":
        say(json.dumps(described, ensure_ascii=False, indent=2))
        return EXIT_OK
    say(f"model {model.name} {model.version}  ({model.path})")
    say(f"labels: {', '.join(model.labels)}; {len(model.keys)} features")
    for lab, feats in described["top_features"].items():
        say(f"\n{lab}: " + "  ".join(f"{f} ({w:.2f})" for f, w in feats))
    say("\nmodel card:")
    say(json.dumps(model.card, ensure_ascii=False, indent=2))
    return EXIT_OK


# --------------------------------------------------------------------------- corpus


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .training.corpus import load_project_corpus, write_corpus_csv

    out = Path(args.out) if args.out else Path(args.directory) / "corpus.csv"
    if out.exists() and not args.force:
        err(f"{out}: exists; use --force to regenerate it")
        return EXIT_FAILED
    try:
        examples = load_project_corpus(args.directory)
    except NlpPerfError as exc:
        err(str(exc))
        return EXIT_FAILED
    write_corpus_csv(examples, out)
    counts = Counter(e.label for e in examples)
    docs = len({e.doc_id for e in examples})
    say(
        f"{out}: {len(examples)} sentences from {docs} reports ("
        + ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
        + ")"
    )
    return EXIT_OK


def _add_train(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="train a model on labelled sentences",
        description="Train a model, cross-validate it by document and write it to --out.",
    )
    p.add_argument("corpus", nargs="+", metavar="CORPUS",
                   help="CSV/TSV/JSONL with text,label; doccano or Label Studio exports; or a corpus directory")  # fmt: skip
    p.add_argument("--out", required=True,
                   help="model directory to write (replaced only on success)")  # fmt: skip
    p.add_argument("--labels", help="comma-separated label set (default: the five nlp_perf labels)")
    p.add_argument("--folds", type=int, default=5,
                   help="grouped cross-validation folds (0 to skip; default 5)")  # fmt: skip
    p.add_argument("--C", type=float, default=TRAIN_C,
                   help=f"inverse regularisation strength (default {TRAIN_C})")  # fmt: skip
    p.add_argument("--min-df", type=int, default=TRAIN_MIN_DF,
                   help=f"drop features seen in fewer sentences (default {TRAIN_MIN_DF})")  # fmt: skip
    p.add_argument("--name", default="nlp_perf-custom", help="model name recorded in outputs")
    p.add_argument("--dev", action="append", metavar="GOLD",
                   help="score the trained model on this gold file too, recorded in the model card "
                   "(repeatable; same formats as evaluate)")  # fmt: skip
    p.add_argument("--passes", type=int, choices=[1, 2], default=2,
                   help="label in two passes, the second reading the first's labels around each "
                   "sentence (default), or in one")  # fmt: skip
    p.add_argument("--section-dropout", type=float, default=TRAIN_SECTION_DROPOUT,
                   help="share of documents also learnt without their headings "
                   f"(default {TRAIN_SECTION_DROPOUT})")  # fmt: skip
    p.add_argument("--force", action="store_true",
                   help="replace --out even if it is not a model directory")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_train)


def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score a model on a gold file",
        description="Classify the reports of a gold file and score the labels.",
    )
    p.add_argument("gold", metavar="GOLD",
                   help="gold JSONL (doc, text, label) or any training format")  # fmt: skip
    p.add_argument("--model", help=MODEL_HELP)
    p.add_argument("--reports",
                   help="folder of the gold file's reports (<doc>.txt; default: beside it or in raw/)")  # fmt: skip
    p.add_argument("--errors", action="store_true",
                   help="list every wrong sentence with its gold and predicted label, confidence and section")  # fmt: skip
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_cmd_evaluate)


def _add_inspect_and_corpus(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="show a model's top features per label and its card")
    p.add_argument("model", nargs="?", metavar="MODEL",
                   help="model directory (default: the shipped model)")  # fmt: skip
    p.add_argument("--top", type=int, default=20, help="features per label (default 20)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_cmd_inspect)

    p = sub.add_parser(
        "corpus",
        help="build the training table from a corpus directory",
        description="Match labels/*.json to the split reports/*.txt and write corpus.csv.",
    )
    p.add_argument("directory", metavar="DIR", help="corpus directory with reports/ and labels/")
    p.add_argument("--out", help="CSV to write (default DIR/corpus.csv)")
    p.add_argument("--force", action="store_true", help="overwrite an existing CSV")
    p.set_defaults(func=_cmd_corpus)
