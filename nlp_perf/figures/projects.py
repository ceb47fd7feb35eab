"""The projects a report evaluates, each with its budget, spending, rate and score.

A project report has one: the project its title names, carrying the report's own figures.  In
a department report a project is a line ``<name>：年初预算…万元，支出…万元，执行率…%，
自评得分…分`` (the name before the figures or on the line before) or a row of a project table
(项目名称 and 预算 / 执行数 columns); the same project found in a table and in the text is one
entry.  Every project is ``{"name", "budget", "adjusted_budget", "executed", "completion_rate",
"score", "sentence"}``, money in 万元.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..chars import simplify, without_bookmarks
from ..document import ClassifiedSentence
from ..text.flow import Flow
from ..text.markers import ITEM_MARKER
from ..text.numbers import AMOUNT, AMOUNT_RE, BAD_GAP, GAP, RATE, SCORE, number, to_wan
from ..text.tables import SUBTOTAL, Table, figure_row_key
from ..text.title import Title

__all__ = [
    "merge_projects",
    "new_project",
    "report_project",
    "table_projects",
    "text_projects",
]

_GENERIC_NAME = re.compile(
    r"^(?:其中|主要项目中|分项目看|从项目看|按项目分|该项目|本项目|此项目|项目|该专项|本专项|资金|专项资金)?$"
)
_NAME_TAIL = re.compile(r"(?:绩效)?(?:自评)?(?:综述|情况|概况)$")
_PROJECT_BUDGET = re.compile(
    rf"(?P<kw>(?:年初|全年|调整后(?:全年)?|年度)?预算(?:数|资金|安排|金额|批复数)?){GAP}{AMOUNT}"
)
_PROJECT_EXECUTED = re.compile(
    rf"(?P<kw>(?:全年|实际|累计)?(?:支出|执行数|执行|决算数|使用)(?:资金|金额)?){GAP}{AMOUNT}"
)
_PROJECT_ALL_SPENT = re.compile(r"(?:全额|全部|已全部|已全额)(?:支出|执行|使用)")
_PROJECT_RATE = re.compile(rf"(?:执行率|完成率|支出率){GAP}{RATE}")
_PROJECT_SCORE = re.compile(rf"(?:自评)?得分{GAP}{SCORE}")
_PROJECT_WORDS = re.compile(r"项目|经费|资金|专项|补助|补贴|工程|费|建设|计划|保障|服务|工作")
_NOT_PROJECT = re.compile(
    r"^(?:[“\"]?三公|基本支出|项目支出|人员经费|公用经费|工资福利|商品和服务|部门|我[局委院办部校会]|"
    r"单位|机关|整体|本年|收入|全年|财政拨款|中央|省级|市级|县级|区级|上级)|收入合计|支出合计"
)


def new_project(name: str, sentence: int) -> dict[str, Any]:
    """A project with none of its figures filled in yet."""
    return {
        "name": name,
        "budget": None,
        "adjusted_budget": None,
        "executed": None,
        "completion_rate": None,
        "score": None,
        "sentence": sentence,
    }


def report_project(title: Title, figures: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The one project of a project report: the one its title names, carrying the report's
    own figures (``figures`` as :func:`~.keyfigures.extract_figures` gives them)."""
    name = title.project or (figures.get("unit_name") or {}).get("value") or ""
    project = new_project(name, title.project_sentence)
    for field, key in (
        ("budget", "budget_initial"),
        ("adjusted_budget", "budget_total"),
        ("executed", "final_expenditure"),
        ("completion_rate", "execution_rate"),
        ("score", "self_score"),
    ):
        if key in figures:
            project[field] = figures[key]["value"]
    return project


def _project_name(lead: str) -> str:
    name = ITEM_MARKER.sub("", lead.strip()).strip()
    name = re.sub(r"^(?:其中|主要项目中|分项目看|从项目看|按项目分)[：:，,]?", "", name)
    name = re.sub(r"[：:，,]?\s*(?:该|本|此)项目$", "", name.strip("：:，,。 "))
    name = _NAME_TAIL.sub("", name.strip("：:，,。 ")).strip("：:，,。 ")
    return re.sub(r"[，,]\s*(?:合计|共计)$", "", name)


