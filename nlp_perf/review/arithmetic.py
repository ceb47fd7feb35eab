"""Does a report's arithmetic hold: breakdowns that add up, rates that agree with amounts.

Each check compares within the rounding of the figures as printed (half a unit of the last
digit of each, so ``1,452.36`` allows 0.005 万元) and returns what it finds as ``(message,
sentences)``: a Chinese message naming the figures at fault and the indexes of the sentences
that state them.  :func:`nlp_perf.review.flags.review_flags` raises them as ``totals_mismatch`` and
``rate_mismatch``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..chars import simplify
from ..document import LabelledReport
from ..figures import is_allocation
from ..text.flow import Flow
from ..text.numbers import AMOUNT_RE, decimals, half_unit, to_wan
from ..text.tables import MONEY_ROLES, SUBTOTAL, Table, cell_amount

__all__ = [
    "Finding",
    "adds_up",
    "rate_agrees",
    "rate_budgets",
    "rate_mismatches",
    "spends_allocation",
    "stated",
    "totals_mismatches",
]

Finding = tuple[str, list[int]]  # (message, sentence indexes)

_EPS = 1e-6

_NAMES = {
    "final_expenditure": "支出总额",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "personnel_expenditure": "工资福利支出",
    "goods_services_expenditure": "商品和服务支出",
    "household_subsidies": "对个人和家庭的补助",
    "capital_expenditure": "资本性支出",
    "budget_total": "全年预算",
    "budget_initial": "年初预算",
    "income_total": "收入合计",
}


def _fmt(value: float) -> str:
    """97.0583 → '97.06', 12.5 → '12.5', 100.0 → '100'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def stated(figures: dict[str, Any], key: str) -> tuple[float, float, int] | None:
    """(value, rounding allowance, sentence) of a figure the report fills in."""
    entry = figures.get("figures", {}).get(key)
    if not entry or not isinstance(entry.get("value"), (int, float)):
        return None
    return float(entry["value"]), half_unit(entry["text"]), entry["sentence"]


# --- totals ---------------------------------------------------------------------------------


def totals_mismatches(doc: LabelledReport, figures: dict[str, Any]) -> list[Finding]:
    """Breakdowns that do not add up: of the report's figures, within a sentence, in a table."""
    return (
        _figure_totals(figures)
        + _breakdown_totals(doc.flow)
        + _table_totals(doc.tables)
        + _form_funding_totals(doc.tables)
    )


def _sum_check(
    total_key: str, part_keys: list[str], figures: dict[str, Any], exceed_only: bool = False
) -> Finding | None:
    total = stated(figures, total_key)
    parts = [(k, stated(figures, k)) for k in part_keys]
    present = [(k, p) for k, p in parts if p is not None]
    if total is None or len(present) < 2:
        return None
    got = sum(p[0] for _, p in present)
    gap = got - total[0]
    if adds_up(total, [p for _, p in present]) or (exceed_only and gap < 0):
        return None
    names = "、".join(f"{_NAMES[k]}{_fmt(p[0])}万元" for k, p in present)
    message = (
        f"{names}合计{_fmt(got)}万元，与{_NAMES[total_key]}{_fmt(total[0])}万元不符，"
        f"相差{_fmt(abs(gap))}万元"
    )
    return message, [total[2]] + [p[2] for _, p in present]


def adds_up(total: tuple[float, float, int], parts: list[tuple[float, float, int]]) -> bool:
    """The stated parts add up to the stated total, within the rounding of each."""
    tolerance = total[1] + sum(p[1] for p in parts) + _EPS
    return abs(sum(p[0] for p in parts) - total[0]) <= tolerance


