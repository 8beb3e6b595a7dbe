"""Facts of an accident said in words: whether the police were called, whether anybody was hurt, no hospital."""

import re
from typing import Optional

# The values these facts stand for in a report and on the agents' intake sheet.
NO_INJURIES = "无人受伤"
NOT_TO_HOSPITAL = "未送医"
SELF_DRIVER = "报案人本人"
NO_DAMAGE = "没有明显损坏"

POLICE_NOT_CALLED = re.compile(r"(?:没有?|未|还没有?)(?:报警|报交警|报122|报110|打122|打110)")
POLICE_CALLED = re.compile(r"报了?警|报了?交警|(?:报|打)了(?:122|110)|交警(?:已经)?(?:来了|到了|在现场|处理)")
# About everybody: "我没受伤" says nothing of the others in the accident.
NOBODY_HURT = re.compile(r"没有?人受伤|无人受伤|没人伤|都没有?受伤|人?都没事|人没事")
# The whole answer to "有人受伤吗？" says no ("没有", "无", "没有人受伤了").
NO_INJURY_ANSWER = re.compile(r"^(?:没有?|无)人?(?:受伤)?[了的啊呀。！!]*$")
NOT_TAKEN_TO_HOSPITAL = re.compile(r"没有?(?:去|送|上)?医院|没有?(?:送|去)医|未送医|不用去医院")
NO_DAMAGE_SAID = re.compile(r"车(?:子)?没(?:什么)?事|车没坏|车辆无损|车没有损坏")
# The whole answer to "车辆损坏得怎么样？" says there is none ("没有", "没坏").
NO_DAMAGE_ANSWER = re.compile(r"(?:没有?|无)(?:损坏|坏)?[了的。]*")
SELF_DRIVING = re.compile(r"我(?:自己)?开的|我(?:自己)?开车|本人驾驶")
# The whole answer to "开车的驾驶员叫什么名字？" says it was the claimant ("我", "我自己开的").
SELF_DRIVER_ANSWER = re.compile(r"^(?:就是)?(?:我|我自己|本人|自己)(?:开的|开车)?$")


def police_called(text: str) -> Optional[bool]:
    """False when the text says the police were not called, True when it says they were, None when it says neither."""
    if POLICE_NOT_CALLED.search(text):
        return False
    return True if POLICE_CALLED.search(text) else None


def says_nobody_hurt(text: str) -> bool:
    """Whether the text says that nobody was hurt ("没有人受伤", "人都没事")."""
    return NOBODY_HURT.search(text) is not None


def answers_nobody_hurt(answer: str) -> bool:
    """Whether an answer to "was anybody hurt?" says no, in a word or a sentence."""
    return NO_INJURY_ANSWER.match(answer) is not None or says_nobody_hurt(answer)


def says_not_taken_to_hospital(text: str) -> bool:
    """Whether the text says the injured person did not go to hospital ("没送医院", "不用去医院")."""
    return NOT_TAKEN_TO_HOSPITAL.search(text) is not None


def says_self_driving(text: str) -> bool:
    """Whether the text says the speaker was driving ("我自己开的")."""
    return SELF_DRIVING.search(text) is not None


def answers_self_driver(answer: str) -> bool:
    """Whether an answer to "who was driving?" names the speaker ("我", "就是我开的")."""
    return SELF_DRIVER_ANSWER.match(answer) is not None


def says_no_damage(text: str) -> bool:
    """Whether the text says the vehicle is not damaged ("车没事")."""
    return NO_DAMAGE_SAID.search(text) is not None


def answers_no_damage(answer: str) -> bool:
    """Whether an answer to "how badly is the vehicle damaged?" says it is not."""
    return NO_DAMAGE_ANSWER.fullmatch(answer) is not None