def text_projects(
    flow: Flow, clauses: list[tuple[int, int]], sentences: Sequence[ClassifiedSentence]
) -> tuple[list[dict[str, Any]], set[int]]:
    """Projects stated as '<name>：预算…万元，支出…万元，执行率…%，自评得分…分', and the
    indexes in ``clauses`` of the clauses that state them."""
    projects = []
    used: set[int] = set()
    by_index = {s.index: k for k, s in enumerate(sentences)}
    text = flow.flow
    for ci, (cs, ce) in enumerate(clauses):
        clause = text[cs:ce]
        if "预算" not in clause or "元" not in clause:
            continue  # no budget stated in 元, 万元…
        budgets = list(_PROJECT_BUDGET.finditer(clause))
        if not budgets:
            continue
        executed = _PROJECT_EXECUTED.search(clause)
        all_spent = _PROJECT_ALL_SPENT.search(clause)
        rate = _PROJECT_RATE.search(clause)
        score = _PROJECT_SCORE.search(clause)
        if not (executed or all_spent or rate or score):
            continue
        first = min([budgets[0].start()] + ([executed.start()] if executed else []))
        lead = clause[:first]
        name = _project_name(lead)
        written = flow.original(cs, cs + first)
        if _GENERIC_NAME.match(name) or len(name) < 2:
            # The name stands in the line before: '1、人代会会务经费' / '…项目综述。'
            k = by_index.get(flow.sentence_at(cs), 0)
            name = ""
            if k > 0:
                written = without_bookmarks(sentences[k - 1].text)
                prev = simplify(written)
                if len(prev) <= 45 and not AMOUNT_RE.search(prev):
                    name = _project_name(prev)
                    lead = prev
        if len(name) < 2 or _NOT_PROJECT.search(name) or not _PROJECT_WORDS.search(name):
            continue
        if re.search(r"\d{4}年", name):
            continue
        at = lead.find(name)  # the name as the report writes it (traditional characters)
        if at >= 0 and len(written) == len(lead):
            name = written[at : at + len(name)]
        project = new_project(name, flow.sentence_at(cs))
        for b in budgets:
            field = (
                "budget"
                if "调整" not in b.group("kw") and "全年" not in b.group("kw")
                else "adjusted_budget"
            )
            if project[field] is None:
                project[field] = to_wan(b.group("v"), b.group("u"))
        if executed and not BAD_GAP.search(executed.group("gap")):
            project["executed"] = to_wan(executed.group("v"), executed.group("u"))
        elif all_spent:
            project["executed"] = project["adjusted_budget"] or project["budget"]
        if rate and not BAD_GAP.search(rate.group("gap")):
            project["completion_rate"] = number(rate.group("v"))
        if score:
            project["score"] = number(score.group("v"))
        projects.append(project)
        used.add(ci)
    return projects, used


def table_projects(tables: list[Table]) -> list[dict[str, Any]]:
    """The projects of money tables: every row but a total and the rows of FIGURE_KEYS."""
    projects = []
    for table in tables:
        if table.is_indicator_table or not table.has_money:
            continue
        for index, raw in table.rows:
            row = table.align(raw)
            name = table.row_name(row)
            plain = simplify(name).replace(" ", "")
            if not name or figure_row_key(plain) is not None or SUBTOTAL.match(plain):
                continue
            values = table.money(row)
            project = new_project(name, index)
            project["budget"] = values.get("budget_initial", (None, False))[0]
            project["adjusted_budget"] = values.get("budget", (None, False))[0]
            project["executed"] = values.get("executed", (None, False))[0]
            project["completion_rate"] = values.get("rate", (None, False))[0]
            project["score"] = values.get("score", (None, False))[0]
            if project["budget"] is None and project["adjusted_budget"] is not None:
                if "budget_initial" not in table.roles:
                    project["budget"], project["adjusted_budget"] = (
                        project["adjusted_budget"],
                        None,
                    )
            projects.append(project)
    return projects


def _same_project(a: str, b: str) -> bool:
    def core(n: str) -> str:
        return re.sub(r"(?:项目|经费|资金|专项)+$", "", simplify(n))

    ca, cb = core(a), core(b)
    return bool(ca) and bool(cb) and (ca in cb or cb in ca)


def merge_projects(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per project: a later mention fills in what an earlier one left out."""
    out: list[dict[str, Any]] = []
    for p in projects:
        for q in out:
            if _same_project(p["name"], q["name"]):
                for k in ("budget", "adjusted_budget", "executed", "completion_rate", "score"):
                    if q[k] is None:
                        q[k] = p[k]
                break
        else:
            out.append(p)
    return out
