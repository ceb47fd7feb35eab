"""Per-label precision, recall and F1, macro-F1 and the confusion matrix, in plain Python."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["score", "format_scores"]


def score(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Scores of predictions against gold labels.

    F1 of a label is 0 when it has no true and no predicted positive, as in scikit-learn's
    ``f1_score(..., average="macro", zero_division=0)``.
    """
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    index = {lab: i for i, lab in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for t, p in zip(y_true, y_pred):
        if t in index and p in index:
            confusion[index[t]][index[p]] += 1
    per_label = {}
    for lab, i in index.items():
        tp = confusion[i][i]
        fp = sum(confusion[j][i] for j in range(len(labels))) - tp
        support = sum(1 for t in y_true if t == lab)
        fn = support - tp
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        per_label[lab] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    correct = sum(1 for t, p in zip(y_true, y_pred) if t == p)
    return {
        "labels": list(labels),
        "per_label": per_label,
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(labels) if labels else 0.0,
        "accuracy": correct / len(y_true) if y_true else 0.0,
        "n": len(y_true),
        "confusion": confusion,
    }


def format_scores(scores: dict) -> str:
    """A plain-text table of the scores and the confusion matrix (rows gold, columns predicted)."""
    labels = scores["labels"]
    width = max(len(lab) for lab in labels) + 2
    lines = [f"{'label':<{width}}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for lab in labels:
        v = scores["per_label"][lab]
        lines.append(
            f"{lab:<{width}}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}{v['support']:>9}"
        )
    lines.append(f"{'macro-F1':<{width}}{'':>20}{scores['macro_f1']:>10.3f}{scores['n']:>9}")
    lines.append(f"{'accuracy':<{width}}{'':>20}{scores['accuracy']:>10.3f}")
    lines.append("")
    lines.append("confusion (rows: gold, columns: predicted)")
    short = [lab[:7] for lab in labels]
    lines.append(" " * width + "".join(f"{s:>9}" for s in short))
    for lab, row in zip(labels, scores["confusion"]):
        lines.append(f"{lab:<{width}}" + "".join(f"{c:>9}" for c in row))
    return "\n".join(lines)
