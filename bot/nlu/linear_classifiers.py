"""DIET and the ResponseSelector scored in NumPy when their model is affine in the sentence features.

Without transformer layers or hidden layers, a message's sentence embedding is `x · A + c` for its sparse sentence
features `x`, and its label scores are the similarities of that embedding with the fixed label embeddings. Rasa
still arranges every message into a padded TensorFlow batch and calls a TensorFlow function twice a turn: profiling
showed these two calls taking about a quarter of the Rasa server's time per turn. The same figures come from two
small matrix products here (tests/bot/test_linear_classifiers.py checks them against TensorFlow's).
"""

import logging
from typing import Any, Dict, Optional, Text, Tuple

import numpy as np
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import (
    COSINE,
    ENTITY_RECOGNITION,
    FEATURIZERS,
    HIDDEN_LAYERS_SIZES,
    INNER,
    NUM_TRANSFORMER_LAYERS,
    SENTENCE,
    SEQUENCE,
    SOFTMAX,
)
from scipy import sparse

logger = logging.getLogger(__name__)

# Sentence embedding (x · kernel + bias), the label embeddings, the similarity and whether confidences are a softmax.
LinearModel = Tuple[np.ndarray, np.ndarray, np.ndarray, Text, bool]


def is_affine(config: Dict[Text, Any]) -> bool:
    """Whether a DIET-style configuration embeds a message with no transformer, hidden layer or entity tagging."""
    layers = config[NUM_TRANSFORMER_LAYERS]
    layers = layers.get(TEXT, 0) if isinstance(layers, dict) else layers
    return layers == 0 and not config[HIDDEN_LAYERS_SIZES].get(TEXT) and not config.get(ENTITY_RECOGNITION, False)


def linear_model(model: Any) -> Optional[LinearModel]:
    """The trained model's sentence-to-label map as arrays, or None when it is not only sparse sentence features."""
    signature = model.data_signature[TEXT]
    if (
        any(not feature.is_sparse for kind in (SEQUENCE, SENTENCE) for feature in signature.get(kind, []))
        or len(signature.get(SENTENCE, [])) != 1
    ):
        return None
    combining = model._tf_layers[f"sequence_layer.{TEXT}"]._tf_layers["feature_combining"]
    if f"unify_dims_before_seq_sent_concat.{SENTENCE}" in combining._tf_layers:
        return None
    to_dense = combining._tf_layers[f"sparse_dense.{SENTENCE}"]._tf_layers["sparse_to_dense"]
    embed = model._tf_layers[f"embed.{TEXT}"]._dense
    if to_dense.activation is not tf.keras.activations.linear or not to_dense.use_bias:
        return None
    model.prepare_for_predict()
    loss = model._tf_layers["loss.label"]
    if loss.similarity_type not in (INNER, COSINE):
        return None
    kernel = to_dense.kernel.numpy().astype(np.float64) @ embed.kernel.numpy()
    bias = to_dense.bias.numpy().astype(np.float64) @ embed.kernel.numpy() + embed.bias.numpy()
    labels = np.asarray(model.all_labels_embed, dtype=np.float64)
    return kernel, bias, labels, loss.similarity_type, loss.model_confidence == SOFTMAX


def linear_model_or_none(model: Any) -> Optional[LinearModel]:
    """`linear_model`, or None (TensorFlow scores) when a layer it reads is missing or renamed in this Rasa."""
    try:
        return linear_model(model)
    except (LookupError, AttributeError):
        logger.warning(
            "The trained model's layers are not where Rasa 3.6 puts them; scoring with TensorFlow.", exc_info=True
        )
        return None


def label_scores(linear: LinearModel, sentence_features: Any) -> np.ndarray:
    """Confidences (or similarities) of every label for one message's 1×V sparse sentence features."""
    kernel, bias, labels, similarity, softmax = linear
    # Only the rows of the message's few n-grams: a sparse-times-dense product copied the whole kernel on every call.
    present = sparse.coo_matrix(sentence_features)
    embedded = present.data @ kernel[present.col] + bias
    if similarity == COSINE:
        embedded = embedded / max(np.linalg.norm(embedded), 1e-12)
        labels = labels / np.maximum(np.linalg.norm(labels, axis=-1, keepdims=True), 1e-12)
    scores = labels @ embedded
    if softmax:
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
    return scores.astype(np.float32)[np.newaxis, :]


class LinearScoring:
    """Replaces the TensorFlow call of `_predict` by `label_scores` whenever the trained model allows it."""

    _linear: Optional[LinearModel]

    def _predict(self, message: Message) -> Optional[Dict[Text, Any]]:
        if self.model is None or self._execution_context.should_add_diagnostic_data:
            return super()._predict(message)  # type: ignore[misc]
        if not hasattr(self, "_linear"):
            self._linear = linear_model_or_none(self.model) if is_affine(self.component_config) else None
            if self._linear is None:
                logger.info(f"{type(self).__name__}: the model is not affine; scoring with TensorFlow.")
        _, sentence = message.get_sparse_features(TEXT, self.component_config[FEATURIZERS])
        if self._linear is None or sentence is None:
            return super()._predict(message)  # type: ignore[misc]
        return {"i_scores": label_scores(self._linear, sentence.features)}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class LinearDIETClassifier(LinearScoring, DIETClassifier):
    """Rasa's DIETClassifier, trained as usual, scoring intents in NumPy."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearResponseSelector(LinearScoring, ResponseSelector):
    """Rasa's ResponseSelector, trained as usual, scoring FAQ answers in NumPy."""
