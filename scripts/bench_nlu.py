"""NLU benchmark: the Rasa pipeline against a plain TF-IDF baseline on the held-out sets, plus training time."""

import argparse
import asyncio
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline

from scripts.bench_system import training_seconds
from scripts.eval_real import DEV_SET, Reply, answer_topics, dev_questions, real_report

ROOT = Path(__file__).resolve().parent.parent
Examples = Tuple[List[str], List[str]]


def examples(path: Path) -> Examples:
    """Texts and their intents (retrieval sub-intents folded into `faq`)."""
    data = load_data(str(path))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return [text for text, _ in pairs], [intent for _, intent in pairs]


def scores(truth: List[str], predicted: List[str]) -> Dict[str, float]:
    """Accuracy and macro-F1."""
    return {
        "accuracy": round(accuracy_score(truth, predicted), 4),
        "macro_f1": round(f1_score(truth, predicted, average="macro", zero_division=0), 4),
    }


def baseline(train: Examples, test: Examples) -> Dict[str, float]:
    """Character n-gram TF-IDF and logistic regression on the same training data."""
    started = time.perf_counter()
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
        LogisticRegression(max_iter=2000, C=10),
    )
    model.fit(*train)
    result = scores(test[1], list(model.predict(test[0])))
    result["training_seconds"] = round(time.perf_counter() - started, 2)
    return result


def rasa_pipeline(model_path: Path, test: Examples) -> Dict[str, float]:
    """The trained assistant's intent predictions, fallback counted as a miss."""
    agent = Agent.load(str(model_path))
    predicted = [asyncio.run(agent.parse_message(text))["intent"]["name"] for text in test[0]]
    return scores(test[1], predicted)


ENCODER_STEPS = (
    "bot.nlu.sentence_encoder.SentenceEncoderFeaturizer",
    "bot.nlu.answer_classifier.AnswerClassifier",
    "bot.nlu.clarifying_fallback.ClarifyingFallbackClassifier",
)
# The pipeline before the sentence encoder, with Rasa's own classifiers, as the NLU stood on 2026-12-01.
CHAR_NGRAM_STEPS = [
    {"name": "CountVectorsFeaturizer", "analyzer": "char", "min_ngram": 1, "max_ngram": 3},
    {
        "name": "DIETClassifier",
        "epochs": 30,
        "number_of_transformer_layers": 0,
        "entity_recognition": False,
        "constrain_similarities": True,
        "random_seed": 42,
    },
    {
        "name": "ResponseSelector",
        "retrieval_intent": "faq",
        "epochs": 40,
        "hidden_layers_sizes": {"text": [], "label": []},
        "embedding_dimension": 64,
        "constrain_similarities": True,
        "random_seed": 42,
    },
    {"name": "FallbackClassifier", "threshold": 0.45, "ambiguity_threshold": 0.05},
]


def without_normaliser(pipeline: List[dict]) -> List[dict]:
    return [step for step in pipeline if step["name"] != "bot.nlu.normalizer.ChineseTextNormalizer"]


def char_ngrams_instead_of_encoder(pipeline: List[dict]) -> List[dict]:
    kept = [step for step in pipeline if step["name"] not in ENCODER_STEPS]
    return kept[:3] + CHAR_NGRAM_STEPS + kept[3:]


def without_nearest_example_vote(pipeline: List[dict]) -> List[dict]:
    return [
        {**step, "neighbour_weight": 0.0} if step["name"] == "bot.nlu.answer_classifier.AnswerClassifier" else step
        for step in pipeline
    ]


# Each ablation changes one choice of the pipeline, to show whether it earns its place.
ABLATIONS: Dict[str, Callable[[List[dict]], List[dict]]] = {
    "without text normaliser": without_normaliser,
    "without nearest-example vote": without_nearest_example_vote,
    "char n-grams + DIET instead of encoder": char_ngrams_instead_of_encoder,
}


def ablation(change: Callable[[List[dict]], List[dict]], test: Examples) -> Dict[str, float]:
    """Train the NLU pipeline with one choice changed; score it on the held-out sets and the real questions."""
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    config["pipeline"] = change(config["pipeline"])
    config.pop("policies")
    with tempfile.TemporaryDirectory() as out:
        config_path = Path(out) / "config.yml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True))
        subprocess.run(
            [
                str(ROOT / ".venv/rasa/bin/rasa"),
                "train",
                "nlu",
                "--config",
                str(config_path),
                "--out",
                out,
                "--fixed-model-name",
                "ablation",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        model = Path(out) / "ablation.tar.gz"
        return {**rasa_pipeline(model, test), "dev_topic_accuracy": dev_topic_accuracy(model)}


def dev_topic_accuracy(model: Path) -> Optional[float]:
    """Topic accuracy on the real-question dev set (None where the dev set is not beside the repository)."""
    if not DEV_SET.exists():
        return None
    questions = dev_questions(DEV_SET)
    agent = Agent.load(str(model))
    replies = [Reply(asyncio.run(agent.parse_message(q.text))) for q in questions]
    return real_report(replies, [r.top for r in replies], questions, answer_topics())["topic_accuracy"]


def main() -> None:
    """Print the comparison table and write it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models/claims.tar.gz")
    parser.add_argument("--skip-training", action="store_true", help="do not time a full training run")
    parser.add_argument(
        "--ablation", action="store_true", help="also train and score the pipeline with each choice changed"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "results/bench_nlu.json")
    args = parser.parse_args()

    train, test = examples(ROOT / "data/nlu"), examples(ROOT / "tests/nlu")
    report = {
        "test_utterances": len(test[0]),
        "baseline_tfidf_logreg": baseline(train, test),
        "rasa_pipeline": rasa_pipeline(args.model, test),
    }
    if not args.skip_training:
        report["rasa_full_training_seconds"] = training_seconds()
    if args.ablation:
        report["ablations"] = {name: ablation(change, test) for name, change in ABLATIONS.items()}

    print(f"\nNLU on {report['test_utterances']} held-out utterances")
    print(f"{'system':40} {'accuracy':>9} {'macro-F1':>9}")
    rows = {"rasa_pipeline": report["rasa_pipeline"], "baseline_tfidf_logreg": report["baseline_tfidf_logreg"]}
    rows.update(report.get("ablations", {}))
    for name, figures in rows.items():
        dev = figures.get("dev_topic_accuracy")
        print(
            f"{name:40} {figures['accuracy']:9.3f} {figures['macro_f1']:9.3f}"
            + (f"   real-question topic accuracy {dev:.3f}" if dev is not None else "")
        )
    if "rasa_full_training_seconds" in report:
        print(
            f"Rasa full training: {report['rasa_full_training_seconds']} s "
            f"(baseline: {report['baseline_tfidf_logreg']['training_seconds']} s)"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
