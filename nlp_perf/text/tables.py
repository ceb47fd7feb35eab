"""Tables in a report: rows of cells, the role of each column, the values in the cells.

A table is a header row whose cells name two roles or more (年度指标值, 实际完成值, 预算数,
执行数, 项目名称…) and the rows right after it.  A row is a line of tab-, ``|``- or
space-separated cells, or a Word table pasted one cell per tab-indented line; a row shortened
by merged cells is lined up with the header by where its values fall.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..chars import LINE_BREAK, has_placeholder, simplify
from .numbers import AMOUNT_RE, NUM, PLACEHOLDER, number, to_wan

__all__ = [
    "EMPTY_CELL",
    "MONEY_ROLES",
    "NUMERIC",
    "SUBTOTAL",
    "Table",
    "cell_amount",
    "cell_number",
    "cell_text",
    "cells",
    "figure_row_key",
    "find_tables",
]


_CELL_PER_LINE = re.compile(r"(?:\r\n|\n|\r)[\t ]")
_SPACED_CELLS = re.compile(r" {2,}|\u3000+")


def cells(text: str) -> list[str] | None:
    """The cells of a table row, or None when ``text`` is not a row.

    A line break followed by indentation separates the cells of a Word table pasted one cell
    per line; any other line break is where a PDF wrapped a sentence, and is taken out."""
    if _CELL_PER_LINE.search(text):
        found = [c.strip() for c in LINE_BREAK.split(text)]
        return found if sum(1 for c in found if c) >= 2 else None
    text = LINE_BREAK.sub("", text)
    if "\t" in text:
        found = [c.strip() for c in text.strip().split("\t")]
    elif text.count("|") >= 2 or ("|" in text and not text.startswith("|")):
        inner = text.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        found = [c.strip() for c in inner.split("|")]
    elif "  " not in text and "\u3000" not in text:
        return None  # no tab, no pipe, no run of spaces: no cells
    else:
        found = [c.strip() for c in _SPACED_CELLS.split(text.strip())]
        if len(found) < 3:
            return None
    return found if sum(1 for c in found if c) >= 2 else None


_COLUMN_ROLES = [
    ("target", r"年度指标值|指标值|目标值|年度目标|预期目标|计划值|预期值"),
    ("actual", r"实际完成值|完成值|实际值|实际完成|完成情况|全年实际|实现值"),
    ("weight", r"^分值|权重|满分"),
    ("score", r"得分(?!率)"),
    ("budget_initial", r"年初预算"),
    ("budget", r"全年预算|调整后预算|调整预算|预算数|预算（|^预算$|年度预算"),
    ("rate", r"执行率|完成率|支出率"),
    ("executed", r"执行数|实际支出|支出数|决算|全年执行|^支出|实际执行|支出金额|执行金额"),
    (
        "name",
        r"三级指标|指标名称|绩效指标|^指标$|项目名称|^项目$|支出项目|支出内容|项目内容|^名称$",
    ),
    ("category", r"一级指标|二级指标|指标类型|^类别"),
]
_COLUMN_ROLES_RE = [(role, re.compile(pattern)) for role, pattern in _COLUMN_ROLES]
MONEY_ROLES = ("budget_initial", "budget", "executed")
# Rows that state a figure of the whole report, by their name: (figure key, pattern).
_FIGURE_ROWS = [
    ("total", r"^(?:合计|总计|支出合计|总支出|部门合计|(?:年度)?资金总额[：:]?)$"),
    ("basic_expenditure", r"^基本支出"),
    ("project_expenditure", r"^项目支出"),
    ("personnel_expenditure", r"^(?:工资福利|人员经费)"),
    ("goods_services_expenditure", r"^商品和服务"),
    ("household_subsidies", r"^对个人和家庭"),
    ("capital_expenditure", r"^资本性"),
    ("three_public_expenditure", r"三公"),
]
_FIGURE_ROWS_RE = [(key, re.compile(pattern)) for key, pattern in _FIGURE_ROWS]
_DIGIT = re.compile(r"\d")
# Words of a header cell that names the rows, whatever else it says: 支出类别, 项目名称.
_NAME_LIKE = re.compile(r"类别|项目|名称|科目|内容|指标|类型|功能|分类|经济")
SUBTOTAL = re.compile(r"^(?:合计|总计|小计|总分|总得分|得分合计)$")
NUMERIC = re.compile(rf"^(?:{NUM}|{PLACEHOLDER})%?$")
_VALUE_LIKE = re.compile(r"^(?:≥|≤|>|<|＞|＜|不低于|不少于|不超过)?\s*[\d*×X_]|%$")
# A cell that holds nothing: blank, a dash, a slash, 无.
EMPTY_CELL = frozenset({"", "—", "-", "－", "/", "／", "——", "无", "--"})


def figure_row_key(name: str) -> str | None:
    """The figure a row named ``name`` (simplified, spaces out) states: ``"total"`` for a
    合计 row, a key of FIGURE_KEYS for 基本支出, 项目支出…; None for any other row."""
    return next((key for key, pattern in _FIGURE_ROWS_RE if pattern.search(name)), None)


@dataclass
class Table:
    header: list[str]
    roles: dict[str, int]  # role → column
    scale: float  # of money cells without a unit, to 万元
    rows: list[tuple[int, list[str]]]  # (sentence index, cells)

    @property
    def is_indicator_table(self) -> bool:
        return "target" in self.roles and "actual" in self.roles

    @property
    def has_money(self) -> bool:
        return any(role in self.roles for role in MONEY_ROLES)

    def align(self, cells: list[str]) -> list[str]:
        """Line a row up with the header when merged cells left it short."""
        n = len(self.header)
        if len(cells) >= n:
            return cells[:n]
        options = [
            [""] * o + cells + [""] * (n - len(cells) - o) for o in range(n - len(cells) + 1)
        ]
        return max(options, key=self._fit)

    def _fit(self, row: list[str]) -> int:
        """How well a row fits the header: values under value columns, a name under the name."""
        fit = 0
        for role, j in self.roles.items():
            cell = row[j]
            if not cell or cell in EMPTY_CELL:
                continue
            if role == "name":
                fit += 0 if _VALUE_LIKE.match(cell) else 1
            elif role in ("target", "actual"):
                fit += 2 if _VALUE_LIKE.search(cell) else 1
            elif role in ("weight", "score", "budget", "budget_initial", "executed", "rate"):
                fit += 1 if NUMERIC.match(cell.replace(",", "")) else -1
        return fit

    def row_name(self, row: list[str]) -> str:
        """The name of a lined-up row: its name cell, or the nearest filled cell to its left."""
        j = self.roles.get("name")
        if j is None:
            j = max(0, min(self.roles.get(r, 99) for r in ("target", "budget", "executed")) - 1)
        for k in range(min(j, len(row) - 1), -1, -1):
            if row[k] not in EMPTY_CELL:
                return row[k]
        return ""

    def money(self, row: list[str]) -> dict[str, tuple[float | None, bool]]:
        """(value, found) of a lined-up row's money (万元), rate and score, by role."""
        values = {}
        for role in MONEY_ROLES:
            if role in self.roles:
                values[role] = cell_amount(row[self.roles[role]], self.scale)
        for role in ("rate", "score"):
            if role in self.roles:
                values[role] = cell_number(row[self.roles[role]])
        return values


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for j, cell in enumerate(header):
        h = simplify(cell).replace(" ", "")
        for role, pattern in _COLUMN_ROLES_RE:
            if pattern.search(h):
                if role == "name" or role not in roles:
                    # the last name column wins: 三级指标 after 一级/二级指标
                    if not (role == "name" and "name" in roles and h.startswith(("一级", "二级"))):
                        roles[role] = j
                break
    return roles


