"""Numbers as reports write them: digits, Chinese numerals, placeholders, units of money.

Money is given in 万元 whatever unit the report used (:func:`to_wan`: 元, 万元, 亿元, Chinese
numerals, thousands separators); a placeholder (``*.*``, ``××``, ``____``) reads as None, never
0 (:func:`number`).  Whether a text holds a placeholder at all is :func:`nlp_perf.chars.has_placeholder`.  The patterns here (:data:`NUM`, :data:`AMOUNT`, :data:`GAP`…) are the
pieces the figure, project and indicator rules are built of; each names its value ``v`` and
its unit ``u``.
"""

from __future__ import annotations

import math
import re

from ..chars import simplify_figures

__all__ = [
    "AMOUNT",
    "AMOUNT_RE",
    "BAD_GAP",
    "GAP",
    "NUM",
    "PLACEHOLDER",
    "RATE",
    "SCORE",
    "decimals",
    "half_unit",
    "number",
    "to_wan",
]

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
PLACEHOLDER = r"[*×X_][*×Xx_,]*(?:\.[*×Xx_]+)?"
_CNUM = r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
AMOUNT = rf"(?P<v>{NUM}|{PLACEHOLDER}|{_CNUM})\s*(?P<u>亿元|万元|千元|元)"
RATE = rf"(?P<v>{NUM}|{PLACEHOLDER})\s*%"
SCORE = rf"(?P<v>{NUM}|{PLACEHOLDER})\s*分(?![值钟之])"
# The words a keyword may stand apart from its number by: no digit, stop, comma or placeholder.
GAP = r"(?P<gap>[^\d。；;！？!?\n*×X_%，,、]{0,8}?)"
# Words in that gap that make the number something else: a target, a change, a comparison,
# a share.
BAD_GAP = re.compile(
    r"目标|计划|不|未|低于|高于|超过|较|比|增|减|下降|上升|提高|降低|同比|占|≥|≤|>|<|以上|以内|标准|满分|权重|分值|偏差|差|收入|拨款|补助|来源"
)

AMOUNT_RE = re.compile(AMOUNT)
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_UNIT_SCALE = {"亿元": 10000.0, "万元": 1.0, "千元": 0.1, "元": 0.0001}
_FLOAT_MAX = 10**300  # a Chinese numeral past it is no amount (and near float's end: 1.8e308)


def _cn_number(token: str) -> float | None:
    """二千三百万 → 23000000; 一亿二千四百万 → 124000000; 十五 → 15; 二〇二五 → None."""
    total = 0  # what the 亿 and 万 already closed
    section = 0  # below 万
    digit = None
    for ch in token:
        if ch in "零〇":
            if digit is not None:  # read digit by digit (二〇二五): a name, not an amount
                return None
        elif ch in _CN_DIGIT:
            if digit is not None:
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 100000000
            section, digit = 0, None
            if total > _FLOAT_MAX:  # 一亿亿亿…: past any float (and ever slower to multiply)
                return None
    return float(total + section + (digit or 0))


def number(token: str) -> float | None:
    """The value of a number token; None for a placeholder or nothing readable (a number
    past the largest float, 1.8e308, among them: it would read as inf)."""
    token = token.strip()
    if not token or any(c in token for c in "*×X_"):
        return None
    if token[0].isdigit():
        try:
            value = float(token.replace(",", ""))
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return _cn_number(token)


def decimals(value: str | float) -> int:
    """How many digits follow the point: '97.06' → 2, 12.5 → 1, 100.0 → 0."""
    token = value if isinstance(value, str) else f"{value:.6f}".rstrip("0")
    return len(token.split(".")[1]) if "." in token else 0


def to_wan(token: str, unit: str) -> float | None:
    """An amount in 万元; None for a placeholder."""
    value = number(token)
    if value is None:
        return None
    wan = round(value * _UNIT_SCALE[unit], 6)
    return wan if math.isfinite(wan) else None


def half_unit(text: str) -> float:
    """Half the last digit of the last number in ``text``, in the figure's unit (万元 or %).

    ``97.06%`` → 0.005, ``1,234元`` → 0.00005: how far the printed figure may be from the
    exact one by rounding alone.
    """
    text = simplify_figures(text)
    amounts = list(AMOUNT_RE.finditer(text))
    if amounts and number(amounts[-1].group("v")) is not None:
        last = amounts[-1]
        return 0.5 * 10 ** -decimals(last.group("v")) * _UNIT_SCALE[last.group("u")]
    nums = re.findall(NUM, text)
    return 0.5 * 10 ** -decimals(nums[-1]) if nums else 0.005
