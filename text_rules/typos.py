"""Homophone slips in the claim's key words, folded back (pure functions).

A pinyin keyboard offers characters of the same sound, and a hurried claimant picks the wrong one: "抱了警" for 报了警,
"报按" for 报案, "电付" for 垫付, "全则" for 全责. Only the key words below are folded, and only with characters of the same syllable and
tone, so that other words that sound alike stay as they are (保安 is not 报案, 陪护 is not 赔付).
"""

import re
from typing import Dict, Tuple

# Each key word's characters, with the characters of the same syllable and tone a keyboard offers beside them.
SAME_SOUND: Dict[str, str] = {
    "报": "抱暴爆豹鲍",
    "警": "井景颈",
    "案": "按暗岸",
    "垫": "电店殿惦",
    "付": "附副负富",
    "赔": "陪培",
    "偿": "常尝长",
    "伤": "商",
    "残": "惨蚕",
    "误": "物雾悟",
    "鉴": "见件建健",
    "损": "笋",
    "责": "则择泽",
    "上": "尚",
}
# "报" and its object may have "了" between them ("报了警"), as typed.
KEY_WORDS: Tuple[str, ...] = (
    "报警",
    "报案",
    "垫付",
    "赔偿",
    "伤残",
    "误工",
    "鉴定",
    "定损",
    "全责",
    "主责",
    "次责",
    "同责",
    # The part of the day: "昨天晚尚八点" read as "昨天晚" and a separate "八点", which after midnight is still to come.
    "晚上",
    "早上",
)


def word_pattern(word: str) -> str:
    """A pattern for the word written with any of its characters' same-sound slips."""
    first, second = (f"[{character}{SAME_SOUND.get(character, '')}]" for character in word)
    between = "(了)?" if word.startswith("报") else "()"
    return f"{first}{between}{second}"


SLIPS = {word: re.compile(word_pattern(word)) for word in KEY_WORDS}


def without_slips(text: str) -> str:
    """The text with the key words' homophone slips folded back ("我抱了警" → "我报了警")."""
    for word, pattern in SLIPS.items():
        text = pattern.sub(lambda match, word=word: f"{word[0]}{match.group(1) or ''}{word[1]}", text)
    return text
