"""A message that only states facts is an answer: "她是超市收银员，有误工" tells, it does not ask the FAQ it resembles.

A story of facts that ends by asking to report ("…车牌苏A12345，我要报案") starts the report, which takes its facts; one
that says the report was made before ("我之前报过案") is about that claim's progress, not a second report.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, EXTRACTOR, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.extractors import FactEntityExtractor
from bot.nlu.untrained import UntrainedComponent, override_intent
from text_rules.facts import VALUE_KINDS, asks, asks_to_report, says_report_made

INFORM_INTENT = "inform"
REPORT_INTENT = "report_accident"
STATUS_INTENT = "ask_claim_status"
# The extractor's named durations and amounts ("月收入五千") are values, not the facts that make a statement.
NAMED_VALUES = frozenset(kind for kinds in VALUE_KINDS.values() for _, kind in kinds)
# Readings a statement of facts replaces; the openings, the journeys and the replies stay as classified.
OVERRIDDEN_INTENTS = frozenset({"faq", "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME})


def states_facts_only(message: Message) -> bool:
    """Whether the message states at least one fact (found by FactEntityExtractor before) and asks nothing."""
    stated = any(
        entity.get(EXTRACTOR) == FactEntityExtractor.__name__ and entity["entity"] not in NAMED_VALUES
        for entity in message.get(ENTITIES) or []
    )
    return stated and not asks(message.get(TEXT) or "")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StatementClassifier(UntrainedComponent):
    """Sets the intent to `inform` (or `report_accident` when it asks to report) for a message read as an FAQ question,
    out of scope, unclear or a bare answer that only states facts; and to `ask_claim_status` for a report made before."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of fact statements."""
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            if intent == REPORT_INTENT and says_report_made(text) and not asks_to_report(text):
                override_intent(message, STATUS_INTENT)
            elif intent in OVERRIDDEN_INTENTS | {INFORM_INTENT} and states_facts_only(message):
                statement = REPORT_INTENT if asks_to_report(text) else INFORM_INTENT
                if statement != intent:
                    override_intent(message, statement)
        return messages
