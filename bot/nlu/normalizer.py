"""A pipeline step that rewrites messages into simplified Chinese with half-width characters and no homophone slips."""

import unicodedata
from typing import List

import zhconv
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.untrained import UntrainedComponent
from text_rules.typos import without_slips

# Line breaks and tabs are text; every other control character is noise.
KEPT_CONTROLS = frozenset("\n\t")


def without_unreadable(text: str) -> str:
    """The text without control characters (NUL included) and lone surrogates (which spaCy cannot encode)."""
    return "".join(
        character
        for character in text
        if unicodedata.category(character) not in ("Cc", "Cs") or character in KEPT_CONTROLS
    )


def normalize_text(text: str) -> str:
    """Drop unreadable characters, fold full-width forms (ＡＢ１２), traditional characters and key words' homophone slips."""
    return without_slips(zhconv.convert(unicodedata.normalize("NFKC", without_unreadable(text)), "zh-cn"))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ChineseTextNormalizer(UntrainedComponent):
    """Normalises message text before spaCy and the featurizers see it."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalise every training example."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Normalise incoming messages."""
        for message in messages:
            if message.get(TEXT):
                message.set(TEXT, normalize_text(message.get(TEXT)))
        return messages
