"""One classifier over every answer the assistant has: the intents and each FAQ topic, side by side.

A logistic regression on the encoder's sentence embedding, blended with a vote of the nearest training example of each
answer: the regression generalises, and the nearest example keeps a message that nearly repeats one training sentence
on that sentence's answer, where the regression alone drifted to a bigger class (character n-grams beside the
embedding scored lower on the real questions and made training ten times slower: docs/nlu.md). Ranking intents and FAQ topics
together gives one probability per answer, so "unsure between two answers" means the same thing whether the two
are intents, FAQ topics or one of each (bot/nlu/clarifying_fallback.py asks a clarifying question then). The output
has Rasa's usual shape: `intent`, `intent_ranking` (FAQ topics summed into `faq`) and `response_selector` for `faq`,
so `utter_faq`, `rasa test nlu` and the agents' co-pilot read it as they read the ResponseSelector's.
"""

import json
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# The message's best answers (intents and `faq/<topic>` keys) with their probabilities, for clarifying questions.
ANSWER_RANKING = "answer_ranking"
RANKING_LENGTH = 10


def sentence_features(message: Message) -> np.ndarray:
    """The message's dense sentence features (the encoder's embedding) as one row."""
    _, dense = message.get_dense_features(TEXT)
    return dense.features.astype(np.float32)


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """Each row scaled to length one, so a dot product is a cosine similarity."""
    return rows / np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), 1e-12)


def softmax(scores: np.ndarray) -> np.ndarray:
    exponent = np.exp(scores - scores.max())
    return exponent / exponent.sum()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class AnswerClassifier(GraphComponent, IntentClassifier):
    """Predicts the answer (intent or FAQ topic) of a message from its sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Regularisation, the nearest-example vote and the retrieval intent whose topics are answers of their own."""
        return {
            "C": 30.0,
            "max_iter": 1000,
            "neighbour_weight": 0.5,
            "neighbour_temperature": 0.01,
            "retrieval_intent": "faq",
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: Optional[np.ndarray] = None,
        bias: Optional[np.ndarray] = None,
        labels: Optional[List[Text]] = None,
        responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
        neighbours: Optional[np.ndarray] = None,
        neighbour_starts: Optional[np.ndarray] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._weights, self._bias = weights, bias
        self._labels = labels or []
        self._responses = responses or {}
        # Unit-length training embeddings sorted by answer; answer i's rows start at neighbour_starts[i].
        self._neighbours, self._neighbour_starts = neighbours, neighbour_starts

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    @staticmethod
    def required_packages() -> List[Text]:
        """Training uses scikit-learn; prediction only NumPy."""
        return ["sklearn"]

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the regression on every intent example, FAQ examples labelled by their topic; keep them for the vote."""
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.features_present(TEXT, None)]
        labels = [m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in examples]
        features = np.vstack([sentence_features(m) for m in examples])
        regression = LogisticRegression(C=self._config["C"], max_iter=self._config["max_iter"])
        regression.fit(features, labels)
        self._weights = regression.coef_.T.astype(np.float32)
        self._bias = regression.intercept_.astype(np.float32)
        self._labels = [str(label) for label in regression.classes_]
        answer_of_example = np.searchsorted(regression.classes_, labels)
        self._neighbours = unit_rows(features[np.argsort(answer_of_example, kind="stable")])
        self._neighbour_starts = np.searchsorted(np.sort(answer_of_example), np.arange(len(self._labels)))
        self._responses = training_data.responses
        self.persist()
        return self._resource

    def persist(self) -> None:
        """Write the weights, the labels, the examples for the vote and the FAQ responses into the model."""
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / "answer_classifier.npz",
                weights=self._weights,
                bias=self._bias,
                labels=np.array(self._labels),
                neighbours=self._neighbours,
                neighbour_starts=self._neighbour_starts,
            )
            (directory / "responses.json").write_text(json.dumps(self._responses, ensure_ascii=False))

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        """Read the trained classifier back."""
        with model_storage.read_from(resource) as directory:
            with np.load(directory / "answer_classifier.npz") as stored:
                weights, bias, labels = stored["weights"], stored["bias"], stored["labels"].tolist()
                neighbours, neighbour_starts = stored["neighbours"], stored["neighbour_starts"]
            responses = json.loads((directory / "responses.json").read_text())
        return cls(config, model_storage, resource, weights, bias, labels, responses, neighbours, neighbour_starts)

    def answer_probabilities(self, message: Message) -> np.ndarray:
        """The probability of every answer for one featurised message: the regression's, blended with the vote."""
        features = sentence_features(message)
        regression = softmax((features @ self._weights).ravel() + self._bias)
        weight = self._config["neighbour_weight"]
        if not weight:
            return regression
        nearest = np.maximum.reduceat(self._neighbours @ unit_rows(features).ravel(), self._neighbour_starts)
        return (1 - weight) * regression + weight * softmax(nearest / self._config["neighbour_temperature"])

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the intent, the intent ranking, the FAQ selection and the answer ranking of each message."""
        for message in messages:
            if self._weights is None:
                continue
            if message.features_present(TEXT, None):
                self._set_predictions(message, self.answer_probabilities(message))
            else:
                # Nothing left to read once the text is normalised (only control characters): ask to rephrase.
                nothing = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 0.0}
                message.set(INTENT, nothing, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [nothing], add_to_output=True)
        return messages

    def _set_predictions(self, message: Message, probabilities: np.ndarray) -> None:
        order = np.argsort(-probabilities)
        answers = [(self._labels[i], float(probabilities[i])) for i in order]
        intents = _summed_by_intent(answers)
        message.set(
            INTENT, {INTENT_NAME_KEY: intents[0][0], PREDICTED_CONFIDENCE_KEY: intents[0][1]}, add_to_output=True
        )
        message.set(
            INTENT_RANKING_KEY,
            [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
                for name, confidence in intents[:RANKING_LENGTH]
            ],
            add_to_output=True,
        )
        message.set(
            ANSWER_RANKING,
            [
                {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
                for name, confidence in answers[:RANKING_LENGTH]
            ],
            add_to_output=True,
        )
        retrieval = self._config["retrieval_intent"]
        topics = [(name, confidence) for name, confidence in answers if name.startswith(f"{retrieval}/")]
        if topics:
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, self._selection(retrieval, topics), add_to_output=True)

    def _selection(self, retrieval: Text, topics: List[Tuple[Text, float]]) -> Dict[Text, Any]:
        """The ResponseSelector's output: the best topic, confidences conditional on the message being an FAQ."""
        total = sum(confidence for _, confidence in topics) or 1.0
        best, confidence = topics[0]
        return {
            RESPONSE_SELECTOR_RETRIEVAL_INTENTS: [retrieval],
            retrieval: {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self._responses.get(f"utter_{best}", [{TEXT: best}]),
                    PREDICTED_CONFIDENCE_KEY: confidence / total,
                    INTENT_RESPONSE_KEY: best,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{best}",
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {PREDICTED_CONFIDENCE_KEY: c / total, INTENT_RESPONSE_KEY: name}
                    for name, c in topics[:RANKING_LENGTH]
                ],
            },
        }


def _summed_by_intent(answers: List[Tuple[Text, float]]) -> List[Tuple[Text, float]]:
    """Intents ranked by probability, each retrieval intent carrying the sum of its topics."""
    totals: Dict[Text, float] = {}
    for name, confidence in answers:
        intent = name.split("/", 1)[0]
        totals[intent] = totals.get(intent, 0.0) + confidence
    return sorted(totals.items(), key=lambda item: -item[1])
