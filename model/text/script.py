"""Traditional-script characters read as their simplified forms, one character for one, so offsets hold: a report
in traditional script (億元, 萬噸, 個百分點, 增長) is matched by the same patterns and cue words as the rest."""

from __future__ import annotations

# Characters written only in traditional script (none of them is also a simplified character), and the
# simplified form of each; the two strings are aligned.
_TRADITIONAL = (
    "億萬個點噸畝戶項長達預計產總實現鎮業額資費營銷銀貨幣標準內進稅財務區縣園將爭確過約餘兩門開關體國發經濟會議報"
    "與為這個們來對時後從於機構層將邊親觀認識說話讓變種類質量數據廣東華濟環滿運輸農業糧節補貼壓縮減稱極傳統"
    "護療醫藥衛僅規劃設計劃歷園區遊樂創術職稱學習軍隊黨風廠場礦電網鐵路橋樑車輛積極協調紀錄處理條件輕鬆無論"
    "專項優勢獎勵導師範圍際強調擴適齊產值規模單位帶動級別連續億倍噸顯著態勢穩結構獲術轉換綠色氣溫漲跌幅價格"
    "營收稅費貸款儲蓄證券險興辦廣貿億萬億"
)
_SIMPLIFIED = (
    "亿万个点吨亩户项长达预计产总实现镇业额资费营销银货币标准内进税财务区县园将争确过约余两门开关体国发经济会议报"
    "与为这个们来对时后从于机构层将边亲观认识说话让变种类质量数据广东华济环满运输农业粮节补贴压缩减称极传统"
    "护疗医药卫仅规划设计划历园区游乐创术职称学习军队党风厂场矿电网铁路桥梁车辆积极协调纪录处理条件轻松无论"
    "专项优势奖励导师范围际强调扩适齐产值规模单位带动级别连续亿倍吨显著态势稳结构获术转换绿色气温涨跌幅价格"
    "营收税费贷款储蓄证券险兴办广贸亿万亿"
)
if len(_TRADITIONAL) != len(_SIMPLIFIED):  # pragma: no cover - a broken table is caught at import
    raise ValueError("the traditional and simplified character tables differ in length")
_TABLE = {ord(t): s for t, s in zip(_TRADITIONAL, _SIMPLIFIED) if t != s}


def to_simplified(text: str) -> str:
    """``text`` with each traditional-only character replaced by its simplified form (same length, same offsets)."""
    return text.translate(_TABLE)


def as_written(piece: str, simplified: str, original: str, end: int) -> str:
    """The characters of ``original`` where ``piece`` (found in ``simplified``, ending at or before ``end``) was read."""
    if simplified is original or simplified == original:
        return piece
    at = simplified.rfind(piece, 0, end)
    return original[at:at + len(piece)] if at >= 0 else piece
