"""Running the app: a socket on the user's machine, the address said, the browser opened.

Bound to 127.0.0.1 by default, answering only requests addressed to the machine itself.  Any
other address makes the app reachable by other machines: the server then makes a random
token, says it with a warning, and refuses every request without it.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from ..classify.model import Model
from .app import create_app
from .uploads import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_PORT", "LOOPBACK_HOSTS", "is_loopback", "make_server", "serve"]

DEFAULT_PORT = 8750
LOOPBACK_HOSTS = ["127.0.0.1", "localhost"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``port``, or on DEFAULT_PORT, else a free port, when not given."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in [port] if port is not None else [DEFAULT_PORT, 0]:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError:
            sock.close()
            if candidate != DEFAULT_PORT or port is not None:
                raise
            continue
        sock.listen(128)
        return sock
    raise AssertionError("unreachable: port 0 always binds")


def _open_when_up(server: uvicorn.Server, url: str) -> None:
    for _ in range(600):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.1)


def make_server(
    model: Model,
    host: str = "127.0.0.1",
    port: int | None = None,
    data_dir: str | Path | None = None,
    workers: int = 2,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[uvicorn.Server, socket.socket, str, list[str]]:
    """The server, its bound socket, its address and what to tell the user (the warning and
    the token when ``host`` is not this machine).  Raises OSError when it cannot be bound."""
    loopback = is_loopback(host)
    token = None if loopback else secrets.token_urlsafe(24)
    hosts = [host, *LOOPBACK_HOSTS] if loopback else None
    app = create_app(model, data_dir, token, limits, workers, hosts)
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/" + (f"?token={token}" if token else "")
    lines = []
    if not loopback:
        lines.append(f"warning: serving on {host}, which other machines can reach; every "
                     "request needs the token in this address")  # fmt: skip
    lines.append(f"nlp-perf serve: {url}  (Ctrl-C to stop)")
    corpus = Path(data_dir) / "corpus" if data_dir else Path("nlp-perf-corrections").resolve()
    kept = f"kept in {Path(data_dir) / 'batches'}" if data_dir else "kept until the server stops"
    lines.append(f"results {kept}; label corrections saved in {corpus}")
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3)
    return uvicorn.Server(config), sock, url, lines


def serve(
    model: Model,
    host: str = "127.0.0.1",
    port: int | None = None,
    data_dir: str | Path | None = None,
    open_browser: bool = True,
    workers: int = 2,
    say: Callable[[str], None] = lambda line: None,
) -> None:
    """Serve the app until Ctrl-C, telling ``say`` the address (see :func:`make_server`)."""
    server, sock, url, lines = make_server(model, host, port, data_dir, workers)
    for line in lines:
        say(line)
    if open_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    with sock:
        server.run(sockets=[sock])
