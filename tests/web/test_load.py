"""200 reports from 20 concurrent clients against a real server on 127.0.0.1: every result
arrives, and each equals the library's (the CLI's) result for the same file."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import httpx
from conftest import DATA
from web.conftest import CHANGE

from nlp_perf.pipeline import classify_file

REPORTS, CLIENTS = 200, 20
SECONDS = 240  # the whole load, a bound rather than a benchmark (benchmarks/ measures speed)


def _client_run(url: str, paths: list[Path]) -> list[tuple[Path, int, dict]]:
    """One client: its own batch, its reports one after another, then each result."""
    out = []
    with httpx.Client(base_url=url, timeout=120) as client:
        batch = client.post("/api/batches", headers=CHANGE).json()["id"]
        for path in paths:
            answer = client.put(f"/api/batches/{batch}/files", params={"name": path.name},
                                content=path.read_bytes(), headers=CHANGE)  # fmt: skip
            got = client.get(f"/api/reports/{answer.json()['id']}").json()
            out.append((path, answer.status_code, got))
    return out


def test_200_reports_from_20_clients_all_arrive_equal_to_the_librarys(live_server, tiny_model):
    # the shortest reports of the corpus, to keep the run short on a small machine
    paths = sorted((DATA / "reports").glob("*.txt"), key=lambda p: p.stat().st_size)[:REPORTS]
    assert len(paths) == REPORTS
    start = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_client_run, live_server, paths[k::CLIENTS]) for k in range(CLIENTS)]
        done, late = wait(futures, timeout=SECONDS)
    assert not late, f"{len(late)} clients had not finished after {SECONDS} s"
    arrived = [item for f in done for item in f.result()]
    elapsed = time.monotonic() - start
    assert sorted(p.name for p, _, _ in arrived) == sorted(p.name for p in paths)
    for path, status, got in arrived:
        assert status == 201, (path.name, got)
        expected = classify_file(path, tiny_model).to_dict()
        assert got == {**expected, "file": path.name}, path.name
    print(f"{REPORTS} reports from {CLIENTS} clients in {elapsed:.1f} s")
