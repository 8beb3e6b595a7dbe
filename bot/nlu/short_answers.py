"""A bare yes or no ("对", "好的", "不用") is `affirm` or `deny`, "再说一遍" is `repeat`, and a short "I don't know",
a bare value (a place, a time, a plate) or bare digits ("2090", the end of a phone number) are `inform`, whatever the
classifier made of them.

Such replies are too short for the sentence encoder: they fell below the fallback threshold, and two fallbacks in a row
hand the claimant to a person, so someone who types instead of tapping could not confirm a report; "车牌我不记得了"
read as out of scope left the plate question unanswerable.
"""

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.untrained import UntrainedComponent, override_intent
from text_rules.answers import only_asks_to_repeat, says_unknown, short_yes_or_no

# Values a form asks for; a message that is nothing but one of them answers the question ("成都武侯区人民南路", "上周五").
ANSWER_VALUES = frozenset(
    {"time", "accident_month", "place", "plate_number", "phone", "hospital", "claim_number", "disability_grade"}
)
# What may stand around a bare value without making it a sentence.
DIGITS = re.compile(r"\d+")
FILLER = re.compile(r"[\s，。,.!?！？、：:]|^(?:是|在|就是|大概|应该是)|(?:吧|吗|啊|呀|的)$")


def is_bare_value(message: Message) -> bool:
    """Whether the message is one of the values a form asks for and nothing more."""
    text = message.get(TEXT) or ""
    values = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) in ANSWER_VALUES]
    for entity in sorted(values, key=lambda e: -e[ENTITY_ATTRIBUTE_START]):
        text = text[: entity[ENTITY_ATTRIBUTE_START]] + text[entity[ENTITY_ATTRIBUTE_END] :]
    return bool(values) and not FILLER.sub("", text)


def is_bare_number(text: str) -> bool:
    """Whether the message is digits and nothing more, such as the last four digits of a phone number."""
    return bool(DIGITS.fullmatch(FILLER.sub("", text)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortAnswerClassifier(UntrainedComponent):
    """Sets the intent of a message that is nothing but a yes, a no, "再说一遍", "I don't know" or a value a form asks
    for, keeping the rest of the ranking."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of short answers."""
        for message in messages:
            text = message.get(TEXT) or ""
            answer = short_yes_or_no(text)
            if only_asks_to_repeat(text):
                override_intent(message, "repeat")
            elif answer is not None:
                override_intent(message, "affirm" if answer else "deny")
            elif says_unknown(text) or is_bare_value(message) or is_bare_number(text):
                override_intent(message, "inform")
        return messages
