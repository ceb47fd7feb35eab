"""Pull a report's key figures, its projects and its performance indicators out of its text.

``extract_figures(text, sentences)`` takes the decoded text of a report and the sentences
``classify_text`` made of it and returns::

    {"figures": {key: {"value", "unit", "sentence", "text"}, ...},
     "projects": [{"name", "budget", "adjusted_budget", "executed", "completion_rate",
                   "score", "sentence"}, ...],
     "indicators": [{"name", "target", "actual", "score", "sentence"}, ...]}

Money is given in 万元 whatever the report used (元, 万元, 亿元, Chinese numerals, full-width
digits, thousands separators); a figure the report leaves as a placeholder (``*.*``, ``××``,
``____``) is kept with value ``None``, never 0.  Every figure names the sentence it was read
from.  Fields, rules and measured accuracy: docs/figures.md.

The reader works on a "flow" of the text: lines a PDF export wrapped mid-sentence are joined
again (``预算\\n260.00万元``), page numbers and running headers are skipped, full-width digits
and the traditional characters of the words it looks for are mapped to their usual forms,
one character for one, so every position still points back into the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .report import ClassifiedSentence
from .sentences import heading_level

__all__ = ["FIGURE_KEYS", "extract_figures"]

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

# --- characters -----------------------------------------------------------------------------

# Traditional characters of the words this module reads, each mapped to its simplified form.
_TRAD_SIMP = (
    "預预 執执 項项 決决 數数 經经 費费 資资 產产 結结 轉转 餘余 計计 總总 額额 萬万 "
    "億亿 補补 個个 對对 務务 實实 際际 現现 評评 綜综 體体 報报 門门 單单 調调 後后 "
    "標标 為为 爲为 達达 撥拨 財财 績绩 問问 題题 無无 發发 進进 將将 與与 較较 於于 "
    "劃划 點点 兩两 況况 據据 開开 處处 區区 縣县 鄉乡 鎮镇 衛卫 醫医 學学 設设 備备 "
    "員员 層层 護护 條条 規规 範范 織织 網网 絡络 會会 議议 應应 檢检 驗验 節节 約约 "
    "購购 買买 維维 養养 獎奖 勵励 辦办 導导 專专 權权 職职 責责 滿满 觀观 覈核 蓋盖 "
    "險险 過过 們们 這这 該该 從从 來来 時时 間间 長长 還还 續续 邊边 關关 係系 統统 "
    "機机 構构 場场 書书 館馆 圖图 線线 傳传 運运 輸输 環环 紀纪 錄录 樣样 準准 則则 "
    "態态 勢势 優优 穩稳 強强 級级 給给 階阶 認认 識识 證证 輛辆 車车 內内 請请 託托 "
    "貸贷 齊齐 參参 訓训 練练 講讲 讀读 課课 試试 雜杂 積积 極极 廣广 爭争 類类 兒儿 "
    "幣币 盡尽 損损 償偿 歸归 舊旧 簡简 組组 號号 負负 擔担 業业 齡龄 礎础 聯联 屬属 "
    "屆届 雙双 價价 頭头 衆众 羣群 紮扎 週周 佔占 滯滞 讓让 戶户 氣气 電电 錢钱 稅税 "
    "減减 啓启 啟启 眾众 壓压 歷历 錯错 誤误 獲获 隊队 隨随 隱隐 難难 響响 順顺 須须 "
    "領领 頻频 顯显 風风 黨党 轄辖 畫画 遠远 適适 選选 閱阅 陽阳 離离 簽签 築筑 籌筹 "
    "紅红 納纳 細细 終终 絕绝 綠绿 緊紧 編编 緩缓 繼继 罰罚 義义 習习 聽听 興兴 舉举 "
    "藝艺 藥药 術术 裝装 製制 複复 見见 視视 覺觉 覽览 訊讯 記记 許许 詳详 話话 說说 "
    "談谈 論论 變变 豐丰 貨货 貧贫 貴贵 貼贴 賬账 質质 趕赶 軍军 載载 輔辅 輕轻 農农 "
    "違违 遺遗 郵邮 釋释 針针 鍵键 閉闭 陸陆 雲云 靜静 顧顾 驅驱 協协 團团 幫帮 廳厅 "
    "斷断 歲岁 溝沟 災灾 煙烟 獨独 瑪玛 盤盘 礙碍 種种 穀谷 糧粮 聲声 腦脑 莊庄 華华 "
    "葉叶 蘭兰 虛虚 衝冲 訂订 豎竖 贊赞 躍跃 鄰邻 鐵铁 鑒鉴 鑑鉴 陣阵 陳陈 頁页 頒颁 "
    "飛飞 飯饭 馬马 鬥斗 魚鱼 麥麦 龍龙 傷伤 儲储 兌兑 凈净 別别 劑剂 勞劳 厲厉 嚴严 "
    "圍围 堅坚 夠够 奪夺 婦妇 嬰婴 寧宁 審审 寫写 嶺岭 幹干 庫库 廢废 彈弹 徵征 惡恶 "
    "愛爱 慮虑 慶庆 憑凭 擬拟 攜携 敗败 敘叙 斂敛 晉晋 暢畅 暫暂 曆历 東东 櫃柜 欄栏 "
    "殘残 殼壳 氾泛 滅灭 漁渔 濟济 濕湿 煉炼 爾尔 牆墙 琺珐 畢毕 異异 療疗 癥症 盜盗 "
    "瞭了 矯矫 碼码 確确 礦矿 禮礼 禍祸 窮穷 競竞 筆笔 糾纠 紐纽 純纯 紗纱 紙纸 紹绍 "
    "絲丝 綱纲 綫线 緒绪 縮缩 纖纤 罷罢 聖圣 聞闻 聰聪 腳脚 膽胆 臨临 艱艰 蔣蒋 薦荐 "
    "藍蓝 蘇苏 虧亏 蝕蚀 裡里 訪访 診诊 註注 証证 詢询 誌志 語语 諾诺 謀谋 謝谢 譯译 "
    "讚赞 貢贡 販贩 貫贯 賀贺 賓宾 賠赔 賣卖 賦赋 賴赖 贈赠 贏赢 趨趋 跡迹 蹤踪 軌轨 "
    "軟软 輪轮 輯辑 辭辞 釐厘 鈔钞 鋪铺 錦锦 鍛锻 鎖锁 鏈链 鐘钟 鑄铸 閃闪 閒闲 閘闸 "
    "閣阁 閩闽 闆板 闊阔 闡阐 陰阴 隸隶 雖虽 雞鸡 霧雾 靈灵 韋韦 頂顶 頹颓 顆颗 顏颜 "
    "願愿 颱台 飢饥 飲饮 飼饲 飽饱 饋馈 駐驻 駕驾 騎骑 驚惊 骯肮 髮发 鬧闹 魯鲁 鮮鲜 "
    "鳥鸟 鳳凤 鴻鸿 鹽盐 麗丽 黃黄 齒齿 龜龟 稱称 値值 臺台 麼么 壞坏 擴扩 擊击"
)
_TRAD = "".join(p[0] for p in _TRAD_SIMP.split())
_SIMP = "".join(p[1] for p in _TRAD_SIMP.split())
_NORMALIZE = str.maketrans(
    "０１２３４５６７８９．％＊Ｘｘ，" + _TRAD,
    "0123456789.%*Xx，" + _SIMP,
)


def _normalize(text: str) -> str:
    """Full-width digits, ％, ＊ and the traditional characters read here, one for one;
    a full-width comma between full-width digits (１２，８６５．４２) becomes a thousands comma."""
    text = re.sub(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))", ",", text)
    return text.translate(_NORMALIZE)


_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CNUM = r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_PLACEHOLDER = r"[*×X_][*×Xx_,]*(?:\.[*×Xx_]+)?"
_VALUE = rf"(?P<v>{_NUM}|{_PLACEHOLDER}|{_CNUM})"
_AMOUNT = rf"{_VALUE}\s*(?P<u>亿元|万元|千元|元)"
_RATE = rf"(?P<v>{_NUM}|{_PLACEHOLDER})\s*%"
_SCORE = rf"(?P<v>{_NUM}|{_PLACEHOLDER})\s*分(?![值钟之])"
_GAP = r"(?P<gap>[^\d。；;！？!?\n*×X_%，,、]{0,8}?)"

_AMOUNT_RE = re.compile(_AMOUNT)
_PLACEHOLDER_RE = re.compile(rf"^{_PLACEHOLDER}$")
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_UNIT_SCALE = {"亿元": 10000.0, "万元": 1.0, "千元": 0.1, "元": 0.0001}
_STOPS = "。；;！？!?"


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
    return float(total + section + (digit or 0))


def _number(token: str) -> float | None:
    """The value of a number token; None for a placeholder or nothing readable."""
    token = token.strip()
    if not token or _PLACEHOLDER_RE.match(token) or any(c in token for c in "*×X_"):
        return None
    if token[0].isdigit():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return _cn_number(token)


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def _to_wan(token: str, unit: str) -> float | None:
    """An amount in 万元; None for a placeholder."""
    value = _number(token)
    if value is None:
        return None
    return round(value * _UNIT_SCALE[unit], 6)


def _half_unit(text: str) -> float:
    """Half the last digit of the last number in ``text``, in the figure's unit (万元 or %).

    ``97.06%`` → 0.005, ``1,234元`` → 0.00005: how far the printed figure may be from the
    exact one by rounding alone.
    """
    text = _normalize(text)
    amounts = list(_AMOUNT_RE.finditer(text))
    if amounts and _number(amounts[-1].group("v")) is not None:
        last = amounts[-1]
        return 0.5 * 10 ** -_decimals(last.group("v")) * _UNIT_SCALE[last.group("u")]
    nums = re.findall(_NUM, text)
    return 0.5 * 10 ** -_decimals(nums[-1]) if nums else 0.005


def _has_placeholder(text: str) -> bool:
    """True when ``text`` holds a template placeholder: *, ××, XX, 某某, ____."""
    text = _MASKED_CONTACT.sub("", text.translate(_NORMALIZE))
    return bool(_PLACEHOLDER_ANY.search(text))


# Phone and registration numbers a web page masks on purpose: 0427-××××××, 豫ICP备×××××号.
_MASKED_CONTACT = re.compile(r"(?:电话|ICP备|网安备|标识码)[：:\s]*[\d\-－()（）×X*]+")
_PLACEHOLDER_ANY = re.compile(
    r"[*]|×{2,}|×(?=[年月日.%万元个人]|分(?!值))|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|某某|_{2,}"
)

# --- the flow of the text -------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[\s\-—－_·.]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*/\s*\d+)?[\s\-—－_·.]*$")
_LINE_BREAK = re.compile(r"\r\n|\n|\r|\u2028|\u2029")


def _is_row_text(line: str) -> bool:
    content = line.strip()
    if "\t" in line or content.count("|") >= 2:
        return True
    return len(re.split(r" {2,}|\u3000+", content)) >= 3


class _Flow:
    """The report as one normalised string, wrapped lines joined, with a map back to the text."""

    def __init__(self, text: str, sentences: Sequence[ClassifiedSentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        spans = []
        pos = 0
        for m in _LINE_BREAK.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        stripped = [text[a:b].strip() for a, b in spans]
        counts: dict[str, int] = {}
        for s in stripped:
            counts[s] = counts.get(s, 0) + 1

        chars: list[str] = []
        index: list[int] = []
        joinable = False
        for (a, b), content in zip(spans, stripped):
            if not content:
                joinable = False
                chars.append("\n")
                index.append(a)
                continue
            furniture = _PAGE_NUMBER.match(content) or (
                counts[content] >= 2
                and 6 <= len(content) <= 40
                and not any(c in content for c in _STOPS + "，,：:")
                and heading_level(content) is None
                and not _is_row_text(text[a:b])
            )
            if furniture:
                continue  # page numbers and running headers: the paragraph goes on past them
            line = text[a:b]
            row = _is_row_text(line)
            lead = len(line) - len(line.lstrip())
            if not (joinable and not row and lead == 0 and heading_level(content) is None):
                chars.append("\n")
                index.append(a)
            chars.extend(_normalize(line[lead : lead + len(content)]))
            index.extend(range(a + lead, a + lead + len(content)))
            joinable = not row and len(content) >= 20 and content[-1] not in _STOPS + "：:"
        self.flow = "".join(chars)
        self.index = index

    def sentence_at(self, pos: int) -> int:
        """The index of the sentence holding flow position ``pos``."""
        if not self.sentences:
            return 0
        orig = self.index[min(pos, len(self.index) - 1)]
        k = bisect.bisect_right(self.starts, orig) - 1
        return self.sentences[max(k, 0)].index

    def original(self, start: int, end: int) -> str:
        """The report's own characters behind flow[start:end], line breaks left out."""
        return "".join(self.text[self.index[k]] for k in range(start, end) if self.flow[k] != "\n")

    def clauses(self) -> list[tuple[int, int]]:
        """(start, end) of every flow sentence: up to a stop or a line break."""
        return [
            (m.start(), m.end()) for m in re.finditer(r"[^。；;！？!?\n]+[。；;！？!?]?", self.flow)
        ]


