"""How well the assistant understands what real claimants write, beside a bag-of-characters baseline of the same run.

The dev set (../shared/eval/real_questions_dev.tsv, other people's words) is only measured, never trained on.
Its acceptable answers are our own labels (tests/eval/real_questions_answers.tsv, checked against the questions by
hash); which topic each answer serves is tests/eval/answer_topics.yml. The test set (tests/eval/real_questions_test.tsv,
other people's words with our labels inline) is measured the same way, and its errors are never studied. Our own sets
in tests/nlu/ (emergencies, openings, out of scope) are scored through the same trained model.
"""

import argparse
import asyncio
import csv
import hashlib
import json
import logging
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from bot.nlu.normalizer import normalize_text

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "real_questions_dev.tsv"
ANSWERS = ROOT / "tests" / "eval" / "real_questions_answers.tsv"
TEST_SET = ROOT / "tests" / "eval" / "real_questions_test.tsv"
TOPICS = ROOT / "tests" / "eval" / "answer_topics.yml"
# Our own sets and the answer each message must get.
OWN_SETS = {
    "emergencies": ("tests/nlu/emergency.yml", "emergency"),
    "openings": ("tests/nlu/openings.yml", None),
    "out of scope": ("tests/nlu/out_of_scope.yml", "out_of_scope"),
}
TARGETS = {
    "topic_accuracy": 0.90,
    "acceptable_rate": 0.85,
    "margin_over_baseline": 0.15,
    "emergencies": 1.0,
    "openings": 0.95,
    "out of scope": 0.90,
}
FALLBACK = "nlu_fallback"


class RealQuestion:
    """One real question with its topic, the other topics that serve it and our acceptable answers."""

    def __init__(self, row: int, text: str, topics: Set[str], acceptable: List[str]) -> None:
        self.row, self.text, self.topics, self.acceptable = row, text, topics, acceptable


def dev_questions(dev_path: Path) -> List[RealQuestion]:
    """The dev set joined with our labels; a label whose question changed is an error, not a silent mismatch."""
    with dev_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    with ANSWERS.open(encoding="utf-8") as handle:
        labels = {int(r["row"]): r for r in csv.DictReader(handle, delimiter="\t")}
    questions = []
    for number, row in enumerate(rows, start=1):
        label = labels[number]
        if hashlib.sha1(row["question"].encode("utf-8")).hexdigest()[:10] != label["question_sha1"]:
            raise SystemExit(f"{ANSWERS}: row {number} was labelled for another question")
        questions.append(RealQuestion(number, row["question"], serving_topics(row), label["acceptable"].split()))
    return questions


def held_out_questions(test_path: Path = TEST_SET) -> List[RealQuestion]:
    """The held-out test set, whose labels sit beside its questions."""
    with test_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        RealQuestion(number, row["question"], serving_topics(row), row["acceptable"].split())
        for number, row in enumerate(rows, start=1)
    ]


def serving_topics(row: Dict[str, str]) -> Set[str]:
    """A row's topic and the other topics (`also`, comma-separated) whose answer serves it too."""
    return {row["topic"], *filter(None, (row["also"] or "").split(","))}


def answer_topics() -> Dict[str, str]:
    """Which dev-set topic each answer key (intent or faq/<topic>) serves."""
    by_topic = yaml.safe_load(TOPICS.read_text(encoding="utf-8"))
    return {answer: topic for topic, answers in by_topic.items() for answer in answers}


def training_answers() -> Tuple[List[str], List[str]]:
    """The training texts and their answer keys (FAQ examples by topic)."""
    data = load_data(str(ROOT / "data" / "nlu"))
    examples = data.intent_examples
    return ([m.get("text") for m in examples], [m.get("intent_response_key") or m.get("intent") for m in examples])


def baseline(texts: List[str], answers: List[str]) -> "LogisticRegression":
    """Character n-gram TF-IDF and logistic regression on the same training data and the same answer keys."""
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
        LogisticRegression(max_iter=3000, C=10),
    )
    return model.fit([normalize_text(t) for t in texts], answers)


