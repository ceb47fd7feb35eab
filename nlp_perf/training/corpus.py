"""Labelled corpora: the project's own layout and the files researchers bring.

The project's layout (``data/`` in the repository) keeps each report as the raw text a user
receives, ``reports/<doc_id>.txt``, and its labels beside it, ``labels/<doc_id>.json``: the
report's metadata and one ``[label, sentence text]`` pair per sentence in document order.
Labels are matched to the splitter's sentences by their text, so they survive changes to the
splitter; a label that matches no sentence, or a sentence left without a label, is an error.

Other corpora — CSV/TSV, JSONL, doccano and Label Studio exports — are read by
:mod:`.examples`; :func:`read_corpus` pools any of them.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from ..errors import CorpusError, InputError
from ..read import read_document
from ..text.sentences import split_sentences
from .examples import Example, read_labelled_file

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
                source = f"{lf}: sentence {s.index}"
                examples.append(Example(doc_id, s.text, label, s.section, meta, source))
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise CorpusError(f"{shown}{more} (labels and reports disagree)")
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
                raise CorpusError(f"{bad[0].source}: unknown label {bad[0].label!r}")
            examples += found
        elif not p.exists():
            raise CorpusError(f"{p}: no such file or directory")
        else:
            examples += read_labelled_file(p, labels)
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
