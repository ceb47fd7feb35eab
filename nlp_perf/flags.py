"""Review flags: the warning signs a reviewer looks for in a performance self-evaluation report.

``review_flags(text, sentences, figures)`` takes the decoded report, its classified sentences
and what :func:`nlp_perf.figures.extract_figures` read from it, and returns a list of
``{"code", "message", "sentences"}``, in the order of :data:`FLAG_CODES`; the message is in
Chinese and names the figures or sentences at fault, ``sentences`` lists their indexes.

=====================  =============================================================
``template_unfilled``  placeholders left in: ``*``, ``××``, ``XX``, ``某某``, ``____``
``no_problems``        no problem sentence, or only a claim that there were none
``no_measures``        no measure sentence
``measures_unmatched`` problems that share no key word with any measure
``totals_mismatch``    a breakdown that does not add up to its total beyond rounding
``rate_mismatch``      an execution rate that disagrees with its amounts
``score_missing``      no overall self-evaluation score
``year_mismatch``      headings or figures of a year other than the report's
=====================  =============================================================

How each is decided: docs/figures.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .figures import (
    _AMOUNT_RE,
    _NORMALIZE,
    _SUBTOTAL,
    _align,
    _cell_amount,
    _Flow,
    _half_unit,
    _has_placeholder,
    _row_name,
    _tables,
    _title_block,
    _to_wan,
)
from .report import ClassifiedSentence
from .sentences import heading_level

__all__ = ["FLAG_CODES", "review_flags"]

FLAG_CODES = (
    "template_unfilled",
    "no_problems",
    "no_measures",
    "measures_unmatched",
    "totals_mismatch",
    "rate_mismatch",
    "score_missing",
    "year_mismatch",
)

_EPS = 1e-6


def _flag(code: str, message: str, sentences: list[int]) -> dict[str, Any]:
    return {"code": code, "message": message, "sentences": sorted(set(sentences))}


def _fmt(value: float) -> str:
    """97.0583 → '97.06', 12.5 → '12.5', 100.0 → '100'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- what the sentences say -----------------------------------------------------------------


def _template_unfilled(sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    hits = [s.index for s in sentences if _has_placeholder(s.text)]
    if not hits:
        return []
    shown = "、".join(str(i) for i in hits[:10]) + ("等" if len(hits) > 10 else "")
    message = f"报告有{len(hits)}句留有未填写的占位符（*、××、XX、某某等），见第{shown}句"
    return [_flag("template_unfilled", message, hits)]


_NO_PROBLEM_CLAIM = re.compile(
    r"(?:未发现|没有发现|未发生|不存在|没有|无)[^，。；]{0,12}问题|无明显问题|暂无问题|^无[。.]?$|^没有[。.]?$"
)


def _claims_of_none(sentences: Sequence[ClassifiedSentence]) -> list[int]:
    """Sentences saying there was no problem, said where problems belong or labelled one."""
    return [
        s.index
        for s in sentences
        if _NO_PROBLEM_CLAIM.search(s.text.strip().translate(_NORMALIZE))
        and ("问题" in s.section.translate(_NORMALIZE) or s.label == "problem")
    ]


def _no_problems(sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    claims = _claims_of_none(sentences)
    if any(s.label == "problem" and s.index not in claims for s in sentences):
        return []
    message = "报告没有写出具体问题，只声称不存在问题" if claims else "报告没有写出任何问题"
    return [_flag("no_problems", message, claims)]


def _no_measures(sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    if any(s.label == "measure" for s in sentences):
        return []
    return [_flag("no_measures", "报告没有提出任何改进措施", [])]


# Words every problem and every measure may hold: they tie nothing to anything.
_STOPWORDS = frozenset(
    """存在 问题 部分 个别 少数 一些 有的 不够 不足 不高 不强 不到位 不及时 不充分 不完善 不规范
    不明显 不均衡 不深入 较为 比较 仍然 仍 依然 还 还需 还需进一步 进一步 有待 需要 需 亟待 偏低 偏高
    偏慢 偏少 偏多 较低 较慢 较少 较多 滞后 主要 原因 主要原因 由于 导致 造成 影响 目前 当前 全年
    年度 今年 本年 明年 下一年度 下一步 今后 将 要 应 加强 加大 强化 提高 提升 完善 建立 健全 推进
    推动 落实 确保 做好 加快 进行 开展 实施 坚持 继续 持续 积极 认真 切实 努力 力争 逐步 及时 工作
    情况 方面 单位 部门 我局 我委 我院 我办 我校 本单位 项目 方式 措施 改进 整改 通过 对于 针对 关于
    以及 并且 同时 其中 没有 未能 尚未 未 不 能 可 等 和 与 及 的 了 是 在 对 把 为 将其""".split()
)


_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）、.．])"
)


