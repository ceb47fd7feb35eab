"""Command line: parse arguments, call the library, print what it returns, pick the exit code.

Exit codes: 0 all went well; 1 some input failed (each failure one line on stderr,
``error: FILE: cause``); 2 a usage error.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import functools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
from .modelcli import MODEL_HELP, add_model_commands, load_or_say

if TYPE_CHECKING:
    from .classify.model import Model

__all__ = ["main"]


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


# ------------------------------------------------------------------------- classify


def _progress_wanted(args: argparse.Namespace) -> bool:
    """A bar on a terminal only: not with --quiet, nor when the results are piped."""
    if args.quiet or not sys.stderr.isatty():
        return False
    return bool(args.out) or sys.stdout.isatty()


def _out_format(args: argparse.Namespace) -> str | None:
    """The format of --out (None without it); raises NlpPerfError when it cannot be written."""
    if not args.out:
        return None
    from .output.files import check_writable, output_format

    fmt = output_format(args.out, args.format if args.format != "table" else None)
    check_writable(args.out, fmt, args.force)
    return fmt


class _NoBar:
    """The bar when none is shown: tqdm (0.02 s to import) only when there is one."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self) -> None:
        pass

    def clear(self) -> None:
        pass


def _bar(total: int, wanted: bool):
    if not wanted:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="report", leave=False)


def _classify_all(args: argparse.Namespace, model: Model, paths: list[str], fmt: str | None):
    """Classify ``paths``, printing each result (without --out) and each failure as it comes;
    return the outcomes (without --out, only the path and error of each: the rest is printed)."""
    from .batch import Outcome, iter_classify
    from .output.text import iter_render, reads_details, render, render_header

    outcomes = []
    wanted = _progress_wanted(args)
    bar = _bar(len(paths), wanted)
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
                if o.rendered is not None:
                    emit((render_header(args.format) if not printed else "") + o.rendered)
                else:  # a long report a block of sentences at a time
                    for piece in iter_render(o.result, args.format, first=not printed):
                        emit(piece)
                printed += 1
    return outcomes


def _cmd_classify(args: argparse.Namespace) -> int:
    from .batch import expand_inputs
    from .cluster import ClusterError

    try:
        fmt = _out_format(args)
    except NlpPerfError as exc:
        from .output.files import UnknownOutputFormat

        err(f"{args.out}: {exc}")
        return EXIT_USAGE if isinstance(exc, UnknownOutputFormat) else EXIT_FAILED
    model = load_or_say(args.model)
    if model is None:
        return EXIT_FAILED
    paths, problems = expand_inputs(args.files)
    for o in problems:
        err(f"{o.path}: {o.error}")
    try:
        outcomes = _classify_all(args, model, paths, fmt)
        written = []
        if args.out:
            from .output.files import write_outputs

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


# ---------------------------------------------------------------------------- serve


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .web.server import serve
    except ImportError as exc:
        if exc.name not in ("fastapi", "starlette", "uvicorn", "jinja2", "pydantic"):
            raise
        err(f'the web app needs its extra ({exc.name} is missing): pip install "nlp_perf[web]"')
        return EXIT_FAILED
    model = load_or_say(args.model)
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
    p.add_argument("--model", help=MODEL_HELP)
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
    p.add_argument("--model", help=MODEL_HELP)
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
    add_model_commands(sub)
    _add_serve(sub)
    return parser


def _numpy_with_one_blas_thread() -> None:
    """Load numpy with one OpenBLAS thread, leaving the environment as it was.

    OpenBLAS starts a thread per core when numpy loads it: 0.05 s of a cold run on two cores,
    more on more.  nlp_perf scores without BLAS, and training limits BLAS to one thread a
    process (``training/fit.py``).  A user's ``OPENBLAS_NUM_THREADS`` is kept, and numpy
    already loaded (``main`` called from Python) is left as it is."""
    if "numpy" in sys.modules or "OPENBLAS_NUM_THREADS" in os.environ:
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, as OpenBLAS loads
    try:
        import numpy  # noqa: F401
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


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
    _numpy_with_one_blas_thread()
    return run_command(args.func, args)
