"""Command line: parse arguments, call the library, print what it returns, pick the exit code.

Exit codes: 0 all went well; 1 some input failed (each failure one line on stderr,
``error: FILE: cause``); 2 a usage error.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import functools
import json
import shlex
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .classify.model import LABELS, Model, default_model_path, load_model
from .console import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    StageBar,
    emit,
    err,
    interrupted,
    run_command,
    say,
)
from .errors import NlpPerfError

__all__ = ["main"]

TRAIN_C = 3.0
TRAIN_SECTION_DROPOUT = 0.5
TRAIN_MIN_DF = 4
_MODEL_HELP = "model directory (default: $NLP_PERF_MODEL or the shipped model)"


class _UsageError(Exception):
    pass


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, argparse.SUPPRESS, nargs=0, help="show the version and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from . import __version__

        print(f"nlp_perf {__version__}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit; we return 2 from main
        raise _UsageError(f"{self.prog}: {message}")


def _encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None
    return name


def _jobs(value: str) -> int:
    n = int(value)
    if n == 0:
        raise argparse.ArgumentTypeError("0 workers; use 1 or more (-1: one per core)")
    return n


def _load(path: str | None) -> Model | None:
    try:
        return load_model(path)
    except NlpPerfError as exc:
        err(f"{path or default_model_path()}: {exc}")
        return None


# ------------------------------------------------------------------------- classify


def _progress_wanted(args: argparse.Namespace) -> bool:
    """A bar on a terminal only: not with --quiet, nor when the results are piped."""
    if args.quiet or not sys.stderr.isatty():
        return False
    return bool(args.out) or sys.stdout.isatty()


def _out_format(args: argparse.Namespace) -> str | None:
    """The format of --out (None without it); raises NlpPerfError when it cannot be written."""
    from .output.files import check_writable, output_format

    if not args.out:
        return None
    fmt = output_format(args.out, args.format if args.format != "table" else None)
    check_writable(args.out, fmt, args.force)
    return fmt


def _classify_all(args: argparse.Namespace, model: Model, paths: list[str], fmt: str | None):
    """Classify ``paths``, printing each result (without --out) and each failure as it comes;
    return the outcomes (without --out, only the path and error of each: the rest is printed)."""
    from tqdm import tqdm

    from .batch import Outcome, iter_classify
    from .output.text import reads_details, render, render_header

    outcomes = []
    wanted = _progress_wanted(args)
    bar = tqdm(total=len(paths), unit="report", disable=not wanted, leave=False)
    details = reads_details(fmt or args.format)
    stages = StageBar() if wanted else None
    # without --out, workers send back the printed lines, not the results
    rendering = None if args.out else functools.partial(render, fmt=args.format, first=False)
    run = iter_classify(
        paths, model, args.jobs, args.encoding, args.explain, details, stages, rendering,
        scheduler=args.scheduler,
    )  # fmt: skip
    closing_stages = contextlib.closing(stages) if stages else contextlib.nullcontext()
    printed = 0
    with bar, contextlib.closing(run), closing_stages:
        for o in run:
            bar.update()
            outcomes.append(o if args.out else Outcome(o.path, error=o.error))
            if not o.ok:
                bar.clear()
                err(f"{o.path}: {o.error}")
                continue
            if args.verbose:  # one write: a Ctrl-C cannot cut the line in two
                how = f"{o.format} ({o.encoding})" if o.encoding else o.format
                sys.stderr.write(f"{o.path}: read as {how}\n")
            if not args.out:
                bar.clear()
                text = (
                    o.rendered if o.rendered is not None else render(o.result, args.format, False)
                )
                emit((render_header(args.format) if not printed else "") + text)
                printed += 1
    return outcomes


def _cmd_classify(args: argparse.Namespace) -> int:
    from .batch import expand_inputs
    from .cluster import ClusterError
    from .output.files import UnknownOutputFormat, write_outputs

    try:
        fmt = _out_format(args)
    except NlpPerfError as exc:
        err(f"{args.out}: {exc}")
        return EXIT_USAGE if isinstance(exc, UnknownOutputFormat) else EXIT_FAILED
    model = _load(args.model)
    if model is None:
        return EXIT_FAILED
    paths, problems = expand_inputs(args.files)
    for o in problems:
        err(f"{o.path}: {o.error}")
    try:
        outcomes = _classify_all(args, model, paths, fmt)
        written = []
        if args.out:
            written = write_outputs(args.out, outcomes, model.labels, fmt, force=args.force)
    except KeyboardInterrupt as exc:
        left = f"; {args.out} was left as it was" if args.out else ""
        return interrupted(exc, left)
    except BrokenPipeError:
        raise
    except ClusterError as exc:  # --scheduler: no extra, no scheduler there
        err(str(exc))
        return EXIT_FAILED
    except (NlpPerfError, OSError) as exc:  # writing --out
        err(f"{args.out}: {getattr(exc, 'strerror', None) or exc}")
        return EXIT_FAILED
    if written and args.verbose:
        print(f"wrote {len(written)} file(s): {written[0]}", file=sys.stderr)
    failed = len(problems) + sum(1 for o in outcomes if not o.ok)
    if len(outcomes) + len(problems) > 1:
        print(f"{len(outcomes) + len(problems)} reports, {failed} failed", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


# ---------------------------------------------------------------------------- train


def _cmd_train(args: argparse.Namespace) -> int:
    from .classify.features import FeatureConfig
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

    model = _load(args.model)
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
    model = _load(args.model)
    if model is None:
        return EXIT_FAILED
    described = model.describe(args.top)
    if args.format == "json":
        say(json.dumps(described, ensure_ascii=False, indent=2))
        return EXIT_OK
    say(f"model {model.name} {model.version}  ({model.path})")
    say(f"labels: {', '.join(model.labels)}; {len(model.vocabulary)} features")
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


# ---------------------------------------------------------------------------- serve


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .web.server import serve
    except ImportError as exc:
        if exc.name not in ("fastapi", "starlette", "uvicorn", "jinja2", "pydantic"):
            raise
        err(f'the web app needs its extra ({exc.name} is missing): pip install "nlp_perf[web]"')
        return EXIT_FAILED
    model = _load(args.model)
    if model is None:
        return EXIT_FAILED
    try:
        serve(model, args.host, args.port, args.data, not args.no_browser, args.jobs, say=say)
    except KeyboardInterrupt:  # Ctrl-C: the server has shut down in order
        print("nlp-perf serve: stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        err(f"{args.host}:{args.port or 'any port'}: {exc.strerror or exc}")
        return EXIT_FAILED
    return EXIT_OK


# -------------------------------------------------------------------------- parsers


def _add_classify(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classify",
        help="classify every sentence of report files",
        description="Split each report into sentences, label each one and print the tallies.",
    )
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="reports (.txt, .docx, .doc, .wps, .pdf, .html, .xlsx, .xls), folders (searched recursively) or glob patterns")  # fmt: skip
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table for people (default), json (one object per report per line), csv (one row per sentence)")  # fmt: skip
    p.add_argument("--encoding", type=_encoding,
                   help="read the files in this encoding instead of detecting it")  # fmt: skip
    p.add_argument("--model", help=_MODEL_HELP)
    p.add_argument("--explain", nargs="?", type=int, const=3, default=0, metavar="N",
                   help="show the N features that weighed most toward each sentence's label (default 3)")  # fmt: skip
    p.add_argument("-v", "--verbose", action="store_true",
                   help="say which encoding each file was read in")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-j", "--jobs", type=_jobs, default=1,
                   help="classify this many reports at once in worker processes (default 1)")  # fmt: skip
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="classify on this Dask cluster, e.g. tcp://host:8786 (needs nlp_perf[cluster]; see docs/cluster.md)")  # fmt: skip
    p.add_argument("-o", "--out", metavar="FILE",
                   help="write the results to FILE: .jsonl, .json, .csv, .xlsx or .html")  # fmt: skip
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(func=_cmd_classify)


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
    p.add_argument("--model", help=_MODEL_HELP)
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


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="open the reviewer's desk: a web page on this machine to drop reports on",
        description="Serve a web page on this machine where reports are dropped, classified "
        "and read (the batch table, each report highlighted, label corrections). Needs the "
        'web extra: pip install "nlp_perf[web]".',
    )
    p.add_argument("--port", type=int, help="port to listen on (default 8750, else a free one)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; any other "
                   "address is reachable by other machines and needs the printed token)")  # fmt: skip
    p.add_argument("--no-browser", action="store_true", help="do not open the browser")
    p.add_argument("--data", metavar="DIR",
                   help="keep results in DIR between runs, and label corrections in DIR/corpus")  # fmt: skip
    p.add_argument("--model", help=_MODEL_HELP)
    p.add_argument("-j", "--jobs", type=_jobs, default=2,
                   help="classify this many reports at once in worker processes (default 2)")  # fmt: skip
    p.set_defaults(func=_cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``nlp-perf`` and its commands."""
    parser = _Parser(
        prog="nlp-perf",
        description="Classify the sentences of Chinese budget performance self-evaluation reports "
        "(绩效自评报告) into achievement 成效, problem 问题, measure 措施, metric 指标 and other 其他.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_classify(sub)
    _add_train(sub)
    _add_evaluate(sub)
    _add_inspect_and_corpus(sub)
    _add_serve(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(parser.format_usage().rstrip(), file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    args.argv = argv  # -v is printed by the command itself, in worker processes too
    return run_command(args.func, args)
