"""The README and docs say what the program does."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT, SAMPLE

from nlp_perf.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert p.format_help().startswith("usage: nlp-perf " + name)
        assert f"nlp-perf {name}" in README or f"nlp_perf {name}" in README, name


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:20])
    assert (
        "python -m pip install . && python -m nlp_perf classify examples/sample_report.txt"
        in first_screen
    )
    assert 'python -m pip install ".[test,notebooks]" && python -m pytest' in first_screen


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(
        r'python -m pip install "\.\[test,notebooks\]" && python -m pytest', README
    ).group(0)
    assert command in ci


def test_readme_sample_output_is_what_the_shipped_model_prints():
    """Each line of the README's sample block is a line of the real output, in order (a line
    ending in … is a line's start; a line of … alone stands for lines left out)."""
    block = README.split("<!-- sample output:")[1].split("```")[1].strip("\n").splitlines()
    done = subprocess.run(
        [sys.executable, "-m", "nlp_perf", "classify", "examples/sample_report.txt"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    real = iter(done.stdout.splitlines())
    for line in block:
        if line == "…":
            continue
        start = line[:-1] if line.endswith("…") else None
        found = next((r for r in real if r == line or (start and r.startswith(start))), None)
        assert found is not None, f"README shows a line the program does not print: {line!r}"


def test_readme_python_example_runs():
    block = README.split("## In Python")[1].split("```python")[1].split("```")[0]
    code = block.replace('"examples/sample_report.txt"', repr(str(SAMPLE)))
    code = "\n".join(line.split("  #")[0] for line in code.splitlines())
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_schema_doc_names_every_field():
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for field in (
        "file",
        "chars",
        "model",
        "sentences",
        "tallies",
        "index",
        "start",
        "end",
        "text",
        "section",
        "label",
        "confidence",
    ):
        assert f"`{field}`" in schema or "`model.name`" in schema


def test_api_examples_run():
    """docs/api.md is a doctest, run from the repository root like its examples say."""
    code = (
        "import doctest, sys\n"
        "r = doctest.testfile('docs/api.md', module_relative=False, optionflags=doctest.ELLIPSIS)\n"
        "sys.exit(1 if r.failed or not r.attempted else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
