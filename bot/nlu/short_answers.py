"""A bare yes or no ("对", "好的", "不用") is `affirm` or `deny`, and a short "I don't know" is `inform`, whatever the
classifier made of them.

Such replies are too short for the sentence encoder: they fell below the fallback threshold, and two fallbacks in a row
hand the claimant to a person, so someone who types instead of tapping could not confirm a report; "车牌我不记得了"
read as out of scope left the plate question unanswerable.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.untrained import UntrainedComponent
from text_rules.answers import says_unknown, short_yes_or_no


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortAnswerClassifier(UntrainedComponent):
    """Sets the intent of a message that is nothing but a yes, a no or "I don't know", keeping the rest of the ranking."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of short answers."""
        for message in messages:
            text = message.get(TEXT) or ""
            answer = short_yes_or_no(text)
            if answer is None and not says_unknown(text):
                continue
            name = "inform" if answer is None else "affirm" if answer else "deny"
            intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
            rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] != intent[INTENT_NAME_KEY]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)
        return messages
