"""The words each key figure is stated with, by tier: a lower tier wins, and within a tier
the first statement in a report (:mod:`.keyfigures` reads them).  Also the words of money
allocated or paid, which a project report states for its budget and its spending."""

from __future__ import annotations

import re

from ..text.numbers import NUM, PLACEHOLDER

__all__ = [
    "ALLOCATED_OR_PAID",
    "FIELD_PATTERNS",
    "FIGURE_KEYS",
    "MONEY_VERB",
    "NOT_THE_YEARS_MONEY",
]

# The key figures, in the order a report gives them.
FIGURE_KEYS = (
    "year",
    "unit_name",
    "budget_initial",
    "budget_total",
    "income_total",
    "carryover",
    "final_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "goods_services_expenditure",
    "household_subsidies",
    "capital_expenditure",
    "three_public_expenditure",
    "execution_rate",
    "self_score",
)

_Q = r"[“”\"']?"
_ALLOCATED = (
    r"(?:实际)?(?:下达|到位|拨入|收到|安排|筹集|分配)[^，,。；;：:\d（(]{0,20}?"
    r"(?:资金|经费|补助|预算|补贴)(?:指标)?(?:总额|共计|合计)?"
    r"|(?:年度)?资金(?:总额|共计|总计|合计)|到位资金"
)
_PAID = (
    r"(?:已|实际|累计|共)?(?:支付|执行|使用|完成投资|拨付|兑现|发放)[^，,。；;：:\d（(]{0,24}?"
    r"(?:资金|金额|经费|工程款|款项)"
    r"|资金已(?:执行|支付|使用)|实际完成投资(?:额)?"
)
# The verbs of money allocated or paid, which name no item of their own.
MONEY_VERB = re.compile(
    r"^(?:全年)?(?:已|实际|累计|共)?(?:下达|到位|拨入|收到|安排|筹集|分配|支付|执行|使用|拨付|兑现|发放)"
)
ALLOCATED_OR_PAID = re.compile(rf"(?:{_ALLOCATED}|{_PAID})")


# Money allocated at the start of the year (the initial budget), over several years, or only
# a higher level's share: not the year's whole budget.
NOT_THE_YEARS_MONEY = re.compile(r"年初|截止|截至|累计|以来|中央下达|省级下达|上级下达")
# Each field: (tier, keyword pattern). A lower tier wins; within a tier the first statement in
# the report wins.
FIELD_PATTERNS: dict[str, list[tuple[int, str]]] = {
    "budget_initial": [
        (1, r"年初(?:部门)?预算(?:批复|安排|下达)?(?:数|资金|金额|总额)?(?:合计|共计)?"),
        (1, r"年初批复(?:的)?预算(?:数)?"),
        (2, r"部门预算(?:收入|支出)(?:合计|总额)?"),  # the budget as passed, before changes
    ],
    "budget_total": [
        (
            1,
            r"(?:全年|调整后(?:的)?(?:全年)?|预算调整后(?:的)?)预算(?:数|总额|金额|资金)?(?:合计|共计|总计)?",
        ),
        (1, r"(?<!收入)预算(?:总额|合计|总计)|总预算(?:数)?|(?:部门|单位)总体预算(?:数)?"),
        (2, r"(?:共|累计|合计)(?:安排|下达)(?:项目)?(?:资金|预算|经费)?(?:合计|共计)?"),
        (2, r"(?:全年)?可用资金(?:合计|共计)?"),
        (3, r"(?<=万元[，,、])(?:合计|共计)"),
        (3, r"(?:本|该)?(?:项目|专项)(?:年度)?预算(?:资金|数|总额)?"),
        # a project's or fund's money as allocated: its budget (project reports only)
        (3, rf"全年(?:实际)?(?:{_ALLOCATED})"),  # 全年实际拨入…经费: the year's whole
        (4, _ALLOCATED),
    ],
    "income_total": [
        (1, r"(?:本年|全年|部门)?(?:预算)?收入(?:预算)?(?:合计|总计|总额)|总收入"),
        (2, r"本年收入|实际(?:完成)?收入(?:合计|总额)?"),
    ],
    "carryover": [
        (1, r"(?:年初|上年)结转(?:和)?(?:结余)?(?:资金)?"),
    ],
    "final_expenditure": [
        (
            1,
            r"(?:本年|全年|年度|部门)?(?:支出|决算)(?:合计|总额|总计)|支出决算(?:数)?|决算数"
            r"|实际决算金额",
        ),
        (1, r"(?:本年|全年|年度)(?:共|累计)?(?:实际)?支出(?:资金)?"),
        (1, r"(?:累计|全年)?实际(?:支出|使用)(?:数|金额|资金)?|总支出|累计支出"),
        (2, r"(?:全年|实际)?执行数|(?:全年|实际)执行(?:金额)?|资金支出"),
        # a project's or fund's money as paid or used (project reports only)
        (
            4,
            _PAID,
        ),
    ],
    "basic_expenditure": [(1, r"基本支出(?:合计|决算数|执行数|总额)?")],
    "project_expenditure": [
        (1, r"项目支出(?:合计|决算数|执行数|总额)?"),
        (2, r"项目(?:资金|经费)支出"),
    ],
    "personnel_expenditure": [
        (1, r"工资福利支出"),
        (2, r"人员经费(?:支出)?|工资福利"),
    ],
    "goods_services_expenditure": [(1, r"商品和服务支出|商品服务支出")],
    "household_subsidies": [(1, r"对个人和家庭(?:的)?补助(?:支出)?")],
    "capital_expenditure": [(1, r"资本性支出")],
    "three_public_expenditure": [
        (
            1,
            rf"{_Q}三公{_Q}经费(?:全年|年初)?预算(?:数)?(?:{NUM}|{PLACEHOLDER})\s*万?元[，,]?(?:全年)?实际支出",
        ),
        (2, rf"{_Q}三公{_Q}经费(?:全年|实际|决算)?(?:支出|决算数)?(?:合计|共计)?"),
    ],
    "execution_rate": [
        (
            1,
            r"(?:部门|整体|总体|全年|年度|综合)?(?:预算|资金|预算资金)(?:总体|整体)?(?:执行率|支出率|支出实现率|支付率|支出完成率|执行进度)",
        ),
        (1, r"执行率|支出率|(?:资金|支出)完成率"),
    ],
    "self_score": [
        (
            1,
            r"(?:综合|自评|总体|绩效|评价)?(?:自评)?(?:总得分|总分)|综合(?:自评)?得分|自评得分|评价得分|绩效得分|综合评分|自评分数?"
            r"|绩效评分|评分结果",
        ),
        (2, r"得分"),
    ],
}
