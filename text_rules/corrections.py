"""A claimant's correction of the report summary, in words: which field it names and the new value."""

import re
from typing import Any, Dict

from text_rules.answers import is_question
from text_rules.facts import NO_INJURIES, police_called, says_nobody_hurt, says_not_taken_to_hospital

# Words that name a field in a correction ("司机是李明"), with the report field they correct.
CORRECTION_FIELDS = [
    (("驾驶员", "司机", "开车的"), "driver_name"),
    (("报案人", "我叫", "名字", "姓名", "称呼"), "reporter_name"),
    (("地点", "地方", "位置"), "accident_place"),
    (("经过",), "accident_description"),
    (("车损", "车辆损", "损坏", "损失"), "vehicle_damage"),
    (("伤情", "受伤", "伤者"), "injuries"),
]
CORRECTION_VALUE = re.compile(r"(?:是|叫|为|改成|改为|应该是)[:：\s]*(.+)$")


def corrected_fields(text: str) -> Dict[str, str]:
    """Free-text fields a correction names ("司机是李明" → driver_name 李明), before checking."""
    for words, field in CORRECTION_FIELDS:
        position = max((text.find(word) for word in words), default=-1)
        if position < 0:
            continue
        value = CORRECTION_VALUE.search(text[position:])
        if value:
            return {field: value.group(1)}
    return {}


def corrected_facts(text: str) -> Dict[str, Any]:
    """Yes/no facts a correction states in words ("没报警" → police_reported False, "其实报警了" → True)."""
    found: Dict[str, Any] = {}
    police = police_called(text)
    if police is False or (police and not is_question(text)):
        found["police_reported"] = police
    if says_nobody_hurt(text):
        found["injuries"] = NO_INJURIES
    elif says_not_taken_to_hospital(text):
        found["taken_to_hospital"] = False
    return found
