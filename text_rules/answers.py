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
QUESTION = re.compile(r"[?？]|吗|呢$|怎么|(?<![没不])什么|啥|哪|多少|([^不没])[不没]\1|可不可以|为什么|几天|谁")
# A whole message that answers a yes/no question ("对", "好的呀", "不用了"); read as yes or no whatever the classifier says.
SHORT_YES = ("对", "是", "好", "要", "需要", "可以", "嗯", "行", "有", "确认", "没错", "再试一次")
SHORT_NO = ("不要", "没有", "没", "不用", "先不用", "暂时不用", "不需要", "不是", "否", "不", "有要改")
# A short answer before a comma says yes or no too: a button's title typed out ("对，提交报案", "没有，已送医").
SHORT_ANSWER_HEAD = re.compile(r"^([^，,]{1,4})[，,]")
# What people put after a short answer: particles, punctuation, a repeat ("对对对", "嗯嗯").
SHORT_ANSWER_TAIL = re.compile(r"[的啊呀吧哈呢哦噢嘛了啦\s。.，,！!~～]+$")
MAX_UNKNOWN_ANSWER = 12
# A pause, not an answer ("等会儿，护士叫我", "稍等一下").
PAUSE = re.compile(r"^(?:稍等|等一?下|等会儿?|等等|我先忙|先忙|一会儿再说|回头再说)")
# An answer that takes back an earlier one ("不对，是前天", "说错了，司机是李明").
CORRECTION = re.compile(r"^(?:不对|不是不是|错了|说错了|刚才说错了|我说错了|更正一下|改一下)")
# Asking for the last question or answer again ("再说一遍", "能再说一次吗").
REPEAT = re.compile(
    r"^(?:请|麻烦|能不能|能|可以|您|你)*(?:再说一遍|再说一次|再发一遍|重复一下|刚才说什么|刚才说啥|(?<=[你您])说什么|什么意思|没听清楚?|没看清楚问题)"
)
# What may follow a request to repeat in a message that asks nothing else.
REPEAT_TAIL = re.compile(r"[吗呢吧啊呀了\s。.，,？?！!]*$")


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


def short_yes_or_no(text: str) -> Optional[bool]:
    """The yes or no a short message, or its opening word, gives ("是的", "不用了", "对，提交报案"); None otherwise.

    An opening yes before a question of its own ("好，那垫付怎么办？") leaves the question to the classifier.
    """
    head = SHORT_ANSWER_HEAD.match(text.strip())
    if head and is_question(text):
        return None
    word = SHORT_ANSWER_TAIL.sub("", head.group(1) if head else text.strip())
    for words, answer in ((SHORT_NO, False), (SHORT_YES, True)):
        if any(word and word == candidate * (len(word) // len(candidate)) for candidate in words):
            return answer
    return None


def says_unknown(text: str) -> bool:
    """Whether a short message ends by saying "I don't know" ("车牌我不记得了", "没看清"), asking nothing."""
    said = SHORT_ANSWER_TAIL.sub("", text.strip())
    return len(said) <= MAX_UNKNOWN_ANSWER and said.endswith(NOT_SURE) and not is_question(text)


def is_pause(text: str) -> bool:
    """Whether the claimant asks to wait rather than answering ("稍等", "等会儿，护士叫我")."""
    return PAUSE.match(text.strip()) is not None


def is_correction(text: str) -> bool:
    """Whether the message takes back an earlier answer rather than answering the question asked."""
    return CORRECTION.match(text.strip()) is not None


def asks_to_repeat(text: str) -> bool:
    """Whether the claimant asks for the last question again ("再说一遍", "刚才说什么")."""
    return REPEAT.match(text.strip()) is not None


def only_asks_to_repeat(text: str) -> bool:
    """Whether the whole message asks for the last answer again ("能再说一遍吗"), with no question of its own after it."""
    match = REPEAT.match(text.strip())
    return match is not None and REPEAT_TAIL.fullmatch(text.strip()[match.end() :]) is not None


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