# --- figures stated in sentences ------------------------------------------------------------


@dataclass
class _Found:
    key: str
    value: Any
    unit: str | None
    sentence: int
    text: str
    tier: int
    pos: int = 0  # flow offset, to order two figures of one sentence


def _rx(keyword: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<kw>{keyword}){_GAP}{value}")


_Q = r"[“”\"']?"
# Each field: (tier, keyword pattern, value kind). A lower tier wins; within a tier the first
# statement in the report wins.
_FIELD_PATTERNS: dict[str, list[tuple[int, str, str]]] = {
    "budget_initial": [
        (1, r"年初(?:部门)?预算(?:批复|安排|下达)?(?:数|资金|金额|总额)?(?:合计|共计)?", "amount"),
        (1, r"年初批复(?:的)?预算(?:数)?", "amount"),
    ],
    "budget_total": [
        (
            1,
            r"(?:全年|调整后(?:的)?(?:全年)?|预算调整后(?:的)?)预算(?:数|总额|金额|资金)?(?:合计|共计|总计)?",
            "amount",
        ),
        (1, r"(?<!收入)预算(?:总额|合计|总计)|总预算(?:数)?", "amount"),
        (2, r"(?:共|累计|合计)(?:安排|下达)(?:项目)?(?:资金|预算|经费)?(?:合计|共计)?", "amount"),
        (2, r"(?:全年)?可用资金(?:合计|共计)?", "amount"),
        (3, r"(?<=万元[，,、])(?:合计|共计)", "amount"),
        (3, r"(?:本|该)?(?:项目|专项)(?:年度)?预算(?:资金|数|总额)?", "amount"),
    ],
    "income_total": [
        (1, r"(?:本年|全年|部门)?(?:预算)?收入(?:预算)?(?:合计|总计|总额)|总收入", "amount"),
        (2, r"本年收入", "amount"),
    ],
    "carryover": [
        (1, r"(?:年初|上年)结转(?:和)?(?:结余)?(?:资金)?", "amount"),
    ],
    "final_expenditure": [
        (
            1,
            r"(?:本年|全年|年度|部门)?(?:支出|决算)(?:合计|总额|总计)|支出决算(?:数)?|决算数",
            "amount",
        ),
        (1, r"(?:本年|全年|年度)(?:共|累计)?(?:实际)?支出(?:资金)?", "amount"),
        (1, r"(?:累计|全年)?实际(?:支出|使用)(?:数|金额|资金)?|总支出|累计支出", "amount"),
        (2, r"(?:全年|实际)?执行数|(?:全年|实际)执行(?:金额)?|资金支出", "amount"),
    ],
    "basic_expenditure": [(1, r"基本支出(?:合计|决算数|执行数|总额)?", "amount")],
    "project_expenditure": [(1, r"项目支出(?:合计|决算数|执行数|总额)?", "amount")],
    "personnel_expenditure": [
        (1, r"工资福利支出", "amount"),
        (2, r"人员经费(?:支出)?|工资福利", "amount"),
    ],
    "goods_services_expenditure": [(1, r"商品和服务支出|商品服务支出", "amount")],
    "household_subsidies": [(1, r"对个人和家庭(?:的)?补助(?:支出)?", "amount")],
    "capital_expenditure": [(1, r"资本性支出", "amount")],
    "three_public_expenditure": [
        (
            1,
            rf"{_Q}三公{_Q}经费(?:全年|年初)?预算(?:数)?(?:{_NUM}|{_PLACEHOLDER})\s*万?元[，,]?(?:全年)?实际支出",
            "amount",
        ),
        (2, rf"{_Q}三公{_Q}经费(?:全年|实际|决算)?(?:支出|决算数)?(?:合计|共计)?", "amount"),
    ],
    "execution_rate": [
        (
            1,
            r"(?:部门|整体|总体|全年|年度|综合)?(?:预算|资金|预算资金)(?:执行率|支出率|支出实现率|支付率|支出完成率|执行进度)",
            "rate",
        ),
        (1, r"执行率|支出率|(?:资金|支出)完成率", "rate"),
    ],
    "self_score": [
        (
            1,
            r"(?:综合|自评|总体|绩效|评价)?(?:自评)?(?:总得分|总分)|综合(?:自评)?得分|自评得分|评价得分|绩效得分|综合评分|自评分数?",
            "score",
        ),
        (2, r"得分", "score"),
    ],
}

