"""A reviewer's corrections: a sentence given another label, and the report saved as training
data in the project's corpus layout (docs/corpus.md), so that ``nlp-perf train DIR`` learns
from it.

The corpus folder holds ``reports/web_<id>.txt`` (the report's text, UTF-8) and
``labels/web_<id>.json`` (its metadata and one ``[label, sentence]`` pair per sentence, in
order).  Sentences the reviewer did not correct keep the model's label; the metadata lists
the ones that were corrected.  Both files are written beside their target and renamed into
place, so a corpus folder never holds half a file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..atomic import replacing_file
from ..document import ReportResult
from ..errors import NlpPerfError
from ..pipeline import read_details
from ..training.corpus import write_labels_file

__all__ = ["CorrectionError", "relabel", "save_corrections"]


class CorrectionError(NlpPerfError):
    """A correction that names no sentence of the report, or no label of the model."""


def relabel(result: ReportResult, index: int, label: str) -> None:
    """Give sentence ``index`` the label ``label`` (confidence 1: a person said so), and read
    the figures and flags again, since they depend on the labels."""
    if label not in result.labels:
        raise CorrectionError(
            f"unknown label {label!r}; expected one of {', '.join(result.labels)}"
        )
    if not 0 <= index < len(result.rows):
        raise CorrectionError(f"no sentence {index}; the report has {len(result.rows)}")
    result.rows[index] = dataclasses.replace(result.rows[index], label=label, confidence=1.0)
    read_details(result)


def save_corrections(
    folder: Path, report_id: str, name: str, result: ReportResult, corrected: list[int]
) -> Path:
    """Write the report and its labels (corrections included) into the corpus ``folder``;
    return the labels file."""
    doc_id = f"web_{report_id}"
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    (folder / "labels").mkdir(exist_ok=True)
    with replacing_file(folder / "reports" / f"{doc_id}.txt") as tmp:
        tmp.write_bytes(result.text.encode("utf-8"))
    meta = {"doc_id": doc_id, "source": name, "form": "web", "encoding": "utf-8",
            "corrected": sorted(corrected)}  # fmt: skip
    target = folder / "labels" / f"{doc_id}.json"
    with replacing_file(target) as tmp:
        write_labels_file(tmp, meta, [[s.label, s.text] for s in result.rows])
    return target
