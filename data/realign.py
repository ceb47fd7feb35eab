"""Carry the corpus labels over to a changed splitter.

For every report whose labels no longer match the splitter's sentences, each new sentence
takes the label of the labelled text(s) it overlaps in the report.  When the overlapped texts
carry different labels the sentence is listed for a person to decide, and the file is left
as it was.

    python data/realign.py            # rewrite label files that can be carried over
    python data/realign.py --dry-run  # only list what would change
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp_perf.read import read_document
from nlp_perf.text.sentences import split_sentences
from nlp_perf.training.corpus import align_labels, write_labels_file

DATA = Path(__file__).resolve().parent


def locate(text: str, pieces: list[str]) -> list[tuple[int, int] | None]:
    """Offsets of each piece in ``text``, searched in order."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for piece in pieces:
        at = text.find(piece, pos)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(piece)))
        pos = at + len(piece)
    return out


def realign(label_file: Path, dry_run: bool) -> list[str]:
    data = json.loads(label_file.read_text(encoding="utf-8"))
    text = read_document(DATA / "reports" / f"{label_file.stem}.txt").text
    sentences = split_sentences(text)
    _, problems = align_labels([s.text for s in sentences], data["sentences"])
    if not problems:
        return []
    spans = locate(text, [t for _, t in data["sentences"]])
    new, undecided = [], []
    for s in sentences:
        labels = {
            lab
            for (lab, _), span in zip(data["sentences"], spans)
            if span and min(span[1], s.end) > max(span[0], s.start)
        }
        if len(labels) == 1:
            new.append([labels.pop(), s.text])
        else:
            undecided.append(
                f"{label_file.name}: sentence {s.index} {s.text[:40]!r}: {sorted(labels)}"
            )
    if undecided:
        return undecided
    print(f"{label_file.name}: {len(data['sentences'])} labels -> {len(new)}")
    if not dry_run:
        write_labels_file(label_file, data, new)
    return []


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    undecided: list[str] = []
    for lf in sorted((DATA / "labels").glob("*.json")):
        undecided += realign(lf, dry)
    for line in undecided:
        print("decide:", line, file=sys.stderr)
    return 1 if undecided else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