_VALUE_RE = {"amount": _AMOUNT, "rate": _RATE, "score": _SCORE}
_UNIT_OF = {"amount": "万元", "rate": "%", "score": "分"}
_COMPILED = {
    key: [(tier, _rx(kw, _VALUE_RE[kind]), kind) for tier, kw, kind in patterns]
    for key, patterns in _FIELD_PATTERNS.items()
}

# Words between a keyword and its number that make it something else: a target, a change,
# a comparison, a share.
_BAD_GAP = re.compile(
    r"目标|计划|不|未|低于|高于|超过|较|比|增|减|下降|上升|提高|降低|同比|占|≥|≤|>|<|以上|以内|标准|满分|权重|分值|偏差|差|收入|拨款|补助|来源"
)
# Words before a keyword, in its clause, that make a total-level figure a part of the total.
_PART_LEAD = re.compile(
    r"三公|基本支出|项目支出|人员经费|公用经费|工资福利|商品和服务|财政拨款|中央|省级|市级|县级|区级|上半年|季度|[1-9一二三四五六七八九十]+月|指标"
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
_TOTAL_KEYS = {
    "budget_initial",
    "budget_total",
    "income_total",
    "carryover",
    "final_expenditure",
    "execution_rate",
}
_EXPENDITURE_KEYS = {
    "final_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "goods_services_expenditure",
    "household_subsidies",
    "capital_expenditure",
}
_SPENT_KEYS = _EXPENDITURE_KEYS | {"three_public_expenditure"}
_PROJECT_WORDS = re.compile(r"项目|经费|资金|专项|补助|补贴|工程|费|建设|计划|保障|服务|工作")
_SCORE_PARTS = re.compile(r"指标|类|执行率|执行|其中|满分|单项|率|考核|排名")
_OVERALL = re.compile(r"综合|整体|经自评|总体|综上|总得分|最终|本项目|该项目|部门|评定|自评结论")


def _clause_lead(flow: str, start: int, clause_start: int) -> str:
    """The words of the comma clause before ``start``."""
    lead = flow[clause_start:start]
    cut = max(lead.rfind(c) for c in "，,：:（(、")
    return lead[cut + 1 :] if cut >= 0 else lead


def _candidates(
    flow: _Flow, clauses: list[tuple[int, int]], project_kind: bool
) -> dict[str, list[_Found]]:
    found: dict[str, list[_Found]] = {}
    text = flow.flow
    for cs, ce in clauses:
        clause = text[cs:ce]
        has_amount = bool(_AMOUNT_RE.search(clause))
        for key, patterns in _COMPILED.items():
            for tier, rx, kind in patterns:
                for m in rx.finditer(clause):
                    if _BAD_GAP.search(m.group("gap")):
                        continue
                    if re.match(r"[（(]含[)）]|以上|以下|及以上|至|—|-|～|~", clause[m.end() :]):
                        continue  # a scale or a range: 90分（含）以上为“优”
                    kw_start = cs + m.start("kw")
                    before = text[max(cs, kw_start - 2) : kw_start]
                    sentence_lead = text[cs:kw_start]
                    comma_lead = _clause_lead(text, kw_start, cs)
                    if key in _TOTAL_KEYS:
                        if _PART_LEAD.search(comma_lead):
                            continue
                        if before in _PART_BEFORE and not (project_kind and before == "项目"):
                            continue
                        if _is_sub_item(comma_lead + m.group("kw"), project_kind):
                            continue
                        if key == "execution_rate" and _names_another_rate(comma_lead, m):
                            continue
                    if key == "budget_total" and not project_kind and "项目" in m.group("kw"):
                        continue  # a department's 项目预算 is one part of its budget
                    if key in _SPENT_KEYS and "预算" in m.group("gap"):
                        continue
                    if key == "self_score":
                        if _SCORE_PARTS.search(comma_lead) or _SCORE_PARTS.search(m.group("gap")):
                            continue
                        if has_amount:  # a project's line: 预算…万元，…自评得分96分
                            continue
                        if tier == 2 and not _OVERALL.search(sentence_lead + m.group("gap")):
                            continue
                        if not _OVERALL.search(clause):
                            tier += 1
                    v = m.group("v")
                    if kind == "amount":
                        value = _to_wan(v, m.group("u"))
                    else:
                        value = _number(v)
                    if kind == "rate" and value is not None and value > 1000:
                        continue
                    if kind == "score" and value is not None and value > 100:
                        continue
                    found.setdefault(key, []).append(
                        _Found(
                            key,
                            value,
                            _UNIT_OF[kind],
                            flow.sentence_at(kw_start),
                            flow.original(kw_start, cs + m.end()),
                            tier,
                            kw_start,
                        )
                    )
    return found


_GENERIC_LEAD = re.compile(
    r"(?:19|20)\d{2}年度?|截至[^，,]*|[（(][^）)]*[）)]|\d+[）)、.]|[本该此]|项目|专项资金|财政资金|"
    r"全年|年度|整体|部门|单位|我[局委院办部校会镇乡所]|累计|实际|共|全部"
)
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
    rest = _GENERIC_LEAD.sub("", lead)
    return bool(_SUB_ITEM.search(rest))


# --- tables ---------------------------------------------------------------------------------


def _cells(text: str) -> list[str] | None:
    """The cells of a table row, or None when ``text`` is not a row."""
    if "\n" in text or "\r" in text:
        cells = [c.strip() for c in _LINE_BREAK.split(text)]
    elif "\t" in text:
        cells = [c.strip() for c in text.strip().split("\t")]
    elif text.count("|") >= 2 or ("|" in text and not text.startswith("|")):
        inner = text.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = [c.strip() for c in inner.split("|")]
    else:
        cells = [c.strip() for c in re.split(r" {2,}|\u3000+", text.strip())]
        if len(cells) < 3:
            return None
    return cells if sum(1 for c in cells if c) >= 2 else None


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
_FIGURE_ROWS = [
    ("total", r"^(?:合计|总计|支出合计|总支出|部门合计)$"),
    ("basic_expenditure", r"^基本支出"),
    ("project_expenditure", r"^项目支出"),
    ("personnel_expenditure", r"^(?:工资福利|人员经费)"),
    ("goods_services_expenditure", r"^商品和服务"),
    ("household_subsidies", r"^对个人和家庭"),
    ("capital_expenditure", r"^资本性"),
    ("three_public_expenditure", r"三公"),
]
_SUBTOTAL = re.compile(r"^(?:合计|总计|小计|总分|总得分|得分合计)$")
_EMPTY_CELL = {"", "—", "-", "－", "/", "／", "——", "无", "--"}


@dataclass
class _Table:
    header: list[str]
    roles: dict[str, int]
    scale: float
    rows: list[tuple[int, list[str]]]  # (sentence index, cells)


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for j, cell in enumerate(header):
        h = cell.translate(_NORMALIZE).replace(" ", "")
        for role, pattern in _COLUMN_ROLES:
            if re.search(pattern, h):
                if role == "name" or role not in roles:
                    # the last name column wins: 三级指标 after 一级/二级指标
                    if not (role == "name" and "name" in roles and h.startswith(("一级", "二级"))):
                        roles[role] = j
                break
    return roles


def _tables(sentences: Sequence[ClassifiedSentence]) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    last = -2
    for s in sentences:
        cells = _cells(s.text)
        if cells is None:
            current = None
            continue
        roles = _roles(cells)
        numeric = sum(1 for c in cells if re.search(r"\d", c))
        is_header = len(roles) >= 2 and numeric <= 1
        if is_header:
            header = " ".join(cells)
            scale = 0.0001 if "（元）" in header or "(元)" in header else 1.0
            scale = 10000.0 if "亿元" in header else scale
            current = _Table(cells, roles, scale, [])
            tables.append(current)
        elif current is not None and s.index == last + 1:
            current.rows.append((s.index, cells))
        last = s.index
    return tables


_VALUE_LIKE = re.compile(r"^(?:≥|≤|>|<|＞|＜|不低于|不少于|不超过)?\s*[\d*×X_]|%$")
_NUMERIC = re.compile(rf"^(?:{_NUM}|{_PLACEHOLDER})%?$")


def _fit(table: _Table, row: list[str]) -> int:
    """How well a row fits its header: values under value columns, a name under the name."""
    fit = 0
    for role, j in table.roles.items():
        cell = row[j]
        if not cell or cell in _EMPTY_CELL:
            continue
        if role == "name":
            fit += 0 if _VALUE_LIKE.match(cell) else 1
        elif role in ("target", "actual"):
            fit += 2 if _VALUE_LIKE.search(cell) else 1
        elif role in ("weight", "score", "budget", "budget_initial", "executed", "rate"):
            fit += 1 if _NUMERIC.match(cell.replace(",", "")) else -1
    return fit


def _align(table: _Table, cells: list[str]) -> list[str]:
    """Line a row up with its header when merged cells left it short."""
    n = len(table.header)
    if len(cells) >= n:
        return cells[:n]
    options = [[""] * o + cells + [""] * (n - len(cells) - o) for o in range(n - len(cells) + 1)]
    return max(options, key=lambda row: _fit(table, row))


def _cell_amount(cell: str, scale: float) -> tuple[float | None, bool]:
    """(value in 万元, found) of a money cell; placeholders are found with value None."""
    c = cell.translate(_NORMALIZE).strip()
    if c in _EMPTY_CELL:
        return None, False
    m = _AMOUNT_RE.search(c)
    if m:
        return _to_wan(m.group("v"), m.group("u")), True
    m = re.fullmatch(rf"({_NUM}|{_PLACEHOLDER})", c)
    if not m:
        return None, False
    value = _number(m.group(1))
    return (round(value * scale, 6) if value is not None else None), True


def _cell_number(cell: str) -> tuple[float | None, bool]:
    c = cell.translate(_NORMALIZE).strip().rstrip("%分")
    if c in _EMPTY_CELL:
        return None, False
    if re.fullmatch(rf"{_NUM}|{_PLACEHOLDER}", c):
        return _number(c), True
    return None, False


def _indicator_value(cell: str) -> str | None:
    c = cell.strip()
    if c in _EMPTY_CELL or _has_placeholder(c):
        return None
    return c


def _row_name(table: _Table, row: list[str]) -> str:
    j = table.roles.get("name")
    if j is None:
        j = max(0, min(table.roles.get(r, 99) for r in ("target", "budget", "executed")) - 1)
    for k in range(min(j, len(row) - 1), -1, -1):
        if row[k] not in _EMPTY_CELL:
            return row[k]
    return ""


# --- title: year, unit, kind ----------------------------------------------------------------

_FURNITURE = re.compile(
    r" > |发布时间|来源：|浏览次数|字号|打印本页|关闭窗口|欢迎|^附件\s*\d*$|^\[.*\]$|提纲|模板|评价机构|委托单位|会计师事务所|^[（(].*说明.*[)）]$"
)
_UNIT_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|法院|检察院|院|联合会|会|室|所|站|中心|处|学校|校|大学|中学|"
    r"小学|幼儿园|馆|团|部|厅|政府|办事处|机关|医院|街道|镇|乡|队|社|台|主席团|分局)(?:（[^）]*）)?$"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年(?:度|(?=[^月\d]{2,}(?:项目|资金|经费)))")
_LABELLED_UNIT = re.compile(
    r"(?:项目单位|单位名称|填报单位|实施单位|预算单位|部门名称)(?:（[^）]*）)?[：:]\s*(.+)"
)
_LABELLED_PROJECT = re.compile(r"项目名称[：:]\s*(.+)")
_DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}|[×X*＊_]{2,4}|20[×X*＊_]{2})\s*年.{0,4}月.{0,4}(?:日)?$"
)
_REPORT_SUFFIX = re.compile(
    r"(?:的)?(?:支出)?(?:绩效)?(?:自评|评价|自我评价|重点绩效评价|重点评价)?(?:情况)?(?:的)?报告$"
)


