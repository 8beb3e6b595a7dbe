"""NLU benchmark: the Rasa pipeline against a plain TF-IDF baseline on the held-out sets, plus training time."""

import argparse
import asyncio
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline

from scripts.bench_system import training_seconds

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


def _without(component: str, **config: object) -> Callable[[dict], bool]:
    return lambda step: step["name"] == component and all(step.get(k) == v for k, v in config.items())


# Each ablation drops one pipeline step, to show whether it earns its place.
ABLATIONS: Dict[str, Callable[[dict], bool]] = {
    "without text normaliser": _without("bot.nlu.normalizer.ChineseTextNormalizer"),
    "without char n-grams": _without("CountVectorsFeaturizer", analyzer="char"),
    "without word counts": lambda step: step["name"] == "CountVectorsFeaturizer" and "analyzer" not in step,
}


def ablation(drop: Callable[[dict], bool], test: Examples) -> Dict[str, float]:
    """Train the NLU pipeline without one step (and without the FAQ selector) and score it."""
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    config["pipeline"] = [s for s in config["pipeline"] if not drop(s) and not s["name"].endswith("ResponseSelector")]
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
        return rasa_pipeline(Path(out) / "ablation.tar.gz", test)


def main() -> None:
    """Print the comparison table and write it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models/claims.tar.gz")
    parser.add_argument("--skip-training", action="store_true", help="do not time a full training run")
    parser.add_argument("--ablation", action="store_true", help="also train and score the pipeline minus each step")
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
        report["ablations"] = {name: ablation(drop, test) for name, drop in ABLATIONS.items()}

    print(f"\nNLU on {report['test_utterances']} held-out utterances")
    print(f"{'system':28} {'accuracy':>9} {'macro-F1':>9}")
    rows = {"rasa_pipeline": report["rasa_pipeline"], "baseline_tfidf_logreg": report["baseline_tfidf_logreg"]}
    rows.update(report.get("ablations", {}))
    for name, figures in rows.items():
        print(f"{name:28} {figures['accuracy']:9.3f} {figures['macro_f1']:9.3f}")
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
