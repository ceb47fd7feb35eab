"""What a new ``nlp-perf`` process loads before its first report: only what the command needs.

A cold run of one report is mostly start-up (docs/performance.md); these tests keep the start
lean without timing anything: the libraries a command does not use are not imported, and
OpenBLAS starts no thread beyond the one numpy runs on.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SAMPLE

from nlp_perf.classify.tokenizer import cache_dir

# Every dependency and extra of nlp_perf other than numpy and jieba, and the stdlib machinery
# of worker processes: a classify of one .txt needs none of them.
NOT_FOR_ONE_TXT = (
    "sklearn", "scipy", "pandas", "joblib", "threadpoolctl", "tqdm", "rjieba",
    "docx", "pdfplumber", "pdfminer", "pypdfium2", "bs4", "openpyxl", "olefile", "xlrd",
    "fastapi", "starlette", "uvicorn", "jinja2", "rapidocr_onnxruntime", "onnxruntime",
    "dask", "distributed", "multiprocessing",
)  # fmt: skip


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter of this project, with this process's cache directory
    (its dictionary cache made once, as a user's is)."""
    env = {"NLP_PERF_CACHE": str(cache_dir()), "PATH": "", **env}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )


def _classify_then(report: str, after: str, **env: str) -> str:
    """The last line ``after`` prints, run after ``nlp-perf classify report --format json``
    (as the command runs it: numpy not loaded before)."""
    code = (
        "import sys\n"
        "from nlp_perf.cli import main\n"
        f"assert main(['classify', {report!r}, '--format', 'json', '-q']) == 0\n"
        f"{after}\n"
    )
    done = _python(code, **env)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_classifying_a_txt_loads_no_other_library_than_numpy_and_jieba():
    loaded = _classify_then(
        str(SAMPLE),
        f"print(sorted(m for m in {NOT_FOR_ONE_TXT!r} if m in sys.modules), file=sys.stderr)",
    )
    assert loaded == "[]"


def test_the_command_line_parses_without_numpy():
    """``--help``, a usage error and the parser itself load no numpy (nor the model)."""
    code = (
        "import sys\n"
        "from nlp_perf.cli import build_parser, main\n"
        "build_parser().parse_args(['classify', 'x.txt'])\n"
        "assert main(['classify']) == 2\n"
        "print(sorted(m for m in ('numpy', 'jieba', 'nlp_perf.pipeline') if m in sys.modules))\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


BLAS_THREADS = (
    "from threadpoolctl import threadpool_info\n"
    "print([i['num_threads'] for i in threadpool_info() if i['internal_api'] == 'openblas'], "
    "file=sys.stderr)"
)


def test_a_command_starts_one_blas_thread():
    """numpy's OpenBLAS would start a thread per core at import; nlp_perf scores without BLAS."""
    assert _classify_then(str(SAMPLE), BLAS_THREADS) == "[1]"


def test_the_environment_is_left_as_it_was():
    """The setting is for numpy's loading only: the user's is kept, none is left behind."""
    setting = "import os\nprint(os.environ.get('OPENBLAS_NUM_THREADS'), file=sys.stderr)"
    assert _classify_then(str(SAMPLE), setting) == "None"
    assert _classify_then(str(SAMPLE), setting, OPENBLAS_NUM_THREADS="2") == "2"
