"""The title of a report: its year, the unit that wrote it, and whether it is a project's.

The year is the one in the title (``2023年度…报告``), else the first ``20XX年度`` near the top;
the unit comes from a ``单位名称：`` field, a line of its own, the words before the year in the
title, or the signature.  A title that names a project, fund or programme rather than
部门整体支出 makes a project report, and gives the project's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..chars import has_placeholder, simplify, without_bookmarks
from .markers import heading_level
from .sentences import Sentence

__all__ = ["Title", "read_title", "title_block"]

_FURNITURE = re.compile(
    r" > |发布时间|来源：|浏览次数|字号|打印本页|关闭窗口|欢迎|^附件\s*\d*$|^\[.*\]$|提纲|模板|评价机构|委托单位|会计师事务所|^[（(].*说明.*[)）]$"
)
_UNIT_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|法院|检察院|院|联合会|会|室|所|站|中心|处|学校|校|大学|中学|"
    r"小学|幼儿园|馆|团|部|厅|政府|办事处|机关|医院|街道|镇|乡|队|社|台|主席团|分局)(?:（[^）]*）)?$"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_OF_REPORT = re.compile(
    r"((?:19|20)\d{2})\s*年(?:度|(?=[^月\d，,。]{2,}?(?:项目|资金|经费|补贴|补助|支出|预算)))"
)
_YEAR_PLACEHOLDER = re.compile(r"20[×Xx*＊_]{2}\s*年度?")
_LABELLED_UNIT = re.compile(
    r"(?:项目单位|部门[（(]单位[)）]名称|单位名称|填报单位|实施单位|预算单位|部门名称)"
    r"(?:[（(][^）)]*[)）])?[：:]\s*(.+)"
)
_CELL_UNIT = re.compile(
    r"(?:^|[|\t])\s*(?:资金使用单位|项目实施单位|实施单位|项目单位|单位名称|预算单位|填报单位)"
    r"\s*[|\t]\s*([^|\t]*[^|\t\s])"
)
# A unit's name right after the title's year, before what the report is about.
_UNIT_BEFORE_SUBJECT = re.compile(
    r"([^\d，,。；;：:\s（(]{2,25}?)(?=部门整体|单位整体|整体支出|部门支出|关于|本级)"
)
_CLAUSE_LEAD = re.compile(r".*(?:为|由|对|是|经)")
# A name the text shortens once: …，澄湖县城市管理局（以下简称“县城管局”）.
_SHORTENED = re.compile(r"([^\d，,。；;：:、\s（(“”\"]{2,25})\s*[（(]\s*以下简称")
# A unit named in full as the subject of a sentence: at its start or after a comma (a year
# before it allowed), and followed by what it did.
_ACTING_UNIT = re.compile(
    r"(?:^|[，,。；;])(?:(?:19|20)\d{2}\s*年度?[，,]?)?"
    r"((?:(?![的由为对在向于据会同经过入已次我本评价了和与及从将把被通列完])[\u4e00-\u9fff]){2,6}?"
    r"(?:省|市|县|区|州|旗)[\u4e00-\u9fff]{1,14}?"
    r"(?:局|委员会|办公室|法院|检察院|中心|学校|医院|大队|政府|办事处|街道办事处))"
    r"(?=部门|(?:19|20)\d{2}|作为|根据|按照|严格|认真|对|共|收到|积极|高度|围绕|组织|牵头)"
)
# The words of a report's parts, which a fund's name does not have.
_SECTION_WORDS = re.compile(
    r"情况|分析|目标|结论|问题|建议|措施|资金管理|使用|投入|基本|概况|评价|绩效|自评|安排"
)
_GENERIC_FUND = re.compile(r"(?:19|20)\d{2}\s*年度?|项目|专项|财政|预算|本级|部门")
# A project report's title that names no project: 项目绩效自评报告, 部门预算项目支出….
_GENERIC_PROJECT = re.compile(r"(?:部门)?(?:预算)?(?:项目)?(?:支出)?")
# A name that is only a place: a province, city, county or district, no unit in it.
_REGION_ONLY = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区)")
# The first lines of an excerpt with no title: a project's or a fund's report, or a
# department's.
_PROJECT_BODY = re.compile(
    r"本项目|该项目|项目资金|专项资金|转移支付|资金投入情况|绩效目标分解下达"
)
_DEPARTMENT_BODY = re.compile(r"部门整体|整体支出|单位整体|部门预算|部门职责|内设机构|机构设置")
_PERIOD_BEFORE = re.compile(r"(?:至|到|—|–|-|~|～)\s*$")
_PERIOD_AFTER = re.compile(r"\s*年?\s*(?:至|到|—|–|-|~|～)\s*(?:19|20)?\d{2}")
_LABELLED_PROJECT = re.compile(r"项目名称[：:]\s*(.+)")
_DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}|[×X*＊_]{2,4}|20[×X*＊_]{2})\s*年.{0,4}月.{0,4}(?:日)?$"
)
_REPORT_SUFFIX = re.compile(
    r"(?:的)?(?:支出)?(?:绩效)?(?:自评|评价|自我评价|重点绩效评价|重点评价)?(?:情况)?(?:的)?报告$"
)


@dataclass
class Title:
    year: int | None = None
    year_sentence: int = 0
    year_text: str = ""
    unit: str | None = None
    unit_found: bool = False
    unit_sentence: int = 0
    unit_text: str = ""
    project: str | None = None
    project_sentence: int = 0
    kind: str = "department"
    lines: frozenset[int] = frozenset()  # the title block: its lines and the short ones after
    by_fund: bool = False  # parts headed by a fund's name: no one budget is the report's


def _own(s: Sentence) -> tuple[str, str]:
    """A sentence's text without Word bookmarks, as written and simplified."""
    own = without_bookmarks(s.text)
    return own, simplify(own)