# Words a problem and its remedy use for the same thing: 执行率偏低 is met by 加快资金支付.
_CONCEPTS = {
    "§进度": r"执行率|执行进度|支出进度|支付|拨付|支出|进度|滞后|偏慢|缓慢|延期|尾款|结转|沉淀",
    "§前期": r"前期|储备|论证|谋划|入库|项目库",
    "§目标": r"绩效目标|指标|量化|细化",
    "§监控": r"监控|跟踪|督办|调度|通报",
    "§队伍": r"人员|队伍|人才|力量|培训|专业技术",
    "§管护": r"管护|运维|维护|长效",
    "§需求": r"需求|供需|对接|点单|菜单",
}


def _terms(text: str) -> set[str]:
    """The key words of ``text``: its words, the two-character pieces of longer words
    (执行率 → 执行) and the concepts of :data:`_CONCEPTS` it names, common words of problems
    and measures left out."""
    from .tokenizer import get_segmenter

    text = text.translate(_NORMALIZE)
    terms = {concept for concept, words in _CONCEPTS.items() if re.search(words, text)}
    for w in get_segmenter().cut(text):
        if len(w) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", w) or w in _STOPWORDS:
            continue
        terms.add(w)
        terms.update(w[i : i + 2] for i in range(len(w) - 1) if len(w) > 2)
    return terms - _STOPWORDS


def _problem_items(sentences: Sequence[ClassifiedSentence]) -> list[list[ClassifiedSentence]]:
    """Problem sentences grouped into items: a numbered problem and the sentences after it
    (a line a PDF export cut off stays with its item)."""
    items: list[list[ClassifiedSentence]] = []
    claims = set(_claims_of_none(sentences))
    for s in sentences:
        if s.label != "problem" or s.index in claims:
            continue
        text = s.text.strip()
        if text.endswith(("：", ":")) and len(text) < 30:
            continue  # 还存在以下问题：
        last = items[-1][-1] if items else None
        if last is None or _ITEM_START.match(text) or s.index > last.index + 3:
            items.append([])
        items[-1].append(s)
    return items