@dataclass
class _Title:
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


def _clean_bookmarks(text: str) -> str:
    return re.sub(r"\[[^\]]*\]|【[^】]*】", "", text).strip()


def _own(s: ClassifiedSentence) -> tuple[str, str]:
    """A sentence's text without Word bookmarks, as written and normalised."""
    own = _clean_bookmarks(s.text)
    return own, own.translate(_NORMALIZE)


def _title_block(sentences: Sequence[ClassifiedSentence]) -> tuple[list, list]:
    """The title lines (up to the one naming the report) and the short lines right after."""
    title: list[ClassifiedSentence] = []
    after: list[ClassifiedSentence] = []
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


def _title(sentences: Sequence[ClassifiedSentence]) -> _Title:
    out = _Title()
    title, after = _title_block(sentences)
    title_own = "".join(_own(s)[0] for s in title)
    title_text = title_own.translate(_NORMALIZE)
    title_sentence = next((s.index for s in title if _YEAR.search(_own(s)[1])), None)
    if title_sentence is None and title:
        title_sentence = title[-1].index

    # The year: in the title, else in the lines after it or a labelled field, else 20XX年度.
    early = [s for s in sentences[:15] if s not in title]
    for group, rx in ((title, _YEAR), (after + early, _YEAR_OF_REPORT)):
        for s in group:
            own, t = _own(s)
            m = rx.search(t)
            if m:
                end = m.end() + (1 if t[m.end() : m.end() + 1] == "度" else 0)
                out.year, out.year_sentence = int(m.group(1)), s.index
                out.year_text = own[m.start() : end]
                break
        if out.year is not None:
            break

    # The unit: a labelled field, a line of its own, the words before the year, the signature.
    for s in sentences[:15]:
        own, t = _own(s)
        m = _LABELLED_UNIT.search(t)
        if m and out.unit is None:
            out.unit, out.unit_sentence = own[m.start(1) :].strip(), s.index
            out.unit_text = own[m.start() :].strip()
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
        m = _YEAR.search(title_text)
        prefix = re.sub(r"^关于", "", title_own[: m.start()] if m else "").strip()
        plain = prefix.translate(_NORMALIZE)
        if _UNIT_SUFFIX.search(plain) or re.search(r"[省市县区州旗盟]$", plain):
            out.unit, out.unit_sentence, out.unit_text = prefix, title[0].index, prefix
    if out.unit is None:
        for k in range(len(sentences) - 1, max(len(sentences) - 8, 0), -1):
            t = _own(sentences[k])[1]
            prev, prev_t = _own(sentences[k - 1])
            if _DATE_LINE.match(t) and _UNIT_SUFFIX.search(prev_t) and not re.search(r"\d", prev):
                out.unit, out.unit_sentence, out.unit_text = prev, sentences[k - 1].index, prev
                break
    unit_written = out.unit
    if out.unit is not None:
        out.unit = re.sub(r"[（(]盖章[)）]$", "", out.unit).strip()
        out.unit_found = True
        if _has_placeholder(out.unit):
            out.unit = None

    # The kind of report, and for a project report the project's name.
    if re.search(r"部门整体|整体支出|部门支出|单位整体|部门预算", title_text):
        out.kind = "department"
    elif re.search(r"项目|专项|资金|经费|工程|补助|补贴", title_text) or out.project:
        out.kind = "project"
    if out.kind == "project" and out.project is None and title_sentence is not None:
        name = title_own
        if unit_written and name.startswith(unit_written):
            name = name[len(unit_written) :]
        out.project, out.project_sentence = name, title_sentence
    if out.project is not None:
        name = re.sub(r"^关于", "", out.project)
        name = re.sub(r"[（(]?(?:19|20)\d{2}\s*年度?[)）]?", "", name)
        name = name[: len(_REPORT_SUFFIX.sub("", name.translate(_NORMALIZE)))].strip("，,：: ")
        out.project = name if len(name) >= 2 else None
    return out


