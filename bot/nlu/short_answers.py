"""A whole-message yes or no ("对", "好的", "不用") is `affirm` or `deny`, whatever the classifier made of it.

Such replies are too short for the sentence encoder: they fell below the fallback threshold, and two fallbacks in a row
hand the claimant to a person, so someone who types instead of tapping could not confirm a report.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.untrained import UntrainedComponent
from text_rules.answers import short_yes_or_no


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortAnswerClassifier(UntrainedComponent):
    """Sets `affirm` or `deny` for a message that is nothing but a yes or a no, keeping the rest of the ranking."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of whole-message yes/no answers."""
        for message in messages:
            answer = short_yes_or_no(message.get(TEXT) or "")
            if answer is None:
                continue
            intent = {INTENT_NAME_KEY: "affirm" if answer else "deny", PREDICTED_CONFIDENCE_KEY: 1.0}
            rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] != intent[INTENT_NAME_KEY]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)
        return messages
