"""Figures read by OCR, checked against the report's own arithmetic before they are trusted.

OCR misreads digits and drops decimal points (a first try read 353.59万元 as 35359万元).  A
report's key figures check one another: the execution rate is spending divided by the budget,
and spending is basic plus project spending.  In a report read by OCR each key figure is
marked by what those identities say of it, as read:

- ``"agrees"``: it takes part in an identity that holds, so a misread digit in it would have
  to be offset by another in the same identity;
- ``"disagrees"``: every identity it takes part in fails (the review flags say how);
- ``"unchecked"``: the report states no identity it takes part in.

When identities fail and one of their figures, a number printed without a decimal point, makes
every identity it takes part in hold once a point is put back (35359 → 353.59), and no other
figure or place does, that reading is suggested beside the figure, never put in its place.
"""

from __future__ import annotations

import re
from typing import Any

from .arithmetic import adds_up, rate_agrees, rate_budgets, spends_allocation, stated

__all__ = ["OCR_CHECKS", "check_ocr_figures"]

OCR_CHECKS = ("agrees", "disagrees", "unchecked")
Identity = tuple[tuple[str, ...], bool]  # (the keys of the figures it ties, whether it holds)

_SPENDING_PARTS = ("basic_expenditure", "project_expenditure")
_INTEGER = re.compile(r"(?<![\d.,])\d{3,}(?![\d.,])")  # no point, no thousands commas
_MOST_DECIMALS = 2  # reports give money to 0.01 万元 and rates to 0.01%


def identities(figures: dict[str, Any]) -> list[Identity]:
    """The identities a report's key figures take part in, and whether each holds.

    ``figures`` is a report's figures as ``{"figures": {...}, "projects": [...]}``, the
    shape :mod:`.arithmetic` reads.
    """
    out: list[Identity] = []
    rate, spent = stated(figures, "execution_rate"), stated(figures, "final_expenditure")
    if rate and spent:
        budgets = rate_budgets(figures, spent)
        holding = [k for k, b in budgets if rate_agrees(rate, spent, b)]
        if holding or (budgets and not spends_allocation(figures)):
            budget = holding[0] if holding else budgets[0][0]
            out.append((("execution_rate", "final_expenditure", budget), bool(holding)))
    parts = [p for k in _SPENDING_PARTS if (p := stated(figures, k))]
    if spent and len(parts) == len(_SPENDING_PARTS):
        out.append((("final_expenditure", *_SPENDING_PARTS), adds_up(spent, parts)))
    return out


def check_ocr_figures(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What the report's identities say of each key figure read by OCR.

    Returns ``{key: {"ocr_check": "agrees" | "disagrees" | "unchecked"}}`` for every key
    figure, with ``"ocr_suggested": {"value": …, "text": …}`` where one figure, its decimal
    point put back, is the only reading that makes the failing identities it is in hold.
    """
    found = identities(figures)
    out: dict[str, dict[str, Any]] = {}
    for key in figures.get("figures", {}):
        ties = [holds for keys, holds in found if key in keys]
        check = "unchecked" if not ties else "agrees" if any(ties) else "disagrees"
        out[key] = {"ocr_check": check}
    failing = {key for keys, holds in found if not holds for key in keys}
    readings = [r for key in sorted(failing) for r in _readings(figures, key)]
    if len(readings) == 1:
        key, entry = readings[0]
        out[key]["ocr_suggested"] = {"value": entry["value"], "text": entry["text"]}
    return out


def _readings(figures: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """The readings of figure ``key``, a decimal point put back, that make every identity it
    takes part in hold."""
    entry = figures["figures"][key]
    numbers = list(_INTEGER.finditer(str(entry.get("text") or "")))
    if not numbers or not isinstance(entry.get("value"), (int, float)):
        return []
    digits = numbers[-1]  # the figure's own number is the last in its text
    out = []
    for places in range(1, _MOST_DECIMALS + 1):
        text = entry["text"]
        point = digits.end() - places
        reading = dict(
            entry,
            value=round(entry["value"] / 10**places, 6),
            text=text[:point] + "." + text[point:],
        )
        changed = dict(figures, figures={**figures["figures"], key: reading})
        if all(holds for keys, holds in identities(changed) if key in keys):
            out.append((key, reading))
    return out
