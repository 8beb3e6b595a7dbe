"""Entity extractors: spaCy's entity ruler for vocabulary, patterns for structured values."""

from datetime import datetime
from typing import Any, Dict, List, Text, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.patterns import SHANGHAI, find_entities
from bot.nlu.untrained import UntrainedComponent
from text_rules.facts import stated_facts, value_kind

# A duration or an amount is named (hospital days, medical costs, ...) by the few characters before it.
VALUE_CONTEXT_CHARACTERS = 8


class _RuleExtractor(UntrainedComponent, EntityExtractorMixin):
    """Shared plumbing of extractors that need no training."""

    def _add(self, message: Message, entities: List[Dict[Text, Any]]) -> None:
        message.set(
            ENTITIES,
            message.get(ENTITIES, []) + self.add_extractor_name(entities),
            add_to_output=True,
        )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class VocabularyEntityExtractor(_RuleExtractor):
    """Insurance kinds, liability, cost items and regions, normalised by the ruler's pattern ids."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """The spaCy pipeline that holds the entity ruler."""
        return [SpacyNLP]

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        """Add the entity ruler's matches to each message."""
        for message in messages:
            doc = message.get("text_spacy_doc") or model.model(message.get(TEXT))
            entities = [
                {
                    "entity": ent.label_,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "value": ent.ent_id_ or ent.text,
                }
                for ent in doc.ents
            ]
            self._add(message, entities)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PatternEntityExtractor(_RuleExtractor):
    """Plates, phones, claim numbers, money, times, durations, ages, grades and hospitals."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the structured entities found in each message, with normalised values."""
        now = datetime.now(SHANGHAI)
        for message in messages:
            found = find_entities(message.get(TEXT) or "", now)
            self._add(message, [vars(entity) for entity in found])
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class FactEntityExtractor(_RuleExtractor):
    """The facts a message states (text_rules/facts.py) as entities, so a form takes them from any message."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Add one entity per stated fact, spanning the message, and name durations and amounts by the words before."""
        for message in messages:
            text = message.get(TEXT) or ""
            facts = [
                {"entity": name, "start": 0, "end": len(text), "value": value}
                for name, value in stated_facts(text).items()
            ]
            self._add(message, facts + _named_values(text, message.get(ENTITIES, [])))
        return messages


def _named_values(text: str, entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """Each duration or amount again under the name its context gives it (hospital_days, medical_cost, ...)."""
    named = []
    for entity in entities:
        before = text[max(0, entity["start"] - VALUE_CONTEXT_CHARACTERS) : entity["start"]]
        kind = value_kind(entity["entity"], before, text[entity["end"] : entity["end"] + VALUE_CONTEXT_CHARACTERS])
        if kind:
            named.append(dict(entity, entity=kind))
    return named