# --- projects -------------------------------------------------------------------------------

_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[部章篇]分?|[一二三四五六七八九十]+[、.，]"
    r"|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[、.．]|[①-⑳]|[一二三四五六七八九十]是)\s*"
)
_GENERIC_NAME = re.compile(
    r"^(?:其中|主要项目中|分项目看|从项目看|按项目分|该项目|本项目|此项目|项目|该专项|本专项|资金|专项资金)?$"
)
_NAME_TAIL = re.compile(r"(?:绩效)?(?:自评)?(?:综述|情况|概况)$")
_PROJECT_BUDGET = re.compile(
    rf"(?P<kw>(?:年初|全年|调整后(?:全年)?|年度)?预算(?:数|资金|安排|金额|批复数)?){_GAP}{_AMOUNT}"
)
_PROJECT_EXECUTED = re.compile(
    rf"(?P<kw>(?:全年|实际|累计)?(?:支出|执行数|执行|决算数|使用)(?:资金|金额)?){_GAP}{_AMOUNT}"
)
_PROJECT_ALL_SPENT = re.compile(r"(?:全额|全部|已全部|已全额)(?:支出|执行|使用)")
_PROJECT_RATE = re.compile(rf"(?:执行率|完成率|支出率){_GAP}{_RATE}")
_PROJECT_SCORE = re.compile(rf"(?:自评)?得分{_GAP}{_SCORE}")
_NOT_PROJECT = re.compile(
    r"^(?:[“\"]?三公|基本支出|项目支出|人员经费|公用经费|工资福利|商品和服务|部门|我[局委院办部校会]|"
    r"单位|机关|整体|本年|收入|全年|财政拨款|中央|省级|市级|县级|区级|上级)|收入合计|支出合计"
)


