"""The results of a session: batches of uploaded reports, each report's result or error and
its row of the batch table; kept in memory, and with a data folder also on disk, so that they
are there again when the server next starts.

On disk (``DATA/batches/``): a folder per batch holding ``batch.json`` (its reports in upload
order) and ``<report id>.json`` per report (its name, row, corrected sentences, the result's
JSON of docs/schema.md and the text its offsets point into).  Ids are random hex strings made
here; a name a browser sent is never part of a path.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..atomic import replacing_file
from ..batch import Outcome
from ..document import ClassifiedSentence, ReportResult
from ..output.files import write_outputs
from ..output.text import figure_value
from ..text.title import read_title

__all__ = ["Batch", "Report", "Store", "is_id", "table_row", "counts"]

log = logging.getLogger(__name__)
_ID = re.compile(r"[0-9a-f]{32}\Z")


def is_id(text: str) -> bool:
    """Whether ``text`` has the shape of the ids made here (and so is safe in a path)."""
    return bool(_ID.match(text))


def _figure(result: ReportResult, *keys: str) -> dict[str, Any] | None:
    for key in keys:
        found = result.figures.get(key)
        if found and found.get("value") is not None:
            return {"value": found["value"], "text": figure_value(found), "key": key}
    return None


def counts(result: ReportResult) -> dict[str, Any]:
    """The parts of a report's row that its labels decide: tallies, shares, figures, flags."""
    return {
        "sentences": len(result.rows),
        "tallies": result.tallies,
        "shares": result.shares,
        "budget": _figure(result, "budget_total", "budget_initial"),
        "final": _figure(result, "final_expenditure"),
        "execution_rate": _figure(result, "execution_rate"),
        "self_score": _figure(result, "self_score"),
        "flags": len(result.flags),
    }


def table_row(result: ReportResult) -> dict[str, Any]:
    """A report's row of the batch table: unit, year, kind, tallies and shares, key figures
    and the number of review flags."""
    title = read_title(result.rows)
    unit = (result.figures.get("unit_name") or {}).get("value") or title.unit
    year = (result.figures.get("year") or {}).get("value") or title.year
    return {"unit": unit, "year": year, "kind": title.kind, **counts(result)}


@dataclass
class Report:
    """One uploaded file: its result, or the one-line reason it failed."""

    id: str
    batch: str
    name: str
    result: ReportResult | None = None
    error: str | None = None
    row: dict[str, Any] = field(default_factory=dict)
    corrected: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The report's row of the batch table, as the page reads it."""
        base = {"id": self.id, "name": self.name, "error": self.error}
        return {**base, **self.row, "corrected": len(self.corrected)}


@dataclass
class Batch:
    id: str
    created: str
    reports: list[str] = field(default_factory=list)
    bytes: int = 0


def _result_from(data: dict[str, Any], text: str, labels: tuple[str, ...]) -> ReportResult:
    rows = [ClassifiedSentence(s["index"], s["start"], s["end"], s["text"], s["section"],
                               s["label"], s["confidence"]) for s in data["sentences"]]  # fmt: skip
    model = data["model"]
    return ReportResult(
        data["file"], data["chars"], model["name"], model["version"], labels, rows,
        data["encoding"], data["format"], text, data["figures"], data["projects"],
        data["indicators"], data["flags"], data.get("ocr"),
    )  # fmt: skip