def _figure_totals(figures: dict[str, Any]) -> list[Finding]:
    out = []
    found = _sum_check("final_expenditure", ["basic_expenditure", "project_expenditure"], figures)
    if found:
        out.append(found)
    classes = [
        "goods_services_expenditure",
        "household_subsidies",
        "capital_expenditure",
    ]
    personnel = figures.get("figures", {}).get("personnel_expenditure")
    if personnel and "工资福利" in simplify(personnel["text"]):
        classes.insert(0, "personnel_expenditure")
    # Reports may leave out a class (对企业补助, 其他支出): the classes only must not exceed.
    found = _sum_check("final_expenditure", classes, figures, exceed_only=True)
    if found:
        out.append(found)
    projects = [p for p in figures.get("projects", []) if isinstance(p.get("executed"), float)]
    total = stated(figures, "project_expenditure")
    if total is not None and len(projects) >= 2:
        got = sum(p["executed"] for p in projects)
        if got > total[0] + total[1] + 0.005 * len(projects) + _EPS:
            message = (
                f"所列{len(projects)}个项目的支出合计{_fmt(got)}万元，"
                f"超过项目支出总额{_fmt(total[0])}万元{_fmt(got - total[0])}万元"
            )
            out.append((message, [total[2]] + [p["sentence"] for p in projects]))
    return out


_COMPARISON = re.compile(
    r"较|比上年|比预算|比年初|减少|增加|下降|增长|上升|占|超过|超支|结余|节约|均|每|标准"
)
_PARTIAL = re.compile(r"其余|剩余|余下|另有|等渠道|以外|之外")


