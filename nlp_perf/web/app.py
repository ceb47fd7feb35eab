"""The reviewer's desk: a web app on the user's own machine over the pipeline.

``create_app`` builds it: a page to drop reports on and read the batch table, a page per
report (the highlighted text, the flags and figures, corrections), the downloads the CLI's
``--out`` writes, and the JSON routes the pages call (docs/web.md lists them).  Uploads are
read by :mod:`.uploads`, classified by :mod:`.workers`, kept by :mod:`.store`.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect

from ..classify.model import LABEL_NAMES_ZH, Model
from ..errors import InputError
from ..output.html import highlighted_text, label_colours, label_css, review_panel, tallies_svg
from .corrections import CorrectionError, relabel, save_corrections
from .store import Batch, Report, Store, counts
from .uploads import DEFAULT_LIMITS, Limits, UploadError, display_name, receive
from .workers import WorkerPool

__all__ = ["create_app", "COOKIE", "HEADER"]

COOKIE = "nlp_perf_token"
HEADER = "X-NLP-Perf"  # sent by the page's scripts with every change: a form on another site cannot
DOWNLOADS = ("xlsx", "csv", "json", "jsonl")


@dataclass
class _Desk:
    model: Model
    store: Store
    limits: Limits
    corrections: Path
    workers: int
    pool: WorkerPool | None = None
    tmp: Path | None = None

    def batch(self, batch_id: str) -> Batch:
        try:
            return self.store.batch(batch_id)
        except KeyError:
            raise HTTPException(
                404, f"no batch {batch_id[:40]!r}: cleared, or from another session"
            ) from None

    def report(self, report_id: str) -> Report:
        try:
            return self.store.report(report_id)
        except KeyError:
            raise HTTPException(
                404, f"no report {report_id[:40]!r}: cleared, or from another session"
            ) from None


class _Label(BaseModel):
    label: str


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def create_app(
    model: Model,
    data_dir: str | Path | None = None,
    token: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workers: int = 2,
    hosts: list[str] | None = None,
    corrections: str | Path | None = None,
) -> FastAPI:
    """The app, classifying with ``model`` in ``workers`` processes.

    ``data_dir`` keeps the results on disk between runs (else they last as long as the
    server); ``token``, when given, is required of every request; ``hosts`` are the only Host
    headers answered; corrections are saved as a training corpus in ``corrections`` (default
    ``DATA/corpus``, or ``nlp-perf-corrections`` in the current folder without ``data_dir``).
    """
    data = Path(data_dir) if data_dir else None
    folder = Path(corrections) if corrections else (data / "corpus" if data else None)
    desk = _Desk(model, Store(model.labels, data), limits,
                 folder or Path("nlp-perf-corrections").resolve(), workers)  # fmt: skip

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        desk.tmp = Path(tempfile.mkdtemp(prefix="nlp_perf-web-"))
        try:
            desk.pool = await run_in_threadpool(WorkerPool, model, workers, limits.seconds)
            yield
        finally:
            if desk.pool:
                await run_in_threadpool(desk.pool.close)
            shutil.rmtree(desk.tmp, ignore_errors=True)

    app = FastAPI(title="nlp_perf", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)  # fmt: skip
    app.state.desk = desk
    _add_guards(app, token, hosts)
    app.mount("/static", StaticFiles(packages=[("nlp_perf.web", "static")]), name="static")
    templates = Jinja2Templates(env=Environment(loader=PackageLoader("nlp_perf.web", "templates"),
                                                autoescape=select_autoescape()))  # fmt: skip
    _add_batch_routes(app, desk, templates)
    _add_upload_route(app, desk)
    _add_report_routes(app, desk, templates)
    return app


def _add_guards(app: FastAPI, token: str | None, hosts: list[str] | None) -> None:
    """Errors as one JSON line; the token; the header every change carries; the hosts."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if token:
            given = (request.headers.get("x-token") or request.query_params.get("token")
                     or request.cookies.get(COOKIE) or "")  # fmt: skip
            if not secrets.compare_digest(given.encode(), token.encode()):
                return _error(401, "missing or wrong token: open the address the server printed "
                                   "at start-up (with ?token=…)")  # fmt: skip
        if request.method not in ("GET", "HEAD") and request.headers.get(HEADER) != "1":
            return _error(403, f"a change needs the {HEADER} header the page's scripts send")
        if token and request.method == "GET" and "token" in request.query_params:
            response: Response = RedirectResponse(request.url.remove_query_params("token"), 303)
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
            return response
        return await call_next(request)

    if hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)


def _page_context(desk: _Desk) -> dict[str, Any]:
    labels = [{"key": k, "zh": LABEL_NAMES_ZH.get(k, "")} for k in desk.model.labels]
    return {"labels": labels, "css": label_css(desk.model.labels),
            "model": f"{desk.model.name} {desk.model.version}", "limits": desk.limits}  # fmt: skip


