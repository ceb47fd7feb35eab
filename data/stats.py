"""Figures for the corpus datasheet (docs/corpus.md): counts and diversity.

    python data/stats.py            # prints Markdown tables

Diversity:
- distinct word bigrams per 1,000 sentences: jieba words (punctuation dropped), averaged over 20
  random samples of 1,000 sentences, so the figure does not grow with the corpus;
- the longest passage shared by two reports: the longest run of characters (whitespace removed)
  that stands in two different reports, found by binary search over shingle lengths.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from nlp_perf.classify.model import LABELS
from nlp_perf.classify.tokenizer import get_segmenter
from nlp_perf.read import read_document
from nlp_perf.training.corpus import load_project_corpus

DATA = Path(__file__).resolve().parent
PUNCT = re.compile(r"^[\W_]+$")


def bigrams_per_1000(texts: list[str], samples: int = 20, seed: int = 0) -> float:
    seg = get_segmenter()
    words = [[w for w in seg.cut(t) if not PUNCT.match(w)] for t in texts]
    rng = random.Random(seed)
    out = []
    for _ in range(samples):
        sample = rng.sample(words, min(1000, len(words)))
        out.append(len({(a, b) for ws in sample for a, b in zip(ws, ws[1:])}))
    return sum(out) / len(out) * 1000 / min(1000, len(words))


def longest_shared(docs: dict[str, str]) -> tuple[int, str, str, str]:
    flat = {d: re.sub(r"\s+", "", t) for d, t in docs.items()}

    def shared(k: int) -> tuple[str, str, str] | None:
        owner: dict[str, str] = {}
        for d, t in flat.items():
            for i in range(len(t) - k + 1):
                s = t[i : i + k]
                o = owner.setdefault(s, d)
                if o != d:
                    return o, d, s
        return None

    lo, hi, best = 1, max(len(t) for t in flat.values()), None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        hit = shared(mid)
        if hit:
            lo, best = mid, hit
        else:
            hi = mid - 1
    assert best is not None
    return lo, *best


def table(title: str, counts: Counter, total: int | None = None) -> str:
    lines = [
        f"| {title} | n |" + (" share |" if total else ""),
        "|---|---|" + ("---|" if total else ""),
    ]
    for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        lines.append(f"| {k} | {v} |" + (f" {v / total:.1%} |" if total else ""))
    return "\n".join(lines)


def main() -> int:
    examples = load_project_corpus(DATA)
    metas = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (DATA / "labels").glob("*.json")
    }
    texts = {d: read_document(DATA / "reports" / f"{d}.txt").text for d in metas}
    sizes = {d: (DATA / "reports" / f"{d}.txt").stat().st_size for d in metas}
    labels = Counter(e.label for e in examples)
    print(f"{len(metas)} reports, {len(examples)} sentences, {sum(sizes.values()) / 1024:.0f} KB\n")
    print(table("label", Counter({lab: labels[lab] for lab in LABELS}), len(examples)), "\n")
    waves = defaultdict(Counter)
    for e in examples:
        waves["real-page material (o01–zf10)" if e.doc_id[0] >= "o" else "first corpus (a01–n08)"][
            e.label
        ] += 1
    print("| part | reports | sentences | " + " | ".join(LABELS) + " |")
    print("|---|---|---|" + "---|" * len(LABELS))
    for part, counts in sorted(waves.items()):
        n = sum(counts.values())
        docs = len({e.doc_id for e in examples if (e.doc_id[0] >= "o") == part.startswith("real")})
        print(
            f"| {part} | {docs} | {n} | "
            + " | ".join(f"{counts[lab]} ({counts[lab] / n:.0%})" for lab in LABELS)
            + " |"
        )
    print()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for e in examples:
        by_kind[metas[e.doc_id]["report_kind"]][e.label] += 1
    print("| report kind | reports | " + " | ".join(LABELS) + " |")
    print("|---|---|" + "---|" * len(LABELS))
    kinds = Counter(m["report_kind"] for m in metas.values())
    for kind, n in kinds.most_common():
        print(f"| {kind} | {n} | " + " | ".join(str(by_kind[kind][lab]) for lab in LABELS) + " |")
    print()
    print(table("unit kind", Counter(m["unit_kind"] for m in metas.values())), "\n")
    print(table("form", Counter(m["form"] for m in metas.values())), "\n")
    print(
        table("stored encoding", Counter(m.get("encoding", "utf-8") for m in metas.values())), "\n"
    )
    print(table("year", Counter(str(m["year"]) for m in metas.values())), "\n")
    print(f"provinces: {len({m['province'] for m in metas.values()})} distinct names\n")
    kb = sorted(s / 1024 for s in sizes.values())
    print(f"size (KB as stored): min {kb[0]:.1f}, median {kb[len(kb) // 2]:.1f}, max {kb[-1]:.1f}")
    print(f"sentences per report: min {min(Counter(e.doc_id for e in examples).values())}, "
          f"max {max(Counter(e.doc_id for e in examples).values())}\n")  # fmt: skip
    print(
        f"distinct word bigrams per 1,000 sentences: {bigrams_per_1000([e.text for e in examples]):.0f}"
    )
    n, a, b, passage = longest_shared(texts)
    print(f"longest passage shared by two reports: {n} characters ({a} and {b}): {passage[:60]}…")
    rest = {d: t for d, t in texts.items() if d != b}
    n, a, b, passage = longest_shared(rest)
    print(f"without that pair: {n} characters ({a} and {b}): {passage[:60]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