def title_block(sentences: Sequence[Sentence]) -> tuple[list, list]:
    """The title lines (up to the one naming the report) and the short lines right after."""
    title: list[Sentence] = []
    after: list[Sentence] = []
    for s in sentences[:12]:
        own, t = _own(s)
        if not own or _FURNITURE.search(t):
            continue
        if heading_level(t) is not None or len(t) > 60 or t.endswith(("：", ":")):
            break
        if re.match(r"(?:根据|按照|依据|为了?|经|现将|本次|我)", t):
            break
        if title and "报告" in "".join(_own(x)[1] for x in title):
            if not (re.match(r"^[（(].*[)）]$", t) or _UNIT_SUFFIX.search(t)):
                break
            after.append(s)
        else:
            title.append(s)
    return title, after


def read_title(sentences: Sequence[Sentence]) -> Title:
    """The year, unit, kind and (for a project report) project of a report."""
    out = Title()
    title, after = title_block(sentences)
    out.lines = frozenset(s.index for s in title + after)
    title_own = "".join(_own(s)[0] for s in title)
    title_sentence = next((s.index for s in title if _YEAR.search(_own(s)[1])), None)
    if title_sentence is None and title:
        title_sentence = title[-1].index
    _read_year(out, sentences, title, after)
    unit_written = _read_unit(out, sentences, title, after, title_own, title_sentence)
    _read_kind(out, simplify(title_own), title_own, title_sentence, unit_written)
    if out.kind == "project" and _names_no_project(out.project):
        _project_in_brackets(out, title + after)
    if not title and out.project is None:  # an excerpt: its first lines tell its kind
        early = simplify("".join(_own(s)[0] for s in sentences[:12]))
        if _PROJECT_BODY.search(early) and not _DEPARTMENT_BODY.search(early):
            out.kind = "project"
    out.by_fund = any(s.is_heading and s.marker == 1 and _names_a_fund(s) for s in sentences)
    if out.unit and _REGION_ONLY.fullmatch(out.unit):
        out.unit, out.unit_found = None, False  # 枞阳县2021年…: a place, not the unit
    return out


