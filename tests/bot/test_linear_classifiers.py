"""Intents and FAQ answers scored in NumPy are the ones TensorFlow gives, on every held-out message."""

import asyncio
from types import SimpleNamespace

import numpy as np
import pytest
from rasa.core.agent import load_agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.tensorflow.constants import COSINE, INNER

from bot.nlu.linear_classifiers import LinearScoring, is_affine, label_scores, linear_model_or_none
from tests.bot.conftest import MODEL

HELD_OUT = ["tests/nlu/holdout.yml", "tests/nlu/faq_holdout.yml"]


def test_scores_are_the_softmax_of_the_similarities_with_the_label_embeddings():
    kernel = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    labels = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    features = np.array([[0.0, 1.0, 1.0]])  # embedded: [1, 3] + bias [0.5, 0] = [1.5, 3]
    scores = label_scores((kernel, np.array([0.5, 0.0]), labels, INNER, True), features)
    expected = np.exp([1.5, 3.0, -4.5]) / np.exp([1.5, 3.0, -4.5]).sum()
    np.testing.assert_allclose(scores, [expected], rtol=1e-6)


def test_cosine_similarities_are_left_as_they_are_without_softmax():
    labels = np.array([[3.0, 4.0], [0.0, -2.0]])
    scores = label_scores((np.eye(2), np.zeros(2), labels, COSINE, False), np.array([[2.0, 0.0]]))
    np.testing.assert_allclose(scores, [[0.6, 0.0]], atol=1e-7)


@pytest.mark.parametrize(
    "config, affine",
    [
        (
            {
                "number_of_transformer_layers": 0,
                "hidden_layers_sizes": {"text": [], "label": []},
                "entity_recognition": False,
            },
            True,
        ),
        ({"number_of_transformer_layers": {"text": 0}, "hidden_layers_sizes": {"text": []}}, True),
        ({"number_of_transformer_layers": 2, "hidden_layers_sizes": {"text": []}, "entity_recognition": False}, False),
        ({"number_of_transformer_layers": 0, "hidden_layers_sizes": {"text": [256]}}, False),
        ({"number_of_transformer_layers": 0, "hidden_layers_sizes": {"text": []}, "entity_recognition": True}, False),
    ],
)
def test_only_models_without_transformer_hidden_layers_or_entity_tagging_are_affine(config, affine):
    assert is_affine(config) is affine


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def agent(loop):
    return loop.run_until_complete(load_agent(model_path=str(MODEL)))


def classifiers(agent):
    """The pipeline's components that score in NumPy (none when config.yml trains other classifiers)."""
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    found = [node._component for node in nodes if isinstance(node._component, LinearScoring)]
    if not found:
        pytest.skip("the trained pipeline (config.yml) has no LinearDIETClassifier or LinearResponseSelector")
    return found


@pytest.mark.trained_model
def test_the_trained_classifiers_score_in_numpy_as_tensorflow_does(agent, loop):
    components = classifiers(agent)
    assert sorted(type(c).__name__ for c in components) == ["LinearDIETClassifier", "LinearResponseSelector"]
    texts = [example.get("text") for path in HELD_OUT for example in load_data(path).intent_examples]
    assert len(texts) > 400

    def parse_all():
        return [loop.run_until_complete(agent.parse_message(text)) for text in texts]

    for component in components:
        component.__dict__.pop("_linear", None)
    in_numpy = parse_all()
    assert all(component._linear is not None for component in components)
    for component in components:
        component._linear = None
    try:
        in_tensorflow = parse_all()
    finally:
        for component in components:
            del component._linear

    for text, ours, theirs in zip(texts, in_numpy, in_tensorflow):
        assert [r["name"] for r in ours["intent_ranking"]] == [r["name"] for r in theirs["intent_ranking"]], text
        np.testing.assert_allclose(
            [r["confidence"] for r in ours["intent_ranking"]],
            [r["confidence"] for r in theirs["intent_ranking"]],
            atol=2e-5,
            err_msg=text,
        )
        ours_faq, theirs_faq = (parse["response_selector"]["faq"]["ranking"] for parse in (ours, theirs))
        assert [r["intent_response_key"] for r in ours_faq] == [r["intent_response_key"] for r in theirs_faq], text
        np.testing.assert_allclose(
            [r["confidence"] for r in ours_faq], [r["confidence"] for r in theirs_faq], atol=2e-5, err_msg=text
        )


@pytest.mark.trained_model
def test_a_model_whose_layers_are_not_where_rasa_3_6_puts_them_is_left_to_tensorflow(agent, caplog):
    for component in classifiers(agent):
        model = component.model
        renamed = SimpleNamespace(
            data_signature=model.data_signature,
            _tf_layers={f"renamed.{name}": layer for name, layer in model._tf_layers.items()},
        )
        assert linear_model_or_none(model) is not None
        assert linear_model_or_none(renamed) is None
    assert "scoring with TensorFlow" in caplog.text
