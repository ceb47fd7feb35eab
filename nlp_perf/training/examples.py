"""Labelled sentences, and the files researchers bring them in.

An :class:`Example` is one labelled sentence of a document.  :func:`read_labelled_file` reads
CSV/TSV or JSONL with ``text`` and ``label`` (optional ``doc_id``, ``section``), doccano exports
(``text`` or ``data`` with a ``label`` list) and Label Studio exports (JSON with
``annotations[].result[].value.choices``, or JSON_MIN).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError, InputError
from ..read import decode_bytes

__all__ = ["Example", "read_labelled_file"]


@dataclass(frozen=True)
class Example:
    """One labelled sentence; ``doc_id`` groups the sentences of one report, in order."""

    doc_id: str
    text: str
    label: str
    section: str = ""
    meta: tuple[tuple[str, str], ...] = ()
    source: str = ""  # where it was read: "FILE: row N", "FILE: line N" or "FILE: sentence N"

    def row(self, index: int) -> dict[str, str | int]:
        return {
            "doc_id": self.doc_id,
            "index": index,
            "text": self.text,
            "label": self.label,
            "section": self.section,
            **dict(self.meta),
        }


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: {exc.strerror or exc}") from None
    try:
        text, _ = decode_bytes(data)
    except InputError as exc:
        raise CorpusError(f"{path}: {exc}") from None
    return text


def _rows_from_table(path: Path, text: str, delimiter: str) -> Iterable[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    for need in ("text", "label"):
        if need not in fields:
            raise CorpusError(
                f"{path}: no '{need}' column (columns: {', '.join(fields) or 'none'})"
            )
    for n, row in enumerate(reader, start=2):
        yield n, {k.strip().lower(): v for k, v in row.items() if k is not None}


def _label_of(record: dict) -> object:
    """The label of a doccano or Label Studio record, or of a plain one."""
    if "annotations" in record:  # Label Studio, full export
        for ann in record.get("annotations") or []:
            for res in ann.get("result") or []:
                choices = (res.get("value") or {}).get("choices")
                if choices:
                    return choices[0]
        return None
    for key in ("label", "labels", "sentiment", "choice", "class"):
        if key in record:
            value = record[key]
            if isinstance(value, dict) and "choices" in value:  # JSON_MIN with choices
                value = value["choices"]
            if isinstance(value, list):
                return value[0] if len(value) == 1 else value
            return value
    return None


def _text_of(record: dict) -> object:
    if isinstance(record.get("data"), dict):  # Label Studio task data
        return record["data"].get("text")
    return record.get("text", record.get("data"))


def _rows_from_json(path: Path, text: str) -> Iterable[tuple[int, dict]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
        numbered = list(enumerate(records, start=1))
    else:
        numbered = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}: line {n}: not valid JSON ({exc.msg})") from None
    for n, rec in numbered:
        if not isinstance(rec, dict):
            raise CorpusError(f"{path}: record {n}: expected a JSON object")
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        data = rec.get("data") if isinstance(rec.get("data"), dict) else {}
        yield (
            n,
            {
                "text": _text_of(rec),
                "label": _label_of(rec),
                "doc_id": rec.get("doc_id", rec.get("doc", data.get("doc_id", meta.get("doc_id")))),
                "section": rec.get("section", data.get("section", "")),
            },
        )


def read_labelled_file(path: Path, labels: Sequence[str]) -> list[Example]:
    """The labelled sentences of a CSV, TSV, JSONL or JSON file (see the module's docstring);
    CorpusError naming the file, the row and the cause for the first problem found."""
    text = _decode(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        rows = _rows_from_table(path, text, "\t" if suffix == ".tsv" else ",")
        where = "row"
    elif suffix in (".jsonl", ".json", ".ndjson"):
        rows = _rows_from_json(path, text)
        where = "line" if not text.lstrip().startswith("[") else "record"
    else:
        raise CorpusError(f"{path}: unknown corpus format (expected .csv, .tsv, .jsonl or .json)")
    out = []
    for n, row in rows:
        text_value, label = row.get("text"), row.get("label")
        if not isinstance(text_value, str) or not text_value.strip():
            raise CorpusError(f"{path}: {where} {n}: empty text")
        if isinstance(label, list):
            raise CorpusError(f"{path}: {where} {n}: {len(label)} labels; one label per sentence")
        if label is None or str(label).strip() == "":
            raise CorpusError(f"{path}: {where} {n}: no label")
        label = str(label).strip()
        if label not in labels:
            raise CorpusError(
                f"{path}: {where} {n}: unknown label {label!r}; expected one of "
                f"{', '.join(labels)} (declare others with --labels)"
            )
        doc = row.get("doc_id")
        doc_id = str(doc) if doc not in (None, "") else f"{path.name}#{n}"
        section = str(row.get("section") or "")
        out.append(Example(doc_id, text_value.strip(), label, section, (), f"{path}: {where} {n}"))
    if not out:
        raise CorpusError(f"{path}: no labelled sentences")
    return out
