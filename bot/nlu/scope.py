"""Questions the assistant cannot help with, though they sound like ours: a work injury off the road, an insurance price."""

import re
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.nlu.untrained import TextRuleClassifier

OUT_OF_SCOPE_INTENT = "out_of_scope"

# Hurt at work: 工伤 insurance pays, by other rules than a motor claim.
AT_WORK = re.compile(r"工伤|干活.{0,3}(伤|摔|压|砸)|机器(压|卷|夹|砸)|(架子|脚手架|高处)上?摔")
# A vehicle or the road makes it a traffic accident again (a commute accident can be both: faq/work_injury_commute).
ON_THE_ROAD = re.compile(r"车(?!间)|撞|交通|交警|路上|途中|通勤|上下班|上班路|下班|司机|肇事")
# Buying insurance, not claiming on it.
INSURANCE_PRICE = re.compile(
    r"保费(多少|怎么算|会?涨|贵)|涨保费|续保|(一年|每年)(要)?(交|多少钱)|多少钱一年|(买|投保).{0,6}多少钱"
)


def outside_motor_claims(text: Text) -> bool:
    """Whether the message asks about a work injury with no vehicle involved, or about what insurance costs."""
    return bool(AT_WORK.search(text) and not ON_THE_ROAD.search(text)) or bool(INSURANCE_PRICE.search(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ScopeClassifier(TextRuleClassifier):
    """Sets the intent to `out_of_scope` for a work injury off the road or a question of insurance prices."""

    intent = OUT_OF_SCOPE_INTENT
    applies = staticmethod(outside_motor_claims)
