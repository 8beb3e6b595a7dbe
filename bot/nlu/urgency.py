"""Someone hurt right now comes first: such a message gets the emergency guidance whatever else it asks."""

import re
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.nlu.untrained import TextRuleClassifier

EMERGENCY_INTENT = "emergency"

# A person's state now: bleeding, unconscious, unable to move, numb, trapped, not breathing, in the ambulance, ER or ICU,
# or a bystander asking whether to move someone lying there.
HURT_NOW = re.compile(
    r"流血|出血|血流|冒血|有血|见红|都是血|全是血|一地血|满(脸|头|身|地|嘴)(都)?是?血|一(脸|头|身)(的)?血|成身血|血糊|吐血"
    r"|血止不住|肉都翻|大口子|裂开"
    r"|昏迷|昏咗|晕了|晕(过去|倒|了过去)|昏(过去|倒)|头(很)?晕|想吐|吐了|叫不(醒|应)|喊不醒|没(有)?(反应|意识|知觉|呼吸|气了)"
    r"|意识模糊|不省人事|不醒人事|不说话|抽搐|抽筋|喘不(上|过)气|呼吸困难|上不来气|病危"
    r"|(起|站|爬)不起来|起不来|走不了路|动不了|不能动|不敢动|一动不动|动弹不得|躺(在)?(地上|路上|马路|路中间|路边)"
    r"|倒在(地上|路上|路边|血泊)|卡在(车|里)|卡车底|困在车|压(在)?下面|被?压在|夹在车|倒挂"
    r"|(正在|人在)抢救|还在.{0,5}抢救|(进|推进|送进|在)了?(抢救室|急诊)|(在|送|去)了?医院(的)?急诊"
    r"|(救护车|急救车|120车?)(上|里|还没|没到|未到)"
    r"|(在|等)(救护车|急救车)|(要不要|能不能|该不该|敢不敢)(扶|挪|搬|动|拖)|救救|救命|快救人"
    r"|骨头(都)?(露|戳)|头(破|裂)|撞破|(腿|胳膊|手臂|脚杆)(好像)?(断|折)了|变形了|脖子(不能|动不了)|受伤很重|伤得很重"
    r"|(脖子|手|脚|腿|胳膊|半边身子?|全身|身上)(也|都|有点|发)?麻(?!烦)|抬不起(来)?|不敢下(车|来)"
    r"|玻璃渣|眼睛睁不开|看不(见|清)东西|(痛|疼)得(钻心|要命|受不了|厉害)|剧痛"
    r"|血.{0,4}(湿透|浸透|染红)"
)
# Not the scene of an accident: a story of days or months ago, a hospital stay, an appraisal, a settled case.
NOT_NOW = re.compile(
    r"上个?(月|星期|礼拜)|上周|去年|前年|(个|几)月(前|了)|年前|[几两三四五六七八九十\d]+天(前|了)|出院|治疗(结束|终结|完)"
    r"|住院|鉴定|伤残|当时|那时|后来|花了"
)


def hurt_now(text: Text) -> bool:
    """Whether the message describes someone hurt at this moment."""
    return bool(HURT_NOW.search(text)) and not NOT_NOW.search(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class UrgencyClassifier(TextRuleClassifier):
    """Sets the intent to `emergency` when the message describes someone hurt now, keeping the rest of the ranking."""

    intent = EMERGENCY_INTENT
    applies = staticmethod(hurt_now)