def _measures_unmatched(sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    measures = [s for s in sentences if s.label == "measure"]
    items = _problem_items(sentences)
    if not measures or not items:
        return []
    addressed: set[str] = set()
    for s in measures:
        addressed |= _terms(s.text)
    unmatched = []
    for item in items:
        terms = set().union(*(_terms(s.text) for s in item))
        if terms and not terms & addressed:
            unmatched.append(item)
    if not unmatched:
        return []
    shown = "、".join(str(item[0].index) for item in unmatched[:10])
    message = (
        f"{len(unmatched)}个问题没有对应的改进措施（与任何措施句都没有共同的关键词），"
        f"见第{shown}{'等' if len(unmatched) > 10 else ''}句"
    )
    return [_flag("measures_unmatched", message, [s.index for item in unmatched for s in item])]


# --- what the figures say -------------------------------------------------------------------

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


def _value(figures: dict[str, Any], key: str) -> tuple[float, float, int] | None:
    """(value, rounding allowance, sentence) of a figure the report fills in."""
    entry = figures.get("figures", {}).get(key)
    if not entry or not isinstance(entry.get("value"), (int, float)):
        return None
    return float(entry["value"]), _half_unit(entry["text"]), entry["sentence"]


def _sum_check(
    total_key: str, part_keys: list[str], figures: dict[str, Any], exceed_only: bool = False
) -> dict[str, Any] | None:
    total = _value(figures, total_key)
    parts = [(k, _value(figures, k)) for k in part_keys]
    present = [(k, p) for k, p in parts if p is not None]
    if total is None or len(present) < 2:
        return None
    got = sum(p[0] for _, p in present)
    tolerance = total[1] + sum(p[1] for _, p in present) + _EPS
    gap = got - total[0]
    if abs(gap) <= tolerance or (exceed_only and gap < 0):
        return None
    names = "、".join(f"{_NAMES[k]}{_fmt(p[0])}万元" for k, p in present)
    message = (
        f"{names}合计{_fmt(got)}万元，与{_NAMES[total_key]}{_fmt(total[0])}万元不符，"
        f"相差{_fmt(abs(gap))}万元"
    )
    return _flag("totals_mismatch", message, [total[2]] + [p[2] for _, p in present])


def _figure_totals(figures: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    flag = _sum_check("final_expenditure", ["basic_expenditure", "project_expenditure"], figures)
    if flag:
        out.append(flag)
    classes = [
        "goods_services_expenditure",
        "household_subsidies",
        "capital_expenditure",
    ]
    personnel = figures.get("figures", {}).get("personnel_expenditure")
    if personnel and "工资福利" in personnel["text"].translate(_NORMALIZE):
        classes.insert(0, "personnel_expenditure")
    # Reports may leave out a class (对企业补助, 其他支出): the classes only must not exceed.
    flag = _sum_check("final_expenditure", classes, figures, exceed_only=True)
    if flag:
        out.append(flag)
    projects = [p for p in figures.get("projects", []) if isinstance(p.get("executed"), float)]
    total = _value(figures, "project_expenditure")
    if total is not None and len(projects) >= 2:
        got = sum(p["executed"] for p in projects)
        if got > total[0] + total[1] + 0.005 * len(projects) + _EPS:
            message = (
                f"所列{len(projects)}个项目的支出合计{_fmt(got)}万元，"
                f"超过项目支出总额{_fmt(total[0])}万元{_fmt(got - total[0])}万元"
            )
            out.append(
                _flag("totals_mismatch", message, [total[2]] + [p["sentence"] for p in projects])
            )
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
        for m in _AMOUNT_RE.finditer(text, a, b):
            lead = re.split(r"[，,、；;：:]", text[a : m.start()])[-1]
            if _COMPARISON.search(lead):
                continue
            value = _to_wan(m.group("v"), m.group("u"))
            out.append((offset + m.start(), offset + m.end(), value, m.group(0)))
    return out


def _breakdown_totals(text: str, sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    """'X万元，其中A万元、B万元…' within one sentence, where A + B + … is not X."""
    flow = _Flow(text, sentences)
    out = []
    for cs, ce in flow.clauses():
        clause = flow.flow[cs:ce]
        k = clause.find("其中")
        if k < 0 or _PARTIAL.search(clause[k:]):
            continue
        parents = _amounts(clause[:k])
        tail = clause[k:]
        if clause[k - 1 : k] in "（(":  # （其中…）: the parts end with the bracket
            tail = re.split(r"[）)]", tail)[0]
        children = _amounts(tail, k)
        if not parents or len(children) < 2:
            continue
        parent = parents[-1]
        if parent[2] is None or any(c[2] is None for c in children):
            continue
        got = sum(c[2] for c in children if c[2] is not None)
        tolerance = _half_unit(parent[3]) + sum(_half_unit(c[3]) for c in children) + _EPS
        if abs(got - parent[2]) <= tolerance:
            continue
        words = "、".join(flow.original(cs + a, cs + b) for a, b, _, _ in children)
        subject = max(clause.rfind(c, 0, parent[0]) for c in "，,：:；;") + 1
        message = (
            f"{flow.original(cs + subject, cs + parent[1])}，而其分项{words}"
            f"合计{_fmt(got)}万元，相差{_fmt(abs(got - parent[2]))}万元"
        )
        out.append(_flag("totals_mismatch", message, [flow.sentence_at(cs + k)]))
    return out


def _table_totals(sentences: Sequence[ClassifiedSentence]) -> list[dict[str, Any]]:
    """A table whose 合计 row is not the sum of the rows above it."""
    out = []
    for table in _tables(sentences):
        money = [
            j for role, j in table.roles.items() if role in ("budget_initial", "budget", "executed")
        ]
        money += [
            j
            for j, h in enumerate(table.header)
            if re.search(r"金额|万元|（元）", h) and j not in money
        ]
        if not money:
            continue
        body: list[tuple[int, list[str]]] = []
        for index, raw in table.rows:
            row = _align(table, raw)
            name = _row_name(table, row).translate(_NORMALIZE).replace(" ", "")
            if re.match(r"^(?:其中|小计|[（(]|[-—·])", name):
                body = []  # a table with sub-rows: its totals are not plain sums
                break
            if not _SUBTOTAL.match(name):
                body.append((index, row))
                continue
            for j in money:
                total, ok = _cell_amount(row[j], table.scale)
                cells = [_cell_amount(r[j], table.scale) for _, r in body]
                values = [v for v, found in cells if found]
                if not ok or total is None or len(values) < 2 or None in values:
                    continue
                got = sum(v for v in values if v is not None)
                tolerance = _half_unit(row[j]) * (len(values) + 1) * table.scale + _EPS
                if abs(got - total) > tolerance:
                    message = (
                        f"表中“{table.header[j]}”一列各行合计{_fmt(got)}，"
                        f"与合计行{_fmt(total)}不符，相差{_fmt(abs(got - total))}"
                    )
                    out.append(_flag("totals_mismatch", message, [index] + [i for i, _ in body]))
            body = []
    return out


def _rate_mismatch(figures: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    rate = _value(figures, "execution_rate")
    spent = _value(figures, "final_expenditure")
    if rate is not None and spent is not None:
        # The rate is taken of the full-year budget; the initial budget or the year's income
        # stand in for it when the report gives no full-year budget and the spending fits.
        budgets = [(k, b) for k in ("budget_total",) if (b := _value(figures, k))]
        if not budgets:
            budgets = [
                (k, b)
                for k in ("income_total", "budget_initial")
                if (b := _value(figures, k)) and spent[0] <= b[0] + b[1]
            ]
        budgets = [(k, b) for k, b in budgets if b[0] > 0]
        if budgets and not any(_agrees(rate, spent, b) for _, b in budgets):
            k, b = budgets[0]
            message = (
                f"预算执行率写为{_fmt(rate[0])}%，但支出{_fmt(spent[0])}万元÷{_NAMES[k]}"
                f"{_fmt(b[0])}万元={_fmt(100 * spent[0] / b[0])}%"
            )
            out.append(_flag("rate_mismatch", message, [rate[2], spent[2], b[2]]))
    for p in figures.get("projects", []):
        r, e = p.get("completion_rate"), p.get("executed")
        if rate and spent and (r, e) == (rate[0], spent[0]):
            continue  # the report's own project: already checked above
        budgets = [b for b in (p.get("adjusted_budget"), p.get("budget")) if b]
        if r is None or e is None or not budgets:
            continue
        allowance = 0.5 * 10 ** -_decimals(r)
        if any(abs(100 * e / b - r) <= allowance + 100 * 0.01 / b + _EPS for b in budgets):
            continue
        message = (
            f"“{p['name']}”执行率写为{_fmt(r)}%，但支出{_fmt(e)}万元÷预算{_fmt(budgets[0])}万元"
            f"={_fmt(100 * e / budgets[0])}%"
        )
        out.append(_flag("rate_mismatch", message, [p["sentence"]]))
    return out


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _agrees(
    rate: tuple[float, float, int],
    spent: tuple[float, float, int],
    budget: tuple[float, float, int],
) -> bool:
    """The stated rate equals spent/budget, allowing for rounding of all three figures."""
    exact = 100 * spent[0] / budget[0]
    slack = 100 * (spent[1] / budget[0] + spent[0] * budget[1] / budget[0] ** 2)
    # Reports round or cut the rate: one unit of its last digit is allowed.
    return abs(exact - rate[0]) <= 2 * rate[1] + slack + _EPS


def _score_missing(figures: dict[str, Any]) -> list[dict[str, Any]]:
    entry = figures.get("figures", {}).get("self_score")
    if entry is None:
        return [_flag("score_missing", "报告没有给出总体自评得分", [])]
    if entry["value"] is None:
        message = f"总体自评得分没有填写：“{entry['text']}”"
        return [_flag("score_missing", message, [entry["sentence"]])]
    return []


# --- years ----------------------------------------------------------------------------------

_YEAR_TOKEN = re.compile(r"(?<![\d〔\[［【])((?:19|20)\d{2})(?=\s*年)")
# A year heading the unit's own money: 2022年年初预算…万元, 2022年度部门预算收入…
_OWN_MONEY_AFTER_YEAR = re.compile(
    r"^\s*年度?[^，,。；;]{0,8}?(?:年初预算|全年预算|预算数|预算收入|收入合计|收入总计|支出合计|全年支出|"
    r"实际支出|预算执行率|执行率)"
)
_TITLE_AFTER_YEAR = re.compile(r"^\s*年度?.{0,20}(?:报告|预算|决算|支出|绩效)")
_PERIOD_END = re.compile(r"^\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_COMPARED = re.compile(r"(?:较|比|与|同比|上年|去年|对比|相比|自|从|于|(?<!截)至|到|—|-|~|～)\s*$")


def _year_mismatch(
    sentences: Sequence[ClassifiedSentence], figures: dict[str, Any]
) -> list[dict[str, Any]]:
    """Headings, period ends and the unit's own money given for a year not the report's."""
    entry = figures.get("figures", {}).get("year")
    if not entry or not isinstance(entry.get("value"), int):
        return []
    year = entry["value"]
    title, after = _title_block(sentences)
    title_lines = {s.index for s in title + after}
    hits: list[tuple[int, int]] = []
    for s in sentences:
        if s.index == entry["sentence"]:
            continue
        text = s.text.translate(_NORMALIZE)
        heading = (heading_level(text) is not None and len(text) <= 30) or s.index in title_lines
        for m in _YEAR_TOKEN.finditer(text):
            y = int(m.group(1))
            before, after = text[: m.start()], text[m.end() :]
            if y == year:
                continue
            period_end = _PERIOD_END.match(after) and re.search(r"(?:截至|截止)到?\s*$", before)
            compared = _COMPARED.search(before)
            title = heading and _TITLE_AFTER_YEAR.match(after) and not compared
            money = (
                s.label == "metric"
                and _OWN_MONEY_AFTER_YEAR.match(after)
                and _AMOUNT_RE.search(after)
                and not compared
            )
            if title or money or period_end:
                hits.append((s.index, y))
    if not hits:
        return []
    years = "、".join(str(y) for y in sorted({y for _, y in hits}))
    shown = "、".join(f"第{i}句（{y}年）" for i, y in hits[:8]) + ("等" if len(hits) > 8 else "")
    message = f"报告年度为{year}年，但{shown}的标题、截止日期或本单位收支写的是{years}年"
    return [_flag("year_mismatch", message, [i for i, _ in hits])]


def review_flags(
    text: str, sentences: Sequence[ClassifiedSentence], figures: dict[str, Any]
) -> list[dict[str, Any]]:
    """The review flags of one report, in the order of :data:`FLAG_CODES`.

    ``figures`` is what :func:`nlp_perf.figures.extract_figures` returned for the same text
    and sentences.  Each flag is ``{"code", "message", "sentences"}``: an English code, a
    Chinese message naming what is wrong, and the indexes of the sentences at fault (empty
    when the fault is something missing).
    """
    flags: list[dict[str, Any]] = []
    flags += _template_unfilled(sentences)
    flags += _no_problems(sentences)
    flags += _no_measures(sentences)
    flags += _measures_unmatched(sentences)
    flags += _figure_totals(figures)
    flags += _breakdown_totals(text, sentences)
    flags += _table_totals(sentences)
    flags += _rate_mismatch(figures)
    flags += _score_missing(figures)
    flags += _year_mismatch(sentences, figures)
    return flags
