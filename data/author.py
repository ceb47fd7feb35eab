"""Turn an annotated draft into a corpus report and its labels.

A draft is the report's raw text with a label marker written right after the last
character of every sentence (after its 。 or ；, before the line break); each marker labels
the text between the previous marker and itself:

    ⟦成⟧ achievement   ⟦问⟧ problem   ⟦措⟧ measure   ⟦指⟧ metric   ⟦其⟧ other

Its first line is ``#meta {json}`` with doc_id, unit_kind, report_kind, province, year,
form (plain | docx | pdf | web | traditional | template) and optionally encoding (the
report is written in it: utf-8, utf-8-sig, gb18030, utf-16).

    python data/author.py DRAFT [DRAFT ...]
    python data/author.py --show DRAFT     # how the splitter cuts it, and what is wrong

writes ``data/reports/<doc_id>.txt`` (the markers removed) and
``data/labels/<doc_id>.json`` (one label per sentence, as the splitter cuts the text).
It refuses a draft where one of the splitter's sentences would get two labels (or none),
and names the sentence.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from nlp_perf.text.sentences import split_sentences
from nlp_perf.training.corpus import write_labels_file

DATA = Path(__file__).resolve().parent
MARKERS = {"成": "achievement", "问": "problem", "措": "measure", "指": "metric", "其": "other"}
MARKER = re.compile(r"⟦(.)⟧")
META_KEYS = {"doc_id", "unit_kind", "report_kind", "province", "year", "form"}
REPORT_KINDS = {"project", "department", "special_fund", "key_evaluation"}


def strip_markers(draft: str) -> tuple[str, list[tuple[int, str]]]:
    """Remove the markers; return the raw text and (position in raw text, label) pairs."""
    out: list[str] = []
    marks: list[tuple[int, str]] = []
    pos = 0
    raw_len = 0
    for m in MARKER.finditer(draft):
        chunk = draft[pos : m.start()]
        out.append(chunk)
        raw_len += len(chunk)
        if m.group(1) not in MARKERS:
            raise ValueError(f"unknown marker {m.group(0)!r}; use one of ⟦成⟧⟦问⟧⟦措⟧⟦指⟧⟦其⟧")
        marks.append((raw_len, MARKERS[m.group(1)]))
        pos = m.end()
    out.append(draft[pos:])
    return "".join(out), marks


def assign(raw: str, marks: list[tuple[int, str]]) -> tuple[list[dict], list[str]]:
    """Give each sentence the label of the marked span(s) it lies in.

    Each marker closes a span that runs from the previous marker (or the start of the
    text) to it.  A sentence of the splitter takes the label of the spans its characters
    fall in, so a writer's sentence the splitter cuts in two gives both pieces its label;
    a sentence that straddles spans of two different labels is an error, and so is text
    after the last marker.
    """
    sentences = split_sentences(raw)
    bounds = [0] + [pos for pos, _ in marks]
    errors: list[str] = []
    rows = []
    for s in sentences:
        got = {
            label
            for (start, (end, label)) in zip(bounds, marks)
            if min(end, s.end) > max(start, s.start)
            and raw[max(start, s.start) : min(end, s.end)].strip()
        }
        if len(got) != 1:
            what = "no marker after it" if not got else f"straddles labels {sorted(got)}"
            errors.append(f"sentence {s.index} {what}: {s.text[:60]!r}")
            continue
        rows.append({"label": got.pop(), "text": s.text})
    return rows, errors


def seed_sentences() -> list[str]:
    """Sentences of 14 characters or more of the real reports kept for evaluation only
    (../shared/eval: the seeds and real_dev); a draft must not contain any of them."""
    out = []
    for gold in ("seeds_gold.jsonl", "real_dev/gold.jsonl"):
        path = DATA.parent.parent / "shared" / "eval" / gold
        if path.exists():
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            out += [r["text"] for r in rows if len(r["text"]) >= 14]
    return out


def author(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    first, _, draft = text.partition("\n")
    if not first.startswith("#meta "):
        return [f"{path}: first line must be '#meta {{json}}'"]
    meta = json.loads(first[len("#meta ") :])
    missing = META_KEYS - meta.keys()
    if missing:
        return [f"{path}: meta lacks {sorted(missing)}"]
    if meta["report_kind"] not in REPORT_KINDS:
        return [f"{path}: report_kind must be one of {sorted(REPORT_KINDS)}"]
    if not re.fullmatch(r"[a-z0-9_]+", meta["doc_id"]):
        return [f"{path}: doc_id must be lower-case letters, digits and _"]
    raw, marks = strip_markers(draft)
    rows, errors = assign(raw, marks)
    copied = [s for s in seed_sentences() if s in raw]
    errors += [f"copied from a real report in ../shared/eval: {s[:40]!r}" for s in copied]
    if errors:
        return [f"{path}: {e}" for e in errors]
    encoding = meta.pop("encoding", "utf-8")
    report = DATA / "reports" / f"{meta['doc_id']}.txt"
    report.write_bytes(raw.encode(encoding))
    labels = DATA / "labels" / f"{meta['doc_id']}.json"
    pairs = [[r["label"], r["text"]] for r in rows]
    write_labels_file(labels, {**meta, "encoding": encoding}, pairs)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in MARKERS.values()}
    print(f"{meta['doc_id']}: {len(rows)} sentences, {len(raw.encode(encoding))} bytes, {counts}")
    return []


def show(path: Path) -> None:
    """Print how the splitter cuts a draft, with the marker each sentence received."""
    _, _, draft = path.read_text(encoding="utf-8").partition("\n")
    raw, marks = strip_markers(draft)
    rows, errors = assign(raw, marks)
    labels = {r["text"]: r["label"] for r in rows}
    for s in split_sentences(raw):
        print(f"{s.index:4d} {labels.get(s.text, '?'):11} {s.text[:70]!r}")
    for e in errors:
        print("PROBLEM:", e)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--show":
        for name in argv[1:]:
            show(Path(name))
        return 0
    failures = []
    for name in argv:
        failures += author(Path(name))
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
