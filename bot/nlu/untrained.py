"""Base for pipeline components that learn nothing from the training data, and the intent override they share."""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


class UntrainedComponent(GraphComponent):
    """A component built the same way at training and at inference, from its config alone."""

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Create the component; it has nothing to train."""
        return cls(config)


def override_intent(message: Message, intent: str, confidence: float = 1.0) -> None:
    """Make `intent` the message's intent (with certainty unless told), keeping the rest of the ranking below it."""
    chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
    rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] != intent]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)


class TextRuleClassifier(UntrainedComponent):
    """Sets `intent` on every message whose text the rule `applies` to, keeping the rest of the ranking."""

    intent: Text = ""

    @staticmethod
    def applies(text: Text) -> bool:
        """Whether the rule holds for the message text."""
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of the messages the rule holds for."""
        for message in messages:
            if message.get(TEXT) and self.applies(message.get(TEXT)):
                override_intent(message, self.intent)
        return messages