def _project_name(lead: str) -> str:
    name = _MARKER.sub("", lead.strip()).strip()
    name = re.sub(r"^(?:其中|主要项目中|分项目看|从项目看|按项目分)[：:，,]?", "", name)
    name = re.sub(r"[：:，,]?\s*(?:该|本|此)项目$", "", name.strip("：:，,。 "))
    name = _NAME_TAIL.sub("", name.strip("：:，,。 ")).strip("：:，,。 ")
    return re.sub(r"[，,]\s*(?:合计|共计)$", "", name)


def _new_project(name: str, sentence: int) -> dict[str, Any]:
    return {
        "name": name,
        "budget": None,
        "adjusted_budget": None,
        "executed": None,
        "completion_rate": None,
        "score": None,
        "sentence": sentence,
    }


def _text_projects(
    flow: _Flow, clauses: list[tuple[int, int]], sentences: Sequence[ClassifiedSentence]
) -> tuple[list[dict[str, Any]], set[int]]:
    """Projects stated as '<name>：预算…万元，支出…万元，执行率…%，自评得分…分'."""
    projects = []
    used: set[int] = set()
    by_index = {s.index: k for k, s in enumerate(sentences)}
    text = flow.flow
    for ci, (cs, ce) in enumerate(clauses):
        clause = text[cs:ce]
        budgets = list(_PROJECT_BUDGET.finditer(clause))
        executed = _PROJECT_EXECUTED.search(clause)
        all_spent = _PROJECT_ALL_SPENT.search(clause)
        rate = _PROJECT_RATE.search(clause)
        score = _PROJECT_SCORE.search(clause)
        if not budgets or not (executed or all_spent or rate or score):
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
                written = _clean_bookmarks(sentences[k - 1].text)
                prev = written.translate(_NORMALIZE)
                if len(prev) <= 45 and not _AMOUNT_RE.search(prev):
                    name = _project_name(prev)
                    lead = prev
        if len(name) < 2 or _NOT_PROJECT.search(name) or not _PROJECT_WORDS.search(name):
            continue
        if re.search(r"\d{4}年", name):
            continue
        at = lead.find(name)  # the name as the report writes it (traditional characters)
        if at >= 0 and len(written) == len(lead):
            name = written[at : at + len(name)]
        project = _new_project(name, flow.sentence_at(cs))
        for b in budgets:
            field = (
                "budget"
                if "调整" not in b.group("kw") and "全年" not in b.group("kw")
                else "adjusted_budget"
            )
            if project[field] is None:
                project[field] = _to_wan(b.group("v"), b.group("u"))
        if executed and not _BAD_GAP.search(executed.group("gap")):
            project["executed"] = _to_wan(executed.group("v"), executed.group("u"))
        elif all_spent:
            project["executed"] = project["adjusted_budget"] or project["budget"]
        if rate and not _BAD_GAP.search(rate.group("gap")):
            project["completion_rate"] = _number(rate.group("v"))
        if score:
            project["score"] = _number(score.group("v"))
        projects.append(project)
        used.add(ci)
    return projects, used