def _names_a_fund(s: Sentence) -> bool:
    """Whether a top-level heading is a fund's name (一、2023年省级护林防火专项资金),
    not a part of a report (一、项目资金情况)."""
    t = simplify(without_bookmarks(s.text))
    t = re.sub(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*", "", t)
    t = re.sub(r"[（(][^）)]*[）)]$", "", t).strip()
    if not re.search(r"(?:资金|经费)$", t) or _SECTION_WORDS.search(t):
        return False
    name = _GENERIC_FUND.sub("", t[:-2])
    return len(name) >= 4


def _names_no_project(name: str | None) -> bool:
    """Whether a project report's title, its brackets and report words left out, names no
    project: 项目绩效自评报告, 部门预算项目支出绩效自评报告（…）."""
    core = re.sub(r"[（(][^）)]*(?:[)）]|$)|(?:19|20)\d{2}\s*年度?", "", simplify(name or ""))
    return bool(_GENERIC_PROJECT.fullmatch(_REPORT_SUFFIX.sub("", core).strip()))


def _project_in_brackets(out: Title, lines: list) -> None:
    """A project named in brackets under a title that names none of its own: …项目绩效自评报告
    / （市级护林防火补助经费项目）."""
    for s in lines:
        own, t = _own(s)
        for m in re.finditer(r"[（(]([^（）()]{2,40})[)）]", t):
            name = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", own[m.start(1) : m.end(1)]).strip()
            if len(name) >= 2 and not re.search(r"盖章|年度?$|^\d", name):
                out.project, out.project_sentence = name, s.index
                return


def _read_year(out: Title, sentences: Sequence[Sentence], title: list, after: list) -> None:
    """The year: in the title, else in the lines after it or a labelled field, else 20XX年度."""
    early = [s for s in sentences[:15] if s not in title]
    for group, rx in ((title, _YEAR), (after + early, _YEAR_OF_REPORT)):
        for s in group:
            own, t = _own(s)
            m = next((m for m in rx.finditer(t) if not _in_period(t, m)), None)
            if m:
                end = m.end() + (1 if t[m.end() : m.end() + 1] == "度" else 0)
                out.year, out.year_sentence = int(m.group(1)), s.index
                out.year_text = own[m.start() : end]
                return
    for s in title + after + early:  # 20XX年度: a year left for the writer to fill in
        m = _YEAR_PLACEHOLDER.search(_own(s)[1])
        if m:
            out.year_sentence, out.year_text = s.index, _own(s)[0][m.start() : m.end()]
            return


def _in_period(text: str, m: re.Match[str]) -> bool:
    """Whether the year ``m`` begins or ends a period (2016年至2018年, 2022—2023年度): the
    report of a period names no one year."""
    before, after = text[max(0, m.start() - 3) : m.start()], text[m.end(1) : m.end(1) + 4]
    return bool(_PERIOD_BEFORE.search(before) or _PERIOD_AFTER.match(after))


def _read_unit(
    out: Title,
    sentences: Sequence[Sentence],
    title: list,
    after: list,
    title_own: str,
    title_sentence: int | None,
) -> str | None:
    """The unit: a labelled field, a line of its own, the words before the year, the
    signature.  Also the project of a labelled 项目名称 field.  Returns the unit as written."""
    for s in sentences[:15]:
        own, t = _own(s)
        m = _LABELLED_UNIT.search(t)
        if m and out.unit is None:
            out.unit, out.unit_sentence = own[m.start(1) :].strip(), s.index
            out.unit_text = own[m.start() :].strip()
        m = _CELL_UNIT.search(t)
        if m and out.unit is None:  # a form's cell: 资金使用单位 | 澄湖县文化馆 |
            out.unit, out.unit_sentence = own[m.start(1) : m.end(1)].strip(), s.index
            out.unit_text = own[m.start(1) : m.end(1)].strip()
        m = _LABELLED_PROJECT.search(t)
        if m and out.project is None:
            out.project, out.project_sentence = own[m.start(1) :].strip(), s.index
    if out.unit is None:
        for s in title + after:
            own, t = _own(s)
            if not re.search(r"\d|报告|绩效|评价", t) and _UNIT_SUFFIX.search(t):
                out.unit, out.unit_sentence, out.unit_text = own, s.index, own
                break
    if out.unit is None and title_sentence is not None:
        _unit_in_title(out, title_own, title[0].index)
    if out.unit is None:
        _unit_named_short(out, sentences)
    if out.unit is None:
        _unit_from_signature(out, sentences)
    if out.unit is None:
        _unit_as_subject(out, sentences)
    unit_written = out.unit
    if out.unit is not None:
        out.unit = re.sub(r"[（(]盖章[)）]$", "", out.unit).strip()
        out.unit_found = True
        if has_placeholder(out.unit):
            out.unit = None
    return unit_written


def _unit_in_title(out: Title, title_own: str, index: int) -> None:
    """The words before the year (澄湖县民政局 关于2021年度…), or right after it and before
    what the report is about (2024年度澄州市民政局部门整体支出…)."""
    m = _YEAR.search(simplify(title_own))
    prefix = title_own[: m.start()] if m else ""
    prefix = re.sub(r"^关于|关于$", "", prefix.strip()).strip()
    plain = simplify(prefix)
    if not plain and m:
        rest = title_own[m.end() :].lstrip("度 ")
        n = _UNIT_BEFORE_SUBJECT.match(simplify(rest))
        prefix = rest[: n.end(1)] if n else ""
        plain = simplify(prefix)
    if plain and (_UNIT_SUFFIX.search(plain) or re.search(r"[省市县区州旗盟]$", plain)):
        out.unit, out.unit_sentence, out.unit_text = prefix, index, prefix


def _unit_named_short(out: Title, sentences: Sequence[Sentence]) -> None:
    """A unit the opening lines name and then shorten: 澄湖县城市管理局（以下简称“县城管局”）."""
    for s in sentences[:6]:
        own, t = _own(s)
        for m in _SHORTENED.finditer(t):
            lead = _CLAUSE_LEAD.match(m.group(1))  # 评价对象为县旅游局（以下简称…: the name
            start = m.start(1) + (lead.end() if lead else 0)
            if _UNIT_SUFFIX.search(m.group(1)) and m.end(1) - start >= 2:
                name = own[start : m.end(1)]
                out.unit, out.unit_sentence, out.unit_text = name, s.index, name
                return


def _unit_as_subject(out: Title, sentences: Sequence[Sentence]) -> None:
    """An excerpt's unit: the first full name (a place, then a unit) that acts in a sentence,
    2024年澄湖县科学技术局部门对…, …，澄州市公安局根据…."""
    for s in sentences[:80]:
        own, t = _own(s)
        m = _ACTING_UNIT.search(t)
        if m:
            name = own[m.start(1) : m.end(1)]
            out.unit, out.unit_sentence, out.unit_text = name, s.index, name
            return


def _unit_from_signature(out: Title, sentences: Sequence[Sentence]) -> None:
    """The unit that signs the report: a unit's name on the line before the closing date."""
    for k in range(len(sentences) - 1, max(len(sentences) - 8, 0), -1):
        t = _own(sentences[k])[1]
        prev, prev_t = _own(sentences[k - 1])
        if _DATE_LINE.match(t) and _UNIT_SUFFIX.search(prev_t) and not re.search(r"\d", prev):
            out.unit, out.unit_sentence, out.unit_text = prev, sentences[k - 1].index, prev
            return


def _read_kind(
    out: Title,
    title_text: str,
    title_own: str,
    title_sentence: int | None,
    unit_written: str | None,
) -> None:
    """The kind of report, and for a project report the project's name."""
    if re.search(r"项目支出绩效|预算项目支出", title_text) and "整体" not in title_text:
        out.kind = "project"  # 部门预算项目支出绩效自评报告: one project of a department's
    elif re.search(r"部门整体|整体支出|部门支出|单位整体|部门预算", title_text):
        out.kind = "department"
    elif re.search(r"项目|专项|资金|经费|工程|补助|补贴", title_text) or out.project:
        out.kind = "project"
    if out.kind == "project" and out.project is None and title_sentence is not None:
        name = title_own
        if unit_written and name.startswith(unit_written):
            name = name[len(unit_written) :]
        out.project, out.project_sentence = name, title_sentence
    if out.project is not None:
        m = re.fullmatch(r"(.*?)\s*[（(]([^（）()]{2,40})[)）]\s*", out.project)
        if m and _names_no_project(m.group(1)):  # …项目支出绩效自评报告（应急救助备用金）
            out.project = m.group(2)
        name = re.sub(r"^关于", "", out.project)
        name = re.sub(r"[（(]?(?:19|20)\d{2}\s*年度?[)）]?", "", name)
        name = name[: len(_REPORT_SUFFIX.sub("", simplify(name)))].strip("，,：: ")
        out.project = name if len(name) >= 2 else None