def _outside_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` outside （…） and (…)."""
    spans, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                spans.append((start, k))
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                start = k + 1
    if depth == 0:
        spans.append((start, len(text)))
    return spans


def _amounts(text: str, offset: int = 0) -> list[tuple[int, int, float | None, str]]:
    """(start, end, 万元, words) of the amounts of ``text`` outside brackets that are not
    changes, shares or averages (较上年减少3.41万元)."""
    out = []
    for a, b in _outside_brackets(text):
        for m in AMOUNT_RE.finditer(text, a, b):
            lead = re.split(r"[，,、；;：:]", text[a : m.start()])[-1]
            if _COMPARISON.search(lead):
                continue
            value = to_wan(m.group("v"), m.group("u"))
            out.append((offset + m.start(), offset + m.end(), value, m.group(0)))
    return out


def _breakdown_totals(flow: Flow) -> list[Finding]:
    """'X万元，其中A万元、B万元…' within one sentence, where A + B + … is not X.

    Only the genre's identities: spending (支出, 决算, 执行数) broken down by function or by
    economic class, each part named.  A clause may hold several breakdowns (``全年预算数X万元，
    其中…，决算数Y万元，其中A…``): each 其中 takes the amounts up to the next one, whose own
    whole (the amount just before it) is not its part."""
    out = []
    for cs, ce in flow.clauses():
        clause = flow.flow[cs:ce]
        if "其中" not in clause:
            continue
        starts = [m.start() for m in re.finditer("其中", clause)]
        for i, k in enumerate(starts):
            last = i + 1 == len(starts)
            end = len(clause) if last else starts[i + 1]
            found = _one_breakdown(flow, cs, clause, k, end, last)
            if found is not None:
                out.append(found)
    return out


# The genre's identities within one sentence: spending broken down by function (基本 + 项目)
# or by economic class, and 三公经费 into travel abroad, official cars and receptions.  Other lists after 其中 (funds by source, by grade, by month; income
# and carry-over under a budget) are often partial or of another scope: not checked.
_IDENTITIES = [  # (the whole's name, every part's name)
    (
        re.compile(r"支出|决算|执行数|实际使用|实际支付"),
        re.compile(
            r"基本支出|项目支出|人员经费|公用经费|工资福利|商品和服务|对个人和家庭|资本性|对企业"
        ),
    ),
    (re.compile(r"三公"), re.compile(r"出国|出境|公务用车|公务车|车辆|接待")),
]


def _lead(text: str, at: int) -> str:
    """The words before position ``at`` back to the last comma or stop: an amount's name."""
    return re.split(r"[，,、；;：:。]", text[:at])[-1]


def _one_breakdown(
    flow: Flow, cs: int, clause: str, k: int, end: int, last: bool
) -> Finding | None:
    tail = clause[k:end]
    if _PARTIAL.search(tail):
        return None
    parents = _amounts(clause[:k])
    if clause[k - 1 : k] in "（(":  # （其中…）: the parts end with the bracket
        tail = re.split(r"[）)]", tail)[0]
    children = _amounts(tail, k)
    if not last and children:
        children = children[:-1]  # the whole of the next 其中
    if not parents or len(children) < 2:
        return None
    parent = parents[-1]
    if parent[2] is None or any(c[2] is None for c in children):
        return None
    whole = _lead(clause, parent[0])
    named = [_lead(clause, c[0]) for c in children]
    if not any(w.search(whole) and all(p.search(n) for n in named) for w, p in _IDENTITIES):
        return None  # only the genre's identities are checked
    got = sum(c[2] for c in children if c[2] is not None)
    tolerance = half_unit(parent[3]) + sum(half_unit(c[3]) for c in children) + _EPS
    if abs(got - parent[2]) <= tolerance:
        return None
    words = "、".join(flow.original(cs + a, cs + b) for a, b, _, _ in children)
    subject = max(clause.rfind(c, 0, parent[0]) for c in "，,：:；;") + 1
    message = (
        f"{flow.original(cs + subject, cs + parent[1])}，而其分项{words}"
        f"合计{_fmt(got)}万元，相差{_fmt(abs(got - parent[2]))}万元"
    )
    return message, [flow.sentence_at(cs + k)]


def _table_totals(tables: Sequence[Table]) -> list[Finding]:
    """A table whose 合计 row is not the sum of the rows above it."""
    out = []
    for table in tables:
        money = [j for role, j in table.roles.items() if role in MONEY_ROLES]
        money += [
            j
            for j, h in enumerate(table.header)
            if re.search(r"金额|万元|（元）", h) and j not in money
        ]
        if not money:
            continue
        body: list[tuple[int, list[str]]] = []
        for index, raw in table.rows:
            row = table.align(raw)
            name = simplify(table.row_name(row)).replace(" ", "")
            if re.match(r"^(?:其中|小计|[（(]|[-—·])", name):
                body = []  # a table with sub-rows: its totals are not plain sums
                break
            if not SUBTOTAL.match(name):
                body.append((index, row))
                continue
            for j in money:
                total, ok = cell_amount(row[j], table.scale)
                cells = [cell_amount(r[j], table.scale) for _, r in body]
                values = [v for v, found in cells if found]
                if not ok or total is None or len(values) < 2 or None in values:
                    continue
                got = sum(v for v in values if v is not None)
                tolerance = half_unit(row[j]) * (len(values) + 1) * table.scale + _EPS
                if abs(got - total) > tolerance:
                    message = (
                        f"表中“{table.header[j]}”一列各行合计{_fmt(got)}，"
                        f"与合计行{_fmt(total)}不符，相差{_fmt(abs(got - total))}"
                    )
                    out.append((message, [index] + [i for i, _ in body]))
            body = []
    return out


# A self-evaluation form's funding block: 年度资金总额, then 其中 its sources, a row each.
_FUNDS_TOTAL = re.compile(r"^(?:年度)?资金总额[：:]?$")
_COLUMN_NAMES = {"budget_initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


def _form_funding_totals(tables: Sequence[Table]) -> list[Finding]:
    """A form's 年度资金总额 that is not the sum of the sources listed under it after 其中
    (中央财政资金, 地方资金, 其他资金…) in a money column; a source left blank holds nothing."""
    out = []
    for table in tables:
        rows = [(i, table.align(raw)) for i, raw in table.rows]
        names = [simplify(table.row_name(r)).replace(" ", "") for _, r in rows]
        for k, name in enumerate(names[:-1]):
            if _FUNDS_TOTAL.match(name) and names[k + 1].startswith("其中"):
                parts = [
                    (i, row, re.sub(r"^其中[：:，,]?", "", part))
                    for (i, row), part in zip(rows[k + 1 :], names[k + 1 :])
                ]
                out += _funding_column_checks(table, rows[k], parts)
                break
    return out


def _funding_column_checks(table: Table, total_row: tuple[int, list[str]], parts: list) -> list:
    out = []
    index, row = total_row
    totals = table.money(row)
    for role in ("budget_initial", "budget", "executed"):
        total, ok = totals.get(role, (None, False))
        if not ok or total is None:
            continue
        values = [table.money(r)[role] for _, r, _ in parts]
        if any(found and v is None for v, found in values) or not any(f for _, f in values):
            continue  # a placeholder among the sources, or none filled in
        got = sum(v for v, found in values if found)
        j = table.roles[role]
        tolerance = half_unit(row[j]) * (len(values) + 1) * table.scale + _EPS
        if abs(got - total) > tolerance:
            listed = "、".join(
                f"{name}{_fmt(v)}万元" if found else f"{name}（空）"
                for (_, _, name), (v, found) in zip(parts, values)
            )
            message = (
                f"自评表{_COLUMN_NAMES[role]}：{listed}合计{_fmt(got)}万元，"
                f"与年度资金总额{_fmt(total)}万元不符，相差{_fmt(abs(got - total))}万元"
            )
            out.append((message, [index] + [i for i, _, _ in parts]))
    return out


# --- rates ----------------------------------------------------------------------------------


def rate_mismatches(figures: dict[str, Any]) -> list[Finding]:
    """Execution rates, of the report and of its projects, that are not spending ÷ budget."""
    out = []
    rate = stated(figures, "execution_rate")
    spent = stated(figures, "final_expenditure")
    # money allocated or paid may be one batch of it: not checked
    if rate is not None and spent is not None and not spends_allocation(figures):
        budgets = rate_budgets(figures, spent)
        if budgets and not any(rate_agrees(rate, spent, b) for _, b in budgets):
            k, b = budgets[0]
            message = (
                f"预算执行率写为{_fmt(rate[0])}%，但支出{_fmt(spent[0])}万元÷{_NAMES[k]}"
                f"{_fmt(b[0])}万元={_fmt(100 * spent[0] / b[0])}%"
            )
            out.append((message, [rate[2], spent[2], b[2]]))
    for p in figures.get("projects", []):
        r, e = p.get("completion_rate"), p.get("executed")
        if rate and spent and (r, e) == (rate[0], spent[0]):
            continue  # the report's own project: already checked above
        budgets = [b for b in (p.get("adjusted_budget"), p.get("budget")) if b]
        if r is None or e is None or not budgets:
            continue
        allowance = 0.5 * 10 ** -decimals(r)
        if any(abs(100 * e / b - r) <= allowance + 100 * 0.01 / b + _EPS for b in budgets):
            continue
        message = (
            f"“{p['name']}”执行率写为{_fmt(r)}%，但支出{_fmt(e)}万元÷预算{_fmt(budgets[0])}万元"
            f"={_fmt(100 * e / budgets[0])}%"
        )
        out.append((message, [p["sentence"]]))
    return out


def spends_allocation(figures: dict[str, Any]) -> bool:
    """Whether the report's spending or budget is money allocated or paid out, which may be
    one batch of it: a rate taken of it says nothing when it fails."""
    given = figures.get("figures", {})
    return any(is_allocation(given.get(k) or {}) for k in ("final_expenditure", "budget_total"))


def rate_budgets(
    figures: dict[str, Any], spent: tuple[float, float, int]
) -> list[tuple[str, tuple[float, float, int]]]:
    """The budgets a report's execution rate may be taken of, as (key, stated figure).

    The rate is taken of the full-year budget; the initial budget or the year's income stand
    in for it when the report gives no full-year budget and the spending fits.
    """
    budgets = [(k, b) for k in ("budget_total",) if (b := stated(figures, k))]
    if not budgets:
        budgets = [
            (k, b)
            for k in ("income_total", "budget_initial")
            if (b := stated(figures, k)) and spent[0] <= b[0] + b[1]
        ]
    return [(k, b) for k, b in budgets if b[0] > 0]


def rate_agrees(
    rate: tuple[float, float, int],
    spent: tuple[float, float, int],
    budget: tuple[float, float, int],
) -> bool:
    """The stated rate equals spent/budget, allowing for rounding of all three figures."""
    exact = 100 * spent[0] / budget[0]
    slack = 100 * (spent[1] / budget[0] + spent[0] * budget[1] / budget[0] ** 2)
    # Reports round or cut the rate: one unit of its last digit is allowed.
    return abs(exact - rate[0]) <= 2 * rate[1] + slack + _EPS
