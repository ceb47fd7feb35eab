"""A wheel, installed in a fresh environment, classifies from any directory."""

from __future__ import annotations

import site
import subprocess
import sys
import venv
from pathlib import Path

from conftest import ROOT, SAMPLE


def _run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def test_installed_wheel_classifies_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    build = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "--no-index", "--wheel-dir", dist, ROOT)  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("nlp_perf-*.whl"))

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = _run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel)
    assert done.returncode == 0, done.stderr[-2000:]
    # The dependencies come from the environment running the tests, placed after the new
    # environment's own site-packages (and only once the wheel is in, so pip cannot mistake the
    # outer nlp_perf for an installed one): the nlp_perf imported is the one from the wheel.
    own = _run(python, "-c", "import site; print(site.getsitepackages()[0])").stdout.strip()
    (Path(own) / "_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.txt").write_bytes(SAMPLE.read_bytes())
    env = {
        "PATH": str(env_dir / "bin"),
        "NLP_PERF_CACHE": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }
    where = _run(python, "-c", "import nlp_perf; print(nlp_perf.__file__)", cwd=elsewhere, env=env)
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    for command in ([python, "-m", "nlp_perf"], [env_dir / "bin" / "nlp-perf"]):
        run = _run(*command, "classify", "report.txt", "--format", "json", cwd=elsewhere, env=env)
        assert run.returncode == 0, run.stderr
        assert '"tallies"' in run.stdout and '"name": "nlp_perf-zh"' in run.stdout
    listing = (
        "from importlib import resources as r\n"
        "print(sorted(p.name for p in (r.files('nlp_perf.models') / 'default').iterdir()))\n"
        "print((r.files('nlp_perf') / 'data' / 'userdict.txt').is_file())"
    )
    files = _run(python, "-c", listing, cwd=elsewhere, env=env)
    assert files.stdout.splitlines() == ["['card.json', 'model.json', 'weights.npz']", "True"]
    # the web app's pages and their scripts and styles, served from the wheel
    pages = (
        "from fastapi.testclient import TestClient\n"
        "from nlp_perf import load_model\n"
        "from nlp_perf.web.app import create_app\n"
        "c = TestClient(create_app(load_model()))\n"
        "print([c.get(p).status_code for p in ('/', '/static/desk.js', '/static/desk.css', "
        "'/static/report.js')])"
    )
    served = _run(python, "-W", "ignore", "-c", pages, cwd=elsewhere, env=env)
    assert served.stdout.splitlines() == ["[200, 200, 200, 200]"], served.stderr[-2000:]


def test_a_checkout_run_from_its_root_uses_the_model_in_models(tmp_path):
    """`python -m nlp_perf` in the repository root imports the source tree, not the install."""
    env = {"PATH": "", "NLP_PERF_CACHE": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    code = "import nlp_perf, nlp_perf.classify.model as m; print(nlp_perf.__file__); print(m.default_model_path())"
    where = _run(sys.executable, "-c", code, cwd=ROOT, env=env)
    assert where.stdout.splitlines() == [
        str(ROOT / "nlp_perf" / "__init__.py"),
        str(ROOT / "models" / "default"),
    ]
    run = _run(
        sys.executable,
        "-m",
        "nlp_perf",
        "classify",
        "examples/sample_report.txt",
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert "── 问题 problem (" in run.stdout
