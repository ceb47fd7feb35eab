"""Characters as reports write them: the one home of what every stage needs to know of them.

- which characters are Chinese (:func:`has_cjk`) and which carry content (:func:`has_content`);
- full-width digits and the traditional characters of the words the figure rules read, mapped
  one for one to their usual forms (:func:`simplify`, :func:`simplify_figures`), so every
  position still points back into the text;
- what an export leaves in a line: Word bookmarks and bracketed tags (:func:`without_bookmarks`),
  line breaks of every kind (:data:`LINE_BREAK`), page numbers (:data:`PAGE_NUMBER`);
- placeholders a template leaves unfilled (:func:`has_placeholder`; the model's shape feature
  reads them with :data:`PLACEHOLDER_HINT`).

It imports nothing of nlp_perf: readers, the splitter, the features and the figure rules all
build on it.
"""

from __future__ import annotations

import re

__all__ = [
    "CJK",
    "LINE_BREAK",
    "PAGE_NUMBER",
    "PLACEHOLDER_HINT",
    "has_cjk",
    "has_content",
    "has_placeholder",
    "simplify",
    "simplify_figures",
    "without_bookmarks",
]

# The ranges of Chinese characters: extension A, the unified ideographs, compatibility ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{CJK}]")
_CONTENT = re.compile(f"[{CJK}0-9０-９]")

LINE_BREAK = re.compile(r"\r\n|\n|\r|\u2028|\u2029")
# A line that is only a page number: 3, - 3 -, —3—, ·3·, 第3页, 3页, 第3页 共9页, 3/9
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－]\s*\d+\s*[—–\-－]|第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|\d+\s*[/／]\s*\d+|\d+)\s*$"
    r"|^[\s\-—－_·.]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*/\s*\d+)?[\s\-—－_·.]*$"
)


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one Chinese character."""
    return bool(_CJK.search(text))


def has_content(fragment: str) -> bool:
    """True when ``fragment`` holds a Chinese character or a digit: anything else (stray
    punctuation, ``[bookmark: _GoBack]``) is no sentence."""
    return bool(_CONTENT.search(fragment))


# Traditional characters of the words the figure rules read, each mapped to its simplified form.
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
_SIMPLIFY = str.maketrans(
    "０１２３４５６７８９．％＊Ｘｘ，" + _TRAD,
    "0123456789.%*Xx，" + _SIMP,
)


_TO_SIMPLIFY = re.compile(
    "[" + re.escape("".join(chr(k) for k, v in _SIMPLIFY.items() if k != v)) + "]"
)


def simplify(text: str) -> str:
    """Full-width digits, ％, ＊ and the traditional characters read here, one for one."""
    # str.translate goes through a text character by character; most have nothing to change
    return text.translate(_SIMPLIFY) if _TO_SIMPLIFY.search(text) else text


_THOUSANDS_COMMA = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def simplify_figures(text: str) -> str:
    """:func:`simplify`, and a full-width comma between full-width digits (１２，８６５．４２)
    becomes a thousands comma: the text as the figure rules read it."""
    if not _TO_SIMPLIFY.search(text):
        return text  # no full-width digit, no character to map
    return simplify(_THOUSANDS_COMMA.sub(",", text))


def without_bookmarks(text: str) -> str:
    """``text`` without the Word bookmarks and bracketed tags an export leaves: [_Toc…], 【…】."""
    return re.sub(r"\[[^\]]*\]|【[^】]*】", "", text).strip()


# --- placeholders ---------------------------------------------------------------------------

# Phone and registration numbers a web page masks on purpose: 0427-××××××, 豫ICP备×××××号.
_MASKED_CONTACT = re.compile(r"(?:电话|ICP备|网安备|标识码)[：:\s]*[\d\-－()（）×X*]+")
_PLACEHOLDER_ANY = re.compile(
    r"[*]|×{2,}|×(?=[年月日.%万元个人]|分(?!值))|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|某某|_{2,}"
)
# The quick test behind the model's ``#placeholder`` feature, on the text as written; models
# were trained with it, so it stays as it is (has_placeholder is the careful test).
PLACEHOLDER_HINT = re.compile(r"[*＊]|××|XX|某某|_{3,}")


def has_placeholder(text: str) -> bool:
    """True when ``text`` holds a template placeholder: *, ××, XX, 某某, ____ (a masked phone
    or registration number on a web page is none)."""
    text = _MASKED_CONTACT.sub("", simplify(text))
    return bool(_PLACEHOLDER_ANY.search(text))