def _same_project(a: str, b: str) -> bool:
    def core(n: str) -> str:
        return re.sub(r"(?:项目|经费|资金|专项)+$", "", n.translate(_NORMALIZE))

    ca, cb = core(a), core(b)
    return bool(ca) and bool(cb) and (ca in cb or cb in ca)


def _merge_projects(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


# --- indicators stated in sentences ---------------------------------------------------------

_TEXT_INDICATOR = re.compile(
    r"(?P<name>[^：:，,；;。\n]{2,40}?)[：:，,]?\s*"
    r"(?P<tkw>年度指标值|年度目标值|目标值|指标值|年度目标|目标|计划)(?:为|是|：|:)?\s*"
    r"(?P<target>[^，,；;。\n]{1,30}?)[，,、]\s*"
    r"(?:实际完成值|实际完成率|实际完成|实际值|实际|完成值|完成)(?:为|是|达到|：|:)?\s*"
    r"(?P<actual>[^，,；;。\n]{1,30}?)"
    rf"(?:[，,]\s*(?:完成率{_GAP}[^，,；;。\n]*?[，,]\s*)?"
    rf"(?:自评)?得分(?:为)?\s*(?P<score>{_NUM}|{_PLACEHOLDER})\s*分)?"
    r"(?=[，,；;。\n]|$)"
)


_TARGET_START = re.compile(r"^(?:≥|≤|>|<|＞|＜|不低于|不少于|不超过|不高于|达到|约)?\s*[\d*×X_]")
_ACTUAL_START = re.compile(r"^[^\d，,]{0,2}\s*[\d*×X_]")


def _text_indicators(
    flow: _Flow, clauses: list[tuple[int, int]], sentences: Sequence[ClassifiedSentence]
) -> list[dict[str, Any]]:
    labels = {s.index: (s.label, s.section) for s in sentences}
    out = []
    text = flow.flow
    for cs, ce in clauses:
        clause = text[cs:ce]
        for m in _TEXT_INDICATOR.finditer(clause):
            index = flow.sentence_at(cs + m.start())
            label, section = labels.get(index, ("", ""))
            explicit = m.group("tkw") in ("年度指标值", "年度目标值", "目标值", "指标值")
            if not explicit and label != "metric" and "指标" not in section:
                continue
            target, actual = m.group("target").strip(), m.group("actual").strip()
            if not _TARGET_START.match(target) or not _ACTUAL_START.match(actual):
                continue
            name = _MARKER.sub("", m.group("name").strip())
            name = re.sub(
                r"^(?:指标名称|(?:产出|效益|效果|满意度|成本)指标)[：:]?", "", name
            ).strip()
            name = re.sub(r"(?:年度)?$", "", name)
            if len(name) < 2:
                continue

            def written(group: str, match: re.Match[str] = m, at: int = cs) -> str:
                return flow.original(at + match.start(group), at + match.end(group)).strip()

            out.append(
                {
                    "name": written("name")[-len(name) :],
                    "target": None if _has_placeholder(target) else written("target"),
                    "actual": None if _has_placeholder(actual) else written("actual"),
                    "score": _number(m.group("score")) if m.group("score") else None,
                    "sentence": index,
                }
            )
    return out


# --- putting it together --------------------------------------------------------------------


def _entry(value: Any, unit: str | None, sentence: int, text: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "sentence": sentence, "text": text}


def extract_figures(text: str, sentences: Sequence[ClassifiedSentence]) -> dict[str, Any]:
    """Read a report's key figures, projects and performance indicators.

    ``text`` is the decoded report, ``sentences`` the sentences ``classify_text(text)`` made
    of it (their offsets point into ``text``).  Returns ``{"figures": {...}, "projects":
    [...], "indicators": [...]}``: each figure the report states, under its key of
    :data:`FIGURE_KEYS`, as ``{"value", "unit", "sentence", "text"}`` (value None for a
    placeholder); each project as ``{"name", "budget", "adjusted_budget", "executed",
    "completion_rate", "score", "sentence"}``; each indicator as ``{"name", "target",
    "actual", "score", "sentence"}`` (target and actual as written).
    """
    flow = _Flow(text, sentences)
    title = _title(sentences)
    table_rows = {s.index for s in sentences if _cells(s.text) is not None}
    clauses = [(a, b) for a, b in flow.clauses() if flow.sentence_at(a) not in table_rows]

    figures: dict[str, dict[str, Any]] = {}
    if title.year is not None:
        figures["year"] = _entry(title.year, "年", title.year_sentence, title.year_text)
    if title.unit_found:
        figures["unit_name"] = _entry(title.unit, None, title.unit_sentence, title.unit_text)

    projects: list[dict[str, Any]] = []
    used: set[int] = set()
    if title.kind == "department":
        projects, used = _text_projects(flow, clauses, sentences)
    free = [c for k, c in enumerate(clauses) if k not in used]
    found = _candidates(flow, free, title.kind == "project")
    indicators: list[dict[str, Any]] = []
    table_projects: list[dict[str, Any]] = []
    for table in _tables(sentences):
        _read_table(table, title.kind, found, indicators, table_projects)
    for key in FIGURE_KEYS:
        options = found.get(key)
        if options:
            best = min(options, key=lambda f: (f.tier, f.sentence, f.pos))
            figures[key] = _entry(best.value, best.unit, best.sentence, best.text)
    indicators.extend(_text_indicators(flow, clauses, sentences))
    indicators.sort(key=lambda i: i["sentence"])

    if title.kind == "project":
        name = title.project or (figures.get("unit_name") or {}).get("value") or ""
        project = _new_project(name, title.project_sentence)
        for field, key in (
            ("budget", "budget_initial"),
            ("adjusted_budget", "budget_total"),
            ("executed", "final_expenditure"),
            ("completion_rate", "execution_rate"),
            ("score", "self_score"),
        ):
            if key in figures:
                project[field] = figures[key]["value"]
        projects = [project]
    else:
        projects = _merge_projects(table_projects + projects)
        projects.sort(key=lambda p: p["sentence"])

    ordered = {k: figures[k] for k in FIGURE_KEYS if k in figures}
    return {"figures": ordered, "projects": projects, "indicators": indicators}


def _read_table(
    table: _Table,
    kind: str,
    found: dict[str, list[_Found]],
    indicators: list[dict[str, Any]],
    projects: list[dict[str, Any]],
) -> None:
    roles = table.roles
    for index, raw in table.rows:
        first = next((c for c in raw if c), "").translate(_NORMALIZE).replace(" ", "")
        if "target" in roles and "actual" in roles and _SUBTOTAL.match(first):
            numbers = [c for c in raw if _NUMERIC.match(c)]
            if "score" in roles and numbers:
                value, ok = _cell_number(numbers[-1])
                if ok:
                    text = " ".join(c for c in raw if c)
                    found.setdefault("self_score", []).append(
                        _Found("self_score", value, "分", index, text, 3)
                    )
            continue
        row = _align(table, raw)
        name = _row_name(table, row)
        plain = name.translate(_NORMALIZE).replace(" ", "")
        if "target" in roles and "actual" in roles:
            target = _indicator_value(row[roles["target"]])
            actual = _indicator_value(row[roles["actual"]])
            if not name or (
                target is None and actual is None and not _has_placeholder(" ".join(row))
            ):
                continue
            score = _cell_number(row[roles["score"]])[0] if "score" in roles else None
            indicators.append(
                {
                    "name": name,
                    "target": target,
                    "actual": actual,
                    "score": score,
                    "sentence": index,
                }
            )
            continue
        if not ({"budget", "budget_initial", "executed"} & roles.keys()):
            continue
        values: dict[str, tuple[float | None, bool]] = {}
        for role in ("budget_initial", "budget", "executed"):
            if role in roles:
                values[role] = _cell_amount(row[roles[role]], table.scale)
        if "rate" in roles:
            values["rate"] = _cell_number(row[roles["rate"]])
        if "score" in roles:
            values["score"] = _cell_number(row[roles["score"]])
        for key, pattern in _FIGURE_ROWS:
            if re.search(pattern, plain):
                if key == "total":
                    pairs = [
                        ("budget_initial", "budget_initial", "万元"),
                        ("budget_total", "budget", "万元"),
                        ("final_expenditure", "executed", "万元"),
                        ("execution_rate", "rate", "%"),
                    ]
                else:
                    pairs = [(key, "executed", "万元")]
                for fkey, role, unit in pairs:
                    value, ok = values.get(role, (None, False))
                    if ok:
                        j = roles[role]
                        text = f"{name} {table.header[j]} {row[j]}"
                        found.setdefault(fkey, []).append(_Found(fkey, value, unit, index, text, 1))
                break
        else:
            if kind == "department" and name and not _SUBTOTAL.match(plain):
                project = _new_project(name, index)
                project["budget"] = values.get("budget_initial", (None, False))[0]
                project["adjusted_budget"] = values.get("budget", (None, False))[0]
                project["executed"] = values.get("executed", (None, False))[0]
                project["completion_rate"] = values.get("rate", (None, False))[0]
                project["score"] = values.get("score", (None, False))[0]
                if project["budget"] is None and project["adjusted_budget"] is not None:
                    if "budget_initial" not in roles:
                        project["budget"], project["adjusted_budget"] = (
                            project["adjusted_budget"],
                            None,
                        )
                projects.append(project)
