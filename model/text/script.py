"""Traditional-script characters read as their simplified forms, one character for one, so offsets hold: a report
in traditional script (億元, 萬噸, 個百分點, 增長) is matched by the same patterns and cue words as the rest."""

from __future__ import annotations

# Characters written only in traditional script (none of them is also a simplified character), and the
# simplified form of each; the two strings are aligned.
_TRADITIONAL = (
    "億萬個點噸畝戶項長達預計產總實現鎮業額資費營銷銀貨幣標準內進稅財務區縣園將爭確過約餘兩門開關體國發經濟會議報"
    "與為這們來對時後從於機構層邊親觀認識說話讓變種類質數據廣東華環滿運輸農糧節補貼壓縮減稱極傳統護療醫藥衛僅規劃"
    "設歷遊樂創術職學習軍隊黨風廠場礦電網鐵橋樑車輛積協調紀錄處條輕鬆無論專優勢獎勵導師範圍際強擴適齊單帶動級別連"
    "續顯態穩結獲轉換綠氣溫漲價貸儲證險興辦貿"
)
_SIMPLIFIED = (
    "亿万个点吨亩户项长达预计产总实现镇业额资费营销银货币标准内进税财务区县园将争确过约余两门开关体国发经济会议报"
    "与为这们来对时后从于机构层边亲观认识说话让变种类质数据广东华环满运输农粮节补贴压缩减称极传统护疗医药卫仅规划"
    "设历游乐创术职学习军队党风厂场矿电网铁桥梁车辆积协调纪录处条轻松无论专优势奖励导师范围际强扩适齐单带动级别连"
    "续显态稳结获转换绿气温涨价贷储证险兴办贸"
)
if len(_TRADITIONAL) != len(_SIMPLIFIED):  # pragma: no cover - a broken table is caught at import
    raise ValueError("the traditional and simplified character tables differ in length")
_TABLE = {ord(t): s for t, s in zip(_TRADITIONAL, _SIMPLIFIED)}


def to_simplified(text: str) -> str:
    """``text`` with each traditional-only character replaced by its simplified form (same length, same offsets)."""
    return text.translate(_TABLE)


def as_written(piece: str, simplified: str, original: str, end: int) -> str:
    """The characters of ``original`` where ``piece`` (found in ``simplified``, ending at or before ``end``) was read."""
    at = simplified.rfind(piece, 0, end)
    return original[at:at + len(piece)] if at >= 0 else piece
