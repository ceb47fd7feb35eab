"""A wheel, installed in a fresh environment, classifies from any directory."""

from __future__ import annotations

import subprocess
import sys
import venv

from conftest import ROOT, SAMPLE


def test_installed_wheel_classifies_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("nlp_perf-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(
        env_dir, system_site_packages=True, with_pip=True
    )  # dependencies from this environment
    python = env_dir / "bin" / "python"
    done = subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = elsewhere / "report.txt"
    report.write_bytes(SAMPLE.read_bytes())
    env = {
        "PATH": str(env_dir / "bin"),
        "NLP_PERF_CACHE": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }
    where = subprocess.run(
        [python, "-c", "import nlp_perf, sys; print(nlp_perf.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    for command in ([python, "-m", "nlp_perf"], [env_dir / "bin" / "nlp-perf"]):
        run = subprocess.run(
            [*command, "classify", "report.txt", "--format", "json"],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
        )
        assert run.returncode == 0, run.stderr
        assert '"tallies"' in run.stdout and '"name": "nlp_perf-zh"' in run.stdout
    files = subprocess.run(
        [
            python,
            "-c",
            (
                "from importlib import resources as r\n"
                "print(sorted(p.name for p in (r.files('nlp_perf.models') / 'default').iterdir()))\n"
                "print((r.files('nlp_perf') / 'data' / 'userdict.txt').is_file())"
            ),
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert files.stdout.split("\n")[:2] == ["['card.json', 'model.json', 'weights.npz']", "True"]
