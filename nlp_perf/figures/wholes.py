"""Whether a figure a keyword found is the report's own whole or a part of it.

A keyword rule of :mod:`.keywords` finds 执行率 or 预算 followed by a number; the words around
it say whose number that is: a part named before it (三公, 基本支出, 中央, 上半年…), an item
(宣传推广费年初预算), another rate's subject (“四议两公开”执行率), the list of parts after a
budget's 其中, or money a department's project was allocated.  In a project report the project's
own fund named before a rate is the report's.  :mod:`.keyfigures` asks these before it keeps a
figure.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..chars import simplify
from ..text.numbers import AMOUNT
from .keywords import ALLOCATED_OR_PAID, FIGURE_KEYS, MONEY_VERB, NOT_THE_YEARS_MONEY

__all__ = ["SPENT_KEYS", "TOTAL_KEYS", "names_the_project", "part_of_total", "someone_elses"]

# Words before a keyword, in its clause, that make a total-level figure a part of the total.
_PART_LEAD = re.compile(
    r"三公|基本支出|项目支出|人员经费|公用经费|工资福利|商品和服务|财政拨款|中央|省级|市级|县级|区级|上半年|季度|指标"
    r"|市县|[1-9一二三四五六七八九十]+月(?![\d一二三四五六七八九十]{1,3}日)"  # a month's, not a day's
)
_PART_BEFORE = (
    "基本",
    "项目",
    "经费",
    "服务",
    "本性",
    "福利",
    "补助",
    "公用",
    "人员",
    "三公",
    "公”",
    '公"',
)

# 其中 just before a total's keyword: the figure of a part.
_AFTER_QIZHONG = re.compile(r"其中[，,：:]?[^，,。；;：:]{0,12}$")
_SPENT = re.compile(r"决算|实际|执行数|已支出|全年支出")
# The items of a list after 其中 (人员经费支出A万元，公用经费支出B万元，) up to a keyword.
_PART_LIST = re.compile(
    rf"[：:，,]?(?:[^，,。；;、：:\d]{{1,16}}?{AMOUNT}(?:[（(][^）)]*[）)])?[、，,；;])*"
    r"[^，,。；;、\d]{0,12}"
)
_A_TOTAL = re.compile(r"合计|总计|总额")
TOTAL_KEYS = {
    "budget_initial",
    "budget_total",
    "income_total",
    "carryover",
    "final_expenditure",
    "execution_rate",
}
# Money spent: a 预算 between the keyword and the number makes it a budget.
SPENT_KEYS = {k for k in FIGURE_KEYS if k.endswith("_expenditure")} | {"household_subsidies"}


def names_the_project(lead: str, project: str | None) -> bool:
    """Whether the item named before a keyword is the report's own project: past the words
    every fund has (资金, 经费, 项目…), they share the project's name, or four characters of it
    (护林防火“三三制”经费执行率 in the report of the 市级护林防火“三三制”补助经费项目)."""
    if not project or _PART_LEAD.search(lead):
        return False
    a, b = (_FUND_WORDS.sub("", _GENERIC_LEAD.sub("", simplify(t))) for t in (lead, project))
    shared = SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size
    return shared >= max(2, min(4, len(b)))


def someone_elses(key: str, tier: int, lead: str, m: re.Match[str], project_kind: bool) -> bool:
    """Whether the figure after ``lead`` (its clause up to the keyword) is a part's, a
    project's or a budget's rather than the report's own."""
    if key in TOTAL_KEYS and _AFTER_QIZHONG.search(lead) and not _A_TOTAL.search(m["kw"]):
        return True  # 其中，法院执行年初预算数6万元: one part's figure
    k = lead.rfind("其中")
    if (
        key in SPENT_KEYS
        and k >= 0
        and _PART_LIST.fullmatch(lead, k + 2)  # the list of parts right after 其中
        and not _SPENT.search(m["kw"])  # 年终决算数: the accounts, not a part of the budget
        and "预算" in lead[:k]
        and not _SPENT.search(lead[:k])
    ):
        return True  # 预算支出X万元，其中：人员经费支出Y万元: a part of the budget
    if key == "budget_total" and not project_kind and "项目" in m.group("kw"):
        return True  # a department's 项目预算 is one part of its budget
    if key == "final_expenditure" and tier == 4 and not project_kind:
        return True  # in a department report, money paid is one project's
    return (
        key == "budget_total"
        and tier >= 3
        and bool(ALLOCATED_OR_PAID.search(m.group("kw")))
        and (not project_kind or bool(NOT_THE_YEARS_MONEY.search(lead + m.group("kw"))))
    )  # a department's funds allocated are its projects' money; an initial or partial sum


def part_of_total(
    text: str,
    cs: int,
    kw_start: int,
    comma_lead: str,
    key: str,
    m: re.Match[str],
    project_kind: bool,
) -> bool:
    """True when a total-level keyword names one part of the total: the words before it in
    its clause (三公, 基本支出, 中央, 上半年…), an item's name, or another rate's subject."""
    before = text[max(cs, kw_start - 2) : kw_start]
    if _PART_LEAD.search(comma_lead):
        return True
    if before in _PART_BEFORE and not (project_kind and before == "项目"):
        return True
    if _is_sub_item(comma_lead + m.group("kw"), project_kind):
        return True
    return key == "execution_rate" and _names_another_rate(comma_lead, m)


_GENERIC_LEAD = re.compile(
    r"(?:19|20)\d{2}年度?|截至[^，,]*|[（(][^）)]*[）)]|\d+[）)、.]|[本该此]|项目|专项资金|财政资金|"
    r"全年|年度|今年|本年|当年|整体|部门|单位|我[局委院办部校会镇乡所]|累计|实际|共|全部"
)
_FUND_WORDS = re.compile(r"资金|经费|补助|补贴|专项|项目|工程|预算|支出|执行|中央|省级|市级|县级")
_SUB_ITEM = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:费|资金|经费|补助|补贴|专项|工程|项目)(?=年初|全年|调整后|预算|资金|执行|支出|决算|实际|结转)"
)


def _names_another_rate(lead: str, m: re.Match[str]) -> bool:
    """True for a bare 执行率 of something named before it: “四议两公开”执行率100%."""
    if re.search(r"预算|资金|支出", m.group("kw")):
        return False
    rest = _GENERIC_LEAD.sub("", lead)
    return bool(re.search(r"[\u4e00-\u9fff]", rest))


def _is_sub_item(lead: str, project_kind: bool) -> bool:
    """True when the words before a total-level keyword name one item: 宣传推广费年初预算."""
    if not project_kind and re.search(r"经费|补助|专项|工程|项目", lead):
        return not re.match(r"^(?:部门|整体|全年|年度)?(?:预算|资金|预算资金)", lead)
    rest = MONEY_VERB.sub("", _GENERIC_LEAD.sub("", lead))  # 使用补贴资金: no item named
    return bool(_SUB_ITEM.search(rest))