class Reply:
    """What the assistant does with a message: a direct answer, or a clarifying question with candidates."""

    def __init__(self, parse: dict) -> None:
        intent = parse["intent"]["name"]
        ranking = [a["name"] for a in parse.get("answer_ranking", [])]
        self.top = ranking[0] if ranking else intent
        self.intent = intent
        self.candidates = ranking[:3] if intent == FALLBACK else []
        self.answer: Optional[str] = None
        if intent == "faq":
            self.answer = parse["response_selector"]["faq"]["response"]["intent_response_key"]
        elif intent != FALLBACK:
            self.answer = intent


async def parse_all(agent: Agent, texts: List[str]) -> Tuple[List[dict], List[float]]:
    """Parse every text; the milliseconds each parse took."""
    parses, milliseconds = [], []
    for text in texts:
        started = time.perf_counter()
        parses.append(await agent.parse_message(text))
        milliseconds.append((time.perf_counter() - started) * 1000)
    return parses, milliseconds


def real_report(
    replies: List[Reply], baseline_answers: List[str], questions: List[RealQuestion], topic_of: Dict[str, str]
) -> dict:
    """Topic accuracy, acceptable-answer rates and confusions for the model and the baseline."""

    def topic_right(answer: Optional[str], question: RealQuestion) -> bool:
        return topic_of.get(answer or "", "none") in question.topics

    n = len(questions)
    direct_ok = [r.answer in q.acceptable for r, q in zip(replies, questions)]
    clarified_ok = [
        bool(r.candidates) and any(c in q.acceptable for c in r.candidates) for r, q in zip(replies, questions)
    ]
    confusions = Counter(
        (min(q.topics), topic_of.get(r.top, r.top)) for r, q in zip(replies, questions) if not topic_right(r.top, q)
    )
    wrong = [
        {
            "row": q.row,
            "topics": sorted(q.topics),
            "acceptable": q.acceptable,
            "top": r.top,
            "reply": r.answer or ("clarify: " + ", ".join(r.candidates)),
        }
        for r, q, direct, clarified in zip(replies, questions, direct_ok, clarified_ok)
        if not (direct or clarified)
    ]
    return {
        "questions": n,
        "topic_accuracy": round(sum(topic_right(r.top, q) for r, q in zip(replies, questions)) / n, 3),
        "acceptable_rate": round(sum(d or c for d, c in zip(direct_ok, clarified_ok)) / n, 3),
        "acceptable_direct": round(sum(direct_ok) / n, 3),
        "clarified": round(sum(bool(r.candidates) for r in replies) / n, 3),
        "confident_wrong": round(sum(r.answer is not None and not d for r, d in zip(replies, direct_ok)) / n, 3),
        "baseline_topic_accuracy": round(sum(topic_right(a, q) for a, q in zip(baseline_answers, questions)) / n, 3),
        "baseline_acceptable_rate": round(sum(a in q.acceptable for a, q in zip(baseline_answers, questions)) / n, 3),
        "worst_confusions": [{"topic": t, "routed_to": p, "count": c} for (t, p), c in confusions.most_common(8)],
        "not_served": wrong,
    }


def own_set_scores(agent: Agent) -> Dict[str, dict]:
    """The share of each of our own sets that gets the answer it must get."""
    scores = {}
    for name, (path, expected) in OWN_SETS.items():
        data = load_data(str(ROOT / path))
        texts = [m.get("text") for m in data.intent_examples]
        wanted = [expected or m.get("intent") for m in data.intent_examples]
        parses, _ = asyncio.run(parse_all(agent, texts))
        got = [p["intent"]["name"] for p in parses]
        misses = [(t, w, g) for t, w, g in zip(texts, wanted, got) if w != g]
        scores[name] = {
            "messages": len(texts),
            "right": round(1 - len(misses) / max(len(texts), 1), 3),
            "misses": misses[:10],
        }
    return scores


def encoder_cost(texts: List[str]) -> dict:
    """p50 milliseconds of the sentence encoder alone, uncached, over the given messages."""
    from bot.nlu.sentence_encoder import load_encoder

    encoder = load_encoder(threads=1)
    timings = []
    for text in texts:
        started = time.perf_counter()
        encoder.query(normalize_text(text))
        timings.append((time.perf_counter() - started) * 1000)
    return {"encoder_p50_ms": round(statistics.median(timings), 1)}