class Store:
    """The batches and reports of a session (thread-safe), on disk too under ``folder``."""

    def __init__(self, labels: tuple[str, ...], folder: Path | None = None) -> None:
        self.labels = labels
        self.batches: dict[str, Batch] = {}
        self.reports: dict[str, Report] = {}
        self._lock = threading.Lock()
        self._folder = folder / "batches" if folder else None
        if self._folder:
            self._folder.mkdir(parents=True, exist_ok=True)
            self._load()

    # ------------------------------------------------------------------ in memory

    def new_batch(self) -> Batch:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        batch = Batch(secrets.token_hex(16), now)
        with self._lock:
            self.batches[batch.id] = batch
            self._save_batch(batch)
        return batch

    def batch(self, batch_id: str) -> Batch:
        """The batch of that id; KeyError when there is none."""
        return self.batches[batch_id]

    def report(self, report_id: str) -> Report:
        """The report of that id; KeyError when there is none."""
        return self.reports[report_id]

    def add(self, batch: Batch, name: str, result: ReportResult | None = None,
            error: str | None = None, size: int = 0) -> Report:  # fmt: skip
        """Record an upload's result (or error) as the batch's next report."""
        row = table_row(result) if result is not None else {}
        report = Report(secrets.token_hex(16), batch.id, name, result, error, row)
        with self._lock:
            batch.bytes += size
            self.reports[report.id] = report
            batch.reports.append(report.id)
            self._save_report(report)
            self._save_batch(batch)
        return report

    def changed(self, report: Report) -> None:
        """Keep a report's new labels (on disk too)."""
        with self._lock:
            self._save_report(report)

    def rows(self, batch: Batch) -> list[dict[str, Any]]:
        return [self.reports[r].summary() for r in batch.reports if r in self.reports]

    def clear(self, batch_id: str | None = None) -> None:
        """Forget one batch, or every batch, in memory and on disk."""
        with self._lock:
            for bid in [batch_id] if batch_id else list(self.batches):
                batch = self.batches.pop(bid)
                for rid in batch.reports:
                    self.reports.pop(rid, None)
                if self._folder:
                    shutil.rmtree(self._folder / bid, ignore_errors=True)

    def export(self, batch: Batch, fmt: str, out: Path) -> Path:
        """Write the batch's results to ``out`` as the CLI's ``--out`` would (xlsx, csv, …)."""
        outcomes = [
            Outcome(r.name, r.result, r.error)
            for r in (self.reports[rid] for rid in batch.reports if rid in self.reports)
        ]
        write_outputs(out, outcomes, self.labels, fmt, force=True)
        return out

    # -------------------------------------------------------------------- on disk

    def _save_batch(self, batch: Batch) -> None:
        if not self._folder:
            return
        folder = self._folder / batch.id
        folder.mkdir(exist_ok=True)
        data = {"id": batch.id, "created": batch.created, "reports": batch.reports,
                "bytes": batch.bytes}  # fmt: skip
        with replacing_file(folder / "batch.json") as tmp:
            tmp.write_text(json.dumps(data), encoding="utf-8")

    def _save_report(self, report: Report) -> None:
        if not self._folder:
            return
        r = report.result
        data = {"id": report.id, "name": report.name, "error": report.error, "row": report.row,
                "corrected": report.corrected, "labels": list(self.labels),
                "result": r.to_dict() if r else None, "text": r.text if r else ""}  # fmt: skip
        with replacing_file(self._folder / report.batch / f"{report.id}.json") as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def _load(self) -> None:
        for folder in sorted(self._folder.iterdir()):
            if not (is_id(folder.name) and (folder / "batch.json").is_file()):
                continue
            try:
                self._load_batch(folder)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("%s: not read (%s)", folder, exc)

    def _load_batch(self, folder: Path) -> None:
        data = json.loads((folder / "batch.json").read_text(encoding="utf-8"))
        batch = Batch(folder.name, str(data["created"]), [], int(data.get("bytes", 0)))
        for rid in data["reports"]:
            path = folder / f"{rid}.json"
            if not (isinstance(rid, str) and is_id(rid) and path.is_file()):
                continue
            saved = json.loads(path.read_text(encoding="utf-8"))
            labels = tuple(saved["labels"])
            result = (
                _result_from(saved["result"], saved["text"], labels) if saved["result"] else None
            )
            report = Report(rid, batch.id, str(saved["name"]), result, saved["error"],
                            saved["row"], list(saved["corrected"]))  # fmt: skip
            self.reports[rid] = report
            batch.reports.append(rid)
        self.batches[batch.id] = batch
