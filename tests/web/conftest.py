"""The web app's fixtures: a test client over the app, and a real server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nlp_perf.web.app import HEADER, create_app
from nlp_perf.web.server import make_server
from nlp_perf.web.uploads import Limits

CHANGE = {HEADER: "1"}  # what the page's scripts send with every change


def client_for(model, tmp_path: Path, **kwargs) -> TestClient:
    """A client of an app of its own (one worker; corrections under ``tmp_path``)."""
    kwargs.setdefault("corrections", tmp_path / "corrections")
    kwargs.setdefault("workers", 1)
    return TestClient(create_app(model, **kwargs))


def new_batch(client: TestClient) -> str:
    answer = client.post("/api/batches", headers=CHANGE)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def upload(client, batch: str, name: str, data: bytes):
    return client.put(f"/api/batches/{batch}/files", params={"name": name}, content=data,
                      headers=CHANGE)  # fmt: skip


@pytest.fixture(scope="module")
def client(tiny_model, tmp_path_factory) -> Iterator[TestClient]:
    """One app for a module's tests: results in memory, the default limits."""
    with client_for(tiny_model, tmp_path_factory.mktemp("web")) as c:
        yield c


@pytest.fixture(scope="module")
def live_server(tiny_model) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 (a free port), two workers; yields its address."""
    server, sock, url, _ = make_server(tiny_model, "127.0.0.1", 0, workers=2, limits=Limits())
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield url
    server.should_exit = True
    thread.join(30)
    sock.close()