def verdicts(report: dict) -> List[Tuple[str, float, float, bool]]:
    """Each target beside its figure, for each real-question set measured."""
    rows = []
    for name in ("dev", "test"):
        if name not in report:
            continue
        figures = report[name]
        rows += [
            (f"{name} topic accuracy", figures["topic_accuracy"], TARGETS["topic_accuracy"]),
            (f"{name} acceptable-answer rate", figures["acceptable_rate"], TARGETS["acceptable_rate"]),
            (
                f"{name} topic accuracy over baseline",
                round(figures["topic_accuracy"] - figures["baseline_topic_accuracy"], 3),
                TARGETS["margin_over_baseline"],
            ),
        ]
    rows += [(f"own set: {name}", figures["right"], TARGETS[name]) for name, figures in report["own_sets"].items()]
    return [(name, figure, target, figure >= target) for name, figure, target in rows]


def print_real_set(title: str, figures: dict, show_misses: bool) -> None:
    """One real-question set's figures beside the baseline's."""
    print(f"\n{title} ({figures['questions']} questions)      model  baseline (char TF-IDF + LR)")
    print(
        f"  topic accuracy                      {figures['topic_accuracy']:.3f}  {figures['baseline_topic_accuracy']:.3f}"
    )
    print(
        f"  acceptable answer (incl. clarified) {figures['acceptable_rate']:.3f}  "
        f"{figures['baseline_acceptable_rate']:.3f}"
    )
    print(f"  acceptable direct answer            {figures['acceptable_direct']:.3f}")
    print(f"  clarifying question asked           {figures['clarified']:.3f}")
    print(f"  confident wrong answer              {figures['confident_wrong']:.3f}")
    if "worst_confusions" in figures:
        print(
            "  worst confusions (topic -> routed to): "
            + "; ".join(f"{c['topic']} -> {c['routed_to']} ×{c['count']}" for c in figures["worst_confusions"])
        )
    if show_misses:
        for miss in figures.get("not_served", []):
            print(f"    row {miss['row']:3}: {miss['reply']}  (acceptable: {' '.join(miss['acceptable'])})")


def main() -> int:
    """Print the figures, the baseline and the dev set's confusions; write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models/claims.tar.gz")
    parser.add_argument("--dev", type=Path, default=DEV_SET)
    parser.add_argument("--json", type=Path, default=ROOT / "results/eval_real.json")
    parser.add_argument("--show-misses", action="store_true", help="print every dev question not served")
    args = parser.parse_args()
    configure_structlog(logging.WARNING)
    real_sets = {"test": held_out_questions()}
    if args.dev.exists():
        real_sets = {"dev": dev_questions(args.dev), **real_sets}
    else:
        print(f"The real-question dev set is not at {args.dev}: only the test set is measured.")

    topic_of = answer_topics()
    texts, answers = training_answers()
    reference = baseline(texts, answers)
    agent = Agent.load(str(args.model))
    report, all_ms = {}, []
    for name, questions in real_sets.items():
        parses, parse_ms = asyncio.run(parse_all(agent, [q.text for q in questions]))
        all_ms += parse_ms
        report[name] = real_report(
            [Reply(p) for p in parses],
            list(reference.predict([normalize_text(q.text) for q in questions])),
            questions,
            topic_of,
        )
    # The test set's errors are never studied, so that its figure stays a figure on unseen questions.
    for key in ("worst_confusions", "not_served"):
        report["test"].pop(key)
    report["own_sets"] = own_set_scores(agent)
    every_text = [q.text for questions in real_sets.values() for q in questions]
    report["speed"] = {**encoder_cost(every_text), "parse_p50_ms": round(statistics.median(all_ms), 1)}

    if "dev" in report:
        print_real_set(f"Real questions, dev set {args.dev.name}", report["dev"], args.show_misses)
    print_real_set(f"Real questions, held-out test set {TEST_SET.name}", report["test"], False)
    for name, figures in report["own_sets"].items():
        print(f"Own set {name:14} {figures['right']:.3f} of {figures['messages']}")
        if args.show_misses:
            for text, wanted, got in figures["misses"]:
                print(f"    {wanted} -> {got}: {text}")
    speed = report["speed"]
    print(
        f"Sentence encoder p50 {speed['encoder_p50_ms']} ms per message (target ≤ 20); whole parse p50 "
        f"{speed['parse_p50_ms']} ms"
    )
    for name, figure, target, ok in verdicts(report):
        print(f"{'PASS' if ok else 'MISS'} {name}: {figure:.3f} (target ≥ {target:.2f})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