def _add_batch_routes(app: FastAPI, desk: _Desk, templates: Jinja2Templates) -> None:
    def listing() -> list[dict[str, Any]]:
        return [{"id": b.id, "created": b.created, "reports": len(b.reports)}
                for b in desk.store.batches.values()]  # fmt: skip

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request, batch: str = "") -> Response:
        current = batch or next(reversed(desk.store.batches), "")
        context = {**_page_context(desk), "batches": listing(), "current": current}
        return templates.TemplateResponse(request, "index.html", context)

    @app.get("/api/batches")
    async def batches() -> list[dict[str, Any]]:
        return listing()

    @app.post("/api/batches", status_code=201)
    async def new_batch() -> dict[str, Any]:
        b = desk.store.new_batch()
        return {"id": b.id, "created": b.created, "reports": 0}

    @app.get("/api/batches/{batch_id}")
    async def batch_rows(batch_id: str) -> dict[str, Any]:
        b = desk.batch(batch_id)
        return {"id": b.id, "created": b.created, "labels": list(desk.model.labels),
                "rows": desk.store.rows(b)}  # fmt: skip

    @app.delete("/api/batches/{batch_id}", status_code=204)
    async def clear_batch(batch_id: str) -> Response:
        desk.store.clear(desk.batch(batch_id).id)
        return Response(status_code=204)

    @app.delete("/api/batches", status_code=204)
    async def clear_all() -> Response:
        desk.store.clear()
        return Response(status_code=204)

    @app.get("/batches/{batch_id}/results.{fmt}")
    async def download(batch_id: str, fmt: str) -> Response:
        b = desk.batch(batch_id)
        if fmt not in DOWNLOADS:
            raise HTTPException(404, f"no download as .{fmt[:10]}; one of {', '.join(DOWNLOADS)}")
        folder = Path(tempfile.mkdtemp(dir=desk.tmp))
        out = await run_in_threadpool(desk.store.export, b, fmt, folder / f"results.{fmt}")
        return FileResponse(out, filename=f"nlp_perf_results.{fmt}",
                            background=BackgroundTask(shutil.rmtree, folder, True))  # fmt: skip


def _add_upload_route(app: FastAPI, desk: _Desk) -> None:
    @app.put("/api/batches/{batch_id}/files")
    async def upload(batch_id: str, request: Request, name: str = "") -> Response:
        """One file as the request's body; its name (for showing only) in ``?name=``."""
        b, shown, limits = desk.batch(batch_id), display_name(name), desk.limits
        if len(b.reports) >= limits.batch_files:
            return _error(413, f"the batch is full: {limits.batch_files} files; start a new batch",
                          name=shown)  # fmt: skip
        length = request.headers.get("content-length", "")
        declared = int(length) if length.isdigit() else None
        try:
            path, size = await receive(request.stream(), desk.tmp, declared,
                                          limits.batch_bytes - b.bytes, limits.file_bytes)  # fmt: skip
        except UploadError as exc:
            report = desk.store.add(b, shown, error=str(exc))
            return JSONResponse(report.summary(), status_code=exc.status)
        except ClientDisconnect:
            return _error(400, "the upload was cut off", name=shown)
        try:
            result = await run_in_threadpool(desk.pool.classify, path)
        except InputError as exc:
            report = desk.store.add(b, shown, error=str(exc), size=size)
            return JSONResponse(report.summary(), status_code=422)
        finally:
            path.unlink(missing_ok=True)
        result.file = shown
        report = desk.store.add(b, shown, result, size=size)
        return JSONResponse(report.summary(), status_code=201)


def _add_report_routes(app: FastAPI, desk: _Desk, templates: Jinja2Templates) -> None:
    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    async def report_page(request: Request, report_id: str) -> Response:
        report = desk.report(report_id)
        if report.result is None:
            raise HTTPException(404, f"{report.name}: not classified ({report.error})")
        r = report.result
        context = {**_page_context(desk), "report": report, "result": r,
                   "text": highlighted_text(r), "review": review_panel(r),
                   "tallies": tallies_svg(r, label_colours(r.labels)), "corrections": desk.corrections}  # fmt: skip
        return templates.TemplateResponse(request, "report.html", context)

    @app.get("/api/reports/{report_id}")
    async def report_json(report_id: str) -> dict[str, Any]:
        report = desk.report(report_id)
        if report.result is None:
            return {"file": report.name, "error": report.error}
        return report.result.to_dict()

    @app.put("/api/reports/{report_id}/sentences/{index}")
    async def correct(report_id: str, index: int, body: _Label) -> dict[str, Any]:
        report = desk.report(report_id)
        if report.result is None:
            raise HTTPException(404, f"{report.name}: not classified, nothing to correct")
        try:
            relabel(report.result, index, body.label)
        except CorrectionError as exc:
            raise HTTPException(422, str(exc)) from None
        if index not in report.corrected:
            report.corrected.append(index)
        report.row.update(counts(report.result))
        desk.store.changed(report)
        saved = await run_in_threadpool(save_corrections, desk.corrections, report.id,
                                        report.name, report.result, report.corrected)  # fmt: skip
        return {"index": index, "label": body.label, "row": report.summary(), "saved": str(saved)}
