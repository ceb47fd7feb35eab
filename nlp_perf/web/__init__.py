"""The reviewer's desk: ``nlp-perf serve``, a web app on the user's own machine.

Reports are dropped on a page, classified in worker processes, and read as a sortable batch
table and as highlighted pages; corrections to labels are saved as training data.  Needs the
``web`` extra (``pip install "nlp_perf[web]"``); docs/web.md describes the routes, the limits
and the security model.
"""

from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> object:
    """``create_app`` and ``serve``, imported when asked for (they need the web extra)."""
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "serve":
        from .server import serve

        return serve
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
