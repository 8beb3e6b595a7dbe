"""The month an accident happened in, from the rough answers claimants give ("上个月", "三个月前", "去年十二月").

The estimate needs only the month (its standards change by year), and a claimant who does not remember the day should
not be asked for it again and again.
"""

import re
from datetime import date
from typing import Optional, Tuple

MONTH_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMERAL = r"(?<![\d十])(\d{1,2}|十[一二]?|[一二两三四五六七八九])"
# A month counted back from now: 这个月, 上个月, 上上个月, 三个月前, 半年前.
MONTHS_AGO = re.compile(rf"(这个月|本月|当月|上上个?月|上个?月|{NUMERAL}个多?月(?:以前|之前|前)|半年(?:以前|之前|前))")
# A named month, perhaps with its year: 十月份, 去年12月, 2025年3月, 今年五月底. "三个月" is a duration, not a month.
NAMED_MONTH = re.compile(rf"(?:(去年|前年|今年|(20\d\d)年))?{NUMERAL}月(?!前)")


def numeral(text: str) -> int:
    """1 to 12 from digits or a Chinese numeral ("十二" → 12)."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (MONTH_NUMERALS[text[1]] if len(text) > 1 else 0)
    return MONTH_NUMERALS[text]


def months_before(today: date, months: int) -> str:
    """The month `months` before today's, as YYYY-MM."""
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_mention(text: str, today: date) -> Optional[Tuple[int, int, str]]:
    """Where the text names the month of the accident, and that month (YYYY-MM), never a future one; None if nowhere."""
    ago = MONTHS_AGO.search(text)
    if ago:
        phrase = ago.group(1)
        if phrase in ("这个月", "本月", "当月"):
            back = 0
        elif phrase.startswith("上上"):
            back = 2
        elif phrase.startswith("上"):
            back = 1
        elif phrase.startswith("半年"):
            back = 6
        else:
            back = numeral(ago.group(2))
        return ago.start(), ago.end(), months_before(today, back)
    named = NAMED_MONTH.search(text)
    if not named or not 1 <= numeral(named.group(3)) <= 12:
        return None
    relative, year, month = named.group(1), named.group(2), numeral(named.group(3))
    if year:
        chosen = int(year)
    elif relative in ("去年", "前年"):
        chosen = today.year - (1 if relative == "去年" else 2)
    else:
        chosen = today.year - (1 if month > today.month and relative != "今年" else 0)
    if (chosen, month) > (today.year, today.month):
        return None
    return named.start(), named.end(), f"{chosen:04d}-{month:02d}"


def accident_month(text: str, today: date) -> Optional[str]:
    """The month (YYYY-MM) the text names, never a future one; None when it names no month."""
    mention = month_mention(text, today)
    return mention[2] if mention else None
