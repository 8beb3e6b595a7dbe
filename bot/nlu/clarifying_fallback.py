"""Falls back to a clarifying question when the best answer is unlikely or a second answer is nearly as likely.

Rasa's FallbackClassifier compares intents; here the answers themselves are compared (each FAQ topic on its own),
because a confident `faq` split between two topics is exactly the confident wrong answer a claimant must not get.
The message keeps its answer ranking, from which `action_not_understood` offers the best candidates as buttons.
"""

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.answer_classifier import ANSWER_RANKING
from bot.nlu.untrained import UntrainedComponent, override_intent
from text_rules.answers import is_not_sure, is_question

# Answers to the claimant's bare replies; two of them close together is no reason to ask "did you mean".
REPLY_INTENTS = frozenset({"affirm", "deny", "inform", "greet", "goodbye", "thank", "cancel"})
# Best answers given even when unsure: an honest "not my field", which lists what the assistant can do (buttons of
# unlikely claims answers would pretend an answer), and the guided opening and the emergency guidance, which ask their
# own question next. Read wrongly, each costs the claimant one tap; a missed emergency costs far more.
SAFE_ANSWERS = frozenset({"out_of_scope", "accident_happened", "emergency"})


def should_clarify(ranking: List[Dict[Text, Any]], threshold: float, ambiguity_ratio: float) -> bool:
    """Whether the best answer, unless a safe one, is under the threshold, or two real answers come within the ratio."""
    if not ranking or ranking[0][INTENT_NAME_KEY] in SAFE_ANSWERS:
        return False
    best = ranking[0][PREDICTED_CONFIDENCE_KEY]
    if best < threshold:
        return True
    if len(ranking) < 2 or ranking[0][INTENT_NAME_KEY] in REPLY_INTENTS or ranking[1][INTENT_NAME_KEY] in REPLY_INTENTS:
        return False
    return ranking[1][PREDICTED_CONFIDENCE_KEY] >= best * ambiguity_ratio


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ClarifyingFallbackClassifier(UntrainedComponent, IntentClassifier):
    """Sets `nlu_fallback` when the answer ranking is unsure, as Rasa's FallbackClassifier does for intents."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The lowest probability answered directly, and how close a second answer may come to the first.

        Chosen on our own held-out sets in tests/nlu (994 messages, never the real-question dev set) for the answer
        classifier with its nearest-example vote: 0.25 and 0.6 answer 77% directly and right, 6% wrong, and ask back
        17% (0.3: 74%, 5%, 21%; 0.2: 79%, 7%, 15%).
        """
        return {"threshold": 0.25, "ambiguity_ratio": 0.6}

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace an unsure intent by `nlu_fallback`, and a sure or safe one by the best answer's intent."""
        for message in messages:
            ranking = message.get(ANSWER_RANKING) or []
            text = message.get(TEXT) or ""
            if is_question(text) and not is_not_sure(text):
                # A question is no bare reply: "对方全责 能要求什么" sits near the answer "对方全责", but asks something.
                # "不知道是什么医院" only reads like one.
                ranking = [answer for answer in ranking if answer[INTENT_NAME_KEY] not in REPLY_INTENTS]
                message.set(ANSWER_RANKING, ranking, add_to_output=True)
            if not ranking:
                continue
            best, confidence = ranking[0][INTENT_NAME_KEY], ranking[0][PREDICTED_CONFIDENCE_KEY]
            if should_clarify(ranking, self._config["threshold"], self._config["ambiguity_ratio"]):
                override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, self._config["threshold"])
            elif "/" not in best and message.get(INTENT)[INTENT_NAME_KEY] != best:
                # The intent may read `faq`: the FAQ topics' sum can beat the best answer while none of them comes
                # close ("对方全责 有交强险 能垫付吗" is the advance-payment journey, not the no-fault-limits FAQ).
                override_intent(message, best, confidence)
        return messages
