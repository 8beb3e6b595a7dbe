"""Short answers to a question: yes or no, "I don't know", a number, an amount, ages."""

import re
from typing import List, Optional

NOT_SURE = ("不知道", "不清楚", "不记得", "忘了", "没看清", "没注意")
NEGATIONS = ("没有", "没", "未", "不", "无", "否")
AFFIRMATIONS = ("有", "是", "对", "嗯", "好", "已经", "报了", "送了", "去了", "在")
# An answer that starts by saying there is none ("没有", "没住院", "还没鉴定"), or that the claimant does not know.
NONE_ANSWER = re.compile(r"^(?:没有?|无|没住院|没误工|没鉴定|还没|不清楚|不知道)")
# Words people put before the answer itself ("司机是王强", "我叫李明", "在南京中山路").
ANSWER_PREFIX = re.compile(
    r"^(?:驾驶员|司机|开车的|报案人|我的名字|名字|姓名|地点|地方|位置|医院)?(?:是|叫|为|在)?[:：\s]*"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
AGE = re.compile(r"(\d{1,3})\s*(?:周岁|岁)")
MAX_AGE = 120
# One to ten in Chinese, as disability grades and head counts are said ("十级", "两个人").
SMALL_NUMBERS = "一二三四五六七八九十"
QUESTION = re.compile(r"[?？]|吗|呢$|怎么|(?<![没不])什么|哪|多少|([^不没])[不没]\1|可不可以|为什么|几天|谁")


def clean_answer(text: str) -> str:
    """The answer without the words people put before it, and without end punctuation."""
    return ANSWER_PREFIX.sub("", text.strip()).strip(" 。.，,！!")


def yes_or_no(text: str) -> Optional[bool]:
    """A yes/no answer read from its words (a negation wins); None when it is neither."""
    if any(word in text for word in NEGATIONS):
        return False
    if any(word in text for word in AFFIRMATIONS):
        return True
    return None


def is_question(text: str) -> bool:
    """Whether the text reads like a question of its own rather than an answer ("报警了吗", "要多久？")."""
    return QUESTION.search(text) is not None


def is_not_sure(text: str) -> bool:
    """Whether the claimant says they do not know."""
    return any(word in text for word in NOT_SURE)


def says_none(text: str) -> bool:
    """Whether the answer says there is none (or that the claimant does not know)."""
    return NONE_ANSWER.match(text) is not None


def first_number(text: str) -> Optional[float]:
    """The first number written in digits ("住院15天" → 15.0); None when there is none."""
    found = NUMBER.search(text)
    return float(found.group(0)) if found else None


def plain_amount(text: str) -> Optional[float]:
    """An amount in yuan written as digits alone, with or without 元/块 ("12000元"); None otherwise."""
    found = NUMBER.fullmatch(text.strip().rstrip("元块"))
    return float(found.group(0)) if found else None


def ages_in(text: str) -> List[int]:
    """The ages written in digits ("孩子8岁，老人72周岁" → [8, 72])."""
    return [int(age) for age in AGE.findall(text) if int(age) <= MAX_AGE]


def small_number(text: str) -> Optional[int]:
    """One to ten from the Chinese numeral the text starts with ("十级" → 10, "两个人" → 2); None otherwise."""
    first = text[:1].replace("两", "二")
    return SMALL_NUMBERS.index(first) + 1 if first and first in SMALL_NUMBERS else None