def find_tables(rows: Sequence[list[str] | None]) -> list[Table]:
    """The tables of a report: each header row and the rows that follow it.

    ``rows`` holds, for each sentence in order, its cells (:func:`cells`) or None."""
    tables: list[Table] = []
    current: Table | None = None
    last = -2
    for index, row in enumerate(rows):
        if row is None:
            current = None
            continue
        roles = _roles(row)
        numeric = sum(1 for c in row if _DIGIT.search(c))
        is_header = len(roles) >= 2 and numeric <= 1
        if is_header:
            header = " ".join(row)
            scale = 0.0001 if "（元）" in header or "(元)" in header else 1.0
            scale = 10000.0 if "亿元" in header else scale
            first = simplify(row[0]) if row else ""
            if "name" not in roles and min(roles.values()) == 0 and not _NAME_LIKE.search(first):
                # 全年预算数(A) | 全年执行数(B) | …: a form whose rows begin with a name the
                # header has no column for (年度资金总额: | 2000 | 1157.97 | …)
                row, roles = ["", *row], {role: j + 1 for role, j in roles.items()}
            current = Table(row, roles, scale, [])
            tables.append(current)
        elif current is not None and index == last + 1:
            current.rows.append((index, row))
        last = index
    return tables


def cell_amount(cell: str, scale: float) -> tuple[float | None, bool]:
    """(value in 万元, found) of a money cell; placeholders are found with value None."""
    c = simplify(cell).strip()
    if c in EMPTY_CELL:
        return None, False
    m = AMOUNT_RE.search(c)
    if m:
        return to_wan(m.group("v"), m.group("u")), True
    m = re.fullmatch(rf"({NUM})\s*万", c)  # 3359.62万: 万元 with its 元 left out
    if m:
        return number(m.group(1)), True
    m = re.fullmatch(rf"({NUM}|{PLACEHOLDER})", c)
    if not m:
        return None, False
    value = number(m.group(1))
    if value is None or not math.isfinite(value * scale):
        return None, True
    return round(value * scale, 6), True


def cell_number(cell: str) -> tuple[float | None, bool]:
    """(value, found) of a rate or score cell; placeholders are found with value None."""
    c = simplify(cell).strip().rstrip("%分")
    if c in EMPTY_CELL:
        return None, False
    if re.fullmatch(rf"{NUM}|{PLACEHOLDER}", c):
        return number(c), True
    return None, False


def cell_text(cell: str) -> str | None:
    """A cell as written; None when it is empty or a placeholder."""
    c = cell.strip()
    if c in EMPTY_CELL or has_placeholder(c):
        return None
    return c
