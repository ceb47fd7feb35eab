"""``nlp-perf serve``: the command, the address it binds and says, the token off this machine,
and the one-line error without the web extra."""

from __future__ import annotations

import socket
import sys

import httpx
import pytest

from nlp_perf.cli import main
from nlp_perf.web.server import is_loopback, make_server


def test_serve_without_the_web_extra_is_one_line_naming_it(monkeypatch, capsys):
    for name in ("nlp_perf.web.server", "nlp_perf.web.app"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if it were not installed
    assert main(["serve", "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == 'error: the web app needs its extra (fastapi is missing): pip install "nlp_perf[web]"\n'
    )


def test_serve_on_a_port_in_use_is_one_line(tiny_model_dir, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--no-browser", "--model", str(tiny_model_dir)])
    assert code == 1
    assert capsys.readouterr().err == f"error: 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("example.org", False)])  # fmt: skip
def test_which_hosts_are_this_machine(host, loopback):
    assert is_loopback(host) is loopback


def test_another_address_gets_a_warning_and_a_token(tiny_model):
    server, sock, url, lines = make_server(tiny_model, "0.0.0.0", 0)
    sock.close()  # bound only to read the address: never served
    assert lines[0].startswith("warning: serving on 0.0.0.0, which other machines can reach")
    assert "?token=" in url and len(url.split("?token=")[1]) >= 24
    assert url in lines[1]
    _, sock, local, lines = make_server(tiny_model, "127.0.0.1", 0)
    sock.close()
    assert "token" not in local and not lines[0].startswith("warning")
    assert lines[-1].startswith("results kept until the server stops; label corrections saved in")


def test_the_live_server_answers_on_127_0_0_1_and_only_by_that_name(live_server):
    assert live_server.startswith("http://127.0.0.1:")
    page = httpx.get(live_server, timeout=30)
    assert page.status_code == 200 and "把报告拖到这里" in page.text
    port = live_server.rsplit(":", 1)[1].strip("/")
    rebound = httpx.get(live_server, headers={"Host": f"attacker.example:{port}"}, timeout=30)
    assert rebound.status_code == 400  # a page on another site reaching it by a DNS name
