"""Labelled corpora: the project's own layout and the files researchers bring.

The project's layout (``data/`` in the repository) keeps each report as the raw text a user
receives, ``reports/<doc_id>.txt``, and its labels beside it, ``labels/<doc_id>.json``: the
report's metadata and one ``[label, sentence text]`` pair per sentence in document order.
Labels are matched to the splitter's sentences by their text, so they survive changes to the
splitter; a label that matches no sentence, or a sentence left without a label, is an error.

Other corpora: CSV/TSV or JSONL with ``text`` and ``label`` (optional ``doc_id``,
``section``), doccano exports (``text`` or ``data`` with a ``label`` list), Label Studio
exports (JSON with ``annotations[].result[].value.choices``, or JSON_MIN).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError, InputError
from .readers import decode_bytes, read_document
from .sentences import split_sentences

__all__ = [
    "Example",
    "load_project_corpus",
    "read_corpus",
    "write_corpus_csv",
    "corpus_hash",
    "write_labels_file",
    "CORPUS_COLUMNS",
]

CORPUS_COLUMNS = [
    "doc_id",
    "index",
    "text",
    "label",
    "section",
    "unit_kind",
    "report_kind",
    "province",
    "year",
    "form",
]
_META = ("unit_kind", "report_kind", "province", "year", "form")


@dataclass(frozen=True)
class Example:
    """One labelled sentence; ``doc_id`` groups the sentences of one report, in order."""

    doc_id: str
    text: str
    label: str
    section: str = ""
    meta: tuple[tuple[str, str], ...] = ()
    source: str = ""  # where it was read: "FILE row N", "FILE line N" or "FILE sentence N"

    def row(self, index: int) -> dict[str, str | int]:
        return {
            "doc_id": self.doc_id,
            "index": index,
            "text": self.text,
            "label": self.label,
            "section": self.section,
            **dict(self.meta),
        }


def align_labels(
    sentences: Sequence[str], labelled: Sequence[tuple[str, str]]
) -> tuple[list[str | None], list[str]]:
    """Match ``(label, text)`` pairs to sentence texts in order.

    Returns a label (or None) per sentence and a list of problems: labels whose text matches
    no sentence and sentences that received no label.
    """
    matcher = difflib.SequenceMatcher(a=[t for _, t in labelled], b=list(sentences), autojunk=False)
    out: list[str | None] = [None] * len(sentences)
    problems: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                out[j1 + k] = labelled[i1 + k][0]
            continue
        for i in range(i1, i2):
            problems.append(f"label {i} matches no sentence: {labelled[i][1][:50]!r}")
        for j in range(j1, j2):
            problems.append(f"sentence {j} has no label: {sentences[j][:50]!r}")
    return out, problems


def write_labels_file(path: str | Path, meta: dict, pairs: Sequence[Sequence[str]]) -> None:
    """Write a labels file: the metadata, then one ``[label, text]`` pair per line."""
    head = json.dumps({k: v for k, v in meta.items() if k != "sentences"}, ensure_ascii=False)
    body = ",\n".join("    " + json.dumps(list(p), ensure_ascii=False) for p in pairs)
    Path(path).write_text(f'{head[:-1]}, "sentences": [\n{body}\n]}}\n', encoding="utf-8")


def _load_labels(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs = data["sentences"]
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise ValueError("each sentence must be [label, text]")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{path}: unreadable labels file ({exc})") from None
    return data


def load_project_corpus(data_dir: str | Path) -> list[Example]:
    """Every labelled sentence of a corpus in the project's layout, in document order."""
    root = Path(data_dir)
    label_files = sorted((root / "labels").glob("*.json"))
    if not label_files:
        raise CorpusError(f"{root}: no labels/*.json files (is this a corpus directory?)")
    examples: list[Example] = []
    problems: list[str] = []
    for lf in label_files:
        data = _load_labels(lf)
        doc_id = lf.stem
        report = root / "reports" / f"{doc_id}.txt"
        try:
            doc = read_document(report)
        except InputError as exc:
            problems.append(f"{report}: {exc}")
            continue
        sentences = split_sentences(doc.text)
        labels, issues = align_labels([s.text for s in sentences], data["sentences"])
        problems += [f"{lf}: {p}" for p in issues]
        meta = tuple((k, str(data.get(k, ""))) for k in _META)
        for s, label in zip(sentences, labels):
            if label is not None:
                source = f"{lf} sentence {s.index}"
                examples.append(Example(doc_id, s.text, label, s.section, meta, source))
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise CorpusError(f"labels and reports disagree: {shown}{more}")
    return examples


def write_corpus_csv(examples: Sequence[Example], out: str | Path) -> None:
    """Write the training table, one row per sentence, UTF-8."""
    counters: dict[str, int] = {}
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CORPUS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for ex in examples:
            k = counters.get(ex.doc_id, 0)
            counters[ex.doc_id] = k + 1
            writer.writerow(ex.row(k))


def corpus_hash(data_dir: str | Path) -> str:
    """SHA-256 over the reports and labels of a project corpus (names and bytes)."""
    root = Path(data_dir)
    h = hashlib.sha256()
    for sub in ("reports", "labels"):
        for p in sorted((root / sub).glob("*")):
            if p.suffix in (".txt", ".json"):
                h.update(f"{sub}/{p.name}\0".encode())
                h.update(p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- researchers' files


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
            raise CorpusError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
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


def _read_file(path: Path, labels: Sequence[str]) -> list[Example]:
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
        out.append(Example(doc_id, text_value.strip(), label, section, (), f"{path} {where} {n}"))
    if not out:
        raise CorpusError(f"{path}: no labelled sentences")
    return out


def read_corpus(paths: Sequence[str | Path], labels: Sequence[str]) -> list[Example]:
    """Read labelled sentences from files or project corpus directories.

    Raises CorpusError naming the file, the row and the cause for the first problem found,
    and for a text given two different labels.
    """
    examples: list[Example] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = load_project_corpus(p)
            bad = [e for e in found if e.label not in labels]
            if bad:
                raise CorpusError(
                    f"{p}: unknown label {bad[0].label!r} in document {bad[0].doc_id}"
                )
            examples += found
        elif not p.exists():
            raise CorpusError(f"{p}: no such file or directory")
        else:
            examples += _read_file(p, labels)
    seen: dict[str, Example] = {}
    for ex in examples:
        key = " ".join(ex.text.split())
        first = seen.setdefault(key, ex)
        if first.label != ex.label:
            raise CorpusError(
                f"{ex.source}: the same text has two labels, {first.label!r} ({first.source}) "
                f"and {ex.label!r}: {ex.text[:40]!r}"
            )
    return examples
