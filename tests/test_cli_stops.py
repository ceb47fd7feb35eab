"""Runs that stop early, as a user meets them in a shell: a reader that goes away (``| head``),
a full disk, Ctrl-C and SIGTERM.  Each ends in at most one line on stderr, with the exit code a
shell expects, and leaves no half-written file.  Real processes, real signals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SAMPLE

REPORTS = sorted((DATA / "reports").glob("*.txt"))


def _nlp_perf(*argv: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "nlp_perf", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a shell's job has
        cwd=kwargs.pop("cwd", None),
        env=env,
        **kwargs,
    )


@pytest.fixture
def batch(tmp_path) -> Path:
    """A folder of 200 reports: long enough to stop in the middle."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for k in range(200):
        shutil.copy(REPORTS[k % len(REPORTS)], folder / f"{k:03d}.txt")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_goes_away_ends_the_run_quietly(batch, jobs):
    proc = _nlp_perf("classify", str(batch), "--format", "csv", "--jobs", jobs)
    assert proc.stdout.readline().startswith(b"file,index,")
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141  # as a shell reports a tool ended by SIGPIPE
    assert err == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("command", [["classify", str(SAMPLE), "--format", "json"], ["inspect"]])
def test_a_full_disk_on_standard_output_is_one_line(command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "nlp_perf", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "error: standard output: No space left on device\n"


def _wait_for_first_report(proc: subprocess.Popen) -> None:
    """Until the run has classified a report (-v says so on stderr)."""
    line = proc.stderr.readline().decode()
    assert ": read as txt" in line, line


@pytest.mark.parametrize("fmt", ["xlsx", "html", "jsonl"])
def test_ctrl_c_in_a_batch_leaves_the_old_output_whole_and_nothing_else(batch, tmp_path, fmt):
    out = tmp_path / "results" / f"results.{fmt}"
    out.parent.mkdir()
    first = _nlp_perf("classify", str(batch / "000.txt"), str(batch / "001.txt"), "-q",
                      "--out", str(out))  # fmt: skip
    assert first.wait(timeout=120) == 0, first.stderr.read()
    before = {p.name: p.read_bytes() for p in out.parent.rglob("*") if p.is_file()}
    proc = _nlp_perf("classify", str(batch), "--jobs", "2", "-v", "-q", "--force",
                     "--out", str(out))  # fmt: skip
    _wait_for_first_report(proc)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole job, workers too
    rest = proc.stderr.read().decode().splitlines()
    assert proc.wait(timeout=120) == 130
    assert "Traceback" not in "\n".join(rest)
    assert rest[-1] == f"error: interrupted; {out} was left as it was"
    assert [x for x in rest if ": read as txt (" not in x] == rest[-1:]
    after = {p.name: p.read_bytes() for p in out.parent.rglob("*") if p.is_file()}
    assert after == before  # the same files, byte for byte: no .part left beside them


def test_ctrl_c_while_results_stream_to_the_terminal_is_one_line(batch):
    proc = _nlp_perf("classify", str(batch), "--jobs", "2", "--format", "json")
    proc.stdout.readline()
    os.killpg(proc.pid, signal.SIGINT)
    proc.stdout.read()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 130
    assert err == "error: interrupted\n"


def test_sigterm_in_training_leaves_the_model_there(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(ROOT / "models" / "default", model)
    before = {p.name: p.read_bytes() for p in model.iterdir()}
    proc = _nlp_perf("train", str(DATA / "corpus.csv"), "--out", str(model), "--folds", "0",
                     "--passes", "1", "-q")  # fmt: skip
    try:
        proc.wait(timeout=3)  # reading and featurising 22,000 sentences takes longer
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 143
    assert err == f"error: terminated; the model in {model} was left as it was\n"
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
